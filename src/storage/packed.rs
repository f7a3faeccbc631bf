//! Projection bytes as stored in the `assess` tree (schema 7).
//!
//! A projection's JSON names devices and hashes by 64 hex digits, again in every answer
//! head, every `latest` map and every respondent's answer: on a national year with 30
//! service users per lokus they are about three quarters of its ~72 KB. sled keeps up to
//! 16 values in one leaf and rewrites and re-reads whole leaves, so that size is what an
//! import of such a year spends its time on (`BENCHMARKS.md`, "Projections packed").
//!
//! Packed, a projection is `0x02 ‖ n (u16 LE) ‖ n × 32 bytes ‖ body`: the `n` distinct
//! 64-hex JSON strings it holds, as bytes, then its JSON with each `"<64 lowercase hex>"`
//! replaced by `0x01 ‖ index (u16 LE)`, and each of the [`WORDS`] (the field names that
//! repeat in every slot and respondent, with their punctuation) by one byte `0x03 + its
//! place in the list`. serde_json never writes a byte below `0x20` (a control character
//! is always escaped in a string, and none occurs outside one), so the replacements are
//! exact and reversible byte for byte, whatever the JSON around them says: [`unpack`]
//! gives back the very bytes [`pack`] was given. The list is part of the format: a new
//! list needs a new first byte. A value that starts with `{` is plain JSON (schema 6 and
//! before) and is read as it is.

use std::borrow::Cow;
use std::collections::HashMap;

use super::{corrupt, json};
use crate::core::assessment::AssessmentState;
use crate::core::codec;
use crate::error::Result;

/// First byte of a packed projection (a JSON one starts with `{`).
const PACKED: u8 = 0x02;
/// Stands for one table entry in the body.
const TOKEN: u8 = 0x01;
/// Hex digits of a device key or a blake3 hash.
const HEX: usize = 64;
/// Entries a table can hold (indices are two bytes).
const MAX_TABLE: usize = u16::MAX as usize;
/// Code of the first of [`WORDS`].
const WORD: u8 = 0x03;
/// Byte strings stored as one byte (`WORD + index`), each tried at a `"` in this order
/// (a longer one before its own prefix). 29 of them: codes `0x03..=0x1f`.
const WORDS: [&[u8]; 29] = [
    br#""superseded":[],"latest":{"#,
    br#""superseded":["#,
    br#""latest":{"#,
    br#""device":"#,
    br#""hlc":"#,
    br#""seq":"#,
    br#""op":{"#,
    br#""value":"#,
    br#""heads":["#,
    br#""resolution":null"#,
    br#""resolution":"#,
    br#""attached":[]"#,
    br#""attached":["#,
    br#""detached":[]"#,
    br#""detached":["#,
    br#""wall_ms":"#,
    br#""service":null"#,
    br#""contact":null"#,
    br#""role":null"#,
    br#""removed":[]"#,
    br#""answers":{"#,
    br#""notes":{}"#,
    br#""flags":{}"#,
    br#""proof":[]"#,
    br#""channel":"#,
    br#""survey":"#,
    br#""tidak""#,
    br#""ya""#,
    br#""tidak_tahu""#,
];

/// The stored bytes of `st`.
///
/// # Errors
/// A state that cannot be encoded.
pub(super) fn encode(st: &AssessmentState) -> Result<Vec<u8>> {
    Ok(pack(&json(st)?))
}

/// The projection stored as `v` (packed or plain JSON).
///
/// # Errors
/// Bytes that are not a projection.
pub(super) fn decode(v: &[u8]) -> Result<AssessmentState> {
    serde_json::from_slice(&unpack(v)?).map_err(|e| corrupt("assessment", e))
}

/// `json` packed (see the module). Bytes with nothing to replace, or holding a byte
/// below `0x20` (serde_json never writes one), are kept as they are.
pub(super) fn pack(json: &[u8]) -> Vec<u8> {
    if json.iter().any(|b| *b < 0x20) {
        return json.to_vec();
    }
    let mut table: Vec<[u8; 32]> = Vec::new();
    let mut index: HashMap<[u8; 32], u16> = HashMap::new();
    let mut body: Vec<u8> = Vec::with_capacity(json.len() / 2);
    let (mut i, mut from) = (0, 0);
    let mut replaced = false;
    while i < json.len() {
        if json[i] != b'"' {
            i += 1;
            continue;
        }
        let rest = &json[i..];
        if let Some(at) = hex_at(rest).and_then(|bytes| entry(&mut table, &mut index, bytes)) {
            body.extend_from_slice(&json[from..i]);
            body.push(TOKEN);
            body.extend_from_slice(&at.to_le_bytes());
            i += HEX + 2;
        } else if let Some(k) = word_at(rest) {
            body.extend_from_slice(&json[from..i]);
            body.push(WORD + u8::try_from(k).unwrap_or(0));
            i += WORDS[k].len();
        } else {
            i += 1;
            continue;
        }
        from = i;
        replaced = true;
    }
    if !replaced {
        return json.to_vec();
    }
    body.extend_from_slice(&json[from..]);
    let mut v = Vec::with_capacity(3 + 32 * table.len() + body.len());
    v.push(PACKED);
    v.extend_from_slice(&u16::try_from(table.len()).unwrap_or(u16::MAX).to_le_bytes());
    for t in &table {
        v.extend_from_slice(t);
    }
    v.extend(body);
    v
}

/// For each byte, the [`WORDS`] whose second byte it is (bit `k` for `WORDS[k]`).
const BY_SECOND: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut k = 0;
    while k < WORDS.len() {
        t[WORDS[k][1] as usize] |= 1 << k;
        k += 1;
    }
    t
};

/// The first of [`WORDS`] that `s` starts with.
fn word_at(s: &[u8]) -> Option<usize> {
    let mut m = s.get(1).map_or(0, |b| BY_SECOND[usize::from(*b)]);
    while m != 0 {
        let k = m.trailing_zeros() as usize;
        if s.starts_with(WORDS[k]) {
            return Some(k);
        }
        m &= m - 1;
    }
    None
}

/// The bytes of the 64-hex JSON string that `s` starts with (at its opening quote).
fn hex_at(s: &[u8]) -> Option<[u8; 32]> {
    if s.len() < HEX + 2 || s[HEX + 1] != b'"' {
        return None;
    }
    std::str::from_utf8(&s[1..=HEX])
        .ok()
        .filter(|h| codec::is_lower_hex64(h))
        .and_then(codec::unhex32)
}

/// The table index of `bytes`, added when new (`None` when the table is full).
fn entry(
    table: &mut Vec<[u8; 32]>,
    index: &mut HashMap<[u8; 32], u16>,
    bytes: [u8; 32],
) -> Option<u16> {
    if let Some(at) = index.get(&bytes) {
        return Some(*at);
    }
    if table.len() >= MAX_TABLE {
        return None;
    }
    let at = u16::try_from(table.len()).ok()?;
    index.insert(bytes, at);
    table.push(bytes);
    Some(at)
}

/// The JSON bytes of a stored projection: `v` itself when it is plain JSON.
///
/// # Errors
/// A packed value cut short or naming an entry its table lacks.
pub(super) fn unpack(v: &[u8]) -> Result<Cow<'_, [u8]>> {
    if v.first() != Some(&PACKED) {
        return Ok(Cow::Borrowed(v));
    }
    let bad = |what: &str| corrupt("assessment", format!("packed projection: {what}"));
    let n = match v.get(1..3) {
        Some(n) => usize::from(u16::from_le_bytes([n[0], n[1]])),
        None => return Err(bad("no table")),
    };
    let table = v.get(3..3 + 32 * n).ok_or_else(|| bad("table cut short"))?;
    let body = &v[3 + 32 * n..];
    let mut out: Vec<u8> = Vec::with_capacity(body.len() * 3);
    let mut rest = body;
    while let Some(at) = rest.iter().position(|b| *b < 0x20) {
        out.extend_from_slice(&rest[..at]);
        let code = rest[at];
        if code != TOKEN {
            let w = code
                .checked_sub(WORD)
                .and_then(|k| WORDS.get(usize::from(k)))
                .ok_or_else(|| bad("unknown code"))?;
            out.extend_from_slice(w);
            rest = &rest[at + 1..];
            continue;
        }
        let i = match rest.get(at + 1..at + 3) {
            Some(i) => usize::from(u16::from_le_bytes([i[0], i[1]])),
            None => return Err(bad("entry cut short")),
        };
        let bytes = table
            .get(32 * i..32 * i + 32)
            .ok_or_else(|| bad("entry outside the table"))?;
        out.push(b'"');
        codec::hex_into(bytes, &mut out);
        out.push(b'"');
        rest = &rest[at + 3..];
    }
    out.extend_from_slice(rest);
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DEV_A: &str = "e7c98062b269d19e4138676a15a441bce3464448c2be592947b85dde0649cbdc";
    const DEV_B: &str = "7723c677e4417ac4100d459a337b0d1c9c8a2ec051f0ef6a5860fcdb658423c6";

    #[test]
    fn repeated_hex_strings_are_stored_once_and_come_back_exactly() {
        let json = format!(
            r#"{{"a":{{"{DEV_A}":1,"{DEV_B}":2}},"h":[{{"device":"{DEV_A}"}},{{"device":"{DEV_A}"}}],"x":"{DEV_B}"}}"#
        );
        let packed = pack(json.as_bytes());
        assert_eq!(packed[0], PACKED);
        assert_eq!(&packed[1..3], &2u16.to_le_bytes(), "two distinct entries");
        assert!(
            packed.len() < json.len() / 2,
            "{} of {}",
            packed.len(),
            json.len()
        );
        assert_eq!(unpack(&packed).expect("unpack").as_ref(), json.as_bytes());
    }

    #[test]
    fn every_word_has_a_code_below_0x20_and_comes_before_its_own_prefixes() {
        assert_eq!(usize::from(WORD) + WORDS.len() - 1, 0x1f);
        for (i, long) in WORDS.iter().enumerate() {
            assert_eq!(long[0], b'"', "tried at a quote");
            for short in &WORDS[..i] {
                assert!(
                    !long.starts_with(short),
                    "{:?} after its prefix",
                    String::from_utf8_lossy(long)
                );
            }
        }
    }

    #[test]
    fn what_is_not_exactly_64_lowercase_hex_in_quotes_is_left_alone() {
        for s in [
            // 63 and 65 digits, upper case, a non-digit, no closing quote.
            format!(r#"["{}"]"#, &DEV_A[..63]),
            format!(r#"["{DEV_A}0"]"#),
            format!(r#"["{}"]"#, DEV_A.to_uppercase()),
            format!(r#"["{}g"]"#, &DEV_A[..63]),
            format!(r#"["{DEV_A}"#),
            String::from("{}"),
            String::new(),
        ] {
            let packed = pack(s.as_bytes());
            assert_eq!(packed, s.as_bytes(), "{s}");
            assert_eq!(unpack(&packed).expect("unpack").as_ref(), s.as_bytes());
        }
    }

    #[test]
    fn a_note_that_is_a_hash_or_holds_a_control_character_survives() {
        let mut st = AssessmentState::new("n");
        st.devices.insert(DEV_A.to_string());
        st.devices.insert(format!("\u{1}{DEV_B}\"{DEV_A}"));
        st.devices.insert(format!("\\\"{DEV_B}\""));
        let v = encode(&st).expect("encode");
        assert_eq!(decode(&v).expect("decode"), st);
        // A plain JSON projection (schema 6) is read as it is.
        assert_eq!(decode(&json(&st).expect("json")).expect("plain"), st);
    }

    #[test]
    fn damage_is_an_error_not_a_panic() {
        let json = format!(r#"{{"d":"{DEV_A}","e":"{DEV_B}"}}"#);
        let packed = pack(json.as_bytes());
        for cut in 0..packed.len() {
            let _ = unpack(&packed[..cut]);
            let _ = decode(&packed[..cut]);
        }
        // An index past the table.
        let mut wrong = packed.clone();
        let body = 3 + 2 * 32;
        let at = body
            + wrong[body..]
                .iter()
                .position(|b| *b == TOKEN)
                .expect("a token");
        wrong[at + 1] = 9;
        assert!(unpack(&wrong).is_err());
        assert!(unpack(&[PACKED]).is_err());
        // A control byte that is no code.
        assert!(unpack(&[PACKED, 0, 0, b'{', 0x02, b'}']).is_err());
        assert!(unpack(&[PACKED, 0, 0, b'{', 0x00, b'}']).is_err());
        assert!(unpack(&[PACKED, 1, 0, 7]).is_err());
    }

    fn piece() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            // Bytes of any kind but those below 0x20 (serde_json never writes one).
            proptest::collection::vec(0x20u8..=0xff, 0..8),
            proptest::sample::select(WORDS.to_vec()).prop_map(<[u8]>::to_vec),
            Just(format!("\"{DEV_A}\"").into_bytes()),
            Just(format!("\"{DEV_B}\"").into_bytes()),
            Just(format!("\"{DEV_A}").into_bytes()),
            Just(b"\"".to_vec()),
            "[0-9a-f]{60,66}".prop_map(|s| format!("\"{s}\"").into_bytes()),
        ]
    }

    proptest! {
        #[test]
        fn unpack_gives_back_what_pack_was_given(parts in proptest::collection::vec(piece(), 0..40)) {
            let input: Vec<u8> = parts.concat();
            let packed = pack(&input);
            prop_assert!(packed.len() <= input.len() + 3 + 32);
            let back = unpack(&packed).expect("unpack");
            prop_assert_eq!(back.as_ref(), &input[..]);
        }

        #[test]
        fn arbitrary_bytes_never_panic(v in proptest::collection::vec(any::<u8>(), 0..200)) {
            let mut v = v;
            if let Some(b) = v.first_mut() { *b = PACKED; }
            let _ = unpack(&v);
            let _ = decode(&v);
        }
    }
}
