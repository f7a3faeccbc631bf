//! `tilik trust add`, `import`, `list` and `remove`: the device keys whose bundles this
//! store accepts.

use serde_json::json;

use crate::cli::args::TrustCmd;
use crate::cli::output::{out, out_json};
use crate::error::Result;
use crate::i18n::Lang;
use crate::identity::fingerprint;
use crate::present::cli::trust as text;
use crate::workspace::Workspace;

/// Run one trust command.
///
/// # Errors
/// Library errors (the caller prints their sentence).
pub fn run(ws: &Workspace, cmd: &TrustCmd, lang: Lang) -> Result<i32> {
    match cmd {
        TrustCmd::Add {
            key,
            name,
            role,
            age,
        } => {
            let (e, waiting) = ws.trust_add(key, name, *role, age.as_deref())?;
            out(&text::trusted(&e, lang));
            if waiting > 0 {
                out(&text::waiting_for_key(waiting, lang));
            }
        }
        TrustCmd::Import { file } => {
            let (list, waiting) = ws.trust_import(file)?;
            out(&text::roster_trusted(list.len(), lang));
            if waiting > 0 {
                out(&text::waiting_for_roster(waiting, lang));
            }
        }
        TrustCmd::List { json } => {
            let list = ws.trust_list()?;
            if *json {
                out_json(&serde_json::Value::Array(
                    list.iter()
                        .map(|e| {
                            json!({"device": e.device, "public_key": e.device, "name": e.name,
                            "role": e.role.as_str(), "fingerprint": fingerprint(&e.device),
                            "added_ms": e.added_ms, "age_recipient": e.age_recipient})
                        })
                        .collect(),
                ))?;
            } else if list.is_empty() {
                out(text::empty(lang));
            } else {
                for e in &list {
                    out(&text::line(e, lang));
                }
            }
        }
        TrustCmd::Remove { key } => {
            let e = ws.trust_remove(key)?;
            out(&text::removed(&e, lang));
        }
    }
    Ok(0)
}
