//! Sitemaps (sitemaps.org 0.9): the index, one file of addresses, and the Google News
//! sitemap. Every address is absolute and every `<lastmod>` a W3C datetime in UTC
//! (`2026-11-25T09:14:00Z`).

use crate::RenderError;
use crate::feeds::{absolute, language, rfc3339, timestamp};
use newsdesk_core::view::{NewsSitemap, Site, SitemapEntry, SitemapIndex, UrlSet};
use std::fmt::Write as _;

pub const CONTENT_TYPE: &str = "application/xml; charset=utf-8";

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS_NS: &str = "http://www.google.com/schemas/sitemap-news/0.9";

/// `/sitemap.xml`: one `<sitemap>` per file.
pub fn sitemap_index(site: &Site, index: &SitemapIndex) -> Result<String, RenderError> {
    entries(site, "sitemapindex", "sitemap", &index.files)
}

/// One file of addresses.
pub fn url_set(site: &Site, set: &UrlSet) -> Result<String, RenderError> {
    entries(site, "urlset", "url", &set.urls)
}

/// A document of `<item>` entries in a `<list>`, appended in place: an archive of decades
/// has hundreds of files in its index and a month tens of thousands of addresses, so each
/// costs as little as it can (the site's address is escaped once, a path or a date that
/// needs no escaping is copied as it is).
fn entries(
    site: &Site,
    list: &str,
    item: &str,
    entries: &[SitemapEntry],
) -> Result<String, RenderError> {
    let base = escape(&site.base_url);
    let mut xml = String::with_capacity(128 + entries.len() * (base.len() + 96));
    let _ = writeln!(xml, "{HEAD}<{list} xmlns=\"{SITEMAP_NS}\">");
    for entry in entries {
        let _ = write!(xml, "<{item}><loc>");
        if entry.url.starts_with('/') && !entry.url.starts_with("//") {
            xml.push_str(&base);
        }
        push_escaped(&mut xml, &entry.url);
        xml.push_str("</loc>");
        if let Some(at) = entry.lastmod {
            let _ = write!(xml, "<lastmod>{}</lastmod>", timestamp(at)?);
        }
        let _ = writeln!(xml, "</{item}>");
    }
    let _ = writeln!(xml, "</{list}>");
    Ok(xml)
}

/// The Google News sitemap: each story with the publication's name and language, the time
/// it was first published and its headline.
pub fn news_sitemap(site: &Site, news: &NewsSitemap) -> Result<String, RenderError> {
    let mut xml = format!("{HEAD}<urlset xmlns=\"{SITEMAP_NS}\" xmlns:news=\"{NEWS_NS}\">\n");
    let name = escape(&site.name);
    let lang = escape(&news_language(language(site)));
    for item in &news.items {
        let _ = writeln!(
            xml,
            "<url><loc>{}</loc><news:news><news:publication><news:name>{name}</news:name>\
             <news:language>{lang}</news:language></news:publication>\
             <news:publication_date>{}</news:publication_date><news:title>{}</news:title>\
             </news:news></url>",
            escape(&absolute(&site.base_url, &item.url)),
            rfc3339(item.first_published_at)?,
            escape(&item.headline),
        );
    }
    xml.push_str("</urlset>\n");
    Ok(xml)
}

/// Google News wants an ISO 639 code: the tag's first part, except Chinese, which names
/// its script (`zh-cn` simplified, `zh-tw` traditional).
fn news_language(tag: &str) -> String {
    let tag = tag.to_ascii_lowercase();
    let primary = tag.split('-').next().unwrap_or("en");
    if primary == "zh" {
        if tag.contains("hant") || tag.ends_with("-tw") || tag.ends_with("-hk") {
            return "zh-tw".into();
        }
        return "zh-cn".into();
    }
    primary.to_owned()
}

/// Escaped, and without the characters XML cannot carry (`crate::xml`).
fn escape(text: &str) -> String {
    crate::xml::only_xml_chars(quick_xml::escape::escape(text).into_owned())
}

/// [`escape`], appended to `xml`, without a copy of its own when `text` needs nothing done.
fn push_escaped(xml: &mut String, text: &str) {
    match quick_xml::escape::escape(text) {
        std::borrow::Cow::Borrowed(same) if crate::xml::is_xml_chars(same) => xml.push_str(same),
        other => xml.push_str(&crate::xml::only_xml_chars(other.into_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdesk_core::view::NewsEntry;

    fn site() -> Site {
        Site {
            name: "Fish & Chips Gazette".into(),
            tagline: String::new(),
            base_url: "https://news.example.com".into(),
            sections: Vec::new(),
            time_zone: "UTC".into(),
            ..Site::default()
        }
    }

    #[test]
    fn addresses_are_absolute_and_escaped_with_w3c_dates() {
        let set = UrlSet {
            urls: vec![
                SitemapEntry {
                    url: "/news/a-b".into(),
                    lastmod: Some(0),
                },
                SitemapEntry {
                    url: "/tag/x".into(),
                    lastmod: None,
                },
            ],
        };
        let xml = url_set(&site(), &set).unwrap();
        assert!(xml.contains(
            "<url><loc>https://news.example.com/news/a-b</loc><lastmod>1970-01-01T00:00:00Z</lastmod></url>"
        ));
        assert!(xml.contains("<url><loc>https://news.example.com/tag/x</loc></url>"));
    }

    #[test]
    fn only_own_paths_get_the_site_address_and_every_part_is_escaped() {
        let mut site = site();
        site.base_url = "https://news.example.com/a&b".into();
        let entry = |url: &str| SitemapEntry {
            url: url.into(),
            lastmod: None,
        };
        let index = SitemapIndex {
            files: vec![
                entry("/sitemaps/2026-11.xml"),
                entry("/tag/fish&chips\u{1b}"),
                entry("https://elsewhere.example/x?a=1&b=2"),
                entry("//elsewhere.example/y"),
            ],
        };
        let xml = sitemap_index(&site, &index).unwrap();
        let locs: Vec<&str> = xml
            .split("<loc>")
            .skip(1)
            .map(|s| s.split("</loc>").next().unwrap())
            .collect();
        assert_eq!(
            locs,
            [
                "https://news.example.com/a&amp;b/sitemaps/2026-11.xml",
                "https://news.example.com/a&amp;b/tag/fish&amp;chips\u{FFFD}",
                "https://elsewhere.example/x?a=1&amp;b=2",
                "//elsewhere.example/y",
            ]
        );
        assert!(xml.starts_with(HEAD));
        assert!(xml.ends_with("</sitemap>\n</sitemapindex>\n"), "{xml}");
        assert_eq!(xml.matches("<sitemap>").count(), 4);
    }

    #[test]
    fn news_sitemap_names_the_publication_and_escapes_headlines() {
        let news = NewsSitemap {
            items: vec![NewsEntry {
                url: "/news/x".into(),
                headline: "Q&A: <who> won".into(),
                first_published_at: 60,
            }],
        };
        let xml = news_sitemap(&site(), &news).unwrap();
        assert!(xml.contains("<news:name>Fish &amp; Chips Gazette</news:name>"));
        assert!(xml.contains("<news:language>en</news:language>"));
        assert_eq!(news_language("en-GB"), "en");
        assert_eq!(news_language("zh-Hant-TW"), "zh-tw");
        assert_eq!(news_language("zh"), "zh-cn");
        assert!(
            xml.contains("<news:publication_date>1970-01-01T00:01:00Z</news:publication_date>")
        );
        assert!(xml.contains("<news:title>Q&amp;A: &lt;who&gt; won</news:title>"));
    }
}
