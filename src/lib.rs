//! tilik: offline-first terminal program for Ombudsman RI public-service compliance
//! assessments. See `README.md` and `docs/` (`docs/architecture.md` is the map).
//!
//! Layers, bottom up; each uses only those below it:
//! - [`core`] (the crate `tilik-core`): the pure domain — instruments, scoring, reports,
//!   regions, ops and the assessment projection, the bundle container, the merge planner.
//! - [`storage`]: the store behind one typed boundary (a [`storage::backend::Backend`]
//!   trait with sled and in-memory backends; the journal, replay and recovery).
//!   Beside it: [`bundle`] (age envelope, bundle files, inbox), [`identity`] (device key,
//!   fingerprints), [`assets`] (embedded instruments and regions), [`config`] (folders),
//!   [`fsio`] (fsyncs, `~`), [`error`] (typed errors), [`demo`] (synthetic data).
//! - [`workspace`]: the one API the CLI and the TUI call; returns data, never prose.
//! - [`present`]: every user-facing word (Bahasa Indonesia and English) and report
//!   rendering, for both front ends; [`i18n`]: language, number and date formatting.
//! - [`cli`] (clap, thin) and [`tui`] (ratatui, Elm style with a pure update) on top;
//!   `main.rs` picks one.

pub mod alloc;
pub mod assets;
pub mod bundle;
pub mod cli;
pub mod config;
pub use tilik_core as core;
pub mod demo;
pub mod error;
pub mod fsio;
pub mod i18n;
pub mod identity;
pub mod present;
pub mod storage;
pub mod tui;
pub mod workspace;
