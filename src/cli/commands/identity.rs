//! `tilik paths`, `init` and `whoami`.

use serde_json::json;

use crate::cli::output::{out, out_json, out_lines};
use crate::config::Dirs;
use crate::error::Result;
use crate::i18n::Lang;
use crate::identity::Role;
use crate::present::cli::identity as text;
use crate::workspace::Workspace;

/// `paths` (needs no store).
pub fn paths(dirs: &Dirs) -> i32 {
    out_lines(&text::paths(dirs));
    0
}

/// `init`: make this device's key.
pub fn init(
    ws: &Workspace,
    name: &str,
    nip: Option<&str>,
    office: Option<&str>,
    role: Role,
    lang: Lang,
) -> Result<i32> {
    let id = ws.init(
        name,
        nip.map(str::to_string),
        office.map(str::to_string),
        role,
    )?;
    out_lines(&text::initialized(&id, lang));
    Ok(0)
}

/// `whoami`.
pub fn whoami(ws: &Workspace, json: bool, lang: Lang) -> Result<i32> {
    let id = ws.require_identity()?;
    if json {
        out_json(&json!({
            "name": id.name,
            "nip": id.nip,
            "office": id.office,
            "role": id.role.as_str(),
            "device_id": id.device,
            "public_key": id.device,
            "fingerprint": id.fingerprint(),
            "age_recipient": ws.age_recipient()?,
        }))?;
    } else {
        out_lines(&text::whoami(&id, lang));
        out(&text::age_recipient(&ws.age_recipient()?, lang));
    }
    Ok(0)
}
