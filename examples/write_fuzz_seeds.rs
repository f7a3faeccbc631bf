//! Writes the hand-made seeds of the container fuzz corpus (`fuzz/corpus/container/`):
//! a valid small bundle and a dozen deliberately broken ones (truncated, flipped, a newer
//! major, absurd lengths, many sections, a too-long op record, unknown kind, non-JSON
//! manifest, an age header alone). `tests/bundle_fuzz_corpus.rs` replays the folder.
//!
//! Usage: `cargo run --example write_fuzz_seeds` (overwrites the seeds of the same names;
//! the `fuzz-*` inputs cargo-fuzz found are left alone).

#[path = "../tests/support/mod.rs"]
#[allow(unused_imports)]
mod support;

use std::path::Path;

use support::*;
use tilik::core::bundle::{self as cb, kind};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/container");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let k = Key::new(42);
    let mut c = Chain::new(&k);
    c.create("a1");
    c.answer("a1", "P.1", 3, &[]);
    c.push(attach_body("a1", "P.1", b"jpeg", "f.jpg"));
    let good = Builder::new(&k).whole(&c).blob(b"jpeg", true).build();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("w");
    write("valid-small.tilik", &good);
    write("empty", b"");
    write("magic-only", cb::MAGIC);
    write("truncated-half", &good[..good.len() / 2]);
    write("truncated-end", &good[..good.len() - 1]);
    let mut flipped = good.clone();
    flipped[good.len() / 3] ^= 0x04;
    write("bit-flip", &flipped);
    let mut v2 = good.clone();
    v2[8] = 2;
    write("major-2", &v2);
    let mut huge = cb::MAGIC.to_vec();
    huge.extend_from_slice(&[1, 0, kind::MANIFEST]);
    huge.extend_from_slice(&u64::MAX.to_le_bytes());
    write("huge-manifest-len", &huge);
    let secs = cb::split_sections(&good).expect("sections");
    let mut w = cb::ContainerWriter::new(Vec::new()).expect("w");
    w.section(kind::MANIFEST, &secs[0].1).expect("s");
    w.section(kind::MANIFEST_SIG, &secs[1].1).expect("s");
    for _ in 0..500 {
        w.section(0x99, b"").expect("s");
    }
    let (many, _) = w.finish().expect("f");
    write("many-sections", &many);
    let mut bad_op = cb::MAGIC.to_vec();
    bad_op.extend_from_slice(&[1, 0]);
    for (k, body) in &secs[..2] {
        bad_op.push(*k);
        bad_op.extend_from_slice(&(body.len() as u64).to_le_bytes());
        bad_op.extend_from_slice(body);
    }
    bad_op.push(kind::OPS);
    bad_op.extend_from_slice(&8u64.to_le_bytes());
    bad_op.extend_from_slice(&u32::MAX.to_le_bytes());
    bad_op.extend_from_slice(b"{}{}");
    write(
        "op-record-too-long",
        &cb::reseal(&[bad_op.clone(), vec![0; 41]].concat()),
    );
    write("unknown-kind", &{
        let mut x = cb::MAGIC.to_vec();
        x.extend_from_slice(&[1, 0, 0x42]);
        x.extend_from_slice(&3u64.to_le_bytes());
        x.extend_from_slice(b"abc");
        x
    });
    write("not-json-manifest", &{
        let mut w = cb::ContainerWriter::new(Vec::new()).expect("w");
        w.section(kind::MANIFEST, b"\xff\xfe not json").expect("s");
        w.finish().expect("f").0
    });
    write("age-header-only", b"age-encryption.org/v1\n-> X25519 abc\n");
    println!("wrote the seeds to {}", dir.display());
}
