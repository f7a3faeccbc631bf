//! The audit trail of the whole store (issue 14, `tilik log --all`): every op, who wrote
//! it (roster name and device fingerprint), when, what (assessment, kind, indicator),
//! old → new, why (a resolution's reason, a review decision's comment or forced reason, a
//! flag's or an override's reason) and its op hash.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Workspace;
use super::history::{LogValue, change_of};
use crate::core::op::OpBody;
use crate::core::region::lokus_display;
use crate::error::{Error, Result};
use crate::identity::fingerprint;

/// One op of the audit trail. Its JSON adds `old` and `new` in words at the edge
/// (`present::json::audit`).
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub assessment: String,
    pub pemda_name: String,
    pub lokus_name: String,
    pub device: String,
    pub fingerprint: String,
    /// Roster name (or the short fingerprint when unknown).
    pub who: String,
    pub seq: u64,
    pub wall_ms: i64,
    pub kind: &'static str,
    pub indicator: Option<String>,
    #[serde(skip)]
    pub old: Option<LogValue>,
    #[serde(skip)]
    pub new: Option<LogValue>,
    pub why: Option<String>,
    /// blake3 (hex) of the op's stored bytes.
    pub hash: String,
}

/// Why an op was made, when it says.
fn why_of(body: &OpBody) -> Option<String> {
    let s = match body {
        OpBody::Resolve { reason, .. } => reason.clone(),
        OpBody::SetReview {
            comment, forced, ..
        } => match forced {
            Some(f) if comment.is_empty() => f.clone(),
            Some(f) => format!("{comment} · {f}"),
            None => comment.clone(),
        },
        OpBody::SetFlag { reason, .. } => reason.clone().unwrap_or_default(),
        OpBody::OverrideDerived(o) => o.reason.clone(),
        _ => String::new(),
    };
    (!s.trim().is_empty()).then_some(s)
}

/// The start of day `YYYY-MM-DD` in the system's time zone, in ms.
///
/// # Errors
/// `BadDate`.
pub fn day_start_ms(date: &str) -> Result<i64> {
    let bad = || Error::BadDate(date.to_string());
    let d: jiff::civil::Date = date.trim().parse().map_err(|_| bad())?;
    let z = d
        .to_zoned_datetime(jiff::tz::TimeZone::system())
        .map_err(|_| bad())?;
    Ok(z.timestamp().as_millisecond())
}

impl Workspace {
    /// Every op in the store (from `since`, a `YYYY-MM-DD` day, when given), in display
    /// order (clock, device, sequence number).
    ///
    /// # Errors
    /// `BadDate`, storage failure.
    pub fn audit(&self, since: Option<&str>) -> Result<Vec<AuditEntry>> {
        let from = since.map(day_start_ms).transpose()?;
        let mut ops = self.store.all_ops_hashed()?;
        ops.retain(|(o, _)| from.is_none_or(|f| o.wall_ms >= f));
        ops.sort_by(|(a, _), (b, _)| (a.hlc, &a.device, a.seq).cmp(&(b.hlc, &b.device, b.seq)));
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        let mut places: BTreeMap<String, (String, String)> = BTreeMap::new();
        let mut out = Vec::with_capacity(ops.len());
        for (o, hash) in ops {
            let who = names
                .entry(o.device.clone())
                .or_insert_with(|| self.device_name(&o.device))
                .clone();
            let aid = o.body.assessment().to_string();
            if !places.contains_key(&aid) {
                let place = self
                    .store
                    .assessment(&aid)?
                    .and_then(|st| st.header)
                    .map(|h| {
                        (
                            h.pemda_name.clone(),
                            lokus_display(&h.lokus, h.lokus_name.as_deref()),
                        )
                    })
                    .unwrap_or_default();
                places.insert(aid.clone(), place);
            }
            let (pemda_name, lokus_name) = places.get(&aid).cloned().unwrap_or_default();
            let (old, new) = change_of(&o.body);
            out.push(AuditEntry {
                assessment: aid,
                pemda_name,
                lokus_name,
                fingerprint: fingerprint(&o.device),
                device: o.device.clone(),
                who,
                seq: o.seq,
                wall_ms: o.wall_ms,
                kind: o.body.kind(),
                indicator: o.body.indicator().map(str::to_string),
                why: why_of(&o.body),
                old,
                new,
                hash,
            });
        }
        Ok(out)
    }

    /// The audit trail of one assessment: [`Workspace::audit`]'s entries of that
    /// assessment, in the same order (what the checklist's `l` shows).
    ///
    /// # Errors
    /// Unknown assessment, storage failure.
    pub fn audit_of(&self, id: &str) -> Result<Vec<AuditEntry>> {
        let st = self.state(id)?;
        let mut v = self.audit(None)?;
        v.retain(|e| e.assessment == st.id);
        Ok(v)
    }
}
