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
    /// A page still to be rendered; its path is reserved.
    Pending,
    /// A page rendered straight into the staging folder.
    Written,
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

    /// Replaces the data of a reserved path.
    pub fn fill(&mut self, path: &str, data: Data) {
        if let Some(entry) = self.files.get_mut(path) {
            entry.0 = data;
        }
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
    check_place(site, out)?;
    check_contents(out)
}

/// The cheap half of [`check_target`]: where `out` lies.
pub fn check_place(site: &Path, out: &Path) -> Result<()> {
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
    Ok(())
}

/// The other half of [`check_target`]: `out` holds only what danvan wrote
/// (its manifest lists every file). Run where the folder is replaced, so
/// that a file added during the build is protected too.
fn check_contents(out: &Path) -> Result<()> {
    let refuse = |message: &str| Error::Output {
        path: out.to_path_buf(),
        message: message.to_string(),
    };
    let out = &absolute(out);
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

/// The absolute form of `path` with `..` resolved, even where the folder
/// does not exist yet: `missing/../../victim` must be judged as the
/// `victim` folder it will become, not slip past the checks.
pub fn absolute(path: &Path) -> PathBuf {
    use std::path::Component;
    let base = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut resolved = PathBuf::new();
    for component in base.components() {
        match component {
            Component::ParentDir => {
                // Resolve what exists so far first, so that `..` after a
                // link climbs from where the link really leads.
                resolved = resolved.canonicalize().unwrap_or(resolved);
                resolved.pop();
            }
            Component::CurDir => {}
            other => resolved.push(other),
        }
    }
    let mut existing = resolved.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return resolved,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.iter().rev() {
        resolved.push(name);
    }
    resolved
}

/// The folder a new site is written into, beside the output folder, and
/// swapped in by [`Staging::finish`] once complete. Dropped unfinished, it
/// removes itself: the old output is never touched by a failed build.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    previous: PathBuf,
    out: PathBuf,
    finished: bool,
}

impl Staging {
    /// Checks where `out` lies and creates the staging folder; what `out`
    /// holds is checked by [`Staging::finish`], just before it is replaced.
    pub fn create(site: &Path, out: &Path) -> Result<Staging> {
        check_place(site, out)?;
        let out = &absolute(out);
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let name = out
            .file_name()
            .map_or_else(|| "public".to_string(), |n| n.to_string_lossy().to_string());
        let staging = Staging {
            dir: parent.join(format!(".{name}.danvan-new")),
            previous: parent.join(format!(".{name}.danvan-old")),
            out: out.to_path_buf(),
            finished: false,
        };
        for leftover in [&staging.dir, &staging.previous] {
            if leftover.exists() {
                fs::remove_dir_all(leftover)?;
            }
        }
        fs::create_dir_all(&staging.dir)?;
        Ok(staging)
    }

    /// Writes one file below the staging folder, making its folder: with
    /// one folder per page, one system call per folder, on every thread.
    pub fn write_file(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            // Pages live in folders of their own: one mkdir, which fails
            // only when the parent's parent is missing too.
            match std::fs::create_dir(parent) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => fs::create_dir_all(parent)?,
                _ => {}
            }
        }
        std::fs::write(&target, bytes).map_err(|e| Error::io(&target, "cannot write", e))
    }

    fn copy_file(&self, path: &str, source: &Path) -> Result<()> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        std::fs::copy(source, &target)
            .map(|_| ())
            .map_err(|e| Error::io(source, "cannot copy", e))
    }

    /// Writes the files of `output` not yet written and the manifest, then
    /// swaps the staging folder in for the output folder.
    pub fn finish(mut self, output: &Output) -> Result<()> {
        use rayon::prelude::*;
        let files: Vec<(&String, &Data)> = output.files.iter().map(|(p, (d, _))| (p, d)).collect();
        files.par_iter().try_for_each(|(path, data)| match data {
            Data::Bytes(bytes) => self.write_file(path, bytes),
            Data::Copy(source) => self.copy_file(path, source),
            Data::Written => Ok(()),
            Data::Pending => Err(Error::Output {
                path: PathBuf::from(path.as_str()),
                message: "this page was never rendered".to_string(),
            }),
        })?;
        let mut manifest = String::new();
        for path in output.paths() {
            manifest.push_str(path);
            manifest.push('\n');
        }
        fs::write(&self.dir.join(MANIFEST), manifest.as_bytes())?;
        check_contents(&self.out)?;
        if self.out.exists() {
            fs::rename(&self.out, &self.previous)?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.out) {
            // Put the old site back rather than leave nothing.
            let _ = std::fs::rename(&self.previous, &self.out);
            return Err(e);
        }
        self.finished = true;
        if self.previous.exists() {
            fs::remove_dir_all(&self.previous)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes an in-memory `output` into `out`, replacing the old site only
/// once the new one is complete.
pub fn write(site: &Path, out: &Path, output: &Output) -> Result<()> {
    Staging::create(site, out)?.finish(output)
}
