//! Pure domain: no I/O, no terminal, no storage.
//!
//! - [`instrument`]: instruments as data (types; `parse` reads and validates the TOML
//!   files; `catalog` keeps them by id); [`scoring`] and [`report`]: scores, bands and
//!   supervisor reports as pure functions over them; [`region`]: regions and lokus types.
//! - [`authz`]: who may write which op (roles, replacing another device's candidate).
//! - [`record`]: a create names a real assessment and gives the id it claims.
//! - [`op`]: the ops every change is; [`assessment`]: an assessment as their projection;
//!   [`survey`]: surveys as instrument data, their ops, respondents and derived levels.
//! - [`bundle`]: the bundle container, format v1 (`fault`, `manifest`, `signing`,
//!   `write`, `verify`); [`merge`]: the merge planner (`plan`, `union`, `hold`, `project`,
//!   `segments`, `digest`, `view`). Their parts are private; each re-exports every item.
//! - [`codec`]: hex and base32; [`text`]: outside text made safe to show; [`error`]: the
//!   core's own error type.
//!
//! A crate of its own (the application re-exports it as `tilik::core`) so that its
//! manifest, checked by `tests/architecture.rs`, and the compiler keep it free of the
//! store, the terminal and the platform.

pub mod assessment;
pub mod authz;
pub mod brief;
pub mod bundle;
pub mod codec;
pub mod error;
#[cfg(test)]
mod fixtures;
pub mod instrument;
pub mod merge;
pub mod op;
pub mod rapor;
pub mod record;
pub mod region;
pub mod report;
pub mod review;
pub mod scoring;
pub mod survey;
pub mod text;

pub use error::{Error, Result};
