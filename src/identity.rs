//! The device identity: an Ed25519 key made at first run, the person it belongs to, and
//! the fingerprint people read to each other over the phone.

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::core::codec::{base32, hex, unhex, unhex32};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Assessor,
    Supervisor,
}

impl Role {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Assessor => "assessor",
            Role::Supervisor => "supervisor",
        }
    }
}

/// Who uses this device. The secret key never leaves the store except in a backup.
#[derive(Clone, Serialize, Deserialize)]
pub struct Identity {
    pub name: String,
    #[serde(default)]
    pub nip: Option<String>,
    #[serde(default)]
    pub office: Option<String>,
    pub role: Role,
    /// Hex of the Ed25519 public key: the device id.
    pub device: String,
    /// Hex of the Ed25519 secret key.
    secret: String,
    pub created_ms: i64,
    /// Earlier device keys of this store (rotated after a copy or restore).
    #[serde(default)]
    pub retired: Vec<String>,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("name", &self.name)
            .field("role", &self.role)
            .field("device", &self.device)
            .finish_non_exhaustive()
    }
}

/// An NIP (Nomor Induk Pegawai) as typed: exactly 18 digits once spaces, dots and dashes
/// people write between its groups are taken out (`19870101 201001 2 001`).
///
/// # Errors
/// `BadNip` with the number of digits found, when it is not 18 digits.
pub fn normalize_nip(raw: &str) -> Result<String> {
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    if digits.len() == 18 && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(Error::BadNip {
            typed: raw.trim().to_string(),
            digits: digits.chars().filter(char::is_ascii_digit).count(),
        })
    }
}

/// 32 random bytes from the OS.
///
/// # Errors
/// When the OS has no randomness to give.
pub fn random32() -> Result<[u8; 32]> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|e| Error::Io {
        context: "random key".into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(b)
}

impl Identity {
    /// A new identity with a fresh key.
    ///
    /// # Errors
    /// Empty name, or no randomness.
    pub fn generate(
        name: &str,
        nip: Option<String>,
        office: Option<String>,
        role: Role,
        now_ms: i64,
    ) -> Result<Identity> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::EmptyName);
        }
        let nip = match nip.filter(|s| !s.trim().is_empty()) {
            Some(n) => Some(normalize_nip(&n)?),
            None => None,
        };
        let sk = SigningKey::from_bytes(&random32()?);
        Ok(Identity {
            name: name.to_string(),
            nip,
            office: office.filter(|s| !s.trim().is_empty()),
            role,
            device: hex(sk.verifying_key().as_bytes()),
            secret: hex(&sk.to_bytes()),
            created_ms: now_ms,
            retired: Vec::new(),
        })
    }

    /// Replace the device key (the store was copied or restored): old ops stay valid under
    /// the old key; new ops start a new chain, so no fork can come from the copy.
    ///
    /// # Errors
    /// No randomness.
    pub fn rotate(&mut self) -> Result<()> {
        let sk = SigningKey::from_bytes(&random32()?);
        self.retired.push(std::mem::replace(
            &mut self.device,
            hex(sk.verifying_key().as_bytes()),
        ));
        self.secret = hex(&sk.to_bytes());
        Ok(())
    }

    fn signing_key(&self) -> Option<SigningKey> {
        let b = unhex(&self.secret)?;
        let arr: [u8; 32] = b.try_into().ok()?;
        Some(SigningKey::from_bytes(&arr))
    }

    /// Sign a message with the device key (domain separation is the caller's prefix).
    #[must_use]
    pub fn sign(&self, msg: &[u8]) -> Option<[u8; 64]> {
        self.signing_key().map(|k| k.sign(msg).to_bytes())
    }

    /// The 32 secret bytes (for deriving other keys, e.g. the age identity).
    #[must_use]
    pub fn secret_bytes(&self) -> Option<[u8; 32]> {
        self.signing_key().map(|k| k.to_bytes())
    }

    #[must_use]
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.device)
    }
}

/// Verify an Ed25519 signature by a hex public key (strict: rejects weak keys).
#[must_use]
pub fn verify(device_hex: &str, msg: &[u8], sig: &[u8]) -> bool {
    let Some(pk) = unhex32(device_hex) else {
        return false;
    };
    let Ok(vk) = VerifyingKey::from_bytes(&pk) else {
        return false;
    };
    let Ok(sig) = ed25519_dalek::Signature::from_slice(sig) else {
        return false;
    };
    vk.verify_strict(msg, &sig).is_ok()
}

/// Grouped base32 of blake3(public key)[..10]: `7K3Q-M2XA-…` (16 characters).
#[must_use]
pub fn fingerprint(device_hex: &str) -> String {
    let bytes = unhex(device_hex).unwrap_or_default();
    let h = blake3::hash(&bytes);
    let s = base32(&h.as_bytes()[..10]).to_uppercase();
    s.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).to_string())
        .collect::<Vec<_>>()
        .join("-")
}

/// The first group pair of a fingerprint: `7K3Q-M2XA`.
#[must_use]
pub fn short_fingerprint(device_hex: &str) -> String {
    fingerprint(device_hex).chars().take(9).collect()
}

/// The device id (64 hex digits, any case, surrounding blanks ignored) of a valid Ed25519
/// public key, lower-cased; `None` when `key` is not one.
#[must_use]
pub fn parse_public_key(key: &str) -> Option<String> {
    let key = key.trim().to_lowercase();
    let ok = key.len() == 64
        && unhex32(&key).is_some_and(|b| ed25519_dalek::VerifyingKey::from_bytes(&b).is_ok());
    ok.then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_nip_is_eighteen_digits_with_or_without_group_spaces() {
        assert_eq!(
            normalize_nip("198701012010012001").ok().as_deref(),
            Some("198701012010012001")
        );
        assert_eq!(
            normalize_nip(" 19870101 201001 2 001 ").ok().as_deref(),
            Some("198701012010012001")
        );
        assert!(matches!(
            normalize_nip("12345"),
            Err(Error::BadNip { digits: 5, .. })
        ));
        assert!(matches!(
            normalize_nip("1987010120100120011"),
            Err(Error::BadNip { digits: 19, .. })
        ));
        assert!(matches!(
            normalize_nip("19870101201001200x"),
            Err(Error::BadNip { digits: 17, .. })
        ));
        assert!(matches!(
            Identity::generate("Rina", Some("12345".into()), None, Role::Assessor, 0),
            Err(Error::BadNip { .. })
        ));
    }

    #[test]
    fn sign_and_verify() {
        let id = Identity::generate("Rina", None, None, Role::Assessor, 0).expect("id");
        let sig = id.sign(b"hello").expect("sig");
        assert!(verify(&id.device, b"hello", &sig));
        assert!(!verify(&id.device, b"hellO", &sig));
        assert_eq!(id.fingerprint().len(), 19);
        assert_eq!(short_fingerprint(&id.device).len(), 9);
    }

    #[test]
    fn fingerprint_test_vector_of_the_format_document() {
        // docs/bundle-format.md §1.2: blake3 of the 32 key bytes, first 10, base32.
        let zero = "00".repeat(32);
        assert_eq!(fingerprint(&zero), "FLNI-HQMB-TJJX-FWXB");
        assert_eq!(short_fingerprint(&zero), "FLNI-HQMB");
    }

    #[test]
    fn rotation_makes_a_new_device() {
        let mut id = Identity::generate("Rina", None, None, Role::Assessor, 0).expect("id");
        let old = id.device.clone();
        id.rotate().expect("rotate");
        assert_ne!(old, id.device);
        assert_eq!(id.retired, vec![old]);
    }

    #[test]
    fn empty_name_is_refused() {
        assert!(matches!(
            Identity::generate("  ", None, None, Role::Assessor, 0),
            Err(Error::EmptyName)
        ));
    }
}
