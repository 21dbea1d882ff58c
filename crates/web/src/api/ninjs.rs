//! Every public story as an IPTC ninjs 2.2 news item (News in JSON, the format agencies
//! and newsroom systems exchange stories in): `format=ninjs` on
//! `/api/content/v1/posts/{id}/`, `/posts/slug/{slug}/` and the list `/posts/` (a JSON
//! array of items, paged as the list is). The same loading, content key, 404s and cache
//! as the API's own shape: only how the answer is written differs.
//!
//! The item validates against IPTC's published schema
//! (`http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json`, checked by `tests/ninjs.rs`),
//! which allows no property it does not name: so no `$schema` — the `standard` object says
//! which standard and schema the item follows. IPTC registers no media type for ninjs;
//! the answer is `application/json`, as every other answer of the API.

use super::error::ApiError;
use super::{Loaded, absolute};
use newsdesk_core::Media;
use newsdesk_core::view::Site;
use newsdesk_render::feeds::{language, notes_html, story_uri};
use newsdesk_store::ApiPost;
use regex::{Captures, Regex};
use serde::Serialize;
use serde_json::Value;
use std::sync::LazyLock;
use utoipa::ToSchema;

/// The ninjs version written, and its schema.
const VERSION: &str = "2.2";
const SCHEMA: &str = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#";

/// Whether the request asks for ninjs (`format=ninjs`); `format=json`, or none, is the
/// API's own shape. Any other value is refused, naming the two.
pub(super) fn asked(pairs: &[(String, String)]) -> Result<bool, ApiError> {
    match pairs
        .iter()
        .find(|(k, _)| k == "format")
        .map(|(_, v)| v.as_str())
    {
        None | Some("json") => Ok(false),
        Some("ninjs") => Ok(true),
        Some(other) => Err(ApiError::bad(
            "bad_format",
            format!("format takes json (the default) or ninjs, not “{other}”."),
        )),
    }
}

/// A public story as an IPTC ninjs 2.2 news item. `fields=`, `include=` and `formats=`
/// do not apply: the item is always whole.
#[derive(Serialize, ToSchema)]
pub(crate) struct NinjsItem {
    /// The story's identifier for ever — the same as its feeds' `id`: a `tag:` URI of the
    /// site's host, the day it was first published and its number. Its address on the
    /// site, which may change, is the `web` rendition.
    #[schema(example = "tag:news.example.com,2026-11-25:article:42")]
    uri: String,
    /// Always `text`.
    #[serde(rename = "type")]
    #[schema(example = "text")]
    kind: &'static str,
    /// Always `full`.
    representationtype: &'static str,
    /// The story's version: every save and every correction adds one.
    version: String,
    /// First published (ISO 8601, UTC).
    #[schema(format = DateTime)]
    firstcreated: String,
    /// When this version was made: the last save or correction.
    #[schema(format = DateTime)]
    versioncreated: String,
    /// Always `usable`: nothing else is public.
    pubstatus: &'static str,
    /// The site's language (BCP 47).
    language: String,
    /// The headline, role `main`.
    headlines: Vec<NinjsBlock>,
    /// The standfirst, role `summary`; absent when the story has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    descriptions: Option<Vec<NinjsBlock>>,
    /// The body as the site shows it (sanitized HTML, addresses made absolute), followed
    /// by its corrections and update notes, dated.
    bodies: Vec<NinjsBody>,
    /// The bylines in one line ("Jane Hollis and Sam Okafor").
    #[serde(skip_serializing_if = "Option::is_none")]
    by: Option<String>,
    /// The bylines, in order, each with `rel` `author` and their author page as `uri`.
    #[serde(skip_serializing_if = "Option::is_none")]
    people: Option<Vec<NinjsConcept>>,
    /// The section (`rel` `section`) and the topics, each with its page as `uri` and its
    /// slug as `literal`.
    subjects: Vec<NinjsConcept>,
    /// The lead picture, named `featureimage`.
    #[serde(skip_serializing_if = "Option::is_none")]
    associations: Option<Vec<NinjsPicture>>,
    /// The story's page on the site, named `web`.
    renditions: Vec<NinjsRendition>,
    standard: NinjsStandard,
}

/// A headline or description: its text, role and media type.
#[derive(Serialize, ToSchema)]
pub(crate) struct NinjsBlock {
    role: &'static str,
    contenttype: &'static str,
    value: String,
}

/// A body.
#[derive(Serialize, ToSchema)]
pub(crate) struct NinjsBody {
    /// `main`.
    role: &'static str,
    /// `text/html`.
    contenttype: &'static str,
    value: String,
    /// Words in the story's text (without its notes).
    wordcount: u64,
}

/// A byline, section or topic.
#[derive(Serialize, ToSchema)]
pub(crate) struct NinjsConcept {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rel: Option<&'static str>,
    #[schema(format = "uri")]
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    literal: Option<String>,
}

/// The lead picture: its caption and alternative text (roles `caption`, `alt`), its
/// credit as `by`, its copyright, and every stored file of it.
#[derive(Serialize, ToSchema)]
pub(crate) struct NinjsPicture {
    /// `featureimage`.
    name: &'static str,
    /// The original's address (content-hashed: it never changes).
    #[schema(format = "uri")]
    uri: String,
    /// `picture`.
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    descriptions: Option<Vec<NinjsBlock>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    copyrightnotice: Option<String>,
    /// The original first, then each rendition, narrowest first.
    renditions: Vec<NinjsRendition>,
}

/// One file: a picture's size, or the story's page.
#[derive(Serialize, ToSchema)]
pub(crate) struct NinjsRendition {
    /// `original`, `w640-webp`…, or `web` for the story's page.
    name: String,
    #[schema(format = "uri")]
    href: String,
    contenttype: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
}

/// Which standard, version and schema the item follows.
#[derive(Serialize, ToSchema)]
pub(crate) struct NinjsStandard {
    /// `ninjs`.
    name: &'static str,
    /// `2.2`.
    version: &'static str,
    #[schema(format = "uri")]
    schema: &'static str,
}

/// The answer for `loaded` as ninjs: one item, or an array for a list. `None` for what is
/// not a story.
pub(super) fn answer(site: &Site, loaded: &Loaded) -> Option<Result<Value, crate::WebError>> {
    let Loaded::Posts(posts, total) = loaded else {
        return None;
    };
    let items: Result<Vec<NinjsItem>, crate::WebError> =
        posts.iter().map(|p| item(site, p)).collect();
    Some(items.and_then(|mut items| {
        Ok(match total {
            Some(_) => serde_json::to_value(items)?,
            None => match items.pop() {
                Some(one) => serde_json::to_value(one)?,
                None => Value::Null,
            },
        })
    }))
}

fn item(site: &Site, p: &ApiPost) -> Result<NinjsItem, crate::WebError> {
    let base = site.base_url.as_str();
    let zone = jiff::tz::TimeZone::get(&site.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let mut html = absolute_addresses(base, &p.body_html);
    html.push_str(&notes_html(&p.corrections, &zone)?);
    let wordcount = words_in(&p.body_html);
    let names: Vec<&str> = p.authors.iter().map(|a| a.name.as_str()).collect();
    let mut subjects = vec![NinjsConcept {
        name: p.section.name.clone(),
        rel: Some("section"),
        uri: absolute(base, &format!("/{}/", p.section.slug)),
        literal: Some(p.section.slug.clone()),
    }];
    subjects.extend(p.tags.iter().map(|t| NinjsConcept {
        name: t.name.clone(),
        rel: None,
        uri: absolute(base, &format!("/tag/{}", t.slug)),
        literal: Some(t.slug.clone()),
    }));
    let people: Vec<NinjsConcept> = p
        .authors
        .iter()
        .map(|a| NinjsConcept {
            name: a.name.clone(),
            rel: Some("author"),
            uri: absolute(base, &format!("/author/{}", a.slug)),
            literal: None,
        })
        .collect();
    Ok(NinjsItem {
        uri: story_uri(base, p.id, p.first_published_at)?,
        kind: "text",
        representationtype: "full",
        version: p.version.to_string(),
        firstcreated: time(p.first_published_at),
        versioncreated: time(p.saved_at.max(p.first_published_at)),
        pubstatus: "usable",
        language: language(site).to_owned(),
        headlines: vec![NinjsBlock {
            role: "main",
            contenttype: "text/plain",
            value: p.headline.clone(),
        }],
        descriptions: (!p.standfirst.is_empty()).then(|| {
            vec![NinjsBlock {
                role: "summary",
                contenttype: "text/plain",
                value: p.standfirst.clone(),
            }]
        }),
        bodies: vec![NinjsBody {
            role: "main",
            contenttype: "text/html",
            value: html,
            wordcount,
        }],
        by: (!names.is_empty()).then(|| byline(&names)),
        people: (!people.is_empty()).then_some(people),
        subjects,
        associations: p.lead.as_ref().map(|m| vec![picture(base, m)]),
        renditions: vec![NinjsRendition {
            name: "web".to_owned(),
            href: absolute(base, &p.path()),
            contenttype: "text/html".to_owned(),
            width: None,
            height: None,
        }],
        standard: NinjsStandard {
            name: "ninjs",
            version: VERSION,
            schema: SCHEMA,
        },
    })
}

fn picture(base: &str, m: &Media) -> NinjsPicture {
    let original = absolute(base, &format!("/media/{}", m.key));
    let mut descriptions = Vec::new();
    for (role, text) in [("caption", &m.caption), ("alt", &m.alt)] {
        if !text.is_empty() {
            descriptions.push(NinjsBlock {
                role,
                contenttype: "text/plain",
                value: text.clone(),
            });
        }
    }
    let mut renditions = vec![NinjsRendition {
        name: "original".to_owned(),
        href: original.clone(),
        contenttype: m.content_type.clone(),
        width: Some(m.width),
        height: Some(m.height),
    }];
    // The original is also among the renditions: once is enough.
    renditions.extend(m.renditions.iter().filter(|r| r.key != m.key).map(|r| {
        let family = r.content_type.rsplit('/').next().unwrap_or("image");
        NinjsRendition {
            name: format!("w{}-{family}", r.width),
            href: absolute(base, &format!("/media/{}", r.key)),
            contenttype: r.content_type.clone(),
            width: Some(r.width),
            height: Some(r.height),
        }
    }));
    NinjsPicture {
        name: "featureimage",
        uri: original,
        kind: "picture",
        descriptions: (!descriptions.is_empty()).then_some(descriptions),
        by: (!m.credit.is_empty()).then(|| m.credit.clone()),
        copyrightnotice: (!m.copyright.is_empty()).then(|| m.copyright.clone()),
        renditions,
    }
}

/// "A", "A and B", "A, B and C".
fn byline(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// RFC 3339 in UTC, as ninjs's `date-time` is written.
fn time(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_string()
}

/// The body's site paths (`src`, `href`, `srcset`: `/media/…`, `/news/…`) as absolute
/// addresses, so that the HTML means the same on another system.
fn absolute_addresses(base: &str, html: &str) -> String {
    static ATTR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(\s(?:src|href|srcset)=")([^"]*)""#).expect("valid"));
    ATTR.replace_all(html, |c: &Captures| {
        let value = &c[2];
        let fixed = if c[1].contains("srcset") {
            value
                .split(',')
                .map(|part| {
                    let part = part.trim();
                    if is_site_path(part) {
                        format!("{base}{part}")
                    } else {
                        part.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        } else if is_site_path(value) {
            format!("{base}{value}")
        } else {
            value.to_owned()
        };
        format!("{}{fixed}\"", &c[1])
    })
    .into_owned()
}

/// Words in sanitized HTML: its text between the tags. (The Markdown source may be one
/// HTML block, as an import's is, which a Markdown reader counts as no words at all.)
fn words_in(html: &str) -> u64 {
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("valid"));
    TAG.replace_all(html, " ").split_whitespace().count() as u64
}

fn is_site_path(s: &str) -> bool {
    s.starts_with('/') && !s.starts_with("//")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_between_the_tags() {
        assert_eq!(words_in("<p>One <em>two</em></p><p>three.</p>"), 3);
    }

    #[test]
    fn bylines_read_as_one_line() {
        assert_eq!(byline(&["A"]), "A");
        assert_eq!(byline(&["A", "B"]), "A and B");
        assert_eq!(byline(&["A", "B", "C"]), "A, B and C");
    }

    #[test]
    fn site_paths_in_a_body_become_absolute_and_others_stay() {
        let html = r#"<p><a href="/news/x">x</a> <a href="https://o.example/">o</a> <a href="//cdn.example/y">y</a><img src="/media/a.jpg" srcset="/media/a-320.webp 320w, /media/a-640.webp 640w"></p>"#;
        let out = absolute_addresses("https://n.example", html);
        assert!(out.contains(r#"href="https://n.example/news/x""#), "{out}");
        assert!(out.contains(r#"href="https://o.example/""#), "{out}");
        assert!(out.contains(r#"href="//cdn.example/y""#), "{out}");
        assert!(
            out.contains(r#"src="https://n.example/media/a.jpg""#),
            "{out}"
        );
        assert!(
            out.contains(r#"srcset="https://n.example/media/a-320.webp 320w, https://n.example/media/a-640.webp 640w""#),
            "{out}"
        );
    }

    #[test]
    fn the_format_is_json_or_ninjs() {
        let q = |v: &str| vec![("format".to_owned(), v.to_owned())];
        assert!(matches!(asked(&[]), Ok(false)));
        assert!(matches!(asked(&q("json")), Ok(false)));
        assert!(matches!(asked(&q("ninjs")), Ok(true)));
        assert!(asked(&q("xml")).is_err());
    }
}

/// What reading one story answers: Newsdesk's shape, or with `format=ninjs` a ninjs item.
#[derive(ToSchema)]
#[serde(untagged)]
#[allow(dead_code, reason = "describes an answer for the OpenAPI document")]
pub(crate) enum PostAnswer {
    Posts(super::content::Posts),
    Ninjs(Box<NinjsItem>),
}

/// What the list of stories answers: Newsdesk's shape, or with `format=ninjs` an array of
/// ninjs items.
#[derive(ToSchema)]
#[serde(untagged)]
#[allow(dead_code, reason = "describes an answer for the OpenAPI document")]
pub(crate) enum PostListAnswer {
    Posts(super::content::Posts),
    Ninjs(Vec<NinjsItem>),
}
