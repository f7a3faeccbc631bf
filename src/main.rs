//! The `tilik` binary: parse the command line, run it, print errors as one sentence in the
//! user's language, and exit 0 (success), 1 (failure), 2 (usage or store in use) or
//! 3 (import rejected or quarantined). Without a subcommand it runs the terminal UI.

use clap::Parser;
use tilik::cli::{Cli, run};
use tilik::config::Dirs;

/// glibc's allocator spent about a quarter of an import's CPU time (BENCHMARKS.md).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Return freed memory to the OS at once and commit arenas lazily: an import of a national
/// year stays well under 256 MiB resident (mimalloc's defaults kept ~270 MiB).
/// `mi_option_t` values from mimalloc.h (the same in v2 and v3).
#[cfg(feature = "mimalloc")]
#[allow(unsafe_code)]
fn tune_allocator() {
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: plain option setters of the linked allocator, called before any thread starts.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}

/// Without mimalloc (a profiling build) the system allocator needs no tuning.
#[cfg(not(feature = "mimalloc"))]
fn tune_allocator() {}

fn main() {
    tune_allocator();
    let cli = Cli::parse();
    let code = match &cli.command {
        Some(cmd) => match run(&cli, cmd) {
            Ok(code) => code,
            Err(e) => {
                tilik::cli::output::err(&format!(
                    "tilik: {}",
                    tilik::present::errors::user_message(&e, cli.lang)
                ));
                e.exit_code()
            }
        },
        None => {
            let dirs = Dirs::resolve(cli.data_dir.as_deref(), cli.config_dir.as_deref());
            match tilik::tui::run_as(&dirs, cli.lang, cli.supervisor) {
                Ok(()) => 0,
                Err(e) => {
                    tilik::cli::output::err(&format!(
                        "tilik: {}",
                        tilik::present::errors::user_message(&e, cli.lang)
                    ));
                    e.exit_code()
                }
            }
        }
    };
    std::process::exit(code);
}
