//! Writing the output folder without ever losing anything. The new site is
//! written completely into a temporary folder beside the output, then
//! swapped in; a failed build leaves the last good output as it was. A
//! manifest (`.danvan-manifest`) lists every file danvan wrote, and danvan
//! refuses to replace a folder holding anything else.

use crate::error::{Error, Result};
use crate::fs;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file listing what danvan wrote, kept in the output folder.
pub const MANIFEST: &str = ".danvan-manifest";

/// The content of one output file.
#[derive(Debug, Clone)]
pub enum Data {
    Bytes(Vec<u8>),
    /// A file copied as is.
    Copy(PathBuf),
}

/// Every file of the built site, by output path.
#[derive(Debug, Default)]
pub struct Output {
    files: BTreeMap<String, (Data, String)>,
}

impl Output {
    /// Adds a file; `origin` names what produced it, for the error when two
    /// things would be published at the same path.
    pub fn add(&mut self, path: String, data: Data, origin: String) -> Result<()> {
        if let Some((_, first)) = self.files.get(&path) {
            if *first == origin {
                return Ok(());
            }
            return Err(Error::Output {
                path: PathBuf::from(&path),
                message: format!(
                    "{first} and {origin} would both be published here: give one of them another `slug:` or file name"
                ),
            });
        }
        self.files.insert(path, (data, origin));
        Ok(())
    }

    pub fn get(&self, path: &str) -> Option<&Data> {
        self.files.get(path).map(|(d, _)| d)
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Checks that `out` may be (re)written for the site at `site`: not the
/// site itself, not around it, not inside content/ or themes/, and holding
/// nothing danvan did not write.
pub fn check_target(site: &Path, out: &Path) -> Result<()> {
    let refuse = |message: &str| Error::Output {
        path: out.to_path_buf(),
        message: message.to_string(),
    };
    let site = absolute(site);
    let out_abs = absolute(out);
    if site.starts_with(&out_abs) {
        return Err(refuse(
            "the output folder is the site folder or contains it; choose another, e.g. --output public",
        ));
    }
    for inner in ["content", "themes"] {
        if out_abs.starts_with(site.join(inner)) {
            return Err(refuse(&format!(
                "the output folder is inside {inner}/; choose a folder outside it, e.g. --output public"
            )));
        }
    }
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(refuse(
            "this is a file, not a folder; choose another output folder",
        ));
    }
    let manifest = read_manifest(out);
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Error::io(
                out,
                "cannot read folder",
                e.into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("walk")),
            )
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(out).unwrap_or(entry.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel != MANIFEST && !manifest.as_ref().is_some_and(|m| m.contains(&rel)) {
            foreign.push(rel);
        }
    }
    if foreign.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
    let more = if foreign.len() > 5 {
        format!(" and {} more", foreign.len() - 5)
    } else {
        String::new()
    };
    Err(refuse(&format!(
        "this folder holds files danvan did not write ({}{more}); danvan deletes nothing it did not write: move them away or choose another --output",
        shown.join(", ")
    )))
}

fn read_manifest(out: &Path) -> Option<std::collections::HashSet<String>> {
    let text = std::fs::read_to_string(out.join(MANIFEST)).ok()?;
    Some(text.lines().map(str::to_string).collect())
}

fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    // The folder may not exist yet: resolve its nearest existing parent.
    let base = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = base.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return base,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.iter().rev() {
        resolved.push(name);
    }
    resolved
}

/// Writes `output` into `out`, replacing the old site only once the new
/// one is complete.
pub fn write(site: &Path, out: &Path, output: &Output) -> Result<()> {
    check_target(site, out)?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let name = out
        .file_name()
        .map_or_else(|| "public".to_string(), |n| n.to_string_lossy().to_string());
    let staging = parent.join(format!(".{name}.danvan-new"));
    let previous = parent.join(format!(".{name}.danvan-old"));
    for leftover in [&staging, &previous] {
        if leftover.exists() {
            fs::remove_dir_all(leftover)?;
        }
    }
    let result = write_all(&staging, output);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        fs::rename(out, &previous)?;
    }
    if let Err(e) = fs::rename(&staging, out) {
        // Put the old site back rather than leave nothing.
        let _ = std::fs::rename(&previous, out);
        return Err(e);
    }
    if previous.exists() {
        fs::remove_dir_all(&previous)?;
    }
    Ok(())
}

fn write_all(dir: &Path, output: &Output) -> Result<()> {
    use rayon::prelude::*;
    fs::create_dir_all(dir)?;
    let files: Vec<(&String, &Data)> = output.files.iter().map(|(p, (d, _))| (p, d)).collect();
    files.par_iter().try_for_each(|(path, data)| {
        let target = dir.join(path);
        match data {
            Data::Bytes(bytes) => fs::write(&target, bytes),
            Data::Copy(source) => fs::copy(source, &target),
        }
    })?;
    let mut manifest = String::new();
    for path in output.paths() {
        manifest.push_str(path);
        manifest.push('\n');
    }
    fs::write(&dir.join(MANIFEST), manifest.as_bytes())
}
