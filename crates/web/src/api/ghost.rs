//! Ghost's names and shapes, at `/ghost/api/content/…`, so that `@tryghost/content-api`
//! and what is built on it read Newsdesk unchanged. Ghost's fields Newsdesk has no
//! counterpart for are present with Ghost's neutral value (`featured: false`,
//! `visibility: "public"`, `null`), so clients that read them find what they expect.
//! Ids are strings, as Ghost's are; `uuid` is derived from the id (stable, not random).
//!
//! As in `content.rs`, each shape is a struct that both writes the answer and describes
//! it in the OpenAPI document.

use super::content::{Correction, correction};
use super::shapes::{Count, EmptyMeta, Time, count, envelope, select};
use super::{Loaded, Params, absolute, reading_time};
use newsdesk_core::view::Site;
use newsdesk_core::{Media, Page};
use newsdesk_store::{ApiAuthor, ApiPost, ApiTag};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// A story, in Ghost's shape, with Newsdesk's credit, section and corrections beside it.
/// Ghost's fields Newsdesk has no counterpart for are always `null` (or Ghost's neutral
/// value).
#[derive(Serialize, ToSchema)]
pub(crate) struct GhostPost {
    id: String,
    uuid: String,
    title: String,
    slug: String,
    comment_id: String,
    feature_image: Option<String>,
    feature_image_alt: Option<String>,
    feature_image_caption: Option<String>,
    featured: bool,
    #[schema(example = "public")]
    visibility: &'static str,
    created_at: Time,
    updated_at: Time,
    published_at: Time,
    custom_excerpt: String,
    excerpt: String,
    codeinjection_head: Option<String>,
    codeinjection_foot: Option<String>,
    custom_template: Option<String>,
    canonical_url: Option<String>,
    url: String,
    #[schema(minimum = 1)]
    reading_time: u64,
    access: bool,
    comments: bool,
    og_image: Option<String>,
    og_title: Option<String>,
    og_description: Option<String>,
    twitter_image: Option<String>,
    twitter_title: Option<String>,
    twitter_description: Option<String>,
    meta_title: Option<String>,
    meta_description: Option<String>,
    email_subject: Option<String>,
    frontmatter: Option<String>,
    /// Newsdesk's: the lead picture's credit, shown apart from its caption.
    feature_image_credit: Option<String>,
    /// Newsdesk's: the story's section.
    section: GhostSection,
    /// Newsdesk's: corrections and update notes, oldest first.
    corrections: Vec<Correction>,
    /// Present unless `formats=` leaves out `html`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    html: Option<String>,
    /// With `formats=plaintext`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    plaintext: Option<String>,
    /// The first of `tags` (`null` when there are none), with `include=tags`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<GhostTag>)]
    primary_tag: Option<Option<GhostTag>>,
    /// With `include=tags`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Vec<GhostTag>)]
    tags: Option<Vec<GhostTag>>,
    /// The first of `authors` (`null` when there are none), with `include=authors`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<GhostAuthor>)]
    primary_author: Option<Option<GhostAuthor>>,
    /// With `include=authors`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Vec<GhostAuthor>)]
    authors: Option<Vec<GhostAuthor>>,
}

/// A story's section, in brief.
#[derive(Serialize, ToSchema)]
pub(crate) struct GhostSection {
    id: String,
    slug: String,
    name: String,
    url: String,
}

/// A standalone page, in Ghost's shape. Pages have no topics or bylines in Newsdesk:
/// asked for, they are empty.
#[derive(Serialize, ToSchema)]
pub(crate) struct GhostPage {
    id: String,
    uuid: String,
    title: String,
    slug: String,
    feature_image: Option<String>,
    featured: bool,
    #[schema(example = "public")]
    visibility: &'static str,
    created_at: Time,
    updated_at: Time,
    published_at: Option<Time>,
    custom_excerpt: Option<String>,
    /// The start of the page's text, up to 500 characters.
    excerpt: String,
    canonical_url: Option<String>,
    url: String,
    #[schema(minimum = 1)]
    reading_time: u64,
    access: bool,
    meta_title: Option<String>,
    meta_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    html: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    plaintext: Option<String>,
    /// Always empty, with `include=tags`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Vec<GhostTag>)]
    tags: Option<Vec<GhostTag>>,
    /// Always `null`, with `include=tags`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<GhostTag>)]
    primary_tag: Option<Option<GhostTag>>,
    /// Always empty, with `include=authors`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Vec<GhostAuthor>)]
    authors: Option<Vec<GhostAuthor>>,
    /// Always `null`, with `include=authors`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<GhostAuthor>)]
    primary_author: Option<Option<GhostAuthor>>,
}

/// A topic, in Ghost's shape.
#[derive(Clone, Serialize, ToSchema)]
pub(crate) struct GhostTag {
    id: String,
    name: String,
    slug: String,
    description: Option<String>,
    feature_image: Option<String>,
    #[schema(example = "public")]
    visibility: &'static str,
    og_image: Option<String>,
    og_title: Option<String>,
    og_description: Option<String>,
    twitter_image: Option<String>,
    twitter_title: Option<String>,
    twitter_description: Option<String>,
    meta_title: Option<String>,
    meta_description: Option<String>,
    codeinjection_head: Option<String>,
    codeinjection_foot: Option<String>,
    canonical_url: Option<String>,
    accent_color: Option<String>,
    url: String,
    /// With `include=count.posts`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Count)]
    count: Option<Count>,
}

/// An author, in Ghost's shape.
#[derive(Clone, Serialize, ToSchema)]
pub(crate) struct GhostAuthor {
    id: String,
    name: String,
    slug: String,
    profile_image: Option<String>,
    cover_image: Option<String>,
    bio: Option<String>,
    /// The first of the profile's links.
    website: Option<String>,
    location: Option<String>,
    facebook: Option<String>,
    twitter: Option<String>,
    meta_title: Option<String>,
    meta_description: Option<String>,
    url: String,
    /// With `include=count.posts`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Count)]
    count: Option<Count>,
}

/// The newsroom's settings, in Ghost's shape.
#[derive(Serialize, ToSchema)]
pub(crate) struct GhostSettings {
    title: String,
    description: String,
    logo: Option<String>,
    icon: Option<String>,
    accent_color: Option<String>,
    cover_image: Option<String>,
    facebook: Option<String>,
    /// `@handle`, when the newsroom lists a profile on Twitter or X.
    twitter: Option<String>,
    lang: String,
    locale: String,
    timezone: String,
    codeinjection_head: Option<String>,
    codeinjection_foot: Option<String>,
    navigation: Vec<GhostLink>,
    secondary_navigation: Vec<GhostLink>,
    meta_title: Option<String>,
    meta_description: Option<String>,
    og_image: Option<String>,
    og_title: Option<String>,
    og_description: Option<String>,
    twitter_image: Option<String>,
    twitter_title: Option<String>,
    twitter_description: Option<String>,
    members_support_address: Option<String>,
    url: String,
}

/// A navigation entry.
#[derive(Serialize, ToSchema)]
pub(crate) struct GhostLink {
    label: String,
    url: String,
}

envelope!("Stories, in Ghost's shape." GhostPosts { posts: GhostPost });
envelope!("Standalone pages, in Ghost's shape." GhostPages { pages: GhostPage });
envelope!("Topics, in Ghost's shape." GhostTags { tags: GhostTag });
envelope!("Authors, in Ghost's shape." GhostAuthors { authors: GhostAuthor });

/// The settings, in Ghost's envelope.
#[derive(Serialize, ToSchema)]
pub(crate) struct GhostSettingsAnswer {
    settings: GhostSettings,
    meta: EmptyMeta,
}

/// The answer for `loaded`, in Ghost's shapes; `None` for what Ghost has no route for.
pub(super) fn answer(
    site: &Site,
    loaded: &Loaded,
    params: &Params,
) -> Option<Result<Value, serde_json::Error>> {
    let base = site.base_url.as_str();
    let keep = |v| params.select(v);
    let meta = |total: &Option<i64>| total.map(|t| params.pagination(t));
    Some(match loaded {
        Loaded::Posts(posts, total) => select(posts.iter().map(|p| post(base, p, params)), keep)
            .and_then(|posts| {
                serde_json::to_value(GhostPosts {
                    posts,
                    meta: meta(total),
                })
            }),
        Loaded::Pages(pages, total) => select(pages.iter().map(|p| page(base, p, params)), keep)
            .and_then(|pages| {
                serde_json::to_value(GhostPages {
                    pages,
                    meta: meta(total),
                })
            }),
        Loaded::Tags(tags, total) => {
            select(tags.iter().map(|t| tag(base, t)), keep).and_then(|tags| {
                serde_json::to_value(GhostTags {
                    tags,
                    meta: meta(total),
                })
            })
        }
        Loaded::Authors(authors, total) => select(authors.iter().map(|a| author(base, a)), keep)
            .and_then(|authors| {
                serde_json::to_value(GhostAuthors {
                    authors,
                    meta: meta(total),
                })
            }),
        // Ghost has no sections; the route does not exist at this door.
        Loaded::Sections(_) => return None,
        Loaded::Settings => serde_json::to_value(GhostSettingsAnswer {
            settings: settings(site),
            meta: EmptyMeta {},
        }),
    })
}

/// A public story, page or topic as a webhook carries it: Ghost's shape, in full.
pub(crate) fn webhook_post(base: &str, p: &ApiPost) -> Value {
    serde_json::to_value(post(base, p, &Params::full())).unwrap_or(Value::Null)
}

pub(crate) fn webhook_page(base: &str, p: &Page) -> Value {
    serde_json::to_value(page(base, p, &Params::full())).unwrap_or(Value::Null)
}

pub(crate) fn webhook_tag(base: &str, t: &ApiTag) -> Value {
    serde_json::to_value(tag(base, t)).unwrap_or(Value::Null)
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

/// `None` for an empty text: Ghost writes `null` where nothing was set.
fn text_or_null(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

fn post(base: &str, p: &ApiPost, params: &Params) -> GhostPost {
    let plaintext = newsdesk_search::plain_text(&p.body_markdown);
    let tags = params
        .include_tags
        .then(|| p.tags.iter().map(|t| tag(base, t)).collect::<Vec<_>>());
    let authors = params.include_authors.then(|| {
        p.authors
            .iter()
            .map(|a| author(base, a))
            .collect::<Vec<_>>()
    });
    GhostPost {
        id: p.id.to_string(),
        uuid: uuid(1, p.id),
        title: p.headline.clone(),
        slug: p.slug.clone(),
        comment_id: p.id.to_string(),
        feature_image: p.lead.as_ref().map(|m| feature_image(base, m)),
        feature_image_alt: p.lead.as_ref().map(|m| m.alt.clone()),
        feature_image_caption: p.lead.as_ref().map(|m| m.caption.clone()),
        featured: false,
        visibility: "public",
        created_at: Time(p.created_at),
        updated_at: Time(p.updated_at),
        published_at: Time(p.first_published_at),
        custom_excerpt: p.standfirst.clone(),
        excerpt: p.standfirst.clone(),
        codeinjection_head: None,
        codeinjection_foot: None,
        custom_template: None,
        canonical_url: p.canonical_url.clone(),
        url: absolute(base, &p.path()),
        reading_time: reading_time(&plaintext),
        access: true,
        comments: false,
        og_image: None,
        og_title: None,
        og_description: None,
        twitter_image: None,
        twitter_title: None,
        twitter_description: None,
        meta_title: p.seo_title.clone(),
        meta_description: p.seo_description.clone(),
        email_subject: None,
        frontmatter: None,
        feature_image_credit: p.lead.as_ref().map(|m| m.credit.clone()),
        section: GhostSection {
            id: p.section.id.to_string(),
            slug: p.section.slug.clone(),
            name: p.section.name.clone(),
            url: absolute(base, &format!("/{}/", p.section.slug)),
        },
        corrections: p.corrections.iter().map(correction).collect(),
        html: params.html.then(|| p.body_html.clone()),
        plaintext: params.plaintext.then_some(plaintext),
        primary_tag: tags.as_ref().map(|t| t.first().cloned()),
        tags,
        primary_author: authors.as_ref().map(|a| a.first().cloned()),
        authors,
    }
}

fn page(base: &str, p: &Page, params: &Params) -> GhostPage {
    let plaintext = newsdesk_search::plain_text(&p.body_markdown);
    let excerpt: String = plaintext.chars().take(500).collect();
    GhostPage {
        id: p.id.to_string(),
        uuid: uuid(2, p.id),
        title: p.title.clone(),
        slug: p.slug.as_str().to_owned(),
        feature_image: None,
        featured: false,
        visibility: "public",
        created_at: Time(p.created_at),
        updated_at: Time(p.updated_at),
        published_at: p.published_at.map(Time),
        custom_excerpt: None,
        excerpt: excerpt.trim().to_owned(),
        canonical_url: None,
        url: absolute(base, &p.url()),
        reading_time: reading_time(&plaintext),
        access: true,
        meta_title: text_or_null(&p.seo_title),
        meta_description: text_or_null(&p.seo_description),
        html: params.html.then(|| p.body_html.clone()),
        plaintext: params.plaintext.then_some(plaintext),
        tags: params.include_tags.then(Vec::new),
        primary_tag: params.include_tags.then_some(None),
        authors: params.include_authors.then(Vec::new),
        primary_author: params.include_authors.then_some(None),
    }
}

fn tag(base: &str, t: &ApiTag) -> GhostTag {
    GhostTag {
        id: t.id.to_string(),
        name: t.name.clone(),
        slug: t.slug.clone(),
        description: text_or_null(&t.description),
        feature_image: None,
        visibility: "public",
        og_image: None,
        og_title: None,
        og_description: None,
        twitter_image: None,
        twitter_title: None,
        twitter_description: None,
        meta_title: None,
        meta_description: None,
        codeinjection_head: None,
        codeinjection_foot: None,
        canonical_url: None,
        accent_color: None,
        url: absolute(base, &format!("/tag/{}/", t.slug)),
        count: count(t.post_count),
    }
}

fn author(base: &str, a: &ApiAuthor) -> GhostAuthor {
    let website = a
        .links
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("http"))
        .map(str::to_owned);
    GhostAuthor {
        id: a.id.to_string(),
        name: a.name.clone(),
        slug: a.slug.clone(),
        profile_image: a.photo.as_ref().map(|m| feature_image(base, m)),
        cover_image: None,
        bio: text_or_null(&a.bio),
        website,
        location: None,
        facebook: None,
        twitter: None,
        meta_title: None,
        meta_description: None,
        url: absolute(base, &format!("/author/{}/", a.slug)),
        count: count(a.post_count),
    }
}

/// Ghost's `@handle` for a profile on Twitter or X, when the newsroom lists one.
fn twitter(site: &Site) -> Option<String> {
    site.social_profiles.iter().find_map(|url| {
        let rest = url
            .strip_prefix("https://twitter.com/")
            .or_else(|| url.strip_prefix("https://x.com/"))?;
        let handle = rest.trim_end_matches('/');
        (!handle.is_empty() && !handle.contains('/')).then(|| format!("@{handle}"))
    })
}

fn settings(site: &Site) -> GhostSettings {
    let base = site.base_url.as_str();
    let link = |label: &str, url: &str| GhostLink {
        label: label.to_owned(),
        url: absolute(base, url),
    };
    let description = if site.description.is_empty() {
        &site.tagline
    } else {
        &site.description
    };
    GhostSettings {
        title: site.name.clone(),
        description: description.clone(),
        logo: site.logo.as_ref().map(|p| absolute(base, &p.src)),
        icon: site.favicon_media_id.map(|_| format!("{base}/favicon.ico")),
        accent_color: None,
        cover_image: None,
        facebook: None,
        twitter: twitter(site),
        lang: site.language.clone(),
        locale: site.language.clone(),
        timezone: site.time_zone.clone(),
        codeinjection_head: None,
        codeinjection_foot: None,
        navigation: site
            .sections
            .iter()
            .map(|s| link(&s.name, &s.url))
            .collect(),
        secondary_navigation: site
            .footer_links
            .iter()
            .map(|l| link(&l.label, &l.url))
            .collect(),
        meta_title: None,
        meta_description: None,
        og_image: site.social_image.as_ref().map(|p| absolute(base, p)),
        og_title: None,
        og_description: None,
        twitter_image: site.social_image.as_ref().map(|p| absolute(base, p)),
        twitter_title: None,
        twitter_description: None,
        members_support_address: None,
        url: format!("{base}/"),
    }
}
