//! `tilik demo generate`: deterministic synthetic field data for a whole assessment year,
//! written as real signed bundles by simulated assessor devices, plus `roster.toml` (the
//! trust roster a supervisor loads with `tilik trust import`).
//!
//! Every simulated assessor is a real Ed25519 identity derived from the seed; its ops are
//! hash-chained exactly as a device store chains them and its bundle is written with the
//! library's container writer, so `tilik import` verifies them like any field bundle.
//! Same options and seed → the same files, byte for byte.
//!
//! The shape: each pemda gets a team of two assessors who split the indicators of every
//! lokus between them (parallel edits, as in the field). With probability `conflict_rate`
//! an indicator is also answered by the other team member with a different value, made
//! without seeing the first (a real conflict for the supervisor). Answers are edited
//! `edits_per_answer` times on average; about one answer in ten has a note, one in fifty
//! an evidence file of `evidence_kb` KiB; four assessments in five are finalized. Where
//! the instrument has surveys, every lokus gets a visit and `respondents` service users
//! (30 by default: ~160k respondents in a national year) plus one official per role, with
//! answers that follow the office's quality (issue 15); they come from a random stream of
//! their own, so the answers do not change with them.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use ed25519_dalek::{Signer, SigningKey};
use serde::Serialize;

use crate::core::assessment::AssessmentKey;
use crate::core::bundle::{
    self as cb, AssessmentSummary, BlobEntry, ContainerWriter, DeviceEntry, Exporter,
    InstrumentEntry, Manifest, SegmentEntry, head_message, kind, ops_record,
};
use crate::core::codec::hex;
use crate::core::instrument::Instrument;
use crate::core::op::{
    AnswerValue, BlobRef, OP_VERSION, Op, OpBody, OpRef, Status, next_hlc, op_hash,
};
use crate::core::region::{LOKUS_TYPES, Region};
use crate::core::survey::{
    AnswerKind, Channel, RespondentAdd, Response, Survey, SurveyRef, SurveySet, VisitSet,
};
use crate::error::{Error, Result};

/// Options of `tilik demo generate` (defaults: one national year).
#[derive(Debug, Clone)]
pub struct GenOptions {
    pub out: PathBuf,
    pub pemda: usize,
    pub lokus: usize,
    pub assessors: usize,
    pub edits_per_answer: f64,
    pub conflict_rate: f64,
    pub evidence_kb: usize,
    pub seed: u64,
    pub round: u16,
    pub instrument: String,
    /// Service users surveyed per lokus (each survey without roles); officials are one per
    /// role. 0 = no respondents and no visits.
    pub respondents: usize,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            out: PathBuf::from("tilik-demo"),
            pemda: 587,
            lokus: 9,
            assessors: 150,
            edits_per_answer: 1.2,
            conflict_rate: 0.02,
            evidence_kb: 8,
            seed: 1,
            round: 2024,
            instrument: "opini-2024".into(),
            respondents: 30,
        }
    }
}

/// What was generated.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Generated {
    pub out: String,
    pub bundles: usize,
    pub assessments: usize,
    pub ops: u64,
    /// Slots (assessment, indicator) answered differently by two devices.
    pub conflicts: u64,
    pub blobs: u64,
    pub bytes: u64,
    pub roster: String,
    /// Rows of `answers.csv` (one per SetAnswer op), written with `--csv`.
    pub csv_rows: u64,
    /// Survey respondents (service users, officials, trust) and visits (issue 15).
    pub respondents: u64,
    pub visits: u64,
}

/// A small, fast, seedable generator (PCG-style LCG; quality is plenty for fake data).
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let x = self.0;
        (x ^ (x >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9) >> 11
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let v = (self.next() >> 11) as f64 / (1u64 << 42) as f64;
        v
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

const FIRST: &[&str] = &[
    "Ahmad", "Siti", "Budi", "Dewi", "Rizky", "Nur", "Agus", "Putri", "Hendra", "Ratna", "Yusuf",
    "Maya", "Fajar", "Indah", "Teguh", "Lestari", "Arif", "Wulan", "Dedi", "Intan",
];
const LAST: &[&str] = &[
    "Saputra",
    "Rahmawati",
    "Hidayat",
    "Lubis",
    "Siregar",
    "Nasution",
    "Wibowo",
    "Pratama",
    "Kusuma",
    "Harahap",
    "Simanjuntak",
    "Sembiring",
    "Tanjung",
    "Purnomo",
    "Setiawan",
];
/// Field notes the simulated assessors write (the demo store uses the first five).
pub(super) const NOTES: &[&str] = &[
    "papan tarif di loket, situs belum memuat tarif",
    "maklumat terpasang tapi belum ditandatangani kepala dinas",
    "nomor pengaduan di spanduk adalah nomor pribadi petugas",
    "kursi roda tersedia; jalur landai belum ada",
    "SOP pengaduan ada, belum dipajang di ruang layanan",
    "jadwal layanan berbeda antara papan dan situs",
    "ruang tunggu sempit, kursi kurang saat jam sibuk",
    "petugas informasi tidak ada di tempat saat kunjungan",
];

/// A simulated assessor device and the ops it has made so far.
struct Device {
    key: SigningKey,
    id: String,
    name: String,
    nip: String,
    office: String,
    ops: Vec<Vec<u8>>,
    last_hash: Option<String>,
    hlc: u64,
    wall: i64,
    blobs: BTreeMap<String, (BlobRef, Vec<u8>)>,
    /// assessment id → summary (ops, answers)
    summary: BTreeMap<String, AssessmentSummary>,
}

impl Device {
    fn push(&mut self, body: OpBody, rng: &mut Rng) -> Result<OpRef> {
        // Field work: a few seconds to minutes between answers.
        self.wall += 5_000 + i64::try_from(rng.below(120_000)).unwrap_or(0);
        self.hlc = next_hlc(self.hlc, self.wall);
        let seq = self.ops.len() as u64 + 1;
        let a = body.assessment().to_string();
        let is_answer = matches!(body, OpBody::SetAnswer { .. });
        let op = Op {
            v: OP_VERSION,
            device: self.id.clone(),
            seq,
            prev: self.last_hash.clone(),
            hlc: self.hlc,
            wall_ms: self.wall,
            undo_of: None,
            body,
        };
        let bytes = op.encode()?;
        self.last_hash = Some(op_hash(&bytes));
        self.ops.push(bytes);
        if let Some(s) = self.summary.get_mut(&a) {
            s.ops += 1;
            if is_answer {
                s.answers += 1;
            }
        }
        Ok(OpRef {
            device: self.id.clone(),
            seq,
        })
    }
}

/// What every respondent of one lokus shares.
struct SurveyCtx<'a> {
    id: &'a str,
    date: &'a str,
    /// How good the office is (0–1): fewer "ya" to a maladministration question.
    quality: f64,
    sref: &'a SurveyRef,
    seed: u64,
}

/// One respondent `j` of survey `sv`, added with every answer in one op (and a small proof
/// file where the survey requires one). No name or phone: synthetic data has no contacts.
fn respondent(
    d: &mut Device,
    c: &SurveyCtx<'_>,
    sv: &Survey,
    j: usize,
    rng: &mut Rng,
) -> Result<()> {
    let mut answers = BTreeMap::new();
    for q in &sv.questions {
        let r = rng.unit();
        let v = match q.answers {
            AnswerKind::YaTidak => {
                if r < 0.05 {
                    Response::TidakTahu
                } else if r < 0.05 + 0.3 * (1.0 - c.quality) {
                    Response::Ya
                } else {
                    Response::Tidak
                }
            }
            AnswerKind::Skala => {
                let x = (r + c.quality) / 2.0;
                let top = q.max.unwrap_or(3);
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let l = (x * f64::from(top) + 0.5).floor().min(f64::from(top)) as u8;
                Response::Level(l)
            }
        };
        answers.insert(q.id.clone(), v);
    }
    let mut proof = Vec::new();
    if sv.proof_required {
        let mut x = Rng::new(c.seed, rng.next());
        let bytes: Vec<u8> = (0..8).flat_map(|_| x.next().to_le_bytes()).collect();
        let hash = blake3::hash(&bytes).to_hex().to_string();
        let blob = BlobRef {
            hash: hash.clone(),
            size: bytes.len() as u64,
            name: format!("bukti-{}.jpg", &hash[..8]),
            mime: "image/jpeg".into(),
        };
        d.blobs.insert(hash, (blob.clone(), bytes));
        proof.push(blob);
    }
    let channel = if !sv.roles.is_empty() {
        Some(Channel::TatapMuka)
    } else if rng.unit() < 0.1 {
        Some(Channel::Tertutup)
    } else {
        Some(Channel::Telepon)
    };
    d.push(
        OpBody::AddRespondent(RespondentAdd {
            assessment: c.id.to_string(),
            survey: sv.id.clone(),
            code: format!("R{:02}", j + 1),
            channel,
            service: None,
            date: Some(c.date.to_string()),
            role: sv.roles.get(j).map(|r| r.id.clone()),
            contact: None,
            proof,
            answers,
            surveys: c.sref.clone(),
        }),
        rng,
    )?;
    Ok(())
}

fn io(context: &str) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        context: context.to_string(),
        source,
    }
}

/// The (pemda, lokus code, lokus name) list of the synthetic year.
fn entities(
    regions: &[Region],
    pemda: usize,
    lokus: usize,
) -> Vec<(Region, Vec<(String, String)>)> {
    let standard: Vec<&str> = LOKUS_TYPES
        .iter()
        .filter(|t| !t.needs_name)
        .map(|t| t.code)
        .collect();
    let mut out = Vec::with_capacity(pemda);
    for p in 0..pemda {
        let r = regions[p % regions.len()].clone();
        let round = p / regions.len();
        let mut l = Vec::with_capacity(lokus);
        for k in 0..lokus {
            if round == 0 && k < standard.len() {
                l.push((standard[k].to_string(), String::new()));
            } else if round == 0 {
                l.push((
                    "puskesmas".to_string(),
                    format!("Puskesmas {} {}", r.name, k - standard.len() + 1),
                ));
            } else {
                // Beyond the region list (ministries and agencies): named service units.
                l.push((
                    "lainnya".to_string(),
                    format!("Unit Layanan K/L {round}-{} {}", p % regions.len(), k + 1),
                ));
            }
        }
        out.push((r, l));
    }
    out
}

fn roster_toml(devices: &[Device]) -> String {
    let mut s =
        String::from("# Daftar penilai (trust roster) untuk `tilik trust import roster.toml`.\n");
    for d in devices {
        s.push_str(&format!(
            "\n[[member]]\nname = \"{}\"\nrole = \"assessor\"\npublic_key = \"{}\"\nnip = \"{}\"\noffice = \"{}\"\n",
            d.name, d.id, d.nip, d.office
        ));
    }
    s
}

/// Generate the data set into `opts.out`; `progress(done, total)` counts bundles written.
/// With `csv`, also write `answers.csv` (device, seq, assessment, indicator, value), the
/// same answers for baseline tools.
///
/// # Errors
/// Unknown instrument, write failure.
#[allow(clippy::too_many_lines)]
pub fn generate(
    opts: &GenOptions,
    csv: bool,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Generated> {
    let (catalog, _) = crate::assets::catalog(None);
    let inst: Instrument = catalog
        .get(&opts.instrument)
        .cloned()
        .ok_or_else(|| Error::UnknownInstrument(opts.instrument.clone()))?;
    let iref = inst.reference()?;
    let surveys = catalog
        .surveys(&inst.id)
        .filter(|_| opts.respondents > 0)
        .cloned();
    let sref = surveys.as_ref().map(SurveySet::reference).transpose()?;
    // Survey draws come from a stream of their own, so the answers stay what they were.
    let mut srng = Rng::new(opts.seed, 11);
    let inst_bytes = serde_json::to_vec(&inst).map_err(|e| Error::Storage(e.to_string()))?;
    let inds: Vec<(String, bool)> = inst
        .indicators()
        .map(|p| (p.indicator.id.clone(), p.indicator.allow_na))
        .collect();
    let regions = crate::assets::regions();
    let regions: Vec<Region> = regions.all().to_vec();
    let n_dev = opts.assessors.max(2);
    let base_wall: i64 = 1_722_470_400_000; // 2024-08-01T00:00:00Z
    let mut devices: Vec<Device> = (0..n_dev)
        .map(|i| {
            let mut h = blake3::Hasher::new();
            h.update(b"tilik-demo-generate-key\n");
            h.update(&opts.seed.to_le_bytes());
            h.update(&(i as u64).to_le_bytes());
            let key = SigningKey::from_bytes(h.finalize().as_bytes());
            let id = hex(key.verifying_key().as_bytes());
            let mut r = Rng::new(opts.seed, 1_000 + i as u64);
            let name = format!(
                "{} {} {:03}",
                FIRST[r.below(FIRST.len())],
                LAST[r.below(LAST.len())],
                i + 1
            );
            Device {
                key,
                id,
                name,
                nip: format!(
                    "19{:02}{:014}",
                    70 + r.below(25),
                    r.next() % 100_000_000_000_000
                ),
                office: String::new(),
                ops: Vec::new(),
                last_hash: None,
                hlc: 0,
                wall: base_wall + i64::try_from(r.below(3_600_000)).unwrap_or(0),
                blobs: BTreeMap::new(),
                summary: BTreeMap::new(),
            }
        })
        .collect();
    std::fs::create_dir_all(&opts.out).map_err(io("create output folder"))?;
    let mut csv_out = if csv {
        let f = std::fs::File::create(opts.out.join("answers.csv")).map_err(io("answers.csv"))?;
        let mut w = std::io::BufWriter::new(f);
        writeln!(w, "device,seq,assessment,indicator,value").map_err(io("answers.csv"))?;
        Some(w)
    } else {
        None
    };
    let mut g = Generated {
        out: opts.out.display().to_string(),
        ..Generated::default()
    };
    let mut rng = Rng::new(opts.seed, 7);
    let ents = entities(&regions, opts.pemda, opts.lokus);
    let province_name = |r: &Region| {
        regions
            .iter()
            .find(|x| x.code == r.province_code)
            .map_or_else(|| r.name.clone(), |x| x.name.clone())
    };
    for (p, (region, lokus)) in ents.iter().enumerate() {
        let a1 = (2 * p) % n_dev;
        let a2 = (2 * p + 1) % n_dev;
        for who in [a1, a2] {
            if devices[who].office.is_empty() {
                devices[who].office = format!("Perwakilan {}", province_name(region));
            }
        }
        for (code, lname) in lokus {
            let lokus_name = (!lname.is_empty()).then(|| lname.clone());
            let key = AssessmentKey {
                round: opts.round,
                pemda: region.code.clone(),
                lokus: code.clone(),
                lokus_name: lokus_name.clone(),
                family: inst.family.clone(),
            };
            let id = key.id();
            g.assessments += 1;
            // How good this office is: shifts the answer distribution.
            let quality = rng.unit();
            for who in [a1, a2] {
                let d = &mut devices[who];
                d.summary.insert(
                    id.clone(),
                    AssessmentSummary {
                        id: id.clone(),
                        round: opts.round,
                        pemda: region.code.clone(),
                        pemda_name: region.name.clone(),
                        lokus_name: crate::core::region::lokus_display(code, lokus_name.as_deref()),
                        instrument: inst.id.clone(),
                        ops: 0,
                        answers: 0,
                        conflicts: 0,
                        status: "draft".into(),
                    },
                );
                d.push(
                    OpBody::CreateAssessment {
                        assessment: id.clone(),
                        round: opts.round,
                        pemda: region.code.clone(),
                        pemda_name: region.name.clone(),
                        lokus: code.clone(),
                        lokus_name: lokus_name.clone(),
                        family: inst.family.clone(),
                        instrument: iref.clone(),
                    },
                    &mut rng,
                )?;
            }
            for (i, (ind, allow_na)) in inds.iter().enumerate() {
                let mine = if i % 2 == 0 { a1 } else { a2 };
                let other = if mine == a1 { a2 } else { a1 };
                let draw = |rng: &mut Rng| -> AnswerValue {
                    let r = rng.unit();
                    if *allow_na && r < 0.03 {
                        AnswerValue::NotApplicable
                    } else {
                        let x = (r + quality) / 2.0;
                        AnswerValue::Score(match x {
                            x if x < 0.15 => 0,
                            x if x < 0.35 => 1,
                            x if x < 0.6 => 2,
                            _ => 3,
                        })
                    }
                };
                let mut value = draw(&mut rng);
                let mut old = None;
                let mut heads: Vec<OpRef> = Vec::new();
                let extra = opts.edits_per_answer - 1.0;
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let mut edits = 1 + extra.max(0.0).floor() as usize;
                if rng.unit() < extra.max(0.0).fract() {
                    edits += 1;
                }
                for e in 0..edits {
                    if e > 0 {
                        let nv = draw(&mut rng);
                        if nv == value {
                            value = match value {
                                AnswerValue::Score(s) => AnswerValue::Score((s + 1) % 4),
                                _ => AnswerValue::Score(2),
                            };
                        } else {
                            value = nv;
                        }
                    }
                    let r = devices[mine].push(
                        OpBody::SetAnswer {
                            assessment: id.clone(),
                            indicator: ind.clone(),
                            value,
                            old,
                            supersedes: heads.clone(),
                            instrument: iref.clone(),
                        },
                        &mut rng,
                    )?;
                    if let Some(w) = csv_out.as_mut() {
                        writeln!(w, "{},{},{id},{ind},{}", r.device, r.seq, value.short(true))
                            .map_err(io("answers.csv"))?;
                        g.csv_rows += 1;
                    }
                    old = Some(value);
                    heads = vec![r];
                }
                if rng.unit() < opts.conflict_rate {
                    // The other team member answers the same indicator without having seen
                    // the first answer: a concurrent, different value.
                    let cv = match value {
                        AnswerValue::Score(s) => {
                            AnswerValue::Score(if s >= 2 { s - 1 } else { s + 1 })
                        }
                        _ => AnswerValue::Score(1),
                    };
                    let r = devices[other].push(
                        OpBody::SetAnswer {
                            assessment: id.clone(),
                            indicator: ind.clone(),
                            value: cv,
                            old: None,
                            supersedes: Vec::new(),
                            instrument: iref.clone(),
                        },
                        &mut rng,
                    )?;
                    if let Some(w) = csv_out.as_mut() {
                        writeln!(w, "{},{},{id},{ind},{}", r.device, r.seq, cv.short(true))
                            .map_err(io("answers.csv"))?;
                        g.csv_rows += 1;
                    }
                    g.conflicts += 1;
                }
                if rng.unit() < 0.1 {
                    let text = NOTES[rng.below(NOTES.len())].to_string();
                    devices[mine].push(
                        OpBody::SetNote {
                            assessment: id.clone(),
                            indicator: ind.clone(),
                            text,
                            old: String::new(),
                        },
                        &mut rng,
                    )?;
                }
                if opts.evidence_kb > 0 && rng.unit() < 0.02 {
                    let mut bytes = Vec::with_capacity(opts.evidence_kb * 1024);
                    let mut x = Rng::new(opts.seed, rng.next());
                    while bytes.len() < opts.evidence_kb * 1024 {
                        bytes.extend_from_slice(&x.next().to_le_bytes());
                    }
                    bytes.truncate(opts.evidence_kb * 1024);
                    let hash = blake3::hash(&bytes).to_hex().to_string();
                    let blob = BlobRef {
                        hash: hash.clone(),
                        size: bytes.len() as u64,
                        name: format!("foto-{}.jpg", &hash[..8]),
                        mime: "image/jpeg".into(),
                    };
                    devices[mine].push(
                        OpBody::AttachEvidence {
                            assessment: id.clone(),
                            indicator: ind.clone(),
                            blob: blob.clone(),
                        },
                        &mut rng,
                    )?;
                    devices[mine].blobs.insert(hash, (blob, bytes));
                    g.blobs += 1;
                }
            }
            if let (Some(set), Some(sref)) = (&surveys, &sref) {
                let day = 1 + (p % 28);
                let date = format!("{}-08-{day:02}", opts.round);
                let names = [devices[a1].name.clone(), devices[a2].name.clone()];
                devices[a1].push(
                    OpBody::SetVisit(VisitSet {
                        assessment: id.clone(),
                        date: date.clone(),
                        start: Some("09:00".into()),
                        end: Some("12:30".into()),
                        team: names.to_vec(),
                    }),
                    &mut srng,
                )?;
                g.visits += 1;
                let ctx = SurveyCtx {
                    id: &id,
                    date: &date,
                    quality,
                    sref,
                    seed: opts.seed,
                };
                for sv in &set.surveys {
                    let n = if sv.roles.is_empty() {
                        opts.respondents
                    } else {
                        sv.roles.len()
                    };
                    for j in 0..n {
                        let who = if j % 2 == 0 { a1 } else { a2 };
                        let d = &mut devices[who];
                        respondent(d, &ctx, sv, j, &mut srng)?;
                        g.respondents += 1;
                        if sv.proof_required {
                            g.blobs += 1;
                        }
                    }
                }
            }
            if rng.unit() < 0.8 {
                for who in [a1, a2] {
                    devices[who].push(
                        OpBody::SetStatus {
                            assessment: id.clone(),
                            status: Status::Final,
                        },
                        &mut rng,
                    )?;
                    if let Some(s) = devices[who].summary.get_mut(&id) {
                        s.status = "final".into();
                    }
                }
            }
        }
    }
    if let Some(mut w) = csv_out {
        w.flush().map_err(io("answers.csv"))?;
    }
    let total = devices.iter().filter(|d| !d.ops.is_empty()).count() as u64;
    let mut done = 0u64;
    for (i, d) in devices.iter().enumerate() {
        if d.ops.is_empty() {
            continue;
        }
        let (path, size) = write_bundle(opts, i, d, &inst, &inst_bytes)?;
        let _ = path;
        g.bytes += size;
        g.ops += d.ops.len() as u64;
        g.bundles += 1;
        done += 1;
        progress(done, total);
    }
    let roster = opts.out.join("roster.toml");
    std::fs::write(&roster, roster_toml(&devices)).map_err(io("roster.toml"))?;
    g.roster = roster.display().to_string();
    crate::fsio::sync_dir(&opts.out).map_err(io("sync the output folder"))?;
    Ok(g)
}

fn write_bundle(
    opts: &GenOptions,
    i: usize,
    d: &Device,
    inst: &Instrument,
    inst_bytes: &[u8],
) -> Result<(PathBuf, u64)> {
    let mut h = blake3::Hasher::new();
    let mut len = 0u64;
    for b in &d.ops {
        let rec = ops_record(b);
        h.update(&rec);
        len += rec.len() as u64;
    }
    let last = d.ops.len() as u64;
    let head_hash = d.last_hash.clone().unwrap_or_default();
    let head_sig = hex(&d
        .key
        .sign(&head_message(&d.id, last, &head_hash))
        .to_bytes());
    let mut idb = blake3::Hasher::new();
    idb.update(b"tilik-demo-generate-bundle\n");
    idb.update(&opts.seed.to_le_bytes());
    idb.update(d.id.as_bytes());
    let mut idbytes = [0u8; 16];
    idbytes.copy_from_slice(&idb.finalize().as_bytes()[..16]);
    let manifest = Manifest {
        segments: vec![SegmentEntry {
            device: d.id.clone(),
            first_seq: 1,
            last_seq: last,
            count: last,
            prev: None,
            head_hash,
            head_sig,
            section_hash: h.finalize().to_hex().to_string(),
            section_len: len,
        }],
        blobs: d
            .blobs
            .values()
            .map(|(b, _)| BlobEntry {
                hash: b.hash.clone(),
                size: b.size,
                mime: b.mime.clone(),
                name: b.name.clone(),
                included: true,
            })
            .collect(),
        instruments: vec![InstrumentEntry {
            id: inst.id.clone(),
            version: inst.version.clone(),
            hash: inst.content_hash()?,
            embedded: true,
            size: inst_bytes.len() as u64,
        }],
        devices: vec![DeviceEntry {
            device: d.id.clone(),
            name: d.name.clone(),
            role: Some("assessor".into()),
        }],
        summary: d.summary.values().cloned().collect(),
        ..Manifest::new(
            uuid::Builder::from_random_bytes(idbytes)
                .into_uuid()
                .to_string(),
            d.wall + 60_000,
            env!("CARGO_PKG_VERSION"),
            Exporter {
                device: d.id.clone(),
                name: d.name.clone(),
                role: "assessor".into(),
                office: Some(d.office.clone()).filter(|s| !s.is_empty()),
            },
        )
    };
    let mbytes = manifest.encode()?;
    let msig = d.key.sign(&cb::manifest_message(&mbytes)).to_bytes();
    let name = format!("tilik_{}_{:03}.tilik", crate::bundle::slug(&d.name), i + 1);
    let path = opts.out.join(&name);
    let tmp = opts.out.join(format!(".{name}.tmp"));
    let f = std::fs::File::create(&tmp).map_err(io("create bundle"))?;
    let e = io("write bundle");
    let mut w = ContainerWriter::new(std::io::BufWriter::new(f)).map_err(&e)?;
    w.section(kind::MANIFEST, &mbytes).map_err(&e)?;
    w.section(kind::MANIFEST_SIG, &msig).map_err(&e)?;
    w.begin(kind::OPS, len).map_err(&e)?;
    for b in &d.ops {
        w.body(&ops_record(b)).map_err(&e)?;
    }
    for (_, bytes) in d.blobs.values() {
        w.section(kind::BLOB, bytes).map_err(&e)?;
    }
    w.section(kind::INSTRUMENT, inst_bytes).map_err(&e)?;
    let (bw, size) = w.finish().map_err(&e)?;
    let f = bw.into_inner().map_err(|x| Error::Io {
        context: "write bundle".into(),
        source: x.into_error(),
    })?;
    f.sync_all().map_err(&e)?;
    drop(f);
    std::fs::rename(&tmp, &path).map_err(io("rename bundle"))?;
    Ok((path, size))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn same_seed_same_bytes() {
        let a = tempfile::tempdir().expect("tmp");
        let b = tempfile::tempdir().expect("tmp");
        let mk = |out: &Path| GenOptions {
            out: out.to_path_buf(),
            pemda: 2,
            lokus: 2,
            assessors: 3,
            conflict_rate: 0.3,
            evidence_kb: 1,
            ..GenOptions::default()
        };
        let ga = generate(&mk(a.path()), true, &mut |_, _| {}).expect("gen a");
        let gb = generate(&mk(b.path()), true, &mut |_, _| {}).expect("gen b");
        assert_eq!(ga.ops, gb.ops);
        assert!(ga.conflicts > 0);
        let mut names: Vec<_> = std::fs::read_dir(a.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        names.sort();
        assert!(names.len() >= 4, "{names:?}");
        for n in names {
            let x = std::fs::read(a.path().join(&n)).expect("read a");
            let y = std::fs::read(b.path().join(&n)).expect("read b");
            assert!(x == y, "{n:?} differs");
        }
    }
}
