//! tilik: offline-first terminal program for Ombudsman RI public-service compliance
//! assessments. See `README.md` and `docs/`.
//!
//! Layers: [`core`] (pure domain) → [`storage`] (sled) → [`workspace`] (the single API)
//! → [`cli`] and the terminal UI ([`tui`]).

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
