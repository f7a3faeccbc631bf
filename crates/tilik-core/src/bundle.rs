//! Bundle container, format v1: the byte layout, the signed manifest, and a streaming
//! verifier that never allocates more than the hard [`Limits`] allow.
//!
//! Pure: no files, no store. Callers hand in a [`Read`](std::io::Read) (a plain file, or
//! the plaintext stream of an age envelope) and a [`Sink`] that receives what was read.
//! See `docs/bundle-format.md` for the byte-by-byte specification.
//!
//! ```text
//! container = magic "TILIKBDL" ‖ u8 major (1) ‖ u8 minor (0) ‖ section* ‖ END
//! section   = u8 kind ‖ u64 LE len ‖ len bytes
//! order     = MANIFEST, MANIFEST_SIG, OPS × segments, BLOB × included blobs,
//!             INSTRUMENT × embedded instruments, END
//! END       = 32 bytes: blake3 of every byte before the END section's kind byte
//! ```
//!
//! Authenticity: the manifest is signed by the exporter (`MANIFEST_SIG`, Ed25519 over
//! `"tilik-bundle-v1-manifest\n" ‖ manifest bytes`); every other section is bound by its
//! blake3 in the manifest. Each op segment is additionally signed by the device that wrote
//! it: ops are hash-chained (`prev`), and the segment carries that device's signature over
//! its chain head (`"tilik-head-v1\n" ‖ device ‖ "\n" ‖ seq ‖ "\n" ‖ op_hash`), so a
//! consolidated store can relay other devices' segments with their original signatures.
//!
//! Its parts, each re-exported here (callers name every item `bundle::X`): `fault` (why a
//! bundle cannot be used), `manifest` (what a bundle says it carries, and the checks of
//! its consistency), `signing` (the signed messages), `write` (the writer and in-memory
//! encoders) and `verify` (the streaming verifier).

mod fault;
#[cfg(test)]
mod fixtures;
mod manifest;
mod signing;
mod strict;
mod verify;
mod write;

pub use fault::Fault;
pub use manifest::{
    AssessmentSummary, BlobEntry, DeviceEntry, Exporter, FormatVersion, InstrumentEntry, Manifest,
    SegmentEntry, parse_manifest,
};
pub use signing::{head_message, manifest_message, verify_sig};
pub use verify::{Discard, Sink, Verified, fuzz_container, read_container};
pub use write::{
    ContainerWriter, Parts, encode, encode_raw, ops_record, ops_section, reseal, split_sections,
};

/// First 8 bytes of every plain container.
pub const MAGIC: &[u8; 8] = b"TILIKBDL";
/// Major format version this program reads and writes. Unknown majors are refused.
pub const MAJOR: u8 = 1;
/// Minor format version this program writes. Newer minors of the same major are read
/// (unknown manifest fields and optional sections are ignored).
pub const MINOR: u8 = 0;
/// `format` field of the manifest.
pub const FORMAT: &str = "tilik-bundle";
/// Domain prefix of the manifest signature.
pub const MANIFEST_DOMAIN: &[u8] = b"tilik-bundle-v1-manifest\n";
/// Domain prefix of a segment head signature.
pub const HEAD_DOMAIN: &[u8] = b"tilik-head-v1\n";
/// First bytes of an age v1 file (the encrypted envelope).
pub const AGE_MAGIC: &[u8] = b"age-encryption.org/";

/// Section kinds.
pub mod kind {
    pub const MANIFEST: u8 = 0x01;
    pub const MANIFEST_SIG: u8 = 0x02;
    pub const OPS: u8 = 0x10;
    pub const BLOB: u8 = 0x20;
    pub const INSTRUMENT: u8 = 0x30;
    pub const END: u8 = 0xFF;
    /// Kinds `0x80..=0xFE` are optional: readers that do not know them skip them.
    pub const OPTIONAL_FIRST: u8 = 0x80;
}

/// Hard limits enforced while parsing, so absurd lengths never allocate.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_manifest: u64,
    /// Largest OPS section (it is streamed op by op, never held whole).
    pub max_ops_section: u64,
    /// Largest single op record inside an OPS section.
    pub max_op: u32,
    pub max_blob: u64,
    pub max_instrument: u64,
    /// Largest optional (skipped) section.
    pub max_optional: u64,
    /// Most sections in one container.
    pub max_sections: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_manifest: 64 << 20,
            max_ops_section: 4 << 30,
            max_op: 1 << 20,
            max_blob: 256 << 20,
            max_instrument: 16 << 20,
            max_optional: 16 << 20,
            max_sections: 4_000_000,
        }
    }
}

/// The first 8 characters of a device id, as messages name it.
fn short(device: &str) -> &str {
    device.get(..8).unwrap_or(device)
}
