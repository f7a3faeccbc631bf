//! Opening a file with the system viewer (issues 14 and 16): `$TILIK_OPENER` when it is
//! set (a program, optionally with arguments, split on spaces), else the desktop's opener
//! (`xdg-open`, `open` on macOS). The viewer is started detached from the terminal (its
//! input and output go nowhere, so it cannot draw over the TUI) and is not waited for; a
//! background thread reaps it. When no viewer can be started the caller shows the path.

use std::path::Path;
use std::process::{Command, Stdio};

/// The environment variable that names the viewer.
pub const OPENER_ENV: &str = "TILIK_OPENER";

/// The program and arguments that open a file here.
#[must_use]
pub fn opener() -> (String, Vec<String>) {
    if let Some(v) = std::env::var_os(OPENER_ENV) {
        let v = v.to_string_lossy().to_string();
        let mut words = v.split_whitespace().map(str::to_string);
        if let Some(program) = words.next() {
            return (program, words.collect());
        }
    }
    let program = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    (program.to_string(), Vec::new())
}

/// Start the viewer on `path`; `Ok` with the program's name, or `Err` with the name of the
/// program that could not be started (not installed, not allowed).
///
/// # Errors
/// The viewer could not be started.
pub fn open(path: &Path) -> Result<String, String> {
    let (program, args) = opener();
    let Ok(child) = Command::new(&program)
        .args(&args)
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    else {
        return Err(program);
    };
    std::thread::spawn(move || {
        let mut child = child;
        let _ = child.wait();
    });
    Ok(program)
}
