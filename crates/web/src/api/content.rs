//! Newsdesk's own shapes, at `/api/content/v1/…`: numeric ids, the newsroom's words
//! (section, standfirst as `excerpt`, corrections, the lead picture with its credit and
//! every rendition), absolute URLs and ISO 8601 times.

use super::{Loaded, Params, absolute, iso, reading_time};
use newsdesk_core::view::Site;
use newsdesk_core::{Media, Page};
use newsdesk_store::{ApiAuthor, ApiPost, ApiSection, ApiTag};
use serde_json::{Map, Value, json};

type Item = Map<String, Value>;

/// The items of `loaded` and, for a list, its length.
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
        Loaded::Sections(sections) => (
            sections.iter().map(|s| object(section(base, s))).collect(),
            None,
        ),
        Loaded::Settings => (Vec::new(), None),
    }
}

fn object(value: Value) -> Item {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn post(base: &str, p: &ApiPost, params: &Params) -> Item {
    let url = absolute(base, &p.path());
    let mut item = object(json!({
        "id": p.id,
        "slug": p.slug,
        "title": p.headline,
        "excerpt": p.standfirst,
        "url": url,
        "canonical_url": p.canonical_url.clone().unwrap_or_else(|| url.clone()),
        "published_at": iso(p.first_published_at),
        "updated_at": iso(p.updated_at),
        "section": section(base, &p.section),
        "lead_image": p.lead.as_ref().map(|m| picture(base, m)),
        "corrections": p.corrections.iter().map(|c| json!({
            "kind": c.kind,
            "text": c.text,
            "published_at": iso(c.published_at),
        })).collect::<Vec<_>>(),
        "meta_title": p.seo_title,
        "meta_description": p.seo_description,
        "reading_time": reading_time(&newsdesk_search::plain_text(&p.body_markdown)),
    }));
    if params.html {
        item.insert("html".into(), p.body_html.clone().into());
    }
    if params.plaintext {
        item.insert(
            "plaintext".into(),
            newsdesk_search::plain_text(&p.body_markdown).into(),
        );
    }
    if params.include_tags {
        let tags: Vec<Value> = p.tags.iter().map(|t| Value::Object(tag(base, t))).collect();
        item.insert("tags".into(), tags.into());
    }
    if params.include_authors {
        let authors: Vec<Value> = p
            .authors
            .iter()
            .map(|a| Value::Object(author(base, a)))
            .collect();
        item.insert("authors".into(), authors.into());
    }
    item
}

/// A picture with its texts shown apart (the credit is not part of the caption) and every
/// rendition, narrowest first.
fn picture(base: &str, m: &Media) -> Value {
    json!({
        "url": absolute(base, &format!("/media/{}", m.key)),
        "width": m.width,
        "height": m.height,
        "type": m.content_type,
        "alt": m.alt,
        "caption": m.caption,
        "credit": m.credit,
        "renditions": m.renditions.iter().map(|r| json!({
            "url": absolute(base, &format!("/media/{}", r.key)),
            "width": r.width,
            "height": r.height,
            "type": r.content_type,
        })).collect::<Vec<_>>(),
    })
}

fn page(base: &str, p: &Page, params: &Params) -> Item {
    let mut item = object(json!({
        "id": p.id,
        "slug": p.slug.as_str(),
        "title": p.title,
        "url": absolute(base, &p.url()),
        "published_at": p.published_at.map(iso),
        "updated_at": iso(p.updated_at),
        "meta_title": p.seo_title,
        "meta_description": p.seo_description,
    }));
    if params.html {
        item.insert("html".into(), p.body_html.clone().into());
    }
    if params.plaintext {
        item.insert(
            "plaintext".into(),
            newsdesk_search::plain_text(&p.body_markdown).into(),
        );
    }
    item
}

fn tag(base: &str, t: &ApiTag) -> Item {
    let mut item = object(json!({
        "id": t.id,
        "slug": t.slug,
        "name": t.name,
        "description": t.description,
        "url": absolute(base, &format!("/tag/{}", t.slug)),
    }));
    if let Some(n) = t.post_count {
        item.insert("count".into(), json!({ "posts": n }));
    }
    item
}

fn author(base: &str, a: &ApiAuthor) -> Item {
    let mut item = object(json!({
        "id": a.id,
        "slug": a.slug,
        "name": a.name,
        "bio": a.bio,
        "job_title": a.job_title,
        "links": a.links.lines().map(str::trim).filter(|l| l.starts_with("http")).collect::<Vec<_>>(),
        "photo": a.photo.as_ref().map(|m| picture(base, m)),
        "url": absolute(base, &format!("/author/{}", a.slug)),
    }));
    if let Some(n) = a.post_count {
        item.insert("count".into(), json!({ "posts": n }));
    }
    item
}

fn section(base: &str, s: &ApiSection) -> Value {
    let mut item = object(json!({
        "id": s.id,
        "slug": s.slug,
        "name": s.name,
        "description": s.description,
        "in_navigation": !s.hidden,
        "url": absolute(base, &format!("/{}/", s.slug)),
    }));
    if let Some(n) = s.post_count {
        item.insert("count".into(), json!({ "posts": n }));
    }
    Value::Object(item)
}

pub(super) fn settings(site: &Site) -> Value {
    let base = site.base_url.as_str();
    json!({
        "title": site.name,
        "tagline": site.tagline,
        "description": site.description,
        "lang": site.language,
        "timezone": site.time_zone,
        "url": format!("{base}/"),
        "logo": site.logo.as_ref().map(|p| absolute(base, &p.src)),
        "navigation": site.sections.iter().map(|s| json!({
            "label": s.name, "url": absolute(base, &s.url),
        })).collect::<Vec<_>>(),
        "footer_links": site.footer_links.iter().map(|l| json!({
            "label": l.label, "url": absolute(base, &l.url),
        })).collect::<Vec<_>>(),
        "social_profiles": site.social_profiles,
    })
}
