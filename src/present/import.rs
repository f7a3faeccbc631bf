//! Import verdicts in words: the verdict word, the sentence for each outcome (what
//! happened, the counts, the warnings and the next step), and the result line the command
//! line prints and the one the terminal UI shows.

use crate::bundle::FileKind;
use crate::core::record::RecordProblem;
use crate::i18n::{self, Lang};
use crate::identity::fingerprint;
use crate::workspace::bundles::{Finding, ImportOutcome, Verdict, Warning, Writer};

use super::errors::user_message;
use super::faults::fault_message;

/// The verdict word shown to users.
#[must_use]
pub fn verdict_word(lang: Lang, v: Verdict) -> &'static str {
    match v {
        Verdict::Accepted => lang.t("DITERIMA", "ACCEPTED"),
        Verdict::AcceptedWithWarnings => {
            lang.t("DITERIMA DENGAN PERINGATAN", "ACCEPTED WITH WARNINGS")
        }
        Verdict::NoNewData => lang.t("TIDAK ADA DATA BARU", "NO NEW DATA"),
        Verdict::Quarantined => lang.t("DIKARANTINA", "QUARANTINED"),
        Verdict::Rejected => lang.t("DITOLAK", "REJECTED"),
    }
}

/// A device as shown: the roster's name, or (when the roster has none) its short
/// fingerprint with the name the bundle claims marked as a claim.
#[must_use]
pub fn device_label(name: &str, claim: Option<&str>, lang: Lang) -> String {
    let name = i18n::inert(name, false);
    match claim {
        Some(c) => format!(
            "{name} ({} {})",
            lang.t("mengaku:", "claims:"),
            i18n::inert(c, false)
        ),
        None => name,
    }
}

fn range_text(from: u64, to: u64) -> String {
    if from == to {
        from.to_string()
    } else {
        format!("{from}–{to}")
    }
}

/// One note per warning (a gap note per device), in the order of `o.warnings`.
fn notes(o: &ImportOutcome, en: bool) -> Vec<String> {
    let mut notes = Vec::new();
    for w in &o.warnings {
        match w {
            Warning::Gap => {
                for g in &o.gaps {
                    let who = device_label(
                        &g.name,
                        g.claim.as_deref(),
                        if en { Lang::En } else { Lang::Id },
                    );
                    notes.push(if en {
                        format!(
                            "device {who}: numbers {} not received yet — ask that device for a full bundle",
                            range_text(g.from, g.to)
                        )
                    } else {
                        format!(
                            "perangkat {who}: nomor {} belum diterima — minta bundel lengkap dari perangkat itu",
                            range_text(g.from, g.to)
                        )
                    });
                }
            }
            Warning::PendingEvidence => {
                let n = o.pending_evidence.len();
                notes.push(if en {
                    format!("{n} evidence file(s) not received yet — ask for an export without --no-evidence")
                } else {
                    format!("{n} berkas bukti belum diterima — minta ekspor tanpa --no-evidence")
                });
            }
            Warning::Clock => {
                let n = o.clock_warnings;
                notes.push(if en {
                    format!("{n} op(s) with an implausible clock (before 2020, in the future or after the bundle was made) — check that device's clock; merged, but that clock never decides which value is shown")
                } else {
                    format!("{n} operasi dengan jam yang tidak masuk akal (sebelum 2020, di masa depan, atau setelah bundel dibuat) — periksa jam perangkat itu; tetap digabung, tetapi jam itu tidak menentukan nilai yang ditampilkan")
                });
            }
            Warning::Held => {
                let unknown = o
                    .held
                    .iter()
                    .filter(|h| h.reason == "unknown_assessment")
                    .count();
                let other = o
                    .held
                    .iter()
                    .filter(|h| h.reason == "supersedes_other")
                    .count();
                if unknown > 0 {
                    notes.push(if en {
                        format!("{unknown} op(s) for an assessment this store does not have — kept, and used once the bundle that created it is imported")
                    } else {
                        format!("{unknown} operasi untuk penilaian yang tidak ada di penyimpanan ini — disimpan, dan dipakai setelah bundel yang membuatnya diimpor")
                    });
                }
                if other > 0 {
                    notes.push(if en {
                        format!("{other} op(s) of an assessor replace a colleague's answer — held; a supervisor decides with `tilik resolve`")
                    } else {
                        format!("{other} operasi penilai mengganti jawaban rekannya — ditahan; supervisor memutuskan dengan `tilik resolve`")
                    });
                }
                let mut mismatch: Vec<&str> = o
                    .held
                    .iter()
                    .filter(|h| h.reason == "instrument_mismatch")
                    .map(|h| h.detail.as_str())
                    .collect();
                let n_mismatch = mismatch.len();
                mismatch.sort_unstable();
                mismatch.dedup();
                for hash in &mismatch {
                    let hash = crate::present::safe::terminal(hash);
                    notes.push(if en {
                        format!("op(s) under an instrument whose content differs from the one this office trusts (same id and version, hash {hash}) — held, the score is unchanged; a supervisor checks the differences and trusts it with `tilik instruments trust {hash}`")
                    } else {
                        format!("operasi dengan instrumen yang isinya berbeda dari yang dipercaya kantor ini (id dan versi sama, hash {hash}) — ditahan, nilai tidak berubah; supervisor memeriksa bedanya dan mempercayainya dengan `tilik instruments trust {hash}`")
                    });
                }
                let n = o.held.len() - unknown - other - n_mismatch;
                if n == 0 {
                    continue;
                }
                notes.push(if en {
                    format!("{n} op(s) held (unknown instrument or indicator, or not from a trusted supervisor) — see `tilik conflicts`")
                } else {
                    format!("{n} operasi ditahan (instrumen/indikator tidak dikenal, atau bukan dari supervisor tepercaya) — lihat `tilik conflicts`")
                });
            }
        }
    }
    notes
}

/// The sentence for the user about one file, with the next step (JSON `message`).
#[must_use]
pub fn message(o: &ImportOutcome, lang: Lang) -> String {
    let en = lang.en();
    match &o.finding {
        Finding::Unreadable(e) => {
            if en {
                format!(
                    "Rejected: the file cannot be read ({}). Check the path.",
                    user_message(e, lang)
                )
            } else {
                format!(
                    "Ditolak: berkas tidak dapat dibaca ({}). Periksa path-nya.",
                    user_message(e, lang)
                )
            }
        }
        Finding::Fault(f) => fault_message(f, lang),
        Finding::ExportedHere => lang
            .t(
                "Tidak ada data baru: bundel ini dibuat oleh perangkat ini.",
                "No new data: this bundle was made by this device.",
            )
            .to_string(),
        Finding::ImportedBefore { time_ms, operator } => {
            if en {
                format!(
                    "No new data: already imported on {} by {}. Nothing changed.",
                    i18n::datetime(*time_ms),
                    i18n::inert(operator, false)
                )
            } else {
                format!(
                    "Tidak ada data baru: sudah diimpor pada {} oleh {}. Tidak ada perubahan.",
                    i18n::datetime(*time_ms),
                    i18n::inert(operator, false)
                )
            }
        }
        Finding::UnknownSigner { name, role } => {
            let name = i18n::inert(name, false);
            let signer = o.signer.as_deref().unwrap_or_default();
            let role = role.as_str();
            if en {
                format!(
                    "Quarantined: unknown sender {name} (fingerprint {}). Check the fingerprint with the sender by phone, then: tilik trust add --key {signer} --name \"{name}\" --role {role}; then: tilik import --retry. The file is kept; no need to send it again.",
                    fingerprint(signer)
                )
            } else {
                format!(
                    "Dikarantina: pengirim tidak dikenal {name} (sidik jari {}). Cocokkan sidik jari dengan pengirim lewat telepon, lalu percayai kuncinya: tilik trust add --key {signer} --name \"{name}\" --role {role}; lalu: tilik import --retry. Berkas sudah disimpan; tidak perlu dikirim ulang.",
                    fingerprint(signer)
                )
            }
        }
        Finding::Fork { name } => {
            let counts = counts(o, en);
            let (device, seq) = o
                .forks
                .first()
                .map_or(("", 0), |f| (f.device.as_str(), f.seq));
            if en {
                format!(
                    "Quarantined: device {name} (fingerprint {}) has two different histories from number {seq} on (fork). Its ops from that number are kept but not used until a supervisor decides; ask whether the device was restored from a backup. {counts}.",
                    fingerprint(device),
                )
            } else {
                format!(
                    "Dikarantina: perangkat {name} (sidik jari {}) punya dua riwayat berbeda mulai nomor {seq} (fork). Operasinya sejak nomor itu disimpan tetapi tidak dipakai sampai supervisor memutuskan; tanyakan apakah perangkat dipulihkan dari cadangan. {counts}.",
                    fingerprint(device),
                )
            }
        }
        Finding::UnknownWriter { writers } => unknown_writers(o, writers, lang),
        Finding::BadRecord {
            assessment,
            problem,
        } => bad_record(assessment, problem, lang),
        Finding::NotAFile { kind } => {
            let what = match kind {
                FileKind::Directory => lang.t("sebuah folder", "a folder"),
                FileKind::Fifo => lang.t("sebuah pipa (FIFO)", "a pipe (FIFO)"),
                FileKind::Device => lang.t("sebuah perangkat", "a device"),
                FileKind::Socket => lang.t("sebuah soket", "a socket"),
                FileKind::Other => lang.t("bukan berkas biasa", "not a regular file"),
            };
            if en {
                format!(
                    "Rejected: this is {what}, not a bundle file; nothing was read. Import the .tilik file itself."
                )
            } else {
                format!(
                    "Ditolak: ini {what}, bukan berkas bundel; tidak ada yang dibaca. Impor berkas .tilik-nya sendiri."
                )
            }
        }
        Finding::TooLarge { size, limit } => {
            let mib = |b: u64| b.div_ceil(1024 * 1024);
            if en {
                format!(
                    "Rejected: the file is {} MiB, more than the {} MiB a bundle may be; nothing was copied. Ask the sender for a new export (evidence can come separately with --no-evidence).",
                    mib(*size),
                    mib(*limit)
                )
            } else {
                format!(
                    "Ditolak: berkas {} MiB, lebih dari batas {} MiB untuk bundel; tidak ada yang disalin. Minta pengirim mengekspor ulang (bukti bisa dikirim terpisah dengan --no-evidence).",
                    mib(*size),
                    mib(*limit)
                )
            }
        }
        Finding::Merged => merged(o, lang),
    }
}

/// The quarantine of a bundle relaying writers the roster lacks.
fn unknown_writers(o: &ImportOutcome, writers: &[Writer], lang: Lang) -> String {
    let en = lang.en();
    let list: Vec<String> = writers
        .iter()
        .map(|w| {
            let fp = fingerprint(&w.device);
            match &w.claimed {
                Some(c) => format!(
                    "{fp} ({} {})",
                    lang.t("mengaku:", "claims:"),
                    i18n::inert(c, false)
                ),
                None => fp,
            }
        })
        .collect();
    let list = list.join(", ");
    let signer = device_label(
        o.signer_name.as_deref().unwrap_or_default(),
        o.signer_claim.as_deref(),
        lang,
    );
    let key = writers.first().map_or("", |w| w.device.as_str());
    if en {
        format!(
            "Quarantined: the bundle from {signer} carries ops written by device(s) not in your trust list: {list}. Nothing was merged. Check each fingerprint with that person by phone, then: tilik trust add --key {key} --name \"NAME\" --role assessor (once per device); then: tilik import --retry. The file is kept."
        )
    } else {
        format!(
            "Dikarantina: bundel dari {signer} membawa operasi yang ditulis perangkat yang tidak ada di daftar kepercayaan: {list}. Tidak ada yang digabung. Cocokkan tiap sidik jari dengan orangnya lewat telepon, lalu: tilik trust add --key {key} --name \"NAMA\" --role assessor (sekali per perangkat); lalu: tilik import --retry. Berkas sudah disimpan."
        )
    }
}

/// The refusal of a bundle with a forged or malformed create.
fn bad_record(assessment: &str, p: &RecordProblem, lang: Lang) -> String {
    let en = lang.en();
    let id = i18n::inert(assessment, false);
    let what = match p {
        RecordProblem::IdMismatch { .. } => lang
            .t(
                "isinya (tahun, pemda, lokus) tidak menghasilkan id itu",
                "its fields (round, pemda, lokus) do not give that id",
            )
            .to_string(),
        RecordProblem::Round(r) => {
            if en {
                format!("round {r} is not a possible year")
            } else {
                format!("tahun {r} tidak mungkin")
            }
        }
        RecordProblem::Pemda(c) => {
            let c = i18n::inert(c, false);
            if en {
                format!("pemda code {c} is not in the region list")
            } else {
                format!("kode pemda {c} tidak ada di daftar wilayah")
            }
        }
        RecordProblem::PemdaName { code, claimed } => {
            let (c, n) = (i18n::inert(code, false), i18n::inert(claimed, false));
            if en {
                format!("the name \"{n}\" is not the region list's name for {c}")
            } else {
                format!("nama \"{n}\" bukan nama {c} di daftar wilayah")
            }
        }
        RecordProblem::Lokus(l) => {
            let l = i18n::inert(l, false);
            if en {
                format!("lokus type {l} is unknown")
            } else {
                format!("jenis lokus {l} tidak dikenal")
            }
        }
        RecordProblem::LokusName(l) => {
            let l = i18n::inert(l, false);
            if en {
                format!("lokus type {l} needs a name")
            } else {
                format!("jenis lokus {l} harus bernama")
            }
        }
        RecordProblem::Instrument { claimed, known } => {
            let (c, k) = (i18n::inert(claimed, false), i18n::inert(known, false));
            if en {
                format!("it names instrument {c}, but that content is {k}")
            } else {
                format!("ia menyebut instrumen {c}, padahal isinya {k}")
            }
        }
    };
    if en {
        format!(
            "Rejected: the bundle creates assessment {id}, but {what}. Nothing was merged. Ask the sender to export again from tilik; if it happens again, report the file to your supervisor."
        )
    } else {
        format!(
            "Ditolak: bundel membuat penilaian {id}, tetapi {what}. Tidak ada yang digabung. Minta pengirim mengekspor ulang dari tilik; bila terulang, laporkan berkasnya ke supervisor."
        )
    }
}

/// "N new op(s) from WHO, N conflict(s) (N new)".
fn counts(o: &ImportOutcome, en: bool) -> String {
    let who = device_label(
        o.signer_name.as_deref().unwrap_or_default(),
        o.signer_claim.as_deref(),
        if en { Lang::En } else { Lang::Id },
    );
    if en {
        format!(
            "{} new op(s) from {who}, {} conflict(s) ({} new)",
            o.new_ops, o.conflicts, o.new_conflicts
        )
    } else {
        format!(
            "{} operasi baru dari {who}, {} konflik ({} baru)",
            o.new_ops, o.conflicts, o.new_conflicts
        )
    }
}

/// The sentence of a merged bundle: no new data, accepted, or accepted with warnings.
fn merged(o: &ImportOutcome, lang: Lang) -> String {
    let en = lang.en();
    let notes = notes(o, en);
    match o.verdict {
        Verdict::NoNewData => {
            let m = lang.t(
                "Tidak ada data baru: semua isi bundel ini sudah ada di penyimpanan.",
                "No new data: everything in this bundle is already in the store.",
            );
            if notes.is_empty() {
                m.to_string()
            } else {
                format!("{m} ({})", notes.join("; "))
            }
        }
        Verdict::AcceptedWithWarnings => {
            let counts = counts(o, en);
            if en {
                format!("Accepted with warnings: {counts}. {}.", notes.join("; "))
            } else {
                format!(
                    "Diterima dengan peringatan: {counts}. {}.",
                    notes.join("; ")
                )
            }
        }
        // Otherwise accepted: a merged bundle is quarantined only for a fork, which has
        // its own finding.
        Verdict::Accepted | Verdict::Quarantined | Verdict::Rejected => {
            let counts = counts(o, en);
            if en {
                format!("Accepted: {counts}.")
            } else {
                format!("Diterima: {counts}.")
            }
        }
    }
}

/// The line `tilik import` and `tilik sync` print for one file.
#[must_use]
pub fn cli_line(o: &ImportOutcome, lang: Lang) -> String {
    format!(
        "{}: {} — {}",
        o.file,
        verdict_word(lang, o.verdict),
        message(o, lang)
    )
}

/// What a batch of imports (a folder sync) came to, counted apart: imported (new data),
/// nothing new, of which this device's own bundles, and refused (quarantined or
/// rejected). "1 berkas diimpor · 2 tanpa data baru (2 diekspor perangkat ini)".
#[must_use]
pub fn sync_counts(imports: &[ImportOutcome], lang: Lang) -> String {
    let imported = imports
        .iter()
        .filter(|o| matches!(o.verdict, Verdict::Accepted | Verdict::AcceptedWithWarnings))
        .count();
    let nothing_new = imports
        .iter()
        .filter(|o| o.verdict == Verdict::NoNewData)
        .count();
    let own = imports
        .iter()
        .filter(|o| o.verdict == Verdict::NoNewData && matches!(o.finding, Finding::ExportedHere))
        .count();
    let refused = imports.len() - imported - nothing_new;
    let mut parts = vec![format!(
        "{imported} {}",
        lang.t(
            "berkas diimpor",
            if imported == 1 {
                "file imported"
            } else {
                "files imported"
            }
        )
    )];
    if nothing_new > 0 {
        let mut p = format!(
            "{nothing_new} {}",
            lang.t("tanpa data baru", "with nothing new")
        );
        if own > 0 {
            p.push_str(&format!(
                " ({own} {})",
                lang.t("diekspor perangkat ini", "exported by this device")
            ));
        }
        parts.push(p);
    }
    if refused > 0 {
        parts.push(format!(
            "{refused} {}",
            lang.t("dikarantina atau ditolak", "quarantined or rejected")
        ));
    }
    parts.join(" · ")
}

/// The mark the terminal UI puts before a verdict (so `NO_COLOR` still tells).
#[must_use]
pub fn verdict_mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Accepted | Verdict::NoNewData => "✔",
        Verdict::AcceptedWithWarnings => "⚠",
        Verdict::Quarantined => "◌",
        Verdict::Rejected => "⛔",
    }
}

/// The line the terminal UI's sync result shows for one file (its file name only).
#[must_use]
pub fn screen_line(o: &ImportOutcome, lang: Lang) -> String {
    let name = std::path::Path::new(&o.file)
        .file_name()
        .map_or_else(|| o.file.clone(), |n| n.to_string_lossy().to_string());
    format!(
        "{} {} {} — {} ({} {})",
        verdict_mark(o.verdict),
        verdict_word(lang, o.verdict),
        i18n::inert(&name, false),
        i18n::inert(&message(o, lang), false),
        o.new_ops,
        lang.t("op baru", "new ops")
    )
}

/// A batch import stopped at a store failure (`Error::ImportInterrupted`): the cause and
/// its next step, how many files were imported whole (their verdicts are printed before
/// this sentence), whether the file being imported had committed, and which files were
/// not imported and must be imported again. Never "nothing was changed" once a bundle
/// committed.
#[must_use]
pub fn interrupted(e: &crate::error::Error, lang: Lang) -> String {
    let crate::error::Error::ImportInterrupted {
        outcomes,
        failed,
        not_reached,
        cause,
    } = e
    else {
        return user_message(e, lang);
    };
    let en = lang.en();
    let committed = outcomes.iter().filter(|o| o.verdict.ok()).count()
        + usize::from(failed.as_ref().is_some_and(|f| f.1));
    let mut redo: Vec<String> = failed
        .iter()
        .filter(|f| !f.1)
        .map(|f| i18n::inert(&f.0, false))
        .collect();
    redo.extend(not_reached.iter().map(|f| i18n::inert(f, false)));
    let cause_text = user_message(cause, lang);
    let mut s = if en {
        format!("The import stopped: {cause_text} ")
    } else {
        format!("Impor berhenti: {cause_text} ")
    };
    s.push_str(&match (en, committed) {
        (true, 0) => "No bundle of this batch was imported.".to_string(),
        (false, 0) => "Tidak ada bundel dari kelompok ini yang terimpor.".to_string(),
        (true, n) => format!("{n} bundle file(s) of this batch were imported whole and are kept."),
        (false, n) => format!("{n} berkas bundel dari kelompok ini terimpor utuh dan tetap ada."),
    });
    if failed.is_none() {
        s.push_str(if en {
            " They could not be made durable yet: run the same import again once the cause is fixed (files already imported are recognized)."
        } else {
            " Semuanya belum dapat dibuat tahan-mati: jalankan impor yang sama lagi setelah penyebabnya diatasi (berkas yang sudah terimpor dikenali)."
        });
    }
    if !redo.is_empty() {
        s.push_str(&if en {
            format!(
                " Not imported, import again afterwards: tilik import {}",
                redo.join(" ")
            )
        } else {
            format!(
                " Belum terimpor, impor lagi sesudahnya: tilik import {}",
                redo.join(" ")
            )
        });
    }
    s
}
