//! The command line: clap's derive types, one `*Args` struct per
//! subcommand, and `run`, which returns the process exit code. Errors are
//! printed here, all of them, at the edge: in colour on a terminal, plain
//! when piped or when `NO_COLOR` is set.

use crate::BuildOptions;
use crate::error::{Diagnostics, Warning};
use crate::scaffold::Kind;
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
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
    /// Preview the site on 127.0.0.1, rebuilding and reloading on save.
    Serve(ServeArgs),
    /// Check everything a build checks, plus links and anchors; writes nothing.
    Check(CheckArgs),
    /// Create a document, story, page or progress file with full front matter.
    New(NewArgs),
    /// Create a new site with sample content in DIR.
    Init(InitArgs),
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
    #[arg(long, value_name = "URL", value_parser = full_address)]
    pub base_url: Option<String>,
    /// Print how long each stage of the build took.
    #[arg(long)]
    pub timings: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port to serve on; the next free one if it is taken.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Check with this base URL instead of site.yaml's.
    #[arg(long, value_name = "URL", value_parser = full_address)]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to create.
    #[arg(value_enum)]
    pub kind: Kind,
    /// Its title; the file name is made from it.
    pub title: String,
    /// The language of the new file.
    #[arg(long, default_value = "vi")]
    pub lang: String,
    /// The site folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub site: PathBuf,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder for the new site; must be empty or not exist.
    pub dir: PathBuf,
}

/// `--base-url` takes a full address: feeds, the sitemap and share
/// previews need one.
fn full_address(url: &str) -> Result<String, String> {
    if (url.starts_with("https://") || url.starts_with("http://")) && url.len() > "https://".len() {
        Ok(url.to_string())
    } else {
        Err(format!(
            "`{url}` is not a full address: write it like https://example.org/phongtho/"
        ))
    }
}

/// `~` and `~/x` in a path, as a shell would expand them (a quoted `~`
/// reaches danvan as is): without this, `--output '~'` made a folder
/// named `~`.
fn home_folder(path: PathBuf) -> PathBuf {
    let Some(home) = std::env::var_os("HOME") else {
        return path;
    };
    match path.strip_prefix("~") {
        Ok(rest) => PathBuf::from(home).join(rest),
        Err(_) => path,
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn use_colour() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

fn paint(code: &str, text: &str) -> String {
    if use_colour() {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn warning_lines(warnings: &[Warning]) -> String {
    warnings
        .iter()
        .map(|w| format!("{} {w}\n", paint("1;33", "warning:")))
        .collect()
}

fn note_lines(notes: &[Warning]) -> String {
    notes
        .iter()
        .map(|n| format!("{} {n}\n", paint("1;36", "note:")))
        .collect()
}

/// Every error and warning, then a closing count: what a build that
/// failed prints, in the terminal and in `serve`'s overlay.
pub fn report(diagnostics: &mut Diagnostics) -> String {
    diagnostics.sort();
    let mut text = note_lines(&diagnostics.notes);
    text.push_str(&warning_lines(&diagnostics.warnings));
    for e in &diagnostics.errors {
        text.push_str(&format!("{} {e}\n", paint("1;31", "error:")));
    }
    let files: std::collections::BTreeSet<_> =
        diagnostics.errors.iter().filter_map(|e| e.file()).collect();
    text.push_str(&plural(diagnostics.errors.len(), "error", "errors"));
    if !files.is_empty() {
        text.push_str(&format!(" in {}", plural(files.len(), "file", "files")));
    }
    if !diagnostics.warnings.is_empty() {
        let w = diagnostics.warnings.len();
        text.push_str(&format!(", {w} warning{}", if w == 1 { "" } else { "s" }));
    }
    text
}

fn fail(mut diagnostics: Diagnostics, closing: &str) -> ExitCode {
    let text = report(&mut diagnostics);
    let _ = writeln!(std::io::stderr().lock(), "{text}; {closing}");
    ExitCode::from(1)
}

/// Exit codes: 0 success, 1 content errors, 2 wrong usage (clap's own).
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                site: args.site.site,
                output: args.output.map(home_folder),
                base_url: args.base_url,
                drafts: args.site.drafts,
            };
            match crate::build(&options) {
                Ok(report) => {
                    eprint!("{}", warning_lines(&report.warnings));
                    if args.timings {
                        eprintln!("{}", report.timings);
                    }
                    println!(
                        "built {} ({}) into {}",
                        plural(report.pages, "page", "pages"),
                        plural(report.files, "file", "files"),
                        report.output.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(diagnostics) => {
                    let out = options.output_dir();
                    fail(
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
                    eprint!("{}", note_lines(&report.notes));
                    eprint!("{}", warning_lines(&report.warnings));
                    let w = report.warnings.len();
                    println!(
                        "checked {}: no errors, {}",
                        plural(report.pages, "page", "pages"),
                        plural(w, "warning", "warnings")
                    );
                    ExitCode::SUCCESS
                }
                Err(diagnostics) => fail(diagnostics, "nothing was written"),
            }
        }
        Command::Serve(args) => {
            let options = crate::serve::ServeOptions {
                site: args.site.site,
                port: args.port,
                drafts: args.site.drafts,
            };
            if let Err(e) = crate::load_config(&BuildOptions {
                site: options.site.clone(),
                ..Default::default()
            }) && !options.site.join("content").is_dir()
            {
                return fail(e, "nothing to serve");
            }
            match crate::serve::serve(&options, report) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{} cannot serve: {e}", paint("1;31", "error:"));
                    ExitCode::from(1)
                }
            }
        }
        Command::New(args) => {
            if !args.site.join("content").is_dir() {
                eprintln!(
                    "{} there is no content/ folder in {}: run danvan new in a site folder, or pass --site DIR",
                    paint("1;31", "error:"),
                    args.site.display()
                );
                return ExitCode::from(1);
            }
            match crate::scaffold::create(&args.site, args.kind, &args.title, &args.lang) {
                Ok(path) => {
                    println!("created {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e.into(), "nothing was written"),
            }
        }
        Command::Init(args) => match crate::scaffold::init(&args.dir) {
            Ok(files) => {
                for f in &files {
                    println!("created {}", args.dir.join(f).display());
                }
                println!(
                    "a new site is ready: cd {} && danvan serve",
                    args.dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(e.into(), "nothing was written"),
        },
    }
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
