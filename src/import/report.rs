//! What `danvan import` prints: per file the files written (or, with
//! `--dry-run`, that would be written, with their text), each doubt with
//! its line, an error for a file that failed; then a count. A failed file
//! never stops the run.

use super::{Doubt, ImportError, Imported, Options, import_file};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where the last panic happened, for the error that replaces it.
static PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Runs `f`, turning a panic (a bug of the importer, never the user's
/// fault) into an error for that one file, so that the run goes on.
fn guarded(f: impl FnOnce() -> Result<Imported, ImportError>) -> Result<Imported, ImportError> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        if let Ok(mut last) = PANIC.lock() {
            *last = Some(place);
        }
    }));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(previous);
    result.unwrap_or_else(|_| {
        let place = PANIC
            .lock()
            .ok()
            .and_then(|mut p| p.take())
            .unwrap_or_default();
        Err(ImportError::Internal(place))
    })
}

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
        match guarded(|| import_file(path, options)) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bug_on_one_file_is_an_error_for_that_file() {
        let result = guarded(|| {
            let words: Vec<&str> = Vec::new();
            let _ = words[3];
            Err(ImportError::Empty)
        });
        match result {
            Err(e @ ImportError::Internal(_)) => {
                let message = e.to_string();
                assert!(
                    message.contains("importer bug at src/import/report.rs:"),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
