//! Loading the view struct of each public page in a handful of queries. Only public
//! stories are ever returned here: published, and past any embargo at `now`.

use crate::Store;
use newsdesk_core::view::{
    ArticlePage, AuthorLink, Correction, HomePage, ListOwner, ListPage, Paging, Picture,
    SectionBlock, SectionLink, TagLink, Teaser,
};
use newsdesk_core::{ArticleFlags, CacheKey, Media, Section, UnixTime};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::HashMap;

/// The condition every public query carries; `$1` is always `now`.
pub(crate) const PUBLIC: &str =
    "a.state = 'published' AND (a.embargo_until IS NULL OR a.embargo_until <= $1)";

const ARTICLE_PAGE_SELECT: &str = "SELECT a.id, a.headline, a.standfirst, a.body_html, a.lead_media_id, \
    s.id, s.slug, s.name, a.first_published_at, a.published_at, a.updated_at, a.flags, a.seo_title, \
    a.seo_description, a.canonical_url, a.slug FROM articles a JOIN sections s ON s.id = a.section_id";

pub(crate) const TEASER_SELECT: &str = "SELECT a.id, a.slug, a.headline, a.standfirst, a.published_at, a.flags, \
    s.id, s.slug, s.name, a.lead_media_id FROM articles a JOIN sections s ON s.id = a.section_id";

pub(crate) type TeaserRow = (
    i64,
    String,
    String,
    String,
    Option<i64>,
    i64,
    i64,
    String,
    String,
    Option<i64>,
);

/// A teaser as loaded, before its picture is attached.
pub(crate) struct Listed {
    pub(crate) teaser: Teaser,
    pub(crate) media_id: Option<i64>,
}

/// Which stories a list holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Filter {
    All,
    Section(i64),
    Tag(i64),
    Author(i64),
}

impl Filter {
    /// The list a change-log key names (`list:section:3`), if it names one.
    pub(crate) fn of_list_key(key: &str) -> Option<Filter> {
        let id = |rest: &str| rest.parse::<i64>().ok();
        match key.strip_prefix("list:")? {
            "home" => Some(Filter::All),
            rest => {
                let (kind, rest) = rest.split_once(':')?;
                match kind {
                    "section" => id(rest).map(Filter::Section),
                    "tag" => id(rest).map(Filter::Tag),
                    "author" => id(rest).map(Filter::Author),
                    _ => None,
                }
            }
        }
    }

    pub(crate) fn clause(self) -> &'static str {
        match self {
            Filter::All => "",
            Filter::Section(_) => " AND a.section_id = $2",
            Filter::Tag(_) => {
                " AND a.id IN (SELECT article_id FROM article_tags WHERE tag_id = $2)"
            }
            Filter::Author(_) => {
                " AND a.id IN (SELECT article_id FROM article_authors WHERE author_id = $2)"
            }
        }
    }

    pub(crate) fn id(self) -> Option<i64> {
        match self {
            Filter::All => None,
            Filter::Section(id) | Filter::Tag(id) | Filter::Author(id) => Some(id),
        }
    }
}

pub fn article_url(section_slug: &str, slug: &str) -> String {
    format!("/{section_slug}/{slug}")
}

fn section_link(id: i64, slug: &str, name: String) -> SectionLink {
    SectionLink {
        id,
        url: format!("/{slug}/"),
        slug: slug.to_owned(),
        name,
    }
}

/// A picture for `<picture>`: the fallback rendition nearest 640 px wide as `src`, every
/// width in `srcset`, and the WebP renditions in `webp_srcset`.
pub fn picture_of(media: &Media) -> Picture {
    let (webp, fallback): (Vec<_>, Vec<_>) = media
        .renditions
        .iter()
        .partition(|r| r.content_type == "image/webp");
    let srcset = |renditions: &[&newsdesk_core::Rendition]| {
        renditions
            .iter()
            .map(|r| format!("/media/{} {}w", r.key, r.width))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let src = fallback
        .iter()
        .find(|r| r.width >= 640)
        .or(fallback.last())
        .map_or_else(
            || (media.key.as_str(), media.width, media.height),
            |r| (r.key.as_str(), r.width, r.height),
        );
    Picture {
        src: format!("/media/{}", src.0),
        srcset: srcset(&fallback),
        webp_srcset: srcset(&webp),
        width: src.1,
        height: src.2,
        alt: media.alt.clone(),
        caption: media.caption.clone(),
        credit: media.credit.clone(),
        focal: media.focal.map(newsdesk_core::FocalPoint::percent_steps),
    }
}

fn page_offset(page: u32, page_size: u32) -> u64 {
    u64::from(page.saturating_sub(1)) * u64::from(page_size)
}

fn paging(base: &str, page: u32, has_next: bool) -> Paging {
    let url = |n: u32| {
        if n <= 1 {
            base.to_owned()
        } else {
            format!("{base}?page={n}")
        }
    };
    Paging {
        page,
        prev_url: (page > 1).then(|| url(page - 1)),
        next_url: has_next.then(|| url(page + 1)),
    }
}

impl Store {
    /// Teasers of a list, newest first, with their pictures; one more than asked for
    /// tells the caller whether a next page exists.
    async fn teasers(
        &self,
        now: UnixTime,
        filter: Filter,
        exclude: Option<i64>,
        limit: u32,
        offset: u64,
    ) -> crate::Result<Vec<Listed>> {
        // Deep in a list, whole months are skipped by their kept counts (`depth`).
        let (before, offset) = match exclude {
            None if offset >= crate::depth::DEEP_OFFSET => {
                match self.deep_start(now, filter, offset).await? {
                    Some(start) => (Some(start.before), start.offset),
                    None => return Ok(Vec::new()),
                }
            }
            _ => (None, offset),
        };
        let mut next = if filter.id().is_some() { 3 } else { 2 };
        let exclude_clause = if exclude.is_some() {
            next += 1;
            format!(" AND a.id <> ${}", next - 1)
        } else {
            String::new()
        };
        let before_clause = if before.is_some() {
            next += 1;
            format!(" AND a.published_at < ${}", next - 1)
        } else {
            String::new()
        };
        let limit_at = next;
        // The page's ids first, from the index alone (it holds every column the check and
        // the order need: migration 0024), then their teasers: the rows an offset skips
        // are never read, however deep the page.
        let sql = format!(
            "{TEASER_SELECT} WHERE a.id IN (SELECT a.id FROM articles a WHERE {PUBLIC}{}{exclude_clause}{before_clause} \
             ORDER BY a.published_at DESC, a.id DESC LIMIT ${limit_at} OFFSET ${}) \
             ORDER BY a.published_at DESC, a.id DESC",
            filter.clause(),
            limit_at + 1
        );
        let mut query = sqlx::query_as::<_, TeaserRow>(&sql).bind(now);
        if let Some(id) = filter.id() {
            query = query.bind(id);
        }
        if let Some(id) = exclude {
            query = query.bind(id);
        }
        if let Some(before) = before {
            query = query.bind(before);
        }
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let rows = query
            .bind(i64::from(limit))
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(teaser_of).collect())
    }

    /// Pictures of the given media, keyed by media id, in two queries for all.
    pub(crate) async fn pictures(
        &self,
        media_ids: impl IntoIterator<Item = i64>,
    ) -> crate::Result<HashMap<i64, Picture>> {
        let ids: Vec<i64> = media_ids.into_iter().collect();
        Ok(self
            .media_by_ids(&ids)
            .await?
            .iter()
            .map(|(id, m)| (*id, picture_of(m)))
            .collect())
    }

    /// Attaches pictures to every teaser of the given lists, loading all media at once.
    async fn with_pictures(&self, lists: Vec<Vec<Listed>>) -> crate::Result<Vec<Vec<Teaser>>> {
        let pictures = self
            .pictures(lists.iter().flatten().filter_map(|l| l.media_id))
            .await?;
        Ok(lists
            .into_iter()
            .map(|list| attach(list, &pictures))
            .collect())
    }

    /// The article page at `/{section_slug}/{slug}` if it is public at `now`.
    pub async fn article_page(
        &self,
        section_slug: &str,
        slug: &str,
        now: UnixTime,
        rail_size: u32,
    ) -> crate::Result<Option<ArticlePage>> {
        let sql = format!("{ARTICLE_PAGE_SELECT} WHERE {PUBLIC} AND s.slug = $2 AND a.slug = $3");
        let row: Option<ArticlePageRow> = sqlx::query_as(&sql)
            .bind(now)
            .bind(section_slug)
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        self.article_page_of(row, now, rail_size).await.map(Some)
    }

    /// A story's page whatever its state, for a signed preview link. Never cached or
    /// listed: the caller serves it to the link's holder only.
    pub async fn preview_page(
        &self,
        article_id: i64,
        now: UnixTime,
        rail_size: u32,
    ) -> crate::Result<Option<ArticlePage>> {
        let sql = format!("{ARTICLE_PAGE_SELECT} WHERE a.id = $1");
        let row: Option<ArticlePageRow> = sqlx::query_as(&sql)
            .bind(article_id)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        self.article_page_of(row, now, rail_size).await.map(Some)
    }

    async fn article_page_of(
        &self,
        row: ArticlePageRow,
        now: UnixTime,
        rail_size: u32,
    ) -> crate::Result<ArticlePage> {
        let id = row.id;
        let authors: Vec<(String, String)> = sqlx::query_as(
            "SELECT au.name, au.slug FROM article_authors aa JOIN authors au ON au.id = aa.author_id \
             WHERE aa.article_id = $1 ORDER BY aa.position",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let tags: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT t.id, t.name, t.slug FROM article_tags at JOIN tags t ON t.id = at.tag_id \
             WHERE at.article_id = $1 ORDER BY at.position",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let corrections: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT published_at, kind, body FROM corrections WHERE article_id = $1 ORDER BY published_at, id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let rail = self
            .teasers(now, Filter::Section(row.section_id), Some(id), rail_size, 0)
            .await?;
        // The lead picture is loaded with the rail's pictures: one media load for both.
        let pictures = self
            .pictures(
                rail.iter()
                    .filter_map(|l| l.media_id)
                    .chain(row.lead_media_id),
            )
            .await?;
        let rail = attach(rail, &pictures);
        let lead = row.lead_media_id.and_then(|m| pictures.get(&m).cloned());
        let ArticlePageRow {
            headline,
            standfirst,
            body_html,
            section_id,
            section_slug,
            section_name,
            first_published_at: first,
            published_at: published,
            updated_at: updated,
            flags,
            seo_title,
            seo_description,
            canonical_url,
            slug,
            ..
        } = row;
        let first_published_at = first.or(published).unwrap_or(updated);
        // "Updated" is a change readers were told about after first publication: a
        // significant update (`published_at` moved on) or a correction or update note.
        // Routine saves (a typo fixed) do not make a story "updated".
        let last_note = corrections.iter().map(|(at, _, _)| *at).max();
        let last_change = published
            .unwrap_or(first_published_at)
            .max(last_note.unwrap_or(i64::MIN));
        Ok(ArticlePage {
            id,
            url: article_url(&section_slug, &slug),
            headline,
            standfirst,
            section: section_link(section_id, &section_slug, section_name),
            lead,
            authors: authors
                .into_iter()
                .map(|(name, slug)| AuthorLink {
                    name,
                    url: format!("/author/{slug}"),
                })
                .collect(),
            first_published_at,
            // A note always marks the story updated; a bump only when it came after the
            // first minute (a quick re-save right after publishing is not news).
            updated_at: (last_note.is_some() || last_change > first_published_at + 60)
                .then_some(last_change),
            body_html,
            corrections: corrections
                .into_iter()
                .map(|(published_at, kind, text)| Correction {
                    published_at,
                    kind,
                    text,
                })
                .collect(),
            tags: tags
                .into_iter()
                .map(|(id, name, slug)| TagLink {
                    id,
                    name,
                    url: format!("/tag/{slug}"),
                })
                .collect(),
            rail,
            related: Vec::new(),
            flags: ArticleFlags::from_bits(flags),
            seo_title,
            seo_description,
            canonical_url,
        })
    }

    /// A paged list starting at `offset`; `None` when the page is past the end (page 1
    /// always exists).
    async fn list(
        &self,
        now: UnixTime,
        filter: Filter,
        base_url: &str,
        page: u32,
        page_size: u32,
        offset: u64,
    ) -> crate::Result<Option<(Vec<Teaser>, Paging)>> {
        let mut items = self
            .teasers(now, filter, None, page_size + 1, offset)
            .await?;
        if items.is_empty() && page > 1 {
            return Ok(None);
        }
        let has_next = items.len() > page_size as usize;
        items.truncate(page_size as usize);
        let items = self
            .with_pictures(vec![items])
            .await?
            .pop()
            .unwrap_or_default();
        Ok(Some((items, paging(base_url, page, has_next))))
    }

    pub async fn section_page(
        &self,
        section: &Section,
        page: u32,
        page_size: u32,
        now: UnixTime,
    ) -> crate::Result<Option<ListPage>> {
        let url = format!("/{}/", section.slug);
        let Some((items, paging)) = self
            .list(
                now,
                Filter::Section(section.id),
                &url,
                page,
                page_size,
                page_offset(page, page_size),
            )
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(ListPage {
            owner: ListOwner::Section {
                name: section.name.clone(),
                description: section.description.clone(),
                seo_title: section.seo_title.clone(),
                seo_description: section.seo_description.clone(),
            },
            list_key: CacheKey::Section(section.id),
            url,
            items,
            paging,
        }))
    }

    pub async fn tag_page(
        &self,
        slug: &str,
        page: u32,
        page_size: u32,
        now: UnixTime,
    ) -> crate::Result<Option<ListPage>> {
        let Some(tag) = self.tag_by_slug(slug).await? else {
            return Ok(None);
        };
        let url = format!("/tag/{}", tag.slug);
        let Some((items, paging)) = self
            .list(
                now,
                Filter::Tag(tag.id),
                &url,
                page,
                page_size,
                page_offset(page, page_size),
            )
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(ListPage {
            owner: ListOwner::Tag {
                name: tag.name,
                description: tag.description,
            },
            list_key: CacheKey::Tag(tag.id),
            url,
            items,
            paging,
        }))
    }

    pub async fn author_page(
        &self,
        slug: &str,
        page: u32,
        page_size: u32,
        now: UnixTime,
    ) -> crate::Result<Option<ListPage>> {
        let Some(author) = self.author_by_slug(slug).await? else {
            return Ok(None);
        };
        let url = format!("/author/{}", author.slug);
        let Some((items, paging)) = self
            .list(
                now,
                Filter::Author(author.id),
                &url,
                page,
                page_size,
                page_offset(page, page_size),
            )
            .await?
        else {
            return Ok(None);
        };
        let photo = match author.photo_media_id {
            Some(id) => self.media_by_ids(&[id]).await?.get(&id).map(picture_of),
            None => None,
        };
        let links = author.profile_links();
        Ok(Some(ListPage {
            owner: ListOwner::Author {
                name: author.name,
                bio: author.bio,
                photo,
                job_title: author.job_title,
                links,
            },
            list_key: CacheKey::Author(author.id),
            url,
            items,
            paging,
        }))
    }

    /// Page 1: the lead story, the next latest, and a block per top-level section.
    /// Later pages: the site-wide latest list, so the archive is reachable without JavaScript.
    pub async fn home_page(
        &self,
        page: u32,
        page_size: u32,
        latest_size: u32,
        block_size: u32,
        now: UnixTime,
    ) -> crate::Result<Option<HomePage>> {
        if page > 1 {
            // Page 2 goes on where page 1's lead and latest list stopped.
            let offset = u64::from(1 + latest_size) + page_offset(page - 1, page_size);
            let Some((latest, paging)) = self
                .list(now, Filter::All, "/", page, page_size, offset)
                .await?
            else {
                return Ok(None);
            };
            return Ok(Some(HomePage {
                lead: None,
                latest,
                blocks: Vec::new(),
                paging,
            }));
        }
        let mut latest = self
            .teasers(now, Filter::All, None, latest_size + 2, 0)
            .await?;
        let has_next = latest.len() > latest_size as usize + 1;
        latest.truncate(latest_size as usize + 1);
        let sections: Vec<_> = self
            .sections()
            .await?
            .into_iter()
            .filter(|s| s.parent_id.is_none())
            .collect();
        let mut lists = vec![latest];
        for section in &sections {
            lists.push(
                self.teasers(now, Filter::Section(section.id), None, block_size, 0)
                    .await?,
            );
        }
        let mut lists = self.with_pictures(lists).await?.into_iter();
        let mut latest = lists.next().unwrap_or_default();
        let lead = (!latest.is_empty()).then(|| latest.remove(0));
        let blocks = sections
            .into_iter()
            .zip(lists)
            .filter(|(_, items)| !items.is_empty())
            .map(|(s, items)| SectionBlock {
                section: section_link(s.id, s.slug.as_str(), s.name),
                items,
            })
            .collect();
        Ok(Some(HomePage {
            lead,
            latest,
            blocks,
            paging: paging("/", 1, has_next),
        }))
    }

    /// Top-level sections for the site's navigation; hidden ones keep their fronts but
    /// are not listed.
    pub async fn navigation(&self) -> crate::Result<Vec<SectionLink>> {
        Ok(self
            .sections()
            .await?
            .into_iter()
            .filter(|s| s.parent_id.is_none() && !s.hidden)
            .map(|s| section_link(s.id, s.slug.as_str(), s.name))
            .collect())
    }

    /// Every top-level section, hidden ones too: where the desk may file a story.
    pub async fn section_choices(&self) -> crate::Result<Vec<SectionLink>> {
        Ok(self
            .sections()
            .await?
            .into_iter()
            .filter(|s| s.parent_id.is_none())
            .map(|s| section_link(s.id, s.slug.as_str(), s.name))
            .collect())
    }
}

struct ArticlePageRow {
    id: i64,
    headline: String,
    standfirst: String,
    body_html: String,
    lead_media_id: Option<i64>,
    section_id: i64,
    section_slug: String,
    section_name: String,
    first_published_at: Option<i64>,
    published_at: Option<i64>,
    updated_at: i64,
    flags: i64,
    seo_title: Option<String>,
    seo_description: Option<String>,
    canonical_url: Option<String>,
    slug: String,
}

impl<'r> sqlx::FromRow<'r, AnyRow> for ArticlePageRow {
    fn from_row(r: &'r AnyRow) -> Result<Self, sqlx::Error> {
        Ok(ArticlePageRow {
            id: r.try_get(0)?,
            headline: r.try_get(1)?,
            standfirst: r.try_get(2)?,
            body_html: r.try_get(3)?,
            lead_media_id: r.try_get(4)?,
            section_id: r.try_get(5)?,
            section_slug: r.try_get(6)?,
            section_name: r.try_get(7)?,
            first_published_at: r.try_get(8)?,
            published_at: r.try_get(9)?,
            updated_at: r.try_get(10)?,
            flags: r.try_get(11)?,
            seo_title: r.try_get(12)?,
            seo_description: r.try_get(13)?,
            canonical_url: r.try_get(14)?,
            slug: r.try_get(15)?,
        })
    }
}

pub(crate) fn attach(list: Vec<Listed>, pictures: &HashMap<i64, Picture>) -> Vec<Teaser> {
    list.into_iter()
        .map(
            |Listed {
                 mut teaser,
                 media_id,
             }| {
                teaser.picture = media_id.and_then(|m| pictures.get(&m).cloned());
                teaser
            },
        )
        .collect()
}

pub(crate) fn teaser_of(row: TeaserRow) -> Listed {
    let (
        id,
        slug,
        headline,
        standfirst,
        published_at,
        flags,
        section_id,
        section_slug,
        section_name,
        media_id,
    ) = row;
    let teaser = Teaser {
        id,
        url: article_url(&section_slug, &slug),
        headline,
        standfirst,
        section: section_link(section_id, &section_slug, section_name),
        picture: None,
        published_at: published_at.unwrap_or_default(),
        flags: ArticleFlags::from_bits(flags),
    };
    Listed { teaser, media_id }
}
