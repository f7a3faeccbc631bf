//! Bundle subcommands: export, import, bundle inspect, trust, conflicts, resolve, sync.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::json;

use super::{out, out_json, trunc};
use crate::error::Result;
use crate::i18n::{self, Lang};
use crate::identity::{Role, fingerprint, short_fingerprint};
use crate::present;
use crate::workspace::bundles::{ExportOptions, Exported, ImportOutcome, Inspection, Target};
use crate::workspace::{AssessmentStatus, ConflictsReport, Workspace};

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// Ekspor bundel bertanda tangan (kumulatif), opsional dienkripsi untuk supervisor.
    Export(ExportArgs),
    /// Impor bundel: satu putusan per berkas (exit 3 bila ada yang dikarantina/ditolak).
    Import(ImportArgs),
    /// Periksa bundel tanpa mengimpor.
    Bundle {
        #[command(subcommand)]
        cmd: BundleCmd,
    },
    /// Daftar kepercayaan: kunci perangkat yang bundelnya diterima.
    Trust {
        #[command(subcommand)]
        cmd: TrustCmd,
    },
    /// Konflik terbuka (kandidat bernomor), operasi ditahan, fork, celah, bukti tertunda.
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Selesaikan konflik satu indikator (hanya supervisor).
    Resolve(ResolveArgs),
    /// Tulis bundel terbaru ke folder DIR lalu impor semua bundel di sana.
    Sync {
        dir: PathBuf,
        /// Enkripsi bundel yang ditulis untuk penerima ini (boleh berulang).
        #[arg(long = "to", value_name = "RECIPIENT")]
        to: Vec<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Tulis ke berkas ini.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        conflicts_with = "dir"
    )]
    output: Option<PathBuf>,
    /// Tulis ke folder ini dengan nama otomatis (default: folder saat ini).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Enkripsi untuk penerima age (age1…) atau entri daftar kepercayaan; boleh berulang.
    #[arg(long = "to", value_name = "RECIPIENT")]
    to: Vec<String>,
    /// Hanya yang belum ada di bundel ini (id atau kode bundel).
    #[arg(long, value_name = "BUNDLE_ID")]
    since: Option<String>,
    /// Jangan sertakan berkas bukti (dicatat sebagai tertunda di penerima).
    #[arg(long)]
    no_evidence: bool,
    /// Daftar bundel yang pernah diekspor perangkat ini.
    #[arg(long)]
    list: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    files: Vec<PathBuf>,
    /// Tampilkan log semua percobaan impor.
    #[arg(long, conflicts_with = "retry")]
    log: bool,
    /// Proses ulang bundel yang dikarantina (setelah `trust add`).
    #[arg(long)]
    retry: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
pub enum BundleCmd {
    /// Tampilkan isi bundel: versi, pengekspor, penerima, segmen, instrumen, bukti, ringkasan.
    Inspect {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TrustCmd {
    /// Percayai kunci publik sebuah perangkat (cocokkan sidik jari lewat telepon dulu).
    Add {
        #[arg(long, value_name = "PUBLIC_KEY")]
        key: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: Role,
        /// Penerima age orang itu (agar `export --to NAMA` dapat dipakai).
        #[arg(long, value_name = "AGE_RECIPIENT")]
        age: Option<String>,
    },
    /// Muat daftar penilai dari berkas roster.toml (`[[member]]`: name, role, public_key,
    /// nip, office), mis. dari kantor atau dari `tilik demo generate`.
    Import { file: PathBuf },
    /// Daftar kunci yang dipercaya.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Hapus kunci dari daftar (kunci, sidik jari atau nama).
    Remove { key: String },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("choice").required(true).args(["pick", "value"])))]
pub struct ResolveArgs {
    assessment: String,
    indicator: String,
    /// Pilih kandidat nomor N (seperti di `tilik conflicts`).
    #[arg(long)]
    pick: Option<usize>,
    /// Tetapkan nilai ini.
    #[arg(long)]
    value: Option<String>,
    /// Alasan keputusan (wajib; ikut terkirim).
    #[arg(long)]
    reason: String,
}

fn no_progress() -> impl FnMut(u64, u64) {
    |_, _| {}
}

/// Run one bundle command. Returns the exit status.
///
/// # Errors
/// Library errors (the caller prints their sentence).
pub fn run(ws: &Workspace, lang: Lang, cmd: &BundleCommand) -> Result<i32> {
    match cmd {
        BundleCommand::Export(a) => export(ws, lang, a),
        BundleCommand::Import(a) => import(ws, lang, a),
        BundleCommand::Bundle {
            cmd: BundleCmd::Inspect { file, json },
        } => {
            let ins = ws.inspect(file)?;
            if *json {
                out_json(&present::json::inspection(&ins, lang)?);
            } else {
                print_inspection(ws, &ins, lang);
            }
            Ok(if ins.fault.is_some() { 3 } else { 0 })
        }
        BundleCommand::Trust { cmd } => trust(ws, lang, cmd),
        BundleCommand::Conflicts { json } => {
            let r = ws.conflicts()?;
            if *json {
                out_json(&present::json::conflicts(&r, lang)?);
            } else {
                print_conflicts(&r, lang);
            }
            Ok(0)
        }
        BundleCommand::Resolve(a) => {
            let aid = ws.resolve_id(&a.assessment)?;
            let ops = ws.resolve(&aid, &a.indicator, a.pick, a.value.as_deref(), &a.reason)?;
            if let Some(op) = ops.first()
                && let crate::core::op::OpBody::Resolve {
                    indicator, value, ..
                } = &op.body
            {
                out(&format!(
                    "{} {indicator} = {} · {}: {}",
                    lang.t("Diselesaikan:", "Resolved:"),
                    value.short(lang.en()),
                    lang.t("alasan", "reason"),
                    i18n::inert(&a.reason, false)
                ));
                out(lang.t(
                    "Keputusan ini ikut terkirim di ekspor supervisor berikutnya.",
                    "This decision travels in the supervisor's next export.",
                ));
            }
            Ok(0)
        }
        BundleCommand::Sync { dir, to, json } => {
            let r = ws.sync_folder(dir, to, &mut no_progress())?;
            let code = exit_for(&r.imports);
            if *json {
                out_json(&json!({"exported": r.exported,
                    "imports": present::json::outcomes(&r.imports, lang)?, "exit": code}));
            } else {
                print_exported(&r.exported, lang);
                if r.imports.is_empty() {
                    out(lang.t(
                        "Tidak ada bundel lain di folder itu.",
                        "No other bundles in that folder.",
                    ));
                }
                for o in &r.imports {
                    print_outcome(o, lang);
                }
            }
            Ok(code)
        }
    }
}

fn exit_for(outcomes: &[ImportOutcome]) -> i32 {
    if outcomes.iter().all(|o| o.verdict.ok()) {
        0
    } else {
        3
    }
}

fn export(ws: &Workspace, lang: Lang, a: &ExportArgs) -> Result<i32> {
    if a.list {
        let list = ws.exports()?;
        if a.json {
            out_json(&serde_json::to_value(&list).unwrap_or_default());
        } else if list.is_empty() {
            out(lang.t("Belum ada ekspor.", "No exports yet."));
        } else {
            for r in list {
                out(&format!(
                    "{}  {}  {}  {:>6} {}  {}",
                    i18n::datetime(r.created_ms),
                    r.code,
                    r.bundle_id,
                    r.ops,
                    lang.t("operasi", "ops"),
                    r.file
                ));
            }
        }
        return Ok(0);
    }
    let target = match (&a.output, &a.dir) {
        (Some(f), _) => Target::File(f.clone()),
        (None, Some(d)) => Target::Dir(d.clone()),
        (None, None) => Target::Dir(PathBuf::from(".")),
    };
    let e = ws.export(
        &ExportOptions {
            target,
            to: a.to.clone(),
            since: a.since.clone(),
            no_evidence: a.no_evidence,
        },
        &mut no_progress(),
    )?;
    if a.json {
        out_json(&serde_json::to_value(&e).unwrap_or_default());
    } else {
        print_exported(&e, lang);
    }
    Ok(0)
}

fn print_exported(e: &Exported, lang: Lang) {
    for l in present::export::cli_lines(e, lang) {
        out(&l);
    }
}

fn print_outcome(o: &ImportOutcome, lang: Lang) {
    out(&present::import::cli_line(o, lang));
}

fn import(ws: &Workspace, lang: Lang, a: &ImportArgs) -> Result<i32> {
    if a.log {
        let log = ws.import_log()?;
        if a.json {
            out_json(&serde_json::to_value(&log).unwrap_or_default());
        } else if log.is_empty() {
            out(lang.t("Log impor kosong.", "The import log is empty."));
        } else {
            for r in log {
                out(&format!(
                    "{}  {:<22} {:<18} {}  {} {}  {} {}  {} {}",
                    i18n::datetime(r.time_ms),
                    r.verdict.as_str(),
                    r.reason.as_str(),
                    r.hash.as_deref().map_or("—", |h| &h[..12.min(h.len())]),
                    r.size,
                    "B",
                    lang.t("pengirim", "signer"),
                    i18n::inert(r.signer_name.as_deref().unwrap_or("—"), false),
                    r.new_ops,
                    lang.t("operasi baru", "new ops"),
                ));
                out(&format!(
                    "    {} · {} {}",
                    i18n::inert(&r.file, false),
                    lang.t("tahap", "stage"),
                    r.stage
                ));
            }
        }
        return Ok(0);
    }
    let mut outcomes = Vec::new();
    if a.retry {
        outcomes.extend(ws.retry_quarantined(&mut no_progress())?);
        if outcomes.is_empty() && !a.json {
            out(lang.t(
                "Tidak ada bundel yang dikarantina.",
                "No quarantined bundles.",
            ));
        }
    }
    outcomes.extend(ws.import_files(&a.files, &mut no_progress())?);
    if !a.retry && a.files.is_empty() {
        return Err(crate::error::Error::Io {
            context: lang.t("impor", "import").into(),
            source: std::io::Error::other(lang.t(
                "sebutkan berkas bundel, atau --retry / --log",
                "name bundle files, or --retry / --log",
            )),
        });
    }
    let code = exit_for(&outcomes);
    if a.json {
        out_json(&present::json::outcomes(&outcomes, lang)?);
    } else {
        for o in &outcomes {
            print_outcome(o, lang);
        }
    }
    Ok(code)
}

fn trust(ws: &Workspace, lang: Lang, cmd: &TrustCmd) -> Result<i32> {
    match cmd {
        TrustCmd::Add {
            key,
            name,
            role,
            age,
        } => {
            let (e, waiting) = ws.trust_add(key, name, *role, age.as_deref())?;
            out(&format!(
                "{} {} ({}) · {} {}",
                lang.t("Dipercaya:", "Trusted:"),
                i18n::inert(&e.name, false),
                e.role.as_str(),
                lang.t("sidik jari", "fingerprint"),
                fingerprint(&e.device)
            ));
            if waiting > 0 {
                out(&format!(
                    "{waiting} {}",
                    lang.t(
                        "bundel dari kunci ini menunggu di karantina; jalankan `tilik import --retry`.",
                        "bundle(s) from this key wait in quarantine; run `tilik import --retry`."
                    )
                ));
            }
            Ok(0)
        }
        TrustCmd::Import { file } => {
            let (list, waiting) = ws.trust_import(file)?;
            out(&format!(
                "{} {} {}",
                lang.t("Dipercaya:", "Trusted:"),
                list.len(),
                lang.t("kunci dari daftar", "keys from the roster")
            ));
            if waiting > 0 {
                out(&format!(
                    "{waiting} {}",
                    lang.t(
                        "bundel menunggu di karantina; jalankan `tilik import --retry`.",
                        "bundle(s) wait in quarantine; run `tilik import --retry`."
                    )
                ));
            }
            Ok(0)
        }
        TrustCmd::List { json } => {
            let list = ws.trust_list()?;
            if *json {
                out_json(&serde_json::Value::Array(
                    list.iter()
                        .map(|e| {
                            json!({"device": e.device, "public_key": e.device, "name": e.name,
                            "role": e.role.as_str(), "fingerprint": fingerprint(&e.device),
                            "added_ms": e.added_ms, "age_recipient": e.age_recipient})
                        })
                        .collect(),
                ));
            } else if list.is_empty() {
                out(lang.t(
                    "Daftar kepercayaan kosong. Tambahkan dengan `tilik trust add`.",
                    "The trust roster is empty. Add keys with `tilik trust add`.",
                ));
            } else {
                for e in list {
                    out(&format!(
                        "{:<24} {:<10} {}  {}…  {}",
                        trunc(&i18n::inert(&e.name, false), 24),
                        e.role.as_str(),
                        fingerprint(&e.device),
                        &e.device[..16],
                        i18n::date(e.added_ms, lang)
                    ));
                }
            }
            Ok(0)
        }
        TrustCmd::Remove { key } => {
            let e = ws.trust_remove(key)?;
            out(&format!(
                "{} {} ({})",
                lang.t("Dihapus dari daftar:", "Removed from the roster:"),
                i18n::inert(&e.name, false),
                short_fingerprint(&e.device)
            ));
            Ok(0)
        }
    }
}

fn print_inspection(ws: &Workspace, ins: &Inspection, lang: Lang) {
    let yes = |b: bool| {
        if b {
            lang.t("ya", "yes")
        } else {
            lang.t("tidak", "no")
        }
    };
    out(&format!(
        "{}: {} ({} B) · {} {}",
        lang.t("Berkas", "File"),
        ins.file,
        ins.size,
        lang.t("kode", "code"),
        ins.code
    ));
    match ins.envelope.as_str() {
        "plain" => out(&format!(
            "{}: {}",
            lang.t("Amplop", "Envelope"),
            lang.t(
                "tidak terenkripsi (bertanda tangan)",
                "not encrypted (signed)"
            )
        )),
        "age" => out(&format!(
            "{}: {} {} · {}: {}",
            lang.t("Amplop", "Envelope"),
            lang.t("terenkripsi age untuk", "age-encrypted for"),
            if lang.en() {
                format!("{} recipient stanza(s)", ins.recipient_stanzas)
            } else {
                format!("{} penerima", ins.recipient_stanzas)
            },
            lang.t("dapat dibuka di sini", "can be opened here"),
            yes(ins.can_decrypt)
        )),
        _ => {}
    }
    if let Some(v) = &ins.format_version {
        out(&format!("{}: v{v}", lang.t("Format", "Format")));
    }
    if let Some(m) = &ins.manifest {
        out(&format!(
            "{}: {} ({}) · {} {} · {}: {} · {}: {}",
            lang.t("Pengekspor", "Exporter"),
            i18n::inert(&m.exporter.name, false),
            i18n::inert(&m.exporter.role, false),
            lang.t("sidik jari", "fingerprint"),
            ins.exporter_fingerprint.as_deref().unwrap_or(""),
            lang.t("dipercaya", "trusted"),
            yes(ins.signer_trusted),
            lang.t("tanda tangan sah", "signature valid"),
            yes(ins.signature_ok)
        ));
        out(&format!(
            "{}: {} · {} {}{}",
            lang.t("Bundel", "Bundle"),
            m.bundle_id,
            lang.t("dibuat", "created"),
            i18n::datetime(m.created_ms),
            m.since.as_ref().map_or_else(String::new, |s| format!(
                " · {} {s}",
                lang.t("sejak", "since")
            ))
        ));
        if !m.recipients.is_empty() {
            out(&format!(
                "{}: {}",
                lang.t("Penerima yang dituju", "Intended recipients"),
                m.recipients.join(", ")
            ));
        }
        out(&format!("{}:", lang.t("Segmen operasi", "Op segments")));
        for s in &ins.segments {
            out(&format!(
                "  {} ({}): {} {}–{} ({} {})",
                i18n::inert(&s.name, false),
                short_fingerprint(&s.device),
                lang.t("nomor", "numbers"),
                s.first_seq,
                s.last_seq,
                s.count,
                lang.t("operasi", "ops")
            ));
        }
        if !m.instruments.is_empty() {
            out(&format!("{}:", lang.t("Instrumen", "Instruments")));
            for i in &m.instruments {
                out(&format!(
                    "  {} v{} ({}) {}",
                    i18n::inert(&i.id, false),
                    i18n::inert(&i.version, false),
                    &i.hash[..12.min(i.hash.len())],
                    if i.embedded {
                        lang.t("disertakan", "embedded")
                    } else {
                        lang.t("tidak disertakan", "not embedded")
                    }
                ));
            }
        }
        let inc = m.blobs.iter().filter(|b| b.included).count();
        out(&format!(
            "{}: {inc} {}, {} {}",
            lang.t("Bukti", "Evidence"),
            lang.t("disertakan", "included"),
            m.blobs.len() - inc,
            lang.t("tidak disertakan", "omitted")
        ));
        for b in &m.blobs {
            out(&format!(
                "  {} ({} B) {}{}",
                i18n::inert(&b.name, false),
                b.size,
                &b.hash[..12.min(b.hash.len())],
                if b.included {
                    ""
                } else {
                    lang.t(" [tidak disertakan]", " [omitted]")
                }
            ));
        }
        if !m.summary.is_empty() {
            out(&format!(
                "{}:",
                lang.t("Ringkasan penilaian", "Assessments")
            ));
            for a in &m.summary {
                out(&format!(
                    "  {} › {} · {} · {} {} · {} {} · {} · {}",
                    i18n::inert(&a.pemda_name, false),
                    i18n::inert(&a.lokus_name, false),
                    i18n::inert(&a.instrument, false),
                    a.answers,
                    lang.t("jawaban", "answers"),
                    a.conflicts,
                    lang.t("konflik", "conflicts"),
                    present::words::status_word(lang, AssessmentStatus::from_manifest(&a.status)),
                    &a.id
                ));
            }
        }
    }
    match ins
        .fault
        .as_ref()
        .map(|f| present::faults::fault_message(f, lang))
    {
        None => out(&format!(
            "{}: {}",
            lang.t("Pemeriksaan", "Check"),
            lang.t(
                "lolos (tanda tangan dan isi sesuai)",
                "passed (signatures and content match)"
            )
        )),
        Some(m) => out(&format!("{}: {m}", lang.t("Pemeriksaan", "Check"))),
    }
    let _ = ws;
}

fn print_conflicts(r: &ConflictsReport, lang: Lang) {
    if r.conflicts.is_empty() {
        out(lang.t("Tidak ada konflik terbuka.", "No open conflicts."));
    }
    for c in &r.conflicts {
        out(&format!(
            "{} › {} · {} · {}",
            i18n::inert(&c.pemda_name, false),
            i18n::inert(&c.lokus_name, false),
            c.assessment,
            c.indicator
        ));
        for k in &c.candidates {
            let mut line = format!(
                "  {}. {:<4} {} ({})",
                k.n,
                present::words::answer_short(lang, k.raw),
                k.name,
                i18n::short_datetime(k.wall_ms, lang)
            );
            if let Some(n) = &k.note {
                line.push_str(&format!(" · {}: \"{n}\"", lang.t("catatan", "note")));
            }
            if !k.evidence.is_empty() {
                line.push_str(&format!(
                    " · {}: {}",
                    lang.t("bukti", "evidence"),
                    k.evidence.join(", ")
                ));
            }
            if let Some(res) = &k.resolution {
                line.push_str(&format!(" · {}: {res}", lang.t("keputusan", "resolution")));
            }
            out(&line);
        }
    }
    if !r.held.is_empty() {
        out(&format!(
            "{} ({}):",
            lang.t("Operasi ditahan", "Held ops"),
            r.held.len()
        ));
        for h in &r.held {
            out(&format!(
                "  {} #{} {} {} {} — {}: {}",
                h.name,
                h.seq,
                h.kind,
                h.assessment,
                h.indicator.as_deref().unwrap_or(""),
                h.reason,
                i18n::inert(&h.detail, false)
            ));
        }
    }
    for f in &r.forks {
        out(&format!(
            "{}: {} ({}) {} {}",
            lang.t("Fork", "Fork"),
            f.name,
            f.fingerprint,
            lang.t("dikarantina mulai nomor", "quarantined from number"),
            f.seq
        ));
    }
    for g in &r.gaps {
        out(&format!(
            "{} {}: {} {} {}",
            lang.t("Celah: perangkat", "Gap: device"),
            g.name,
            lang.t("nomor", "numbers"),
            if g.from == g.to {
                g.from.to_string()
            } else {
                format!("{}–{}", g.from, g.to)
            },
            lang.t("belum diterima", "not received yet")
        ));
    }
    if !r.pending_evidence.is_empty() {
        out(&format!(
            "{}: {}",
            lang.t("Bukti belum diterima", "Evidence not received yet"),
            r.pending_evidence.len()
        ));
    }
}
