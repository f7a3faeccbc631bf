//! A small demo store for someone trying tilik for the first time: assessments in
//! Kalimantan Barat and Kalimantan Timur in various states (draft, final, edited after
//! final, flagged, with notes and evidence). Deterministic: the same answers every time.

use serde::Serialize;

pub mod generate;

use crate::core::op::AnswerValue;
use crate::error::Result;
use crate::identity::Role;
use crate::workspace::{AnswerRequest, Workspace};

/// What `demo seed` made.
#[derive(Debug, Clone, Serialize)]
pub struct Seeded {
    pub assessments: usize,
    pub answers: usize,
    pub identity_created: bool,
}

/// (pemda code, lokus type, name, how far: 0..=100 percent answered, finalize, edit after)
type Plan = (
    &'static str,
    &'static str,
    Option<&'static str>,
    u32,
    bool,
    bool,
);

const PLAN: &[Plan] = &[
    ("61.71", "disdukcapil", None, 100, true, false),
    ("61.71", "dpmptsp", None, 100, true, true),
    (
        "61.71",
        "puskesmas",
        Some("Puskesmas Alianyang"),
        80,
        false,
        false,
    ),
    ("61.71", "dinsos", None, 30, false, false),
    ("61.12", "dpmptsp", None, 10, false, false),
    ("61.72", "disdik", None, 100, true, false),
    ("64.74", "disdukcapil", None, 100, true, false),
    (
        "64.74",
        "puskesmas",
        Some("Puskesmas Bontang Utara I"),
        60,
        false,
        false,
    ),
    ("64.72", "dinkes", None, 100, true, false),
    ("64", "dpmptsp", None, 45, false, false),
];

/// The demo store's field notes: the generator's first five.
const NOTE_COUNT: usize = 5;

/// Fill the store with the demo data (creating a demo identity when there is none).
///
/// # Errors
/// Storage failure.
pub fn seed(ws: &Workspace) -> Result<Seeded> {
    let identity_created = if ws.identity()?.is_none() {
        ws.init(
            "Penilai Demo",
            None,
            Some("Perwakilan Kalimantan Barat".into()),
            Role::Assessor,
        )?;
        true
    } else {
        false
    };
    let evidence_dir = ws.dirs().data.join("demo-bukti");
    std::fs::create_dir_all(&evidence_dir).map_err(|source| crate::error::Error::Io {
        context: format!("{}", evidence_dir.display()),
        source,
    })?;
    let photo = evidence_dir.join("papan-tarif.txt");
    std::fs::write(
        &photo,
        "Foto contoh (teks): papan tarif di loket pelayanan, 12 Agustus 2024.\n",
    )
    .map_err(|source| crate::error::Error::Io {
        context: format!("{}", photo.display()),
        source,
    })?;
    let mut answers = 0;
    let mut n: u64 = 7;
    for (k, (pemda, lokus, name, pct, finalize, edit_after)) in PLAN.iter().enumerate() {
        let created = ws.new_assessment(2024, Some("opini-2024"), pemda, lokus, *name)?;
        let d = ws.detail(&created.id)?;
        if d.score.answered > 0 {
            continue; // already seeded
        }
        let inds: Vec<(String, bool)> = d
            .instrument
            .indicators()
            .map(|p| (p.indicator.id.clone(), p.indicator.allow_na))
            .collect();
        let upto = inds.len() * (*pct as usize) / 100;
        for (i, (ind, allow_na)) in inds.iter().take(upto).enumerate() {
            n = n
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let r = (n >> 33) % 20;
            // Mostly good offices: 3 often, sometimes 2, rarely lower.
            let v = match r {
                0 if *allow_na => AnswerValue::NotApplicable,
                0 | 1 => AnswerValue::Score(1),
                2..=6 => AnswerValue::Score(2),
                _ => AnswerValue::Score(3),
            };
            let note = (r == 2 && i % 3 == 0).then(|| generate::NOTES[(k + i) % NOTE_COUNT]);
            let files: Vec<&std::path::Path> = if ind == "P.4" && k == 0 {
                vec![photo.as_path()]
            } else {
                vec![]
            };
            ws.answer(&AnswerRequest {
                value: Some(v),
                note,
                evidence: &files,
                ..AnswerRequest::new(&created.id, ind)
            })?;
            answers += 1;
        }
        if !*finalize && upto > 2 {
            ws.toggle_flag(&created.id, &inds[1].0, Some("cek ulang dengan kepala TU"))?;
        }
        if *finalize {
            ws.finalize(&created.id)?;
            if *edit_after {
                ws.answer(
                    &AnswerRequest::new(&created.id, &inds[0].0)
                        .value(AnswerValue::Score(2))
                        .note("diperbaiki setelah klarifikasi"),
                )?;
                answers += 1;
            }
        }
    }
    Ok(Seeded {
        assessments: PLAN.len(),
        answers,
        identity_created,
    })
}
