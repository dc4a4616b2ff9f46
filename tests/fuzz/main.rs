//! A bounded fuzz run over everything danvan reads: front matter, progress
//! files, site.yaml, Markdown, units.yaml and the units' reports (YAML
//! and CSV), mutated the way YAML breaks (stray
//! brackets, colons, commas, `#`, quotes, tabs, non-breaking spaces, deep
//! nesting, anchors, huge scalars) and spliced from the sample site and
//! the fixtures. Every input must give a value or located errors: no
//! panic, and no input may take more than ten seconds (a debug build, on a busy machine).
//!
//! `DANVAN_FUZZ_SECONDS` sets the length of the run (default 3; CI runs
//! longer), `DANVAN_FUZZ_SEED` its seed. A failing input is written to
//! `target/fuzz-failure.txt` to become a fixture.

use danvan::config::Config;
use danvan::content::front_matter::{self, FrontMatter};
use danvan::markdown::{self, LinkResolver};
use danvan::yaml;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// xorshift64*: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    ":",
    ": ",
    ",",
    ", ",
    "[",
    "]",
    "{",
    "}",
    "#",
    " #",
    "-",
    "- ",
    "'",
    "\"",
    "\t",
    "\u{a0}",
    "&a ",
    "*a",
    "!tag ",
    "|",
    ">",
    "%",
    "@",
    "`",
    "\n",
    "\n  ",
    "    ",
    "---\n",
    "?",
    "~",
    "null",
    "true",
    "có",
    "1.520",
    "92,5",
    "85%",
    "1e40",
    "-0",
    "9999999999999999999999",
    "2024-13-01",
    "24/01/2024",
    "ngày 24 tháng 01 năm 2024",
    "Cơ quan, đơn vị",
    "Lưu: VT",
    "{vi: A, en: B}",
    "[a, b]",
    "\u{feff}",
    "\r\n",
    "\\",
    "\u{0301}",
    "Đ",
    "{{ progress(id=\"x\") }}",
    "{{ progress(file=\"2024-dan-van\") }}",
    "[link](/x/)",
    "![ảnh](a b.jpg)",
    "## I. Mục",
    "<div>",
    "](",
    "`c` x](\n",
    "## Mục\n\n",
    "- {date: 2024-06-30, value: 1}\n",
    "  - {id: t, title: T, measure: count}\n",
];

fn mutate(rng: &mut Rng, seed: &str, other: &str) -> String {
    let mut text: Vec<char> = seed.chars().collect();
    for _ in 0..=rng.below(6) {
        let at = rng.below(text.len() + 1);
        match rng.below(9) {
            0..=2 => {
                let piece = PIECES[rng.below(PIECES.len())];
                text.splice(at..at, piece.chars());
            }
            3 => {
                let end = (at + rng.below(20)).min(text.len());
                text.drain(at..end);
            }
            4 => {
                // Splice a run of another file in.
                let chars: Vec<char> = other.chars().collect();
                let from = rng.below(chars.len());
                let to = (from + rng.below(200)).min(chars.len());
                text.splice(at..at, chars[from..to].iter().copied());
            }
            5 => {
                let depth = rng.below(3000);
                let open = if rng.below(2) == 0 { "[" } else { "{a: " };
                text.splice(at..at, open.repeat(depth).chars());
            }
            6 => {
                // A long run: of letters, or of one of the pieces (`#`,
                // `](`, quotes...), which is where quadratic scans hide.
                let piece = if rng.below(2) == 0 {
                    "x"
                } else {
                    PIECES[rng.below(PIECES.len())]
                };
                let n = rng.below(200_000) / piece.len().max(1);
                text.splice(at..at, piece.repeat(n).chars());
            }
            7 => {
                // Re-indent a line.
                let start = text[..at]
                    .iter()
                    .rposition(|c| *c == '\n')
                    .map_or(0, |i| i + 1);
                let spaces = rng.below(7);
                text.splice(start..start, std::iter::repeat_n(' ', spaces));
            }
            _ => {
                if let Some(c) = text.get_mut(at) {
                    *c = char::from_u32(rng.below(0x2000) as u32).unwrap_or('?');
                }
            }
        }
    }
    text.into_iter().collect()
}

fn seeds() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["content", "tests/fixtures"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
            let entry = entry.unwrap();
            let path = entry.path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if matches!(ext, "md" | "yaml" | "yml" | "csv")
                && let Ok(text) = std::fs::read_to_string(path)
            {
                out.push((path.strip_prefix(root).unwrap().to_path_buf(), text));
            }
        }
    }
    out
}

struct Keep;

impl LinkResolver for Keep {
    fn resolve(&self, destination: &str) -> Result<Option<String>, String> {
        if destination.contains(' ') {
            Err("a space".to_string())
        } else {
            Ok(None)
        }
    }
}

/// Reads one input the way its kind of file is read.
fn read(path: &Path, text: &str) {
    let name = path.to_string_lossy();
    // `progress/<id>/<date>/<unit>.yaml`: two folders below progress/.
    let below_progress = name
        .rsplit_once("progress/")
        .map_or(0, |(_, rest)| rest.matches('/').count());
    if name.ends_with("site.yaml") {
        let _ = Config::parse(path, text);
    } else if name.ends_with("units.yaml") {
        let _ = danvan::units::parse(path, text, &["vi", "en"]);
    } else if name.ends_with(".csv") {
        let _ = danvan::units::sheet::read_csv(path, text.as_bytes());
    } else if below_progress >= 2 {
        // A unit's report below content/progress/<id>/<date>/.
        let block = yaml::Block {
            path,
            text,
            first_line: 1,
        };
        let _ = danvan::units::read::parse_unit_file(block, &["vi", "en"]);
    } else if name.contains("progress") {
        let _ = danvan::progress::parse("p", path, text, &["vi", "en"]);
    } else if let Ok(split) = front_matter::split(path, text) {
        let block = yaml::Block {
            path,
            text: split.yaml,
            first_line: split.yaml_line,
        };
        let _ = yaml::parse::<FrontMatter>(
            block,
            yaml::Schema {
                keys: None,
                languages: &["vi", "en"],
            },
        );
        let _ = markdown::render(split.body, &Keep);
    }
}

#[test]
fn no_input_panics_or_hangs() {
    let seconds: u64 = std::env::var("DANVAN_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let seed: u64 = std::env::var("DANVAN_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_da17_0a11);
    let seeds = seeds();
    assert!(seeds.len() > 40, "too few seeds: {}", seeds.len());
    let mut rng = Rng(seed | 1);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut runs, mut slowest) = (0u64, Duration::ZERO);
    let failure = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failure.txt");
    while Instant::now() < deadline {
        let (path, seed_text) = &seeds[rng.below(seeds.len())];
        let other = &seeds[rng.below(seeds.len())].1;
        let input = mutate(&mut rng, seed_text, other);
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| read(path, &input));
        let took = started.elapsed();
        slowest = slowest.max(took);
        if outcome.is_err() || took > Duration::from_secs(10) {
            let _ = std::fs::write(&failure, &input);
            panic!(
                "{} on a mutation of {} after {runs} inputs ({took:?}); input saved to {}",
                if outcome.is_err() {
                    "a panic"
                } else {
                    "too slow"
                },
                path.display(),
                failure.display()
            );
        }
        runs += 1;
    }
    println!("fuzz: {runs} mutated inputs in {seconds} s, 0 panics, slowest {slowest:?}");
}
