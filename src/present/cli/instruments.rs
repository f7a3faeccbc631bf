//! `tilik instruments` (list, show, check), `classify` and `regions`.

use std::path::Path;

use crate::core::instrument::{Difference, Instrument, Problem};
use crate::core::region::Region;
use crate::core::scoring::Classification;
use crate::i18n::{Lang, num};
use crate::present::safe::terminal;
use crate::present::words::zone_word;
use crate::workspace::bundles::InstrumentTrusted;

/// One line of the instrument list.
#[must_use]
pub fn list_line(i: &Instrument, lang: Lang) -> String {
    format!(
        "{:<16} {:<5} {:>3} {}  {}",
        i.id,
        i.round,
        i.indicator_count(),
        lang.t("indikator", "indicators"),
        i.title
    )
}

/// A whole instrument (`hash`: its content hash): scoring, bands, the indicator tree,
/// sources and what was reconstructed.
#[must_use]
pub fn show(i: &Instrument, hash: &str, lang: Lang) -> Vec<String> {
    let mut o = Vec::new();
    o.push(format!(
        "{} · {} ({} {})",
        i.id,
        i.title,
        lang.t("versi", "version"),
        i.version
    ));
    if let Some(l) = &i.legal_basis {
        o.push(format!("{}: {l}", lang.t("Dasar hukum", "Legal basis")));
    }
    o.push(format!("hash: {hash}"));
    o.push(format!(
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
        o.push(format!("  {}", n.trim()));
    }
    o.push(format!("{}:", lang.t("Kategori", "Bands")));
    for b in i.sorted_bands() {
        o.push(format!(
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
        o.push(format!(
            "{} {} ({}%){}",
            d.id,
            d.name,
            num(d.weight, lang),
            if d.reconstructed { r } else { "" }
        ));
        for v in &d.variables {
            o.push(format!(
                "  {} {}{}",
                v.id,
                v.name,
                if v.reconstructed { r } else { "" }
            ));
            for ind in &v.indicators {
                o.push(format!(
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
    o.push(format!("{}:", lang.t("Sumber", "Sources")));
    for s in &i.provenance.sources {
        o.push(format!("  - {s}"));
    }
    let parts = i.reconstructed_parts();
    if !parts.is_empty() {
        o.push(format!(
            "{}:",
            lang.t(
                "Direkonstruksi (tidak ada sumber publik)",
                "Reconstructed (no public source)"
            )
        ));
        for p in parts {
            o.push(format!("  - {p}"));
        }
    }
    o
}

/// `instruments check`: the file is a valid instrument (with its content hash).
#[must_use]
pub fn checked(file: &Path, i: &Instrument, hash: &str, lang: Lang) -> String {
    format!(
        "{}: {} {} · {} {} · {}",
        file.display(),
        lang.t("sah", "valid"),
        i.id,
        i.indicator_count(),
        lang.t("indikator", "indicators"),
        hash
    )
}

/// `instruments check`: one problem, as `file:line:col: message` (stderr).
#[must_use]
pub fn problem(file: &Path, p: &Problem, lang: Lang) -> String {
    format!(
        "{}:{}:{}: {}",
        file.display(),
        p.line,
        p.col,
        p.text(lang.en())
    )
}

/// `instruments check`: the file cannot be read (stderr).
#[must_use]
pub fn unreadable(file: &Path, e: &std::io::Error, lang: Lang) -> String {
    let why = crate::present::errors::io_reason(e, lang.en());
    if lang.en() {
        format!("{}:1:1: cannot be read ({why})", file.display())
    } else {
        format!("{}:1:1: tidak dapat dibaca ({why})", file.display())
    }
}

/// `classify`: a score's category and zone.
#[must_use]
pub fn classified(score: f64, c: &Classification, lang: Lang) -> String {
    let label = if lang.en() { &c.label_en } else { &c.label };
    format!(
        "{} {} {label}, {} {}",
        num(score, lang),
        c.category,
        lang.t("zona", "zone"),
        zone_word(lang, c.zone)
    )
}

/// One line of `regions`.
#[must_use]
pub fn region_line(r: &Region) -> String {
    format!("{:<6} {:<10} {}", r.code, r.kind, r.name)
}

/// `regions --search` found nothing.
#[must_use]
pub fn no_match(lang: Lang) -> &'static str {
    lang.t("Tidak ada yang cocok.", "No match.")
}

/// Before the closest names to a misspelt search.
#[must_use]
pub fn did_you_mean(lang: Lang) -> &'static str {
    lang.t("Mungkin maksud Anda:", "Did you mean:")
}

/// `instruments trust HASH`: what was trusted, what differs from the known definition, and
/// how many held ops it released.
#[must_use]
pub fn trusted(t: &InstrumentTrusted, lang: Lang) -> Vec<String> {
    let mut o = vec![format!(
        "{} {} v{} ({})",
        lang.t("Dipercaya: instrumen", "Trusted: instrument"),
        terminal(&t.id),
        terminal(&t.version),
        t.hash
    )];
    match &t.known_hash {
        Some(k) if t.differences.is_empty() => o.push(format!(
            "  {} ({k})",
            lang.t("sama dengan yang dikenal", "same as the known one")
        )),
        Some(k) => {
            o.push(format!(
                "  {} ({k}):",
                lang.t(
                    "berbeda dari yang dikenal kantor ini",
                    "differs from the one this office knows"
                )
            ));
            for d in &t.differences {
                o.push(format!("  - {}", difference(d, lang)));
            }
        }
        None => o.push(format!(
            "  {}",
            lang.t(
                "id dan versi ini tidak ada di katalog",
                "this id and version are not in the catalogue"
            )
        )),
    }
    o.push(if t.released == 0 {
        lang.t(
            "Tidak ada operasi ditahan yang dilepas.",
            "No held ops released.",
        )
        .to_string()
    } else {
        format!(
            "{} {}",
            t.released,
            lang.t(
                "operasi yang ditahan dilepas dan kini dihitung — lihat `tilik list`.",
                "held op(s) released and now scored — see `tilik list`."
            )
        )
    });
    o
}

fn side(x: Option<f64>, lang: Lang) -> String {
    x.map_or_else(|| lang.t("tidak ada", "none").to_string(), |v| num(v, lang))
}

/// One difference in words.
fn difference(d: &Difference, lang: Lang) -> String {
    match d {
        Difference::Band {
            category,
            known,
            new,
        } => format!(
            "{} {}: {} {} → {}",
            lang.t("batas bawah kategori", "lower bound of band"),
            terminal(category),
            lang.t("dari", "from"),
            side(*known, lang),
            side(*new, lang)
        ),
        Difference::Weight {
            dimension,
            known,
            new,
        } => format!(
            "{} {}: {} {} → {}",
            lang.t("bobot dimensi", "weight of dimension"),
            terminal(dimension),
            lang.t("dari", "from"),
            side(*known, lang),
            side(*new, lang)
        ),
        Difference::IndicatorAdded { indicator } => format!(
            "{} {}",
            lang.t("indikator tambahan", "added indicator"),
            terminal(indicator)
        ),
        Difference::IndicatorRemoved { indicator } => format!(
            "{} {}",
            lang.t("indikator dihapus", "removed indicator"),
            terminal(indicator)
        ),
        Difference::IndicatorChanged { indicator } => format!(
            "{} {}",
            lang.t("indikator diubah", "changed indicator"),
            terminal(indicator)
        ),
        Difference::Other => lang
            .t(
                "bagian lain berbeda (skala, metode, kualifikasi atau judul)",
                "other parts differ (scales, method, qualifiers or titles)",
            )
            .to_string(),
    }
}
