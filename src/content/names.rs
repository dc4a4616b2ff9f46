//! Which files of `content/` are pages, which are junk an editor's tools
//! left behind, and which are page sources saved under another name
//! (never published, since their source and drafts would be).

use std::path::Path;

/// A Markdown page: `.md` or `.markdown`, in any case (`.MD`).
pub fn is_page(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Why a file that is no page by its name is a page all the same, and so
/// must not be published as is (its source, drafts included, would be):
/// `x.vi.md.txt` saved by Notepad, `x.md.bak`, or any text file that
/// starts with front matter. The message says how to rename it.
pub(super) fn misnamed_page(path: &Path, name: &str) -> Option<String> {
    // ASCII case only: byte offsets stay those of `name`.
    let lower = name.to_ascii_lowercase();
    for ext in [".md.", ".markdown."] {
        if let Some(at) = lower.find(ext) {
            let page = &name[..at + ext.len() - 1];
            return Some(format!(
                "`{name}` looks like a page saved under another name, so it is not published: rename it to `{page}` to publish it as a page"
            ));
        }
    }
    const FILES: &[&str] = &[
        "pdf", "jpg", "jpeg", "png", "webp", "gif", "svg", "docx", "doc", "xlsx", "xls", "csv",
        "zip", "mp4", "mp3", "ico", "woff2", "css", "js", "json", "xml", "yaml", "yml",
    ];
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    if FILES.contains(&ext) {
        return None;
    }
    let mut head = [0u8; 64];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..n]);
    let head = head.trim_start_matches('\u{feff}');
    let front_matter = head.starts_with("---\n") || head.starts_with("---\r\n");
    let key = head.lines().nth(1).is_some_and(|l| {
        l.split_once(':').is_some_and(|(k, _)| {
            !k.is_empty() && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        })
    });
    (front_matter && key).then(|| {
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        format!(
            "`{name}` starts with front matter like a page, so it is not published: rename it to `{stem}.vi.md` to make it a page, or remove the `---` block to publish it as a file"
        )
    })
}

/// Files editors' tools leave behind, never published: hidden files,
/// backups, Office lock files, Windows and macOS folder files.
pub(crate) fn is_junk(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with("~$")
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}
