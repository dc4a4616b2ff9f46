//! What `danvan import` prints: per file the files written (or, with
//! `--dry-run`, that would be written, with their text), each doubt with
//! its line, an error for a file that failed; then a count. A failed file
//! never stops the run.

use super::{Doubt, Imported, Options, import_file};
use std::path::{Path, PathBuf};

/// Imports every file, printing each one's result and doubts; goes on
/// past a file that fails. Returns whether every file was imported.
pub fn run(
    files: &[PathBuf],
    options: &Options,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> bool {
    let mut failed = 0;
    for path in files {
        match import_file(path, options) {
            Ok(imported) => {
                let _ = writeln!(out, "{}", summary(path, &imported, options.dry_run));
                for d in &imported.doubts {
                    let _ = writeln!(out, "  doubt: {}", doubt_line(d, imported.counts));
                }
                if options.dry_run {
                    for (rel, bytes) in &imported.files {
                        if let Ok(text) = std::str::from_utf8(bytes)
                            && (rel.extension().is_some_and(|e| e == "md" || e == "yaml"))
                        {
                            let _ = writeln!(out, "--- {} ---\n{text}", rel.display());
                        }
                    }
                }
            }
            Err(e) => {
                failed += 1;
                let _ = writeln!(err, "error: {}: {e}", path.display());
            }
        }
    }
    let done = files.len() - failed;
    let verb = if options.dry_run {
        "would import"
    } else {
        "imported"
    };
    let noun = if files.len() == 1 { "file" } else { "files" };
    let summary = format!("{verb} {done} of {} {noun}, {failed} failed", files.len());
    if failed > 0 {
        let _ = writeln!(err, "{summary}");
    } else {
        let _ = writeln!(out, "{summary}");
    }
    failed == 0
}

fn summary(path: &Path, imported: &Imported, dry_run: bool) -> String {
    let verb = if dry_run { "would write" } else { "wrote" };
    let files: Vec<String> = imported
        .files
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    format!("{}: {verb} {}", path.display(), files.join(", "))
}

fn doubt_line(d: &Doubt, counts: &str) -> String {
    if d.line == 0 {
        d.message.clone()
    } else {
        format!("{counts} {}: {}: \"{}\"", d.line, d.message, d.source)
    }
}
