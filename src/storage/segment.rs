//! How ops lie in the `ops` tree (schema 2): one sled value holds a **segment**, a run of
//! consecutive ops of one device, keyed by `device ‖ first seq`.
//!
//! sled 0.34 costs about 10 µs per inserted key even in a batch (research/crates.md §3), so
//! an import that wrote one key per op could never keep pace with a plain B-tree load:
//! imported ops are written in segments of up to [`SEG_MAX`] ops (one key per segment),
//! while an answer saved on this device stays one small value (a segment of one op).
//!
//! Value encoding:
//! - a segment of one op is the op's bytes as they were hashed (JSON, first byte `{`): this
//!   is also exactly the schema-1 layout, so schema-1 stores need no conversion;
//! - a longer segment is `0x01 ‖ count (u32 LE) ‖ count × (len (u32 LE) ‖ op bytes)`.
//!
//! The per-assessment index (`idx`) keys `assessment ‖ 0x00 ‖ device ‖ first seq` (the
//! segment's key) with the sequence numbers of that assessment's ops in the segment as
//! u64 BE; an empty value means the segment's first op alone (again the schema-1 form).

/// Tag byte of a multi-op segment (an op's JSON never starts with it).
pub const SEG_TAG: u8 = 0x01;

/// Most ops in one segment: bounds what one lookup decodes (about 60 KB of JSON).
pub const SEG_MAX: usize = 128;

/// Encode ops (consecutive sequence numbers of one device) as one segment value.
#[must_use]
pub fn encode(ops: &[&[u8]]) -> Vec<u8> {
    if let [one] = ops {
        return one.to_vec();
    }
    let size = 5 + ops.iter().map(|o| o.len() + 4).sum::<usize>();
    let mut v = Vec::with_capacity(size);
    v.push(SEG_TAG);
    v.extend_from_slice(&len32(ops.len()).to_le_bytes());
    for o in ops {
        v.extend_from_slice(&len32(o.len()).to_le_bytes());
        v.extend_from_slice(o);
    }
    v
}

fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn u32_at(v: &[u8], at: usize) -> Option<usize> {
    let b: [u8; 4] = v.get(at..at + 4)?.try_into().ok()?;
    usize::try_from(u32::from_le_bytes(b)).ok()
}

/// Number of ops in a segment value (0 for an empty value).
#[must_use]
pub fn count(v: &[u8]) -> u64 {
    match v.first() {
        None => 0,
        Some(&SEG_TAG) => u32_at(v, 1).map_or(0, |n| n as u64),
        Some(_) => 1,
    }
}

/// The ops of a segment, in order; `None` if the value is malformed.
#[must_use]
pub fn split(v: &[u8]) -> Option<Vec<&[u8]>> {
    match v.first() {
        None => Some(Vec::new()),
        Some(&SEG_TAG) => {
            let n = u32_at(v, 1)?;
            let mut out = Vec::with_capacity(n.min(SEG_MAX * 8));
            let mut at = 5;
            for _ in 0..n {
                let len = u32_at(v, at)?;
                at += 4;
                out.push(v.get(at..at.checked_add(len)?)?);
                at += len;
            }
            (at == v.len()).then_some(out)
        }
        Some(_) => Some(vec![v]),
    }
}

/// The `i`-th op of a segment (0-based); `None` if absent or malformed.
#[must_use]
pub fn nth(v: &[u8], i: u64) -> Option<&[u8]> {
    match v.first() {
        None => None,
        Some(&SEG_TAG) => {
            let n = u32_at(v, 1)? as u64;
            if i >= n {
                return None;
            }
            let mut at: usize = 5;
            for _ in 0..i {
                at = at.checked_add(4 + u32_at(v, at)?)?;
            }
            let len = u32_at(v, at)?;
            v.get(at + 4..(at + 4).checked_add(len)?)
        }
        Some(_) => (i == 0).then_some(v),
    }
}

/// Sequence numbers listed by an index value (`first` alone when empty).
#[must_use]
pub fn index_seqs(first: u64, v: &[u8]) -> Vec<u64> {
    if v.is_empty() {
        return vec![first];
    }
    v.chunks_exact(8)
        .filter_map(|c| c.try_into().ok().map(u64::from_be_bytes))
        .collect()
}

/// Index value for `seqs` of a segment starting at `first`.
#[must_use]
pub fn index_value(first: u64, seqs: &[u64]) -> Vec<u8> {
    if seqs == [first] {
        return Vec::new();
    }
    seqs.iter().flat_map(|s| s.to_be_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_op_is_its_own_bytes_and_many_round_trip() {
        let a: &[u8] = br#"{"v":1}"#;
        assert_eq!(encode(&[a]), a.to_vec());
        assert_eq!(count(a), 1);
        assert_eq!(split(a), Some(vec![a]));
        assert_eq!(nth(a, 0), Some(a));
        assert_eq!(nth(a, 1), None);
        let ops: Vec<Vec<u8>> = (0..5)
            .map(|i| format!("{{\"n\":{i}}}").into_bytes())
            .collect();
        let refs: Vec<&[u8]> = ops.iter().map(Vec::as_slice).collect();
        let v = encode(&refs);
        assert_eq!(count(&v), 5);
        assert_eq!(split(&v), Some(refs.clone()));
        for (i, o) in refs.iter().enumerate() {
            assert_eq!(nth(&v, i as u64), Some(*o));
        }
        assert_eq!(nth(&v, 5), None);
    }

    #[test]
    fn malformed_segments_are_none_never_a_panic() {
        let ops: Vec<&[u8]> = vec![b"{}", b"{\"a\":1}"];
        let v = encode(&ops);
        for cut in 0..v.len() {
            let short = &v[..cut];
            let _ = count(short);
            assert!(cut == 0 || split(short).is_none(), "cut {cut}");
            for i in 0..3 {
                let _ = nth(short, i);
            }
        }
        let mut huge = v.clone();
        huge[1..5].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(split(&huge).is_none());
        assert!(nth(&huge, 3).is_none());
    }

    #[test]
    fn index_values() {
        assert!(index_value(7, &[7]).is_empty());
        assert_eq!(index_seqs(7, &[]), vec![7]);
        let v = index_value(7, &[8, 10]);
        assert_eq!(index_seqs(7, &v), vec![8, 10]);
    }
}
