//! Generate a national-scale set of signed assessor bundles for the import benchmark
//! (`scripts/bench_import.sh`), plus the same answers as CSV for the sqlite3 baseline.
//!
//! Usage: `bundle_bench_gen OUT_DIR [DEVICES] [ASSESSMENTS_PER_DEVICE] [OPS_PER_ASSESSMENT]`
//! (defaults 100 × 20 × 150 = 300,000 ops). Writes `OUT_DIR/bundles/*.tilik`,
//! `OUT_DIR/answers.csv` and `OUT_DIR/keys.txt` (one public key per line, to trust).

use std::io::Write;
use std::path::PathBuf;

use ed25519_dalek::{Signer, SigningKey};
use tilik::core::bundle::{self as cb, Exporter, InstrumentEntry, Manifest, Parts, SegmentEntry};
use tilik::core::codec::hex;
use tilik::core::op::{AnswerValue, OP_VERSION, Op, OpBody, OpRef, op_hash};

fn arg(n: usize, default: u64) -> u64 {
    std::env::args()
        .nth(n)
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn main() -> std::io::Result<()> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "bench-data".into()),
    );
    let devices = arg(2, 100);
    let per_device = arg(3, 20);
    let per_assessment = arg(4, 150);
    std::fs::create_dir_all(out.join("bundles"))?;
    let (cat, _) = tilik::assets::catalog(None);
    let inst = cat
        .get("opini-2024")
        .ok_or_else(|| std::io::Error::other("no opini-2024"))?;
    let iref = inst.reference().map_err(std::io::Error::other)?;
    let inst_bytes = serde_json::to_vec(inst).map_err(std::io::Error::other)?;
    let indicators: Vec<String> = inst.indicators().map(|p| p.indicator.id.clone()).collect();
    let mut csv = std::io::BufWriter::new(std::fs::File::create(out.join("answers.csv"))?);
    let mut keys = std::fs::File::create(out.join("keys.txt"))?;
    let t0: i64 = 1_717_200_000_000;
    let mut total = 0u64;
    for d in 0..devices {
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&d.to_le_bytes());
        seed[31] = 0x5A;
        let sk = SigningKey::from_bytes(&seed);
        let dev = hex(sk.verifying_key().as_bytes());
        writeln!(keys, "{dev}")?;
        let mut ops: Vec<(Vec<u8>, String)> = Vec::new();
        let push = |body: OpBody, ops: &mut Vec<(Vec<u8>, String)>| {
            let seq = ops.len() as u64 + 1;
            let wall = t0 + i64::try_from(seq).unwrap_or(0) * 1000;
            let op = Op {
                v: OP_VERSION,
                device: dev.clone(),
                seq,
                prev: ops.last().map(|(_, h)| h.clone()),
                hlc: (u64::try_from(wall).unwrap_or(0) << 16) + seq,
                wall_ms: wall,
                undo_of: None,
                body,
            };
            let bytes = op.encode().map_err(std::io::Error::other)?;
            let h = op_hash(&bytes);
            ops.push((bytes, h));
            Ok::<_, std::io::Error>(seq)
        };
        for a in 0..per_device {
            let aid = format!("bench-{d:04}-{a:03}");
            push(
                OpBody::CreateAssessment {
                    assessment: aid.clone(),
                    round: 2024,
                    pemda: format!("{:02}.{:02}", 11 + d % 80, a % 99),
                    pemda_name: format!("Kabupaten Uji {d}"),
                    lokus: "puskesmas".into(),
                    lokus_name: Some(format!("Puskesmas {a}")),
                    family: "opini".into(),
                    instrument: iref.clone(),
                },
                &mut ops,
            )?;
            let mut last: std::collections::BTreeMap<usize, u64> = Default::default();
            for k in 0..per_assessment.saturating_sub(1) {
                let i = usize::try_from(k).unwrap_or(0) % indicators.len();
                let v = u8::try_from((k * 7 + d) % 4).unwrap_or(0);
                let sup: Vec<OpRef> = last
                    .get(&i)
                    .map(|s| OpRef {
                        device: dev.clone(),
                        seq: *s,
                    })
                    .into_iter()
                    .collect();
                let seq = push(
                    OpBody::SetAnswer {
                        assessment: aid.clone(),
                        indicator: indicators[i].clone(),
                        value: AnswerValue::Score(v),
                        old: None,
                        supersedes: sup,
                        instrument: iref.clone(),
                    },
                    &mut ops,
                )?;
                last.insert(i, seq);
                writeln!(
                    csv,
                    "{dev},{seq},{aid},{},{v},{}",
                    indicators[i],
                    t0 + i64::try_from(seq).unwrap_or(0) * 1000
                )?;
            }
        }
        let n = ops.len() as u64;
        total += n;
        let section = cb::ops_section(ops.iter().map(|(b, _)| b.as_slice()));
        let head = ops.last().map(|(_, h)| h.clone()).unwrap_or_default();
        let manifest = Manifest {
            segments: vec![SegmentEntry {
                device: dev.clone(),
                first_seq: 1,
                last_seq: n,
                count: n,
                prev: None,
                head_sig: hex(&sk.sign(&cb::head_message(&dev, n, &head)).to_bytes()),
                head_hash: head,
                section_hash: blake3::hash(&section).to_hex().to_string(),
                section_len: section.len() as u64,
            }],
            instruments: vec![InstrumentEntry {
                id: iref.id.clone(),
                version: iref.version.clone(),
                hash: iref.hash.clone(),
                embedded: true,
                size: inst_bytes.len() as u64,
            }],
            ..Manifest::new(
                format!("bench-{d}"),
                t0,
                env!("CARGO_PKG_VERSION"),
                Exporter {
                    device: dev.clone(),
                    name: format!("Penilai {d}"),
                    role: "assessor".into(),
                    office: None,
                },
            )
        };
        let parts = Parts {
            manifest,
            ops: vec![section],
            blobs: vec![],
            instruments: vec![inst_bytes.clone()],
        };
        let bytes =
            cb::encode(&parts, &|m| sk.sign(m).to_bytes()).map_err(std::io::Error::other)?;
        std::fs::write(
            out.join("bundles").join(format!("penilai-{d:04}.tilik")),
            bytes,
        )?;
    }
    csv.flush()?;
    println!(
        "{devices} bundles, {total} ops ({} answers in answers.csv) in {}",
        total - devices * per_device,
        out.display()
    );
    Ok(())
}
