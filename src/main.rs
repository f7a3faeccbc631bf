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

fn main() {
    tilik::alloc::tune();
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
