//! Decoding, turning, resizing and encoding photos, with the cache that
//! spares a rebuild the work for a photo that has not changed. Encoding
//! from the pixels alone drops every byte of metadata (GPS position,
//! camera, time). Cache files end with the SHA-256 of their bytes: a file
//! cut short or changed on disk is encoded again, never published.

use super::{Format, Photo, Variant};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Changes whenever the encoding settings change, so that old cache
/// files are not taken for new ones.
const SETTINGS: &str =
    "danvan photos 1: widths 360,720,1080,1600; lanczos3; webp q75 m4; jpeg q80; png default";

const WEBP_QUALITY: f32 = 75.0;
const JPEG_QUALITY: u8 = 80;

/// The published bytes of one photo, by output path.
pub type Encoded = Vec<(String, Vec<u8>)>;

/// Where the cache of a site folder lives.
pub fn cache_dir(site: &Path) -> PathBuf {
    site.join(".danvan").join("cache")
}

/// Encodes every photo in parallel, each from the cache when it is there
/// whole. Errors name nothing but what went wrong: the caller knows the
/// file.
pub fn encode_all(photos: &[&Photo], cache: Option<&Path>) -> Vec<Result<Encoded, String>> {
    photos
        .par_iter()
        .map(|photo| encode_photo(photo, cache))
        .collect()
}

/// The variants of one photo, from the cache or encoded now.
pub fn encode_photo(photo: &Photo, cache: Option<&Path>) -> Result<Encoded, String> {
    let bytes = std::fs::read(&photo.source).map_err(|e| format!("cannot be read: {e}"))?;
    let key = {
        let mut hash = Sha256::new();
        hash.update(SETTINGS.as_bytes());
        hash.update(bytes.len().to_le_bytes());
        hash.update(&bytes);
        hex(&hash.finalize())
    };
    let cached = |v: &Variant| cache.map(|dir| dir.join(cache_name(&key, v)));
    if let Some(found) = photo
        .variants
        .iter()
        .map(|v| {
            cached(v)
                .and_then(|p| read_cached(&p))
                .map(|b| (v.path.clone(), b))
        })
        .collect::<Option<Encoded>>()
    {
        return Ok(found);
    }
    let pixels = decode(&bytes)?;
    let mut out = Vec::with_capacity(photo.variants.len());
    // Each width is resized once, for both of its formats.
    let mut resized: std::collections::HashMap<u32, Vec<u8>> = Default::default();
    for variant in &photo.variants {
        let sized = match resized.entry(variant.width) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(resize_to(&pixels, variant)?),
        };
        let data = encode_variant(sized, pixels.alpha(), variant)?;
        if let Some(path) = cached(variant) {
            // A cache that cannot be written costs time, not output.
            let _ = write_cached(&path, &data);
        }
        out.push((variant.path.clone(), data));
    }
    Ok(out)
}

fn cache_name(key: &str, v: &Variant) -> String {
    format!("{key}-{}x{}.{}", v.width, v.height, v.format.extension())
}

/// Bytes as lower-case hexadecimal, for names made from checksums.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A cache file's bytes, when they are whole: the last 32 bytes are the
/// SHA-256 of the rest.
pub(crate) fn read_cached(path: &Path) -> Option<Vec<u8>> {
    let mut bytes = std::fs::read(path).ok()?;
    if bytes.len() < 32 {
        return None;
    }
    let data_len = bytes.len() - 32;
    let sum = Sha256::digest(&bytes[..data_len]);
    if sum.as_slice() != &bytes[data_len..] {
        return None;
    }
    bytes.truncate(data_len);
    Some(bytes)
}

/// Writes a cache file atomically: into a temporary file beside it, then
/// renamed over it, so that a reader never sees half of one.
pub(crate) fn write_cached(path: &Path, data: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("cache"),
        std::process::id()
    ));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(data)?;
        // No fsync: a file a crash leaves cut short fails its checksum
        // and is encoded again.
        file.write_all(&Sha256::digest(data))?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A decoded photo, turned upright.
enum Pixels {
    Rgb(image::RgbImage),
    Rgba(image::RgbaImage),
}

fn decode(bytes: &[u8]) -> Result<Pixels, String> {
    use image::{DynamicImage, ImageDecoder, ImageReader};
    let mut reader = ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot be read: {e}"))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    // 50 megapixels of RGBA, and room for the decoder's own buffers.
    limits.max_alloc = Some(super::MAX_PIXELS * 4 + (64 << 20));
    reader.limits(limits);
    let broken = |e: image::ImageError| {
        format!("cannot be decoded ({e}): save it again as JPEG, PNG or WebP")
    };
    let mut decoder = reader.into_decoder().map_err(broken)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > super::MAX_PIXELS {
        return Err(format!(
            "is {w}×{h}; danvan takes photos up to {} megapixels: make it smaller first",
            super::MAX_PIXELS / 1_000_000
        ));
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let alpha = decoder.color_type().has_alpha();
    let mut image = DynamicImage::from_decoder(decoder).map_err(broken)?;
    image.apply_orientation(orientation);
    Ok(if alpha {
        Pixels::Rgba(image.into_rgba8())
    } else {
        Pixels::Rgb(image.into_rgb8())
    })
}

impl Pixels {
    fn alpha(&self) -> bool {
        matches!(self, Pixels::Rgba(_))
    }
}

/// The pixels of `pixels` at the size of `v`.
fn resize_to(pixels: &Pixels, v: &Variant) -> Result<Vec<u8>, String> {
    let (w, h, raw, alpha) = match pixels {
        Pixels::Rgb(img) => (img.width(), img.height(), img.as_raw(), false),
        Pixels::Rgba(img) => (img.width(), img.height(), img.as_raw(), true),
    };
    if (w, h) == (v.width, v.height) {
        return Ok(raw.clone());
    }
    resize(raw, w, h, v.width, v.height, alpha)
}

fn encode_variant(data: &[u8], alpha: bool, v: &Variant) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match v.format {
        Format::Webp => {
            let encoder = if alpha {
                webp::Encoder::from_rgba(data, v.width, v.height)
            } else {
                webp::Encoder::from_rgb(data, v.width, v.height)
            };
            let memory = encoder
                .encode_simple(false, WEBP_QUALITY)
                .map_err(|e| format!("could not be encoded as WebP ({e:?})"))?;
            out.extend_from_slice(&memory);
        }
        Format::Jpeg => {
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .encode(data, v.width, v.height, image::ExtendedColorType::Rgb8)
                .map_err(|e| format!("could not be encoded as JPEG ({e})"))?;
        }
        Format::Png => {
            use image::ImageEncoder;
            let color = if alpha {
                image::ExtendedColorType::Rgba8
            } else {
                image::ExtendedColorType::Rgb8
            };
            image::codecs::png::PngEncoder::new(&mut out)
                .write_image(data, v.width, v.height, color)
                .map_err(|e| format!("could not be encoded as PNG ({e})"))?;
        }
    }
    Ok(out)
}

fn resize(raw: &[u8], w: u32, h: u32, nw: u32, nh: u32, alpha: bool) -> Result<Vec<u8>, String> {
    use fast_image_resize::{
        self as fr,
        images::{Image, ImageRef},
    };
    let pixel = if alpha {
        fr::PixelType::U8x4
    } else {
        fr::PixelType::U8x3
    };
    let src = ImageRef::new(w, h, raw, pixel).map_err(|e| e.to_string())?;
    let mut dst = Image::new(nw, nh, pixel);
    let options =
        fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    fr::Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(|e| format!("could not be resized ({e})"))?;
    Ok(dst.into_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_cache_file_is_not_taken() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.webp");
        write_cached(&path, b"RIFF1234WEBP").unwrap();
        assert_eq!(read_cached(&path).unwrap(), b"RIFF1234WEBP");
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 5]).unwrap();
        assert!(read_cached(&path).is_none());
        std::fs::write(&path, b"short").unwrap();
        assert!(read_cached(&path).is_none());
    }
}
