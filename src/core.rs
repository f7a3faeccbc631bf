//! Pure domain: no I/O, no terminal, no storage. Instruments, scoring, ops, the
//! assessment projection, regions, the bundle container and the merge planner.

pub mod assessment;
pub mod bundle;
pub mod instrument;
pub mod merge;
pub mod op;
pub mod region;
pub mod report;
pub mod scoring;
