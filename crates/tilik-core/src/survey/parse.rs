//! Reading a survey file: TOML parsed into a [`SurveySet`], then validated against the
//! instrument it names; every problem in English and Bahasa Indonesia with its position.

use std::collections::BTreeSet;

use super::{AnswerKind, Response, RuleKind, SurveySet};
use crate::instrument::{Instrument, Problem, find_position, line_col};

macro_rules! bi {
    ($en:literal, $id:literal $(, $a:expr)* $(,)?) => {
        (format!($en $(, $a)*), format!($id $(, $a)*))
    };
}

impl SurveySet {
    /// Parse TOML text without checking it against an instrument (to learn which
    /// instrument it names).
    ///
    /// # Errors
    /// The syntax or shape problem, with its position.
    pub fn parse_toml(text: &str) -> Result<SurveySet, Vec<Problem>> {
        toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
            vec![Problem {
                line,
                col,
                message: e.message().to_string(),
                message_id: format!("kesalahan TOML: {}", e.message()),
            }]
        })
    }

    /// Parse and validate against `instrument` (the one whose id the file names).
    ///
    /// # Errors
    /// Every problem found.
    pub fn from_toml(text: &str, instrument: &Instrument) -> Result<SurveySet, Vec<Problem>> {
        let set = Self::parse_toml(text)?;
        let problems = set.validate(instrument);
        if problems.is_empty() {
            Ok(set)
        } else {
            Err(problems
                .into_iter()
                .map(|(needle, (message, message_id))| {
                    let (line, col) = find_position(text, &needle);
                    Problem {
                        line,
                        col,
                        message,
                        message_id,
                    }
                })
                .collect())
        }
    }

    /// Validation rules; each problem carries a text to locate it in the source.
    #[allow(clippy::too_many_lines)]
    fn validate(&self, inst: &Instrument) -> Vec<(String, (String, String))> {
        let mut out = Vec::new();
        if self.instrument != inst.id {
            out.push((
                format!("instrument = \"{}\"", self.instrument),
                bi!(
                    "survey file names instrument `{}`, not `{}`",
                    "berkas survei menyebut instrumen `{}`, bukan `{}`",
                    self.instrument,
                    inst.id
                ),
            ));
        }
        let mut ids = BTreeSet::new();
        let mut derived = BTreeSet::new();
        for s in &self.surveys {
            let at = format!("id = \"{}\"", s.id);
            if s.id.trim().is_empty() || s.id.contains(char::is_whitespace) {
                out.push((
                    at.clone(),
                    bi!(
                        "survey id must be non-empty without spaces",
                        "id survei tidak boleh kosong dan tanpa spasi"
                    ),
                ));
            }
            if !ids.insert(s.id.as_str()) {
                out.push((
                    at.clone(),
                    bi!(
                        "survey `{}` is defined twice",
                        "survei `{}` didefinisikan dua kali",
                        s.id
                    ),
                ));
            }
            if s.target == 0 {
                out.push((
                    at.clone(),
                    bi!(
                        "survey `{}` needs a target above 0",
                        "survei `{}` perlu target lebih dari 0",
                        s.id
                    ),
                ));
            }
            if s.questions.is_empty() {
                out.push((
                    at.clone(),
                    bi!(
                        "survey `{}` has no questions",
                        "survei `{}` tidak punya pertanyaan",
                        s.id
                    ),
                ));
            }
            let mut roles = BTreeSet::new();
            for r in &s.roles {
                if !roles.insert(r.id.as_str()) {
                    out.push((
                        format!("id = \"{}\"", r.id),
                        bi!(
                            "role `{}` is defined twice in survey `{}`",
                            "peran `{}` didefinisikan dua kali dalam survei `{}`",
                            r.id,
                            s.id
                        ),
                    ));
                }
            }
            if !s.roles.is_empty() {
                let sum: u32 = s.roles.iter().map(|r| r.target).sum();
                if sum != s.target {
                    out.push((
                        at.clone(),
                        bi!(
                            "survey `{}`: role targets add up to {}, not the target {}",
                            "survei `{}`: target per peran berjumlah {}, bukan target {}",
                            s.id,
                            sum,
                            s.target
                        ),
                    ));
                }
            }
            let mut qids = BTreeSet::new();
            for q in &s.questions {
                let qat = format!("id = \"{}\"", q.id);
                if q.id.trim().is_empty()
                    || q.id.contains(char::is_whitespace)
                    || q.id.contains('=')
                {
                    out.push((
                        qat.clone(),
                        bi!(
                            "question id must be non-empty, without spaces or `=`",
                            "id pertanyaan tidak boleh kosong, tanpa spasi atau `=`"
                        ),
                    ));
                }
                if !qids.insert(q.id.as_str()) {
                    out.push((
                        qat.clone(),
                        bi!(
                            "question `{}` is used twice in survey `{}`",
                            "pertanyaan `{}` dipakai dua kali dalam survei `{}`",
                            q.id,
                            s.id
                        ),
                    ));
                }
                if q.text.trim().is_empty() {
                    out.push((
                        qat.clone(),
                        bi!(
                            "question `{}` needs text",
                            "pertanyaan `{}` perlu teks",
                            q.id
                        ),
                    ));
                }
                match (q.answers, q.max) {
                    (AnswerKind::Skala, None | Some(0)) => out.push((
                        qat.clone(),
                        bi!(
                            "question `{}` is a scale and needs `max` above 0",
                            "pertanyaan `{}` berskala dan perlu `max` lebih dari 0",
                            q.id
                        ),
                    )),
                    (AnswerKind::YaTidak, Some(_)) => out.push((
                        qat.clone(),
                        bi!(
                            "question `{}` is ya-tidak and takes no `max`",
                            "pertanyaan `{}` ya-tidak dan tidak memakai `max`",
                            q.id
                        ),
                    )),
                    _ => {}
                }
            }
            for d in &s.derive {
                let dat = format!("indicator = \"{}\"", d.indicator);
                let Some(pos) = inst.indicator(&d.indicator) else {
                    out.push((
                        dat,
                        bi!(
                            "survey `{}` derives unknown indicator `{}`",
                            "survei `{}` menurunkan indikator `{}` yang tidak dikenal",
                            s.id,
                            d.indicator
                        ),
                    ));
                    continue;
                };
                if !derived.insert(d.indicator.as_str()) {
                    out.push((
                        dat.clone(),
                        bi!(
                            "indicator `{}` is derived twice",
                            "indikator `{}` diturunkan dua kali",
                            d.indicator
                        ),
                    ));
                }
                let scale = inst.scale(&pos.indicator.scale);
                let valid_level = |l: u8| scale.is_some_and(|sc| sc.level(l).is_some());
                let Some(q) = s.question(&d.question) else {
                    out.push((
                        format!("question = \"{}\"", d.question),
                        bi!(
                            "rule for `{}` names unknown question `{}`",
                            "aturan untuk `{}` menyebut pertanyaan `{}` yang tidak dikenal",
                            d.indicator,
                            d.question
                        ),
                    ));
                    continue;
                };
                match d.rule {
                    RuleKind::Share => {
                        if q.answers != AnswerKind::YaTidak {
                            out.push((
                                dat.clone(),
                                bi!(
                                    "rule `share` for `{}` needs a ya-tidak question",
                                    "aturan `share` untuk `{}` perlu pertanyaan ya-tidak",
                                    d.indicator
                                ),
                            ));
                        }
                        if !matches!(d.count, None | Some(Response::Ya | Response::Tidak)) {
                            out.push((
                                dat.clone(),
                                bi!(
                                    "rule for `{}` may count only `ya` or `tidak`",
                                    "aturan untuk `{}` hanya boleh menghitung `ya` atau `tidak`",
                                    d.indicator
                                ),
                            ));
                        }
                        if d.bands.last().is_none_or(|b| !b.unconditional()) {
                            out.push((
                                dat.clone(),
                                bi!(
                                    "rule for `{}` needs bands, the last without a condition",
                                    "aturan untuk `{}` perlu pita, yang terakhir tanpa syarat",
                                    d.indicator
                                ),
                            ));
                        }
                        for b in &d.bands {
                            if !valid_level(b.level) {
                                out.push((
                                    dat.clone(),
                                    bi!(
                                        "rule for `{}` gives level {} outside its scale",
                                        "aturan untuk `{}` memberi tingkat {} di luar skalanya",
                                        d.indicator,
                                        b.level
                                    ),
                                ));
                            }
                        }
                    }
                    RuleKind::Mean => {
                        let max = scale.map(crate::instrument::Scale::max);
                        if q.answers != AnswerKind::Skala || q.max != max {
                            out.push((
                                dat.clone(),
                                bi!(
                                    "rule `mean` for `{}` needs a scale question with the indicator's maximum",
                                    "aturan `mean` untuk `{}` perlu pertanyaan berskala dengan maksimum indikatornya",
                                    d.indicator
                                ),
                            ));
                        }
                        if !d.bands.is_empty() || d.count.is_some() {
                            out.push((
                                dat.clone(),
                                bi!(
                                    "rule `mean` for `{}` takes no bands or count",
                                    "aturan `mean` untuk `{}` tidak memakai pita atau hitungan",
                                    d.indicator
                                ),
                            ));
                        }
                    }
                }
            }
        }
        out
    }
}
