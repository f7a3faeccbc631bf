//! The op payloads of surveys and visits. Wire structs, like every op body: once shipped,
//! a field never changes meaning (see `op.rs`).
//!
//! Personal data never sits in an op: an op is signed and hash-chained, so it cannot be
//! stripped from a plain bundle later. A respondent's name and phone travel as a
//! content-addressed *contact* blob (salted JSON, so its hash reveals nothing) that the
//! op names in `contact`; plain bundles leave that blob out (`docs/privacy.md`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::op::{BlobRef, OpRef};

/// The exact survey file a respondent was recorded under.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SurveyRef {
    /// The instrument id the survey file belongs to.
    pub instrument: String,
    pub version: String,
    /// blake3 of the survey file's canonical JSON form.
    pub hash: String,
}

/// How a respondent was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Phoned from the contact list the unit supplies ("terbuka").
    Telepon,
    /// Face to face at the service.
    TatapMuka,
    /// Closed interview away from the unit (pungli questions).
    Tertutup,
}

impl Channel {
    /// The CLI spelling (`telepon`, `tatap-muka`, `tertutup`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Telepon => "telepon",
            Channel::TatapMuka => "tatap-muka",
            Channel::Tertutup => "tertutup",
        }
    }

    /// Parse a CLI spelling (Indonesian or English).
    #[must_use]
    pub fn parse(s: &str) -> Option<Channel> {
        match s.trim().to_lowercase().as_str() {
            "telepon" | "phone" => Some(Channel::Telepon),
            "tatap-muka" | "tatap_muka" | "in-person" | "face-to-face" => Some(Channel::TatapMuka),
            "tertutup" | "closed" => Some(Channel::Tertutup),
            _ => None,
        }
    }
}

/// One answer to one survey question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    Ya,
    Tidak,
    TidakTahu,
    Level(u8),
}

impl Response {
    /// Stable key for counts (`ya`, `tidak`, `tidak_tahu`, `0`…).
    #[must_use]
    pub fn key(self) -> String {
        match self {
            Response::Ya => "ya".into(),
            Response::Tidak => "tidak".into(),
            Response::TidakTahu => "tidak_tahu".into(),
            Response::Level(l) => l.to_string(),
        }
    }

    /// Parse an answer as typed: `ya|tidak|tt` (and `yes|no|dk`), or a level digit.
    #[must_use]
    pub fn parse(s: &str) -> Option<Response> {
        let t = s.trim().to_lowercase();
        match t.as_str() {
            "ya" | "y" | "yes" => Some(Response::Ya),
            "tidak" | "t" | "no" | "n" => Some(Response::Tidak),
            "tt" | "tidak-tahu" | "tidak_tahu" | "dk" | "dont-know" => Some(Response::TidakTahu),
            _ => t.parse::<u8>().ok().map(Response::Level),
        }
    }
}

/// A respondent joins a survey, with the answers given at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RespondentAdd {
    pub assessment: String,
    pub survey: String,
    /// The assessor's code for the respondent (`R01`), unique within the survey.
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// The service the respondent received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Interview date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Officials: a role id of the survey.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The contact blob (name, phone), when any was given. Personal data: see module doc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<BlobRef>,
    /// Proof of service (document or photo).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proof: Vec<BlobRef>,
    pub answers: BTreeMap<String, Response>,
    pub surveys: SurveyRef,
}

/// A changed (or cleared, `value: None`) response of one respondent's question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseSet {
    pub assessment: String,
    pub survey: String,
    pub code: String,
    pub question: String,
    pub value: Option<Response>,
    /// The heads this writer saw (causality; never clocks).
    pub supersedes: Vec<OpRef>,
    pub surveys: SurveyRef,
}

/// A respondent removed: the add ops the writer saw (an observed-remove set). Nothing
/// is deleted; a later add of the same code brings the respondent back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RespondentRemove {
    pub assessment: String,
    pub survey: String,
    pub code: String,
    pub adds: Vec<OpRef>,
}

/// Proof of service attached after the respondent was added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofAttach {
    pub assessment: String,
    pub survey: String,
    pub code: String,
    pub blob: BlobRef,
}

/// The visit to the lokus (latest per author).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitSet {
    pub assessment: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team: Vec<String>,
}

/// The assessor's level for a derived indicator instead of the computed one, with the
/// reason; `level: None` withdraws the override.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DerivedOverride {
    pub assessment: String,
    pub indicator: String,
    pub level: Option<u8>,
    pub reason: String,
}
