//! Links as editors write them and as the site publishes them: the one
//! rule for what is a link to another website (build, check and serve
//! all ask it here), percent-decoding, `.`/`..` in paths, and joining a
//! relative URL to the page it is on.

use std::path::{Component, Path, PathBuf};

/// A destination danvan leaves as written: another website (`https://`,
/// `//host`), or any other scheme (`mailto:`, `tel:`, `sms:`, `zalo:`...).
pub fn is_external(destination: &str) -> bool {
    let dest = destination.trim();
    dest.contains("://")
        || dest.starts_with("//")
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && !scheme.contains('/')
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '.' || c == '-')
        })
}

/// Decodes `%20` and the like in a link path.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
            && let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Resolves `.` and `..`; `None` when the path climbs above its root.
pub fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(c) => out.push(c),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// Resolves `url` against the page URL `base` (both absolute paths).
pub fn join(base: &str, url: &str) -> String {
    if url.starts_with('/') {
        return url.to_string();
    }
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop();
    for segment in url.split('/') {
        match segment {
            "." => {}
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scheme_is_external_and_paths_are_not() {
        for url in [
            "https://a.vn/x",
            "//cdn.example/x",
            "mailto:a@b.vn",
            "tel:+84123",
            "sms:+84123",
            "zalo:0912",
        ] {
            assert!(is_external(url), "{url}");
        }
        for url in [
            "/documents/",
            "../a.md",
            "a.pdf",
            "@/stories/x.md",
            "#muc-tieu",
            "ảnh: 1.jpg",
        ] {
            assert!(!is_external(url), "{url}");
        }
    }

    #[test]
    fn paths_decode_normalize_and_join() {
        assert_eq!(percent_decode("a%20b%2"), "a b%2");
        assert_eq!(
            normalize(Path::new("a/./b/../c")),
            Some(PathBuf::from("a/c"))
        );
        assert_eq!(normalize(Path::new("../x")), None);
        assert_eq!(join("/en/stories/x/", "../y/"), "/en/stories/y/");
        assert_eq!(join("/a/b/", "c.pdf"), "/a/b/c.pdf");
        assert_eq!(join("/a/", "/b"), "/b");
    }
}
