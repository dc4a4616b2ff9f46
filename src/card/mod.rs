//! Share cards (SPEC §9): the 1200×630 PNG a page without its own image
//! shows when it is shared, drawn at build time with the site name, the
//! page title, a document's number and date, a dashboard's headline
//! figures and bar. The text is set in Noto Sans, subset to Latin and
//! Vietnamese and embedded (`OFL.txt` beside it): the card never depends
//! on the fonts of the machine that builds it. Cards are cached like
//! photos, by what they show.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// The name a page's card is published under, in the page's folder.
pub const FILE_NAME: &str = "share.png";

const BOLD: &[u8] = include_bytes!("NotoSans-Bold-vi.ttf");
const REGULAR: &[u8] = include_bytes!("NotoSans-Regular-vi.ttf");

/// Changes whenever the drawing changes, so that old cards are not taken
/// from the cache.
const SETTINGS: &str = "danvan card 2: palette";

const PAPER: [u8; 3] = [0xfd, 0xf8, 0xf3];
const BRAND: [u8; 3] = [0x9b, 0x1c, 0x1c];
const INK: [u8; 3] = [0x1f, 0x1f, 0x1f];
const MUTED: [u8; 3] = [0x55, 0x55, 0x55];
const TRACK: [u8; 3] = [0xe4, 0xdc, 0xd4];

const MARGIN: f32 = 80.0;

/// What a card shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub site: String,
    pub title: String,
    /// Lines under the title: a document's number and date.
    pub lines: Vec<String>,
    /// A bar along the bottom: how far, from 0 to 1, and its words.
    pub bar: Option<(f64, String)>,
}

impl Card {
    /// The card as PNG bytes, from `cache` when it was drawn before.
    pub fn png(&self, cache: Option<&Path>) -> Vec<u8> {
        use sha2::{Digest, Sha256};
        let key = {
            let mut hash = Sha256::new();
            hash.update(SETTINGS.as_bytes());
            hash.update(serde_json::to_vec(self).unwrap_or_default());
            hash.finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        let path = cache.map(|dir| dir.join(format!("card-{key}.png")));
        if let Some(bytes) = path.as_deref().and_then(crate::photos::encode::read_cached) {
            return bytes;
        }
        let bytes = self.draw();
        if let Some(path) = path {
            // A cache that cannot be written costs time, not output.
            let _ = crate::photos::encode::write_cached(&path, &bytes);
        }
        bytes
    }

    /// Draws the card and encodes it as PNG.
    pub fn draw(&self) -> Vec<u8> {
        let bold = FontRef::try_from_slice(BOLD).expect("the embedded font reads");
        let regular = FontRef::try_from_slice(REGULAR).expect("the embedded font reads");
        let mut canvas = image::RgbImage::new(WIDTH, HEIGHT);
        fill(&mut canvas, 0, 0, WIDTH, HEIGHT, PAPER);
        fill(&mut canvas, 0, 0, 24, HEIGHT, BRAND);
        let width = WIDTH as f32 - 2.0 * MARGIN;

        let mut y = 110.0;
        let site = wrap(&regular, 36.0, &self.site, width, 1);
        for line in &site {
            draw_text(&mut canvas, &regular, 36.0, MARGIN, y, line, BRAND);
        }
        y += 36.0;

        // The title as large as fits in four lines.
        let room_lines = if self.bar.is_some() { 3 } else { 4 };
        let (size, title) = [68.0, 58.0, 50.0]
            .iter()
            .map(|size| (*size, wrap(&bold, *size, &self.title, width, usize::MAX)))
            .find(|(_, lines)| lines.len() <= room_lines)
            .unwrap_or_else(|| (50.0, wrap(&bold, 50.0, &self.title, width, room_lines)));
        for line in &title {
            y += size * 1.25;
            draw_text(&mut canvas, &bold, size, MARGIN, y, line, INK);
        }
        y += 20.0;
        for line in self.lines.iter().take(2) {
            y += 48.0;
            for part in wrap(&regular, 36.0, line, width, 1) {
                draw_text(&mut canvas, &regular, 36.0, MARGIN, y, &part, MUTED);
            }
        }

        if let Some((fraction, words)) = &self.bar {
            let top = HEIGHT - 110;
            for part in wrap(&regular, 34.0, words, width, 1) {
                draw_text(
                    &mut canvas,
                    &regular,
                    34.0,
                    MARGIN,
                    top as f32 - 20.0,
                    &part,
                    INK,
                );
            }
            let left = MARGIN as u32;
            let full = width as u32;
            fill(&mut canvas, left, top, full, 36, TRACK);
            let done = (fraction.clamp(0.0, 1.0) * f64::from(full)).round() as u32;
            fill(&mut canvas, left, top, done, 36, BRAND);
        }

        encode(&canvas)
    }
}

/// The card as PNG. A card has a few colours and their blends at the
/// edges of letters: when they are 256 or fewer (always, in practice),
/// it is written with a palette, the same pixels in a third of the bytes
/// of full colour; otherwise in full colour.
fn encode(canvas: &image::RgbImage) -> Vec<u8> {
    let mut palette: Vec<[u8; 3]> = Vec::new();
    let mut index: rustc_hash::FxHashMap<[u8; 3], u8> = Default::default();
    let mut indexed = Vec::with_capacity(canvas.as_raw().len() / 3);
    // Most pixels are the colour of the one before: looked up once.
    let mut last: Option<([u8; 3], u8)> = None;
    for pixel in canvas.pixels() {
        let i = match last {
            Some((colour, i)) if colour == pixel.0 => i,
            _ => {
                let next = palette.len();
                let i = *index.entry(pixel.0).or_insert_with(|| {
                    palette.push(pixel.0);
                    next.min(255) as u8
                });
                if palette.len() > 256 {
                    return encode_rgb(canvas);
                }
                last = Some((pixel.0, i));
                i
            }
        };
        indexed.push(i);
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette.concat());
    encoder.set_compression(png::Compression::Fast);
    // Encoding a buffer of the right size into memory cannot fail.
    let written = encoder
        .write_header()
        .and_then(|mut writer| writer.write_image_data(&indexed));
    if written.is_err() {
        return encode_rgb(canvas);
    }
    out
}

fn encode_rgb(canvas: &image::RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Sub,
    );
    use image::ImageEncoder;
    // Encoding a buffer of the right size into memory cannot fail.
    let _ = encoder.write_image(
        canvas.as_raw(),
        WIDTH,
        HEIGHT,
        image::ExtendedColorType::Rgb8,
    );
    out
}

/// Paints a rectangle, a row at a time: a pixel at a time is slow in
/// an unoptimised test build.
fn fill(canvas: &mut image::RgbImage, x: u32, y: u32, w: u32, h: u32, color: [u8; 3]) {
    let (width, height) = canvas.dimensions();
    let (x0, x1) = (x.min(width) as usize, (x + w).min(width) as usize);
    let row: Vec<u8> = color.iter().copied().cycle().take((x1 - x0) * 3).collect();
    let stride = width as usize * 3;
    let buffer: &mut [u8] = canvas;
    for py in y.min(height)..(y + h).min(height) {
        let start = py as usize * stride + x0 * 3;
        buffer[start..start + row.len()].copy_from_slice(&row);
    }
}

fn text_width(font: &FontRef, size: f32, text: &str) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut width = 0.0;
    let mut last = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(prev) = last {
            width += scaled.kern(prev, id);
        }
        width += scaled.h_advance(id);
        last = Some(id);
    }
    width
}

/// `text` in lines at most `width` wide, cut at words; past `max_lines`
/// the last line ends with "…".
fn wrap(font: &FontRef, size: f32, text: &str, width: f32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if text_width(font, size, &candidate) <= width || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = lines.last_mut().expect("at least one line");
        while !last.is_empty() && text_width(font, size, &format!("{last}…")) > width {
            last.pop();
        }
        last.push('…');
    }
    // A single word wider than the card is cut to fit.
    for line in &mut lines {
        while line.chars().count() > 1 && text_width(font, size, line) > width {
            line.pop();
        }
    }
    lines
}

fn draw_text(
    canvas: &mut image::RgbImage,
    font: &FontRef,
    size: f32,
    x: f32,
    baseline: f32,
    text: &str,
    color: [u8; 3],
) {
    let scale = PxScale::from(size);
    let scaled = font.as_scaled(scale);
    let mut caret = x;
    let mut last = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(prev) = last {
            caret += scaled.kern(prev, id);
        }
        let glyph = id.with_scale_and_position(scale, point(caret, baseline));
        caret += scaled.h_advance(id);
        last = Some(id);
        let Some(outlined) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outlined.px_bounds();
        outlined.draw(|gx, gy, coverage| {
            let px = bounds.min.x as i32 + gx as i32;
            let py = bounds.min.y as i32 + gy as i32;
            if px < 0 || py < 0 || px >= canvas.width() as i32 || py >= canvas.height() as i32 {
                return;
            }
            if coverage <= 0.0 {
                return;
            }
            let pixel = canvas.get_pixel_mut(px as u32, py as u32);
            // Sixteen steps of coverage: smooth edges still, and few
            // enough colours for a palette (see `encode`).
            let a = (coverage.min(1.0) * 16.0).round() as u32 * 16;
            for i in 0..3 {
                pixel[i] = ((u32::from(color[i]) * a + u32::from(pixel[i]) * (256 - a)) >> 8) as u8;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vietnamese_card_decodes_at_its_size_with_ink_in_the_title() {
        let card = Card {
            site: "Liên đoàn Lao động huyện Phong Thổ".to_string(),
            title: "Đảng ủy, Liên đoàn Lao động huyện: kế hoạch".to_string(),
            lines: vec!["04/KH-LĐLĐ · ngày 24 tháng 01 năm 2024".to_string()],
            bar: Some((0.62, "Đạt 31/50 đoàn viên".to_string())),
        };
        let png = card.draw();
        let image = image::load_from_memory(&png).unwrap().into_rgb8();
        assert_eq!(image.dimensions(), (WIDTH, HEIGHT));
        // The title's first line, from its cap height to below its
        // baseline: dark ink where the letters are.
        let inked = (160..240)
            .flat_map(|y| (80..1120).map(move |x| (x, y)))
            .filter(|(x, y)| image.get_pixel(*x, *y)[0] < 100)
            .count();
        assert!(inked > 5_000, "title drawn: {inked} dark pixels");
        // Every letter of the title has a glyph in the embedded font.
        let font = FontRef::try_from_slice(BOLD).unwrap();
        for c in card.title.chars().chain("ẮẰẲẴẶắằẳẵặỆệỮữỰựƠơƯưĐđ".chars())
        {
            assert_ne!(font.glyph_id(c).0, 0, "no glyph for {c}");
        }
        let bar = image.get_pixel(MARGIN as u32 + 10, HEIGHT - 100);
        assert_eq!(bar.0, BRAND, "the bar is drawn");
        assert_eq!(card.draw(), png, "the same card, the same bytes");
    }

    #[test]
    fn a_card_with_a_palette_has_the_pixels_of_full_colour_in_fewer_bytes() {
        let card = Card {
            site: "Liên đoàn Lao động huyện Phong Thổ".to_string(),
            title: "Bữa cơm công đoàn: mười hai đơn vị, một mâm cơm".to_string(),
            lines: vec!["ngày 24 tháng 01 năm 2024".to_string()],
            bar: Some((0.3, "Đạt 15/50".to_string())),
        };
        let small = card.draw();
        let decoded = image::load_from_memory(&small).unwrap().into_rgb8();
        let full = encode_rgb(&decoded);
        let again = image::load_from_memory(&full).unwrap().into_rgb8();
        assert!(decoded == again, "the same pixels");
        assert!(
            small.len() * 2 < full.len(),
            "{} bytes against {} in full colour",
            small.len(),
            full.len()
        );
    }

    #[test]
    fn long_titles_end_with_an_ellipsis() {
        let font = FontRef::try_from_slice(BOLD).unwrap();
        let lines = wrap(&font, 50.0, &"Đoàn viên công đoàn ".repeat(40), 1040.0, 4);
        assert_eq!(lines.len(), 4);
        assert!(lines[3].ends_with('…'));
    }
}
