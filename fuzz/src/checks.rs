//! What each fuzz target checks of one input: no panic, and the property that input must
//! keep. Shared by the cargo-fuzz targets (`fuzz/fuzz_targets/`) and by the test that
//! replays every committed corpus and regression on each `cargo test`
//! (`crates/newsdesk/tests/fuzz_corpus.rs`), so a crash found once stays a test.

use std::collections::HashMap;

/// Markdown as a reporter or an importer gives it → the HTML readers get: never a script,
/// a frame, an event handler or a `javascript:` address, whatever the input.
pub fn markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let html = newsdesk_render::markdown::to_safe_html(&text);
    assert_inert(&html);
    // Cleaning what is already clean keeps it inert too (the importers clean twice).
    assert_inert(&newsdesk_render::markdown::clean_html(&html));
}

/// A WordPress export, read entry by entry as the importer does, each post's content
/// converted as it would be stored.
pub fn wxr(data: &[u8]) {
    let mut reader = newsdesk_import::wxr::WxrReader::new(std::io::Cursor::new(data));
    let pictures: HashMap<String, String> = HashMap::new();
    for _ in 0..1_000 {
        match reader.next_entry() {
            Ok(Some(newsdesk_import::wxr::Entry::Item(item))) => {
                let html = newsdesk_import::body::convert(&item.content, &pictures);
                assert_inert(&newsdesk_render::markdown::clean_html(&html));
            }
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => break,
        }
    }
    let _ = newsdesk_import::wxr::locate(std::io::Cursor::new(data), 0);
}

/// A Ghost export (JSON), and the Lexical and Mobiledoc bodies inside it, converted as the
/// importer stores them. The input is also tried as a body on its own.
pub fn ghost(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = newsdesk_import::ghost::lexical::to_html(text);
    let _ = newsdesk_import::ghost::mobiledoc::to_html(text);
    let Ok(export) = newsdesk_import::ghost::export::parse(text, "fuzz.ghost.2024-01-01.json")
    else {
        return;
    };
    let pictures: HashMap<String, String> = HashMap::new();
    for post in &export.posts {
        if let Ok(html) = newsdesk_import::ghost::raw_body(post) {
            let stored = newsdesk_import::ghost::stored_body(&html, &pictures);
            assert_inert(&newsdesk_render::markdown::clean_html(&stored));
        }
    }
}

/// The IPTC and XMP words embedded in an uploaded picture (credit, copyright, caption).
pub fn picture_meta(data: &[u8]) {
    let found = newsdesk_media::read_embedded(data);
    let _ = found.credit_line();
}

/// A Content API `filter=` (Ghost's NQL), for every resource it may filter.
pub fn nql(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    use newsdesk_store::Resource;
    for resource in [
        Resource::Posts,
        Resource::Pages,
        Resource::Tags,
        Resource::Authors,
    ] {
        let _ = newsdesk_web::nql::parse(text, resource);
    }
}

/// Slugs: any title makes a valid one, and a slug that parses is exactly what was given.
pub fn slugs(data: &[u8]) {
    use newsdesk_core::Slug;
    let text = String::from_utf8_lossy(data);
    let made = Slug::from_title(&text);
    let again = Slug::parse(made.as_str());
    assert!(
        again.is_ok(),
        "from_title({text:?}) made {made:?}, which does not parse"
    );
    assert!(Slug::parse(made.numbered(7).as_str()).is_ok());
    if let Ok(slug) = Slug::parse(&text) {
        assert_eq!(slug.as_str(), text);
    }
    if let Ok(slug) = Slug::parse_section(&text) {
        assert_eq!(slug.as_str(), text);
    }
}

/// An old site's address (a redirect or an imported link) read as a section, topic or
/// author address.
pub fn paths(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Some((_, prefix, slug, rest)) = newsdesk_store::split_old_address(&text) {
        for part in [prefix, slug, rest] {
            assert!(text.contains(part), "{part:?} is not from {text:?}");
        }
    }
    let _ = newsdesk_import::body::uploads_path(&text);
}

/// Panics if `html` (as serialized by the sanitizer: in text a `<` is always escaped, so
/// a raw one opens a tag; attribute values are double-quoted and may hold `<` and `>`)
/// holds anything that runs: a script, frame, object, embed, SVG, MathML or style element,
/// an event-handler attribute, or a `javascript:`/`vbscript:` address.
pub fn assert_inert(html: &str) {
    const LIVE: &[&str] = &[
        "script", "iframe", "object", "embed", "frame", "frameset", "svg", "math", "style", "base",
        "meta", "link", "form",
    ];
    let lower = html.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut i = 0;
    while let Some(open) = lower[i..].find('<').map(|o| o + i) {
        let mut j = open + 1;
        if b.get(j) == Some(&b'/') {
            j += 1;
        }
        let name_start = j;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let name = &lower[name_start..j];
        assert!(!LIVE.contains(&name), "<{name}> in {html:?}");
        // The attributes, to the `>` outside quotes.
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let attr_start = j;
            while j < b.len() && !matches!(b[j], b'=' | b'>' | b'/') && !b[j].is_ascii_whitespace()
            {
                j += 1;
            }
            let attr = &lower[attr_start..j];
            assert!(!attr.starts_with("on"), "event handler {attr} in {html:?}");
            if b.get(j) != Some(&b'=') {
                continue;
            }
            j += 1;
            let value = if b.get(j) == Some(&b'"') {
                let end = lower[j + 1..].find('"').map_or(b.len(), |e| j + 1 + e);
                let value = &lower[j + 1..end];
                j = end + 1;
                value
            } else {
                let start = j;
                while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                    j += 1;
                }
                &lower[start..j]
            };
            let value: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            for scheme in ["javascript:", "vbscript:"] {
                assert!(!value.starts_with(scheme), "{scheme} in {attr} of {html:?}");
            }
        }
        i = j.min(b.len());
    }
}
