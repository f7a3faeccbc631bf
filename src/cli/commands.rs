//! The commands, one module per group. Each function takes what clap parsed, calls the
//! workspace, prints what `present::cli` renders (or `--json`) and returns the exit
//! status.

pub mod assessments;
pub mod bundles;
pub mod demo;
pub mod identity;
pub mod instruments;
pub mod reports;
pub mod review;
pub mod store;
pub mod survey;
pub mod trust;
