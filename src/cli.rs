//! The headless command line (clap). Every command calls [`Workspace`]; output is plain
//! text in the chosen language, or JSON with stable field names where `--json` is offered.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use serde_json::json;

use crate::config::Dirs;
use crate::core::instrument::Instrument;
use crate::core::op::AnswerValue;
use crate::core::region::LOKUS_TYPES;
use crate::core::scoring::classify;
use crate::error::{Error, Result};
use crate::i18n::{self, Lang, num, num_opt};
use crate::identity::Role;
use crate::workspace::{Detail, Workspace};

mod bundle_cmds;

#[derive(Debug, Parser)]
#[command(
    name = "tilik",
    version,
    about = "Penilaian kepatuhan pelayanan publik, luring lebih dulu (offline-first assessments for Ombudsman RI)",
    long_about = "Tanpa subperintah, tilik membuka antarmuka terminal. Without a subcommand, tilik opens the terminal UI."
)]
pub struct Cli {
    /// Folder data (penyimpanan); default dari sistem, atau TILIK_DATA_DIR.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Folder konfigurasi; default dari sistem, atau TILIK_CONFIG_DIR.
    #[arg(long, global = true, value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// Bahasa pesan: id (default) atau en.
    #[arg(long, global = true, value_enum, default_value_t = Lang::Id)]
    pub lang: Lang,
    /// Buka tampilan supervisor di antarmuka terminal.
    #[arg(long)]
    pub supervisor: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Tampilkan folder data dan konfigurasi.
    Paths,
    /// Buat identitas perangkat (kunci Ed25519) untuk penilai atau supervisor.
    Init {
        #[arg(long)]
        name: String,
        #[arg(long)]
        nip: Option<String>,
        /// Kantor Perwakilan, mis. "Perwakilan Kalbar".
        #[arg(long)]
        office: Option<String>,
        #[arg(long, value_enum, default_value_t = Role::Assessor)]
        role: Role,
    },
    /// Tampilkan identitas perangkat ini.
    Whoami {
        #[arg(long)]
        json: bool,
    },
    /// Daftar instrumen, atau tampilkan/periksa satu instrumen.
    Instruments {
        #[command(subcommand)]
        cmd: Option<InstrumentsCmd>,
        #[arg(long)]
        json: bool,
    },
    /// Kategori dan zona untuk sebuah nilai.
    Classify {
        #[arg(long)]
        instrument: String,
        score: f64,
        #[arg(long)]
        json: bool,
    },
    /// Daftar provinsi, kabupaten dan kota (kode Kemendagri).
    Regions {
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Buat penilaian baru (atau tampilkan id penilaian yang sudah ada untuk kunci yang sama).
    New {
        #[arg(long)]
        round: u16,
        /// Default: instrumen untuk tahun itu.
        #[arg(long)]
        instrument: Option<String>,
        /// Kode atau nama pemda, mis. 61.71 atau "Kota Pontianak".
        #[arg(long)]
        pemda: String,
        /// Jenis lokus: dpmptsp, disdukcapil, dinkes, dinsos, disdik, puskesmas, polres, kantah, lainnya.
        #[arg(long)]
        lokus: String,
        /// Nama lokus (wajib untuk Puskesmas dan lainnya).
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Daftar penilaian di perangkat ini.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Jawab satu indikator (nilai skala, atau n untuk tidak berlaku).
    Answer {
        id: String,
        indicator: String,
        value: String,
        #[arg(long)]
        note: Option<String>,
        /// Berkas bukti (foto, dokumen); boleh berulang.
        #[arg(long)]
        evidence: Vec<PathBuf>,
    },
    /// Tulis catatan untuk satu indikator.
    Note {
        id: String,
        indicator: String,
        text: String,
    },
    /// Tandai (atau lepas tanda) satu indikator untuk diperiksa lagi.
    Flag {
        id: String,
        indicator: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Batalkan perubahan terakhir Anda di sebuah penilaian.
    Undo { id: String },
    /// Tampilkan nilai, kategori dan kemajuan sebuah penilaian.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Finalkan penilaian (semua indikator terjawab atau t/a).
    Finalize { id: String },
    /// Riwayat operasi sebuah penilaian: siapa, kapan, lama → baru.
    Log {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// For the durability tests: answer in a loop, printing `ack N` after each durable save.
    #[command(hide = true)]
    DebugWriteLoop {
        id: String,
        #[arg(long, default_value_t = 0)]
        start: u64,
        #[arg(long, default_value_t = 1000)]
        count: u64,
    },
    /// Laporan untuk supervisor: nilai, kategori, peringkat, indikator terlemah, target, perbandingan.
    Report {
        /// Tahun penilaian (default: semua).
        #[arg(long)]
        round: Option<u16>,
        /// Hanya pemda di provinsi ini (nama atau kode).
        #[arg(long)]
        province: Option<String>,
        /// Hanya pemda ini (nama atau kode).
        #[arg(long)]
        pemda: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Berkas keluaran (wajib untuk xlsx dan svg).
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// Nilai target, mis. 90: selisih dan indikator yang paling cepat menutupnya.
        #[arg(long)]
        target: Option<f64>,
        /// Bandingkan dengan tahun ini (dari penyimpanan atau hasil terbit yang diimpor).
        #[arg(long)]
        compare: Option<u16>,
        /// Tolak membuat laporan bila ada konflik atau penilaian belum final.
        #[arg(long)]
        strict: bool,
        /// Jumlah indikator terlemah per pemda dan per lokus.
        #[arg(long, default_value_t = 5)]
        weakest: usize,
    },
    /// Rapor satu kantor (penilaian) atau semua lokus sebuah pemda, dalam Markdown.
    Rapor {
        /// Id penilaian, atau nama/kode pemda.
        target: String,
        #[arg(long)]
        round: Option<u16>,
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    /// Hasil penilaian yang diterbitkan (untuk perbandingan antartahun).
    Results {
        #[command(subcommand)]
        cmd: ResultsCmd,
    },
    /// Data contoh untuk mencoba tilik.
    Demo {
        #[command(subcommand)]
        cmd: DemoCmd,
    },
    /// Perawatan penyimpanan.
    Store {
        #[command(subcommand)]
        cmd: StoreCmd,
    },
    #[command(flatten)]
    Bundles(bundle_cmds::BundleCommand),
}

#[derive(Debug, Subcommand)]
pub enum InstrumentsCmd {
    /// Tampilkan isi satu instrumen, termasuk bagian yang direkonstruksi.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Periksa sebuah berkas instrumen (keluar 1 dengan `berkas:baris:kolom: pesan`).
    Check { file: PathBuf },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Table,
    Md,
    Csv,
    Xlsx,
    Json,
    Svg,
}

#[derive(Debug, Subcommand)]
pub enum ResultsCmd {
    /// Impor CSV berkolom round, pemda (kode atau nama), score.
    Import { file: PathBuf },
    /// Tampilkan hasil terbit yang sudah diimpor.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DemoCmd {
    /// Isi penyimpanan dengan beberapa penilaian contoh di Kalimantan Barat dan Timur.
    Seed,
    /// Data lapangan sintetis deterministik: bundel bertanda tangan dari perangkat penilai
    /// simulasi plus roster.toml (default: satu tahun nasional, 587 pemda × 9 lokus).
    Generate(GenerateArgs),
}

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Folder tujuan (dibuat bila belum ada).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[arg(long, default_value_t = 587)]
    pemda: usize,
    #[arg(long, default_value_t = 9)]
    lokus: usize,
    #[arg(long, default_value_t = 150)]
    assessors: usize,
    /// Rata-rata jumlah simpan per jawaban (1,0 = tanpa suntingan).
    #[arg(long, default_value_t = 1.2)]
    edits_per_answer: f64,
    /// Bagian indikator yang juga dijawab berbeda oleh anggota tim lain (konflik).
    #[arg(long, default_value_t = 0.02)]
    conflict_rate: f64,
    /// Ukuran tiap berkas bukti (KiB); 0 = tanpa bukti.
    #[arg(long, default_value_t = 8)]
    evidence_kb: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Tulis juga answers.csv (satu baris per jawaban) untuk pembanding.
    #[arg(long)]
    csv: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
pub enum StoreCmd {
    /// Bangun ulang proyeksi dari log operasi dan bandingkan dengan yang hidup.
    Rebuild {
        /// Hanya bandingkan; keluar 1 bila berbeda.
        #[arg(long)]
        check: bool,
    },
}

fn out(s: &str) {
    let mut o = std::io::stdout().lock();
    let _ = writeln!(o, "{s}");
}

fn out_json(v: &serde_json::Value) {
    out(&serde_json::to_string_pretty(v).unwrap_or_default());
}

/// Run a parsed command that is not the TUI. Returns the exit status.
///
/// # Errors
/// Any library error; the caller prints its user message.
pub fn run(cli: &Cli, command: &Command) -> Result<i32> {
    let lang = cli.lang;
    let dirs = Dirs::resolve(cli.data_dir.as_deref(), cli.config_dir.as_deref());
    // Commands that do not need the store.
    match command {
        Command::Paths => {
            out(&format!("data:        {}", dirs.data.display()));
            out(&format!("store:       {}", dirs.store().display()));
            out(&format!("config:      {}", dirs.config.display()));
            out(&format!("instruments: {}", dirs.instruments().display()));
            return Ok(0);
        }
        Command::Instruments {
            cmd: Some(InstrumentsCmd::Check { file }),
            ..
        } => return Ok(check_instrument(file, lang)),
        Command::Regions { search, json } => {
            let regions = crate::assets::regions();
            let list: Vec<_> = match search {
                Some(q) => regions.search(q),
                None => regions.all().iter().collect(),
            };
            if *json {
                out_json(&serde_json::to_value(&list).unwrap_or_default());
            } else {
                for r in &list {
                    out(&format!("{:<6} {:<10} {}", r.code, r.kind, r.name));
                }
                if list.is_empty() {
                    out(lang.t("Tidak ada yang cocok.", "No match."));
                }
            }
            return Ok(0);
        }
        Command::Demo {
            cmd: DemoCmd::Generate(a),
        } => {
            let opts = crate::demo::generate::GenOptions {
                out: a.out.clone(),
                pemda: a.pemda,
                lokus: a.lokus,
                assessors: a.assessors,
                edits_per_answer: a.edits_per_answer,
                conflict_rate: a.conflict_rate,
                evidence_kb: a.evidence_kb,
                seed: a.seed,
                ..crate::demo::generate::GenOptions::default()
            };
            let g = crate::demo::generate::generate(&opts, a.csv, &mut |_, _| {})?;
            if a.json {
                out_json(&serde_json::to_value(&g).unwrap_or_default());
            } else {
                out(&format!(
                    "{} {} {}, {} {}, {} {}, {} {}, {} {} · {}",
                    lang.t("Dibuat:", "Generated:"),
                    g.bundles,
                    lang.t("bundel", "bundles"),
                    g.assessments,
                    lang.t("penilaian", "assessments"),
                    g.ops,
                    lang.t("operasi", "ops"),
                    g.conflicts,
                    lang.t("konflik", "conflicts"),
                    g.blobs,
                    lang.t("bukti", "evidence files"),
                    g.roster
                ));
            }
            return Ok(0);
        }
        _ => {}
    }
    let ws = Workspace::open(&dirs, lang)?;
    for p in &ws.override_problems {
        for x in &p.problems {
            eprintln!(
                "{}:{}:{}: {} ({})",
                p.file,
                x.line,
                x.col,
                x.text(lang.en()),
                lang.t("berkas diabaikan", "file ignored")
            );
        }
    }
    if ws.rotated() {
        eprintln!(
            "{}",
            lang.t(
                "Penyimpanan ini salinan atau pulihan: perangkat ini mendapat kunci baru agar tidak terjadi fork.",
                "This store is a copy or a restore: this device got a new key so no fork can happen."
            )
        );
    }
    if let Some(notice) = ws.recovery_notice() {
        eprintln!("{notice}");
    }
    match command {
        Command::Init {
            name,
            nip,
            office,
            role,
        } => {
            let id = ws.init(name, nip.clone(), office.clone(), *role)?;
            out(&format!(
                "{} {} ({})",
                lang.t("Identitas dibuat untuk", "Identity created for"),
                id.name,
                id.role.as_str()
            ));
            out(&format!(
                "{}: {}",
                lang.t("Sidik jari", "Fingerprint"),
                id.fingerprint()
            ));
            Ok(0)
        }
        Command::Whoami { json } => {
            let id = ws.require_identity()?;
            if *json {
                out_json(&json!({
                    "name": id.name,
                    "nip": id.nip,
                    "office": id.office,
                    "role": id.role.as_str(),
                    "device_id": id.device,
                    "public_key": id.device,
                    "fingerprint": id.fingerprint(),
                    "age_recipient": ws.age_recipient()?,
                }));
            } else {
                out(&format!("{}: {}", lang.t("Nama", "Name"), id.name));
                if let Some(n) = &id.nip {
                    out(&format!("NIP: {n}"));
                }
                if let Some(o) = &id.office {
                    out(&format!("{}: {o}", lang.t("Kantor", "Office")));
                }
                out(&format!(
                    "{}: {}",
                    lang.t("Peran", "Role"),
                    id.role.as_str()
                ));
                out(&format!(
                    "{}: {}",
                    lang.t("Kunci publik", "Public key"),
                    id.device
                ));
                out(&format!(
                    "{}: {}",
                    lang.t("Sidik jari", "Fingerprint"),
                    id.fingerprint()
                ));
                out(&format!(
                    "{}: {}",
                    lang.t("Penerima age", "age recipient"),
                    ws.age_recipient()?
                ));
            }
            Ok(0)
        }
        Command::Instruments { cmd, json } => match cmd {
            None => {
                let list: Vec<_> = ws.catalog().all().collect();
                if *json {
                    out_json(&serde_json::Value::Array(
                        list.iter()
                            .map(|i| {
                                Ok(json!({"id": i.id, "family": i.family, "version": i.version,
                                "round": i.round, "title": i.title, "indicators": i.indicator_count(),
                                "hash": i.content_hash()?, "reconstructed": !i.reconstructed_parts().is_empty()}))
                            })
                            .collect::<Result<_>>()?,
                    ));
                } else {
                    for i in list {
                        out(&format!(
                            "{:<16} {:<5} {:>3} {}  {}",
                            i.id,
                            i.round,
                            i.indicator_count(),
                            lang.t("indikator", "indicators"),
                            i.title
                        ));
                    }
                }
                Ok(0)
            }
            Some(InstrumentsCmd::Show { id, json }) => {
                let i = ws.instrument(id)?;
                if *json {
                    let mut v = serde_json::to_value(i).unwrap_or_default();
                    v["hash"] = json!(i.content_hash()?);
                    v["reconstructed_parts"] = json!(i.reconstructed_parts());
                    out_json(&v);
                } else {
                    print_instrument(i, lang)?;
                }
                Ok(0)
            }
            Some(InstrumentsCmd::Check { .. }) => Ok(0),
        },
        Command::Classify {
            instrument,
            score,
            json,
        } => {
            let i = ws.instrument(instrument)?;
            if !(0.0..=i.scoring.max).contains(score) {
                return Err(Error::ValueOutOfScale {
                    indicator: i.id.clone(),
                    value: score.to_string(),
                    allowed: format!("0–{}", i.scoring.max),
                });
            }
            let c = classify(i, *score).ok_or_else(|| Error::UnknownInstrument(i.id.clone()))?;
            if *json {
                out_json(
                    &json!({"score": crate::core::instrument::round_to(*score, 2),
                    "category": c.category, "label": if lang.en() { &c.label_en } else { &c.label },
                    "zone": c.zone.as_str()}),
                );
            } else {
                let label = if lang.en() { &c.label_en } else { &c.label };
                let zone = if lang.en() {
                    c.zone.english()
                } else {
                    c.zone.as_str()
                };
                out(&format!(
                    "{} {} {label}, {} {zone}",
                    num(*score, lang),
                    c.category,
                    lang.t("zona", "zone")
                ));
            }
            Ok(0)
        }
        Command::New {
            round,
            instrument,
            pemda,
            lokus,
            name,
            json,
        } => {
            let c =
                ws.new_assessment(*round, instrument.as_deref(), pemda, lokus, name.as_deref())?;
            if *json {
                out_json(&json!({"id": c.id, "created": c.created}));
            } else {
                out(&c.id);
                if !c.created {
                    eprintln!(
                        "{}",
                        lang.t(
                            "Penilaian dengan kunci yang sama sudah ada; id-nya dipakai lagi.",
                            "An assessment with the same key exists; its id is reused."
                        )
                    );
                }
            }
            Ok(0)
        }
        Command::List { json } => {
            let list = ws.list()?;
            if *json {
                out_json(&serde_json::to_value(&list).unwrap_or_default());
            } else if list.is_empty() {
                out(lang.t(
                    "Belum ada penilaian. Buat dengan `tilik new`.",
                    "No assessments yet. Create one with `tilik new`.",
                ));
            } else {
                for s in list {
                    out(&format!(
                        "{}  {}  {:<20} {:<26} {:<14} {:>3}/{:<3} {:>6} {:<2} {}",
                        s.id,
                        s.round,
                        trunc(&s.pemda_name, 20),
                        trunc(&s.lokus_name, 26),
                        s.instrument,
                        s.answered,
                        s.total,
                        num_opt(s.score, lang),
                        s.category.as_deref().unwrap_or("—"),
                        crate::present::words::status_word(lang, s.status)
                    ));
                }
            }
            Ok(0)
        }
        Command::Answer {
            id,
            indicator,
            value,
            note,
            evidence,
        } => {
            let aid = ws.resolve_id(id)?;
            let d = ws.detail(&aid)?;
            let v = Workspace::parse_value(&d.instrument, indicator, value)?;
            let files: Vec<&std::path::Path> = evidence.iter().map(PathBuf::as_path).collect();
            ws.answer(&aid, indicator, Some(v), note.as_deref(), &files)?;
            let d = ws.detail(&aid)?;
            out(&format!(
                "{} {} = {} · {} {}/{} · {} {}",
                lang.t("Tersimpan:", "Saved:"),
                indicator.to_uppercase(),
                v.short(lang.en()),
                lang.t("terisi", "answered"),
                d.score.answered,
                d.score.total,
                lang.t("nilai", "score"),
                num_opt(d.score.score, lang)
            ));
            Ok(0)
        }
        Command::Note {
            id,
            indicator,
            text,
        } => {
            let aid = ws.resolve_id(id)?;
            ws.set_note(&aid, indicator, text)?;
            out(lang.t("Catatan tersimpan.", "Note saved."));
            Ok(0)
        }
        Command::Flag {
            id,
            indicator,
            reason,
        } => {
            let aid = ws.resolve_id(id)?;
            let on = ws.toggle_flag(&aid, indicator, reason.as_deref())?;
            out(if on {
                lang.t("Ditandai.", "Flagged.")
            } else {
                lang.t("Tanda dilepas.", "Flag removed.")
            });
            Ok(0)
        }
        Command::Undo { id } => {
            let aid = ws.resolve_id(id)?;
            let op = ws.undo(&aid)?;
            out(&format!(
                "{} {} {}",
                lang.t("Dibatalkan:", "Undone:"),
                op.body.kind(),
                op.body.indicator().unwrap_or("")
            ));
            Ok(0)
        }
        Command::Show { id, json } => {
            let aid = ws.resolve_id(id)?;
            let d = ws.detail(&aid)?;
            if *json {
                out_json(&detail_json(&d, lang));
            } else {
                print_detail(&ws, &d, lang);
            }
            Ok(0)
        }
        Command::Finalize { id } => {
            let aid = ws.resolve_id(id)?;
            let d = ws.finalize(&aid)?;
            out(&format!(
                "{} {} · {} {} {}",
                lang.t("Difinalkan:", "Finalized:"),
                d.summary.lokus_name,
                num_opt(d.score.score, lang),
                d.summary.category.as_deref().unwrap_or("—"),
                d.summary.label.as_deref().unwrap_or("")
            ));
            Ok(0)
        }
        Command::Log { id, json } => {
            let aid = ws.resolve_id(id)?;
            let log = ws.log(&aid)?;
            if *json {
                out_json(&serde_json::to_value(&log).unwrap_or_default());
            } else {
                for e in log {
                    let change = match (&e.old, &e.new) {
                        (Some(o), Some(n)) => {
                            format!("{} → {}", i18n::inert(o, false), i18n::inert(n, false))
                        }
                        (None, Some(n)) => i18n::inert(n, false),
                        (Some(o), None) => format!("{} → —", i18n::inert(o, false)),
                        (None, None) => String::new(),
                    };
                    out(&format!(
                        "{}  {:<18} #{:<4} {:<17} {:<6} {}",
                        i18n::datetime(e.wall_ms),
                        trunc(&i18n::inert(&e.who, false), 18),
                        e.seq,
                        e.kind,
                        e.indicator.unwrap_or_default(),
                        change
                    ));
                }
            }
            Ok(0)
        }
        Command::Store {
            cmd: StoreCmd::Rebuild { check },
        } => {
            let c = ws.rebuild_check(!*check)?;
            if c.indexed != c.ops {
                out(lang.t(
                    &format!(
                        "Indeks penilaian tidak lengkap: {} dari {} operasi terindeks. Cadangkan folder penyimpanan lalu laporkan ke pengembang.",
                        c.indexed, c.ops
                    ),
                    &format!(
                        "The assessment index is incomplete: {} of {} ops indexed. Back up the store folder and report it to the developers.",
                        c.indexed, c.ops
                    ),
                ));
                return Ok(1);
            }
            let differ = c.differ;
            if differ.is_empty() {
                out(&format!(
                    "{} {} {} {} {}",
                    lang.t(
                        "Proyeksi sama dengan hasil bangun ulang:",
                        "Projection equals the rebuild:"
                    ),
                    c.assessments,
                    lang.t("penilaian dari", "assessments from"),
                    c.ops,
                    lang.t("operasi.", "ops.")
                ));
                Ok(0)
            } else if *check {
                out(&format!(
                    "{} {}",
                    lang.t("Proyeksi BERBEDA untuk:", "Projection DIFFERS for:"),
                    differ.join(", ")
                ));
                Ok(1)
            } else {
                out(&format!(
                    "{} {}; {}",
                    lang.t("Proyeksi berbeda untuk:", "Projection differed for:"),
                    differ.join(", "),
                    lang.t(
                        "diganti dengan hasil bangun ulang.",
                        "replaced with the rebuild."
                    )
                ));
                Ok(0)
            }
        }
        Command::Bundles(cmd) => bundle_cmds::run(&ws, lang, cmd),
        Command::DebugWriteLoop { id, start, count } => {
            let aid = ws.resolve_id(id)?;
            let d = ws.detail(&aid)?;
            let ids: Vec<String> = d
                .instrument
                .indicators()
                .map(|p| p.indicator.id.clone())
                .collect();
            for k in *start..start + count {
                let ind = &ids[usize::try_from(k).unwrap_or(0) % ids.len()];
                let v = AnswerValue::Score(u8::try_from(k % 2).unwrap_or(0));
                ws.answer(&aid, ind, Some(v), Some(&format!("w{k}")), &[])?;
                out(&format!("ack {k}"));
            }
            Ok(0)
        }
        Command::Report {
            round,
            province,
            pemda,
            format,
            output,
            target,
            compare,
            strict,
            weakest,
        } => run_report(
            &ws,
            &ReportArgs {
                round: *round,
                province: province.as_deref(),
                pemda: pemda.as_deref(),
                format: *format,
                output: output.as_deref(),
                target: *target,
                compare: *compare,
                strict: *strict,
                weakest: *weakest,
            },
        ),
        Command::Rapor {
            target,
            round,
            output,
        } => run_rapor(&ws, target, *round, output.as_deref()),
        Command::Results { cmd } => match cmd {
            ResultsCmd::Import { file } => {
                let r = ws.import_results(file)?;
                out(&format!(
                    "{} {} {}",
                    lang.t("Diimpor:", "Imported:"),
                    r.imported,
                    lang.t("hasil.", "results.")
                ));
                for (line, raw, why) in &r.skipped {
                    eprintln!(
                        "{}:{line}: {} ({why}): {}",
                        file.display(),
                        lang.t("baris dilewati", "row skipped"),
                        i18n::inert(raw, false)
                    );
                }
                Ok(i32::from(r.imported == 0 && !r.skipped.is_empty()))
            }
            ResultsCmd::List { json } => {
                let mut list: Vec<_> = ws.published()?.into_iter().collect();
                list.sort_by(|a, b| a.0.cmp(&b.0));
                if *json {
                    out_json(&serde_json::Value::Array(
                        list.iter()
                            .map(|((round, code), score)| json!({"round": round, "pemda": code,
                                "name": ws.regions().by_code(code).map(|r| r.name.clone()), "score": score}))
                            .collect(),
                    ));
                } else {
                    for ((round, code), score) in list {
                        let name = ws
                            .regions()
                            .by_code(&code)
                            .map_or(code.clone(), |r| r.name.clone());
                        out(&format!(
                            "{round}  {code:<6} {name:<32} {}",
                            num(score, lang)
                        ));
                    }
                }
                Ok(0)
            }
        },
        Command::Demo { cmd: DemoCmd::Seed } => {
            let s = crate::demo::seed(&ws)?;
            out(&format!(
                "{} {} {}, {} {}.{}",
                lang.t("Data contoh siap:", "Demo data ready:"),
                s.assessments,
                lang.t("penilaian", "assessments"),
                s.answers,
                lang.t("jawaban", "answers"),
                if s.identity_created {
                    lang.t(
                        " Identitas \"Penilai Demo\" dibuat.",
                        " Identity \"Penilai Demo\" created.",
                    )
                } else {
                    ""
                }
            ));
            Ok(0)
        }
        Command::Paths
        | Command::Regions { .. }
        | Command::Demo {
            cmd: DemoCmd::Generate(_),
        } => Ok(0),
    }
}

fn check_instrument(file: &PathBuf, lang: Lang) -> i32 {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}:1:1: {e}", file.display());
            return 1;
        }
    };
    match Instrument::from_toml(&text) {
        Ok(i) => {
            let hash = match i.content_hash() {
                Ok(h) => h,
                Err(e) => {
                    let e = Error::Core(e);
                    eprintln!("tilik: {}", e.user_message(lang));
                    return e.exit_code();
                }
            };
            out(&format!(
                "{}: {} {} · {} {} · {}",
                file.display(),
                lang.t("sah", "valid"),
                i.id,
                i.indicator_count(),
                lang.t("indikator", "indicators"),
                hash
            ));
            0
        }
        Err(problems) => {
            for p in problems {
                eprintln!(
                    "{}:{}:{}: {}",
                    file.display(),
                    p.line,
                    p.col,
                    p.text(lang.en())
                );
            }
            1
        }
    }
}

fn trunc(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn detail_json(d: &Detail, lang: Lang) -> serde_json::Value {
    let s = &d.summary;
    json!({
        "id": s.id,
        "round": s.round,
        "pemda": s.pemda,
        "pemda_name": s.pemda_name,
        "lokus": s.lokus,
        "lokus_name": s.lokus_name,
        "instrument": s.instrument,
        "score": d.score.score,
        "category": s.category,
        "label": s.label,
        "zone": s.zone.map(|z| z.as_str()),
        "status": s.status,
        "answered": d.score.answered,
        "not_applicable": d.score.not_applicable,
        "total": d.score.total,
        "conflicts": d.state.conflicts(),
        "dimensions": d.score.dimensions.iter().map(|g| json!({
            "id": g.id, "name": g.name, "weight": g.weight, "score": g.score,
            "answered": g.answered, "total": g.total})).collect::<Vec<_>>(),
        "unanswered": d.score.unanswered,
        "answers": d.instrument.indicators().filter_map(|p| {
            let slot = d.state.slots.get(&p.indicator.id)?;
            Some(json!({
                "indicator": p.indicator.id,
                "value": slot.value().map(|v| match v { AnswerValue::Score(x) => json!(x), _ => json!(v.short(lang.en())) }),
                "conflict": slot.in_conflict(),
                "flagged": slot.flagged(),
                "notes": slot.notes.values().map(|n| n.text.clone()).collect::<Vec<_>>(),
                "evidence": slot.evidence().iter().map(|e| json!({"name": e.blob.name, "hash": e.blob.hash, "size": e.blob.size})).collect::<Vec<_>>(),
            }))
        }).collect::<Vec<_>>(),
    })
}

fn print_detail(ws: &Workspace, d: &Detail, lang: Lang) {
    let s = &d.summary;
    out(&format!(
        "{} › {} · {} · {}",
        s.pemda_name, s.lokus_name, s.instrument, s.round
    ));
    out(&format!(
        "{}: {} {} {} · {} {}/{} · {}",
        lang.t("Nilai", "Score"),
        num_opt(d.score.score, lang),
        s.category.as_deref().unwrap_or("—"),
        s.label.as_deref().unwrap_or(""),
        lang.t("terisi", "answered"),
        d.score.answered,
        d.score.total,
        crate::present::words::status_word(lang, s.status)
    ));
    for g in &d.score.dimensions {
        out(&format!(
            "  {:<28} {:>6}  ({}%, {}/{})",
            g.name,
            num_opt(g.score, lang),
            num(g.weight, lang),
            g.answered,
            g.total
        ));
    }
    if !d.score.unanswered.is_empty() {
        out(&format!(
            "{} ({}): {}",
            lang.t("Belum dijawab", "Unanswered"),
            d.score.unanswered.len(),
            d.score.unanswered.join(" · ")
        ));
    }
    let conflicts = d.state.conflicts();
    if !conflicts.is_empty() {
        out(&format!(
            "{}: {}",
            lang.t("Konflik", "Conflicts"),
            conflicts.join(" · ")
        ));
    }
    for p in d.instrument.indicators() {
        let Some(slot) = d.state.slots.get(&p.indicator.id) else {
            continue;
        };
        for (dev, n) in &slot.notes {
            if !n.text.is_empty() {
                out(&format!(
                    "  {} · {}: \"{}\"",
                    p.indicator.id,
                    i18n::inert(&ws.device_name(dev), false),
                    i18n::inert(&n.text, false)
                ));
            }
        }
        for e in slot.evidence() {
            out(&format!(
                "  {} · 📎 {} ({} B, {})",
                p.indicator.id,
                i18n::inert(&e.blob.name, false),
                e.blob.size,
                &e.blob.hash[..12]
            ));
        }
    }
}

fn print_instrument(i: &Instrument, lang: Lang) -> Result<()> {
    let hash = i.content_hash()?;
    out(&format!(
        "{} · {} ({} {})",
        i.id,
        i.title,
        lang.t("versi", "version"),
        i.version
    ));
    if let Some(l) = &i.legal_basis {
        out(&format!("{}: {l}", lang.t("Dasar hukum", "Legal basis")));
    }
    out(&format!("hash: {hash}"));
    out(&format!(
        "{}: {} / {}{}",
        lang.t("Penilaian", "Scoring"),
        i.scoring.method,
        i.scoring.pemda,
        if i.scoring.reconstructed {
            lang.t(" [direkonstruksi]", " [reconstructed]")
        } else {
            ""
        }
    ));
    if let Some(n) = &i.scoring.note {
        out(&format!("  {}", n.trim()));
    }
    out(&format!("{}:", lang.t("Kategori", "Bands")));
    for b in i.sorted_bands() {
        out(&format!(
            "  {:<7} ≥ {:>6}  {} ({})",
            b.category,
            num(b.lower, lang),
            if lang.en() {
                b.label_en.as_deref().unwrap_or(&b.label)
            } else {
                &b.label
            },
            b.zone.as_str()
        ));
    }
    let r = lang.t(" [rekonstruksi]", " [reconstructed]");
    for d in &i.dimensions {
        out(&format!(
            "{} {} ({}%){}",
            d.id,
            d.name,
            num(d.weight, lang),
            if d.reconstructed { r } else { "" }
        ));
        for v in &d.variables {
            out(&format!(
                "  {} {}{}",
                v.id,
                v.name,
                if v.reconstructed { r } else { "" }
            ));
            for ind in &v.indicators {
                out(&format!(
                    "    {:<6} {} [{}; {}]{}",
                    ind.id,
                    ind.text,
                    ind.method.label(lang.en()),
                    ind.scale,
                    if ind.reconstructed { r } else { "" }
                ));
            }
        }
    }
    out(&format!("{}:", lang.t("Sumber", "Sources")));
    for s in &i.provenance.sources {
        out(&format!("  - {s}"));
    }
    let parts = i.reconstructed_parts();
    if !parts.is_empty() {
        out(&format!(
            "{}:",
            lang.t(
                "Direkonstruksi (tidak ada sumber publik)",
                "Reconstructed (no public source)"
            )
        ));
        for p in parts {
            out(&format!("  - {p}"));
        }
    }
    Ok(())
}

/// Lokus types for help texts.
#[must_use]
pub fn lokus_codes() -> String {
    LOKUS_TYPES
        .iter()
        .map(|t| t.code)
        .collect::<Vec<_>>()
        .join(", ")
}

struct ReportArgs<'a> {
    round: Option<u16>,
    province: Option<&'a str>,
    pemda: Option<&'a str>,
    format: ReportFormat,
    output: Option<&'a std::path::Path>,
    target: Option<f64>,
    compare: Option<u16>,
    strict: bool,
    weakest: usize,
}

fn resolve_region(ws: &Workspace, q: &str) -> Result<String> {
    ws.regions()
        .resolve(q)
        .map(|r| r.code.clone())
        .map_err(|c| {
            if c.is_empty() {
                Error::UnknownRegion(q.to_string())
            } else {
                Error::AmbiguousRegion(
                    q.to_string(),
                    c.iter()
                        .take(6)
                        .map(|r| format!("{} {}", r.code, r.name))
                        .collect(),
                )
            }
        })
}

fn write_output(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tilik-tmp");
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|source| Error::Io {
            context: format!("{}", path.display()),
            source,
        })
}

/// Write text to `output` (atomically, saying so) or to stdout.
fn emit(text: &str, output: Option<&std::path::Path>, lang: Lang) -> Result<()> {
    match output {
        Some(p) => {
            write_output(p, text.as_bytes())?;
            out(&format!(
                "{} {}",
                lang.t("Ditulis:", "Written:"),
                p.display()
            ));
        }
        None => {
            let mut o = std::io::stdout().lock();
            let _ = o.write_all(text.as_bytes());
        }
    }
    Ok(())
}

fn run_report(ws: &Workspace, a: &ReportArgs<'_>) -> Result<i32> {
    let lang = ws.lang;
    let opts = crate::core::report::Options {
        round: a.round,
        target: a.target,
        compare: a.compare,
        weakest: a.weakest,
    };
    let mut r = ws.report(&opts)?;
    if let Some(p) = a.province {
        let code = resolve_region(ws, p)?;
        let prov = ws
            .regions()
            .by_code(&code)
            .map_or(code.clone(), |r| r.province_code.clone());
        r.pemda.retain(|x| x.province_code == prov);
    }
    if let Some(p) = a.pemda {
        let code = resolve_region(ws, p)?;
        r.pemda.retain(|x| x.code == code);
    }
    let names: std::collections::BTreeSet<String> =
        r.pemda.iter().map(|p| p.name.clone()).collect();
    r.conflicts.retain(|c| names.contains(&c.pemda));
    r.unresolved_conflicts = r.pemda.iter().map(|p| p.conflicts).sum();
    r.unfinalized = r
        .pemda
        .iter()
        .map(|p| p.lokus_assessed - p.lokus_finalized)
        .sum();
    r.provisional = r.unresolved_conflicts > 0 || r.unfinalized > 0;
    if a.strict && r.provisional {
        eprintln!(
            "tilik: {}",
            if lang.en() {
                format!(
                    "Report refused (--strict): {} unresolved conflict(s) and {} lokus not finalized; resolve and finalize first, or drop --strict for a provisional report.",
                    r.unresolved_conflicts, r.unfinalized
                )
            } else {
                format!(
                    "Laporan ditolak (--strict): {} konflik belum diselesaikan dan {} lokus belum final; selesaikan dan finalkan dulu, atau hapus --strict untuk laporan sementara.",
                    r.unresolved_conflicts, r.unfinalized
                )
            }
        );
        return Ok(1);
    }
    let color = a.output.is_none()
        && !crate::present::no_color()
        && std::io::IsTerminal::is_terminal(&std::io::stdout());
    let text = match a.format {
        ReportFormat::Table => Some(crate::report::table(&r, lang, color)),
        ReportFormat::Md => Some(crate::report::markdown(&r, lang)),
        ReportFormat::Json => Some(serde_json::to_string_pretty(&r).unwrap_or_default()),
        ReportFormat::Svg => Some(crate::report::svg(&r, lang)),
        ReportFormat::Csv => None,
        ReportFormat::Xlsx => {
            let Some(path) = a.output else {
                return Err(Error::Io {
                    context: lang.t("Laporan xlsx", "xlsx report").to_string(),
                    source: std::io::Error::other(
                        lang.t("berikan -o FILE.xlsx", "give -o FILE.xlsx"),
                    ),
                });
            };
            crate::report::xlsx::write(&r, lang, path).map_err(|e| Error::Io {
                context: format!("{}", path.display()),
                source: std::io::Error::other(e.to_string()),
            })?;
            out(&format!(
                "{} {}",
                lang.t("Ditulis:", "Written:"),
                path.display()
            ));
            return Ok(0);
        }
    };
    if let Some(text) = text {
        emit(&text, a.output, lang)?;
        return Ok(0);
    }
    // CSV: the pemda table to stdout, or four files next to -o.
    let files = crate::report::csv_files(&r);
    match a.output {
        None => {
            let mut o = std::io::stdout().lock();
            let _ = o.write_all(files[0].1.as_bytes());
        }
        Some(p) => {
            let stem = p.with_extension("");
            for (suffix, text) in &files {
                let path = if suffix.is_empty() {
                    p.to_path_buf()
                } else {
                    std::path::PathBuf::from(format!("{}.{suffix}.csv", stem.display()))
                };
                write_output(&path, text.as_bytes())?;
                out(&format!(
                    "{} {}",
                    lang.t("Ditulis:", "Written:"),
                    path.display()
                ));
            }
        }
    }
    Ok(0)
}

fn run_rapor(
    ws: &Workspace,
    target: &str,
    round: Option<u16>,
    output: Option<&std::path::Path>,
) -> Result<i32> {
    let lang = ws.lang;
    let ids: Vec<String> = match ws.resolve_id(target) {
        Ok(id) => vec![id],
        Err(e @ Error::AmbiguousAssessment(..)) => return Err(e),
        Err(_) => {
            let code = resolve_region(ws, target)?;
            let mut list: Vec<_> = ws
                .list()?
                .into_iter()
                .filter(|s| s.pemda == code && round.is_none_or(|r| r == s.round))
                .collect();
            list.sort_by(|a, b| (b.round, &a.lokus_name).cmp(&(a.round, &b.lokus_name)));
            if list.is_empty() {
                return Err(Error::UnknownAssessment(target.to_string()));
            }
            list.into_iter().map(|s| s.id).collect()
        }
    };
    let now = crate::workspace::now_ms();
    let names = |d: &str| ws.device_name(d);
    let mut text = String::new();
    for id in ids {
        let d = ws.detail(&id)?;
        if !text.is_empty() {
            text.push_str("\n---\n\n");
        }
        text.push_str(&crate::report::rapor(&d, &names, lang, now));
    }
    emit(&text, output, lang)?;
    Ok(0)
}
