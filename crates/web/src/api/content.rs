//! Newsdesk's own shapes, at `/api/content/v1/…`: numeric ids, the newsroom's words
//! (section, standfirst as `excerpt`, corrections, the lead picture with its credit and
//! every rendition), absolute URLs and ISO 8601 times.
//!
//! Each shape is a struct that writes the answer and, through `ToSchema`, describes it in
//! the OpenAPI document (`openapi.rs`); a field's doc comment is its description there.

use super::shapes::{Count, EmptyMeta, Time, count, envelope, select};
use super::{Loaded, Params, absolute, reading_time};
use newsdesk_core::view::Site;
use newsdesk_core::{Media, Page};
use newsdesk_store::{ApiAuthor, ApiPost, ApiSection, ApiTag};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// A published story.
#[derive(Serialize, ToSchema)]
pub(crate) struct Post {
    id: i64,
    slug: String,
    /// The headline.
    title: String,
    /// The standfirst: the one-paragraph summary under the headline, also the teaser.
    excerpt: String,
    /// The story's address on the site.
    url: String,
    /// The story's own `url`, unless the newsroom named another canonical address.
    canonical_url: String,
    /// First published.
    published_at: Time,
    /// When readers were last told it changed, else `published_at`.
    updated_at: Time,
    section: Section,
    lead_image: Option<Picture>,
    /// Corrections and update notes, oldest first.
    corrections: Vec<Correction>,
    meta_title: Option<String>,
    meta_description: Option<String>,
    /// Minutes, at 275 words a minute.
    #[schema(minimum = 1)]
    reading_time: u64,
    /// The sanitized body; present unless `formats=` leaves out `html`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    html: Option<String>,
    /// The body as plain text, with `formats=plaintext`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    plaintext: Option<String>,
    /// With `include=tags`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Vec<Tag>)]
    tags: Option<Vec<Tag>>,
    /// The bylines in order, with `include=authors`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Vec<Author>)]
    authors: Option<Vec<Author>>,
}

/// A correction or update note, shown on the story with its time.
#[derive(Serialize, ToSchema)]
pub(crate) struct Correction {
    /// `correction` or `update`.
    #[schema(example = "correction")]
    kind: String,
    text: String,
    published_at: Time,
}

/// A picture with its texts shown apart (the credit is not part of the caption) and every
/// rendition, narrowest first.
#[derive(Serialize, ToSchema)]
pub(crate) struct Picture {
    url: String,
    width: u32,
    height: u32,
    /// The media type, such as `image/jpeg`.
    #[serde(rename = "type")]
    content_type: String,
    alt: String,
    caption: String,
    credit: String,
    renditions: Vec<Rendition>,
}

/// One stored size of a picture, in WebP or in the original's family.
#[derive(Serialize, ToSchema)]
pub(crate) struct Rendition {
    url: String,
    width: u32,
    height: u32,
    #[serde(rename = "type")]
    content_type: String,
}

/// A standalone page (About us, a policy).
#[derive(Serialize, ToSchema)]
pub(crate) struct StandalonePage {
    id: i64,
    slug: String,
    title: String,
    url: String,
    #[schema(required = true)]
    published_at: Option<Time>,
    updated_at: Time,
    meta_title: String,
    meta_description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    html: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    plaintext: Option<String>,
}

/// A topic.
#[derive(Serialize, ToSchema)]
pub(crate) struct Tag {
    id: i64,
    slug: String,
    name: String,
    description: String,
    url: String,
    /// With `include=count.posts`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Count)]
    count: Option<Count>,
}

/// A public author profile.
#[derive(Serialize, ToSchema)]
pub(crate) struct Author {
    id: i64,
    slug: String,
    name: String,
    bio: String,
    job_title: String,
    /// The profile's links (its own site, its social profiles).
    links: Vec<String>,
    photo: Option<Picture>,
    url: String,
    /// With `include=count.posts`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Count)]
    count: Option<Count>,
}

/// A section: a desk or front (News, World, Comment…).
#[derive(Serialize, ToSchema)]
pub(crate) struct Section {
    id: i64,
    slug: String,
    name: String,
    description: String,
    /// Whether the site's navigation shows it.
    in_navigation: bool,
    url: String,
    /// With `include=count.posts`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Count)]
    count: Option<Count>,
}

/// The newsroom's settings.
#[derive(Serialize, ToSchema)]
pub(crate) struct Settings {
    title: String,
    tagline: String,
    description: String,
    /// BCP 47 language tag.
    lang: String,
    /// IANA time zone of displayed times.
    timezone: String,
    url: String,
    #[schema(required = true)]
    logo: Option<String>,
    /// The top-level sections, in order.
    navigation: Vec<Link>,
    footer_links: Vec<Link>,
    social_profiles: Vec<String>,
}

/// A labelled link.
#[derive(Serialize, ToSchema)]
pub(crate) struct Link {
    label: String,
    url: String,
}

envelope!("Stories." Posts { posts: Post });
envelope!("Standalone pages." Pages { pages: StandalonePage });
envelope!("Topics." Tags { tags: Tag });
envelope!("Authors." Authors { authors: Author });
envelope!("Every section, in the desk's order." Sections { sections: Section });

/// The settings, in Ghost's envelope.
#[derive(Serialize, ToSchema)]
pub(crate) struct SettingsAnswer {
    settings: Settings,
    meta: EmptyMeta,
}

/// The answer for `loaded`, in Newsdesk's shapes.
pub(super) fn answer(
    site: &Site,
    loaded: &Loaded,
    params: &Params,
) -> Result<Value, serde_json::Error> {
    let base = site.base_url.as_str();
    let keep = |v| params.select(v);
    let meta = |total: &Option<i64>| total.map(|t| params.pagination(t));
    match loaded {
        Loaded::Posts(posts, total) => serde_json::to_value(Posts {
            posts: select(posts.iter().map(|p| post(base, p, params)), keep)?,
            meta: meta(total),
        }),
        Loaded::Pages(pages, total) => serde_json::to_value(Pages {
            pages: select(pages.iter().map(|p| page(base, p, params)), keep)?,
            meta: meta(total),
        }),
        Loaded::Tags(tags, total) => serde_json::to_value(Tags {
            tags: select(tags.iter().map(|t| tag(base, t)), keep)?,
            meta: meta(total),
        }),
        Loaded::Authors(authors, total) => serde_json::to_value(Authors {
            authors: select(authors.iter().map(|a| author(base, a)), keep)?,
            meta: meta(total),
        }),
        Loaded::Sections(sections) => serde_json::to_value(Sections {
            sections: select(sections.iter().map(|s| section(base, s)), keep)?,
            meta: None,
        }),
        Loaded::Settings => serde_json::to_value(SettingsAnswer {
            settings: settings(site),
            meta: EmptyMeta {},
        }),
    }
}

fn post(base: &str, p: &ApiPost, params: &Params) -> Post {
    let url = absolute(base, &p.path());
    let plaintext = newsdesk_search::plain_text(&p.body_markdown);
    Post {
        id: p.id,
        slug: p.slug.clone(),
        title: p.headline.clone(),
        excerpt: p.standfirst.clone(),
        canonical_url: p.canonical_url.clone().unwrap_or_else(|| url.clone()),
        url,
        published_at: Time(p.first_published_at),
        updated_at: Time(p.updated_at),
        section: section(base, &p.section),
        lead_image: p.lead.as_ref().map(|m| picture(base, m)),
        corrections: p.corrections.iter().map(correction).collect(),
        meta_title: p.seo_title.clone(),
        meta_description: p.seo_description.clone(),
        reading_time: reading_time(&plaintext),
        html: params.html.then(|| p.body_html.clone()),
        plaintext: params.plaintext.then_some(plaintext),
        tags: params
            .include_tags
            .then(|| p.tags.iter().map(|t| tag(base, t)).collect()),
        authors: params
            .include_authors
            .then(|| p.authors.iter().map(|a| author(base, a)).collect()),
    }
}

/// A correction as both doors write it.
pub(super) fn correction(c: &newsdesk_core::view::Correction) -> Correction {
    Correction {
        kind: c.kind.clone(),
        text: c.text.clone(),
        published_at: Time(c.published_at),
    }
}

fn picture(base: &str, m: &Media) -> Picture {
    Picture {
        url: absolute(base, &format!("/media/{}", m.key)),
        width: m.width,
        height: m.height,
        content_type: m.content_type.clone(),
        alt: m.alt.clone(),
        caption: m.caption.clone(),
        credit: m.credit.clone(),
        renditions: m
            .renditions
            .iter()
            .map(|r| Rendition {
                url: absolute(base, &format!("/media/{}", r.key)),
                width: r.width,
                height: r.height,
                content_type: r.content_type.clone(),
            })
            .collect(),
    }
}

fn page(base: &str, p: &Page, params: &Params) -> StandalonePage {
    StandalonePage {
        id: p.id,
        slug: p.slug.as_str().to_owned(),
        title: p.title.clone(),
        url: absolute(base, &p.url()),
        published_at: p.published_at.map(Time),
        updated_at: Time(p.updated_at),
        meta_title: p.seo_title.clone(),
        meta_description: p.seo_description.clone(),
        html: params.html.then(|| p.body_html.clone()),
        plaintext: params
            .plaintext
            .then(|| newsdesk_search::plain_text(&p.body_markdown)),
    }
}

fn tag(base: &str, t: &ApiTag) -> Tag {
    Tag {
        id: t.id,
        slug: t.slug.clone(),
        name: t.name.clone(),
        description: t.description.clone(),
        url: absolute(base, &format!("/tag/{}", t.slug)),
        count: count(t.post_count),
    }
}

fn author(base: &str, a: &ApiAuthor) -> Author {
    Author {
        id: a.id,
        slug: a.slug.clone(),
        name: a.name.clone(),
        bio: a.bio.clone(),
        job_title: a.job_title.clone(),
        links: a
            .links
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("http"))
            .map(str::to_owned)
            .collect(),
        photo: a.photo.as_ref().map(|m| picture(base, m)),
        url: absolute(base, &format!("/author/{}", a.slug)),
        count: count(a.post_count),
    }
}

fn section(base: &str, s: &ApiSection) -> Section {
    Section {
        id: s.id,
        slug: s.slug.clone(),
        name: s.name.clone(),
        description: s.description.clone(),
        in_navigation: !s.hidden,
        url: absolute(base, &format!("/{}/", s.slug)),
        count: count(s.post_count),
    }
}

fn settings(site: &Site) -> Settings {
    let base = site.base_url.as_str();
    let link = |label: &str, url: &str| Link {
        label: label.to_owned(),
        url: absolute(base, url),
    };
    Settings {
        title: site.name.clone(),
        tagline: site.tagline.clone(),
        description: site.description.clone(),
        lang: site.language.clone(),
        timezone: site.time_zone.clone(),
        url: format!("{base}/"),
        logo: site.logo.as_ref().map(|p| absolute(base, &p.src)),
        navigation: site
            .sections
            .iter()
            .map(|s| link(&s.name, &s.url))
            .collect(),
        footer_links: site
            .footer_links
            .iter()
            .map(|l| link(&l.label, &l.url))
            .collect(),
        social_profiles: site.social_profiles.clone(),
    }
}
