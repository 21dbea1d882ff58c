//! Images in and out: checks an upload before decoding it, makes the renditions pages use
//! in `srcset`, names every file by its content hash, and keeps the bytes in a storage
//! backend: a local folder, or a bucket on S3-compatible object storage shared by every node.
//!
//! Never decodes an image whose declared size is over the limits: a hostile file must be
//! refused from its header alone, in bounded memory.

mod faults;
#[doc(hidden)]
pub mod fixtures;
mod local_file;
mod meta;
mod storage;

pub use meta::{Embedded, read_embedded};
pub use storage::{Bucket, BucketConfig, MediaStream, Storage, is_media_key};

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, RgbImage};
use sha2::{Digest, Sha256};
use std::io::Cursor;

/// Rendition widths made for every image (only those narrower than the original).
pub const RENDITION_WIDTHS: [u32; 5] = [320, 640, 960, 1280, 1920];

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("the file is {size} bytes; the largest image accepted is {max} bytes")]
    TooLarge { size: usize, max: usize },
    #[error("the image is {width}×{height} pixels; the most accepted is {max_pixels} pixels")]
    TooManyPixels {
        width: u32,
        height: u32,
        max_pixels: u64,
    },
    #[error(
        "SVG files are not accepted, because they can carry scripts; export the graphic as PNG"
    )]
    Svg,
    #[error("this is not an image Newsdesk accepts (JPEG, PNG, WebP or GIF)")]
    UnsupportedFormat,
    #[error("the image could not be read: {0}")]
    Corrupt(String),
    #[error("could not encode a rendition: {0}")]
    Encode(String),
    #[error("media storage failed: {0}")]
    Storage(#[from] std::io::Error),
    #[error("media key {0:?} is not a valid media file name")]
    BadKey(String),
    #[error("media storage is not set up right: {0}")]
    BadConfig(String),
    #[error("{bucket} could not be reached or refused the request: {message}")]
    Bucket { bucket: String, message: String },
}

/// What an upload may be.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 40 * 1024 * 1024,
            max_pixels: 60_000_000,
        }
    }
}

/// One file to store: its content-hash key, bytes and type.
#[derive(Clone, Debug)]
pub struct StoredFile {
    pub key: String,
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
}

/// An image ready to store: the original and its renditions (narrowest first, each width
/// in WebP and in the fallback format), and what the file said about itself.
#[derive(Clone, Debug)]
pub struct Processed {
    pub content_hash: String,
    pub original: StoredFile,
    pub renditions: Vec<StoredFile>,
    pub embedded: Embedded,
}

/// The format served to browsers that take no WebP: JPEG for photographs, PNG for
/// graphics, which may be transparent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fallback {
    Jpeg,
    Png,
}

impl Fallback {
    fn extension(self) -> &'static str {
        match self {
            Fallback::Jpeg => "jpg",
            Fallback::Png => "png",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Fallback::Jpeg => "image/jpeg",
            Fallback::Png => "image/png",
        }
    }
}

const WEBP_EFFORT: i32 = 2;

/// WebP's largest side; a wider original is served in its fallback format only.
const WEBP_MAX_SIDE: u32 = 16383;

/// The hex SHA-256 of `bytes`, shortened: long enough never to collide in one newsroom.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The whole hex SHA-256 of a stored file: recorded when it is written, checked by
/// `newsdesk verify` and the backup manifest.
pub fn file_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `bytes` look like SVG (or any XML), which is refused: it can carry script.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with("<?xml") || text.starts_with("<svg") || text.contains("<svg")
}

/// What an upload's header says it is, read without decoding its pixels: enough to
/// refuse it early and to show its own words before it is stored.
#[derive(Clone, Debug)]
pub struct Inspected {
    pub content_type: &'static str,
    /// As stored (a photo turned by its EXIF orientation may swap them when decoded).
    pub width: u32,
    pub height: u32,
    pub embedded: Embedded,
}

/// Checks an uploaded file from its header alone — size, format, pixel count, a JPEG cut
/// short — and reads its IPTC/XMP words. Decodes nothing: cheap enough to answer while
/// the person is still typing the caption. Every file [`process_upload`] would refuse for
/// those reasons is refused here with the same error.
pub fn inspect(bytes: &[u8], limits: Limits) -> Result<Inspected, MediaError> {
    let (format, width, height) = checked_header(bytes, limits)?;
    let content_type = match format {
        ImageFormat::Png => "image/png",
        ImageFormat::WebP => "image/webp",
        ImageFormat::Gif => "image/gif",
        _ => "image/jpeg",
    };
    Ok(Inspected {
        content_type,
        width,
        height,
        embedded: meta::read_embedded(bytes),
    })
}

fn checked_header(bytes: &[u8], limits: Limits) -> Result<(ImageFormat, u32, u32), MediaError> {
    if bytes.len() > limits.max_bytes {
        return Err(MediaError::TooLarge {
            size: bytes.len(),
            max: limits.max_bytes,
        });
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(MediaError::Storage)?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif)) => {
            f
        }
        _ if looks_like_svg(bytes) => return Err(MediaError::Svg),
        _ => return Err(MediaError::UnsupportedFormat),
    };
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| MediaError::Corrupt(e.to_string()))?;
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(MediaError::TooManyPixels {
            width,
            height,
            max_pixels: limits.max_pixels,
        });
    }
    // The JPEG decoder is lenient: a file cut short decodes, its missing part grey. A photo
    // truncated in transit must be refused, not stored as a grey box.
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(MediaError::Corrupt(
            "the JPEG data ends before its end-of-image marker".into(),
        ));
    }
    Ok((format, width, height))
}

/// Checks an uploaded file from its header, then decodes it (turned upright by its EXIF
/// orientation; GIFs by their first frame) and makes renditions. The files made carry no
/// metadata at all: EXIF, with any location in it, is never served.
pub fn process_upload(bytes: &[u8], limits: Limits) -> Result<Processed, MediaError> {
    let (format, width, height) = checked_header(bytes, limits)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut decoder_limits = image::Limits::default();
    decoder_limits.max_image_width = Some(width);
    decoder_limits.max_image_height = Some(height);
    decoder_limits.max_alloc = Some(limits.max_pixels * 4 + 1024 * 1024);
    reader.limits(decoder_limits);
    let corrupt = |e: image::ImageError| MediaError::Corrupt(e.to_string());
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut decoded = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    decoded.apply_orientation(orientation);
    let fallback = match format {
        ImageFormat::Png | ImageFormat::Gif => Fallback::Png,
        _ => Fallback::Jpeg,
    };
    let mut processed = process_image(decoded, fallback)?;
    processed.embedded = meta::read_embedded(bytes);
    Ok(processed)
}

/// Whether a JPEG's compressed data runs to its end-of-image marker. The header segments
/// are skipped by their lengths (an EXIF thumbnail carries a marker of its own); in the
/// compressed data a 0xFF byte is always followed by 0x00 or a restart marker, so an
/// `FF D9` after the first scan can only be the end of the image.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut i = 2; // after the start-of-image marker
    loop {
        while bytes.get(i) == Some(&0xFF) && bytes.get(i + 1) == Some(&0xFF) {
            i += 1; // fill bytes before a marker
        }
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(0xFF), Some(0xDA)) => break,
            (Some(0xFF), Some(0x01 | 0xD0..=0xD7)) => i += 2,
            (Some(0xFF), Some(_)) => match (bytes.get(i + 2), bytes.get(i + 3)) {
                (Some(&high), Some(&low)) => i += 2 + usize::from(u16::from_be_bytes([high, low])),
                _ => return false,
            },
            _ => return false,
        }
    }
    bytes[i..].windows(2).any(|w| w == [0xFF, 0xD9])
}

/// Makes the original (as JPEG) and its renditions from pixels already in memory.
pub fn process_rgb(image: &RgbImage) -> Result<Processed, MediaError> {
    process_image(DynamicImage::ImageRgb8(image.clone()), Fallback::Jpeg)
}

fn process_image(image: DynamicImage, fallback: Fallback) -> Result<Processed, MediaError> {
    let image = match fallback {
        Fallback::Png if image.color().has_alpha() => DynamicImage::ImageRgba8(image.to_rgba8()),
        _ => DynamicImage::ImageRgb8(image.to_rgb8()),
    };
    let original_bytes = encode(&image, fallback, 85)?;
    let content_hash = content_hash(&original_bytes);
    let (width, height) = (image.width(), image.height());
    let original = StoredFile {
        key: format!("{content_hash}.{}", fallback.extension()),
        bytes: original_bytes,
        content_type: fallback.content_type(),
        width,
        height,
    };
    let mut renditions = Vec::new();
    if let Some(webp) = encode_webp(&image) {
        renditions.push(StoredFile {
            key: format!("{content_hash}.webp"),
            bytes: webp,
            content_type: "image/webp",
            width,
            height,
        });
    }
    renditions.push(original.clone());
    // Widest first, each made from the one before it: a smaller source is faster and, with
    // Lanczos3, as sharp as starting from the original every time.
    let mut resizer = fast_image_resize::Resizer::new();
    let mut source: Option<DynamicImage> = None;
    let mut widths: Vec<u32> = RENDITION_WIDTHS
        .into_iter()
        .filter(|w| *w < width)
        .collect();
    widths.reverse();
    for target in widths {
        let h = ((u64::from(height) * u64::from(target)) / u64::from(width)).max(1) as u32;
        let mut resized = DynamicImage::new(target, h, image.color());
        resizer
            .resize(source.as_ref().unwrap_or(&image), &mut resized, None)
            .map_err(|e| MediaError::Encode(e.to_string()))?;
        if let Some(webp) = encode_webp(&resized) {
            renditions.push(StoredFile {
                key: format!("{content_hash}-{target}.webp"),
                bytes: webp,
                content_type: "image/webp",
                width: target,
                height: h,
            });
        }
        renditions.push(StoredFile {
            key: format!("{content_hash}-{target}.{}", fallback.extension()),
            bytes: encode(&resized, fallback, 80)?,
            content_type: fallback.content_type(),
            width: target,
            height: h,
        });
        source = Some(resized);
    }
    renditions.sort_by_key(|r| (r.width, r.content_type));
    Ok(Processed {
        content_hash,
        original,
        renditions,
        embedded: Embedded::default(),
    })
}

fn encode(image: &DynamicImage, format: Fallback, quality: u8) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::with_capacity(image.as_bytes().len() / 8);
    let result = match (format, image) {
        // jpeg-encoder (SIMD where the processor has it) rather than `image`'s own encoder:
        // about three times faster, which an import of thousands of pictures feels.
        (Fallback::Jpeg, image) => {
            let rgb = match image {
                DynamicImage::ImageRgb8(rgb) => std::borrow::Cow::Borrowed(rgb),
                other => std::borrow::Cow::Owned(other.to_rgb8()),
            };
            let (Ok(w), Ok(h)) = (u16::try_from(rgb.width()), u16::try_from(rgb.height())) else {
                return Err(MediaError::Encode(format!(
                    "{}×{} is larger than a JPEG can be (65,535 pixels a side)",
                    rgb.width(),
                    rgb.height()
                )));
            };
            jpeg_encoder::Encoder::new(&mut out, quality)
                .encode(rgb.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
                .map_err(|e| e.to_string())
        }
        (Fallback::Png, image) => image
            .write_with_encoder(PngEncoder::new_with_quality(
                &mut out,
                CompressionType::Default,
                FilterType::Adaptive,
            ))
            .map_err(|e| e.to_string()),
    };
    result.map_err(MediaError::Encode)?;
    Ok(out)
}

/// Lossy WebP at quality 80 (alpha kept), or `None` for images too wide for WebP.
fn encode_webp(image: &DynamicImage) -> Option<Vec<u8>> {
    let (w, h) = (image.width(), image.height());
    if w > WEBP_MAX_SIDE || h > WEBP_MAX_SIDE {
        return None;
    }
    let encoder = match image {
        DynamicImage::ImageRgba8(rgba) => webp::Encoder::from_rgba(rgba.as_raw(), w, h),
        DynamicImage::ImageRgb8(rgb) => webp::Encoder::from_rgb(rgb.as_raw(), w, h),
        _ => return None,
    };
    let mut config = webp::WebPConfig::new().ok()?;
    config.quality = 80.0;
    // Effort 2 of 6: about three times faster than libwebp's default for a few percent
    // more bytes, which keeps an upload (five widths) well under a second.
    config.method = WEBP_EFFORT;
    encoder.encode_advanced(&config).ok().map(|m| m.to_vec())
}

/// The MIME type of a stored file, from its key's extension.
pub fn content_type_of(key: &str) -> &'static str {
    match key.rsplit_once('.').map(|(_, ext)| ext) {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        Some("gif") => "image/gif",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::*;

    const AGENCY: [(u8, &str); 4] = [
        (120, "Firefighters at the Grenfell site, 14 June."),
        (80, "Jane Doe"),
        (110, "Agence Exemple"),
        (116, "© 2026 Agence Exemple"),
    ];

    #[test]
    fn renditions_are_narrower_than_the_original_and_keep_its_shape() {
        let p = process_rgb(&sample(1000, 500)).unwrap();
        let sizes: Vec<(u32, &str)> = p
            .renditions
            .iter()
            .map(|r| (r.width, r.content_type))
            .collect();
        let mut expected = Vec::new();
        for w in [320, 640, 960, 1000] {
            expected.extend([(w, "image/jpeg"), (w, "image/webp")]);
        }
        assert_eq!(sizes, expected);
        assert!(
            p.renditions
                .iter()
                .all(|r| r.height * 2 == r.width || r.height * 2 + 1 == r.width)
        );
        assert!(
            p.renditions
                .iter()
                .all(|r| r.key.starts_with(&p.content_hash))
        );
        for r in &p.renditions {
            let decoded = image::load_from_memory(&r.bytes).unwrap();
            assert_eq!((decoded.width(), decoded.height()), (r.width, r.height));
            let format = image::guess_format(&r.bytes).unwrap();
            assert_eq!(format.to_mime_type(), r.content_type, "{}", r.key);
            assert_eq!(content_type_of(&r.key), r.content_type);
        }
    }

    #[test]
    fn the_same_pixels_get_the_same_names() {
        assert_eq!(
            process_rgb(&sample(400, 300)).unwrap().content_hash,
            process_rgb(&sample(400, 300)).unwrap().content_hash
        );
    }

    #[test]
    fn an_upload_is_decoded_and_reencoded() {
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(sample(700, 400))
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        let p = process_upload(&png, Limits::default()).unwrap();
        assert_eq!((p.original.width, p.original.height), (700, 400));
        // A PNG stays a PNG (graphics keep their sharp edges), with WebP beside it.
        assert_eq!(p.original.content_type, "image/png");
        assert!(p.original.key.ends_with(".png"));
        let types: Vec<&str> = p.renditions.iter().map(|r| r.content_type).collect();
        assert!(types.contains(&"image/webp") && types.contains(&"image/png"));
    }

    #[test]
    fn exif_orientation_is_applied_and_no_exif_is_kept() {
        let upload = jpeg_with(&[(0xE1, exif_rotated_with_location())]);
        let p = process_upload(&upload, Limits::default()).unwrap();
        // 400×200 turned upright is 200×400.
        assert_eq!((p.original.width, p.original.height), (200, 400));
        for file in p.renditions.iter().chain([&p.original]) {
            let has = |needle: &[u8]| file.bytes.windows(needle.len()).any(|w| w == needle);
            assert!(!has(b"Exif\0\0"), "{} carries EXIF", file.key);
            assert!(!has(b"SECRETPLACE"), "{} carries the location", file.key);
        }
    }

    #[test]
    fn iptc_fields_are_read_from_an_agency_photo() {
        let upload = jpeg_with(&[(0xED, iptc_app13(&AGENCY))]);
        let p = process_upload(&upload, Limits::default()).unwrap();
        assert_eq!(
            p.embedded,
            Embedded {
                caption: "Firefighters at the Grenfell site, 14 June.".into(),
                credit: "Agence Exemple".into(),
                byline: "Jane Doe".into(),
                copyright: "© 2026 Agence Exemple".into(),
            }
        );
        assert_eq!(p.embedded.credit_line(), "Jane Doe/Agence Exemple");
    }

    #[test]
    fn xmp_wins_over_iptc_and_reads_both_of_its_forms() {
        let upload = jpeg_with(&[(0xED, iptc_app13(&AGENCY)), (0xE1, xmp_app1())]);
        let found = read_embedded(&upload);
        assert_eq!(
            found.caption,
            "Crowds in Kyiv\u{2019}s main square & beyond."
        );
        assert_eq!(found.credit, "Reuters");
        assert_eq!(found.byline, "Ann Ray, Bo Lind");
        // XMP said nothing about rights; IIM did.
        assert_eq!(found.copyright, "© 2026 Agence Exemple");
    }

    #[test]
    fn a_truncated_or_garbled_file_never_panics() {
        let upload = jpeg_with(&[
            (0xE1, exif_rotated_with_location()),
            (0xED, iptc_app13(&AGENCY)),
            (0xE1, xmp_app1()),
        ]);
        let head = upload.len().min(1500);
        for end in 0..head {
            let _ = read_embedded(&upload[..end]);
            let mut garbled = upload[..head].to_vec();
            garbled[end] ^= 0xFF;
            let _ = read_embedded(&garbled);
        }
        for end in (0..upload.len()).step_by(97) {
            let _ = process_upload(&upload[..end], Limits::default());
        }
    }

    #[test]
    fn a_picture_cut_short_is_refused_not_stored_grey() {
        let photo = sample(640, 480);
        for format in [
            ImageFormat::Jpeg,
            ImageFormat::Png,
            ImageFormat::Gif,
            ImageFormat::WebP,
        ] {
            let whole = encoded(DynamicImage::ImageRgb8(photo.clone()), format);
            assert!(
                process_upload(&whole, Limits::default()).is_ok(),
                "{format:?}"
            );
            for cut in [whole.len() / 3, whole.len() / 2, whole.len() * 9 / 10] {
                let refused = process_upload(&whole[..cut], Limits::default()).err();
                assert!(
                    matches!(refused, Some(MediaError::Corrupt(_))),
                    "{format:?} cut at {cut} of {}: {refused:?}",
                    whole.len()
                );
            }
        }
        // An agency photo with an EXIF block (whose thumbnail may end in its own marker)
        // still passes whole.
        let agency = jpeg_with(&[(0xE1, exif_rotated_with_location())]);
        assert!(jpeg_is_complete(&agency));
        assert!(!jpeg_is_complete(&agency[..agency.len() - 1]));
    }

    #[test]
    fn a_gif_gives_its_first_frame_and_a_transparent_png_stays_transparent() {
        let gif = encoded(DynamicImage::ImageRgb8(sample(300, 100)), ImageFormat::Gif);
        let p = process_upload(&gif, Limits::default()).unwrap();
        assert_eq!((p.original.width, p.original.height), (300, 100));
        assert_eq!(p.original.content_type, "image/png");

        let clear = image::RgbaImage::from_pixel(50, 50, image::Rgba([0, 0, 0, 0]));
        let png = encoded(DynamicImage::ImageRgba8(clear), ImageFormat::Png);
        let p = process_upload(&png, Limits::default()).unwrap();
        for r in &p.renditions {
            let back = image::load_from_memory(&r.bytes).unwrap();
            assert!(back.color().has_alpha(), "{} lost its transparency", r.key);
        }
    }

    #[test]
    fn a_huge_declared_size_is_refused_from_the_header() {
        let png = png_bomb();
        let err = process_upload(&png, Limits::default()).unwrap_err();
        assert!(
            matches!(
                err,
                MediaError::TooManyPixels {
                    width: 65535,
                    height: 65535,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn non_images_are_refused() {
        let svg = b"<?xml version=\"1.0\"?>\n<svg onload=alert(1)></svg>";
        let err = process_upload(svg, Limits::default()).unwrap_err();
        assert!(matches!(err, MediaError::Svg), "{err}");
        let err = process_upload(b"%PDF-1.7 not a picture", Limits::default()).unwrap_err();
        assert!(matches!(err, MediaError::UnsupportedFormat), "{err}");
    }
}
