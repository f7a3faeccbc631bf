//! The errors of the domain core. Core does no I/O, so the only failures are of its own
//! making; the application maps them to user messages (`tilik::error::Error::Core`).

/// A failure inside the domain core.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value that is hashed, signed or stored could not be encoded as JSON. The encoded
    /// types have string map keys and derived `Serialize` only, so this is not expected;
    /// it is reported rather than hashing or signing empty bytes.
    #[error("cannot encode {what} as JSON: {source}")]
    Encode {
        what: &'static str,
        source: serde_json::Error,
    },
}

/// `Result` with core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// JSON bytes of `value`, or [`Error::Encode`] naming `what` was being encoded.
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(
    value: &T,
    what: &'static str,
) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|source| Error::Encode { what, source })
}
