//! The words of surveys and interviews: an instrument's surveys in `instruments show`,
//! a derived level with its figures, respondents and visits (CLI and TUI alike).

use crate::core::survey::{
    AnswerKind, Channel, Derivation, Respondent, Response, RuleKind, ShareBand, SurveySet,
};
use crate::core::survey::{Survey, Visit};
use crate::i18n::Lang;
use crate::workspace::DerivedView;

/// A percentage with one decimal: "13,3 %" / "13.3 %".
#[must_use]
pub fn percent(x: f64, lang: Lang) -> String {
    let s = format!("{x:.1} %");
    if lang.en() { s } else { s.replace('.', ",") }
}

/// An answer as typed in the CLI (`ya`/`tidak`/`tt`; `yes`/`no`/`dk` in English).
#[must_use]
pub fn response(r: Response, lang: Lang) -> String {
    match r {
        Response::Ya => lang.t("ya", "yes").into(),
        Response::Tidak => lang.t("tidak", "no").into(),
        Response::TidakTahu => lang.t("tt", "dk").into(),
        Response::Level(l) => l.to_string(),
    }
}

/// A count key of [`Derivation::counts`] in the user's words.
#[must_use]
pub fn count_key(k: &str, lang: Lang) -> String {
    match k {
        "ya" => response(Response::Ya, lang),
        "tidak" => response(Response::Tidak, lang),
        "tidak_tahu" => response(Response::TidakTahu, lang),
        other => other.to_string(),
    }
}

#[must_use]
pub fn channel(c: Channel, lang: Lang) -> &'static str {
    match c {
        Channel::Telepon => lang.t("telepon", "phone"),
        Channel::TatapMuka => lang.t("tatap muka", "in person"),
        Channel::Tertutup => lang.t("tertutup", "closed"),
    }
}

fn band_text(b: &ShareBand, lang: Lang) -> String {
    let mut c = Vec::new();
    if let Some(m) = b.min_percent {
        c.push(format!("≥ {m} %"));
    }
    if let Some(m) = b.max_percent {
        c.push(format!("≤ {m} %"));
    }
    if let Some(m) = b.below_percent {
        c.push(format!("< {m} %"));
    }
    if c.is_empty() {
        c.push(lang.t("selainnya", "otherwise").to_string());
    }
    format!("{} → {}", c.join(" "), b.level)
}

/// The surveys of an instrument for `instruments show`: targets, roles, questions, and
/// the rule of every derived indicator.
#[must_use]
pub fn show(set: &SurveySet, hash: &str, lang: Lang) -> Vec<String> {
    let r = lang.t(" [rekonstruksi]", " [reconstructed]");
    let mut o = vec![format!(
        "{} ({} {}, hash {}):",
        lang.t("Survei", "Surveys"),
        lang.t("versi", "version"),
        set.version,
        hash.get(..12).unwrap_or(hash)
    )];
    for s in &set.surveys {
        o.push(format!(
            "  {} · {} · {} {}{}{}",
            s.id,
            s.name(lang.en()),
            lang.t("target", "target"),
            s.target,
            if s.proof_required {
                lang.t(", bukti layanan wajib", ", proof of service required")
            } else {
                ""
            },
            if s.reconstructed { r } else { "" }
        ));
        for role in &s.roles {
            o.push(format!(
                "    {} {} ({}) × {}",
                lang.t("peran", "role"),
                role.id,
                if lang.en() {
                    role.label_en.as_deref().unwrap_or(&role.label)
                } else {
                    &role.label
                },
                role.target
            ));
        }
        for q in &s.questions {
            let kind = match q.answers {
                AnswerKind::YaTidak => lang.t("ya/tidak/tt", "yes/no/dk").to_string(),
                AnswerKind::Skala => format!("0–{}", q.max.unwrap_or(0)),
            };
            o.push(format!(
                "    {:<16} [{kind}] {}{}",
                q.id,
                q.text(lang.en()),
                if q.reconstructed { r } else { "" }
            ));
        }
        for d in &s.derive {
            let rule = match d.rule {
                RuleKind::Share => format!(
                    "{} \"{}\": {}",
                    lang.t("bagian", "share"),
                    response(d.count.unwrap_or(Response::Ya), lang),
                    d.bands
                        .iter()
                        .map(|b| band_text(b, lang))
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                RuleKind::Mean => lang
                    .t(
                        "rata-rata tingkat per responden, dibulatkan",
                        "mean of the per-respondent levels, rounded",
                    )
                    .to_string(),
            };
            o.push(format!(
                "    → {} {} {}: {rule}{}",
                d.indicator,
                lang.t("dari", "from"),
                d.question,
                if d.reconstructed { r } else { "" }
            ));
        }
    }
    o
}

/// Heading of the reconstructed parts of a survey file.
#[must_use]
pub fn reconstructed_heading(lang: Lang) -> &'static str {
    lang.t(
        "Survei, direkonstruksi (tidak ada sumber publik):",
        "Surveys, reconstructed (no public source):",
    )
}

/// `instruments check` on a survey file: valid, with its surveys and hash.
#[must_use]
pub fn checked(file: &std::path::Path, set: &SurveySet, hash: &str, lang: Lang) -> String {
    format!(
        "{}: {} {} · {} {} · {} {} · {hash}",
        file.display(),
        lang.t("sah, survei untuk", "valid, surveys of"),
        set.instrument,
        set.surveys.len(),
        lang.t("survei", "surveys"),
        set.derived_indicators().count(),
        lang.t("indikator turunan", "derived indicators"),
    )
}

/// "30 responden · 4 menyatakan ya (13,3 %) → 2", with "sementara" below the target.
#[must_use]
pub fn derivation(d: &Derivation, lang: Lang) -> String {
    let who = lang.t("responden", "respondents");
    let mut s = format!("{} {who}", d.respondents);
    match d.rule {
        RuleKind::Share => {
            if let (Some(k), Some(p)) = (d.counted, d.share_percent) {
                s += &format!(
                    " · {k}/{} {} ({})",
                    d.n,
                    lang.t("menjawab ya", "answered yes"),
                    percent(p, lang)
                );
            }
        }
        RuleKind::Mean => {
            if let Some(m) = d.mean {
                s += &format!(
                    " · {} {}",
                    lang.t("rata-rata", "mean"),
                    crate::i18n::num(m, lang)
                );
            }
        }
    }
    s += &format!(
        " → {}",
        d.level.map_or_else(|| "—".to_string(), |l| l.to_string())
    );
    if d.provisional {
        s += &format!(
            " ({}, {}/{})",
            lang.t("sementara", "provisional"),
            d.respondents,
            d.target
        );
    }
    if d.conflicted {
        s += lang.t(" · ada konflik jawaban", " · conflicting responses");
    }
    s
}

/// The figures of a derivation in a few columns, for the respondents screen:
/// "4/18 ya (22,2 %) → 1", "rata-rata 2,25 → 2", "—"; "sementara" below the target and
/// "konflik" when a response is in conflict, as in [`derivation`].
#[must_use]
pub fn derivation_short(d: &DerivedView, lang: Lang) -> String {
    let dv = &d.derivation;
    let mut s = match (dv.rule, dv.counted, dv.share_percent, dv.mean) {
        (RuleKind::Share, Some(k), Some(p), _) => format!(
            "{k}/{} {} ({})",
            dv.n,
            response(Response::Ya, lang),
            percent(p, lang)
        ),
        (RuleKind::Mean, _, _, Some(m)) => {
            format!(
                "{} {}",
                lang.t("rata-rata", "mean"),
                crate::i18n::num(m, lang)
            )
        }
        _ => "—".to_string(),
    };
    s += &format!(
        " → {}",
        dv.level.map_or_else(|| "—".to_string(), |l| l.to_string())
    );
    if let Some(l) = d.override_level {
        s += &format!(" ({} {l})", lang.t("ditimpa →", "overridden →"));
    }
    if dv.provisional && dv.level.is_some() {
        s += lang.t(" sementara", " provisional");
    }
    if dv.conflicted {
        s += lang.t(" · konflik", " · conflict");
    }
    s
}

/// A phone number with all but the last three digits masked: `•••••••••123`.
#[must_use]
pub fn mask_phone(p: &str) -> String {
    let digits: Vec<char> = p.chars().filter(char::is_ascii_digit).collect();
    let keep = digits.len().saturating_sub(3);
    digits
        .iter()
        .enumerate()
        .map(|(i, c)| if i < keep { '•' } else { *c })
        .collect()
}

/// One respondent line of `tilik respondents`.
#[must_use]
pub fn respondent_line(r: &Respondent, contact: Option<&str>, lang: Lang) -> String {
    let f = r.fields();
    let mut parts = vec![format!("{:<6}", r.code)];
    if let Some(role) = f.and_then(|f| f.role.as_deref()) {
        parts.push(role.to_string());
    }
    if let Some(c) = f.and_then(|f| f.channel) {
        parts.push(channel(c, lang).to_string());
    }
    if let Some(d) = f.and_then(|f| f.date.as_deref()) {
        parts.push(d.to_string());
    }
    let answers: Vec<String> = r
        .responses()
        .iter()
        .map(|(q, v)| format!("{q}={}", response(*v, lang)))
        .collect();
    parts.push(answers.join(" "));
    if !r.conflicts().is_empty() {
        parts.push(format!(
            "[{}: {}]",
            lang.t("konflik", "conflict"),
            r.conflicts().join(", ")
        ));
    }
    if !r.proof.is_empty() {
        parts.push(format!("[{} {}]", lang.t("bukti", "proof"), r.proof.len()));
    }
    if let Some(c) = contact {
        parts.push(c.to_string());
    }
    parts.join("  ")
}

/// A derived indicator's line: "O.1: 30 responden · 4/30 menjawab ya (13,3 %) → 1", with
/// the override and its reason when one is in force.
#[must_use]
pub fn derived_line(d: &DerivedView, lang: Lang) -> String {
    let mut s = format!(
        "{}: {}",
        d.derivation.indicator,
        derivation(&d.derivation, lang)
    );
    if let (Some(l), Some(r)) = (d.override_level, d.override_reason.as_deref()) {
        s += &format!(
            " · {} {l} ({})",
            lang.t("ditimpa penilai →", "overridden by the assessor →"),
            crate::core::text::inert(r, false)
        );
    }
    s
}

/// `respondent add`: saved, with the survey's count against its target.
#[must_use]
pub fn added(code: &str, survey: &str, n: Option<(u32, u32)>, lang: Lang) -> String {
    let code = crate::core::survey::normalize_code(code);
    match n {
        Some((n, t)) => format!(
            "{} {code} {} {survey} ({n}/{t} {}).",
            lang.t("Responden", "Respondent"),
            lang.t("disimpan dalam survei", "saved in survey"),
            lang.t("responden", "respondents")
        ),
        None => format!(
            "{} {code} {} {survey}.",
            lang.t("Responden", "Respondent"),
            lang.t("disimpan dalam survei", "saved in survey")
        ),
    }
}

/// `respondent set`.
#[must_use]
pub fn changed(code: &str, n: usize, lang: Lang) -> String {
    format!(
        "{} {}: {n} {}.",
        lang.t("Responden", "Respondent"),
        crate::core::survey::normalize_code(code),
        lang.t("jawaban diubah", "answers changed")
    )
}

/// `respondent remove`.
#[must_use]
pub fn removed(code: &str, lang: Lang) -> String {
    format!(
        "{} {} {}",
        lang.t("Responden", "Respondent"),
        crate::core::survey::normalize_code(code),
        lang.t(
            "dihapus (tercatat di log; dapat ditambahkan lagi).",
            "removed (recorded in the log; it can be added again)."
        )
    )
}

/// `respondent proof`.
#[must_use]
pub fn proof_attached(code: &str, n: usize, lang: Lang) -> String {
    format!(
        "{} {}: {n} {}.",
        lang.t("Responden", "Respondent"),
        crate::core::survey::normalize_code(code),
        lang.t("bukti dilampirkan", "proof files attached")
    )
}

/// "Kunjungan: 2024-08-12 09:00–11:00 · tim: Ani, Budi".
#[must_use]
pub fn visit_line(v: &Visit, lang: Lang) -> String {
    let mut s = format!("{}: {}", lang.t("Kunjungan", "Visit"), v.date);
    match (&v.start, &v.end) {
        (Some(a), Some(b)) => s += &format!(" {a}–{b}"),
        (Some(a), None) => s += &format!(" {a}"),
        (None, Some(b)) => s += &format!(" –{b}"),
        (None, None) => {}
    }
    if !v.team.is_empty() {
        let team: Vec<String> = v
            .team
            .iter()
            .map(|t| crate::core::text::inert(t, false))
            .collect();
        s += &format!(" · {}: {}", lang.t("tim", "team"), team.join(", "));
    }
    s
}

/// "pengguna · Survei … · 18/30 responden".
#[must_use]
pub fn survey_heading(s: &Survey, n: usize, lang: Lang) -> String {
    format!(
        "{} · {} · {n}/{} {}",
        s.id,
        s.name(lang.en()),
        s.target,
        lang.t("responden", "respondents")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_is_masked_but_for_three_digits() {
        assert_eq!(mask_phone("0812-3456-7890"), "•••••••••890");
        assert_eq!(mask_phone("12"), "12");
    }

    #[test]
    fn percent_uses_the_decimal_comma_in_indonesian() {
        assert_eq!(percent(13.333, Lang::Id), "13,3 %");
        assert_eq!(percent(13.333, Lang::En), "13.3 %");
    }
}
