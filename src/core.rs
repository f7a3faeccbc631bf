//! Pure domain: no I/O, no terminal, no storage. Instruments, scoring, ops, the
//! assessment projection, regions.

pub mod assessment;
pub mod instrument;
pub mod op;
pub mod region;
pub mod report;
pub mod scoring;
