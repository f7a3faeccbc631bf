//! Property: the respondents of an assessment are a function of the set of survey ops,
//! whatever order they arrive in (several assessors adding, changing and removing
//! respondents of the same lokus, some after seeing each other's ops).

use std::collections::BTreeMap;

use proptest::prelude::*;
use tilik::core::assessment::AssessmentState;
use tilik::core::op::{OP_VERSION, Op, OpBody};
use tilik::core::survey::{RespondentAdd, RespondentRemove, Response, ResponseSet, SurveyRef};

fn sref() -> SurveyRef {
    SurveyRef {
        instrument: "opini-2024".into(),
        version: "1".into(),
        hash: "h".into(),
    }
}

/// One step a device takes: 0 add, 1 set, 2 remove, 3 learn every op so far (a sync).
type Step = (u8, u8, u8, u8);

/// Build each device's ops from what that device has seen.
fn simulate(steps: &[Step]) -> Vec<Op> {
    let devices = ["a", "b", "c"];
    let mut seen: Vec<AssessmentState> =
        devices.iter().map(|_| AssessmentState::new("x")).collect();
    let mut seq = [0u64; 3];
    let mut all: Vec<Op> = Vec::new();
    let mut hlc = 0u64;
    for (dev, kind, code, val) in steps {
        let d = usize::from(*dev % 3);
        let code = format!("R{}", code % 4);
        let value = match val % 3 {
            0 => Response::Ya,
            1 => Response::Tidak,
            _ => Response::TidakTahu,
        };
        let st = &seen[d];
        let body = match kind % 4 {
            0 => OpBody::AddRespondent(RespondentAdd {
                assessment: "x".into(),
                survey: "pengguna".into(),
                code: code.clone(),
                channel: None,
                service: None,
                date: None,
                role: None,
                contact: None,
                proof: vec![],
                answers: BTreeMap::from([("penundaan".to_string(), value)]),
                surveys: sref(),
            }),
            1 => {
                let heads = st
                    .survey
                    .get("pengguna", &code)
                    .and_then(|r| r.answers.get("penundaan"))
                    .map(tilik::core::survey::Register::head_refs)
                    .unwrap_or_default();
                OpBody::SetResponse(ResponseSet {
                    assessment: "x".into(),
                    survey: "pengguna".into(),
                    code: code.clone(),
                    question: "penundaan".into(),
                    value: Some(value),
                    supersedes: heads,
                    surveys: sref(),
                })
            }
            2 => OpBody::RemoveRespondent(RespondentRemove {
                assessment: "x".into(),
                survey: "pengguna".into(),
                code: code.clone(),
                adds: st
                    .survey
                    .get("pengguna", &code)
                    .map(tilik::core::survey::Respondent::live_adds)
                    .unwrap_or_default(),
            }),
            _ => {
                for o in &all {
                    seen[d].apply(o);
                }
                continue;
            }
        };
        seq[d] += 1;
        hlc += 1;
        let op = Op {
            v: OP_VERSION,
            device: devices[d].into(),
            seq: seq[d],
            prev: None,
            hlc,
            wall_ms: 0,
            undo_of: None,
            body,
        };
        seen[d].apply(&op);
        all.push(op);
    }
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_arrival_order_gives_the_same_respondents(
        steps in proptest::collection::vec((0u8..3, 0u8..4, 0u8..4, 0u8..3), 1..40),
        seed in any::<u64>(),
    ) {
        let ops = simulate(&steps);
        let mut forward = AssessmentState::new("x");
        for o in &ops {
            forward.apply(o);
        }
        // A deterministic shuffle from the seed, plus the reverse order, plus duplicates.
        let mut shuffled = ops.clone();
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let j = usize::try_from(s % (i as u64 + 1)).unwrap_or(0);
            shuffled.swap(i, j);
        }
        let mut other = AssessmentState::new("x");
        for o in shuffled.iter().chain(ops.iter().rev()) {
            other.apply(o);
        }
        prop_assert_eq!(&forward.survey, &other.survey);
    }
}
