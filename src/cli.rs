//! The command line: clap's derive types, one `*Args` struct per
//! subcommand, and `run`, which returns the process exit code. Errors are
//! printed here, all of them, at the edge.

use crate::BuildOptions;
use crate::error::Diagnostics;
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// danvan builds a bilingual campaign website from Markdown and YAML.
#[derive(Debug, Parser)]
#[command(name = "danvan", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Check everything a build checks, writing nothing.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site folder (holding content/); the current folder by default.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub site: PathBuf,
    /// Publish pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The output folder; public/ inside the site folder by default.
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The address the site is served at, e.g. https://example.org/phongtho/
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Check with this base URL instead of site.yaml's.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// Exit codes: 0 success, 1 content errors, 2 wrong usage (clap's own).
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                site: args.site.site,
                output: args.output,
                base_url: args.base_url,
                drafts: args.site.drafts,
            };
            match crate::build(&options) {
                Ok(report) => {
                    print_warnings(&report.warnings);
                    println!(
                        "built {} pages ({} files) into {}",
                        report.pages,
                        report.files,
                        report.output.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(diagnostics) => {
                    let out = options.output_dir();
                    report_errors(
                        diagnostics,
                        &format!("nothing was written; {} is unchanged", out.display()),
                    )
                }
            }
        }
        Command::Check(args) => {
            let options = BuildOptions {
                site: args.site.site,
                output: None,
                base_url: args.base_url,
                drafts: args.site.drafts,
            };
            match crate::check(&options) {
                Ok(report) => {
                    print_warnings(&report.warnings);
                    println!(
                        "checked {} pages: no errors, {} warnings",
                        report.pages,
                        report.warnings.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(diagnostics) => report_errors(diagnostics, "nothing was written"),
            }
        }
    }
}

fn print_warnings(warnings: &[crate::error::Warning]) {
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "warning: {w}");
    }
}

fn report_errors(mut diagnostics: Diagnostics, closing: &str) -> ExitCode {
    diagnostics.sort();
    print_warnings(&diagnostics.warnings);
    let mut err = std::io::stderr().lock();
    for e in &diagnostics.errors {
        let _ = writeln!(err, "error: {e}");
    }
    let n = diagnostics.errors.len();
    let noun = if n == 1 { "error" } else { "errors" };
    let _ = writeln!(err, "{n} {noun}; {closing}");
    ExitCode::from(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
