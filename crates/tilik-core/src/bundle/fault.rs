//! Why a bundle cannot be used: one fault type for every stage of the container check,
//! with the stable reason codes that import verdicts and `--json` output carry.

/// Why a bundle cannot be used. Each has a stable reason code and the pipeline stage
/// (sync-anchors §3.9) that finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Not a tilik bundle at all.
    NotABundle,
    /// Encrypted to someone else: none of our identities opens it.
    WrongRecipient,
    /// The file ends early.
    Truncated,
    /// Bytes are corrupt (bad end hash, malformed structure, failed decryption).
    Damaged(String),
    /// Written by a newer program (unknown major version).
    UnsupportedVersion { major: u8, minor: u8 },
    /// The manifest signature or a segment head signature does not verify.
    BadSignature(String),
    /// A section does not match its hash or size in the manifest.
    HashMismatch(String),
    /// The ops of a segment do not form a valid chain.
    BadOpChain(String),
}

impl Fault {
    /// Stable reason code (JSON `reason`).
    #[must_use]
    pub fn reason(&self) -> &'static str {
        match self {
            Fault::NotABundle => "not_a_bundle",
            Fault::WrongRecipient => "wrong_recipient",
            Fault::Truncated => "truncated",
            Fault::Damaged(_) => "damaged",
            Fault::UnsupportedVersion { .. } => "unsupported_version",
            Fault::BadSignature(_) => "bad_signature",
            Fault::HashMismatch(_) => "hash_mismatch",
            Fault::BadOpChain(_) => "bad_op_chain",
        }
    }

    /// Pipeline stage (1–8) that detects it.
    #[must_use]
    pub fn stage(&self) -> u8 {
        match self {
            Fault::NotABundle | Fault::WrongRecipient => 2,
            Fault::Truncated | Fault::Damaged(_) => 3,
            Fault::UnsupportedVersion { .. } => 4,
            Fault::BadSignature(_) => 5,
            Fault::HashMismatch(_) | Fault::BadOpChain(_) => 6,
        }
    }

    /// Technical detail for logs (not the user sentence).
    #[must_use]
    pub fn detail(&self) -> String {
        match self {
            Fault::Damaged(d)
            | Fault::BadSignature(d)
            | Fault::HashMismatch(d)
            | Fault::BadOpChain(d) => d.clone(),
            Fault::UnsupportedVersion { major, minor } => format!("v{major}.{minor}"),
            _ => String::new(),
        }
    }
}
