//! `danvan import`: Word files, PDFs with a text layer and the text of such
//! PDFs turned into document bundles that build as they are (SPEC §7).
//!
//! Each file goes the same way: read into paragraphs (`docx`, `pdf`,
//! `text`) → front matter from the layout (`header`, `signature`) → the
//! body read (`body`) and written as Markdown (`markdown`) → with
//! `--targets`, a progress file (`targets`, `figures`) → the files as text
//! (`write`) → written only when none of them exists. Everything the
//! importer guessed or could not find is a [`Doubt`] (`doubts`), printed
//! with the line it came from (`report`).

mod body;
mod case;
mod docx;
mod doubts;
mod english;
mod figures;
mod header;
mod markdown;
mod numbering;
mod pdf;
mod report;
mod signature;
mod targets;
mod text;
mod write;

pub use report::run;

use crate::i18n::slugify;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// What `danvan import` is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder, holding `content/`.
    pub site: PathBuf,
    /// The language of the originals: `vi` or `en`.
    pub lang: String,
    /// Also write the progress file of the targets section.
    pub targets: bool,
    /// Print what would be written, write nothing.
    pub dry_run: bool,
}

/// Why a file could not be imported.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The file could not be read from disk.
    #[error("cannot read the file: {0}")]
    Read(#[source] std::io::Error),
    /// The file is not what its name says, or is broken.
    #[error("the file is damaged: {0}")]
    Damaged(String),
    /// The file is encrypted.
    #[error("{0}")]
    Protected(String),
    /// A PDF without a text layer.
    #[error("the PDF has no text layer (a scan?): run it through OCR, or import its Word original")]
    NoText,
    /// A kind of file the importer does not read.
    #[error("`{0}` files cannot be imported: give a .docx, a .pdf with a text layer, or a .txt")]
    Unsupported(String),
    /// Text in an old font encoding, or without a Unicode map.
    #[error(
        "the text reads as garbage (an old Vietnamese font such as TCVN3/.VnTime or VNI, or a PDF without a Unicode map): convert the original to Unicode (e.g. with Unikey's converter) and import again"
    )]
    Garbled,
    /// Nothing to import.
    #[error("the file holds no text")]
    Empty,
    /// No date of issue anywhere in the document.
    #[error(
        "no date of issue found (no \"Phong Thổ, ngày ... tháng ... năm ...\" line, no signature stamp): a document without one would stop the site from building; nothing was written"
    )]
    NoDate,
    /// A file the import would write is already there.
    #[error("{} already exists; danvan import never overwrites: move it away, or remove it to import again", .0.display())]
    Exists(PathBuf),
    /// A mistake of the importer itself; the run goes on with the next file.
    #[error("danvan could not read this file (an importer bug{0}); please report it with the file")]
    Internal(String),
    /// A page already has the address the imported document would get.
    #[error("{} already has the address this document would get; nothing was written: rename or move that page first", .0.display())]
    SameAddress(PathBuf),
    /// Writing failed.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Something the importer guessed or could not find.
#[derive(Debug, Clone, PartialEq)]
pub struct Doubt {
    /// The line (plain text) or paragraph (Word) it came from; 0 for none.
    pub line: usize,
    pub source: String,
    pub message: String,
}

impl Doubt {
    pub fn at(line: usize, source: impl Into<String>, message: impl Into<String>) -> Doubt {
        Doubt {
            line,
            source: source.into(),
            message: message.into(),
        }
    }

    fn missing(message: impl Into<String>) -> Doubt {
        Doubt::at(0, "", message)
    }
}

/// One imported file: what was (or would be) written, and the doubts.
#[derive(Debug)]
pub struct Imported {
    /// The document's Markdown file, relative to the site.
    pub document: PathBuf,
    /// Every file, relative to the site, with its bytes.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    pub doubts: Vec<Doubt>,
    /// "line", "text line" (of a PDF) or "paragraph": what `Doubt::line`
    /// counts.
    pub counts: &'static str,
}

/// Imports one file into the site: reads, converts, and writes unless
/// `dry_run`.
pub fn import_file(path: &Path, options: &Options) -> Result<Imported, ImportError> {
    let bytes = std::fs::read(path).map_err(ImportError::Read)?;
    let name = path
        .file_name()
        .map_or_else(|| "document".into(), |n| n.to_string_lossy().into_owned());
    // The text of a signed PDF next to the PDF itself: the PDF is the
    // original to publish.
    let pdf = path.with_extension("pdf");
    let is_txt = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    let original = if is_txt && pdf.is_file() {
        Some(std::fs::read(&pdf).map_err(ImportError::Read)?)
    } else {
        None
    };
    let original = original.as_deref().map(|b| ("pdf", b));
    let imported = convert_with(&name, &bytes, original, options)?;
    // A page `<slug>.vi.md` beside the bundle folder would have its URL.
    if let Some(folder) = imported.document.parent()
        && let (Some(parent), Some(slug)) = (folder.parent(), folder.file_name())
        && let Ok(entries) = std::fs::read_dir(options.site.join(parent))
    {
        let prefix = format!("{}.", slug.to_string_lossy());
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_lowercase();
            if name.starts_with(&prefix) && name.ends_with(".md") {
                return Err(ImportError::SameAddress(parent.join(entry.file_name())));
            }
        }
    }
    for (rel, bytes) in &imported.files {
        let target = options.site.join(rel);
        // An identical attachment already there (a second import after
        // removing the Markdown file) is no conflict.
        if target.exists() && std::fs::read(&target).ok().as_deref() != Some(&bytes[..]) {
            return Err(ImportError::Exists(rel.clone()));
        }
    }
    if !options.dry_run {
        for (rel, bytes) in &imported.files {
            write_new(&options.site.join(rel), bytes)?;
        }
    }
    Ok(imported)
}

/// Writes a file that must not exist yet (an identical one is left).
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    if path.exists() {
        return Ok(());
    }
    let err = |source| ImportError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(err)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(err)?;
    file.write_all(bytes).map_err(err)
}

/// Converts a file's bytes into the files of its bundle, writing nothing.
#[cfg(test)]
pub fn convert(name: &str, bytes: &[u8], options: &Options) -> Result<Imported, ImportError> {
    convert_with(name, bytes, None, options)
}

/// Converts a file's bytes into the files of its bundle, writing nothing;
/// `original` (its extension and bytes) is attached instead of the file
/// read when given.
fn convert_with(
    name: &str,
    bytes: &[u8],
    original: Option<(&str, &[u8])>,
    options: &Options,
) -> Result<Imported, ImportError> {
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (blocks, stamps, counts) = match ext.as_str() {
        "docx" => (docx::read(bytes)?, Vec::new(), "paragraph"),
        "pdf" => {
            let t = pdf::text(bytes)?;
            (
                text::from_plain_text(&t),
                doubts::stamp_dates(&t),
                "text line",
            )
        }
        "txt" => {
            let t = std::str::from_utf8(bytes).map_err(|_| {
                ImportError::Damaged("the text is not UTF-8: save it as UTF-8 text".into())
            })?;
            (text::from_plain_text(t), doubts::stamp_dates(t), "line")
        }
        other => return Err(ImportError::Unsupported(format!(".{other}"))),
    };
    if blocks.is_empty() {
        return Err(ImportError::Empty);
    }
    let all: String = blocks
        .iter()
        .filter_map(|b| match b {
            text::Block::Para(p) => Some(p.text.as_str()),
            text::Block::Table { .. } => None,
        })
        .collect::<Vec<_>>()
        .join(" ");
    if text::is_garbled(&all) {
        return Err(ImportError::Garbled);
    }
    let mut doubts = Vec::new();
    let layout = header::read(&blocks, &mut doubts);
    let body_blocks = &blocks[layout.body.clone()];
    let mut items = body::read(body_blocks, &mut doubts);
    let fields = layout.fields;
    body::restore_names(&mut items, &header::place_names(&fields));
    let stem = Path::new(name)
        .file_stem()
        .map_or_else(|| "document".into(), |s| s.to_string_lossy().into_owned());
    let title = fields
        .title
        .clone()
        .filter(|t| t.chars().any(char::is_alphabetic))
        .unwrap_or_else(|| stem.clone());
    doubts::missing_fields(&fields, &mut doubts);
    let date = fields.date.or_else(|| {
        let (line, d) = stamps.first()?;
        doubts.push(Doubt::at(
            *line,
            d.to_string(),
            "no date line: the date of the digital signature is used instead (a guess)",
        ));
        Some(*d)
    });
    // A document without its date of issue would stop the whole site
    // from building: better no file than a broken site.
    let Some(date) = date else {
        return Err(ImportError::NoDate);
    };
    if let Some(d) = fields.date {
        doubts::date_doubts(
            &fields,
            d,
            &title,
            body_blocks,
            &stamps,
            counts,
            &mut doubts,
        );
    }
    let slug = fields
        .number
        .as_deref()
        .map(slugify)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| match slugify(&title) {
            s if s.is_empty() => "van-ban".to_string(),
            s => s,
        });
    let year = date.year;
    let folder = PathBuf::from(format!("content/documents/{year}/{slug}"));
    let (attached_ext, attached) = original.unwrap_or((&ext, bytes));
    let mut attachment = attachment_name(fields.number.as_deref(), &stem, attached_ext);
    if options.lang != "vi" {
        // The original of a translation goes beside the Vietnamese one.
        if let Some(base) = attachment.strip_suffix(&format!(".{attached_ext}")) {
            attachment = format!("{base}.{}.{attached_ext}", options.lang);
        }
    }
    let mut files = Vec::new();
    let mut progress = None;
    if options.targets {
        match targets::read(&items, &mut doubts) {
            Some(found) if !found.is_empty() => {
                let years = write::period(&title, Some(date)).unwrap_or((date.year, date.year));
                let text = write::progress(fields.number.as_deref(), &title, years, &found);
                files.push((
                    PathBuf::from(format!("content/progress/{slug}.yaml")),
                    text.into_bytes(),
                ));
                progress = Some(slug.clone());
            }
            Some(_) => doubts.push(Doubt::missing(
                "the targets section has no figures: no progress file written",
            )),
            None => doubts.push(Doubt::missing(
                "no targets section (\"MỤC TIÊU CỤ THỂ\", \"CHỈ TIÊU\") found: no progress file written",
            )),
        }
    }
    let extra = write::Extra {
        title: &title,
        date: Some(date),
        attachment: &attachment,
        progress: progress.as_deref(),
    };
    let document = folder.join(format!("index.{}.md", options.lang));
    let text = write::document(&fields, &extra, &markdown::render(&items));
    files.insert(0, (document.clone(), text.into_bytes()));
    files.insert(1, (folder.join(&attachment), attached.to_vec()));
    doubts.sort_by_key(|d| d.line);
    Ok(Imported {
        document,
        files,
        doubts,
        counts,
    })
}

/// The attachment's file name: from the number ("04/KH-LĐLĐ" →
/// "04-KH-LDLD.pdf"), else from the original name, in ASCII.
fn attachment_name(number: Option<&str>, stem: &str, ext: &str) -> String {
    let ascii = |s: &str| -> String {
        let folded: String = s
            .chars()
            .map(|c| match c {
                'Đ' => 'D',
                'đ' => 'd',
                c => c,
            })
            .collect::<String>();
        let plain: String = unicode_normalization::UnicodeNormalization::nfd(folded.as_str())
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '/' || *c == ' ')
            .collect();
        plain
            .split(['/', ' '])
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    };
    let base = number.map(ascii).filter(|s| !s.is_empty());
    let base = base.unwrap_or_else(|| match ascii(stem) {
        s if s.is_empty() => "van-ban".to_string(),
        s => s,
    });
    format!("{base}.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> Options {
        Options {
            site: PathBuf::from("."),
            lang: "vi".into(),
            targets: true,
            dry_run: true,
        }
    }

    /// Cut, shuffled and noisy versions of the reference text never make
    /// the importer panic: every file gets a result.
    #[test]
    fn no_text_makes_the_importer_panic() {
        let reference = include_str!("../../tests/fixtures/import/ke-hoach-04-KH-LDLD-2024.txt");
        let lines: Vec<&str> = reference.lines().collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n.max(1) as u64) as usize
        };
        let noise = [
            "",
            " ",
            "-",
            "+ ",
            "1.",
            "I.",
            "Số:",
            "Số: /",
            "ngày",
            ", ngày 32 tháng 13 năm 0",
            "Nơi nhận:",
            "TM.",
            "KT. ",
            "trên %",
            "trong đó có",
            "1.5.",
            "…",
            "“",
            "./.",
            "Điều ",
            "{{",
            "**",
            "a)",
            "V/v",
            "No.",
            "Phong Tho, 31 Foo 2024",
            "ít nhất một",
            "0%",
        ];
        for round in 0..150 {
            let mut picked: Vec<String> = Vec::new();
            let count = 1 + next(60);
            let start = next(lines.len());
            for k in 0..count {
                let line = lines[(start + k * (1 + round % 7)) % lines.len()];
                let mut line = line.to_string();
                if next(3) == 0 {
                    let cut = line
                        .char_indices()
                        .map(|(i, _)| i)
                        .nth(next(40))
                        .unwrap_or(0);
                    line.truncate(cut);
                }
                if next(4) == 0 {
                    line.push_str(noise[next(noise.len())]);
                }
                if next(5) == 0 {
                    line.insert_str(0, noise[next(noise.len())]);
                }
                picked.push(line);
            }
            let text = picked.join(if round % 2 == 0 { "\n" } else { "\n\n" });
            let _ = convert("vanban.txt", text.as_bytes(), &options());
            // The same bytes as a broken Word file and a broken PDF.
            if round % 10 == 0 {
                let mut pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
                pdf.extend_from_slice(text.as_bytes());
                assert!(convert("a.pdf", &pdf, &options()).is_err());
                let mut zip = b"PK\x03\x04".to_vec();
                zip.extend_from_slice(text.as_bytes());
                assert!(convert("a.docx", &zip, &options()).is_err());
            }
            // The same lines as a Word file whose XML is cut or odd.
            if round % 5 == 0 {
                let tags = [
                    "<w:p>",
                    "</w:p>",
                    "<w:tbl><w:tr><w:tc>",
                    "</w:tc>",
                    "<w:r><w:t>",
                    "</w:t></w:r>",
                    "<w:numPr><w:numId w:val=\"7\"/></w:numPr>",
                    "<w:gridSpan w:val=\"999999\"/>",
                    "<mc:Fallback>",
                    "&amp;",
                    "&#1;",
                    "&bogus;",
                ];
                let mut xml = String::from("<w:document><w:body>");
                for line in &picked {
                    xml.push_str(tags[next(tags.len())]);
                    xml.push_str(&line.replace(['<', '&'], " "));
                    xml.push_str(tags[next(tags.len())]);
                }
                let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
                let _ = zip.start_file(
                    "word/document.xml",
                    zip::write::SimpleFileOptions::default(),
                );
                let _ = zip.write_all(xml.as_bytes());
                let bytes = zip.finish().map(|c| c.into_inner()).unwrap_or_default();
                let _ = convert("a.docx", &bytes, &options());
            }
        }
    }
}
