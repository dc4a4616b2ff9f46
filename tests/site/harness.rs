//! A site in a temporary folder, built with the library or the real
//! binary, and read back the way a reader sees it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct TestSite {
    pub dir: tempfile::TempDir,
}

/// What a run of the `danvan` binary printed and returned.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl TestSite {
    /// An empty site: `content/` only.
    pub fn new() -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        TestSite { dir }
    }

    /// A copy of the repository's sample site.
    pub fn sample() -> TestSite {
        let site = TestSite::new();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        copy_dir(&from, &site.path().join("content"));
        site
    }

    /// The sample site, built once for every test that only reads it
    /// (its folder is left in the temp folder).
    pub fn built_sample() -> &'static TestSite {
        static SAMPLE: std::sync::OnceLock<TestSite> = std::sync::OnceLock::new();
        SAMPLE.get_or_init(|| {
            let site = TestSite::sample();
            site.build();
            site
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file below the site folder.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// Runs the real binary in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
            .args(args)
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("run danvan");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Builds with the library; panics with every error on failure.
    pub fn build(&self) -> danvan::BuildReport {
        self.build_with(|_| {})
    }

    pub fn build_with(&self, f: impl FnOnce(&mut danvan::BuildOptions)) -> danvan::BuildReport {
        let mut options = danvan::BuildOptions {
            site: self.path().to_path_buf(),
            ..Default::default()
        };
        f(&mut options);
        match danvan::build(&options) {
            Ok(report) => report,
            Err(d) => panic!("build failed:\n{d}"),
        }
    }

    /// Builds and returns every error message.
    pub fn build_errors(&self) -> Vec<String> {
        let options = danvan::BuildOptions {
            site: self.path().to_path_buf(),
            ..Default::default()
        };
        match danvan::build(&options) {
            Ok(_) => panic!("the build should have failed"),
            Err(mut d) => {
                d.sort();
                d.errors.iter().map(ToString::to_string).collect()
            }
        }
    }

    pub fn public(&self) -> PathBuf {
        self.path().join("public")
    }

    /// A published file as text.
    pub fn read(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The published name of theme file `name` (`style.css` →
    /// `style.3f2a1c9b.css`): there must be exactly one.
    pub fn asset(&self, name: &str) -> String {
        let (stem, ext) = name.rsplit_once('.').unwrap();
        let found: Vec<String> = std::fs::read_dir(self.public())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| {
                n.strip_prefix(&format!("{stem}."))
                    .and_then(|rest| rest.strip_suffix(&format!(".{ext}")))
                    .is_some_and(|hash| {
                        hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit())
                    })
            })
            .collect();
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        found[0].clone()
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir`, by path relative to it, with its bytes and
/// what the file system says of it (time, inode).
pub fn files_below(dir: &Path) -> std::collections::BTreeMap<String, (Vec<u8>, std::fs::Metadata)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            let bytes = std::fs::read(e.path()).unwrap();
            (rel, (bytes, e.metadata().unwrap()))
        })
        .collect()
}

/// The text a reader sees: tags removed, whitespace folded.
pub fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every `href` and `src` value in a page.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
                rest = &rest[end..];
            }
        }
    }
    out
}

/// A minimal document front matter.
pub fn document(title: &str, extra: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: 2024-01-24\ntype: ke-hoach\nnumber: 04/KH-LĐLĐ\n{extra}---\nNội dung.\n"
    )
}

/// A small deterministic generator for tests that cut inputs at random:
/// each call gives a number below `n` (xorshift from `seed`).
pub fn random_below(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    }
}
