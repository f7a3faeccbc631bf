//! `--json` output at the edge: the workspace's data as it serializes, plus the fields in
//! the user's language it does not carry (an outcome's `message`, a summary's `label`, a
//! candidate's `value`, a log line's `old` and `new`, an inspection's `fault` and
//! `fault_message`). Objects print with sorted keys, so where a field is added does not
//! change the output.

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::workspace::bundles::{ImportOutcome, Inspection, Reason};
use crate::workspace::{ConflictsReport, LogEntry, Summary};

use super::words::{answer_short, label, log_value};

fn to_value<T: Serialize + ?Sized>(what: &'static str, v: &T) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| Error::encode(what, e))
}

/// Set `key` on a JSON object (anything else is left as it is).
fn set(v: &mut Value, key: &str, x: Value) {
    if let Value::Object(m) = v {
        m.insert(key.to_string(), x);
    }
}

/// `tilik list --json`.
///
/// # Errors
/// `Encode` when a summary does not serialize.
pub fn summaries(list: &[Summary], lang: Lang) -> Result<Value> {
    list.iter()
        .map(|s| {
            let mut v = to_value("assessment summary", s)?;
            set(
                &mut v,
                "label",
                s.label
                    .as_ref()
                    .map_or(Value::Null, |l| Value::from(label(lang, l))),
            );
            set(&mut v, "provisional", Value::from(s.provisional()));
            Ok(v)
        })
        .collect::<Result<Vec<_>>>()
        .map(Value::Array)
}

/// One import outcome with its `message`.
///
/// # Errors
/// `Encode` when the outcome does not serialize.
pub fn outcome(o: &ImportOutcome, lang: Lang) -> Result<Value> {
    let mut v = to_value("import outcome", o)?;
    set(
        &mut v,
        "message",
        Value::from(super::import::message(o, lang)),
    );
    Ok(v)
}

/// `tilik import --json` (and the `imports` of `tilik sync --json`).
///
/// # Errors
/// As [`outcome`].
pub fn outcomes(list: &[ImportOutcome], lang: Lang) -> Result<Value> {
    list.iter()
        .map(|o| outcome(o, lang))
        .collect::<Result<Vec<_>>>()
        .map(Value::Array)
}

/// `tilik bundle inspect --json`: `fault` is the reason code, `fault_message` its
/// sentence (both `null` when the bundle verifies).
///
/// # Errors
/// `Encode` when the inspection does not serialize.
pub fn inspection(ins: &Inspection, lang: Lang) -> Result<Value> {
    let mut v = to_value("bundle inspection", ins)?;
    let (fault, message) = ins.fault.as_ref().map_or((Value::Null, Value::Null), |f| {
        (
            Value::from(Reason::of_fault(f).as_str()),
            Value::from(if ins.own_sealed() {
                super::cli::bundles::own_sealed_message(lang)
            } else {
                super::faults::fault_message(f, lang)
            }),
        )
    });
    set(&mut v, "fault", fault);
    set(&mut v, "fault_message", message);
    Ok(v)
}

/// `tilik conflicts --json`: every candidate with its `value` in words.
///
/// # Errors
/// `Encode` when the report does not serialize.
pub fn conflicts(r: &ConflictsReport, lang: Lang) -> Result<Value> {
    let mut v = to_value("conflicts", r)?;
    if let Some(Value::Array(list)) = v.get_mut("conflicts") {
        for (c, cv) in r.conflicts.iter().zip(list.iter_mut()) {
            if let Some(Value::Array(cands)) = cv.get_mut("candidates") {
                for (k, kv) in c.candidates.iter().zip(cands.iter_mut()) {
                    set(kv, "value", Value::from(answer_short(lang, k.raw)));
                }
            }
        }
    }
    Ok(v)
}

/// `tilik log --json`: every line with `old` and `new` in words.
///
/// # Errors
/// `Encode` when a line does not serialize.
pub fn log(entries: &[LogEntry], lang: Lang) -> Result<Value> {
    let words = |x: Option<&crate::workspace::LogValue>| {
        x.map_or(Value::Null, |x| Value::from(log_value(lang, x)))
    };
    entries
        .iter()
        .map(|e| {
            let mut v = to_value("log line", e)?;
            set(&mut v, "old", words(e.old.as_ref()));
            set(&mut v, "new", words(e.new.as_ref()));
            Ok(v)
        })
        .collect::<Result<Vec<_>>>()
        .map(Value::Array)
}

/// The review of one assessment (`tilik show --json`, `review --json`): `state` (a stable
/// name or null), `history`, `threads`, `open_comments`, `supervisor_comments`.
///
/// # Errors
/// `Encode` when the view does not serialize.
pub fn review(v: &crate::workspace::ReviewView) -> Result<Value> {
    to_value("review", v)
}

/// The audit trail (`tilik log --all --format json`): every field of
/// [`crate::workspace::AuditEntry`] plus `old` and `new` in words.
///
/// # Errors
/// `Encode` when an entry does not serialize.
pub fn audit(entries: &[crate::workspace::AuditEntry], lang: Lang) -> Result<Value> {
    let words = |x: Option<&crate::workspace::LogValue>| {
        x.map_or(Value::Null, |x| Value::from(log_value(lang, x)))
    };
    entries
        .iter()
        .map(|e| {
            let mut v = to_value("audit line", e)?;
            set(&mut v, "old", words(e.old.as_ref()));
            set(&mut v, "new", words(e.new.as_ref()));
            Ok(v)
        })
        .collect::<Result<Vec<_>>>()
        .map(Value::Array)
}
