//! The byte strings that are signed (a manifest, a segment's chain head) and their strict
//! Ed25519 check, in one place so that the writer and the verifier cannot disagree on a
//! domain prefix.

use super::{HEAD_DOMAIN, MANIFEST_DOMAIN};
use crate::codec::unhex32;

/// The message a device signs for a chain head.
#[must_use]
pub fn head_message(device: &str, seq: u64, hash: &str) -> Vec<u8> {
    let mut m = HEAD_DOMAIN.to_vec();
    m.extend_from_slice(device.as_bytes());
    m.push(b'\n');
    m.extend_from_slice(seq.to_string().as_bytes());
    m.push(b'\n');
    m.extend_from_slice(hash.as_bytes());
    m
}

/// The message the exporter signs for a manifest.
#[must_use]
pub fn manifest_message(manifest_bytes: &[u8]) -> Vec<u8> {
    let mut m = MANIFEST_DOMAIN.to_vec();
    m.extend_from_slice(manifest_bytes);
    m
}

/// Strict Ed25519 verification by a hex public key.
#[must_use]
pub fn verify_sig(device_hex: &str, msg: &[u8], sig: &[u8]) -> bool {
    let Some(pk) = unhex32(device_hex) else {
        return false;
    };
    let Ok(vk) = ed25519_dalek::VerifyingKey::from_bytes(&pk) else {
        return false;
    };
    let Ok(sig) = ed25519_dalek::Signature::from_slice(sig) else {
        return false;
    };
    vk.verify_strict(msg, &sig).is_ok()
}
