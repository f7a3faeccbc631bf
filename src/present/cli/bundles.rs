//! `tilik export`, `import`, `bundle inspect`, `sync`, `conflicts` and `resolve`.

use crate::core::op::AnswerValue;
use crate::i18n::{self, Lang};
use crate::identity::short_fingerprint;
use crate::present::words::status_word;
use crate::workspace::bundles::{ExportReceipt, Inspection, LogRecord};
use crate::workspace::{AssessmentStatus, ConflictsReport};

/// `tilik export` to a folder that does not exist: the sentence, and how to make it.
#[must_use]
pub fn destination_missing(path: &std::path::Path, lang: Lang) -> String {
    format!(
        "tilik: {} {}",
        crate::present::errors::user_message(
            &crate::error::Error::DestinationMissing(path.to_path_buf()),
            lang
        ),
        lang.t(
            "Untuk membuatnya sebagai folder baru di disk ini, jalankan lagi dengan --create-dir.",
            "To make it as a new folder on this disk, run again with --create-dir."
        )
    )
}

/// `export --list` before the first export.
#[must_use]
pub fn no_exports(lang: Lang) -> &'static str {
    lang.t("Belum ada ekspor.", "No exports yet.")
}

/// One line of `export --list`.
#[must_use]
pub fn export_line(r: &ExportReceipt, lang: Lang) -> String {
    format!(
        "{}  {}  {}  {:>6} {}  {}",
        i18n::datetime(r.created_ms),
        r.code,
        r.bundle_id,
        r.ops,
        lang.t("operasi", "ops"),
        r.file
    )
}

/// `import --log` before any import.
#[must_use]
pub fn import_log_empty(lang: Lang) -> &'static str {
    lang.t("Log impor kosong.", "The import log is empty.")
}

/// The two lines of one `import --log` entry.
#[must_use]
pub fn import_log_entry(r: &LogRecord, lang: Lang) -> [String; 2] {
    [
        format!(
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
        ),
        format!(
            "    {} · {} {}",
            i18n::inert(&r.file, false),
            lang.t("tahap", "stage"),
            r.stage
        ),
    ]
}

/// `import --retry` with an empty quarantine.
#[must_use]
pub fn no_quarantined(lang: Lang) -> &'static str {
    lang.t(
        "Tidak ada bundel yang dikarantina.",
        "No quarantined bundles.",
    )
}

/// `import` with nothing to do: what failed and what to give.
#[must_use]
pub fn import_needs_files(lang: Lang) -> (&'static str, &'static str) {
    (
        lang.t("impor", "import"),
        lang.t(
            "sebutkan berkas bundel, atau --retry / --log",
            "name bundle files, or --retry / --log",
        ),
    )
}

/// `sync` found no other bundle in the folder.
#[must_use]
pub fn no_other_bundles(lang: Lang) -> &'static str {
    lang.t(
        "Tidak ada bundel lain di folder itu.",
        "No other bundles in that folder.",
    )
}

/// `resolve`: the decision, and that it travels with the next export.
#[must_use]
pub fn resolved(indicator: &str, value: &AnswerValue, reason: &str, lang: Lang) -> [String; 2] {
    [
        format!(
            "{} {indicator} = {} · {}: {}",
            lang.t("Diselesaikan:", "Resolved:"),
            value.short(lang.en()),
            lang.t("alasan", "reason"),
            i18n::inert(reason, false)
        ),
        lang.t(
            "Keputusan ini ikut terkirim di ekspor supervisor berikutnya.",
            "This decision travels in the supervisor's next export.",
        )
        .to_string(),
    ]
}

/// `bundle inspect`: envelope, exporter, segments, instruments, evidence, the assessments
/// summarised, and whether the bundle passed the checks.
#[must_use]
pub fn inspection(ins: &Inspection, lang: Lang) -> Vec<String> {
    let yes = |b: bool| {
        if b {
            lang.t("ya", "yes")
        } else {
            lang.t("tidak", "no")
        }
    };
    let mut o = vec![format!(
        "{}: {} ({} B) · {} {}",
        lang.t("Berkas", "File"),
        ins.file,
        ins.size,
        lang.t("kode", "code"),
        ins.code
    )];
    match ins.envelope.as_str() {
        "plain" => o.push(format!(
            "{}: {}",
            lang.t("Amplop", "Envelope"),
            lang.t(
                "tidak terenkripsi (bertanda tangan)",
                "not encrypted (signed)"
            )
        )),
        "age" if ins.own_sealed() => o.push(format!(
            "{}: {} {} · {} · {}: {}",
            lang.t("Amplop", "Envelope"),
            lang.t("terenkripsi age untuk", "age-encrypted for"),
            if lang.en() {
                format!("{} recipient stanza(s)", ins.recipient_stanzas)
            } else {
                format!("{} penerima", ins.recipient_stanzas)
            },
            i18n::bytes(ins.size, lang),
            lang.t("dapat dibuka di sini", "can be opened here"),
            lang.t(
                "tidak, hanya oleh penerimanya",
                "no, only by its recipients"
            )
        )),
        "age" => o.push(format!(
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
        o.push(format!("{}: v{v}", lang.t("Format", "Format")));
    }
    if let Some(m) = &ins.manifest {
        o.push(format!(
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
        o.push(format!(
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
            o.push(format!(
                "{}: {}",
                lang.t("Penerima yang dituju", "Intended recipients"),
                m.recipients.join(", ")
            ));
        }
        o.push(format!("{}:", lang.t("Segmen operasi", "Op segments")));
        for s in &ins.segments {
            o.push(format!(
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
            o.push(format!("{}:", lang.t("Instrumen", "Instruments")));
            for i in &m.instruments {
                o.push(format!(
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
        o.push(format!(
            "{}: {inc} {}, {} {}",
            lang.t("Bukti", "Evidence"),
            lang.t("disertakan", "included"),
            m.blobs.len() - inc,
            lang.t("tidak disertakan", "omitted")
        ));
        for b in &m.blobs {
            o.push(format!(
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
            o.push(format!("{}:", lang.t("Ringkasan penilaian", "Assessments")));
            for a in &m.summary {
                o.push(format!(
                    "  {} › {} · {} · {} {} · {} {} · {} · {}",
                    i18n::inert(&a.pemda_name, false),
                    i18n::inert(&a.lokus_name, false),
                    i18n::inert(&a.instrument, false),
                    a.answers,
                    lang.t("jawaban", "answers"),
                    a.conflicts,
                    lang.t("konflik", "conflicts"),
                    status_word(lang, AssessmentStatus::from_manifest(&a.status)),
                    &a.id
                ));
            }
        }
    }
    if let Some(x) = ins.exported_here.as_ref().filter(|_| ins.own_sealed()) {
        o.push(format!(
            "{}: {} · {} {}",
            lang.t("Bundel", "Bundle"),
            x.bundle_id,
            lang.t("diekspor dari perangkat ini", "exported from this device"),
            i18n::datetime(x.created_ms),
        ));
        o.push(format!(
            "{}: {}",
            lang.t("Untuk", "For"),
            recipient_names(&x.recipients, lang)
        ));
    }
    o.push(
        match ins.fault.as_ref().map(|f| {
            if ins.own_sealed() {
                own_sealed_message(lang)
            } else {
                crate::present::faults::fault_message(f, lang)
            }
        }) {
            None => format!(
                "{}: {}",
                lang.t("Pemeriksaan", "Check"),
                lang.t(
                    "lolos (tanda tangan dan isi sesuai)",
                    "passed (signatures and content match)"
                )
            ),
            Some(m) => format!("{}: {m}", lang.t("Pemeriksaan", "Check")),
        },
    );
    o
}

/// Why an own encrypted bundle does not open here: not a fault of the file.
#[must_use]
pub fn own_sealed_message(lang: Lang) -> String {
    lang.t(
        "bundel ini diekspor dari perangkat ini dan dienkripsi untuk penerima di atas; hanya penerima itu yang dapat membukanya, perangkat ini pun tidak. Berkasnya tidak perlu diekspor ulang: kirim apa adanya.",
        "this bundle was exported from this device and encrypted for the recipients above; only they can open it, not even this device. It does not need exporting again: send it as it is.",
    )
    .to_string()
}

/// The recipients of an own export, by roster name where known.
fn recipient_names(list: &[crate::workspace::bundles::Recipient], lang: Lang) -> String {
    let short = |a: &str| {
        let n = a.chars().count();
        if n > 16 {
            let head: String = a.chars().take(10).collect();
            let tail: String = a.chars().skip(n - 4).collect();
            format!("{head}…{tail}")
        } else {
            a.to_string()
        }
    };
    if list.is_empty() {
        return lang.t("(tidak tercatat)", "(not recorded)").to_string();
    }
    list.iter()
        .map(|r| match (&r.name, r.recovery) {
            (Some(n), _) => format!("{} ({})", i18n::inert(n, false), short(&r.age)),
            (None, true) => format!(
                "{} ({})",
                lang.t("kunci pemulihan", "recovery key"),
                short(&r.age)
            ),
            (None, false) => short(&r.age),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `conflicts`: each open conflict with its numbered candidates, then held ops, forks,
/// gaps and evidence still missing.
#[must_use]
pub fn conflicts(r: &ConflictsReport, lang: Lang) -> Vec<String> {
    let mut o = Vec::new();
    if r.conflicts.is_empty() {
        o.push(
            lang.t("Tidak ada konflik terbuka.", "No open conflicts.")
                .to_string(),
        );
    }
    for c in &r.conflicts {
        o.push(format!(
            "{} › {} · {} · {}",
            i18n::inert(&c.pemda_name, false),
            i18n::inert(&c.lokus_name, false),
            i18n::inert(&c.assessment, false),
            i18n::inert(&c.indicator, false)
        ));
        for k in &c.candidates {
            let mut line = format!(
                "  {}. {:<4} {} ({})",
                k.n,
                crate::present::words::answer_short(lang, k.raw),
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
            o.push(line);
        }
    }
    if !r.held.is_empty() {
        o.push(format!(
            "{} ({}):",
            lang.t("Operasi ditahan", "Held ops"),
            r.held.len()
        ));
        for h in &r.held {
            o.push(format!(
                "  {} #{} {} {} {} — {}: {}",
                h.name,
                h.seq,
                h.kind,
                i18n::inert(&h.assessment, false),
                i18n::inert(h.indicator.as_deref().unwrap_or(""), false),
                h.reason,
                i18n::inert(&h.detail, false)
            ));
        }
    }
    for f in &r.forks {
        o.push(format!(
            "{}: {} ({}) {} {}",
            lang.t("Fork", "Fork"),
            f.name,
            f.fingerprint,
            lang.t("dikarantina mulai nomor", "quarantined from number"),
            f.seq
        ));
    }
    for g in &r.gaps {
        o.push(format!(
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
        o.push(format!(
            "{}: {}",
            lang.t("Bukti belum diterima", "Evidence not received yet"),
            r.pending_evidence.len()
        ));
    }
    o
}
