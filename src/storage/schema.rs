//! The store's layout version (`meta/schema_version`) and the ordered upgrades that bring
//! an older store to it. Never edit a shipped upgrade; append.

use super::backend::{Backend, Keys, Order, Tree};
use super::{OP_COUNT, Store, json, segment};
use crate::error::{Error, Result};

/// Schema version this program writes.
pub const SCHEMA_VERSION: u32 = 7;

/// `meta` key of the schema version (decimal text, not JSON).
const KEY: &str = "schema_version";

/// Ordered upgrades: `UPGRADES[n]` moves a store from version `n` to `n + 1`.
const UPGRADES: &[fn(&Store) -> Result<()>] = &[
    upgrade_0_to_1,
    upgrade_1_to_2,
    upgrade_2_to_3,
    upgrade_3_to_4,
    upgrade_4_to_5,
    upgrade_5_to_6,
    upgrade_6_to_7,
];

fn upgrade_0_to_1(_s: &Store) -> Result<()> {
    // Version 0 is an empty store: nothing to convert.
    Ok(())
}

/// Schema 2 stores imported ops in multi-op segments (see [`segment`]); schema 1's one op
/// per key is a valid schema-2 store of one-op segments, so only the op count is added.
/// (A schema-1 program must not open a schema-2 store: it would misread segments.)
fn upgrade_1_to_2(s: &Store) -> Result<()> {
    let mut n: u64 = 0;
    for kv in s.kv.scan(Tree::Ops, Keys::All, Order::Forward)? {
        n += segment::count(&kv?.1);
    }
    s.put(Tree::Meta, OP_COUNT, json(&n)?)
}

/// Schema 3 keeps evidence outside sled (`evidence`): every blob moves to its file under
/// `<store>/evidence/`, and the `blobs` tree keeps only the index (size, source bundle).
fn upgrade_2_to_3(s: &Store) -> Result<()> {
    s.move_blobs_out()
}

/// Schema 4 keeps each assessment's brief beside its projection (`storage::brief`): the
/// brief of every stored projection is written. (A schema-3 program must not open a
/// schema-4 store: it would change projections and leave their briefs behind.)
fn upgrade_3_to_4(s: &Store) -> Result<()> {
    s.build_briefs()
}

/// Schema 5 seals each brief with the hash of its projection's bytes (`storage::brief`),
/// so opening after an unclean close can check every projection without decoding it: every
/// brief is written again, sealed. (A schema-4 program must not open a schema-5 store: it
/// cannot read a sealed brief.)
fn upgrade_4_to_5(s: &Store) -> Result<()> {
    s.build_briefs()
}

/// Schema 6 keeps each assessment's list line beside its brief (`storage::line`): every
/// brief gets a stale line, made again at the next list. (A schema-5 program must not open
/// a schema-6 store: it would change briefs and leave their lines as they were.)
fn upgrade_5_to_6(s: &Store) -> Result<()> {
    s.stale_lines()
}

/// Schema 7 stores projections packed (`storage::packed`: each 64-hex string once). Nothing
/// is rewritten: a plain JSON projection is still read, and is packed when next written.
/// (A schema-6 program must not open a schema-7 store: it cannot read a packed projection.)
fn upgrade_6_to_7(_s: &Store) -> Result<()> {
    Ok(())
}

/// Schema version recorded in `kv` (0 for a new store).
fn stored(kv: &dyn Backend) -> Result<u32> {
    Ok(kv
        .get(Tree::Meta, KEY.as_bytes())?
        .and_then(|v| std::str::from_utf8(&v).ok()?.parse::<u32>().ok())
        .unwrap_or(0))
}

/// Refuse a store written by a newer program (checked before anything else is opened).
pub(super) fn refuse_newer(kv: &dyn Backend) -> Result<()> {
    let found = stored(kv)?;
    if found > SCHEMA_VERSION {
        return Err(Error::StoreTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

impl Store {
    /// Schema version found in the store (0 for a new store).
    ///
    /// # Errors
    /// Storage failure.
    pub fn schema_version(&self) -> Result<u32> {
        stored(&self.kv)
    }

    /// Whether the store records a schema version at all (a store sled opened empty does
    /// not).
    pub(super) fn has_schema(&self) -> Result<bool> {
        self.kv.contains(Tree::Meta, KEY.as_bytes())
    }

    /// Run the upgrades from the stored version to [`SCHEMA_VERSION`], recording each.
    pub(super) fn upgrade(&self) -> Result<()> {
        refuse_newer(&self.kv)?;
        let found = self.schema_version()?;
        for v in found..SCHEMA_VERSION {
            if let Some(f) = usize::try_from(v).ok().and_then(|i| UPGRADES.get(i)) {
                f(self)?;
            }
            self.put(Tree::Meta, KEY, (v + 1).to_string())?;
        }
        if found < SCHEMA_VERSION {
            self.sync()?;
        }
        Ok(())
    }
}
