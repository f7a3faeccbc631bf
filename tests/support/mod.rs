//! Shared helpers of the bundle tests: synthetic signed op chains, hand-built bundles
//! (good and deliberately bad), and in-process stores ("nodes") driven through the
//! `Workspace` API.
#![allow(dead_code)]

pub mod cli;

use std::path::{Path, PathBuf};

use ed25519_dalek::{Signer, SigningKey};
use tilik::config::Dirs;
use tilik::core::bundle::{
    self as cb, BlobEntry, Exporter, InstrumentEntry, Manifest, Parts, SegmentEntry, head_message,
};
use tilik::core::codec::hex;
use tilik::core::instrument::{Instrument, InstrumentRef};
use tilik::core::merge::{IncomingOp, SignedHead};
use tilik::core::op::{AnswerValue, BlobRef, OP_VERSION, Op, OpBody, OpRef, op_hash};
use tilik::i18n::Lang;
use tilik::identity::Role;
use tilik::workspace::bundles::{ExportOptions, Exported, ImportOutcome, Target};
use tilik::workspace::{AnswerRequest, Workspace};

/// The sentence an outcome shows the user (in Bahasa Indonesia), as `--json` carries it.
#[must_use]
pub fn msg(o: &ImportOutcome) -> String {
    tilik::present::import::message(o, Lang::Id)
}

/// The real id of the assessment [`create_body`] creates (2024, 61.71 Kota Pontianak,
/// DPMPTSP, opini): a create must give the id it claims (`bad_record`).
pub const A1: &str = "gvdp4idepzskca67";
/// The real id of the assessment [`create_body`] creates for it (2024, 61.72 Kota
/// Singkawang, DPMPTSP, opini).
pub const A2: &str = "oldz7lyrtmddadfz";

/// A 2024-ish wall clock.
pub const T0: i64 = 1_717_200_000_000;

/// A deterministic signing key.
#[derive(Clone)]
pub struct Key {
    pub sk: SigningKey,
    pub device: String,
}

impl Key {
    #[must_use]
    pub fn new(seed: u8) -> Key {
        let mut b = [seed; 32];
        b[0] = 0xA5;
        let sk = SigningKey::from_bytes(&b);
        let device = hex(sk.verifying_key().as_bytes());
        Key { sk, device }
    }
    #[must_use]
    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        self.sk.sign(msg).to_bytes()
    }
}

static OPINI: std::sync::OnceLock<(Instrument, InstrumentRef)> = std::sync::OnceLock::new();

fn opini_cached() -> &'static (Instrument, InstrumentRef) {
    OPINI.get_or_init(|| {
        let (cat, _) = tilik::assets::catalog(None);
        let i = cat.get("opini-2024").expect("opini-2024").clone();
        let r = i.reference().expect("reference");
        (i, r)
    })
}

/// The shipped opini-2024 instrument (parsed once per test process).
#[must_use]
pub fn opini() -> Instrument {
    opini_cached().0.clone()
}

#[must_use]
pub fn iref() -> InstrumentRef {
    opini_cached().1.clone()
}

/// A device's hash-chained log of synthetic ops.
#[derive(Clone)]
pub struct Chain {
    pub key: Key,
    pub ops: Vec<IncomingOp>,
}

impl Chain {
    #[must_use]
    pub fn new(key: &Key) -> Chain {
        Chain {
            key: key.clone(),
            ops: Vec::new(),
        }
    }

    /// Append an op with the given wall clock.
    pub fn push_at(&mut self, body: OpBody, wall_ms: i64) -> OpRef {
        let seq = self.ops.len() as u64 + 1;
        let op = Op {
            v: OP_VERSION,
            device: self.key.device.clone(),
            seq,
            prev: self.ops.last().map(|o| o.hash.clone()),
            hlc: (u64::try_from(wall_ms.max(0)).unwrap_or(0) << 16) + seq,
            wall_ms,
            undo_of: None,
            body,
        };
        let bytes = op.encode().expect("encode");
        let hash = op_hash(&bytes);
        let r = op.op_ref();
        self.ops.push(IncomingOp { op, bytes, hash });
        r
    }

    pub fn push(&mut self, body: OpBody) -> OpRef {
        let t = T0 + self.ops.len() as i64 * 1000;
        self.push_at(body, t)
    }

    pub fn create(&mut self, assessment: &str) -> OpRef {
        self.push(create_body(assessment, iref()))
    }

    pub fn answer(&mut self, assessment: &str, ind: &str, v: u8, sup: &[OpRef]) -> OpRef {
        self.push(answer_body(
            assessment,
            ind,
            AnswerValue::Score(v),
            sup,
            iref(),
        ))
    }

    /// Append an op given as its stored bytes (any bytes: to build ops that break the
    /// schema under a valid chain and head signature).
    pub fn push_bytes(&mut self, bytes: Vec<u8>) {
        let hash = op_hash(&bytes);
        let mut op = self.ops.last().map_or_else(
            || Op {
                v: OP_VERSION,
                device: self.key.device.clone(),
                seq: 0,
                prev: None,
                hlc: 0,
                wall_ms: 0,
                undo_of: None,
                body: OpBody::SetStatus {
                    assessment: String::new(),
                    status: tilik::core::op::Status::Draft,
                },
            },
            |o| o.op.clone(),
        );
        op.seq += 1;
        op.prev = self.ops.last().map(|o| o.hash.clone());
        self.ops.push(IncomingOp { op, bytes, hash });
    }

    /// The stored bytes the next op with this body would have (seq, prev and clock
    /// filled in), to edit before [`Chain::push_bytes`].
    #[must_use]
    pub fn next_bytes(&self, body: OpBody) -> Vec<u8> {
        let mut c = self.clone();
        c.push(body);
        c.ops.last().expect("op").bytes.clone()
    }

    /// Drop every op from `seq` on (to build a fork from a shared prefix).
    pub fn truncate(&mut self, seq: u64) {
        self.ops.truncate(usize::try_from(seq - 1).unwrap_or(0));
    }

    #[must_use]
    pub fn head(&self, seq: u64) -> SignedHead {
        let o = &self.ops[usize::try_from(seq - 1).expect("seq")];
        SignedHead {
            device: self.key.device.clone(),
            seq,
            hash: o.hash.clone(),
            sig: hex(&self.key.sign(&head_message(&self.key.device, seq, &o.hash))),
        }
    }

    /// Segment `first..=last` as (manifest entry, OPS section bytes).
    #[must_use]
    pub fn segment(&self, first: u64, last: u64) -> (SegmentEntry, Vec<u8>) {
        let ops =
            &self.ops[usize::try_from(first - 1).expect("f")..usize::try_from(last).expect("l")];
        let section = cb::ops_section(ops.iter().map(|o| o.bytes.as_slice()));
        let head = self.head(last);
        (
            SegmentEntry {
                device: self.key.device.clone(),
                first_seq: first,
                last_seq: last,
                count: last - first + 1,
                prev: ops[0].op.prev.clone(),
                head_hash: head.hash,
                head_sig: head.sig,
                section_hash: blake3::hash(&section).to_hex().to_string(),
                section_len: section.len() as u64,
            },
            section,
        )
    }
}

#[must_use]
pub fn create_body(assessment: &str, instrument: InstrumentRef) -> OpBody {
    let (pemda, pemda_name) = if assessment == A2 {
        ("61.72", "Kota Singkawang")
    } else {
        ("61.71", "Kota Pontianak")
    };
    OpBody::CreateAssessment {
        assessment: assessment.into(),
        round: 2024,
        pemda: pemda.into(),
        pemda_name: pemda_name.into(),
        lokus: "dpmptsp".into(),
        lokus_name: None,
        family: "opini".into(),
        instrument,
    }
}

#[must_use]
pub fn answer_body(
    assessment: &str,
    ind: &str,
    value: AnswerValue,
    sup: &[OpRef],
    instrument: InstrumentRef,
) -> OpBody {
    OpBody::SetAnswer {
        assessment: assessment.into(),
        indicator: ind.into(),
        value,
        old: None,
        supersedes: sup.to_vec(),
        instrument,
    }
}

#[must_use]
pub fn resolve_body(assessment: &str, ind: &str, v: u8, sup: &[OpRef]) -> OpBody {
    OpBody::Resolve {
        assessment: assessment.into(),
        indicator: ind.into(),
        value: AnswerValue::Score(v),
        supersedes: sup.to_vec(),
        reason: "cek foto".into(),
        instrument: iref(),
    }
}

#[must_use]
pub fn attach_body(assessment: &str, ind: &str, bytes: &[u8], name: &str) -> OpBody {
    OpBody::AttachEvidence {
        assessment: assessment.into(),
        indicator: ind.into(),
        blob: BlobRef {
            hash: blake3::hash(bytes).to_hex().to_string(),
            size: bytes.len() as u64,
            name: name.into(),
            mime: "image/jpeg".into(),
        },
    }
}

/// Builder of hand-made bundles.
pub struct Builder {
    pub exporter: Key,
    pub manifest: Manifest,
    pub parts: Parts,
}

impl Builder {
    #[must_use]
    pub fn new(exporter: &Key) -> Builder {
        let manifest = Manifest::new(
            format!("test-{}", exporter.device.get(..8).unwrap_or("")),
            T0,
            "test",
            Exporter {
                device: exporter.device.clone(),
                name: "Penguji".into(),
                role: "assessor".into(),
                office: None,
            },
        );
        Builder {
            exporter: exporter.clone(),
            parts: Parts {
                // Replaced by the final manifest in `build`.
                manifest: manifest.clone(),
                ops: vec![],
                blobs: vec![],
                instruments: vec![],
            },
            manifest,
        }
    }

    #[must_use]
    pub fn segment(mut self, chain: &Chain, first: u64, last: u64) -> Builder {
        let (e, s) = chain.segment(first, last);
        self.manifest.segments.push(e);
        self.parts.ops.push(s);
        self
    }

    #[must_use]
    pub fn whole(self, chain: &Chain) -> Builder {
        let n = chain.ops.len() as u64;
        self.segment(chain, 1, n)
    }

    #[must_use]
    pub fn blob(mut self, bytes: &[u8], include: bool) -> Builder {
        self.manifest.blobs.push(BlobEntry {
            hash: blake3::hash(bytes).to_hex().to_string(),
            size: bytes.len() as u64,
            mime: "image/jpeg".into(),
            name: "foto.jpg".into(),
            included: include,
        });
        if include {
            self.parts.blobs.push(bytes.to_vec());
        }
        self
    }

    #[must_use]
    pub fn instrument(mut self, inst: &Instrument, embed: bool) -> Builder {
        let bytes = serde_json::to_vec(inst).expect("json");
        self.manifest.instruments.push(InstrumentEntry {
            id: inst.id.clone(),
            version: inst.version.clone(),
            hash: blake3::hash(&bytes).to_hex().to_string(),
            embedded: embed,
            size: bytes.len() as u64,
        });
        if embed {
            self.parts.instruments.push(bytes);
        }
        self
    }

    #[must_use]
    pub fn id(mut self, id: &str) -> Builder {
        self.manifest.bundle_id = id.into();
        self
    }

    /// The container with these manifest bytes (as given, not re-encoded), signed by the
    /// exporter, of container version `major.minor`: for bundles that break the format
    /// under a valid signature.
    #[must_use]
    pub fn build_raw(mut self, manifest: &[u8], major: u8, minor: u8) -> Vec<u8> {
        self.parts.manifest = self.manifest.clone();
        let sig = self.exporter.sign(&cb::manifest_message(manifest));
        cb::encode_raw(&self.parts, manifest, &sig, major, minor)
    }

    /// The manifest as a JSON value, to edit before [`Builder::build_value`].
    #[must_use]
    pub fn manifest_value(&self) -> serde_json::Value {
        serde_json::to_value(&self.manifest).expect("manifest json")
    }

    /// Signed by the exporter, with this manifest JSON (compact).
    #[must_use]
    pub fn build_value(self, manifest: &serde_json::Value) -> Vec<u8> {
        let bytes = serde_json::to_vec(manifest).expect("json");
        self.build_raw(&bytes, cb::MAJOR, cb::MINOR)
    }

    /// Signed by the exporter.
    #[must_use]
    pub fn build(mut self) -> Vec<u8> {
        self.parts.manifest = self.manifest.clone();
        let k = self.exporter.clone();
        cb::encode(&self.parts, &move |m| k.sign(m)).expect("encode")
    }
}

/// An in-process store with an identity.
pub struct Node {
    pub dir: tempfile::TempDir,
    pub ws: Workspace,
    files: std::cell::Cell<u32>,
}

impl Node {
    #[must_use]
    pub fn new(name: &str, role: Role) -> Node {
        let dir = tempfile::tempdir().expect("tmp");
        let ws = open(dir.path());
        ws.init(name, None, None, role).expect("init");
        Node {
            dir,
            ws,
            files: std::cell::Cell::new(0),
        }
    }

    #[must_use]
    pub fn dirs(&self) -> Dirs {
        dirs_in(self.dir.path())
    }

    #[must_use]
    pub fn device(&self) -> String {
        self.ws.require_identity().expect("id").device
    }

    pub fn trust(&self, other: &Node, role: Role) {
        let name = other.ws.require_identity().expect("id").name;
        self.ws
            .trust_add(&other.device(), &name, role, None)
            .expect("trust");
    }

    pub fn trust_key(&self, key: &Key, role: Role) {
        self.ws
            .trust_add(&key.device, "Kunci Uji", role, None)
            .expect("trust");
    }

    /// Write bytes to a fresh file in this node's folder and import it.
    pub fn import_bytes(&self, bytes: &[u8]) -> ImportOutcome {
        let n = self.files.get() + 1;
        self.files.set(n);
        let p = self.dir.path().join(format!("in-{n}.tilik"));
        std::fs::write(&p, bytes).expect("write");
        self.import(&p)
    }

    pub fn import(&self, p: &Path) -> ImportOutcome {
        self.ws.import_file(p, &mut |_, _| {}).expect("import")
    }

    pub fn export_to(&self, dir: &Path, to: &[String], no_evidence: bool) -> Exported {
        // The folder is there, as a plugged-in stick is (a missing one is refused).
        std::fs::create_dir_all(dir).expect("export folder");
        self.ws
            .export(
                &ExportOptions {
                    target: Target::Dir(dir.to_path_buf()),
                    to: to.to_vec(),
                    since: None,
                    no_evidence,
                },
                &mut |_, _| {},
            )
            .expect("export")
    }

    pub fn export(&self) -> PathBuf {
        let d = self.dir.path().join("out");
        PathBuf::from(self.export_to(&d, &[], false).file)
    }

    pub fn export_since(&self, since: &str) -> Exported {
        std::fs::create_dir_all(self.dir.path().join("out")).expect("export folder");
        self.ws
            .export(
                &ExportOptions {
                    target: Target::Dir(self.dir.path().join("out")),
                    to: vec![],
                    since: Some(since.into()),
                    no_evidence: false,
                },
                &mut |_, _| {},
            )
            .expect("export")
    }

    #[must_use]
    pub fn digest(&self) -> String {
        self.ws.state_digest().expect("digest")
    }

    pub fn assert_rebuild_equal(&self) {
        let (_, differ) = self.ws.store().rebuild_compare().expect("rebuild");
        assert!(differ.is_empty(), "projection differs for {differ:?}");
    }

    /// Create the standard test assessment (Kota Pontianak, DPMPTSP, opini-2024).
    pub fn new_assessment(&self) -> String {
        self.ws
            .new_assessment(2024, Some("opini-2024"), "61.71", "dpmptsp", None)
            .expect("new")
            .id
    }

    pub fn answer(&self, id: &str, ind: &str, v: u8) {
        self.ws
            .answer(&AnswerRequest::new(id, ind).value(AnswerValue::Score(v)))
            .expect("answer");
    }
}

#[must_use]
pub fn dirs_in(p: &Path) -> Dirs {
    Dirs {
        data: p.join("data"),
        config: p.join("config"),
    }
}

#[must_use]
pub fn open(p: &Path) -> Workspace {
    Workspace::open(&dirs_in(p)).expect("open")
}
