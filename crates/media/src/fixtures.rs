//! Pictures for tests, made in code: plain images, JPEGs carrying EXIF (with a location),
//! IPTC and XMP blocks as agencies send them, and a PNG "bomb". Shared by this crate's
//! tests and the integration tests; not part of the API.

use image::{DynamicImage, ImageFormat, RgbImage};
use std::io::Cursor;

/// A gradient picture of the given size.
pub fn sample(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    })
}

/// `image` encoded in `format`.
pub fn encoded(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut out), format)
        .expect("encoding a test picture in memory");
    out
}

/// A 400×200 JPEG with extra segments `(marker, body)` placed right after its start marker.
pub fn jpeg_with(segments: &[(u8, Vec<u8>)]) -> Vec<u8> {
    jpeg_sized_with(400, 200, segments)
}

/// A `width`×`height` JPEG with extra segments placed right after its start marker.
pub fn jpeg_sized_with(width: u32, height: u32, segments: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let plain = encoded(
        DynamicImage::ImageRgb8(sample(width, height)),
        ImageFormat::Jpeg,
    );
    let mut out = plain[..2].to_vec();
    for (marker, body) in segments {
        let len = u16::try_from(body.len() + 2).expect("a segment under 64 KiB");
        out.extend([0xFF, *marker]);
        out.extend(len.to_be_bytes());
        out.extend(body);
    }
    out.extend(&plain[2..]);
    out
}

/// An APP1 EXIF block saying "rotate 90° clockwise to view", with a GPS block holding the
/// text `SECRETPLACE!`.
pub fn exif_rotated_with_location() -> Vec<u8> {
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        let mut e = tag.to_le_bytes().to_vec();
        e.extend(kind.to_le_bytes());
        e.extend(count.to_le_bytes());
        e.extend(value.to_le_bytes());
        e
    };
    // IFD0 at 8: orientation 6, GPS IFD at 38.
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(entry(0x0112, 3, 1, 6));
    tiff.extend(entry(0x8825, 4, 1, 38));
    tiff.extend(0u32.to_le_bytes());
    // GPS IFD at 38: a processing-method string at 56.
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(entry(0x001B, 7, 12, 56));
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(b"SECRETPLACE!");
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    app1
}

/// An APP13 Photoshop block with an IPTC record (UTF-8): `(dataset, text)` of record 2,
/// e.g. 120 caption, 80 by-line, 110 credit, 116 copyright.
pub fn iptc_app13(fields: &[(u8, &str)]) -> Vec<u8> {
    let mut iim = vec![0x1C, 1, 90, 0, 3, 0x1B, b'%', b'G'];
    for (dataset, text) in fields {
        iim.extend([0x1C, 2, *dataset]);
        iim.extend(
            u16::try_from(text.len())
                .expect("a short field")
                .to_be_bytes(),
        );
        iim.extend(text.as_bytes());
    }
    let mut app13 = b"Photoshop 3.0\0".to_vec();
    app13.extend(b"8BIM");
    app13.extend(0x0404u16.to_be_bytes());
    app13.extend([0, 0]);
    app13.extend(
        u32::try_from(iim.len())
            .expect("a short record")
            .to_be_bytes(),
    );
    app13.extend(&iim);
    if iim.len() % 2 == 1 {
        app13.push(0);
    }
    app13
}

/// An APP1 XMP packet: credit as an attribute, a two-language caption, two photographers.
pub fn xmp_app1() -> Vec<u8> {
    let packet = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="Reuters">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Crowds in Kyiv&#8217;s main square &amp; beyond.</rdf:li><rdf:li xml:lang="fr">Foule à Kyiv.</rdf:li></rdf:Alt></dc:description>
<dc:creator><rdf:Seq><rdf:li>Ann Ray</rdf:li><rdf:li>Bo Lind</rdf:li></rdf:Seq></dc:creator>
</rdf:Description></rdf:RDF></x:xmpmeta>"#;
    let mut app1 = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    app1.extend(packet.as_bytes());
    app1
}

/// A valid PNG header declaring 65535×65535 pixels, with no pixel data behind it.
pub fn png_bomb() -> Vec<u8> {
    let mut png = encoded(DynamicImage::ImageRgb8(sample(1, 1)), ImageFormat::Png);
    png[16..20].copy_from_slice(&65535u32.to_be_bytes());
    png[20..24].copy_from_slice(&65535u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// PNG's chunk checksum (CRC-32/ISO-HDLC), so a forged header is otherwise valid.
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
