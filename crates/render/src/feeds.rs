//! Feeds: one [`FeedPage`] written as RSS 2.0 (with `content:encoded`, Dublin Core
//! creators and Media RSS pictures), Atom 1.0 or JSON Feed 1.1.
//!
//! Every story keeps one id in every format and for ever — a `tag:` URI made of the site's
//! host, the day the story was first published and its number — so a feed reader never
//! shows a story twice after a change of address. Corrections and update notes end the
//! story's content, dated, and date its last change, so readers see them as updates.

use crate::RenderError;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use newsdesk_core::view::{Correction, FeedItem, FeedPage, Site};
use serde::Serialize;
use std::collections::BTreeMap;

/// The language of every page (`<html lang>` in the theme) and so of every feed: the
/// site's setting, English when none is set.
pub fn language(site: &Site) -> &str {
    if site.language.is_empty() {
        "en"
    } else {
        &site.language
    }
}

/// The three formats, each at its own file name in the list's feed folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedFormat {
    Rss,
    Atom,
    Json,
}

impl FeedFormat {
    pub const ALL: [FeedFormat; 3] = [FeedFormat::Rss, FeedFormat::Atom, FeedFormat::Json];

    /// The file name in a feed folder: `/news/feed.xml`, `/news/atom.xml`, `/news/feed.json`.
    pub fn file_name(self) -> &'static str {
        match self {
            FeedFormat::Rss => "feed.xml",
            FeedFormat::Atom => "atom.xml",
            FeedFormat::Json => "feed.json",
        }
    }

    /// The format served at a path ending in one of the file names.
    pub fn of_path(path: &str) -> Option<FeedFormat> {
        let name = path.rsplit('/').next()?;
        FeedFormat::ALL.into_iter().find(|f| f.file_name() == name)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FeedFormat::Rss => "application/rss+xml; charset=utf-8",
            FeedFormat::Atom => "application/atom+xml; charset=utf-8",
            FeedFormat::Json => "application/feed+json; charset=utf-8",
        }
    }
}

/// Writes `page` in `format`. With `full_content` each story carries its whole body (and
/// its standfirst as the summary); without, only the standfirst. Either way its
/// corrections follow, dated.
pub fn feed(
    format: FeedFormat,
    site: &Site,
    page: &FeedPage,
    full_content: bool,
) -> Result<String, RenderError> {
    let feed = Feed {
        site,
        page,
        full_content,
        zone: TimeZone::get(&site.time_zone).unwrap_or(TimeZone::UTC),
    };
    match format {
        FeedFormat::Rss => feed.rss(),
        FeedFormat::Atom => feed.atom(),
        FeedFormat::Json => feed.json(),
    }
}

/// What every format is written from.
struct Feed<'a> {
    site: &'a Site,
    page: &'a FeedPage,
    full_content: bool,
    /// The site's zone, for the dates written into corrections.
    zone: TimeZone,
}

impl Feed<'_> {
    fn title(&self) -> String {
        if self.page.title.is_empty() {
            self.site.name.clone()
        } else {
            format!("{} — {}", self.page.title, self.site.name)
        }
    }

    fn description(&self) -> &str {
        if self.page.description.is_empty() {
            &self.site.tagline
        } else {
            &self.page.description
        }
    }

    fn absolute(&self, path: &str) -> String {
        absolute(&self.site.base_url, path)
    }

    fn feed_url(&self, format: FeedFormat) -> String {
        self.absolute(&format!("{}{}", self.page.feed_base, format.file_name()))
    }

    /// The latest change of any story: when the feed last changed.
    fn updated(&self) -> UnixTimeOr {
        self.page.items.iter().map(|i| i.updated_at).max()
    }

    /// The story's content as HTML: the body (or, for summaries, the standfirst), then the
    /// corrections, dated in the site's zone.
    fn content_html(&self, item: &FeedItem) -> Result<String, RenderError> {
        let mut html = if self.full_content {
            item.body_html.clone()
        } else {
            paragraph(&item.standfirst)
        };
        html.push_str(&notes_html(&item.corrections, &self.zone)?);
        Ok(html)
    }

    fn rss(&self) -> Result<String, RenderError> {
        let mut items = Vec::with_capacity(self.page.items.len());
        for item in &self.page.items {
            items.push(self.rss_item(item)?);
        }
        let channel = rss::Channel {
            title: self.title(),
            link: self.absolute(&self.page.page_url),
            description: self.description().to_owned(),
            language: Some(language(self.site).into()),
            generator: Some("Newsdesk".into()),
            last_build_date: self.updated().map(rfc2822).transpose()?,
            atom_ext: Some(rss::extension::atom::AtomExtension {
                links: vec![atom_syndication::Link {
                    href: self.feed_url(FeedFormat::Rss),
                    rel: "self".into(),
                    mime_type: Some("application/rss+xml".into()),
                    ..Default::default()
                }],
            }),
            namespaces: BTreeMap::from([
                ("dcterms".into(), "http://purl.org/dc/terms/".into()),
                ("media".into(), "http://search.yahoo.com/mrss/".into()),
            ]),
            items,
            ..Default::default()
        };
        let bytes = channel
            .write_to(Vec::new())
            .map_err(|e| write_error("feed.xml", &e))?;
        String::from_utf8(bytes)
            .map(crate::xml::only_xml_chars)
            .map_err(|e| write_error("feed.xml", &e))
    }

    fn rss_item(&self, item: &FeedItem) -> Result<rss::Item, RenderError> {
        let summary = if self.full_content {
            paragraph(&item.standfirst)
        } else {
            self.content_html(item)?
        };
        let mut extensions = rss::extension::ExtensionMap::new();
        extensions.insert(
            "dcterms".into(),
            BTreeMap::from([(
                "modified".into(),
                vec![extension(
                    "dcterms:modified",
                    Some(rfc3339(item.updated_at)?),
                    [],
                )],
            )]),
        );
        if let Some(image) = &item.image {
            let content = extension(
                "media:content",
                None,
                [
                    ("url", self.absolute(&image.url)),
                    ("type", image.content_type.clone()),
                    ("medium", "image".into()),
                    ("width", image.width.to_string()),
                    ("height", image.height.to_string()),
                ],
            );
            extensions.insert(
                "media".into(),
                BTreeMap::from([("content".into(), vec![content])]),
            );
        }
        Ok(rss::Item {
            title: Some(item.headline.clone()),
            link: Some(self.absolute(&item.url)),
            description: Some(summary),
            content: self
                .full_content
                .then(|| self.content_html(item))
                .transpose()?,
            guid: Some(rss::Guid {
                value: tag_uri(&self.site.base_url, item)?,
                permalink: false,
            }),
            pub_date: Some(rfc2822(item.first_published_at)?),
            categories: item
                .tags
                .iter()
                .map(|t| rss::Category {
                    name: t.name.clone(),
                    domain: Some(self.absolute(&t.url)),
                })
                .collect(),
            dublin_core_ext: (!item.authors.is_empty()).then(|| {
                rss::extension::dublincore::DublinCoreExtension {
                    creators: item.authors.iter().map(|a| a.name.clone()).collect(),
                    ..Default::default()
                }
            }),
            extensions,
            ..Default::default()
        })
    }

    fn atom(&self) -> Result<String, RenderError> {
        let mut entries = Vec::with_capacity(self.page.items.len());
        for item in &self.page.items {
            entries.push(self.atom_entry(item)?);
        }
        let feed = atom_syndication::Feed {
            title: atom_syndication::Text::plain(self.title()),
            id: self.absolute(&self.page.page_url),
            updated: fixed(self.updated().unwrap_or(0))?,
            // An entry without bylines is the site's own: Atom needs an author for each.
            authors: vec![atom_syndication::Person {
                name: self.site.name.clone(),
                uri: Some(self.absolute("/")),
                ..Default::default()
            }],
            links: vec![
                link(self.absolute(&self.page.page_url), "alternate", "text/html"),
                link(
                    self.feed_url(FeedFormat::Atom),
                    "self",
                    "application/atom+xml",
                ),
            ],
            subtitle: Some(atom_syndication::Text::plain(self.description())),
            generator: Some(atom_syndication::Generator {
                value: "Newsdesk".into(),
                ..Default::default()
            }),
            lang: Some(language(self.site).into()),
            // Bodies link to the site's own pages and pictures by path.
            base: Some(self.absolute("/")),
            entries,
            ..Default::default()
        };
        let bytes = feed
            .write_to(Vec::new())
            .map_err(|e| write_error("atom.xml", &e))?;
        String::from_utf8(bytes)
            .map(crate::xml::only_xml_chars)
            .map_err(|e| write_error("atom.xml", &e))
    }

    fn atom_entry(&self, item: &FeedItem) -> Result<atom_syndication::Entry, RenderError> {
        let mut links = vec![link(self.absolute(&item.url), "alternate", "text/html")];
        if let Some(image) = &item.image {
            links.push(link(
                self.absolute(&image.url),
                "enclosure",
                &image.content_type,
            ));
        }
        let (summary, content) = if self.full_content {
            let content = atom_syndication::Content {
                value: Some(self.content_html(item)?),
                content_type: Some("html".into()),
                ..Default::default()
            };
            (
                atom_syndication::Text::plain(&item.standfirst),
                Some(content),
            )
        } else {
            (atom_syndication::Text::html(self.content_html(item)?), None)
        };
        Ok(atom_syndication::Entry {
            title: atom_syndication::Text::plain(&item.headline),
            id: tag_uri(&self.site.base_url, item)?,
            updated: fixed(item.updated_at)?,
            published: Some(fixed(item.first_published_at)?),
            authors: item
                .authors
                .iter()
                .map(|a| atom_syndication::Person {
                    name: a.name.clone(),
                    uri: Some(self.absolute(&a.url)),
                    ..Default::default()
                })
                .collect(),
            categories: item
                .tags
                .iter()
                .map(|t| atom_syndication::Category {
                    term: t.name.clone(),
                    scheme: Some(self.absolute("/tag/")),
                    label: Some(t.name.clone()),
                })
                .collect(),
            links,
            summary: Some(summary),
            content,
            ..Default::default()
        })
    }

    fn json(&self) -> Result<String, RenderError> {
        let mut items = Vec::with_capacity(self.page.items.len());
        for item in &self.page.items {
            items.push(self.json_item(item)?);
        }
        let feed = JsonFeed {
            version: "https://jsonfeed.org/version/1.1",
            title: self.title(),
            home_page_url: self.absolute(&self.page.page_url),
            feed_url: self.feed_url(FeedFormat::Json),
            description: self.description(),
            language: language(self.site),
            authors: vec![JsonAuthor {
                name: &self.site.name,
                url: Some(self.absolute("/")),
            }],
            items,
        };
        serde_json::to_string_pretty(&feed).map_err(|e| write_error("feed.json", &e))
    }

    fn json_item<'a>(&'a self, item: &'a FeedItem) -> Result<JsonItem<'a>, RenderError> {
        Ok(JsonItem {
            id: tag_uri(&self.site.base_url, item)?,
            url: self.absolute(&item.url),
            title: &item.headline,
            content_html: self.content_html(item)?,
            summary: &item.standfirst,
            image: item.image.as_ref().map(|i| self.absolute(&i.url)),
            date_published: rfc3339(item.first_published_at)?,
            date_modified: rfc3339(item.updated_at)?,
            authors: item
                .authors
                .iter()
                .map(|a| JsonAuthor {
                    name: &a.name,
                    url: Some(self.absolute(&a.url)),
                })
                .collect(),
            tags: item.tags.iter().map(|t| t.name.as_str()).collect(),
        })
    }
}

type UnixTimeOr = Option<newsdesk_core::UnixTime>;

/// JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>): the fields Newsdesk fills.
#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: String,
    home_page_url: String,
    feed_url: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    language: &'a str,
    authors: Vec<JsonAuthor<'a>>,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: String,
    url: String,
    title: &'a str,
    content_html: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    date_published: String,
    date_modified: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<JsonAuthor<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// `base + path` for a site path; anything else (already absolute) unchanged.
pub fn absolute(base_url: &str, path: &str) -> String {
    if path.starts_with('/') && !path.starts_with("//") {
        format!("{base_url}{path}")
    } else {
        path.to_owned()
    }
}

/// A story's corrections and update notes as they end its content in a feed (and in
/// the ninjs a story is also served as): a heading, then each note with its time, shown
/// in `zone`. Nothing when there are none.
pub fn notes_html(corrections: &[Correction], zone: &TimeZone) -> Result<String, RenderError> {
    if corrections.is_empty() {
        return Ok(String::new());
    }
    let mut html = String::from("<h2>Corrections and updates</h2>");
    for c in corrections {
        let at = timestamp(c.published_at)?;
        let shown = at.to_zoned(zone.clone()).strftime("%-d %B %Y, %H:%M");
        let label = if c.kind == "update" {
            "Update"
        } else {
            "Correction"
        };
        html.push_str(&format!(
            "<p><strong>{label}</strong> <time datetime=\"{at}\">{shown}</time>: {}</p>",
            escape(&c.text)
        ));
    }
    Ok(html)
}

fn tag_uri(base_url: &str, item: &FeedItem) -> Result<String, RenderError> {
    story_uri(base_url, item.id, item.first_published_at)
}

/// `tag:news.example.com,2026-11-25:article:42` (RFC 4151): the site's host, the day the
/// story was first published (UTC) and its number — none of which ever changes. The one
/// id of a story in every format (feeds, ninjs).
pub fn story_uri(base_url: &str, id: i64, first_published_at: i64) -> Result<String, RenderError> {
    let day = timestamp(first_published_at)?
        .to_zoned(TimeZone::UTC)
        .strftime("%Y-%m-%d");
    Ok(format!("tag:{},{day}:article:{id}", host_of(base_url)))
}

/// The host of a base URL, without scheme, credentials or port, in lower case.
fn host_of(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    host.to_ascii_lowercase()
}

fn link(href: String, rel: &str, mime_type: &str) -> atom_syndication::Link {
    atom_syndication::Link {
        href,
        rel: rel.into(),
        mime_type: Some(mime_type.into()),
        ..Default::default()
    }
}

fn extension<const N: usize>(
    name: &str,
    value: Option<String>,
    attrs: [(&str, String); N],
) -> rss::extension::Extension {
    rss::extension::Extension {
        name: name.into(),
        value,
        attrs: attrs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        children: BTreeMap::new(),
    }
}

/// Text as one HTML paragraph; nothing for no text.
fn paragraph(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("<p>{}</p>", escape(text))
    }
}

/// Escapes text for an HTML text node (`&`, `<`, `>`): quotes stay as they are, since
/// `&apos;` is no HTML 4 entity and older readers print it.
fn escape(text: &str) -> String {
    quick_xml::escape::partial_escape(text).into_owned()
}

pub(crate) fn timestamp(secs: i64) -> Result<Timestamp, RenderError> {
    Timestamp::from_second(secs).map_err(|e| RenderError::Render {
        template: "feed".into(),
        message: format!("not a time: {secs}: {e}"),
    })
}

/// RFC 2822, as RSS dates are written: `Wed, 25 Nov 2026 09:14:00 +0000`.
fn rfc2822(secs: i64) -> Result<String, RenderError> {
    let zoned = timestamp(secs)?.to_zoned(TimeZone::UTC);
    jiff::fmt::rfc2822::to_string(&zoned).map_err(|e| write_error("feed.xml", &e))
}

/// RFC 3339 in UTC, as Atom and JSON Feed dates are written: `2026-11-25T09:14:00Z`.
pub fn rfc3339(secs: i64) -> Result<String, RenderError> {
    Ok(timestamp(secs)?.to_string())
}

fn fixed(secs: i64) -> Result<atom_syndication::FixedDateTime, RenderError> {
    atom_syndication::FixedDateTime::parse_from_rfc3339(&rfc3339(secs)?)
        .map_err(|e| write_error("atom.xml", &e))
}

fn write_error(what: &str, err: &dyn std::fmt::Display) -> RenderError {
    RenderError::Render {
        template: what.to_owned(),
        message: err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdesk_core::CacheKey;
    use newsdesk_core::view::{AuthorLink, FeedImage, SectionLink, TagLink};

    fn site() -> Site {
        Site {
            name: "The Chronicle".into(),
            tagline: "News & comment".into(),
            base_url: "https://news.example.com:8443".into(),
            sections: Vec::new(),
            time_zone: "Europe/London".into(),
            ..Site::default()
        }
    }

    fn item() -> FeedItem {
        FeedItem {
            id: 42,
            url: "/news/blast-hits-market".into(),
            headline: "Blast hits <market> & more".into(),
            standfirst: "At least 12 killed.".into(),
            body_html: "<p>Body ]]> text.</p>".into(),
            section: SectionLink {
                id: 1,
                slug: "news".into(),
                name: "News".into(),
                url: "/news/".into(),
            },
            authors: vec![AuthorLink {
                name: "Jane Hollis".into(),
                url: "/author/jane-hollis".into(),
            }],
            tags: vec![TagLink {
                id: 3,
                name: "Iraq".into(),
                url: "/tag/iraq".into(),
            }],
            image: Some(FeedImage {
                url: "/media/abc-960.jpg".into(),
                content_type: "image/jpeg".into(),
                width: 960,
                height: 640,
                alt: "Smoke".into(),
                caption: String::new(),
                credit: "AP".into(),
            }),
            // 2026-11-25T09:14:00Z
            first_published_at: 1_795_598_040,
            updated_at: 1_795_601_640,
            corrections: vec![Correction {
                published_at: 1_795_601_640,
                kind: "correction".into(),
                text: "An earlier version said <11>.".into(),
            }],
        }
    }

    fn page() -> FeedPage {
        FeedPage {
            title: "News".into(),
            description: String::new(),
            page_url: "/news/".into(),
            feed_base: "/news/".into(),
            list_key: CacheKey::Section(1),
            items: vec![item()],
        }
    }

    #[test]
    fn the_format_follows_the_file_name() {
        assert_eq!(FeedFormat::of_path("/feed.xml"), Some(FeedFormat::Rss));
        assert_eq!(
            FeedFormat::of_path("/tag/iraq/atom.xml"),
            Some(FeedFormat::Atom)
        );
        assert_eq!(
            FeedFormat::of_path("/news/feed.json"),
            Some(FeedFormat::Json)
        );
        assert_eq!(FeedFormat::of_path("/news/feed"), None);
    }

    #[test]
    fn a_story_has_one_tag_uri_without_port_or_scheme() {
        assert_eq!(
            tag_uri("https://News.Example.com:8443", &item()).unwrap(),
            "tag:news.example.com,2026-11-25:article:42"
        );
        assert_eq!(host_of("http://127.0.0.1:8080"), "127.0.0.1");
    }

    #[test]
    fn rss_dates_are_rfc_2822_and_text_is_escaped() {
        let xml = feed(FeedFormat::Rss, &site(), &page(), true).unwrap();
        assert!(
            xml.contains("<pubDate>Wed, 25 Nov 2026 09:14:00 +0000</pubDate>"),
            "{xml}"
        );
        assert!(xml.contains("<title>Blast hits &lt;market&gt; &amp; more</title>"));
        assert!(xml.contains("<dcterms:modified>2026-11-25T10:14:00Z</dcterms:modified>"));
        // Inside CDATA the correction's text is HTML, escaped once.
        assert!(xml.contains("said &lt;11&gt;."), "{xml}");
        assert!(xml.contains("xmlns:media=\"http://search.yahoo.com/mrss/\""));
        assert!(xml.contains("url=\"https://news.example.com:8443/media/abc-960.jpg\""));
    }

    #[test]
    fn summaries_leave_the_body_out_but_keep_the_corrections() {
        for format in FeedFormat::ALL {
            let text = feed(format, &site(), &page(), false).unwrap();
            assert!(!text.contains("Body"), "{format:?}: {text}");
            assert!(text.contains("An earlier version said"), "{format:?}");
            assert!(text.contains("At least 12 killed."), "{format:?}");
        }
    }

    #[test]
    fn json_feed_has_the_1_1_fields() {
        let json = feed(FeedFormat::Json, &site(), &page(), true).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(v["title"], "News — The Chronicle");
        assert_eq!(v["description"], "News & comment");
        assert_eq!(
            v["feed_url"],
            "https://news.example.com:8443/news/feed.json"
        );
        let item = &v["items"][0];
        assert_eq!(item["date_published"], "2026-11-25T09:14:00Z");
        assert_eq!(item["date_modified"], "2026-11-25T10:14:00Z");
        assert_eq!(
            item["image"],
            "https://news.example.com:8443/media/abc-960.jpg"
        );
        assert_eq!(item["tags"][0], "Iraq");
        assert!(
            item["content_html"]
                .as_str()
                .unwrap()
                .contains("<time datetime=\"2026-11-25T10:14:00Z\">25 November 2026, 10:14</time>")
        );
    }
}
