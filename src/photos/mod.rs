//! Photos for phones (SPEC §9): which files of a bundle are photos, the
//! sizes each is published in, and the `<picture>` that shows them. The
//! model only reads each photo's header (size, rotation, transparency);
//! the pixels are decoded and encoded once, in [`encode`], from a cache
//! when the photo has not changed. Originals are published only when a
//! page lists them in `attachments:`.

pub mod encode;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The widths a photo is published in, never wider than the original.
pub const WIDTHS: [u32; 4] = [360, 720, 1080, 1600];

/// Photos larger than this are refused: a phone makes 12 to 16
/// megapixels, and decoding a huge image needs gigabytes.
pub const MAX_PIXELS: u64 = 50_000_000;

/// What `sizes` tells the browser about the width a photo is shown at:
/// the text column (44rem) on wide screens, the screen less the margins
/// on a phone.
const SIZES: &str = "(min-width: 46rem) 44rem, calc(100vw - 2rem)";

/// Whether a file is a photo danvan resizes: JPEG, PNG or WebP.
pub fn is_photo(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "jpg" | "jpeg" | "png" | "webp"
        )
    })
}

/// The format of one published file of a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Webp,
    Jpeg,
    Png,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }
}

/// One published size of a photo, in one format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    /// Path below the output folder.
    pub path: String,
    pub url: String,
}

/// A photo of a bundle, as read from its header.
#[derive(Debug, Clone)]
pub struct Photo {
    /// The file to read.
    pub source: PathBuf,
    /// The file as the editor knows it: `content/stories/x/ảnh.jpg`.
    pub name: PathBuf,
    /// Width and height as shown, the camera's rotation applied.
    pub width: u32,
    pub height: u32,
    /// JPEG, or PNG for a photo with an alpha channel.
    pub fallback: Format,
    /// WebP variants first, then the fallback's, each narrowest first.
    pub variants: Vec<Variant>,
}

impl Photo {
    /// The widths this photo is published in: those of [`WIDTHS`] not
    /// wider than the original, and the original's own width last when it
    /// is narrower than the widest.
    pub fn widths(width: u32) -> Vec<u32> {
        let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w <= width).collect();
        if width < WIDTHS[WIDTHS.len() - 1] && widths.last() != Some(&width) {
            widths.push(width);
        }
        widths
    }

    /// Plans the variants of a photo `width`×`height` (as shown) whose
    /// original is published at `path` (below the output folder) under
    /// `base_path`.
    pub fn plan(
        source: PathBuf,
        name: PathBuf,
        width: u32,
        height: u32,
        alpha: bool,
        path: &str,
        base_path: &str,
    ) -> Photo {
        let fallback = if alpha { Format::Png } else { Format::Jpeg };
        let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        // ASCII names: a space or a Vietnamese letter in a `srcset` URL
        // would need escaping, and a space splits the list.
        let mut stem = crate::i18n::slugify(stem);
        if stem.is_empty() {
            stem = "photo".to_string();
        }
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut variants = Vec::new();
        for format in [Format::Webp, fallback] {
            for w in Photo::widths(width) {
                let h = scaled_height(width, height, w);
                let path = format!("{prefix}{stem}-{w}.{}", format.extension());
                variants.push(Variant {
                    width: w,
                    height: h,
                    format,
                    url: format!("{base_path}{path}"),
                    path,
                });
            }
        }
        Photo {
            source,
            name,
            width,
            height,
            fallback,
            variants,
        }
    }

    fn of_format(&self, format: Format) -> impl Iterator<Item = &Variant> {
        self.variants.iter().filter(move |v| v.format == format)
    }

    /// The widest fallback variant: for links to the photo and share
    /// previews (a JPEG, which every previewer reads).
    pub fn largest(&self) -> &Variant {
        self.of_format(self.fallback)
            .last()
            .expect("a photo has at least one variant")
    }

    /// The `<picture>` for this photo. The first photo of a page is not
    /// lazy: it is likely in view, and a lazy one would load late.
    pub fn picture_html(&self, alt: &str, title: &str, lazy: bool) -> String {
        let srcset = |format: Format| {
            self.of_format(format)
                .map(|v| format!("{} {}w", v.url, v.width))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let fallbacks: Vec<&Variant> = self.of_format(self.fallback).collect();
        let src = fallbacks
            .iter()
            .rev()
            .find(|v| v.width <= 720)
            .unwrap_or(&fallbacks[0]);
        let largest = self.largest();
        let mut html = String::from("<picture>");
        let _ = write!(
            html,
            r#"<source type="image/webp" srcset="{}" sizes="{SIZES}">"#,
            srcset(Format::Webp)
        );
        let _ = write!(
            html,
            r#"<img src="{}" srcset="{}" sizes="{SIZES}" width="{}" height="{}" alt="{}""#,
            src.url,
            srcset(self.fallback),
            largest.width,
            largest.height,
            escape(alt)
        );
        if !title.is_empty() {
            let _ = write!(html, r#" title="{}""#, escape(title));
        }
        if lazy {
            html.push_str(r#" loading="lazy""#);
        }
        html.push_str(r#" decoding="async"></picture>"#);
        html
    }
}

/// The height of a photo `width`×`height` scaled to `w` wide, rounded.
pub fn scaled_height(width: u32, height: u32, w: u32) -> u32 {
    if w == width {
        return height;
    }
    let h = (u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width);
    h.max(1) as u32
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Reads a photo's header: its size as shown (the camera's rotation
/// applied) and whether it has an alpha channel. Errors are plain words
/// for the editor, naming no path (the caller does).
pub fn probe(path: &Path) -> Result<(u32, u32, bool), String> {
    use image::ImageDecoder;
    let reader = image::ImageReader::open(path)
        .map_err(|e| format!("cannot be read: {e}"))?
        .with_guessed_format()
        .map_err(|e| format!("cannot be read: {e}"))?;
    let mut decoder = reader.into_decoder().map_err(|e| {
        format!("is not a photo danvan can read ({e}): save it again as JPEG, PNG or WebP")
    })?;
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 {
        return Err("has no pixels: save it again as JPEG, PNG or WebP".to_string());
    }
    let pixels = u64::from(w) * u64::from(h);
    if pixels > MAX_PIXELS {
        return Err(format!(
            "is {w}×{h} ({} megapixels); danvan takes photos up to {} megapixels: make it smaller first",
            pixels / 1_000_000,
            MAX_PIXELS / 1_000_000
        ));
    }
    let alpha = decoder.color_type().has_alpha();
    let turned = matches!(
        decoder.orientation(),
        Ok(image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH)
    );
    Ok(if turned { (h, w, alpha) } else { (w, h, alpha) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_upscale_and_end_at_the_original() {
        assert_eq!(Photo::widths(4000), [360, 720, 1080, 1600]);
        assert_eq!(Photo::widths(1600), [360, 720, 1080, 1600]);
        assert_eq!(Photo::widths(1200), [360, 720, 1080, 1200]);
        assert_eq!(Photo::widths(720), [360, 720]);
        assert_eq!(Photo::widths(200), [200]);
    }

    #[test]
    fn picture_names_are_ascii_and_first_is_eager() {
        let p = Photo::plan(
            PathBuf::from("x"),
            PathBuf::from("content/x"),
            3000,
            4000,
            false,
            "stories/a/ảnh hội nghị.jpg",
            "/p/",
        );
        let html = p.picture_html("Hội \"nghị\"", "", false);
        assert!(
            html.contains("/p/stories/a/anh-hoi-nghi-360.webp 360w"),
            "{html}"
        );
        assert!(html.contains(r#"src="/p/stories/a/anh-hoi-nghi-720.jpg""#));
        assert!(html.contains(r#"width="1600" height="2133""#), "{html}");
        assert!(html.contains("alt=\"Hội &quot;nghị&quot;\""));
        assert!(!html.contains("lazy"));
        assert!(p.picture_html("a", "", true).contains(r#"loading="lazy""#));
    }
}
