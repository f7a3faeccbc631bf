//! The check table of `docs/bundle-format.md` §8, walked: for every row, a correctly
//! signed bundle (by a trusted key, unless the row is about the signer) that breaks
//! exactly that check, and the verdict tilik gives it, in `bundle inspect` and in
//! `import`: the row's reason code and stage, and nothing changes in the store.
//!
//! The table is read from the document itself, so the document and the code cannot drift
//! apart: a row without a bundle here fails, and so does a bundle here without a row.

mod support;

use std::collections::BTreeSet;

use serde_json::{Value, json};
use support::*;
use tilik::bundle::encrypt_bytes;
use tilik::core::bundle::{self as cb, DeviceEntry, InstrumentEntry, kind};
use tilik::core::codec::hex;
use tilik::identity::Role;
use tilik::workspace::bundles::Verdict;

/// One row of the table.
#[derive(Debug)]
struct Row {
    id: String,
    stage: u8,
    reason: String,
    verdict: String,
}

/// The rows between the `spec-table` markers of the format document.
fn table() -> Vec<Row> {
    let doc = include_str!("../docs/bundle-format.md");
    let start = doc
        .find("<!-- spec-table:begin -->")
        .expect("table start marker");
    let end = doc
        .find("<!-- spec-table:end -->")
        .expect("table end marker");
    let mut rows = Vec::new();
    for line in doc[start..end].lines() {
        let cells: Vec<String> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().trim_matches('`').to_string())
            .collect();
        if cells.len() < 5 || cells[0] == "id" || cells[0].starts_with("---") {
            continue;
        }
        rows.push(Row {
            id: cells[0].clone(),
            stage: cells[1]
                .parse()
                .unwrap_or_else(|_| panic!("stage of {line}")),
            reason: cells[2].clone(),
            verdict: cells[3].clone(),
        });
    }
    rows
}

/// The importing supervisor, the trusted assessor key and its chain (a create and two
/// answers).
struct World {
    s: Node,
    k: Key,
    chain: Chain,
}

fn world() -> World {
    let s = Node::new("Sari", Role::Supervisor);
    let k = Key::new(1);
    s.trust_key(&k, Role::Assessor);
    let mut chain = Chain::new(&k);
    chain.create(A1);
    chain.answer(A1, "P.1", 3, &[]);
    chain.answer(A1, "P.2", 2, &[]);
    World { s, k, chain }
}

/// A good bundle of the whole chain.
fn good(w: &World) -> Builder {
    Builder::new(&w.k).whole(&w.chain)
}

/// A good bundle whose manifest JSON is edited by `f`, then signed as it is.
fn edited(w: &World, f: impl FnOnce(&mut Value)) -> Vec<u8> {
    let b = good(w);
    let mut v = b.manifest_value();
    f(&mut v);
    b.build_value(&v)
}

/// A good bundle's manifest bytes edited as text, signed as they are.
fn edited_text(w: &World, f: impl FnOnce(String) -> String) -> Vec<u8> {
    let b = good(w);
    let text = String::from_utf8(b.manifest.encode().expect("encode")).expect("utf8");
    let bytes = f(text).into_bytes();
    b.build_raw(&bytes, cb::MAJOR, cb::MINOR)
}

/// A bundle of the chain whose last op's stored bytes are edited as text (the chain, the
/// head hash and the head signature are made to fit, so only the op itself is wrong).
fn op_edited(w: &World, f: impl FnOnce(String) -> String) -> Vec<u8> {
    let mut c = Chain::new(&w.k);
    c.create(A1);
    let next = c.next_bytes(answer_body(
        A1,
        "P.1",
        tilik::core::op::AnswerValue::Score(3),
        &[],
        iref(),
    ));
    let text = f(String::from_utf8(next).expect("utf8"));
    c.push_bytes(text.into_bytes());
    Builder::new(&w.k).whole(&c).build()
}

/// Sections of a good bundle, rebuilt by `f` into a container with a correct END hash.
fn resectioned(w: &World, f: impl FnOnce(&mut Vec<(u8, Vec<u8>)>)) -> Vec<u8> {
    let b = good(w).build();
    let mut secs = cb::split_sections(&b).expect("sections");
    secs.pop(); // END
    f(&mut secs);
    let mut wr = cb::ContainerWriter::new(Vec::new()).expect("writer");
    for (k, body) in &secs {
        wr.section(*k, body).expect("section");
    }
    wr.finish().expect("finish").0
}

/// Upper-case the hex string at `path` of the manifest JSON.
fn upper(v: &mut Value, path: &[&str]) {
    let mut at = v;
    for p in path {
        at = match p.parse::<usize>() {
            Ok(i) => &mut at[i],
            Err(_) => &mut at[*p],
        };
    }
    let s = at.as_str().expect("hex string").to_uppercase();
    *at = Value::from(s);
}

/// The position just after the age header's MAC line.
fn age_header_end(enc: &[u8]) -> usize {
    let at = enc
        .windows(5)
        .position(|w| w == b"\n--- ")
        .expect("mac line");
    at + 1 + enc[at + 1..].iter().position(|b| *b == b'\n').expect("eol") + 1
}

/// Encrypted to the importer.
fn sealed(w: &World, plain: &[u8]) -> Vec<u8> {
    let me = w.s.ws.age_identity().expect("age").to_public();
    encrypt_bytes(plain, &[me]).expect("encrypt")
}

/// A good bundle carrying one evidence file of `n` bytes (to have several age chunks).
fn with_blob(w: &World, n: usize) -> Vec<u8> {
    let bytes: Vec<u8> = (0..n).map(|i| (i * 7 % 251) as u8).collect();
    good(w).blob(&bytes, true).build()
}

/// The bundle that breaks exactly the check `id`.
#[allow(clippy::too_many_lines)]
fn craft(w: &World, id: &str) -> Option<Vec<u8>> {
    const AGE_CHUNK: usize = 64 * 1024 + 16;
    let other = Key::new(9);
    Some(match id {
        // ---- stage 2: envelope
        "envelope_unknown" => {
            let mut b = good(w).build();
            b[..8].copy_from_slice(b"TILIKBDX");
            b
        }
        "age_prefix_cut" => b"age-encr".to_vec(),
        "age_wrong_recipient" => {
            let them = tilik::bundle::new_age_identity().to_public();
            encrypt_bytes(&good(w).build(), &[them]).expect("encrypt")
        }
        "age_header_cut" => {
            let enc = sealed(w, &good(w).build());
            let end = age_header_end(&enc);
            enc[..end - 10].to_vec()
        }
        "age_nonce_cut" => {
            let enc = sealed(w, &good(w).build());
            enc[..age_header_end(&enc) + 8].to_vec()
        }
        "age_header_damaged" => {
            let mut enc = sealed(w, &good(w).build());
            let end = age_header_end(&enc);
            // A character of the header MAC (base64) changed.
            let at = end - 5;
            enc[at] = if enc[at] == b'A' { b'B' } else { b'A' };
            enc
        }
        "age_not_v1" => {
            let mut enc = sealed(w, &good(w).build());
            enc[19..21].copy_from_slice(b"v2");
            enc
        }
        // ---- stage 3: age payload
        "age_payload_cut_at_chunk" => {
            let enc = sealed(w, &with_blob(w, 100_000));
            enc[..age_header_end(&enc) + 16 + AGE_CHUNK].to_vec()
        }
        "age_payload_cut_in_chunk" => {
            let enc = sealed(w, &good(w).build());
            enc[..enc.len() - 20].to_vec()
        }
        "age_payload_tampered" => {
            let mut enc = sealed(w, &good(w).build());
            let at = age_header_end(&enc) + 16 + 40;
            enc[at] ^= 0x01;
            enc
        }
        // ---- stage 4: container
        "empty_file" => Vec::new(),
        "magic_prefix" => b"TILIKB".to_vec(),
        "container_cut" => {
            let b = good(w).build();
            b[..b.len() - 1].to_vec()
        }
        "unsupported_major" => {
            let b = good(w);
            let m = b.manifest.encode().expect("encode");
            b.build_raw(&m, 2, 0)
        }
        "end_hash" => {
            let mut b = good(w).build();
            let last = b.len() - 1;
            b[last] ^= 0x01;
            b
        }
        "bytes_after_end" => {
            let mut b = good(w).build();
            b.push(0);
            b
        }
        "unknown_section_kind" => resectioned(w, |s| s.push((0x40, b"x".to_vec()))),
        "section_over_limit" => {
            let b = good(w).build();
            let secs = cb::split_sections(&b).expect("sections");
            let mut x = b[..10].to_vec();
            for (k, body) in &secs[..2] {
                x.push(*k);
                x.extend_from_slice(&(body.len() as u64).to_le_bytes());
                x.extend_from_slice(body);
            }
            x.push(0x99);
            x.extend_from_slice(&(17u64 << 20).to_le_bytes());
            x
        }
        "first_not_manifest" => resectioned(w, |s| s.swap(0, 1)),
        "signature_section" => resectioned(w, |s| {
            s[1].1.pop();
        }),
        "manifest_syntax" => edited_text(w, |t| format!("{},}}", &t[..t.len() - 1])),
        "manifest_bom" => edited_text(w, |t| format!("\u{feff}{t}")),
        "manifest_duplicate_key" => edited_text(w, |t| {
            t.replacen(
                "{\"format\":",
                "{\"app_version\":\"x\",\"app_version\":\"y\",\"format\":",
                1,
            )
        }),
        "manifest_nan" => edited_text(w, |t| {
            t.replacen(&format!("\"created_ms\":{T0}"), "\"created_ms\":NaN", 1)
        }),
        "manifest_fraction" => edited_text(w, |t| {
            t.replacen(
                &format!("\"created_ms\":{T0}"),
                &format!("\"created_ms\":{T0}.0"),
                1,
            )
        }),
        "manifest_missing_field" => edited(w, |v| {
            v.as_object_mut().expect("object").remove("segments");
        }),
        "manifest_wrong_type" => edited(w, |v| v["created_ms"] = json!("kemarin")),
        "manifest_array_for_object" => edited(w, |v| {
            let e = v["exporter"].clone();
            v["exporter"] = json!([e["device"], e["name"], e["role"]]);
        }),
        "manifest_not_object" => edited_text(w, |t| format!("[{t}]")),
        "manifest_format" => edited(w, |v| v["format"] = json!("tilik-bundel")),
        "manifest_version" => edited(w, |v| v["format_version"]["major"] = json!(2)),
        "hex_exporter_device" => {
            // Signed by the key the upper-case id names: only the case is wrong.
            edited(w, |v| upper(v, &["exporter", "device"]))
        }
        "hex_segment_device" => edited(w, |v| upper(v, &["segments", "0", "device"])),
        "hex_segment_prev" => {
            let b = Builder::new(&w.k).segment(&w.chain, 2, 3);
            let mut v = b.manifest_value();
            upper(&mut v, &["segments", "0", "prev"]);
            b.build_value(&v)
        }
        "hex_head_hash" => edited(w, |v| upper(v, &["segments", "0", "head_hash"])),
        "hex_head_sig" => edited(w, |v| upper(v, &["segments", "0", "head_sig"])),
        "hex_section_hash" => edited(w, |v| upper(v, &["segments", "0", "section_hash"])),
        "hex_blob_hash" => {
            let b = good(w).blob(b"foto", false);
            let mut v = b.manifest_value();
            upper(&mut v, &["blobs", "0", "hash"]);
            b.build_value(&v)
        }
        "hex_instrument_hash" => {
            let b = good(w).instrument(&opini(), false);
            let mut v = b.manifest_value();
            upper(&mut v, &["instruments", "0", "hash"]);
            b.build_value(&v)
        }
        "hex_devices_device" => {
            let mut b = good(w);
            b.manifest.devices.push(DeviceEntry {
                device: w.k.device.to_uppercase(),
                name: "Rina".into(),
                role: None,
            });
            b.build()
        }
        "hex_length" => edited(w, |v| {
            let s = v["segments"][0]["head_hash"]
                .as_str()
                .expect("s")
                .to_string();
            v["segments"][0]["head_hash"] = json!(&s[..62]);
        }),
        // ---- stage 5: manifest signature, signer
        "manifest_signature" => {
            let b = good(w);
            let m = b.manifest.encode().expect("encode");
            let mut parts = b.parts;
            parts.manifest = b.manifest.clone();
            cb::encode_raw(
                &parts,
                &m,
                &other.sign(&cb::manifest_message(&m)),
                cb::MAJOR,
                cb::MINOR,
            )
        }
        "unknown_signer" => {
            let mut c = Chain::new(&other);
            c.create(A1);
            Builder::new(&other).whole(&c).build()
        }
        // ---- stage 6: content
        "segment_count" => {
            let mut b = good(w);
            b.manifest.segments[0].count += 1;
            b.build()
        }
        "segment_prev_shape" => {
            let mut b = good(w);
            b.manifest.segments[0].prev = Some("a".repeat(64));
            b.build()
        }
        "segment_overlap" => Builder::new(&w.k)
            .segment(&w.chain, 1, 2)
            .segment(&w.chain, 2, 3)
            .build(),
        "section_missing" => {
            let mut b = good(w);
            b.parts.ops.clear();
            b.build()
        }
        "section_unexpected" => {
            let mut b = good(w);
            let extra = b.parts.ops[0].clone();
            b.parts.ops.push(extra);
            b.build()
        }
        "ops_section_hash" => {
            let mut b = good(w);
            b.manifest.segments[0].section_hash = "0".repeat(64);
            b.build()
        }
        "ops_section_len" => {
            let mut b = good(w);
            b.manifest.segments[0].section_len += 1;
            b.build()
        }
        "op_framing" => {
            let mut b = good(w);
            let mut s = b.parts.ops[0].clone();
            s.extend_from_slice(&[9, 0, 0, 0, b'{']);
            b.manifest.segments[0].section_hash = blake3::hash(&s).to_hex().to_string();
            b.manifest.segments[0].section_len = s.len() as u64;
            b.parts.ops[0] = s;
            b.build()
        }
        "op_syntax" => op_edited(w, |t| format!("{},}}", &t[..t.len() - 1])),
        "op_duplicate_key" => op_edited(w, |t| t.replacen("{\"v\":1,", "{\"v\":1,\"v\":1,", 1)),
        "op_unknown_type" => op_edited(w, |t| t.replacen("\"set_answer\"", "\"set_jawaban\"", 1)),
        "op_missing_field" => op_edited(w, |t| t.replacen("\"indicator\":\"P.1\",", "", 1)),
        "op_fraction" => op_edited(w, |t| t.replacen("\"seq\":2,", "\"seq\":2.0,", 1)),
        "op_array_for_object" => op_edited(w, |t| {
            let v: Value = serde_json::from_str(&t).expect("op");
            let i = &v["body"]["instrument"];
            let arr = json!([i["id"], i["version"], i["hash"]]);
            let at = t.find("\"instrument\":{").expect("instrument");
            let close = at + t[at..].find('}').expect("close") + 1;
            format!("{}\"instrument\":{arr}{}", &t[..at], &t[close..])
        }),
        "op_version" => op_edited(w, |t| t.replacen("{\"v\":1,", "{\"v\":2,", 1)),
        "op_device" => {
            // An op of another device inside this device's segment.
            let mut c = Chain::new(&w.k);
            c.create(A1);
            let mut o = Chain::new(&other);
            o.create(A1);
            let mut t: Value = serde_json::from_slice(&o.ops[0].bytes).expect("op");
            t["seq"] = json!(2);
            t["prev"] = json!(c.ops[0].hash);
            c.push_bytes(serde_json::to_vec(&t).expect("json"));
            Builder::new(&w.k).whole(&c).build()
        }
        "op_seq" => op_edited(w, |t| t.replacen("\"seq\":2,", "\"seq\":3,", 1)),
        "op_prev" => {
            let mut c = Chain::new(&w.k);
            c.create(A1);
            let mut t: Value = serde_json::from_slice(&c.next_bytes(answer_body(
                A1,
                "P.1",
                tilik::core::op::AnswerValue::Score(3),
                &[],
                iref(),
            )))
            .expect("op");
            t["prev"] = json!("b".repeat(64));
            c.push_bytes(serde_json::to_vec(&t).expect("json"));
            Builder::new(&w.k).whole(&c).build()
        }
        "ops_fewer_than_count" => {
            let mut b = Builder::new(&w.k).segment(&w.chain, 1, 2);
            let full = w.chain.head(3);
            b.manifest.segments[0].last_seq = 3;
            b.manifest.segments[0].count = 3;
            b.manifest.segments[0].head_hash = full.hash;
            b.manifest.segments[0].head_sig = full.sig;
            b.build()
        }
        "head_hash" => {
            let mut b = good(w);
            let h = "c".repeat(64);
            let sig = w.k.sign(&cb::head_message(&w.k.device, 3, &h));
            b.manifest.segments[0].head_hash = h;
            b.manifest.segments[0].head_sig = hex(&sig);
            b.build()
        }
        "head_signature" => {
            let mut b = good(w);
            let s = &b.manifest.segments[0];
            let sig = other.sign(&cb::head_message(&s.device, s.last_seq, &s.head_hash));
            b.manifest.segments[0].head_sig = hex(&sig);
            b.build()
        }
        "blob_content" => {
            let mut b = good(w).blob(b"foto asli", true);
            b.parts.blobs[0] = b"foto palsu".to_vec();
            b.build()
        }
        "blob_size" => {
            let mut b = good(w).blob(b"foto asli", true);
            b.manifest.blobs[0].size += 1;
            b.build()
        }
        "instrument_content" => {
            let mut b = good(w);
            let bytes = serde_json::to_vec(&opini()).expect("json");
            b.manifest.instruments.push(InstrumentEntry {
                id: "opini-2024".into(),
                version: "1".into(),
                hash: blake3::hash(b"something else").to_hex().to_string(),
                embedded: true,
                size: bytes.len() as u64,
            });
            b.parts.instruments.push(bytes);
            b.build()
        }
        _ => return None,
    })
}

/// Every crafted id (to find bundles here that lost their row).
const CRAFTED: &[&str] = &[
    "envelope_unknown",
    "age_prefix_cut",
    "age_wrong_recipient",
    "age_header_cut",
    "age_nonce_cut",
    "age_header_damaged",
    "age_not_v1",
    "age_payload_cut_at_chunk",
    "age_payload_cut_in_chunk",
    "age_payload_tampered",
    "empty_file",
    "magic_prefix",
    "container_cut",
    "unsupported_major",
    "end_hash",
    "bytes_after_end",
    "unknown_section_kind",
    "section_over_limit",
    "first_not_manifest",
    "signature_section",
    "manifest_syntax",
    "manifest_bom",
    "manifest_duplicate_key",
    "manifest_nan",
    "manifest_fraction",
    "manifest_missing_field",
    "manifest_wrong_type",
    "manifest_array_for_object",
    "manifest_not_object",
    "manifest_format",
    "manifest_version",
    "hex_exporter_device",
    "hex_segment_device",
    "hex_segment_prev",
    "hex_head_hash",
    "hex_head_sig",
    "hex_section_hash",
    "hex_blob_hash",
    "hex_instrument_hash",
    "hex_devices_device",
    "hex_length",
    "manifest_signature",
    "unknown_signer",
    "segment_count",
    "segment_prev_shape",
    "segment_overlap",
    "section_missing",
    "section_unexpected",
    "ops_section_hash",
    "ops_section_len",
    "op_framing",
    "op_syntax",
    "op_duplicate_key",
    "op_unknown_type",
    "op_missing_field",
    "op_fraction",
    "op_array_for_object",
    "op_version",
    "op_device",
    "op_seq",
    "op_prev",
    "ops_fewer_than_count",
    "head_hash",
    "head_signature",
    "blob_content",
    "blob_size",
    "instrument_content",
];

#[test]
fn the_table_and_the_crafted_bundles_match() {
    let rows = table();
    assert!(rows.len() >= 40, "only {} rows", rows.len());
    let ids: BTreeSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), rows.len(), "duplicate ids in the table");
    let crafted: BTreeSet<&str> = CRAFTED.iter().copied().collect();
    let w = world();
    for id in &ids {
        assert!(crafted.contains(id), "row {id} has no crafted bundle");
    }
    for id in &crafted {
        assert!(
            ids.contains(id),
            "crafted bundle {id} has no row in the table"
        );
        assert!(craft(&w, id).is_some(), "{id} is listed but not crafted");
    }
}

#[test]
fn every_row_gets_its_reason_and_stage_in_inspect_and_import() {
    let w = world();
    let before = w.s.digest();
    let mut failures = Vec::new();
    for row in table() {
        let Some(bytes) = craft(&w, &row.id) else {
            failures.push(format!("{}: no crafted bundle", row.id));
            continue;
        };
        let ext = if row.id.starts_with("age_") {
            "tilik.age"
        } else {
            "tilik"
        };
        let path = w.s.dir.path().join(format!("{}.{ext}", row.id));
        std::fs::write(&path, &bytes).expect("write");

        let ins = w.s.ws.inspect(&path).expect("inspect");
        let got = (
            ins.reason.map(|r| r.as_str().to_string()),
            ins.stage.map(|s| s.number()),
        );
        if got != (Some(row.reason.clone()), Some(row.stage)) {
            failures.push(format!(
                "{}: inspect gave {got:?} ({:?}), the table says {} at stage {}",
                row.id, ins.fault, row.reason, row.stage
            ));
        }

        let o = w.s.import(&path);
        let verdict = match o.verdict {
            Verdict::Rejected => "rejected",
            Verdict::Quarantined => "quarantined",
            other => other.as_str(),
        };
        if (o.reason.as_str(), o.stage.number(), verdict)
            != (row.reason.as_str(), row.stage, row.verdict.as_str())
        {
            failures.push(format!(
                "{}: import gave {} {} at stage {} ({}), the table says {} {} at stage {}",
                row.id,
                verdict,
                o.reason.as_str(),
                o.stage.number(),
                msg(&o),
                row.verdict,
                row.reason,
                row.stage
            ));
        }
        assert_eq!(o.new_ops, 0, "{}", row.id);
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    assert_eq!(w.s.digest(), before, "the store changed");
    assert_eq!(w.s.ws.store().op_count().expect("ops"), 0);
    w.s.assert_rebuild_equal();
}

#[test]
fn the_good_bundles_the_rows_start_from_are_accepted() {
    // Without this, a row could pass because its starting point was already broken.
    let w = world();
    let b = good(&w).build();
    let ins = {
        let p = w.s.dir.path().join("good.tilik");
        std::fs::write(&p, &b).expect("write");
        w.s.ws.inspect(&p).expect("inspect")
    };
    assert_eq!((ins.reason, ins.stage), (None, None), "{:?}", ins.fault);
    let sealed_big = sealed(&w, &with_blob(&w, 100_000));
    let o = w.s.import_bytes(&sealed_big);
    assert_eq!(o.verdict, Verdict::Accepted, "{}", msg(&o));
    // The raw-manifest path, unedited, verifies too.
    let w2 = world();
    let b = edited(&w2, |_| {});
    let o = w2.s.import_bytes(&b);
    assert_eq!(o.verdict, Verdict::Accepted, "{}", msg(&o));
    let w3 = world();
    let b = op_edited(&w3, |t| t);
    let o = w3.s.import_bytes(&b);
    assert_eq!(o.verdict, Verdict::Accepted, "{}", msg(&o));
    let _ = kind::END;
}
