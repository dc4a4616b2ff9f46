//! The `danvan` binary: parse the command line, run, exit with its code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    danvan::cli::run(danvan::cli::Cli::parse())
}
