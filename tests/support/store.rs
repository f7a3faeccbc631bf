//! An assessor's store opened in-process on a folder of its own, with one assessment, for
//! the tests and benches that drive the `Workspace` API directly (not the binary).
//!
//! Included with `#[path = "support/store.rs"] mod store;` (from `benches/`:
//! `#[path = "../tests/support/store.rs"]`).
#![allow(dead_code)]

use std::path::Path;

use tilik::config::Dirs;
use tilik::identity::Role;
use tilik::workspace::Workspace;

/// The store's folders in `dir`: `dir/data`, `dir/config`.
pub fn dirs(dir: &Path) -> Dirs {
    Dirs::resolve(Some(&dir.join("data")), Some(&dir.join("config")))
}

/// Open the store in `dir`, make `name` its assessor, and start the 2024 (`opini-2024`)
/// assessment of Kota Pontianak's Disdukcapil: the workspace, the assessment id and its
/// indicator ids in the instrument's order.
pub fn assessor_with_assessment(dir: &Path, name: &str) -> (Workspace, String, Vec<String>) {
    let ws = Workspace::open(&dirs(dir)).expect("open");
    ws.init(name, None, None, Role::Assessor).expect("init");
    let id = ws
        .new_assessment(2024, Some("opini-2024"), "61.71", "disdukcapil", None)
        .expect("new")
        .id;
    let inds: Vec<String> = ws
        .detail(&id)
        .expect("detail")
        .instrument
        .indicators()
        .map(|p| p.indicator.id.clone())
        .collect();
    (ws, id, inds)
}
