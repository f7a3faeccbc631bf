//! Why a bundle cannot be used: one fault type for every stage of the container check,
//! with the stable reason codes that import verdicts and `--json` output carry.

/// Why a bundle cannot be used. Each has a stable reason code; the stage that reports it
/// depends on where it was found (the envelope, the age payload, the container, the
/// manifest signature or the content: `docs/bundle-format.md` §6), so the reader that
/// finds it says the stage, not the fault.
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
    /// The manifest breaks the format: not strict JSON, a required field missing or of
    /// the wrong JSON type, a `format`/`format_version` that does not match, or a hex
    /// field not in lower case (§3.0).
    BadManifest(String),
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
            Fault::BadManifest(_) => "bad_manifest",
            Fault::BadSignature(_) => "bad_signature",
            Fault::HashMismatch(_) => "hash_mismatch",
            Fault::BadOpChain(_) => "bad_op_chain",
        }
    }

    /// Technical detail for logs (not the user sentence).
    #[must_use]
    pub fn detail(&self) -> String {
        match self {
            Fault::Damaged(d)
            | Fault::BadManifest(d)
            | Fault::BadSignature(d)
            | Fault::HashMismatch(d)
            | Fault::BadOpChain(d) => d.clone(),
            Fault::UnsupportedVersion { major, minor } => format!("v{major}.{minor}"),
            _ => String::new(),
        }
    }
}
