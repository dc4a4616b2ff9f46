//! The command line: clap's derive types, one `*Args` struct per
//! subcommand, and `run`, which returns the process exit code. Errors are
//! printed here, all of them, at the edge: in colour on a terminal, plain
//! when piped or when `NO_COLOR` is set.

mod report;

use crate::BuildOptions;
use crate::error::Diagnostics;
use crate::scaffold::Kind;

/// What `danvan new` creates: a file of [`Kind`], or a unit report sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    Document,
    Story,
    Page,
    Progress,
    /// `new sheet PROGRESS DATE`: the spreadsheet units fill in (§8).
    Sheet,
}
use clap::{Args, Parser, Subcommand};
pub use report::MessageFormat;
use report::{paint, plural};
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
    /// Preview the site on 127.0.0.1, rebuilding and reloading on save.
    Serve(ServeArgs),
    /// Check everything a build checks, plus links and anchors; writes nothing.
    Check(CheckArgs),
    /// Create a document, story, page or progress file with full front matter.
    New(NewArgs),
    /// Turn Word files, PDFs and their text into document bundles.
    Import(ImportArgs),
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
    #[arg(long, value_name = "DIR", value_parser = output_folder)]
    pub output: Option<PathBuf>,
    /// The address the site is served at, e.g. https://example.org/phongtho/
    #[arg(long, value_name = "URL", value_parser = full_address)]
    pub base_url: Option<String>,
    /// Print how long each stage of the build took.
    #[arg(long)]
    pub timings: bool,
    /// Do not write a `.gz` beside each text file (for servers that
    /// compress on the fly).
    #[arg(long)]
    pub no_precompress: bool,
    /// How to print errors and warnings: for a person, as JSON lines, as
    /// GitHub/Forgejo annotations, or as a GitLab Code Quality report.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port to serve on; the next free one if it is taken.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Print how long each stage of every rebuild took.
    #[arg(long)]
    pub timings: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Check with this base URL instead of site.yaml's.
    #[arg(long, value_name = "URL", value_parser = full_address)]
    pub base_url: Option<String>,
    /// Print how long each stage of the check took.
    #[arg(long)]
    pub timings: bool,
    /// How to print errors and warnings (see `build`).
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to create.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// Its title; the file name is made from it. For `sheet`: the
    /// progress file's id.
    pub title: String,
    /// For `sheet`: the report date, e.g. 2024-12-31.
    pub date: Option<String>,
    /// For `sheet`: .xlsx (with the target titles in notes) or .csv.
    #[arg(long, value_enum, default_value = "xlsx")]
    pub format: crate::units::new_sheet::Format,
    /// The language of the new file.
    #[arg(long, default_value = "vi")]
    pub lang: String,
    /// The site folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub site: PathBuf,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The files to import: .docx, .pdf with a text layer, or .txt.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The site folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub site: PathBuf,
    /// The language of the originals.
    #[arg(long, default_value = "vi", value_parser = ["vi", "en"])]
    pub lang: String,
    /// Also write the progress file of the plan's targets section.
    #[arg(long)]
    pub targets: bool,
    /// Print what would be written; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

impl ImportArgs {
    fn run(self) -> ExitCode {
        if let Some(code) = no_content_folder(&self.site, "import") {
            return code;
        }
        let options = crate::import::Options {
            site: self.site,
            lang: self.lang,
            targets: self.targets,
            dry_run: self.dry_run,
        };
        let ok = crate::import::run(
            &self.files,
            &options,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        );
        if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    }
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder for the new site; must be empty or not exist.
    pub dir: PathBuf,
    /// The site's name, e.g. "Liên đoàn Lao động huyện Phong Thổ"
    /// (asked for when run on a terminal).
    #[arg(long)]
    pub name: Option<String>,
    /// The address the site will be served at, e.g. https://example.org/phongtho/
    /// (asked for when run on a terminal).
    #[arg(long, value_name = "URL", value_parser = full_address)]
    pub base_url: Option<String>,
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

/// `--output`, with `~` and `~/x` expanded as a shell would (a quoted `~`
/// reaches danvan as is: without this, `--output '~'` made a folder named
/// `~`); `~user/x` is refused rather than made into a folder `~user`.
fn output_folder(text: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(text);
    let Ok(rest) = path.strip_prefix("~") else {
        if text.starts_with('~') {
            return Err(format!(
                "`{text}`: write the full path of the folder, not `~user`"
            ));
        }
        return Ok(path);
    };
    match std::env::var_os("HOME") {
        Some(home) => Ok(PathBuf::from(home).join(rest)),
        None => Err(format!(
            "`{text}`: there is no home folder to expand `~` to; write the full path"
        )),
    }
}

/// What `build` and `check` print on success and failure, in the chosen
/// format: machine formats go to standard output, the closing line to
/// standard error, so that `> report.json` captures a clean report.
fn finish(
    format: MessageFormat,
    site: &std::path::Path,
    mut diagnostics: Diagnostics,
    closing: &str,
) -> ExitCode {
    let failed = diagnostics.has_errors();
    if format == MessageFormat::Human {
        if failed {
            let text = report::human(&mut diagnostics);
            let _ = writeln!(std::io::stderr().lock(), "{text}; {closing}");
        } else {
            eprint!("{}", report::note_lines(&diagnostics.notes));
            eprint!("{}", report::warning_lines(&diagnostics.warnings));
            println!("{closing}");
        }
    } else {
        print!("{}", report::machine(format, &mut diagnostics, site));
        let count = report::count(&diagnostics);
        eprintln!("{count}; {closing}");
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Every error and warning, then a closing count, for `serve`'s overlay.
pub fn report(diagnostics: &mut Diagnostics) -> String {
    report::human(diagnostics)
}

fn fail(mut diagnostics: Diagnostics, closing: &str) -> ExitCode {
    let text = report::human(&mut diagnostics);
    let _ = writeln!(std::io::stderr().lock(), "{text}; {closing}");
    ExitCode::from(1)
}

/// A run that succeeded: its warnings and notes, then `closing`.
fn finish_report(
    format: MessageFormat,
    site: &std::path::Path,
    report: crate::BuildReport,
    closing: &str,
) -> ExitCode {
    let diagnostics = Diagnostics {
        warnings: report.warnings,
        notes: report.notes,
        ..Diagnostics::default()
    };
    finish(format, site, diagnostics, closing)
}

impl BuildArgs {
    fn run(self) -> ExitCode {
        let options = BuildOptions {
            site: self.site.site,
            output: self.output,
            base_url: self.base_url,
            drafts: self.site.drafts,
            no_precompress: self.no_precompress,
        };
        let out = options.output_dir();
        match crate::build(&options) {
            Ok(report) => {
                if self.timings {
                    eprintln!("{}", report.timings);
                }
                let unchanged = if report.reused > 0 {
                    format!(", {} unchanged", report.reused)
                } else {
                    String::new()
                };
                let closing = format!(
                    "built {} ({}{unchanged}) into {}",
                    plural(report.pages, "page", "pages"),
                    plural(report.files, "file", "files"),
                    report.output.display()
                );
                finish_report(self.message_format, &options.site, report, &closing)
            }
            Err(diagnostics) => finish(
                self.message_format,
                &options.site,
                diagnostics,
                &format!("nothing was written; {} is unchanged", out.display()),
            ),
        }
    }
}

impl CheckArgs {
    fn run(self) -> ExitCode {
        let options = BuildOptions {
            site: self.site.site,
            output: None,
            base_url: self.base_url,
            drafts: self.site.drafts,
            ..Default::default()
        };
        match crate::check(&options) {
            Ok(report) => {
                if self.timings {
                    eprintln!("{}", report.timings);
                }
                let closing = format!(
                    "checked {}: no errors, {}",
                    plural(report.pages, "page", "pages"),
                    plural(report.warnings.len(), "warning", "warnings")
                );
                finish_report(self.message_format, &options.site, report, &closing)
            }
            Err(diagnostics) => finish(
                self.message_format,
                &options.site,
                diagnostics,
                "nothing was written",
            ),
        }
    }
}

impl ServeArgs {
    fn run(self) -> ExitCode {
        let options = crate::serve::ServeOptions {
            site: self.site.site,
            port: self.port,
            drafts: self.site.drafts,
            timings: self.timings,
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
}

impl NewArgs {
    fn run(self) -> ExitCode {
        if let Some(code) = no_content_folder(&self.site, "new") {
            return code;
        }
        // The language becomes part of a file name: only the site's own.
        let config = crate::load_config(&BuildOptions {
            site: self.site.clone(),
            ..Default::default()
        })
        .map(|(config, _)| config)
        .unwrap_or_default();
        let codes: Vec<&str> = config.language_codes().collect();
        if !codes.contains(&self.lang.as_str()) {
            eprintln!(
                "{} `--lang {}` is not a language of the site; the languages are {}",
                paint("1;31", "error:"),
                self.lang,
                codes.join(", ")
            );
            return ExitCode::from(2);
        }
        let kind = match self.kind {
            NewKind::Document => Kind::Document,
            NewKind::Story => Kind::Story,
            NewKind::Page => Kind::Page,
            NewKind::Progress => Kind::Progress,
            NewKind::Sheet => return self.sheet(&codes),
        };
        if let Some(extra) = &self.date {
            eprintln!(
                "{} `new` takes one title; put it in quotes: danvan new {} \"... {extra}\"",
                paint("1;31", "error:"),
                self.title
            );
            return ExitCode::from(2);
        }
        match crate::scaffold::create(&self.site, kind, &self.title, &self.lang) {
            Ok(path) => {
                println!("created {}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => fail(e.into(), "nothing was written"),
        }
    }
}

impl NewArgs {
    /// `new sheet PROGRESS DATE`.
    fn sheet(&self, languages: &[&str]) -> ExitCode {
        let Some(date) = &self.date else {
            eprintln!(
                "{} `new sheet` needs the report date after the progress id: danvan new sheet {} 2024-12-31",
                paint("1;31", "error:"),
                self.title
            );
            return ExitCode::from(2);
        };
        let id = self.title.trim_end_matches(".yaml");
        match crate::units::new_sheet::create(
            &self.site,
            id,
            date,
            self.format,
            &self.lang,
            languages,
        ) {
            Ok((path, sheet)) => {
                println!(
                    "created {} ({} units, {} columns to fill in)",
                    path.display(),
                    sheet.rows.len(),
                    sheet.header.len().saturating_sub(2)
                );
                for (name, note) in sheet.header.iter().zip(&sheet.notes).skip(2) {
                    println!("  {name}: {}", note.replace('\n', "; "));
                }
                println!(
                    "send it to the units; put their answers in this one sheet (one row per unit) and build"
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(e, "nothing was written"),
        }
    }
}

/// Asks `question` on the terminal; `None` for an empty answer or when
/// standard input is not a terminal.
fn ask(question: &str) -> Option<String> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return None;
    }
    eprint!("{question} ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).ok()?;
    let answer = answer.trim().to_string();
    (!answer.is_empty()).then_some(answer)
}

impl InitArgs {
    fn run(self) -> ExitCode {
        let name = self
            .name
            .or_else(|| ask("Tên trang / the site's name (Enter to skip):"));
        let base_url = self.base_url.or_else(|| {
            let answer = ask("Địa chỉ / its address, e.g. https://example.org/ (Enter to skip):")?;
            match full_address(&answer) {
                Ok(url) => Some(url),
                Err(message) => {
                    eprintln!("{message}; keeping https://example.org/ for now");
                    None
                }
            }
        });
        let identity = crate::scaffold::Identity { name, base_url };
        match crate::scaffold::init(&self.dir, &identity) {
            Ok(files) => {
                for f in &files {
                    println!("created {}", self.dir.join(f).display());
                }
                println!(
                    "a new site is ready: cd {} && danvan serve",
                    self.dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(e.into(), "nothing was written"),
        }
    }
}

/// Exit 1 with a plain message when `site` has no `content/` folder, for
/// the commands that write into one.
fn no_content_folder(site: &std::path::Path, command: &str) -> Option<ExitCode> {
    if site.join("content").is_dir() {
        return None;
    }
    eprintln!(
        "{} there is no content/ folder in {}: run danvan {command} in a site folder, or pass --site DIR",
        paint("1;31", "error:"),
        site.display()
    );
    Some(ExitCode::from(1))
}

/// Exit codes: 0 success, 1 content errors, 2 wrong usage (clap's own).
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => args.run(),
        Command::Check(args) => args.run(),
        Command::Serve(args) => args.run(),
        Command::New(args) => args.run(),
        Command::Import(args) => args.run(),
        Command::Init(args) => args.run(),
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
