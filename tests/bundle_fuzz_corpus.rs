//! Replays the fuzz corpus of the container parser (`fuzz/corpus/container/`) through the
//! same entry point the cargo-fuzz target uses, and through the full verifier: every
//! input ends in a verdict, never a panic, in bounded time.
//!
//! The seeds are written by `write_fuzz_seeds` (ignored; run with
//! `TILIK_WRITE_SEEDS=1 cargo test --test bundle_fuzz_corpus -- --ignored`); inputs that
//! cargo-fuzz finds interesting can be added to the folder as they are.

mod support;

use std::path::{Path, PathBuf};

use support::*;
use tilik::core::bundle::{self as cb, Discard, kind};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/container")
}

#[test]
fn replay_fuzz_corpus() {
    let mut n = 0;
    let started = std::time::Instant::now();
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("fuzz/corpus/container")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for f in files {
        let data = std::fs::read(&f).expect("read");
        cb::fuzz_container(&data);
        let r = tilik::bundle::verify_bytes(&data, None, &mut Discard);
        // Only the one well-formed seed may verify.
        if let Ok(v) = &r
            && v.fault().is_none()
        {
            assert!(
                f.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("valid")),
                "{} verified",
                f.display()
            );
        }
        n += 1;
    }
    assert!(n >= 10, "only {n} corpus files");
    assert!(started.elapsed().as_secs() < 30);
}

#[test]
#[ignore = "writes fuzz/corpus/container"]
fn write_fuzz_seeds() {
    if std::env::var("TILIK_WRITE_SEEDS").as_deref() != Ok("1") {
        return;
    }
    let dir = corpus();
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
}
