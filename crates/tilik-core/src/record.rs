//! Record integrity: a `create_assessment` from a bundle names a real office assessment
//! and gives the id it claims. Pure: the region list and the instrument (when this store
//! knows it) are passed in.
//!
//! The id of an assessment is a function of its key ([`AssessmentKey::id`]: round, pemda
//! code, lokus type, normalized lokus name, instrument family), so a create whose fields
//! do not give its id is refused (`bad_record`): it could otherwise move a record (another
//! round, another pemda) or plant one under someone else's id. Every create of one id
//! therefore agrees on round, pemda, lokus and family; the pemda name must be the region
//! list's, so no later create (whatever its clock) can rename or move a record either.

use crate::assessment::{AssessmentKey, normalize_name};
use crate::instrument::Instrument;
use crate::op::OpBody;
use crate::region::{Regions, lokus_type};

/// The earliest round tilik accepts (the Ombudsman compliance assessment began in 2013).
pub const ROUND_MIN: u16 = 2013;
/// The latest round tilik accepts.
pub const ROUND_MAX: u16 = 2100;

/// What is wrong with a create (`bad_record`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordProblem {
    /// The fields give another id than the one the create claims.
    IdMismatch { claimed: String, computed: String },
    /// A round outside [`ROUND_MIN`]..=[`ROUND_MAX`].
    Round(u16),
    /// A pemda code the region list does not have.
    Pemda(String),
    /// A pemda name that is not the region list's name for the code.
    PemdaName { code: String, claimed: String },
    /// A lokus type tilik does not know.
    Lokus(String),
    /// A lokus type that needs a name (a puskesmas, a school), given without one.
    LokusName(String),
    /// The instrument this store knows under the create's hash is of another id,
    /// version or family than the create says.
    Instrument { claimed: String, known: String },
}

impl RecordProblem {
    /// A stable code for the problem (JSON `detail`, logs).
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            RecordProblem::IdMismatch { .. } => "id_mismatch",
            RecordProblem::Round(_) => "round",
            RecordProblem::Pemda(_) => "pemda",
            RecordProblem::PemdaName { .. } => "pemda_name",
            RecordProblem::Lokus(_) => "lokus",
            RecordProblem::LokusName(_) => "lokus_name",
            RecordProblem::Instrument { .. } => "instrument",
        }
    }
}

/// Check one op: `Ok` for every op that is not a create, and for a create whose id,
/// round, pemda, lokus and instrument hold. `instrument` is this store's definition under
/// the create's instrument hash, when it has one (an unknown instrument holds the create
/// in the merge instead).
///
/// # Errors
/// The first problem found.
pub fn check_create(
    body: &OpBody,
    regions: &Regions,
    instrument: Option<&Instrument>,
) -> Result<(), RecordProblem> {
    let OpBody::CreateAssessment {
        assessment,
        round,
        pemda,
        pemda_name,
        lokus,
        lokus_name,
        family,
        instrument: iref,
    } = body
    else {
        return Ok(());
    };
    let computed = AssessmentKey {
        round: *round,
        pemda: pemda.clone(),
        lokus: lokus.clone(),
        lokus_name: lokus_name.clone(),
        family: family.clone(),
    }
    .id();
    if computed != *assessment {
        return Err(RecordProblem::IdMismatch {
            claimed: assessment.clone(),
            computed,
        });
    }
    if !(ROUND_MIN..=ROUND_MAX).contains(round) {
        return Err(RecordProblem::Round(*round));
    }
    let Some(region) = regions.by_code(pemda.trim()) else {
        return Err(RecordProblem::Pemda(pemda.clone()));
    };
    if region.code != *pemda || normalize_name(&region.name) != normalize_name(pemda_name) {
        return Err(RecordProblem::PemdaName {
            code: pemda.clone(),
            claimed: pemda_name.clone(),
        });
    }
    let Some(lt) = lokus_type(lokus).filter(|t| t.code == lokus) else {
        return Err(RecordProblem::Lokus(lokus.clone()));
    };
    if lt.needs_name && lokus_name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(RecordProblem::LokusName(lokus.clone()));
    }
    if let Some(inst) = instrument
        && (inst.id != iref.id || inst.version != iref.version || inst.family != *family)
    {
        return Err(RecordProblem::Instrument {
            claimed: format!("{} v{} ({family})", iref.id, iref.version),
            known: format!("{} v{} ({})", inst.id, inst.version, inst.family),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::InstrumentRef;

    fn regions() -> Regions {
        Regions::parse(
            "code,name,kind,province_code\n61.71,Kota Pontianak,kota,61\n61.72,Kota Singkawang,kota,61\n",
        )
    }

    fn create(round: u16, pemda: &str, name: &str, lokus: &str, id: Option<&str>) -> OpBody {
        let key = AssessmentKey {
            round,
            pemda: pemda.into(),
            lokus: lokus.into(),
            lokus_name: None,
            family: "opini".into(),
        };
        OpBody::CreateAssessment {
            assessment: id.map_or_else(|| key.id(), str::to_string),
            round,
            pemda: pemda.into(),
            pemda_name: name.into(),
            lokus: lokus.into(),
            lokus_name: None,
            family: "opini".into(),
            instrument: InstrumentRef {
                id: "opini-2024".into(),
                version: "1".into(),
                hash: "a".repeat(64),
            },
        }
    }

    #[test]
    fn a_genuine_create_passes_and_every_forgery_is_named() {
        let r = regions();
        assert!(
            regions().by_code("61.71").is_some(),
            "test region list parses"
        );
        let good = create(2024, "61.71", "Kota Pontianak", "dinkes", None);
        assert_eq!(check_create(&good, &r, None), Ok(()));
        let moved_id = match &good {
            OpBody::CreateAssessment { assessment, .. } => assessment.clone(),
            _ => String::new(),
        };
        let moved = create(2023, "61.72", "Kota Singkawang", "dinkes", Some(&moved_id));
        assert_eq!(
            check_create(&moved, &r, None).map_err(|p| p.code()),
            Err("id_mismatch")
        );
        let fake = create(1999, "99.99", "Atlantis", "dinkes", None);
        assert_eq!(
            check_create(&fake, &r, None).map_err(|p| p.code()),
            Err("round")
        );
        let nowhere = create(2024, "99.99", "Atlantis", "dinkes", None);
        assert_eq!(
            check_create(&nowhere, &r, None).map_err(|p| p.code()),
            Err("pemda")
        );
        let renamed = create(2024, "61.71", "Kota Singkawang", "dinkes", None);
        assert_eq!(
            check_create(&renamed, &r, None).map_err(|p| p.code()),
            Err("pemda_name")
        );
        let odd = create(2024, "61.71", "Kota Pontianak", "kapal-selam", None);
        assert_eq!(
            check_create(&odd, &r, None).map_err(|p| p.code()),
            Err("lokus")
        );
    }
}
