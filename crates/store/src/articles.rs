//! Saving and loading stories. Every save increases `version` (optimistic locking) and
//! appends a change-log row naming exactly the keys the save makes stale.

use crate::changes::append;
use crate::db::{duplicate_or, placeholders};
use crate::{Store, StoreError, faults};
use newsdesk_core::{Article, ArticleFlags, CacheKey, Slug, State, UnixTime};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Row, Transaction};

/// Everything a save writes. `body_html` must come from `render::markdown::to_safe_html`.
#[derive(Clone, Debug)]
pub struct ArticleInput {
    pub slug: Slug,
    pub headline: String,
    pub standfirst: String,
    pub body_markdown: String,
    pub body_html: String,
    pub lead_media_id: Option<i64>,
    pub section_id: i64,
    pub tag_ids: Vec<i64>,
    pub author_ids: Vec<i64>,
    pub state: State,
    pub first_published_at: Option<UnixTime>,
    pub published_at: Option<UnixTime>,
    pub scheduled_for: Option<UnixTime>,
    pub embargo_until: Option<UnixTime>,
    pub flags: ArticleFlags,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    pub canonical_url: Option<String>,
}

impl ArticleInput {
    /// The input that would save `article` unchanged: the starting point for an edit.
    pub fn from_article(a: &Article) -> ArticleInput {
        ArticleInput {
            slug: a.slug.clone(),
            headline: a.headline.clone(),
            standfirst: a.standfirst.clone(),
            body_markdown: a.body_markdown.clone(),
            body_html: a.body_html.clone(),
            lead_media_id: a.lead_media_id,
            section_id: a.section_id,
            tag_ids: a.tag_ids.clone(),
            author_ids: a.author_ids.clone(),
            state: a.state,
            first_published_at: a.first_published_at,
            published_at: a.published_at,
            scheduled_for: a.scheduled_for,
            embargo_until: a.embargo_until,
            flags: a.flags,
            seo_title: a.seo_title.clone(),
            seo_description: a.seo_description.clone(),
            canonical_url: a.canonical_url.clone(),
        }
    }

    pub(crate) fn validate(&self) -> crate::Result<()> {
        if self.headline.trim().is_empty() {
            return Err(StoreError::Invalid("a story needs a headline".into()));
        }
        if self.state == State::Published && self.published_at.is_none() {
            return Err(StoreError::Invalid(
                "a published story needs a publication time".into(),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        if !self.tag_ids.iter().all(|t| seen.insert(*t)) {
            return Err(StoreError::Invalid("a tag is listed twice".into()));
        }
        seen.clear();
        if !self.author_ids.iter().all(|a| seen.insert(*a)) {
            return Err(StoreError::Invalid("an author is listed twice".into()));
        }
        Ok(())
    }
}

pub struct CorrectionInput {
    /// "correction" or "update"
    pub kind: String,
    pub body: String,
    pub published_at: UnixTime,
}

const ARTICLE_COLUMNS: &str = "id, slug, headline, standfirst, body_markdown, body_html, lead_media_id, \
    section_id, state, first_published_at, published_at, updated_at, scheduled_for, embargo_until, flags, \
    seo_title, seo_description, canonical_url, version, deleted_at";

struct ArticleRow {
    id: i64,
    slug: String,
    headline: String,
    standfirst: String,
    body_markdown: String,
    body_html: String,
    lead_media_id: Option<i64>,
    section_id: i64,
    state: String,
    first_published_at: Option<i64>,
    published_at: Option<i64>,
    updated_at: i64,
    scheduled_for: Option<i64>,
    embargo_until: Option<i64>,
    flags: i64,
    seo_title: Option<String>,
    seo_description: Option<String>,
    canonical_url: Option<String>,
    version: i64,
    deleted_at: Option<i64>,
}

impl<'r> sqlx::FromRow<'r, AnyRow> for ArticleRow {
    fn from_row(r: &'r AnyRow) -> Result<Self, sqlx::Error> {
        Ok(ArticleRow {
            id: r.try_get(0)?,
            slug: r.try_get(1)?,
            headline: r.try_get(2)?,
            standfirst: r.try_get(3)?,
            body_markdown: r.try_get(4)?,
            body_html: r.try_get(5)?,
            lead_media_id: r.try_get(6)?,
            section_id: r.try_get(7)?,
            state: r.try_get(8)?,
            first_published_at: r.try_get(9)?,
            published_at: r.try_get(10)?,
            updated_at: r.try_get(11)?,
            scheduled_for: r.try_get(12)?,
            embargo_until: r.try_get(13)?,
            flags: r.try_get(14)?,
            seo_title: r.try_get(15)?,
            seo_description: r.try_get(16)?,
            canonical_url: r.try_get(17)?,
            version: r.try_get(18)?,
            deleted_at: r.try_get(19)?,
        })
    }
}

impl ArticleRow {
    fn into_article(self, tag_ids: Vec<i64>, author_ids: Vec<i64>) -> crate::Result<Article> {
        Ok(Article {
            id: self.id,
            slug: Slug::parse(&self.slug)
                .map_err(|e| StoreError::Invalid(format!("stored slug: {e}")))?,
            headline: self.headline,
            standfirst: self.standfirst,
            body_markdown: self.body_markdown,
            body_html: self.body_html,
            lead_media_id: self.lead_media_id,
            section_id: self.section_id,
            tag_ids,
            author_ids,
            state: self
                .state
                .parse()
                .map_err(|e| StoreError::Invalid(format!("{e}")))?,
            first_published_at: self.first_published_at,
            published_at: self.published_at,
            updated_at: self.updated_at,
            scheduled_for: self.scheduled_for,
            embargo_until: self.embargo_until,
            flags: ArticleFlags::from_bits(self.flags),
            seo_title: self.seo_title,
            seo_description: self.seo_description,
            canonical_url: self.canonical_url,
            version: self.version,
            deleted_at: self.deleted_at,
        })
    }
}

/// The keys a save makes stale: always the story itself; and when the story is (or was)
/// in public lists and its place in them may have moved, those lists too.
pub(crate) fn keys_for_save(
    before: Option<&Article>,
    after: &ArticleInput,
    id: i64,
) -> Vec<CacheKey> {
    let mut keys = vec![CacheKey::Article(id)];
    let listed_after = after.state == State::Published;
    let listed_before = before.is_some_and(|b| b.state == State::Published);
    let placement_changed = match before {
        None => true,
        Some(b) => {
            b.state != after.state
                || b.section_id != after.section_id
                || b.published_at != after.published_at
                || b.embargo_until != after.embargo_until
                || b.tag_ids != after.tag_ids
                || b.author_ids != after.author_ids
        }
    };
    if listed_before || listed_after {
        // Any save of a public story may change what the sitemaps say of it: its address,
        // its headline (the news sitemap) or the time of its last change.
        keys.push(CacheKey::Sitemap);
    }
    if (listed_before || listed_after) && placement_changed {
        keys.push(CacheKey::Home);
        let sections = before
            .map(|b| b.section_id)
            .into_iter()
            .chain([after.section_id]);
        keys.extend(sections.map(CacheKey::Section));
        let tags = before
            .map(|b| b.tag_ids.as_slice())
            .unwrap_or_default()
            .iter()
            .chain(&after.tag_ids);
        keys.extend(tags.copied().map(CacheKey::Tag));
        let authors = before
            .map(|b| b.author_ids.as_slice())
            .unwrap_or_default()
            .iter()
            .chain(&after.author_ids);
        keys.extend(authors.copied().map(CacheKey::Author));
    }
    keys
}

impl Store {
    /// Creates a story as revision 1; `by` is the saving user (`None` for imports and tools),
    /// who also becomes its creator for the role policy.
    pub async fn create_article(
        &self,
        input: &ArticleInput,
        by: Option<i64>,
    ) -> crate::Result<Article> {
        input.validate()?;
        let now = newsdesk_core::now();
        let mut tx = self.begin().await?;
        let id = insert_article(&mut tx, input, by, now).await?;
        write_links(&mut tx, id, input).await?;
        faults::split(self.backend, &mut tx).await?;
        write_revision(&mut tx, id, 1, by, input, now).await?;
        faults::split(self.backend, &mut tx).await?;
        append(
            self.writer(),
            &mut tx,
            &format!("article:{id}"),
            newsdesk_core::workflow::save_action(None, input.state),
            &keys_for_save(None, input, id),
        )
        .await?;
        // Read back inside the transaction: the answer is exactly what commits.
        let saved = article_on(&mut tx, id).await?;
        faults::commit(tx, true).await?;
        saved.ok_or_else(|| StoreError::NotFound(format!("article {id}")))
    }

    /// Writes many new stories in one transaction with one change-log row that makes every
    /// page stale: for imports and the demo newsroom, where per-story rows would be noise.
    pub async fn create_articles_bulk(&self, inputs: &[ArticleInput]) -> crate::Result<Vec<i64>> {
        let now = newsdesk_core::now();
        let mut tx = self.begin().await?;
        let mut ids = Vec::with_capacity(inputs.len());
        for input in inputs {
            input.validate()?;
            let id = insert_article(&mut tx, input, None, now).await?;
            write_links(&mut tx, id, input).await?;
            ids.push(id);
        }
        append(
            self.writer(),
            &mut tx,
            "articles",
            "import",
            &[CacheKey::Site],
        )
        .await?;
        tx.commit().await?;
        Ok(ids)
    }

    /// Saves `input` over article `id` if it is still at `expected_version`; otherwise
    /// nothing is written and the caller gets `Conflict` with the current version.
    pub async fn update_article(
        &self,
        id: i64,
        expected_version: i64,
        input: &ArticleInput,
        by: Option<i64>,
    ) -> crate::Result<Article> {
        input.validate()?;
        let before = self
            .article(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("article {id}")))?;
        let mut tx = self.begin().await?;
        let updated = sqlx::query(
            "UPDATE articles SET slug = $1, headline = $2, standfirst = $3, body_markdown = $4, body_html = $5, \
             lead_media_id = $6, section_id = $7, state = $8, first_published_at = $9, published_at = $10, \
             updated_at = $11, scheduled_for = $12, embargo_until = $13, flags = $14, seo_title = $15, \
             seo_description = $16, canonical_url = $17, version = version + 1 \
             WHERE id = $18 AND version = $19",
        )
        .bind(input.slug.as_str())
        .bind(&input.headline)
        .bind(&input.standfirst)
        .bind(&input.body_markdown)
        .bind(&input.body_html)
        .bind(input.lead_media_id)
        .bind(input.section_id)
        .bind(input.state.as_str())
        .bind(input.first_published_at)
        .bind(input.published_at)
        .bind(newsdesk_core::now())
        .bind(input.scheduled_for)
        .bind(input.embargo_until)
        .bind(input.flags.to_bits())
        .bind(&input.seo_title)
        .bind(&input.seo_description)
        .bind(&input.canonical_url)
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await
        .map_err(|e| duplicate_or(e, "article slug in this section", input.slug.as_str()))?;
        if updated.rows_affected() == 0 {
            tx.rollback().await?;
            let current = self
                .article(id)
                .await?
                .map_or(before.version, |a| a.version);
            return Err(StoreError::Conflict {
                id,
                expected: expected_version,
                current,
            });
        }
        sqlx::query("DELETE FROM article_tags WHERE article_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM article_authors WHERE article_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        write_links(&mut tx, id, input).await?;
        faults::split(self.backend, &mut tx).await?;
        write_revision(
            &mut tx,
            id,
            expected_version + 1,
            by,
            input,
            newsdesk_core::now(),
        )
        .await?;
        // A story readers have seen keeps its old address working: 301 to the new one.
        let moved = before.slug != input.slug || before.section_id != input.section_id;
        if moved && before.first_published_at.is_some() {
            let from = story_path(&mut tx, before.section_id, before.slug.as_str()).await?;
            let to = story_path(&mut tx, input.section_id, input.slug.as_str()).await?;
            add_redirect(&mut tx, &from, &to, Some(id)).await?;
        }
        // Publishing and unpublishing are newsroom facts worth an audit trail.
        if (before.state == State::Published) != (input.state == State::Published) {
            let action = if input.state == State::Published {
                "article.publish"
            } else {
                "article.unpublish"
            };
            let detail = format!("{} -> {}", before.state, input.state);
            crate::users::audit(&mut tx, by, action, &format!("article:{id}"), &detail).await?;
        }
        let keys = keys_for_save(Some(&before), input, id);
        faults::split(self.backend, &mut tx).await?;
        append(
            self.writer(),
            &mut tx,
            &format!("article:{id}"),
            newsdesk_core::workflow::save_action(Some(before.state), input.state),
            &keys,
        )
        .await?;
        let saved = article_on(&mut tx, id).await?;
        faults::commit(tx, true).await?;
        saved.ok_or_else(|| StoreError::NotFound(format!("article {id}")))
    }

    /// Appends a dated correction or update note; the story's page and feeds show it.
    pub async fn add_correction(&self, article_id: i64, c: &CorrectionInput) -> crate::Result<()> {
        if c.kind != "correction" && c.kind != "update" {
            return Err(StoreError::Invalid(format!(
                "a note is a correction or an update, not {:?}",
                c.kind
            )));
        }
        if c.body.trim().is_empty() {
            return Err(StoreError::Invalid("a correction needs its text".into()));
        }
        let mut tx = self.begin().await?;
        let bumped =
            sqlx::query("UPDATE articles SET updated_at = $1, version = version + 1 WHERE id = $2")
                .bind(c.published_at)
                .bind(article_id)
                .execute(&mut *tx)
                .await?;
        if bumped.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("article {article_id}")));
        }
        sqlx::query("INSERT INTO corrections (article_id, kind, body, published_at) VALUES ($1, $2, $3, $4)")
            .bind(article_id)
            .bind(&c.kind)
            .bind(&c.body)
            .bind(c.published_at)
            .execute(&mut *tx)
            .await?;
        let object = format!("article:{article_id}");
        // The note dates the story's last change, which the sitemaps show.
        append(
            self.writer(),
            &mut tx,
            &object,
            "correct",
            &[CacheKey::Article(article_id), CacheKey::Sitemap],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A story's corrections and update notes, oldest first: (published at, kind, text).
    pub async fn corrections(&self, article_id: i64) -> crate::Result<Vec<(i64, String, String)>> {
        Ok(sqlx::query_as(
            "SELECT published_at, kind, body FROM corrections WHERE article_id = $1 ORDER BY published_at, id",
        )
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn article(&self, id: i64) -> crate::Result<Option<Article>> {
        let mut conn = self.pool.acquire().await?;
        article_on(&mut conn, id).await
    }

    pub async fn article_by_slug(
        &self,
        section_id: i64,
        slug: &str,
    ) -> crate::Result<Option<Article>> {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM articles WHERE section_id = $1 AND slug = $2")
                .bind(section_id)
                .bind(slug)
                .fetch_optional(&self.pool)
                .await?;
        match id {
            Some(id) => self.article(id).await,
            None => Ok(None),
        }
    }

    pub async fn count_articles(&self) -> crate::Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM articles")
            .fetch_one(&self.pool)
            .await?)
    }
}

/// A story as `conn` sees it: a pool connection, or a save's own transaction.
async fn article_on(conn: &mut AnyConnection, id: i64) -> crate::Result<Option<Article>> {
    let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = $1");
    let Some(row) = sqlx::query_as::<_, ArticleRow>(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let tag_ids = sqlx::query_scalar(
        "SELECT tag_id FROM article_tags WHERE article_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let author_ids = sqlx::query_scalar(
        "SELECT author_id FROM article_authors WHERE article_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    row.into_article(tag_ids, author_ids).map(Some)
}

/// The story's topics and bylines, in their order: one statement for each list.
pub(crate) async fn write_links(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    input: &ArticleInput,
) -> crate::Result<()> {
    for (table, column, ids) in [
        ("article_tags", "tag_id", &input.tag_ids),
        ("article_authors", "author_id", &input.author_ids),
    ] {
        if ids.is_empty() {
            continue;
        }
        let rows: Vec<String> = (0..ids.len())
            .map(|i| format!("({})", placeholders(3 * i + 1, 3)))
            .collect();
        let sql = format!(
            "INSERT INTO {table} (article_id, {column}, position) VALUES {}",
            rows.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for (position, linked) in (0_i64..).zip(ids) {
            q = q.bind(id).bind(*linked).bind(position);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// A new story's row at version 1; `created_by` is who the role policy counts as its
/// creator (`None` for tools).
pub(crate) async fn insert_article(
    tx: &mut Transaction<'static, Any>,
    input: &ArticleInput,
    created_by: Option<i64>,
    now: UnixTime,
) -> crate::Result<i64> {
    sqlx::query_scalar(
            "INSERT INTO articles (slug, headline, standfirst, body_markdown, body_html, lead_media_id, \
             section_id, state, first_published_at, published_at, created_at, updated_at, scheduled_for, \
             embargo_until, flags, seo_title, seo_description, canonical_url, version, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13, $14, $15, $16, $17, 1, $18) \
             RETURNING id",
        )
        .bind(input.slug.as_str())
        .bind(&input.headline)
        .bind(&input.standfirst)
        .bind(&input.body_markdown)
        .bind(&input.body_html)
        .bind(input.lead_media_id)
        .bind(input.section_id)
        .bind(input.state.as_str())
        .bind(input.first_published_at)
        .bind(input.published_at)
        .bind(now)
        .bind(input.scheduled_for)
        .bind(input.embargo_until)
        .bind(input.flags.to_bits())
        .bind(&input.seo_title)
        .bind(&input.seo_description)
        .bind(&input.canonical_url)
        .bind(created_by)
        .fetch_one(&mut **tx)
        .await
        .map_err(|e| duplicate_or(e, "article slug in this section", input.slug.as_str()))
}

/// Records one save in full: the body and, as JSON, everything else the save set.
pub(crate) async fn write_revision(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    version: i64,
    by: Option<i64>,
    input: &ArticleInput,
    at: UnixTime,
) -> crate::Result<()> {
    let meta = serde_json::json!({
        "slug": input.slug.as_str(),
        "section_id": input.section_id,
        "tag_ids": input.tag_ids,
        "author_ids": input.author_ids,
        "lead_media_id": input.lead_media_id,
        "state": input.state.as_str(),
        "published_at": input.published_at,
        "scheduled_for": input.scheduled_for,
        "embargo_until": input.embargo_until,
        "flags": input.flags.to_bits(),
        "seo_title": input.seo_title,
        "seo_description": input.seo_description,
        "canonical_url": input.canonical_url,
    });
    sqlx::query(
        "INSERT INTO revisions (article_id, version, user_id, at, headline, standfirst, body_markdown, meta) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(version)
    .bind(by)
    .bind(at)
    .bind(&input.headline)
    .bind(&input.standfirst)
    .bind(&input.body_markdown)
    .bind(meta.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// version, user, time, headline, standfirst, body, meta.
type RevisionRow = (i64, Option<i64>, i64, String, String, String, String);

/// One saved version of a story, as the revisions list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    pub version: i64,
    pub user_id: Option<i64>,
    pub at: UnixTime,
    pub headline: String,
    pub standfirst: String,
    pub body_markdown: String,
    pub meta: String,
}

impl Store {
    /// Every saved version of a story, newest first.
    pub async fn revisions(&self, article_id: i64) -> crate::Result<Vec<Revision>> {
        let rows: Vec<RevisionRow> = sqlx::query_as(
            "SELECT version, user_id, at, headline, standfirst, body_markdown, meta FROM revisions \
             WHERE article_id = $1 ORDER BY version DESC",
        )
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(version, user_id, at, headline, standfirst, body_markdown, meta)| Revision {
                    version,
                    user_id,
                    at,
                    headline,
                    standfirst,
                    body_markdown,
                    meta,
                },
            )
            .collect())
    }

    /// Who created a story (for the role policy's "own").
    pub async fn article_creator(&self, article_id: i64) -> crate::Result<Option<i64>> {
        let row: Option<Option<i64>> =
            sqlx::query_scalar("SELECT created_by FROM articles WHERE id = $1")
                .bind(article_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.flatten())
    }
}

async fn story_path(
    tx: &mut Transaction<'static, Any>,
    section_id: i64,
    slug: &str,
) -> crate::Result<String> {
    let section: String = sqlx::query_scalar("SELECT slug FROM sections WHERE id = $1")
        .bind(section_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(format!("/{section}/{slug}"))
}

/// Points `from` at `to`, keeping chains one hop long (older redirects to `from` now go
/// straight to `to`) and never leaving a redirect away from a path that is live again.
pub(crate) async fn add_redirect(
    tx: &mut Transaction<'static, Any>,
    from: &str,
    to: &str,
    article_id: Option<i64>,
) -> crate::Result<()> {
    sqlx::query("DELETE FROM redirects WHERE from_path = $1 OR from_path = $2")
        .bind(from)
        .bind(to)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE redirects SET to_path = $1 WHERE to_path = $2")
        .bind(to)
        .bind(from)
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO redirects (from_path, to_path, article_id, created_at) VALUES ($1, $2, $3, $4)")
        .bind(from)
        .bind(to)
        .bind(article_id)
        .bind(newsdesk_core::now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// Where an old address now lives, if it moved.
    pub async fn redirect_for(&self, path: &str) -> crate::Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT to_path FROM redirects WHERE from_path = $1")
                .bind(path)
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}

impl Store {
    /// Publishes every scheduled story whose time has come, and returns their ids. The
    /// UPDATE is the claim: when several nodes run this at once, each story is published by
    /// exactly one of them (a second UPDATE finds it no longer scheduled), and its change-log
    /// row and audit event are written once, in the same transaction.
    pub async fn publish_due(&self, now: UnixTime) -> crate::Result<Vec<i64>> {
        let mut tx = self.begin().await?;
        let ids: Vec<i64> = sqlx::query_scalar(
            "UPDATE articles SET state = 'published', published_at = scheduled_for, \
             first_published_at = COALESCE(first_published_at, scheduled_for), updated_at = $1 \
             WHERE state = 'scheduled' AND scheduled_for <= $1 RETURNING id",
        )
        .bind(now)
        .fetch_all(&mut *tx)
        .await?;
        for id in &ids {
            let section_id: i64 =
                sqlx::query_scalar("SELECT section_id FROM articles WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            let tags: Vec<i64> =
                sqlx::query_scalar("SELECT tag_id FROM article_tags WHERE article_id = $1")
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
            let authors: Vec<i64> =
                sqlx::query_scalar("SELECT author_id FROM article_authors WHERE article_id = $1")
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
            let mut keys = vec![
                CacheKey::Article(*id),
                CacheKey::Home,
                CacheKey::Section(section_id),
            ];
            keys.extend(tags.into_iter().map(CacheKey::Tag));
            keys.extend(authors.into_iter().map(CacheKey::Author));
            let object = format!("article:{id}");
            append(self.writer(), &mut tx, &object, "publish", &keys).await?;
            crate::users::audit(
                &mut tx,
                None,
                "article.publish",
                &object,
                "scheduled -> published (on time)",
            )
            .await?;
        }
        tx.commit().await?;
        Ok(ids)
    }
}
