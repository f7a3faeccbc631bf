//! `tilik demo seed` and `demo generate`.

use crate::cli::args::GenerateArgs;
use crate::cli::output::{out, out_json};
use crate::demo::generate::{GenOptions, generate as generate_year};
use crate::error::Result;
use crate::i18n::Lang;
use crate::present::cli::demo as text;
use crate::workspace::Workspace;

/// `demo seed`: a few assessments to try tilik on.
pub fn seed(ws: &Workspace, lang: Lang) -> Result<i32> {
    let s = crate::demo::seed(ws)?;
    out(&text::seeded(&s, lang));
    Ok(0)
}

/// `demo generate` (needs no store): a synthetic year of signed bundles and a roster.
pub fn generate(a: &GenerateArgs, lang: Lang) -> Result<i32> {
    let opts = GenOptions {
        out: a.out.clone(),
        pemda: a.pemda,
        lokus: a.lokus,
        assessors: a.assessors,
        edits_per_answer: a.edits_per_answer,
        conflict_rate: a.conflict_rate,
        evidence_kb: a.evidence_kb,
        seed: a.seed,
        respondents: a.respondents,
        ..GenOptions::default()
    };
    let g = generate_year(&opts, a.csv, &mut |_, _| {})?;
    if a.json {
        out_json(&g)?;
    } else {
        out(&text::generated(&g, lang));
    }
    Ok(0)
}
