//! The domain core stays pure: nothing under `src/core/` may reach for the terminal, the
//! store or the file system.

#[test]
fn core_has_no_io_terminal_or_storage() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/core");
    let forbidden = [
        "ratatui",
        "crossterm",
        "sled",
        "crate::tui",
        "crate::storage",
        "std::fs",
        "std::net",
    ];
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).expect("src/core") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        for f in forbidden {
            assert!(!text.contains(f), "{} mentions {f}", path.display());
        }
        checked += 1;
    }
    assert!(checked >= 5);
}
