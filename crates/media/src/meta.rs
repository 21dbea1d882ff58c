//! The words a photo carries about itself: caption, credit, byline and copyright from its
//! IPTC (IIM) record and its XMP packet, as agencies fill them. Read before the pixels are
//! re-encoded (which drops every metadata block from what is served).
//!
//! Every read is bounds-checked: an upload is hostile until proven otherwise, and a
//! malformed block yields nothing rather than a panic. (The `iptc` crate indexes past the
//! end of truncated files, so this small reader is ours.)

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

/// What a photo says about itself; empty strings where it says nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Embedded {
    pub caption: String,
    /// The credit line: the agency or source (`photoshop:Credit`, IPTC 2:110).
    pub credit: String,
    /// The photographer (`dc:creator`, IPTC 2:80).
    pub byline: String,
    pub copyright: String,
}

impl Embedded {
    /// Fills what `self` lacks from `other`.
    fn or(mut self, other: Embedded) -> Embedded {
        for (mine, theirs) in [
            (&mut self.caption, other.caption),
            (&mut self.credit, other.credit),
            (&mut self.byline, other.byline),
            (&mut self.copyright, other.copyright),
        ] {
            if mine.is_empty() {
                *mine = theirs;
            }
        }
        self
    }

    /// The credit line to print under the picture: "Byline/Agency", as newspapers do.
    pub fn credit_line(&self) -> String {
        match (self.byline.is_empty(), self.credit.is_empty()) {
            (false, false) if !self.credit.contains(&self.byline) => {
                format!("{}/{}", self.byline, self.credit)
            }
            (true, false) | (false, false) => self.credit.clone(),
            (false, true) => self.byline.clone(),
            (true, true) => String::new(),
        }
    }
}

/// Longest text kept from any one field: a caption is a paragraph, not a book.
const MAX_FIELD: usize = 2000;

/// Reads IPTC and XMP from a JPEG, and XMP from a PNG or WebP. XMP wins where both say
/// something (it is Unicode by definition; IIM often is not).
pub fn read_embedded(bytes: &[u8]) -> Embedded {
    let blocks = if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg_blocks(bytes)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Blocks {
            xmp: png_xmp(bytes),
            iim: None,
        }
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Blocks {
            xmp: webp_xmp(bytes),
            iim: None,
        }
    } else {
        Blocks::default()
    };
    let xmp = blocks.xmp.map(parse_xmp).unwrap_or_default();
    let iim = blocks.iim.map(parse_iim).unwrap_or_default();
    let mut found = xmp.or(iim);
    for field in [
        &mut found.caption,
        &mut found.credit,
        &mut found.byline,
        &mut found.copyright,
    ] {
        *field = tidy(field);
    }
    found
}

/// Collapses whitespace, drops control characters and caps the length.
fn tidy(text: &str) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().filter(|c| !c.is_control()));
        if out.len() > MAX_FIELD {
            let mut end = MAX_FIELD;
            while !out.is_char_boundary(end) {
                end -= 1;
            }
            out.truncate(end);
            break;
        }
    }
    out
}

#[derive(Default)]
struct Blocks<'a> {
    xmp: Option<&'a [u8]>,
    iim: Option<&'a [u8]>,
}

const XMP_APP1: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const PHOTOSHOP_APP13: &[u8] = b"Photoshop 3.0\0";

fn be16(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 2)?;
    Some(usize::from(u16::from_be_bytes([b[0], b[1]])))
}

fn be32(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 4)?;
    usize::try_from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])).ok()
}

/// The XMP packet (APP1) and IPTC record (inside Photoshop's APP13) of a JPEG.
fn jpeg_blocks(bytes: &[u8]) -> Blocks<'_> {
    let mut found = Blocks::default();
    let mut at = 2;
    while let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) {
        match marker {
            // Fill bytes, then markers without a length.
            0xFF => at += 1,
            0x01 | 0xD0..=0xD8 => at += 2,
            // Start of scan or end of image: no metadata after this point.
            0xDA | 0xD9 => break,
            _ => {
                let Some(len) = be16(bytes, at + 2).filter(|l| *l >= 2) else {
                    break;
                };
                let Some(segment) = bytes.get(at + 4..at + 2 + len) else {
                    break;
                };
                if marker == 0xE1 && segment.starts_with(XMP_APP1) {
                    found.xmp = Some(&segment[XMP_APP1.len()..]);
                } else if marker == 0xED && segment.starts_with(PHOTOSHOP_APP13) {
                    found.iim = photoshop_iptc(&segment[PHOTOSHOP_APP13.len()..]);
                }
                at += 2 + len;
            }
        }
    }
    found
}

/// The IPTC-NAA resource (id 0x0404) among Photoshop's image resource blocks.
fn photoshop_iptc(mut irb: &[u8]) -> Option<&[u8]> {
    while irb.starts_with(b"8BIM") {
        let id = be16(irb, 4)?;
        // A Pascal-string name, padded so name and length byte fill an even count.
        let name_len = usize::from(*irb.get(6)?);
        let name_total = (1 + name_len).next_multiple_of(2);
        let size_at = 6 + name_total;
        let size = be32(irb, size_at)?;
        let data_at = size_at + 4;
        let data = irb.get(data_at..data_at.checked_add(size)?)?;
        if id == 0x0404 {
            return Some(data);
        }
        irb = irb.get(data_at + size.next_multiple_of(2)..)?;
    }
    None
}

/// IIM record 2 datasets: 120 caption, 80 by-line, 110 credit, 116 copyright notice.
fn parse_iim(mut iim: &[u8]) -> Embedded {
    let mut found = Embedded::default();
    let mut utf8 = false;
    while let [0x1C, record, dataset, hi, lo, rest @ ..] = iim {
        if hi & 0x80 != 0 {
            // Extended lengths are for binary previews, never for captions.
            break;
        }
        let len = usize::from(u16::from_be_bytes([*hi, *lo]));
        let Some(data) = rest.get(..len) else {
            break;
        };
        match (record, dataset) {
            // 1:90 coded character set; ESC % G says UTF-8.
            (1, 90) => utf8 = data == b"\x1b%G",
            (2, 120 | 80 | 110 | 116) => {
                let text = decode_iim(data, utf8);
                let field = match dataset {
                    120 => &mut found.caption,
                    80 => &mut found.byline,
                    110 => &mut found.credit,
                    _ => &mut found.copyright,
                };
                if field.is_empty() {
                    *field = text;
                } else if *dataset == 80 {
                    // Several photographers: one byline, comma-separated.
                    field.push_str(", ");
                    field.push_str(&text);
                }
            }
            _ => {}
        }
        iim = &rest[len..];
    }
    found
}

/// IIM text is UTF-8 when declared (and often when not); otherwise Latin-1.
fn decode_iim(data: &[u8], declared_utf8: bool) -> String {
    match std::str::from_utf8(data) {
        Ok(text) => text.to_owned(),
        Err(_) if declared_utf8 => String::from_utf8_lossy(data).into_owned(),
        Err(_) => data.iter().map(|b| char::from(*b)).collect(),
    }
}

/// PNG keeps XMP in an uncompressed `iTXt` chunk named `XML:com.adobe.xmp`.
fn png_xmp(bytes: &[u8]) -> Option<&[u8]> {
    let mut at = 8;
    loop {
        let len = be32(bytes, at)?;
        let kind = bytes.get(at + 4..at + 8)?;
        let data = bytes.get(at + 8..(at + 8).checked_add(len)?)?;
        if kind == b"iTXt" {
            if let Some(text) = data.strip_prefix(b"XML:com.adobe.xmp\0") {
                // compression flag, method, language tag\0, translated keyword\0, text
                let [0, _, rest @ ..] = text else {
                    return None;
                };
                let mut parts = rest.splitn(3, |b| *b == 0);
                let (_, _, xmp) = (parts.next()?, parts.next()?, parts.next()?);
                return Some(xmp);
            }
        } else if kind == b"IDAT" || kind == b"IEND" {
            // Metadata after the pixels is allowed but rare; stop at the pixels.
            return None;
        }
        at += 12 + len;
    }
}

/// WebP keeps XMP in a chunk named `XMP `.
fn webp_xmp(bytes: &[u8]) -> Option<&[u8]> {
    let mut at = 12;
    loop {
        let kind = bytes.get(at..at + 4)?;
        let b = bytes.get(at + 4..at + 8)?;
        let len = usize::try_from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])).ok()?;
        let data = bytes.get(at + 8..(at + 8).checked_add(len)?)?;
        if kind == b"XMP " {
            return Some(data);
        }
        at += 8 + len.next_multiple_of(2);
    }
}

const DC: &[u8] = b"http://purl.org/dc/elements/1.1/";
const PHOTOSHOP: &[u8] = b"http://ns.adobe.com/photoshop/1.0/";

/// The field an XMP property fills, by namespace and local name.
fn xmp_field<'e>(found: &'e mut Embedded, ns: &[u8], local: &[u8]) -> Option<&'e mut String> {
    match (ns, local) {
        (DC, b"description") => Some(&mut found.caption),
        (DC, b"creator") => Some(&mut found.byline),
        (DC, b"rights") => Some(&mut found.copyright),
        (PHOTOSHOP, b"Credit") => Some(&mut found.credit),
        _ => None,
    }
}

/// Reads the four properties from an XMP packet, in element or attribute form. Of an
/// `rdf:Alt` the first item counts (the default language); the items of an `rdf:Seq` of
/// photographers are joined with commas.
fn parse_xmp(xmp: &[u8]) -> Embedded {
    let mut found = Embedded::default();
    let mut reader = NsReader::from_reader(xmp);
    // The property being read: its namespace, local name and the depth it was opened at.
    let mut current: Option<(Vec<u8>, Vec<u8>, usize)> = None;
    let mut depth = 0usize;
    let mut text = String::new();
    let mut items: Vec<String> = Vec::new();
    // Bounded, whatever the packet: no real one has anywhere near this many events.
    for _ in 0..100_000 {
        let Ok((resolved, event)) = reader.read_resolved_event() else {
            break;
        };
        let ns = match resolved {
            ResolveResult::Bound(ns) => ns.as_ref().to_vec(),
            _ => Vec::new(),
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) if current.is_none() => {
                // Attribute form: <rdf:Description photoshop:Credit="AP" …>
                for attr in e.attributes().flatten() {
                    let (ResolveResult::Bound(attr_ns), attr_local) =
                        reader.resolve_attribute(attr.key)
                    else {
                        continue;
                    };
                    if let Some(field) =
                        xmp_field(&mut found, attr_ns.as_ref(), attr_local.as_ref())
                        && field.is_empty()
                        && let Ok(value) = attr.unescape_value()
                    {
                        *field = value.into_owned();
                    }
                }
                if matches!(event, Event::Start(_)) {
                    let local = e.local_name().as_ref().to_vec();
                    if xmp_field(&mut found, &ns, &local).is_some_and(|f| f.is_empty()) {
                        current = Some((ns, local, depth));
                        text.clear();
                        items.clear();
                    }
                    depth += 1;
                }
            }
            Event::Start(_) => depth += 1,
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let Some((ns, local, at)) = &current else {
                    continue;
                };
                if depth > *at && e.local_name().as_ref() == b"li" {
                    items.push(std::mem::take(&mut text));
                } else if depth == *at {
                    if items.is_empty() {
                        items.push(std::mem::take(&mut text));
                    }
                    let is_byline = local.as_slice() == b"creator";
                    if let Some(field) = xmp_field(&mut found, ns, local) {
                        let mut kept = items.iter().map(|i| i.trim()).filter(|i| !i.is_empty());
                        *field = if is_byline {
                            kept.collect::<Vec<_>>().join(", ")
                        } else {
                            kept.next().unwrap_or_default().to_owned()
                        };
                    }
                    current = None;
                }
            }
            Event::Text(t) if current.is_some() => {
                if let Ok(s) = t.decode() {
                    text.push_str(&s);
                }
            }
            Event::GeneralRef(r) if current.is_some() => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else if let Ok(name) = r.decode()
                    && let Some(s) = quick_xml::escape::resolve_predefined_entity(&name)
                {
                    text.push_str(s);
                }
            }
            Event::CData(c) if current.is_some() => {
                if let Ok(s) = c.decode() {
                    text.push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    found
}
