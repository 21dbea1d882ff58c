//! A pull reader for WordPress eXtended RSS (WXR 1.0–1.2): one author, term or item at a
//! time, so memory stays the size of the largest item whatever the file's size.
//!
//! Elements are matched by their written names (`wp:post_id`), not by namespace: the
//! exports in the wild use `http://` and `https://` namespace addresses for the same
//! thing. A DOCTYPE is refused outright — nothing declared in one is ever read, so no
//! entity is expanded and nothing outside the file is fetched — and any entity but the
//! five XML ones and character references is an error, as it would be with no DTD.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::BufRead;

/// Deeper than any export: a file nesting further is not one.
const MAX_DEPTH: usize = 32;
/// The largest single field (a post body) kept in memory.
const MAX_FIELD_BYTES: usize = 64 * 1024 * 1024;

/// What the export says about the site it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Channel {
    pub title: String,
    pub link: String,
    pub base_site_url: String,
    pub base_blog_url: String,
    pub wxr_version: String,
}

impl Channel {
    /// The site's own address: the blog's, else the site's, else the channel link.
    pub fn site_address(&self) -> &str {
        [&self.base_blog_url, &self.link, &self.base_site_url]
            .into_iter()
            .map(|s| s.trim())
            .find(|s| !s.is_empty())
            .unwrap_or("")
    }
}

/// A `wp:author`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Author {
    pub login: String,
    pub email: String,
    pub display_name: String,
    pub first_name: String,
    pub last_name: String,
    pub description: String,
}

/// A `wp:category`, `wp:tag` or `wp:term`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Term {
    pub id: String,
    /// `category`, `post_tag`, or another taxonomy (`nav_menu`, `post_format`, …).
    pub taxonomy: String,
    pub slug: String,
    /// The parent's slug; empty at the top.
    pub parent: String,
    pub name: String,
    pub description: String,
}

/// A term an item is filed under: `<category domain="post_tag" nicename="x">X</category>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemTerm {
    /// `category` when the export does not say (WXR 1.0 and hand-made files).
    pub domain: String,
    pub nicename: String,
    pub name: String,
}

/// An `item`: a post, page, attachment, menu item, block…
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Item {
    pub title: String,
    pub link: String,
    pub pub_date: String,
    pub creator: String,
    pub guid: String,
    pub description: String,
    pub content: String,
    pub excerpt: String,
    pub post_id: String,
    pub post_date: String,
    pub post_date_gmt: String,
    pub post_modified_gmt: String,
    pub post_name: String,
    pub status: String,
    pub post_parent: String,
    pub post_type: String,
    pub attachment_url: String,
    pub postmeta: Vec<(String, String)>,
    pub terms: Vec<ItemTerm>,
    /// Comments are counted, not kept.
    pub comments: usize,
}

impl Item {
    /// The first value of postmeta `key`.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.postmeta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// One thing read from the export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    Author(Author),
    Term(Term),
    Item(Box<Item>),
}

/// Why the export cannot be read. `offset` is a byte position; [`locate`] turns it into
/// a line and column for the person.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WxrError {
    #[error("{message}")]
    Xml { offset: u64, message: String },
    #[error("the file could not be read: {0}")]
    Io(String),
}

impl WxrError {
    fn at(offset: u64, message: impl Into<String>) -> WxrError {
        WxrError::Xml {
            offset,
            message: message.into(),
        }
    }
}

/// Line and column (both from 1, the column in characters) of byte `offset` in `input`.
pub fn locate(mut input: impl BufRead, offset: u64) -> std::io::Result<(u64, u64)> {
    let (mut line, mut column, mut seen) = (1u64, 1u64, 0u64);
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() || seen >= offset {
            return Ok((line, column));
        }
        let take = chunk.len().min((offset - seen) as usize);
        for &b in &chunk[..take] {
            if b == b'\n' {
                line += 1;
                column = 1;
            } else if b & 0xC0 != 0x80 {
                // Count characters, not the continuation bytes of UTF-8.
                column += 1;
            }
        }
        seen += take as u64;
        input.consume(take);
    }
}

/// Where the reader is: which element's text is being gathered, and into what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Within {
    Channel,
    Author,
    Term,
    Item,
    Meta,
    Comment,
}

/// The pull reader: call [`WxrReader::next_entry`] until it answers `None`.
pub struct WxrReader<R: BufRead> {
    reader: Reader<R>,
    buf: Vec<u8>,
    stack: Vec<String>,
    text: String,
    channel: Channel,
    author: Author,
    term: Term,
    item: Item,
    meta: (String, String),
    saw_rss: bool,
    saw_channel: bool,
    done: bool,
}

impl<R: BufRead> WxrReader<R> {
    pub fn new(input: R) -> WxrReader<R> {
        let mut reader = Reader::from_reader(input);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = true;
        WxrReader {
            reader,
            buf: Vec::with_capacity(64 * 1024),
            stack: Vec::new(),
            text: String::new(),
            channel: Channel::default(),
            author: Author::default(),
            term: Term::default(),
            item: Item::default(),
            meta: Default::default(),
            saw_rss: false,
            saw_channel: false,
            done: false,
        }
    }

    /// The site's words read so far (all of them once the first item has been read, in
    /// every export WordPress writes).
    pub fn channel(&self) -> &Channel {
        &self.channel
    }

    /// Byte position just after what has been read.
    pub fn position(&self) -> u64 {
        self.reader.buffer_position()
    }

    fn within(&self) -> Option<Within> {
        let names: Vec<&str> = self.stack.iter().map(String::as_str).collect();
        match names.as_slice() {
            ["rss", "channel", "item", "wp:postmeta", ..] => Some(Within::Meta),
            ["rss", "channel", "item", "wp:comment", ..] => Some(Within::Comment),
            ["rss", "channel", "item", ..] => Some(Within::Item),
            ["rss", "channel", "wp:author", ..] => Some(Within::Author),
            ["rss", "channel", "wp:category" | "wp:tag" | "wp:term", ..] => Some(Within::Term),
            ["rss", "channel", ..] => Some(Within::Channel),
            _ => None,
        }
    }

    /// The next author, term or item; `None` at the end of a complete export.
    pub fn next_entry(&mut self) -> Result<Option<Entry>, WxrError> {
        while !self.done {
            self.buf.clear();
            let start = self.reader.buffer_position();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(event) => event.into_owned(),
                Err(e) => {
                    return Err(WxrError::at(
                        self.reader.error_position(),
                        format!("the XML is broken: {e}"),
                    ));
                }
            };
            if let Some(entry) = self.take(event, start)? {
                return Ok(Some(entry));
            }
        }
        Ok(None)
    }

    /// Takes one event, which began at byte `start`.
    fn take(&mut self, event: Event<'static>, start: u64) -> Result<Option<Entry>, WxrError> {
        let here = self.reader.buffer_position();
        match event {
            Event::DocType(_) => Err(WxrError::at(
                start,
                "the file declares a DOCTYPE, which a WordPress export never does; it is refused so that no entity it declares is expanded and nothing it names is fetched",
            )),
            Event::Start(start) => {
                self.open(&start, here)?;
                Ok(None)
            }
            Event::End(end) => {
                let name = String::from_utf8_lossy(end.name().as_ref()).into_owned();
                self.close(&name)
            }
            Event::Text(t) => {
                let text = t
                    .xml_content()
                    .map_err(|e| WxrError::at(here, format!("the text is not UTF-8: {e}")))?;
                self.push_text(&text, here)
            }
            Event::CData(t) => {
                let text = t
                    .xml_content()
                    .map_err(|e| WxrError::at(here, format!("the text is not UTF-8: {e}")))?;
                self.push_text(&text, here)
            }
            Event::GeneralRef(r) => {
                let name = String::from_utf8_lossy(&r).into_owned();
                // Point at the `&`, not past the `;`.
                let here = start;
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .ok()
                        .flatten()
                        .map(|c| c.to_string())
                        .ok_or_else(|| WxrError::at(here, format!("&{name}; is not a character")))?
                } else if let Some(known) = quick_xml::escape::resolve_predefined_entity(&name) {
                    known.to_owned()
                } else {
                    return Err(WxrError::at(
                        here,
                        format!(
                            "the entity &{name}; is not defined (only &lt; &gt; &amp; &apos; &quot; and character references are read)"
                        ),
                    ));
                };
                self.push_text(&resolved, here)
            }
            Event::Eof => {
                self.done = true;
                if let Some(open) = self.stack.last() {
                    return Err(WxrError::at(
                        here,
                        format!(
                            "the file ends inside <{open}>: it was cut short (export it again, or copy it whole)"
                        ),
                    ));
                }
                if !self.saw_rss || !self.saw_channel {
                    return Err(WxrError::at(
                        here,
                        "this is not a WordPress export: it has no <rss><channel>",
                    ));
                }
                Ok(None)
            }
            Event::Empty(_) | Event::Comment(_) | Event::Decl(_) | Event::PI(_) => Ok(None),
        }
    }

    fn push_text(&mut self, text: &str, here: u64) -> Result<Option<Entry>, WxrError> {
        if self.text.len() + text.len() > MAX_FIELD_BYTES {
            return Err(WxrError::at(
                here,
                format!(
                    "one field is larger than {} MB; no post is that long, so the file is refused",
                    MAX_FIELD_BYTES / 1024 / 1024
                ),
            ));
        }
        self.text.push_str(text);
        Ok(None)
    }

    fn open(&mut self, start: &BytesStart<'_>, here: u64) -> Result<(), WxrError> {
        let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
        if self.stack.len() >= MAX_DEPTH {
            return Err(WxrError::at(
                here,
                format!(
                    "elements nest deeper than {MAX_DEPTH} levels; this is not a WordPress export"
                ),
            ));
        }
        match (self.stack.len(), name.as_str()) {
            (0, "rss") => self.saw_rss = true,
            (0, other) => {
                return Err(WxrError::at(
                    here,
                    format!("this is not a WordPress export: it starts with <{other}>, not <rss>"),
                ));
            }
            (1, "channel") => self.saw_channel = true,
            _ => {}
        }
        self.stack.push(name);
        self.text.clear();
        match (self.within(), self.stack.last().map(String::as_str)) {
            (Some(Within::Item), Some("item")) => self.item = Item::default(),
            (Some(Within::Author), Some("wp:author")) => self.author = Author::default(),
            (Some(Within::Term), Some(kind @ ("wp:category" | "wp:tag" | "wp:term"))) => {
                self.term = Term {
                    taxonomy: match kind {
                        "wp:category" => "category".into(),
                        "wp:tag" => "post_tag".into(),
                        _ => String::new(),
                    },
                    ..Term::default()
                };
            }
            (Some(Within::Item), Some("category")) if self.stack.len() == 4 => {
                let mut term = ItemTerm {
                    domain: "category".into(),
                    ..ItemTerm::default()
                };
                for attr in start.attributes().flatten() {
                    let value = attr
                        .unescape_value()
                        .map(|v| v.into_owned())
                        .unwrap_or_default();
                    match attr.key.as_ref() {
                        b"domain" => term.domain = value,
                        b"nicename" => term.nicename = value,
                        _ => {}
                    }
                }
                self.item.terms.push(term);
            }
            (Some(Within::Meta), Some("wp:postmeta")) => self.meta = Default::default(),
            (Some(Within::Comment), Some("wp:comment")) => self.item.comments += 1,
            _ => {}
        }
        Ok(())
    }

    fn close(&mut self, name: &str) -> Result<Option<Entry>, WxrError> {
        let within = self.within();
        let depth = self.stack.len();
        let text = std::mem::take(&mut self.text);
        let mut entry = None;
        match within {
            Some(Within::Channel) if depth == 3 => {
                let field = match name {
                    "title" => &mut self.channel.title,
                    "link" => &mut self.channel.link,
                    "wp:base_site_url" => &mut self.channel.base_site_url,
                    "wp:base_blog_url" => &mut self.channel.base_blog_url,
                    "wp:wxr_version" => &mut self.channel.wxr_version,
                    _ => &mut String::new(),
                };
                *field = text.trim().to_owned();
            }
            Some(Within::Author) if depth == 3 => {
                entry = Some(Entry::Author(std::mem::take(&mut self.author)));
            }
            Some(Within::Author) if depth == 4 => {
                let a = &mut self.author;
                let field = match name {
                    "wp:author_login" => &mut a.login,
                    "wp:author_email" => &mut a.email,
                    "wp:author_display_name" => &mut a.display_name,
                    "wp:author_first_name" => &mut a.first_name,
                    "wp:author_last_name" => &mut a.last_name,
                    "wp:author_description" => &mut a.description,
                    _ => &mut String::new(),
                };
                *field = text.trim().to_owned();
            }
            Some(Within::Term) if depth == 3 => {
                entry = Some(Entry::Term(std::mem::take(&mut self.term)));
            }
            Some(Within::Term) if depth == 4 => {
                let t = &mut self.term;
                let field = match name {
                    "wp:term_id" => &mut t.id,
                    "wp:term_taxonomy" => &mut t.taxonomy,
                    "wp:category_nicename" | "wp:tag_slug" | "wp:term_slug" => &mut t.slug,
                    "wp:category_parent" | "wp:term_parent" => &mut t.parent,
                    "wp:cat_name" | "wp:tag_name" | "wp:term_name" => &mut t.name,
                    "wp:category_description" | "wp:tag_description" | "wp:term_description" => {
                        &mut t.description
                    }
                    _ => &mut String::new(),
                };
                *field = text.trim().to_owned();
            }
            Some(Within::Item) if depth == 3 => {
                entry = Some(Entry::Item(Box::new(std::mem::take(&mut self.item))));
            }
            Some(Within::Item) if depth == 4 => self.item_field(name, text),
            Some(Within::Meta) if depth == 5 => match name {
                "wp:meta_key" => self.meta.0 = text.trim().to_owned(),
                "wp:meta_value" => self.meta.1 = text,
                _ => {}
            },
            Some(Within::Meta) if depth == 4 => {
                let meta = std::mem::take(&mut self.meta);
                self.item.postmeta.push(meta);
            }
            _ => {}
        }
        self.stack.pop();
        Ok(entry)
    }

    fn item_field(&mut self, name: &str, text: String) {
        let i = &mut self.item;
        if name == "category" {
            if let Some(term) = i.terms.last_mut() {
                term.name = text.trim().to_owned();
            }
            return;
        }
        let field = match name {
            "title" => &mut i.title,
            "link" => &mut i.link,
            "pubDate" => &mut i.pub_date,
            "dc:creator" => &mut i.creator,
            "guid" => &mut i.guid,
            "description" => &mut i.description,
            "content:encoded" => {
                i.content = text;
                return;
            }
            "excerpt:encoded" => {
                i.excerpt = text;
                return;
            }
            "wp:post_id" => &mut i.post_id,
            "wp:post_date" => &mut i.post_date,
            "wp:post_date_gmt" => &mut i.post_date_gmt,
            "wp:post_modified_gmt" => &mut i.post_modified_gmt,
            "wp:post_name" => &mut i.post_name,
            "wp:status" => &mut i.status,
            "wp:post_parent" => &mut i.post_parent,
            "wp:post_type" => &mut i.post_type,
            "wp:attachment_url" => &mut i.attachment_url,
            _ => return,
        };
        *field = text.trim().to_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(xml: &str) -> Result<Vec<Entry>, WxrError> {
        let mut reader = WxrReader::new(xml.as_bytes());
        let mut out = Vec::new();
        while let Some(entry) = reader.next_entry()? {
            out.push(entry);
        }
        Ok(out)
    }

    fn message_and_place(xml: &str) -> (String, (u64, u64)) {
        match read_all(xml) {
            Err(WxrError::Xml { offset, message }) => {
                (message, locate(xml.as_bytes(), offset).expect("locate"))
            }
            other => panic!("expected an XML error, got {other:?}"),
        }
    }

    const MINIMAL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>A site</title>
  <wp:base_blog_url>https://example.org</wp:base_blog_url>
  <wp:author><wp:author_login><![CDATA[ann]]></wp:author_login><wp:author_display_name>Ann &amp; Co</wp:author_display_name></wp:author>
  <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>world</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>World</wp:cat_name></wp:category>
  <item>
    <title>Hello &#8220;there&#8221;</title>
    <content:encoded><![CDATA[<p>Body & more</p>]]></content:encoded>
    <wp:post_id>7</wp:post_id>
    <category domain="category" nicename="world"><![CDATA[World]]></category>
    <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value><![CDATA[9]]></wp:meta_value></wp:postmeta>
    <wp:comment><wp:comment_content>hi</wp:comment_content></wp:comment>
    <wp:comment><wp:comment_content>ho</wp:comment_content></wp:comment>
  </item>
</channel>
</rss>"#;

    #[test]
    fn reads_authors_terms_and_items_in_order() {
        let mut reader = WxrReader::new(MINIMAL.as_bytes());
        let mut entries = Vec::new();
        while let Some(e) = reader.next_entry().expect("reads") {
            entries.push(e);
        }
        assert_eq!(reader.channel().site_address(), "https://example.org");
        let [Entry::Author(a), Entry::Term(t), Entry::Item(i)] = entries.as_slice() else {
            panic!("{entries:?}");
        };
        assert_eq!(
            (a.login.as_str(), a.display_name.as_str()),
            ("ann", "Ann & Co")
        );
        assert_eq!(
            (t.taxonomy.as_str(), t.slug.as_str()),
            ("category", "world")
        );
        assert_eq!(i.title, "Hello \u{201c}there\u{201d}");
        assert_eq!(i.content, "<p>Body & more</p>");
        assert_eq!(i.meta("_thumbnail_id"), Some("9"));
        assert_eq!(i.comments, 2);
        assert_eq!(i.terms[0].nicename, "world");
        assert_eq!(i.terms[0].name, "World");
    }

    #[test]
    fn an_external_entity_is_refused_before_anything_is_read() {
        let xxe = r#"<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&xxe;</title></item></channel></rss>"#;
        let (message, (line, _)) = message_and_place(xxe);
        assert!(message.contains("DOCTYPE"), "{message}");
        assert_eq!(line, 2);
    }

    #[test]
    fn a_billion_laughs_is_refused() {
        let lol = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss><channel><item><title>&lol2;</title></item></channel></rss>"#;
        let (message, _) = message_and_place(lol);
        assert!(message.contains("DOCTYPE"), "{message}");
    }

    #[test]
    fn an_undeclared_entity_is_refused_by_name() {
        let xml = "<rss><channel><item><title>&nbsp;</title></item></channel></rss>";
        let (message, (line, column)) = message_and_place(xml);
        assert!(message.contains("&nbsp;"), "{message}");
        assert_eq!((line, column), (1, 28));
    }

    #[test]
    fn broken_xml_is_placed_by_line_and_column() {
        let xml = "<rss>\n<channel>\n  <item><title>x</titel></item>\n</channel></rss>";
        let (message, (line, column)) = message_and_place(xml);
        assert!(message.contains("broken"), "{message}");
        assert_eq!(line, 3);
        assert!(column > 10, "{column}");
    }

    #[test]
    fn a_file_cut_short_says_so() {
        let cut = &MINIMAL[..MINIMAL.find("<wp:post_id>").expect("in it")];
        let (message, _) = message_and_place(cut);
        assert!(message.contains("cut short"), "{message}");
    }

    #[test]
    fn something_else_than_an_export_is_named() {
        let (message, _) = message_and_place("<html><body/></html>");
        assert!(message.contains("not a WordPress export"), "{message}");
        let (message, _) = message_and_place("");
        assert!(message.contains("not a WordPress export"), "{message}");
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(
            locate("ab\ncé€x".as_bytes(), 3 + 1 + 2 + 3).expect("ok"),
            (2, 4)
        );
    }
}
