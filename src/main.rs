//! The `tilik` binary: parse the command line, run it, print errors as one sentence in the
//! user's language, and exit 0 (success), 1 (failure), 2 (usage or store in use) or
//! 3 (import rejected or quarantined).

use clap::Parser;
use tilik::cli::{Cli, run};

fn main() {
    let cli = Cli::parse();
    let code = match &cli.command {
        Some(cmd) => match run(&cli, cmd) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("tilik: {}", e.user_message(cli.lang));
                e.exit_code()
            }
        },
        None => {
            eprintln!(
                "{}",
                cli.lang.t(
                    "Antarmuka terminal belum tersedia di versi ini; lihat `tilik --help`.",
                    "The terminal UI is not available in this version; see `tilik --help`."
                )
            );
            2
        }
    };
    std::process::exit(code);
}
