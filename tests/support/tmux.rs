//! The tmux harness of the end-to-end tests (`tui_e2e`, `supervisor_e2e`): the real
//! `tilik` binary in a real terminal (80×24), each run on its own tmux server socket
//! (`-L`, no config file, `escape-time 0`), driven with `send-keys` and read by polling
//! `capture-pane`. A guard kills the session and the server even when an assertion fails.
//!
//! Included with `#[path = "support/tmux.rs"] mod tmux;`.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// How long a wait for the screen (or for the session to end) goes on before the test
/// gives up: a guard against a test that would hang, not a speed check (on success the
/// wait ends as soon as the screen shows it; 2 cores shared by many builds can be slow).
pub const TIMEOUT: Duration = Duration::from_secs(60);

pub struct Tmux {
    pub socket: String,
    pub session: String,
}

impl Tmux {
    /// A session `tilik` on a server socket of its own, named `{prefix}-{pid}-{nanos}`.
    pub fn new(prefix: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        Self {
            socket: format!("{prefix}-{}-{nanos}", std::process::id()),
            session: "tilik".into(),
        }
    }

    pub fn cmd(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("run tmux")
    }

    /// Start `bin --lang id EXTRA…` on the store `data`/`config`.
    pub fn start(&self, data: &Path, config: &Path, bin: &str, extra: &[&str]) {
        self.start_env(data, config, bin, extra, &[]);
    }

    /// As [`Tmux::start`], with more environment variables (`NAME=value`).
    pub fn start_env(&self, data: &Path, config: &Path, bin: &str, extra: &[&str], env: &[&str]) {
        let data_env = format!("TILIK_DATA_DIR={}", data.display());
        let config_env = format!("TILIK_CONFIG_DIR={}", config.display());
        let mut args = vec![
            "new-session",
            "-d",
            "-s",
            &self.session,
            "-x",
            "80",
            "-y",
            "24",
            "-e",
            &data_env,
            "-e",
            &config_env,
            "-e",
            "LANG=C.UTF-8",
        ];
        for e in env {
            args.extend_from_slice(&["-e", e]);
        }
        args.extend_from_slice(&[
            // Several arguments: tmux runs the program itself, not through a shell, so the
            // pane's process is tilik.
            bin, "--lang", "id",
        ]);
        args.extend_from_slice(extra);
        let out = self.cmd(&args);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.cmd(&["set", "-sg", "escape-time", "0"]);
    }

    pub fn screen(&self) -> String {
        let out = self.cmd(&["capture-pane", "-p", "-t", &self.session]);
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    /// Poll the screen until `done` holds for it; the screen then. Fails after
    /// [`TIMEOUT`] naming `what` it waited for and the screen it saw last.
    fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if done(&s) {
                return s;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what}; the screen was:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Poll the screen until it shows `text`; the screen then.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Poll the screen until it shows one of `texts`; the screen then.
    pub fn wait_for_any(&self, texts: &[&str]) -> String {
        self.wait_until(&format!("one of {texts:?}"), |s| {
            texts.iter().any(|t| s.contains(t))
        })
    }

    /// Wait until every text is on screen at once (a frame can be captured half drawn).
    pub fn wait_for_all(&self, texts: &[&str]) -> String {
        self.wait_until(&format!("{texts:?}"), |s| {
            texts.iter().all(|t| s.contains(t))
        })
    }

    /// Poll the screen until it no longer shows `text`; the screen then. A key sent right
    /// after Escape can reach the program in the same read and be taken for Alt+key, so a
    /// test that closes something with Escape waits for it to close before the next key.
    pub fn wait_without(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} to go"), |s| !s.contains(text))
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.session];
        args.extend_from_slice(keys);
        let out = self.cmd(&args);
        assert!(out.status.success(), "send-keys {keys:?}");
    }

    pub fn text(&self, text: &str) {
        let out = self.cmd(&["send-keys", "-t", &self.session, "-l", text]);
        assert!(out.status.success(), "send-keys -l {text:?}");
    }

    pub fn pane_pid(&self) -> String {
        let out = self.cmd(&["display", "-p", "-t", &self.session, "#{pane_pid}"]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    pub fn alive(&self) -> bool {
        self.cmd(&["has-session", "-t", &self.session])
            .status
            .success()
    }

    pub fn wait_gone(&self) {
        let start = Instant::now();
        while self.alive() {
            assert!(start.elapsed() < TIMEOUT, "the session did not end");
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-session", "-t", &self.session]);
        let _ = self.cmd(&["kill-server"]);
    }
}

/// Whether tmux is there to drive the terminal UI. Without it the test is skipped with a
/// loud message on stderr (a fresh machine with only Rust and gcc); under CI (`CI` set,
/// `.ci/run` installs tmux) a missing tmux fails the test instead.
#[must_use]
pub fn require_tmux() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return true;
    }
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    assert!(
        !ci,
        "this test drives the real binary in tmux, and tmux was not found on PATH; \
         install it (e.g. `apt-get install tmux`) and run the test again"
    );
    // Straight to stderr, not `eprintln!`: the test harness would capture that and show
    // nothing for a test that returns.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        b"\n*** SKIPPED: this end-to-end test drives the real binary in tmux, and tmux was \
          not found on PATH. Install tmux (e.g. `apt-get install tmux`) to run it; with CI \
          set a missing tmux fails instead. ***\n",
    );
    false
}
