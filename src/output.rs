//! Writing the output folder without ever losing anything. The new site is
//! written completely into a temporary folder beside the output, then
//! swapped in; a failed build leaves the last good output as it was. A
//! manifest (`.danvan-manifest`) lists every file danvan wrote, and danvan
//! refuses to replace a folder holding anything else.
//!
//! A build into an existing output is incremental. The build cache
//! (`.danvan/build/<output>.txt` in the site folder, so that the output
//! holds only the site and stays byte-identical) records, for each page rendered
//! with a template, a key of everything it was rendered from (see
//! [`crate::render`]) and the size and time of the file written. A page
//! whose key and file are unchanged is not rendered again: its file (and
//! its `.gz` and share card) is linked into the new site as it is. Any
//! other file with the same bytes as before is linked too. An unreadable,
//! foreign or old cache is ignored: everything is rendered, as in a
//! clean build, which gives the same bytes.
//!
//! The site a swap replaces is kept beside the output as its spare
//! (`.<output>.danvan-spare`, sharing its unchanged files by hard links),
//! with a cache of what it holds and of its folders' times. The next
//! build takes the spare as its staging folder and changes it into the
//! new site: a file the spare already holds as needed stays, any other is
//! removed and written or linked anew (never written into, as the output
//! may share it), and what the new site lacks is removed.

use crate::error::{Error, Result};
use crate::fs;
use std::path::{Path, PathBuf};

/// The file listing what danvan wrote, kept in the output folder.
pub const MANIFEST: &str = ".danvan-manifest";

/// Where the build cache of the output folder `out` of the site folder
/// `site` is kept: one file per output folder, named by its absolute path.
pub fn build_cache_path(site: &Path, out: &Path) -> PathBuf {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(absolute(out).to_string_lossy().as_bytes());
    site.join(".danvan")
        .join("build")
        .join(format!("{}.txt", crate::photos::encode::hex(&digest[..8])))
}

/// The first line of a build cache this version reads.
const BUILD_CACHE_HEADER: &str = "danvan build cache 1";

/// The first line of the cache of the spare site.
const SPARE_CACHE_HEADER: &str = "danvan spare cache 1";

/// Where the cache of the spare site of `out` is kept, beside its build
/// cache.
fn spare_cache_path(site: &Path, out: &Path) -> PathBuf {
    build_cache_path(site, out).with_extension("spare.txt")
}

/// What a page was rendered from: a digest of the theme, the strings,
/// the danvan binary and the page's whole template context.
pub type Key = [u8; 16];

/// The key of what `digest` was fed: its first 16 bytes.
pub fn key_of(digest: sha2::Sha256) -> Key {
    let full = sha2::Digest::finalize(digest);
    let mut key = [0u8; 16];
    key.copy_from_slice(&full[..16]);
    key
}

/// What the build cache says of one file: the key of what it was made
/// from, and the size and modification time (nanoseconds since 1970) of
/// the file when it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Recorded {
    key: Key,
    len: u64,
    modified: u128,
}

impl Recorded {
    /// The size and time of a file on disk, with `key`.
    fn of(path: &Path, key: Key) -> Option<Recorded> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(Recorded {
            key,
            len: meta.len(),
            modified,
        })
    }
}

/// Reads the build cache of `out`; empty when there is none or it cannot
/// be trusted whole.
fn read_build_cache(cache: &Path) -> std::collections::HashMap<String, Recorded> {
    read_cache(cache, BUILD_CACHE_HEADER)
        .map(|(files, _)| files)
        .unwrap_or_default()
}

/// Reads a cache file that begins with `header`: its files, and its
/// folders with their times (the spare's cache has them). `None` when
/// there is none or it cannot be trusted whole.
#[allow(clippy::type_complexity)]
fn read_cache(
    cache: &Path,
    header: &str,
) -> Option<(
    std::collections::HashMap<String, Recorded>,
    Vec<(String, u128)>,
)> {
    let text = std::fs::read_to_string(cache).ok()?;
    // The header, the entries, and their number on the last line: a
    // file cut short is told by that line.
    let mut lines: Vec<&str> = text.lines().collect();
    let count = lines
        .pop()
        .and_then(|l| l.strip_prefix("end ")?.parse::<usize>().ok());
    if lines.first() != Some(&header) || count != Some(lines.len() - 1) {
        return None;
    }
    let parse = |line: &str| -> Option<(String, Recorded)> {
        let mut fields = line.splitn(4, ' ');
        let hex = fields.next()?;
        let len = fields.next()?.parse().ok()?;
        let modified = fields.next()?.parse().ok()?;
        let path = fields.next()?;
        if hex.len() != 32 || path.is_empty() {
            return None;
        }
        let mut key = [0u8; 16];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some((path.to_string(), Recorded { key, len, modified }))
    };
    let mut files = std::collections::HashMap::with_capacity(lines.len());
    let mut folders = Vec::new();
    // One line that does not read, and none of it is trusted.
    for line in &lines[1..] {
        match line.strip_prefix("folder ") {
            Some(rest) => {
                let (time, path) = rest.split_once(' ')?;
                folders.push((path.to_string(), time.parse().ok()?));
            }
            None => {
                let (path, recorded) = parse(line)?;
                files.insert(path, recorded);
            }
        }
    }
    Some((files, folders))
}

/// Writes a cache file atomically: `header`, a line per file (key, size,
/// time, path), a line per folder (`folder`, time, path), and the number
/// of lines.
fn write_cache(
    cache: &Path,
    header: &str,
    files: &[(&str, &Recorded)],
    folders: &[(String, u128)],
) -> std::io::Result<()> {
    use std::fmt::Write;
    let mut text = String::with_capacity(96 * (files.len() + folders.len()));
    text.push_str(header);
    text.push('\n');
    for (path, r) in files {
        let _ = writeln!(
            text,
            "{} {} {} {path}",
            crate::photos::encode::hex(&r.key),
            r.len,
            r.modified
        );
    }
    for (path, time) in folders {
        let _ = writeln!(text, "folder {time} {path}");
    }
    let _ = writeln!(text, "end {}", files.len() + folders.len());
    let dir = cache.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = cache.with_extension(format!("{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, cache).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

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
    /// A page `check` rendered and let go of: only the `id`s that
    /// `#anchor` links can point to, sorted, without repeats. Files
    /// `check` does not make (share cards, search indexes) have none.
    Anchors(Vec<String>),
    /// A page or share card `serve` renders when it is asked for.
    Lazy(crate::render::Lazy),
    /// The entry of a language's search index, which `serve` makes, with
    /// its chunks and fragments, when a browser first asks for it: most
    /// edits are never searched for before the next one.
    Search,
}

/// The `id`s of an HTML page, sorted, without repeats.
pub fn ids(html: &[u8]) -> Vec<String> {
    const MARK: &[u8] = b" id=\"";
    let mut out: Vec<String> = memchr::memmem::find_iter(html, MARK)
        .filter_map(|i| {
            let value = &html[i + MARK.len()..];
            let end = memchr::memchr(b'"', value)?;
            Some(String::from_utf8_lossy(&value[..end]).into_owned())
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Every file of the built site, by output path.
#[derive(Debug, Default)]
pub struct Output {
    /// By output path; [`Output::paths`] gives them in order.
    files: rustc_hash::FxHashMap<String, (Data, String)>,
    /// How many pages a build took from the last one as they were,
    /// instead of rendering them again.
    pub reused: usize,
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

    /// Every output path, in order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        let mut paths: Vec<&str> = self.files.keys().map(String::as_str).collect();
        paths.sort_unstable();
        paths.into_iter()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Checks where `out` lies: not the site itself, not around it, not
/// inside content/ or themes/.
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

/// Checks that `out` holds only what danvan wrote (its manifest lists
/// every file). What it returns tells, at the swap, whether the folder is
/// still as it was seen ([`Seen::unchanged`]).
fn check_contents(out: &Path) -> Result<Seen> {
    use rayon::prelude::*;
    let refuse = |message: &str| Error::Output {
        path: out.to_path_buf(),
        message: message.to_string(),
    };
    let out = &absolute(out);
    if !out.exists() {
        // Made during the build, it is looked at again before the swap.
        return Ok(Seen {
            folders: vec![(out.to_path_buf(), None)],
            walked: std::time::SystemTime::now(),
        });
    }
    if !out.is_dir() {
        return Err(refuse(
            "this is a file, not a folder; choose another output folder",
        ));
    }
    let walked = std::time::SystemTime::now();
    let manifest = read_manifest(out);
    let cannot_read = |path: &Path, e: walkdir::Error| {
        Error::io(
            path,
            "cannot read folder",
            e.into_io_error()
                .unwrap_or_else(|| std::io::Error::other("walk")),
        )
    };
    // Each folder of the top one is walked on a thread of its own.
    let mut top = Vec::new();
    let mut found = Found::default();
    found.seen.walked = walked;
    found.folder(out);
    for entry in walkdir::WalkDir::new(out).min_depth(1).max_depth(1) {
        let entry = entry.map_err(|e| cannot_read(out, e))?;
        match entry.file_type().is_dir() {
            true => top.push(entry.into_path()),
            false => found.entry(out, &entry, manifest.as_ref()),
        }
    }
    let below: Vec<Result<Found>> = top
        .par_iter()
        .map(|folder| {
            let mut found = Found::default();
            for entry in walkdir::WalkDir::new(folder) {
                let entry = entry.map_err(|e| cannot_read(folder, e))?;
                found.entry(out, &entry, manifest.as_ref());
            }
            Ok(found)
        })
        .collect();
    for more in below {
        let more = more?;
        found.foreign.extend(more.foreign);
        found.seen.folders.extend(more.seen.folders);
    }
    let mut foreign = found.foreign;
    if foreign.is_empty() {
        return Ok(found.seen);
    }
    foreign.sort_unstable();
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

/// What a walk of the output folder found: files danvan did not write,
/// and every folder with its modification time.
#[derive(Default)]
struct Found {
    foreign: Vec<String>,
    seen: Seen,
}

impl Found {
    fn folder(&mut self, path: &Path) {
        self.seen
            .folders
            .push((path.to_path_buf(), folder_time(path)));
    }

    /// A folder or file met in the walk of the output folder `out`.
    fn entry(
        &mut self,
        out: &Path,
        entry: &walkdir::DirEntry,
        manifest: Option<&std::collections::HashSet<String>>,
    ) {
        if entry.file_type().is_dir() {
            return self.folder(entry.path());
        }
        let path = entry.path();
        let rel = path.strip_prefix(out).unwrap_or(path);
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel != MANIFEST && !manifest.is_some_and(|m| m.contains(&rel)) {
            self.foreign.push(rel);
        }
    }
}

/// Every folder of the output as [`check_contents`] saw it, with its
/// modification time: a file made, removed or renamed in a folder since
/// changes the folder's time.
#[derive(Debug)]
struct Seen {
    folders: Vec<(PathBuf, Option<std::time::SystemTime>)>,
    /// When the walk began.
    walked: std::time::SystemTime,
}

impl Default for Seen {
    fn default() -> Seen {
        Seen {
            folders: Vec::new(),
            walked: std::time::UNIX_EPOCH,
        }
    }
}

/// The modification time of the real folder (not a link to one) `path`,
/// read from the opened folder: on a network file system opening it
/// brings its attributes up to date.
fn folder_time(path: &Path) -> Option<std::time::SystemTime> {
    if !std::fs::symlink_metadata(path).ok()?.is_dir() {
        return None;
    }
    std::fs::File::open(path)
        .ok()?
        .metadata()
        .ok()?
        .modified()
        .ok()
}

impl Seen {
    /// Whether every folder is still as it was seen, so that a second
    /// walk would find what the first did. A folder's time moves in steps
    /// (a few milliseconds on some systems, whole seconds on FAT): one
    /// changed less than a second before the walk, or whose time has no
    /// fraction of a second, may change again without its time showing
    /// it, and then, as when a time cannot be read, the answer is no.
    fn unchanged(&self) -> bool {
        use rayon::prelude::*;
        let settled = self.walked - std::time::Duration::from_secs(1);
        self.folders.par_iter().all(|(path, then)| {
            let Some(then) = then else { return false };
            folder_time(path) == Some(*then)
                && *then < settled
                && then
                    .duration_since(std::time::UNIX_EPOCH)
                    .is_ok_and(|d| d.subsec_nanos() != 0)
        })
    }
}

/// Removes the folder `dir` and everything in it, each folder of it on a
/// thread of its own; as `remove_dir_all`, it stops at nothing it can
/// remove and says only whether it could.
fn remove_all(dir: &Path) -> bool {
    use rayon::prelude::*;
    // What stands there may be a link to a folder (the output replaced by
    // one during the build): the link goes, never what it points to.
    if !std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        return std::fs::remove_file(dir).is_ok();
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return std::fs::remove_dir_all(dir).is_ok();
    };
    let entries: Vec<_> = entries.flatten().collect();
    entries.par_iter().for_each(|entry| {
        let _ = match entry.file_type().is_ok_and(|t| t.is_dir()) {
            true => std::fs::remove_dir_all(entry.path()),
            false => std::fs::remove_file(entry.path()),
        };
    });
    std::fs::remove_dir_all(dir).is_ok()
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

/// How long a build waits for another build into the same output folder.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The folder a new site is written into, beside the output folder, and
/// swapped in by [`Staging::finish`] once complete. Dropped unfinished, it
/// removes itself: the old output is never touched by a failed build.
///
/// One build at a time writes into an output folder: the staging folder
/// holds an advisory lock on `.<name>.danvan-lock` beside it (released by
/// the system if the build is killed), and its name is unique to the
/// build, so leftovers of a killed build are told apart and removed.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    finished: bool,
    /// Writes a `.gz` beside every text file, for `gzip_static`.
    precompress: bool,
    /// The build cache of the output being replaced, and its file.
    previous: std::collections::HashMap<String, Recorded>,
    cache: PathBuf,
    /// The build cache of the new site, filled as pages are rendered or
    /// reused.
    recorded: std::sync::Mutex<Vec<(String, Recorded)>>,
    /// The output folder as it was when the build began.
    seen: Seen,
    /// The site before the one in the output, kept beside it by the last
    /// build: when there is one, the staging folder is that site, and
    /// only what differs from it is written.
    spare: Option<Spare>,
    /// Where the site replaced by this build is kept for the next one.
    spare_dir: PathBuf,
    spare_cache: PathBuf,
    _lock: std::fs::File,
}

/// What the staging folder holds when it began as the spare site.
#[derive(Debug)]
struct Spare {
    /// What the spare's cache says of its files.
    recorded: std::collections::HashMap<String, Recorded>,
    /// Every file in it, from its manifest.
    files: Vec<String>,
}

/// Takes the spare site at `spare_dir` as the staging folder `dir`, when
/// its cache says what it holds and no folder of it changed since it was
/// put aside; any other spare is removed, and the cache goes in either
/// case: the staging folder will be changed. When the output is gone
/// (`rm -rf public`), the build is a clean one into an empty folder and
/// the spare is left as it is, for the build after: removing its files
/// would cost a clean build a tenth of its time.
fn take_spare(spare_dir: &Path, cache: &Path, dir: &Path, out_exists: bool) -> Option<Spare> {
    use rayon::prelude::*;
    if !out_exists {
        return None;
    }
    let read = read_cache(cache, SPARE_CACHE_HEADER);
    let _ = std::fs::remove_file(cache);
    let is_dir = std::fs::symlink_metadata(spare_dir).is_ok_and(|m| m.is_dir());
    let taken = (|| {
        if !is_dir {
            return None;
        }
        let (recorded, folders) = read?;
        let as_put_aside = !folders.is_empty()
            && folders.par_iter().all(|(rel, then)| {
                folder_time(&spare_dir.join(rel)).and_then(|t| {
                    t.duration_since(std::time::UNIX_EPOCH)
                        .ok()
                        .map(|d| d.as_nanos())
                }) == Some(*then)
            });
        if !as_put_aside {
            return None;
        }
        let files: Vec<String> = std::fs::read_to_string(spare_dir.join(MANIFEST))
            .ok()?
            .lines()
            .map(str::to_string)
            .collect();
        std::fs::rename(spare_dir, dir).ok()?;
        Some(Spare { recorded, files })
    })();
    if taken.is_none() && std::fs::symlink_metadata(spare_dir).is_ok() {
        remove_all(spare_dir);
    }
    taken
}

/// Files a web server sends compressed: a `.gz` goes beside each.
fn is_text(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(
        ext,
        "html" | "css" | "js" | "xml" | "json" | "csv" | "svg" | "txt" | "webmanifest"
    )
}

/// gzip with no name and no time in its header, so that the same page
/// gives the same bytes on every build.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::GzBuilder::new().mtime(0).write(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::default(),
    );
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

impl Staging {
    /// Checks where `out` lies and what it holds, takes the output
    /// folder's lock and creates the staging folder.
    pub fn create(site: &Path, out: &Path, precompress: bool) -> Result<Staging> {
        check_place(site, out)?;
        let out = &absolute(out);
        let seen = check_contents(out)?;
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let name = out
            .file_name()
            .map_or_else(|| "public".to_string(), |n| n.to_string_lossy().to_string());
        let lock = lock(&parent.join(format!(".{name}.danvan-lock")), out)?;
        // With the lock held, any staging folder of this output is a
        // leftover of a build that was killed. One killed between the two
        // renames of the fallback swap left the old site aside: put it
        // back before anything else.
        let prefix = format!(".{name}.danvan-new-");
        let leftovers: Vec<PathBuf> = std::fs::read_dir(&parent)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| {
                        let n = e.file_name().to_string_lossy().to_string();
                        n.strip_prefix(&prefix).is_some_and(|rest| {
                            let pid = rest.strip_suffix("-old").unwrap_or(rest);
                            !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
                        }) && e.path().is_dir()
                    })
                    .map(|e| e.path())
                    .collect()
            })
            .unwrap_or_default();
        if !out.exists()
            && let Some(aside) = leftovers
                .iter()
                .find(|p| p.to_string_lossy().ends_with("-old"))
        {
            fs::rename(aside, out)?;
        }
        for leftover in leftovers.iter().filter(|p| p.exists()) {
            // What cannot be removed now is tried again next time.
            let _ = std::fs::remove_dir_all(leftover);
        }
        let dir = parent.join(format!("{prefix}{}", std::process::id()));
        let spare_dir = parent.join(format!(".{name}.danvan-spare"));
        let spare_cache = spare_cache_path(site, out);
        let spare = take_spare(&spare_dir, &spare_cache, &dir, out.exists());
        let staging = Staging {
            dir,
            out: out.to_path_buf(),
            finished: false,
            precompress,
            // A cache of an output that is gone describes nothing.
            previous: match out.exists() {
                true => read_build_cache(&build_cache_path(site, out)),
                false => Default::default(),
            },
            cache: build_cache_path(site, out),
            recorded: Default::default(),
            seen,
            spare,
            spare_dir,
            spare_cache,
            _lock: lock,
        };
        fs::create_dir_all(&staging.dir)?;
        Ok(staging)
    }

    /// Writes one file below the staging folder, making its folder: with
    /// one folder per page, one system call per folder, on every thread.
    pub fn write_file(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.write(path, bytes, self.precompress)
    }

    /// Puts the files `paths` of the last build into the new site as they
    /// are, when they were made from `key` and are still as they were
    /// written (size and time), with their `.gz` twins: a file the spare
    /// site holds so stays where it is, any other is linked from the
    /// output. False, with nothing put in, when any of them is not: the
    /// caller renders.
    pub fn reuse(&self, paths: &[&str], key: &Key) -> bool {
        let as_recorded =
            |recorded: &std::collections::HashMap<String, Recorded>, dir: &Path, path: &str| {
                recorded.get(path).is_some_and(|old| {
                    old.key == *key && Recorded::of(&dir.join(path), *key) == Some(*old)
                })
            };
        // The spare's file stays when it is the output's own (recorded
        // alike: a hard link shares the time), or when the output's is
        // not as needed (an edit undone). When both are as needed but
        // are two files, the output's is linked: its time is kept.
        let mut in_place = Vec::with_capacity(paths.len());
        for path in paths {
            let spare = self
                .spare
                .as_ref()
                .filter(|spare| spare.recorded.get(*path).is_some_and(|r| r.key == *key));
            let shared = spare.is_some_and(|spare| {
                spare.recorded.get(*path) == self.previous.get(*path)
                    && as_recorded(&spare.recorded, &self.dir, path)
            });
            let here = shared
                || match as_recorded(&self.previous, &self.out, path) {
                    true => false,
                    // Even then, the output's file of the same bytes is
                    // linked (a card whose page changed back and forth).
                    false => match spare {
                        Some(spare) if as_recorded(&spare.recorded, &self.dir, path) => {
                            !std::fs::read(self.dir.join(path))
                                .is_ok_and(|bytes| same_bytes(&self.out.join(path), &bytes))
                        }
                        _ => return false,
                    },
                };
            in_place.push(here);
        }
        let mut linked = Vec::new();
        // A page's files share a folder, a search index's fragments too:
        // each folder is made once.
        let mut made: Option<PathBuf> = None;
        for (path, here) in paths.iter().zip(in_place) {
            let twin = self.precompress && is_text(path);
            let gz = format!("{path}.gz");
            if here {
                // The spare's twin of the file was written with it.
                if twin && !self.dir.join(&gz).is_file() && !self.link_old(&gz) {
                    return self.unlink(&linked);
                }
                continue;
            }
            let target = self.dir.join(path);
            if let Some(parent) = target.parent()
                && made.as_deref() != Some(parent)
            {
                if self.make_folder(&target).is_err() {
                    return self.unlink(&linked);
                }
                made = Some(parent.to_path_buf());
            }
            // The file itself was just found to be a file as written; its
            // twin is looked at before it is linked.
            self.clear(&target);
            if std::fs::hard_link(self.out.join(path), &target).is_err() {
                return self.unlink(&linked);
            }
            linked.push(path.to_string());
            if twin {
                self.clear(&self.dir.join(&gz));
                if !self.link_old(&gz) {
                    return self.unlink(&linked);
                }
                linked.push(gz);
            }
        }
        self.record(paths, key);
        true
    }

    /// Puts every file of the last build below `folder` that was made from
    /// `key` into the new site, as [`Staging::reuse`] does; their paths, or
    /// `None` (and nothing put in) when there are none or one is changed.
    pub fn reuse_under(&self, folder: &str, key: &Key) -> Option<Vec<String>> {
        let paths: Vec<&str> = self
            .previous
            .iter()
            .filter(|(path, r)| r.key == *key && path.starts_with(folder))
            .map(|(path, _)| path.as_str())
            .collect();
        if paths.is_empty() || !self.reuse(&paths, key) {
            return None;
        }
        Some(paths.into_iter().map(str::to_string).collect())
    }

    /// Removes files just linked into the staging folder; false.
    fn unlink(&self, linked: &[String]) -> bool {
        for file in linked {
            let _ = std::fs::remove_file(self.dir.join(file));
        }
        false
    }

    /// Notes in the new build cache that `paths`, as now written in the
    /// staging folder, were made from `key`.
    pub fn record(&self, paths: &[&str], key: &Key) {
        let found: Vec<(String, Recorded)> = paths
            .iter()
            .filter_map(|path| Some((path.to_string(), Recorded::of(&self.dir.join(path), *key)?)))
            .collect();
        self.recorded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(found);
    }

    /// Makes the folder of the file `target` in the staging folder. Pages
    /// live in folders of their own: one mkdir, which fails only when the
    /// parent's parent is missing too. In a spare site, a file that
    /// stands where a folder must be goes first.
    fn make_folder(&self, target: &Path) -> Result<()> {
        let Some(parent) = target.parent() else {
            return Ok(());
        };
        match std::fs::create_dir(parent) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(_) if self.spare.is_some() && !parent.is_dir() => {
                for folder in parent.ancestors().take_while(|f| f.starts_with(&self.dir)) {
                    if std::fs::symlink_metadata(folder).is_ok_and(|m| !m.is_dir()) {
                        let _ = std::fs::remove_file(folder);
                    }
                }
            }
            _ => return Ok(()),
        }
        fs::create_dir_all(parent)
    }

    /// In a spare site, removes what stands at `target` (a file, which
    /// may be a link to one of the output's, or a folder), so that
    /// nothing is ever written into a file the output shares.
    fn clear(&self, target: &Path) {
        if self.spare.is_none() {
            return;
        }
        match std::fs::symlink_metadata(target) {
            Ok(m) if m.is_dir() => {
                remove_all(target);
            }
            Ok(_) => {
                let _ = std::fs::remove_file(target);
            }
            Err(_) => {}
        }
    }

    /// Whether the spare site already holds `path` with these bytes, and
    /// it is the output's very file or the output's is another: when the
    /// output has a file of its own with these bytes, that one is linked,
    /// keeping its time.
    fn holds(&self, path: &str, bytes: &[u8]) -> bool {
        self.spare.is_some()
            && same_bytes(&self.dir.join(path), bytes)
            && (same_file(&self.dir.join(path), &self.out.join(path))
                || !same_bytes(&self.out.join(path), bytes))
    }

    /// Writes one file, and its `.gz` twin when `twin`.
    fn write(&self, path: &str, bytes: &[u8], twin: bool) -> Result<()> {
        let target = self.dir.join(path);
        self.make_folder(&target)?;
        let here = self.holds(path, bytes);
        let kept = here || {
            self.clear(&target);
            self.keep_old(path, bytes)
        };
        if !kept {
            std::fs::write(&target, bytes).map_err(|e| Error::io(&target, "cannot write", e))?;
        }
        if twin && is_text(path) {
            let gz_path = format!("{path}.gz");
            let gz = self.dir.join(&gz_path);
            // The twin of an unchanged file is unchanged: no need to
            // compress it again. Another twin may still be unchanged (its
            // file was edited by hand in the output).
            let twin_kept = match (here, kept) {
                (true, _) => gz.is_file(),
                (false, true) => {
                    self.clear(&gz);
                    self.link_old(&gz_path)
                }
                (false, false) => false,
            };
            if !twin_kept {
                let compressed = gzip(bytes);
                if !self.holds(&gz_path, &compressed) {
                    self.clear(&gz);
                    if !self.keep_old(&gz_path, &compressed) {
                        std::fs::write(&gz, compressed)
                            .map_err(|e| Error::io(&gz, "cannot write", e))?;
                    }
                }
            }
        }
        Ok(())
    }

    /// When the output already holds `path` with exactly these bytes, the
    /// new site gets that very file (a hard link): its modification time
    /// stays, so `rsync` and `diff -r` see only what really changed.
    fn keep_old(&self, path: &str, bytes: &[u8]) -> bool {
        same_bytes(&self.out.join(path), bytes) && self.link_old(path)
    }

    /// Links the output's `path` into the staging folder; false when it
    /// cannot (no such file, another file system), and the caller writes.
    fn link_old(&self, path: &str) -> bool {
        let old = self.out.join(path);
        std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_file())
            && std::fs::hard_link(&old, self.dir.join(path)).is_ok()
    }

    fn copy_file(&self, path: &str, source: &Path, twin: bool) -> Result<()> {
        let target = self.dir.join(path);
        self.make_folder(&target)?;
        if twin && is_text(path) {
            return self.write(path, &fs::read(source)?, true);
        }
        let same_size = |file: &Path| {
            std::fs::symlink_metadata(file)
                .ok()
                .zip(std::fs::metadata(source).ok())
                .is_some_and(|(old, new)| old.is_file() && old.len() == new.len())
        };
        let here = self.spare.is_some()
            && same_size(&target)
            && fs::read(source).is_ok_and(|bytes| self.holds(path, &bytes));
        if here {
            return Ok(());
        }
        self.clear(&target);
        let unchanged = same_size(&self.out.join(path))
            && fs::read(source).is_ok_and(|bytes| self.keep_old(path, &bytes));
        if unchanged {
            return Ok(());
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
        // A site file of its own named `x.gz` stands, and `x` gets no twin.
        let twin = |path: &str| self.precompress && output.get(&format!("{path}.gz")).is_none();
        files.par_iter().try_for_each(|(path, data)| match data {
            Data::Bytes(bytes) => self.write(path, bytes, twin(path)),
            Data::Copy(source) => self.copy_file(path, source, twin(path)),
            Data::Written => Ok(()),
            Data::Pending | Data::Anchors(_) | Data::Search | Data::Lazy(_) => Err(Error::Output {
                path: PathBuf::from(path.as_str()),
                message: "this page was never rendered".to_string(),
            }),
        })?;
        let mut manifest = String::new();
        for path in output.paths() {
            manifest.push_str(path);
            manifest.push('\n');
            if twin(path) && is_text(path) {
                manifest.push_str(path);
                manifest.push_str(".gz\n");
            }
        }
        self.write(MANIFEST, manifest.as_bytes(), false)?;
        if let Some(spare) = &self.spare {
            self.remove_left_over(spare, &manifest);
        }
        // Again, just before the swap: a file dropped into the output
        // during the build is protected too. Where no folder's time
        // moved since the first look (and each had settled before it),
        // no file was made, removed or renamed in the output.
        let seen = match self.seen.unchanged() {
            true => std::mem::take(&mut self.seen),
            false => check_contents(&self.out)?,
        };
        // The old cache goes first: were the swap to fail half way, no
        // cache would describe files that are not there.
        let _ = std::fs::remove_file(&self.cache);
        if self.out.exists() {
            swap(&self.dir, &self.out)?;
            self.finished = true;
            // The staging folder now holds the old site: it is kept
            // beside the output as the spare, which the next build
            // changes into its site. A folder that cannot be kept or
            // removed now is removed by the next build.
            if !self.keep_spare(&seen) {
                remove_all(&self.dir);
            }
        } else {
            fs::rename(&self.dir, &self.out)?;
            self.finished = true;
        }
        // A cache that cannot be written costs the next build time, not
        // output: it renders everything.
        let _ = self.write_cache();
        Ok(())
    }

    /// Removes from the staging folder, begun as the spare site, the
    /// files of the spare that the new site does not have, and the
    /// folders they leave empty.
    fn remove_left_over(&self, spare: &Spare, manifest: &str) {
        use rayon::prelude::*;
        let wanted: rustc_hash::FxHashSet<&str> = manifest.lines().collect();
        let gone: Vec<&str> = spare
            .files
            .iter()
            .map(String::as_str)
            .filter(|f| !wanted.contains(f))
            .collect();
        gone.par_iter().for_each(|file| {
            let _ = std::fs::remove_file(self.dir.join(file));
        });
        // Deepest first; a folder still holding something stays.
        let mut folders: Vec<&str> = gone
            .iter()
            .flat_map(|file| {
                std::iter::successors(file.rsplit_once('/').map(|(f, _)| f), |f| {
                    f.rsplit_once('/').map(|(f, _)| f)
                })
            })
            .collect();
        folders.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        folders.dedup();
        for folder in folders {
            let _ = std::fs::remove_dir(self.dir.join(folder));
        }
    }

    /// Puts the old site, now in the staging folder, aside as the spare,
    /// with a cache of what it holds: the old build cache, and the time
    /// of every folder as `seen` just before the swap, by which the next
    /// build knows nothing was put into it since. False when it cannot.
    fn keep_spare(&self, seen: &Seen) -> bool {
        let folders: Option<Vec<(String, u128)>> = seen
            .folders
            .iter()
            .map(|(path, time)| {
                let rel = path.strip_prefix(&self.out).ok()?.to_str()?.to_string();
                let time = (*time)?
                    .duration_since(std::time::UNIX_EPOCH)
                    .ok()?
                    .as_nanos();
                Some((rel, time))
            })
            .collect();
        let Some(folders) = folders.filter(|f| !f.is_empty()) else {
            return false;
        };
        if std::fs::rename(&self.dir, &self.spare_dir).is_err() {
            return false;
        }
        let mut files: Vec<(&str, &Recorded)> =
            self.previous.iter().map(|(p, r)| (p.as_str(), r)).collect();
        files.sort_unstable_by(|a, b| a.0.cmp(b.0));
        // Without its cache the spare is removed by the next build.
        let _ = write_cache(&self.spare_cache, SPARE_CACHE_HEADER, &files, &folders);
        true
    }

    /// Writes the build cache of the site just swapped in.
    fn write_cache(&self) -> std::io::Result<()> {
        let mut recorded =
            std::mem::take(&mut *self.recorded.lock().unwrap_or_else(|e| e.into_inner()));
        recorded.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let files: Vec<(&str, &Recorded)> = recorded.iter().map(|(p, r)| (p.as_str(), r)).collect();
        write_cache(&self.cache, BUILD_CACHE_HEADER, &files, &[])
    }
}

/// Whether `a` and `b` are the same file (hard links to one another).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let id = |p: &Path| {
            std::fs::symlink_metadata(p)
                .ok()
                .map(|m| (m.dev(), m.ino()))
        };
        id(a).is_some_and(|a| Some(a) == id(b))
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Whether `file` is a file holding exactly `bytes`.
fn same_bytes(file: &Path, bytes: &[u8]) -> bool {
    std::fs::symlink_metadata(file).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(file).is_ok_and(|old| old == bytes)
}

/// Takes the lock at `path`, waiting up to [`LOCK_WAIT`] for a build that
/// holds it.
fn lock(path: &Path, out: &Path) -> Result<std::fs::File> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| Error::io(path, "cannot create the build lock", e))?;
    let started = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::Output {
                    path: out.to_path_buf(),
                    message: format!(
                        "another danvan build is writing this folder (it holds {}); wait for it to finish, then build again",
                        path.display()
                    ),
                });
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(Error::io(path, "cannot lock", e));
            }
        }
    }
}

/// Puts the new site `new` in place of `out`, and the old one where the
/// new one was. On Linux the two folders are exchanged in one step
/// (`renameat2` with `RENAME_EXCHANGE`), so `out` never lacks its
/// `index.html`; elsewhere, or on a file system without it, two renames
/// leave a moment without the folder.
fn swap(new: &Path, out: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).ok();
        if let (Some(a), Some(b)) = (c(new), c(out)) {
            // SAFETY: both are valid NUL-terminated paths for the call.
            let done = unsafe {
                libc::renameat2(
                    libc::AT_FDCWD,
                    a.as_ptr(),
                    libc::AT_FDCWD,
                    b.as_ptr(),
                    libc::RENAME_EXCHANGE,
                )
            };
            if done == 0 {
                return Ok(());
            }
        }
    }
    let aside = PathBuf::from(format!("{}-old", new.display()));
    fs::rename(out, &aside)?;
    if let Err(e) = fs::rename(new, out) {
        // Put the old site back rather than leave nothing.
        let _ = std::fs::rename(&aside, out);
        return Err(e);
    }
    fs::rename(&aside, new)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_sorted_once_each_and_only_whole_id_attributes() {
        let html =
            br#"<h2 id="muc-2">B</h2><p data-id="x" id="a">.</p><h2 id="muc-2">C</h2><i id="c"#;
        assert_eq!(ids(html), ["a", "muc-2"]);
    }

    #[test]
    fn a_file_dropped_into_the_output_during_a_build_stops_the_swap() {
        let root = tempfile::tempdir().unwrap();
        let site = root.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        let out = site.join("public");
        std::fs::create_dir_all(out.join("a/b")).unwrap();
        std::fs::write(out.join("a/b/index.html"), "old").unwrap();
        std::fs::write(out.join(MANIFEST), "a/b/index.html\n").unwrap();
        // Folders last changed an hour ago, whose times the look before
        // the swap trusts.
        let settle = |out: &Path| {
            let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
            for dir in [out.to_path_buf(), out.join("a"), out.join("a/b")] {
                let dir = std::fs::File::open(dir).unwrap();
                dir.set_modified(hour_ago).unwrap();
            }
        };
        settle(&out);
        // Into a folder deep in the output, while the build runs.
        let staging = Staging::create(&site, &out, false).unwrap();
        std::fs::write(out.join("a/b/notes.txt"), "mine").unwrap();
        let refused = staging.finish(&Output::default()).unwrap_err();
        assert!(refused.to_string().contains("a/b/notes.txt"), "{refused}");
        assert_eq!(
            std::fs::read_to_string(out.join("a/b/notes.txt")).unwrap(),
            "mine"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("a/b/index.html")).unwrap(),
            "old"
        );
        // Into an output folder that did not exist when the build began.
        std::fs::remove_dir_all(&out).unwrap();
        let staging = Staging::create(&site, &out, false).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(staging.finish(&Output::default()).is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("notes.txt")).unwrap(),
            "mine"
        );
        // Untouched, the swap goes ahead on the folders' times alone.
        std::fs::remove_file(out.join("notes.txt")).unwrap();
        std::fs::create_dir_all(out.join("a/b")).unwrap();
        settle(&out);
        let staging = Staging::create(&site, &out, false).unwrap();
        assert!(staging.seen.unchanged());
        staging.finish(&Output::default()).unwrap();
        assert!(out.join(MANIFEST).is_file());
    }

    #[test]
    fn an_old_site_left_aside_by_a_killed_swap_is_put_back_not_deleted() {
        let root = tempfile::tempdir().unwrap();
        let site = root.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        let out = site.join("public");
        // Killed between the two renames of the fallback swap: the old
        // site aside, a complete new one beside it, no public/.
        let aside = site.join(".public.danvan-new-4242-old");
        std::fs::create_dir_all(&aside).unwrap();
        std::fs::write(aside.join("index.html"), "the last good site").unwrap();
        std::fs::write(aside.join(MANIFEST), "index.html\n").unwrap();
        std::fs::create_dir_all(site.join(".public.danvan-new-4242")).unwrap();
        // A build that gets the lock and then fails before its swap.
        drop(Staging::create(&site, &out, false).unwrap());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "the last good site"
        );
        let left: Vec<String> = std::fs::read_dir(&site)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.contains("danvan-new"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
