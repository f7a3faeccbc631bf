//! The one place where bytes become text and back: lower-case hex (device ids, keys,
//! signatures, store keys) and RFC 4648 base32 (assessment ids, fingerprints, bundle
//! codes). Hashes printed by `blake3` keep their own `to_hex`, which is the same lower-case
//! hex.
//!
//! What [`unhex`] accepts is kept exactly as before the codecs were gathered here (upper
//! case too, see its doc); whether to narrow it is a separate decision.

/// Lower-case hex of `bytes`, two digits per byte.
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    let mut v = Vec::with_capacity(bytes.len() * 2);
    hex_into(bytes, &mut v);
    // Only ASCII digits were written.
    String::from_utf8(v).unwrap_or_default()
}

/// [`hex`] of `bytes` appended to `out` (no allocation of its own).
pub fn hex_into(bytes: &[u8], out: &mut Vec<u8>) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.reserve(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)]);
        out.push(DIGITS[usize::from(b & 15)]);
    }
}

/// The bytes of a hex string, `None` when it is not one.
///
/// Each pair of characters is read with `u8::from_str_radix(pair, 16)`, so both cases are
/// accepted, and (a quirk of that function, kept as it was) a pair `+d` with a leading
/// plus sign reads as the digit `d`. An odd length, a non-hex character or a multi-byte
/// character gives `None`.
#[must_use]
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// [`unhex`] of exactly 32 bytes (an Ed25519 public key, a blake3 hash).
#[must_use]
pub fn unhex32(s: &str) -> Option<[u8; 32]> {
    unhex(s)?.try_into().ok()
}

/// Whether `s` is exactly 64 lower-case hex digits, the form in which device ids and
/// hashes are written (stricter than [`unhex32`], which also takes upper case).
#[must_use]
pub fn is_lower_hex64(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// RFC 4648 base32 without padding, lower case.
#[must_use]
pub fn base32(bytes: &[u8]) -> String {
    const ALPHA: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut out = String::new();
    let mut buf: u32 = 0;
    let mut bits = 0;
    for &b in bytes {
        buf = (buf << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHA[((buf >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHA[((buf << (5 - bits)) & 31) as usize]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let b: Vec<u8> = (0..=255).collect();
        let h = hex(&b);
        assert_eq!(&h[..8], "00010203");
        assert_eq!(&h[h.len() - 4..], "feff");
        assert_eq!(unhex(&h), Some(b));
        assert_eq!(hex(&[]), "");
        assert_eq!(unhex(""), Some(vec![]));
    }

    #[test]
    fn unhex_accepts_what_it_always_did() {
        assert_eq!(unhex("ABcd"), Some(vec![0xab, 0xcd]));
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("zz"), None);
        assert_eq!(unhex("é0"), None);
        assert_eq!(unhex32(&"ab".repeat(32)), Some([0xab; 32]));
        assert_eq!(unhex32(&"ab".repeat(31)), None);
    }

    #[test]
    fn lower_hex64() {
        assert!(is_lower_hex64(&"0f".repeat(32)));
        assert!(!is_lower_hex64(&"0F".repeat(32)));
        assert!(!is_lower_hex64(&"0f".repeat(31)));
        assert!(!is_lower_hex64(&"0g".repeat(32)));
    }

    #[test]
    fn base32_rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "my"),
            ("fo", "mzxq"),
            ("foo", "mzxw6"),
            ("foob", "mzxw6yq"),
            ("fooba", "mzxw6ytb"),
            ("foobar", "mzxw6ytboi"),
        ];
        for (input, want) in cases {
            assert_eq!(base32(input.as_bytes()), want, "{input}");
        }
    }
}
