//! `tilik store rebuild [--check]`.

use crate::cli::args::StoreCmd;
use crate::cli::output::out;
use crate::error::Result;
use crate::i18n::Lang;
use crate::present::cli::store as text;
use crate::workspace::Workspace;

/// `store rebuild`: compare the live projection with a rebuild from the op log (and,
/// without `--check`, replace what differs). Exit 1 when the index is incomplete or
/// `--check` finds a difference.
pub fn run(ws: &Workspace, cmd: &StoreCmd, lang: Lang) -> Result<i32> {
    let StoreCmd::Rebuild { check } = cmd;
    let c = ws.rebuild_check(!*check)?;
    if c.indexed != c.ops {
        out(&text::index_incomplete(&c, lang));
        return Ok(1);
    }
    if c.differ.is_empty() {
        out(&text::equal(&c, lang));
        Ok(0)
    } else if *check {
        out(&text::differs(&c.differ, lang));
        Ok(1)
    } else {
        out(&text::replaced(&c.differ, lang));
        Ok(0)
    }
}
