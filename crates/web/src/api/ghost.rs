//! Ghost's names and shapes, at `/ghost/api/content/…`, so that `@tryghost/content-api`
//! and what is built on it read Newsdesk unchanged. Ghost's fields Newsdesk has no
//! counterpart for are present with Ghost's neutral value (`featured: false`,
//! `visibility: "public"`, `null`), so clients that read them find what they expect.
//! Ids are strings, as Ghost's are; `uuid` is derived from the id (stable, not random).

use super::{Loaded, Params, absolute, iso, reading_time};
use newsdesk_core::view::Site;
use newsdesk_core::{Media, Page};
use newsdesk_store::{ApiAuthor, ApiPost, ApiTag};
use serde_json::{Map, Value, json};

type Item = Map<String, Value>;

pub(super) fn items(site: &Site, loaded: &Loaded, params: &Params) -> (Vec<Item>, Option<i64>) {
    let base = site.base_url.as_str();
    match loaded {
        Loaded::Posts(posts, total) => (
            posts.iter().map(|p| post(base, p, params)).collect(),
            *total,
        ),
        Loaded::Pages(pages, total) => (
            pages.iter().map(|p| page(base, p, params)).collect(),
            *total,
        ),
        Loaded::Tags(tags, total) => (tags.iter().map(|t| tag(base, t)).collect(), *total),
        Loaded::Authors(authors, total) => {
            (authors.iter().map(|a| author(base, a)).collect(), *total)
        }
        // Ghost has no sections; the route does not exist at this door.
        Loaded::Sections(_) | Loaded::Settings => (Vec::new(), None),
    }
}

fn object(value: Value) -> Item {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// A stable UUID-shaped name for an object, from its kind and id.
pub(crate) fn uuid(kind: u16, id: i64) -> String {
    format!("00000000-0000-4000-{:04x}-{:012x}", 0x8000 | kind, id)
}

/// The picture Ghost calls `feature_image`: the widest JPEG/PNG rendition (what the
/// original became; nothing of the upload itself is served), else the stored original.
fn feature_image(base: &str, m: &Media) -> String {
    let key = m
        .renditions
        .iter()
        .filter(|r| r.content_type != "image/webp")
        .max_by_key(|r| r.width)
        .map_or(&m.key, |r| &r.key);
    absolute(base, &format!("/media/{key}"))
}

/// A public story, page or topic as a webhook carries it: Ghost's shape, in full.
pub(crate) fn webhook_post(base: &str, p: &ApiPost) -> Value {
    Value::Object(post(base, p, &Params::full()))
}

pub(crate) fn webhook_page(base: &str, p: &Page) -> Value {
    Value::Object(page(base, p, &Params::full()))
}

pub(crate) fn webhook_tag(base: &str, t: &ApiTag) -> Value {
    Value::Object(tag(base, t))
}

fn post(base: &str, p: &ApiPost, params: &Params) -> Item {
    let url = absolute(base, &p.path());
    let plaintext = newsdesk_search::plain_text(&p.body_markdown);
    let mut item = object(json!({
        "id": p.id.to_string(),
        "uuid": uuid(1, p.id),
        "title": p.headline,
        "slug": p.slug,
        "comment_id": p.id.to_string(),
        "feature_image": p.lead.as_ref().map(|m| feature_image(base, m)),
        "feature_image_alt": p.lead.as_ref().map(|m| m.alt.clone()),
        "feature_image_caption": p.lead.as_ref().map(|m| m.caption.clone()),
        "featured": false,
        "visibility": "public",
        "created_at": iso(p.created_at),
        "updated_at": iso(p.updated_at),
        "published_at": iso(p.first_published_at),
        "custom_excerpt": p.standfirst,
        "excerpt": p.standfirst,
        "codeinjection_head": null,
        "codeinjection_foot": null,
        "custom_template": null,
        "canonical_url": p.canonical_url,
        "url": url,
        "reading_time": reading_time(&plaintext),
        "access": true,
        "comments": false,
        "og_image": null,
        "og_title": null,
        "og_description": null,
        "twitter_image": null,
        "twitter_title": null,
        "twitter_description": null,
        "meta_title": p.seo_title,
        "meta_description": p.seo_description,
        "email_subject": null,
        "frontmatter": null,
        // Newsdesk's own, beside Ghost's: the credit shown apart, the section, the
        // corrections.
        "feature_image_credit": p.lead.as_ref().map(|m| m.credit.clone()),
        "section": {"id": p.section.id.to_string(), "slug": p.section.slug, "name": p.section.name,
                    "url": absolute(base, &format!("/{}/", p.section.slug))},
        "corrections": p.corrections.iter().map(|c| json!({
            "kind": c.kind, "text": c.text, "published_at": iso(c.published_at),
        })).collect::<Vec<_>>(),
    }));
    if params.html {
        item.insert("html".into(), p.body_html.clone().into());
    }
    if params.plaintext {
        item.insert("plaintext".into(), plaintext.into());
    }
    if params.include_tags {
        let tags: Vec<Value> = p.tags.iter().map(|t| Value::Object(tag(base, t))).collect();
        item.insert(
            "primary_tag".into(),
            tags.first().cloned().unwrap_or(Value::Null),
        );
        item.insert("tags".into(), tags.into());
    }
    if params.include_authors {
        let authors: Vec<Value> = p
            .authors
            .iter()
            .map(|a| Value::Object(author(base, a)))
            .collect();
        item.insert(
            "primary_author".into(),
            authors.first().cloned().unwrap_or(Value::Null),
        );
        item.insert("authors".into(), authors.into());
    }
    item
}

fn page(base: &str, p: &Page, params: &Params) -> Item {
    let plaintext = newsdesk_search::plain_text(&p.body_markdown);
    let excerpt: String = plaintext.chars().take(500).collect();
    let mut item = object(json!({
        "id": p.id.to_string(),
        "uuid": uuid(2, p.id),
        "title": p.title,
        "slug": p.slug.as_str(),
        "feature_image": null,
        "featured": false,
        "visibility": "public",
        "created_at": iso(p.created_at),
        "updated_at": iso(p.updated_at),
        "published_at": p.published_at.map(iso),
        "custom_excerpt": null,
        "excerpt": excerpt.trim(),
        "canonical_url": null,
        "url": absolute(base, &p.url()),
        "reading_time": reading_time(&plaintext),
        "access": true,
        "meta_title": if p.seo_title.is_empty() { Value::Null } else { p.seo_title.clone().into() },
        "meta_description": if p.seo_description.is_empty() { Value::Null } else { p.seo_description.clone().into() },
    }));
    if params.html {
        item.insert("html".into(), p.body_html.clone().into());
    }
    if params.plaintext {
        item.insert("plaintext".into(), plaintext.into());
    }
    // Pages have no topics or bylines in Newsdesk: asked for, they are empty.
    if params.include_tags {
        item.insert("tags".into(), json!([]));
        item.insert("primary_tag".into(), Value::Null);
    }
    if params.include_authors {
        item.insert("authors".into(), json!([]));
        item.insert("primary_author".into(), Value::Null);
    }
    item
}

fn tag(base: &str, t: &ApiTag) -> Item {
    let mut item = object(json!({
        "id": t.id.to_string(),
        "name": t.name,
        "slug": t.slug,
        "description": if t.description.is_empty() { Value::Null } else { t.description.clone().into() },
        "feature_image": null,
        "visibility": "public",
        "og_image": null,
        "og_title": null,
        "og_description": null,
        "twitter_image": null,
        "twitter_title": null,
        "twitter_description": null,
        "meta_title": null,
        "meta_description": null,
        "codeinjection_head": null,
        "codeinjection_foot": null,
        "canonical_url": null,
        "accent_color": null,
        "url": absolute(base, &format!("/tag/{}/", t.slug)),
    }));
    if let Some(n) = t.post_count {
        item.insert("count".into(), json!({ "posts": n }));
    }
    item
}

fn author(base: &str, a: &ApiAuthor) -> Item {
    let links: Vec<&str> = a
        .links
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("http"))
        .collect();
    let mut item = object(json!({
        "id": a.id.to_string(),
        "name": a.name,
        "slug": a.slug,
        "profile_image": a.photo.as_ref().map(|m| feature_image(base, m)),
        "cover_image": null,
        "bio": if a.bio.is_empty() { Value::Null } else { a.bio.clone().into() },
        "website": links.first(),
        "location": null,
        "facebook": null,
        "twitter": null,
        "meta_title": null,
        "meta_description": null,
        "url": absolute(base, &format!("/author/{}/", a.slug)),
    }));
    if let Some(n) = a.post_count {
        item.insert("count".into(), json!({ "posts": n }));
    }
    item
}

/// Ghost's `@handle` for a profile on Twitter or X, when the newsroom lists one.
fn twitter(site: &Site) -> Value {
    site.social_profiles
        .iter()
        .find_map(|url| {
            let rest = url
                .strip_prefix("https://twitter.com/")
                .or_else(|| url.strip_prefix("https://x.com/"))?;
            let handle = rest.trim_end_matches('/');
            (!handle.is_empty() && !handle.contains('/')).then(|| format!("@{handle}"))
        })
        .map_or(Value::Null, Value::String)
}

pub(super) fn settings(site: &Site) -> Value {
    let base = site.base_url.as_str();
    let link = |label: &str, url: &str| json!({"label": label, "url": absolute(base, url)});
    json!({
        "title": site.name,
        "description": if site.description.is_empty() { &site.tagline } else { &site.description },
        "logo": site.logo.as_ref().map(|p| absolute(base, &p.src)),
        "icon": site.favicon_media_id.map(|_| format!("{base}/favicon.ico")),
        "accent_color": null,
        "cover_image": null,
        "facebook": null,
        "twitter": twitter(site),
        "lang": site.language,
        "locale": site.language,
        "timezone": site.time_zone,
        "codeinjection_head": null,
        "codeinjection_foot": null,
        "navigation": site.sections.iter().map(|s| link(&s.name, &s.url)).collect::<Vec<_>>(),
        "secondary_navigation": site.footer_links.iter().map(|l| link(&l.label, &l.url)).collect::<Vec<_>>(),
        "meta_title": null,
        "meta_description": null,
        "og_image": site.social_image.as_ref().map(|p| absolute(base, p)),
        "og_title": null,
        "og_description": null,
        "twitter_image": site.social_image.as_ref().map(|p| absolute(base, p)),
        "twitter_title": null,
        "twitter_description": null,
        "members_support_address": null,
        "url": format!("{base}/"),
    })
}
