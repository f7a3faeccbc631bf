//! Fixtures shared by the bundle's unit tests: signing keys, a signed op chain, and a
//! small signed container built from them.

use ed25519_dalek::{Signer, SigningKey};

use super::{
    Exporter, FORMAT, FormatVersion, MAJOR, MINOR, Manifest, Parts, SegmentEntry, encode,
    head_message, ops_section,
};
use crate::op::{OP_VERSION, Op, OpBody, Status, op_hash};

/// A signing key made of one repeated byte, and its device id (the hex public key).
pub(super) fn key(b: u8) -> (SigningKey, String) {
    let sk = SigningKey::from_bytes(&[b; 32]);
    let dev = crate::codec::hex(sk.verifying_key().as_bytes());
    (sk, dev)
}

/// `n` ops of `dev`, hash-chained from seq 1: `(bytes, hash)` each.
fn chain(dev: &str, n: u64) -> Vec<(Vec<u8>, String)> {
    let mut out: Vec<(Vec<u8>, String)> = Vec::new();
    for seq in 1..=n {
        let op = Op {
            v: OP_VERSION,
            device: dev.to_string(),
            seq,
            prev: out.last().map(|(_, h)| h.clone()),
            hlc: seq,
            wall_ms: 1_700_000_000_000,
            undo_of: None,
            body: OpBody::SetStatus {
                assessment: "a".into(),
                status: Status::Draft,
            },
        };
        let b = op.encode().expect("encode");
        let h = op_hash(&b);
        out.push((b, h));
    }
    out
}

/// A plain container with one segment of three ops by `key(7)`, and that key.
pub(super) fn sample() -> (Vec<u8>, SigningKey) {
    let (sk, dev) = key(7);
    let ops = chain(&dev, 3);
    let section = ops_section(ops.iter().map(|(b, _)| b.as_slice()));
    let head = ops.last().map(|(_, h)| h.clone()).unwrap_or_default();
    let head_sig = sk.sign(&head_message(&dev, 3, &head)).to_bytes();
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FormatVersion {
            major: MAJOR,
            minor: MINOR,
        },
        bundle_id: "b".into(),
        created_ms: 0,
        app_version: "t".into(),
        exporter: Exporter {
            device: dev.clone(),
            name: "R".into(),
            role: "assessor".into(),
            office: None,
        },
        recipients: vec![],
        since: None,
        previous_bundles: vec![],
        segments: vec![SegmentEntry {
            device: dev.clone(),
            first_seq: 1,
            last_seq: 3,
            count: 3,
            prev: None,
            head_hash: head,
            head_sig: crate::codec::hex(&head_sig),
            section_hash: blake3::hash(&section).to_hex().to_string(),
            section_len: section.len() as u64,
        }],
        blobs: vec![],
        instruments: vec![],
        devices: vec![],
        summary: vec![],
    };
    let parts = Parts {
        manifest,
        ops: vec![section],
        blobs: vec![],
        instruments: vec![],
    };
    let sk2 = sk.clone();
    (
        encode(&parts, &move |m| sk2.sign(m).to_bytes()).expect("encode"),
        sk,
    )
}
