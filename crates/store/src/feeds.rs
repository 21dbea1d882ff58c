//! Loading a feed: the latest public stories of one list (the home page, a section, a topic
//! or an author), each in full — body, bylines, topics, corrections and lead picture — in
//! the same five queries however many stories the feed holds.

use crate::Store;
use crate::db::placeholders;
use crate::pages::{PUBLIC, article_url};
use newsdesk_core::view::{
    AuthorLink, Correction, FeedImage, FeedItem, FeedPage, SectionLink, TagLink, updated_time,
};
use newsdesk_core::{CacheKey, Media, UnixTime};
use std::collections::HashMap;

/// Whose list a feed follows, by the slug in its address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedOf<'a> {
    Home,
    Section(&'a str),
    Tag(&'a str),
    Author(&'a str),
}

/// The list a feed follows, once its owner is found: what to call it and which stories.
struct Owner {
    title: String,
    description: String,
    page_url: String,
    feed_base: String,
    key: CacheKey,
    /// Narrows the public stories to the list's own; `$2` is the owner's id.
    clause: &'static str,
    id: Option<i64>,
}

/// id, slug, headline, standfirst, body, lead media, section id, slug and name, first
/// publication, publication.
type FeedRow = (
    i64,
    String,
    String,
    String,
    String,
    Option<i64>,
    i64,
    String,
    String,
    Option<i64>,
    Option<i64>,
);

const FEED_SELECT: &str = "SELECT a.id, a.slug, a.headline, a.standfirst, a.body_html, a.lead_media_id, \
    s.id, s.slug, s.name, a.first_published_at, a.published_at \
    FROM articles a JOIN sections s ON s.id = a.section_id";

/// The widest rendition a feed reader is likely to want; larger ones only cost bandwidth.
const FEED_IMAGE_WIDTH: u32 = 960;

impl Store {
    /// The feed of `of`: its latest `limit` public stories at `now`, in the list's own order
    /// (newest first). `None` when the section, topic or author does not exist.
    pub async fn feed(
        &self,
        of: FeedOf<'_>,
        limit: u32,
        now: UnixTime,
    ) -> crate::Result<Option<FeedPage>> {
        let Some(owner) = self.feed_owner(of).await? else {
            return Ok(None);
        };
        let limit_at = if owner.id.is_some() { 3 } else { 2 };
        let sql = format!(
            "{FEED_SELECT} WHERE {PUBLIC}{} ORDER BY a.published_at DESC, a.id DESC LIMIT ${limit_at}",
            owner.clause
        );
        let mut query = sqlx::query_as::<_, FeedRow>(&sql).bind(now);
        if let Some(id) = owner.id {
            query = query.bind(id);
        }
        let rows = query.bind(i64::from(limit)).fetch_all(&self.pool).await?;
        let items = self.feed_items(rows).await?;
        Ok(Some(FeedPage {
            title: owner.title,
            description: owner.description,
            page_url: owner.page_url,
            feed_base: owner.feed_base,
            list_key: owner.key,
            items,
        }))
    }

    async fn feed_owner(&self, of: FeedOf<'_>) -> crate::Result<Option<Owner>> {
        Ok(match of {
            FeedOf::Home => Some(Owner {
                title: String::new(),
                description: String::new(),
                page_url: "/".into(),
                feed_base: "/".into(),
                key: CacheKey::Home,
                clause: "",
                id: None,
            }),
            FeedOf::Section(slug) => self.section_by_slug(slug).await?.map(|s| Owner {
                title: s.name,
                description: s.description,
                page_url: format!("/{}/", s.slug),
                feed_base: format!("/{}/", s.slug),
                key: CacheKey::Section(s.id),
                clause: " AND a.section_id = $2",
                id: Some(s.id),
            }),
            FeedOf::Tag(slug) => self.tag_by_slug(slug).await?.map(|t| Owner {
                title: t.name,
                description: t.description,
                page_url: format!("/tag/{}", t.slug),
                feed_base: format!("/tag/{}/", t.slug),
                key: CacheKey::Tag(t.id),
                clause: " AND a.id IN (SELECT article_id FROM article_tags WHERE tag_id = $2)",
                id: Some(t.id),
            }),
            FeedOf::Author(slug) => self.author_by_slug(slug).await?.map(|a| Owner {
                title: a.name,
                description: a.bio,
                page_url: format!("/author/{}", a.slug),
                feed_base: format!("/author/{}/", a.slug),
                key: CacheKey::Author(a.id),
                clause: " AND a.id IN (SELECT article_id FROM article_authors WHERE author_id = $2)",
                id: Some(a.id),
            }),
        })
    }

    /// The stories of `rows` in full, loading each kind of detail for all of them at once.
    async fn feed_items(&self, rows: Vec<FeedRow>) -> crate::Result<Vec<FeedItem>> {
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let mut authors = self.feed_authors(&ids).await?;
        let mut tags = self.feed_tags(&ids).await?;
        let mut corrections = self.feed_corrections(&ids).await?;
        let media = self
            .media_by_ids(&rows.iter().filter_map(|r| r.5).collect::<Vec<_>>())
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let (
                    id,
                    slug,
                    headline,
                    standfirst,
                    body_html,
                    lead,
                    s_id,
                    s_slug,
                    s_name,
                    first,
                    published,
                ) = row;
                let first_published_at = first.or(published).unwrap_or_default();
                let corrections = corrections.remove(&id).unwrap_or_default();
                let last_note = corrections.iter().map(|c| c.published_at).max();
                FeedItem {
                    id,
                    url: article_url(&s_slug, &slug),
                    headline,
                    standfirst,
                    body_html,
                    section: SectionLink {
                        id: s_id,
                        url: format!("/{s_slug}/"),
                        slug: s_slug,
                        name: s_name,
                    },
                    authors: authors.remove(&id).unwrap_or_default(),
                    tags: tags.remove(&id).unwrap_or_default(),
                    image: lead.and_then(|m| media.get(&m)).map(feed_image),
                    first_published_at,
                    updated_at: updated_time(first_published_at, published, last_note)
                        .unwrap_or(first_published_at),
                    corrections,
                }
            })
            .collect())
    }

    async fn feed_authors(&self, ids: &[i64]) -> crate::Result<HashMap<i64, Vec<AuthorLink>>> {
        let rows: Vec<(i64, String, String)> = self
            .rows_for_stories(
                "SELECT aa.article_id, au.name, au.slug FROM article_authors aa \
                 JOIN authors au ON au.id = aa.author_id WHERE aa.article_id IN ({ids}) \
                 ORDER BY aa.article_id, aa.position",
                ids,
            )
            .await?;
        Ok(group(rows.into_iter().map(|(article, name, slug)| {
            let link = AuthorLink {
                name,
                url: format!("/author/{slug}"),
            };
            (article, link)
        })))
    }

    async fn feed_tags(&self, ids: &[i64]) -> crate::Result<HashMap<i64, Vec<TagLink>>> {
        let rows: Vec<(i64, i64, String, String)> = self
            .rows_for_stories(
                "SELECT at.article_id, t.id, t.name, t.slug FROM article_tags at \
                 JOIN tags t ON t.id = at.tag_id WHERE at.article_id IN ({ids}) \
                 ORDER BY at.article_id, at.position",
                ids,
            )
            .await?;
        Ok(group(rows.into_iter().map(|(article, id, name, slug)| {
            let link = TagLink {
                id,
                name,
                url: format!("/tag/{slug}"),
            };
            (article, link)
        })))
    }

    async fn feed_corrections(&self, ids: &[i64]) -> crate::Result<HashMap<i64, Vec<Correction>>> {
        let rows: Vec<(i64, i64, String, String)> = self
            .rows_for_stories(
                "SELECT article_id, published_at, kind, body FROM corrections \
                 WHERE article_id IN ({ids}) ORDER BY article_id, published_at, id",
                ids,
            )
            .await?;
        Ok(group(rows.into_iter().map(
            |(article, published_at, kind, text)| {
                let correction = Correction {
                    published_at,
                    kind,
                    text,
                };
                (article, correction)
            },
        )))
    }

    /// Runs `sql` with `{ids}` replaced by one placeholder per story id; none for no ids.
    pub(crate) async fn rows_for_stories<T>(&self, sql: &str, ids: &[i64]) -> crate::Result<Vec<T>>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = sql.replace("{ids}", &placeholders(1, ids.len()));
        let mut query = sqlx::query_as::<_, T>(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        Ok(query.fetch_all(&self.pool).await?)
    }
}

/// Groups `(story, value)` pairs by story, keeping their order within each story.
pub(crate) fn group<T>(pairs: impl Iterator<Item = (i64, T)>) -> HashMap<i64, Vec<T>> {
    let mut out: HashMap<i64, Vec<T>> = HashMap::new();
    for (id, value) in pairs {
        out.entry(id).or_default().push(value);
    }
    out
}

/// The picture a feed shows: the narrowest JPEG/PNG rendition at least
/// [`FEED_IMAGE_WIDTH`] wide (feed readers rarely take WebP), else the widest there is,
/// else the original.
fn feed_image(media: &Media) -> FeedImage {
    let fallback: Vec<_> = media
        .renditions
        .iter()
        .filter(|r| r.content_type != "image/webp")
        .collect();
    let chosen = fallback
        .iter()
        .find(|r| r.width >= FEED_IMAGE_WIDTH)
        .or(fallback.last());
    let (key, content_type, width, height) = match chosen {
        Some(r) => (&r.key, &r.content_type, r.width, r.height),
        None => (&media.key, &media.content_type, media.width, media.height),
    };
    FeedImage {
        url: format!("/media/{key}"),
        content_type: content_type.clone(),
        width,
        height,
        alt: media.alt.clone(),
        caption: media.caption.clone(),
        credit: media.credit.clone(),
    }
}
