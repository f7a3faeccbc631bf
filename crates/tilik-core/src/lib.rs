//! Pure domain: no I/O, no terminal, no storage. Instruments, scoring, ops, the
//! assessment projection, regions, the bundle container and the merge planner.
//!
//! A crate of its own (the application re-exports it as `tilik::core`) so that its
//! manifest, checked by `tests/architecture.rs`, and the compiler keep it free of the
//! store, the terminal and the platform.

pub mod assessment;
pub mod bundle;
pub mod codec;
pub mod error;
pub mod instrument;
pub mod merge;
pub mod op;
pub mod region;
pub mod report;
pub mod scoring;

pub use error::{Error, Result};
