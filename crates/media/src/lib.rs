//! Images in and out: checks an upload before decoding it, makes the renditions pages use
//! in `srcset`, names every file by its content hash, and keeps the bytes in a storage
//! backend (a local folder now; S3-compatible object storage is the scale-out choice).
//!
//! Never decodes an image whose declared size is over the limits: a hostile file must be
//! refused from its header alone, in bounded memory.

mod storage;

pub use storage::Storage;

use image::codecs::jpeg::JpegEncoder;
use image::{ImageFormat, ImageReader, RgbImage};
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

/// An image ready to store: the original and its renditions, narrowest first.
#[derive(Clone, Debug)]
pub struct Processed {
    pub content_hash: String,
    pub original: StoredFile,
    pub renditions: Vec<StoredFile>,
}

/// The hex SHA-256 of `bytes`, shortened: long enough never to collide in one newsroom.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// Checks an uploaded file from its header, then decodes it and makes renditions.
pub fn process_upload(bytes: &[u8], limits: Limits) -> Result<Processed, MediaError> {
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
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut decoder_limits = image::Limits::default();
    decoder_limits.max_image_width = Some(width);
    decoder_limits.max_image_height = Some(height);
    decoder_limits.max_alloc = Some(limits.max_pixels * 4 + 1024 * 1024);
    reader.limits(decoder_limits);
    let decoded = reader
        .decode()
        .map_err(|e| MediaError::Corrupt(e.to_string()))?;
    // Re-encoding drops every metadata block (EXIF location included) from what is served.
    process_rgb(&decoded.to_rgb8())
}

/// Makes the original (as JPEG) and its renditions from pixels already in memory.
pub fn process_rgb(image: &RgbImage) -> Result<Processed, MediaError> {
    let original_bytes = encode_jpeg(image, 85)?;
    let content_hash = content_hash(&original_bytes);
    let (width, height) = image.dimensions();
    let original = StoredFile {
        key: format!("{content_hash}.jpg"),
        bytes: original_bytes,
        content_type: "image/jpeg",
        width,
        height,
    };
    let mut renditions = Vec::new();
    // Widest first, each made from the one before it: area-averaging a smaller source is
    // both faster and as sharp as starting from the original every time.
    let mut source: Option<RgbImage> = None;
    let mut widths: Vec<u32> = RENDITION_WIDTHS
        .into_iter()
        .filter(|w| *w < width)
        .collect();
    widths.reverse();
    for target in widths {
        let h = ((u64::from(height) * u64::from(target)) / u64::from(width)).max(1) as u32;
        let resized = image::imageops::thumbnail(source.as_ref().unwrap_or(image), target, h);
        renditions.push(StoredFile {
            key: format!("{content_hash}-{target}.jpg"),
            bytes: encode_jpeg(&resized, 80)?,
            content_type: "image/jpeg",
            width: target,
            height: h,
        });
        source = Some(resized);
    }
    renditions.reverse();
    // The original is also the widest entry of the srcset.
    renditions.push(original.clone());
    Ok(Processed {
        content_hash,
        original,
        renditions,
    })
}

fn encode_jpeg(image: &RgbImage, quality: u8) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::with_capacity(image.len() / 8);
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(image)
        .map_err(|e| MediaError::Encode(e.to_string()))?;
    Ok(out)
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

    fn sample(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        })
    }

    #[test]
    fn renditions_are_narrower_than_the_original_and_keep_its_shape() {
        let p = process_rgb(&sample(1000, 500)).unwrap();
        let widths: Vec<u32> = p.renditions.iter().map(|r| r.width).collect();
        assert_eq!(widths, [320, 640, 960, 1000]);
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
        assert_eq!(p.original.content_type, "image/jpeg");
    }

    #[test]
    fn a_huge_declared_size_is_refused_from_the_header() {
        // A valid PNG header claiming 65535×65535 pixels, with no pixel data behind it.
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(sample(1, 1))
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        png[16..20].copy_from_slice(&65535u32.to_be_bytes());
        png[20..24].copy_from_slice(&65535u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
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

    /// PNG's chunk checksum (CRC-32/ISO-HDLC), so the forged header is otherwise valid.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
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

    #[test]
    fn non_images_are_refused() {
        let err = process_upload(b"<svg onload=alert(1)></svg>", Limits::default()).unwrap_err();
        assert!(matches!(err, MediaError::UnsupportedFormat), "{err}");
    }
}
