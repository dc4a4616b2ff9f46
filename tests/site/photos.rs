//! Photos for phones (SPEC §9): resized, turned upright, stripped of
//! metadata, shown in a `<picture>`, cached; and the mistakes an editor
//! makes with them. The photos are made here: JPEGs drawn with the
//! `image` crate, with an EXIF block written by hand.

use crate::harness::*;

/// The text hidden in the GPS block of every test photo.
const GPS_SECRET: &[u8] = b"GPS-SECRET-2231";

/// A `width`×`height` JPEG, red on its left half and blue on its right,
/// with EXIF orientation `orientation` and a GPS block.
pub fn phone_jpeg(width: u32, height: u32, orientation: u16) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        let shade = (y * 60 / height.max(1)) as u8;
        if x < width / 2 {
            image::Rgb([220, 30 + shade, 30])
        } else {
            image::Rgb([30, 30 + shade, 220])
        }
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    with_exif(&jpeg, orientation)
}

/// `jpeg` with an APP1 EXIF segment after its start: IFD0 holds the
/// orientation and a pointer to a GPS IFD, which holds a latitude
/// reference and a map datum spelling [`GPS_SECRET`].
fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    let entry = |tiff: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        tiff.extend(tag.to_le_bytes());
        tiff.extend(kind.to_le_bytes());
        tiff.extend(count.to_le_bytes());
        tiff.extend(value);
    };
    // IFD0 at 8: two entries, ends at 8 + 2 + 24 + 4 = 38.
    tiff.extend(2u16.to_le_bytes());
    let o = orientation.to_le_bytes();
    entry(&mut tiff, 0x0112, 3, 1, [o[0], o[1], 0, 0]);
    entry(&mut tiff, 0x8825, 4, 1, 38u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    // GPS IFD at 38: two entries, ends at 68, where the datum's text is.
    tiff.extend(2u16.to_le_bytes());
    entry(&mut tiff, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut tiff, 0x0012, 2, 16, 68u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(GPS_SECRET);
    tiff.push(0);
    assert_eq!(tiff.len(), 84);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    out.extend(b"Exif\0\0");
    out.extend(&tiff);
    out.extend(&jpeg[2..]);
    out
}

fn story(body: &str) -> String {
    format!("---\ntitle: Hội nghị đoàn viên\nsummary: Hội nghị năm 2024.\n---\n\n{body}\n")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn every_file(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn photos_are_published_resized_upright_and_without_metadata() {
    let site = TestSite::new();
    // Taken sideways: stored 1000×800, shown 800×1000.
    site.write_bytes(
        "content/stories/hoi-nghi/ảnh hội nghị.jpg",
        &phone_jpeg(1000, 800, 6),
    )
    .write_bytes("content/stories/hoi-nghi/ảnh hai.jpg", &phone_jpeg(500, 400, 1))
    .write(
        "content/stories/hoi-nghi/index.vi.md",
        &story("![Đoàn viên dự hội nghị](<ảnh hội nghị.jpg>)\n\nĐoạn giữa.\n\n![Trao quà](ảnh%20hai.jpg)"),
    );
    site.build();
    let html = site.read("stories/hoi-nghi/index.html");
    let first = html.find("<picture>").expect("a picture");
    let second = html[first + 1..].find("<picture>").expect("two pictures") + first + 1;
    let (one, two) = (&html[first..second], &html[second..]);
    assert!(
        one.contains(r#"<source type="image/webp" srcset="/stories/hoi-nghi/anh-hoi-nghi-360.webp 360w, /stories/hoi-nghi/anh-hoi-nghi-720.webp 720w, /stories/hoi-nghi/anh-hoi-nghi-800.webp 800w" sizes="#),
        "{one}"
    );
    assert!(
        one.contains(r#"width="800" height="1000" alt="Đoàn viên dự hội nghị""#),
        "{one}"
    );
    assert!(
        !one[..one.find("</picture>").unwrap()].contains("lazy"),
        "the first photo is not lazy: {one}"
    );
    assert!(
        two.contains(r#"width="500" height="400" alt="Trao quà" loading="lazy" decoding="async""#),
        "{two}"
    );

    // Turned upright: the left (red) half of the stored photo is on top.
    let jpeg = std::fs::read(site.public().join("stories/hoi-nghi/anh-hoi-nghi-800.jpg")).unwrap();
    let shown = image::load_from_memory(&jpeg).unwrap().into_rgb8();
    assert_eq!(shown.dimensions(), (800, 1000));
    let top = shown.get_pixel(400, 100);
    let bottom = shown.get_pixel(400, 900);
    assert!(top[0] > 150 && top[2] < 100, "red on top: {top:?}");
    assert!(bottom[2] > 150 && bottom[0] < 100, "blue below: {bottom:?}");
    let webp = std::fs::read(site.public().join("stories/hoi-nghi/anh-hoi-nghi-360.webp")).unwrap();
    let small = image::load_from_memory(&webp).unwrap();
    assert_eq!((small.width(), small.height()), (360, 450));

    // No published byte holds the GPS block, and the originals are not
    // published.
    for file in every_file(&site.public()) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !contains(&bytes, GPS_SECRET),
            "{} keeps the GPS block",
            file.display()
        );
        assert!(
            !contains(&bytes, b"Exif\0\0"),
            "{} keeps EXIF",
            file.display()
        );
        let name = file.file_name().unwrap().to_string_lossy();
        assert!(!name.starts_with("ảnh"), "original published: {name}");
    }
}

#[test]
fn an_original_listed_in_attachments_is_published_too() {
    let site = TestSite::new();
    site.write_bytes("content/documents/a/anh.jpg", &phone_jpeg(400, 300, 1))
        .write(
            "content/documents/a/index.vi.md",
            &document("Ảnh gốc", "image: anh.jpg\nattachments: [anh.jpg]\n")
                .replace("Nội dung.", "![Ảnh](anh.jpg)"),
        );
    site.build();
    assert!(
        site.exists("documents/a/anh.jpg"),
        "the original, as listed"
    );
    assert!(site.exists("documents/a/anh-400.webp"));
    let html = site.read("documents/a/index.html");
    assert!(html.contains("<picture>"), "{html}");
    assert!(
        html.contains("documents/a/anh-400.jpg\">"),
        "share preview shows the photo: {html}"
    );
}

#[test]
fn a_photo_without_alt_text_is_a_check_warning_at_its_place() {
    let site = TestSite::new();
    site.write_bytes("content/stories/a/anh.jpg", &phone_jpeg(400, 300, 1))
        .write(
            "content/stories/a/index.vi.md",
            &story("Chữ.\n\n![](anh.jpg)"),
        );
    let run = site.run(&["check"]);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        all.contains("content/stories/a/index.vi.md:8:1: this photo has no alt text"),
        "{all}"
    );
}

#[test]
fn a_photo_that_cannot_be_decoded_is_an_error_naming_it() {
    let site = TestSite::new();
    site.write_bytes("content/stories/a/hỏng.jpg", b"not a photo at all")
        .write(
            "content/stories/a/index.vi.md",
            &story("![Ảnh hỏng](hỏng.jpg)"),
        );
    let errors = site.build_errors().join("\n");
    assert!(
        errors.contains("content/stories/a/index.vi.md:6:1: the photo content/stories/a/hỏng.jpg is not a photo danvan can read"),
        "{errors}"
    );
    // Its header reads, but its pixels are missing.
    let site = TestSite::new();
    site.write_bytes("content/stories/b/cut.png", &png_header(800, 600))
        .write(
            "content/stories/b/index.vi.md",
            &story("![Ảnh cụt](cut.png)"),
        );
    let errors = site.build_errors().join("\n");
    assert!(
        errors.contains("content/stories/b/cut.png:1:1: this photo cannot be decoded"),
        "{errors}"
    );
}

/// A PNG header claiming `width`×`height`, with the checksum the decoder
/// checks.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for b in bytes {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut chunk = b"IHDR".to_vec();
    chunk.extend(width.to_be_bytes());
    chunk.extend(height.to_be_bytes());
    chunk.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(13u32.to_be_bytes());
    png.extend(&chunk);
    png.extend(crc32(&chunk).to_be_bytes());
    png.extend(0u32.to_be_bytes());
    png.extend(b"IDAT");
    png.extend(crc32(b"IDAT").to_be_bytes());
    png
}

#[test]
fn a_huge_photo_is_refused_with_its_size() {
    let site = TestSite::new();
    site.write_bytes("content/stories/a/to.png", &png_header(9000, 7000))
        .write("content/stories/a/index.vi.md", &story("![Ảnh to](to.png)"));
    let errors = site.build_errors().join("\n");
    assert!(
        errors.contains(
            "to.png is 9000×7000 (63 megapixels); danvan takes photos up to 50 megapixels"
        ),
        "{errors}"
    );
}

#[test]
fn rebuilds_give_the_same_bytes_from_the_cache_even_when_it_was_cut() {
    let site = TestSite::new();
    site.write_bytes("content/stories/a/anh.jpg", &phone_jpeg(2000, 1500, 6))
        .write("content/stories/a/index.vi.md", &story("![Ảnh](anh.jpg)"));
    let photos = |site: &TestSite| -> Vec<(String, Vec<u8>)> {
        let dir = site.public().join("stories/a");
        let mut files: Vec<_> = every_file(&dir)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "webp" || e == "jpg"))
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    site.build();
    let first = photos(&site);
    assert_eq!(first.len(), 8, "four widths in two formats");
    let cache = site.path().join(".danvan/cache");
    let cached: Vec<_> = every_file(&cache)
        .into_iter()
        .filter(|p| {
            !p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("card-")
        })
        .collect();
    assert_eq!(cached.len(), 8, "{cached:?}");

    site.build();
    assert_eq!(photos(&site), first, "from the cache");

    // A cache file cut short is encoded again, never published.
    let victim = &cached[0];
    let bytes = std::fs::read(victim).unwrap();
    std::fs::write(victim, &bytes[..bytes.len() / 2]).unwrap();
    site.build();
    assert_eq!(photos(&site), first, "after a cut cache file");
    assert_eq!(
        std::fs::read(victim).unwrap(),
        bytes,
        "the cache file is whole again"
    );

    // Without the cache, the same bytes again.
    std::fs::remove_dir_all(&cache).unwrap();
    site.build();
    assert_eq!(photos(&site), first, "encoded anew");
}

#[test]
fn timings_show_the_photos_as_their_own_stage() {
    let site = TestSite::new();
    site.write_bytes("content/stories/a/anh.jpg", &phone_jpeg(400, 300, 1))
        .write("content/stories/a/index.vi.md", &story("![Ảnh](anh.jpg)"));
    let run = site.run(&["build", "--timings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        format!("{}{}", run.stdout, run.stderr).contains("photos"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn every_page_has_a_description_and_a_share_image() {
    let site = TestSite::built_sample();
    for page in [
        "index.html",
        "documents/index.html",
        "progress/index.html",
        "en/stories/index.html",
    ] {
        let html = site.read(page);
        assert!(
            html.contains(r#"<meta name="description" content=""#),
            "{page}"
        );
        let dir = page.strip_suffix("index.html").unwrap();
        assert!(
            html.contains(&format!("{dir}share.png\">")),
            "{page} shares its card"
        );
        assert!(
            html.contains(r#"<meta property="og:image:width" content="1200">"#),
            "{page}"
        );
        assert!(html.contains(r#"<meta name="twitter:card" content="summary_large_image">"#));
        let card = std::fs::read(site.public().join(dir).join("share.png")).unwrap();
        let card = image::load_from_memory(&card).unwrap();
        assert_eq!((card.width(), card.height()), (1200, 630), "{page}");
    }
    let documents = site.read("documents/index.html");
    let description = documents
        .split(r#"<meta name="description" content=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    assert!(
        description.contains(" văn bản, 20"),
        "built from what it shows: {description}"
    );
    let progress = site.read("progress/index.html");
    assert!(
        progress.contains(" đạt") || progress.contains("chậm"),
        "headline figures"
    );
}

/// Draws the sample site's photos (`cargo test -- --ignored
/// sample_photos`): a hall with tables and people, in 1600×1200 JPEGs
/// with a little grain, the way a phone's photos compress.
#[test]
#[ignore]
fn sample_photos() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/stories/bua-com-cong-doan");
    let scenes: [(&str, [u8; 3], [u8; 3], u32); 2] = [
        ("bữa cơm chung.jpg", [236, 222, 196], [150, 92, 60], 1),
        ("tổ nấu ăn.jpg", [214, 228, 236], [96, 110, 72], 2),
    ];
    for (name, wall, floor, seed) in scenes {
        let (w, h) = (1600u32, 1200u32);
        let mut state = seed.wrapping_mul(2_654_435_761);
        let mut noise = move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state % 17) as i32 - 8
        };
        let mut img = image::RgbImage::from_fn(w, h, |_, y| {
            let c = if y < h * 11 / 20 { wall } else { floor };
            let shade = (y as i32 * 40 / h as i32) - 20;
            image::Rgb(c.map(|v| (v as i32 - shade).clamp(0, 255) as u8))
        });
        // Tables, then people around them: heads and shoulders.
        for t in 0..3u32 {
            let (tx, ty) = (150 + t * 480 + seed * 20, 700 + (t % 2) * 120);
            for y in ty..ty + 90 {
                for x in tx..(tx + 380).min(w) {
                    img.put_pixel(x, y, image::Rgb([196, 160, 120]));
                }
            }
            for p in 0..4u32 {
                let (cx, cy) = (tx as i32 + 40 + p as i32 * 100, ty as i32 - 120);
                let shirt = [[190, 40, 40], [40, 90, 170], [230, 230, 230], [60, 140, 80]]
                    [((p + t + seed) % 4) as usize];
                for y in (cy - 60).max(0)..(cy + 140).min(h as i32) {
                    for x in (cx - 55).max(0)..(cx + 55).min(w as i32) {
                        let (dx, dy) = (x - cx, y - cy);
                        let head = dx * dx + dy * dy < 34 * 34;
                        let body = y > cy + 30 && dx.abs() < 50 - (y - cy - 30) / 12;
                        if head {
                            img.put_pixel(x as u32, y as u32, image::Rgb([214, 170, 130]));
                        } else if body {
                            img.put_pixel(x as u32, y as u32, image::Rgb(shirt));
                        }
                    }
                }
            }
        }
        for pixel in img.pixels_mut() {
            let n = noise();
            pixel.0 = pixel.0.map(|v| (v as i32 + n).clamp(0, 255) as u8);
        }
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 72)
            .encode(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
            .unwrap();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), &jpeg).unwrap();
        eprintln!("{name}: {} KB", jpeg.len() / 1024);
    }
}
