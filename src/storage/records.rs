//! The records kept in the `meta` tree for the layers above, with their exact stored
//! layout: each is JSON as serde writes these structs (field names and order as declared,
//! never renamed), so values written before these types moved here read back and are
//! written byte for byte as before. Do not rename, reorder or remove a field; add new
//! ones as `#[serde(default)]` at the end.
//!
//! Keys and accessors: see `Store::trust_get` and the other typed methods in
//! `storage/meta.rs`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::identity::Role;

/// One entry of the trust roster (`trust/<device>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustEntry {
    pub device: String,
    pub name: String,
    pub role: Role,
    pub added_ms: i64,
    #[serde(default)]
    pub age_recipient: Option<String>,
}

/// What this device remembers about a bundle it exported (`export/<bundle id>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportReceipt {
    pub bundle_id: String,
    pub created_ms: i64,
    pub file: String,
    pub hash: String,
    pub code: String,
    /// Highest sequence number included per device.
    pub devices: BTreeMap<String, u64>,
    pub ops: u64,
    pub encrypted: bool,
    /// The age recipients the file was encrypted for (issue 16: `bundle inspect` of an own
    /// encrypted bundle says who can open it). Left out when empty, so older receipts
    /// read and write as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
}

/// How a bundle file with a given hash was seen before (the verdict of an [`Imported`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeenAs {
    /// This device exported it.
    Exported,
    Accepted,
    AcceptedWithWarnings,
    NoNewData,
    Quarantined,
    Rejected,
}

/// A bundle file already imported or exported by this device (`imported/<file hash>`):
/// stage 1 of an import says "no new data" for such a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    pub time_ms: i64,
    pub verdict: SeenAs,
    pub file: String,
    pub operator: String,
}

impl Imported {
    /// A file this device just exported.
    #[must_use]
    pub fn exported(time_ms: i64, file: String, operator: String) -> Imported {
        Imported {
            time_ms,
            verdict: SeenAs::Exported,
            file,
            operator,
        }
    }
}

/// A bundle kept in the inbox until its signer is trusted (`quarantine/<file hash>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quarantine {
    pub file: String,
    pub inbox: String,
    pub signer: String,
    pub signer_name: String,
    pub time_ms: i64,
    /// Writers not in the roster whose ops the bundle carries (`unknown_writer`); empty
    /// when the signer itself is unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub writers: Vec<String>,
}

/// Where the checklist was last left, to reopen at the same place (`ui/position`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UiPosition {
    pub assessment: Option<String>,
    pub indicator: Option<String>,
}

/// One published result (`tilik results import`; the list is `results`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Published {
    pub round: u16,
    pub code: String,
    pub name: String,
    pub score: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stored bytes of every record, as the workspace's own types wrote them before
    /// they moved here.
    #[test]
    fn layouts_are_the_stored_bytes() {
        fn same<T: Serialize + for<'de> Deserialize<'de> + std::fmt::Debug>(v: &T, want: &str) {
            assert_eq!(serde_json::to_string(v).expect("encode"), want);
            let back: T = serde_json::from_str(want).expect("decode");
            assert_eq!(
                serde_json::to_string(&back).expect("encode"),
                want,
                "{back:?}"
            );
        }
        same(
            &TrustEntry {
                device: "ab".into(),
                name: "Rina".into(),
                role: Role::Supervisor,
                added_ms: 7,
                age_recipient: None,
            },
            r#"{"device":"ab","name":"Rina","role":"supervisor","added_ms":7,"age_recipient":null}"#,
        );
        same(
            &ExportReceipt {
                bundle_id: "b1".into(),
                created_ms: 1,
                file: "/x.tilik".into(),
                hash: "h".into(),
                code: "K7Q".into(),
                devices: [("ab".to_string(), 3)].into(),
                ops: 3,
                encrypted: true,
                recipients: Vec::new(),
            },
            r#"{"bundle_id":"b1","created_ms":1,"file":"/x.tilik","hash":"h","code":"K7Q","devices":{"ab":3},"ops":3,"encrypted":true}"#,
        );
        same(
            &Imported::exported(2, "f".into(), "Rina".into()),
            r#"{"time_ms":2,"verdict":"exported","file":"f","operator":"Rina"}"#,
        );
        for (v, text) in [
            (SeenAs::Accepted, "accepted"),
            (SeenAs::AcceptedWithWarnings, "accepted_with_warnings"),
            (SeenAs::NoNewData, "no_new_data"),
            (SeenAs::Quarantined, "quarantined"),
            (SeenAs::Rejected, "rejected"),
        ] {
            same(&v, &format!("\"{text}\""));
        }
        same(
            &Quarantine {
                file: "f".into(),
                inbox: "/in/f".into(),
                signer: "cd".into(),
                signer_name: "Budi".into(),
                time_ms: 3,
                writers: Vec::new(),
            },
            r#"{"file":"f","inbox":"/in/f","signer":"cd","signer_name":"Budi","time_ms":3}"#,
        );
        same(
            &UiPosition {
                assessment: Some("a".into()),
                indicator: None,
            },
            r#"{"assessment":"a","indicator":null}"#,
        );
        same(
            &vec![Published {
                round: 2024,
                code: "61.71".into(),
                name: "Kota".into(),
                score: 88.5,
            }],
            r#"[{"round":2024,"code":"61.71","name":"Kota","score":88.5}]"#,
        );
        // A roster entry written before `age_recipient` existed still reads.
        let old: TrustEntry =
            serde_json::from_str(r#"{"device":"ab","name":"R","role":"assessor","added_ms":1}"#)
                .expect("old entry");
        assert_eq!(old.age_recipient, None);
    }
}
