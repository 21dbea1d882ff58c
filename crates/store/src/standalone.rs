//! Standalone pages (About us, the policies): saved with optimistic locking, every save a
//! revision, a published page's old address redirected, and one change-log row per write
//! naming the page, the site's chrome (the footer lists pages) and the sitemaps.

use crate::articles::add_redirect;
use crate::changes::append;
use crate::db::duplicate_or;
use crate::users::audit;
use crate::{Store, StoreError};
use newsdesk_core::page::Purpose;
use newsdesk_core::{CacheKey, Page, Slug, UnixTime};
use sqlx::{Any, Transaction};

/// What a person saves: the whole page.
#[derive(Clone, Debug)]
pub struct PageInput {
    pub slug: Slug,
    pub title: String,
    pub body_markdown: String,
    /// The sanitizer's output for `body_markdown`.
    pub body_html: String,
    pub published: bool,
    pub purpose: Purpose,
    pub in_footer: bool,
    pub footer_position: i64,
    pub seo_title: String,
    pub seo_description: String,
}

/// One saved version of a page.
#[derive(Clone, Debug)]
pub struct PageRevision {
    pub version: i64,
    pub user_id: Option<i64>,
    pub at: UnixTime,
    pub title: String,
    pub body_markdown: String,
    /// Address, state, purpose, footer placement and SEO fields, as JSON.
    pub meta: String,
}

const COLUMNS: &str = "id, slug, title, body_markdown, body_html, state, purpose, in_footer, \
                       footer_position, seo_title, seo_description, version, created_at, updated_at, published_at";

type PageRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    i64,
    String,
    String,
    i64,
    i64,
    i64,
    Option<i64>,
);

fn page_of(row: PageRow) -> crate::Result<Page> {
    let (id, slug, title, body_markdown, body_html, state, purpose, in_footer, footer_position) = (
        row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8,
    );
    Ok(Page {
        id,
        slug: Slug::parse(&slug)
            .map_err(|e| StoreError::Invalid(format!("stored page slug {slug:?}: {e}")))?,
        title,
        body_markdown,
        body_html,
        published: state == "published",
        purpose: purpose.parse().unwrap_or_default(),
        in_footer: in_footer != 0,
        footer_position,
        seo_title: row.9,
        seo_description: row.10,
        version: row.11,
        created_at: row.12,
        updated_at: row.13,
        published_at: row.14,
    })
}

fn meta_of(input: &PageInput) -> String {
    serde_json::json!({
        "address": format!("/{}", input.slug),
        "state": if input.published { "published" } else { "draft" },
        "purpose": input.purpose.as_str(),
        "in_footer": input.in_footer,
        "footer_position": input.footer_position,
        "seo_title": input.seo_title,
        "seo_description": input.seo_description,
    })
    .to_string()
}

/// Every page write touches the page, the footer and the pages sitemap.
fn keys(id: i64) -> [CacheKey; 3] {
    [CacheKey::Page(id), CacheKey::Site, CacheKey::Sitemap]
}

impl Store {
    /// A section may not take a page's address either (`/about` and `/about/` would be two
    /// different things): the sentence to refuse it with, when a page holds `slug`.
    pub(crate) async fn refuse_page_address(&self, slug: &Slug) -> crate::Result<()> {
        let page: Option<i64> = sqlx::query_scalar("SELECT id FROM pages WHERE slug = $1")
            .bind(slug.as_str())
            .fetch_optional(&self.pool)
            .await?;
        match page {
            Some(_) => Err(StoreError::Invalid(format!(
                "/{slug} is the address of a page: choose another for the section."
            ))),
            None => Ok(()),
        }
    }

    /// A page may not take a section's address, nor one of the site's own paths.
    async fn check_page_address(&self, slug: &Slug) -> crate::Result<()> {
        if Slug::parse_section(slug.as_str()).is_err() {
            return Err(StoreError::Invalid(format!(
                "/{slug} is one of the site's own addresses: choose another for the page."
            )));
        }
        let section: Option<i64> = sqlx::query_scalar("SELECT id FROM sections WHERE slug = $1")
            .bind(slug.as_str())
            .fetch_optional(&self.pool)
            .await?;
        if section.is_some() {
            return Err(StoreError::Invalid(format!(
                "/{slug} would be confused with the section at /{slug}/: choose another address."
            )));
        }
        Ok(())
    }

    pub async fn create_page(&self, input: &PageInput, by: Option<i64>) -> crate::Result<Page> {
        self.check_page_address(&input.slug).await?;
        let now = newsdesk_core::now();
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO pages (slug, title, body_markdown, body_html, state, purpose, in_footer, \
             footer_position, seo_title, seo_description, version, created_at, updated_at, \
             published_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11, $12, $13) RETURNING id",
        )
        .bind(input.slug.as_str())
        .bind(&input.title)
        .bind(&input.body_markdown)
        .bind(&input.body_html)
        .bind(if input.published {
            "published"
        } else {
            "draft"
        })
        .bind(input.purpose.as_str())
        .bind(i64::from(input.in_footer))
        .bind(input.footer_position)
        .bind(&input.seo_title)
        .bind(&input.seo_description)
        .bind(now)
        .bind(input.published.then_some(now))
        .bind(by)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| duplicate_or(e, "page address", input.slug.as_str()))?;
        record_revision(&mut tx, id, 1, input, by, now).await?;
        if input.published {
            sqlx::query("DELETE FROM redirects WHERE from_path = $1")
                .bind(format!("/{}", input.slug))
                .execute(&mut *tx)
                .await?;
        }
        audit(
            &mut tx,
            by,
            "page.create",
            &format!("page:{id}"),
            &input.title,
        )
        .await?;
        append(
            self.writer(),
            &mut tx,
            &format!("page:{id}"),
            newsdesk_core::workflow::save_action(None, publication(input.published)),
            &keys(id),
        )
        .await?;
        tx.commit().await?;
        self.page(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("page {id}")))
    }

    /// Saves a new version over `expected_version`; `Conflict` (and nothing written) when
    /// someone saved in between. A published page that changes address leaves a redirect.
    pub async fn update_page(
        &self,
        id: i64,
        expected_version: i64,
        input: &PageInput,
        by: Option<i64>,
    ) -> crate::Result<Page> {
        let current = self
            .page(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("page {id}")))?;
        if current.slug != input.slug {
            self.check_page_address(&input.slug).await?;
        }
        let now = newsdesk_core::now();
        let published_at = match (current.published, input.published) {
            (false, true) => Some(now),
            (true, true) => current.published_at,
            _ => None,
        };
        let mut tx = self.begin().await?;
        let updated = sqlx::query(
            "UPDATE pages SET slug = $1, title = $2, body_markdown = $3, body_html = $4, state = $5, \
             purpose = $6, in_footer = $7, footer_position = $8, seo_title = $9, seo_description = $10, \
             version = version + 1, updated_at = $11, published_at = $12 \
             WHERE id = $13 AND version = $14",
        )
        .bind(input.slug.as_str())
        .bind(&input.title)
        .bind(&input.body_markdown)
        .bind(&input.body_html)
        .bind(if input.published { "published" } else { "draft" })
        .bind(input.purpose.as_str())
        .bind(i64::from(input.in_footer))
        .bind(input.footer_position)
        .bind(&input.seo_title)
        .bind(&input.seo_description)
        .bind(now)
        .bind(published_at)
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await
        .map_err(|e| duplicate_or(e, "page address", input.slug.as_str()))?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                id,
                expected: expected_version,
                current: current.version,
            });
        }
        let version = expected_version + 1;
        record_revision(&mut tx, id, version, input, by, now).await?;
        let (old, new) = (format!("/{}", current.slug), format!("/{}", input.slug));
        if old != new && current.published {
            add_redirect(&mut tx, &old, &new, None).await?;
        } else if input.published {
            sqlx::query("DELETE FROM redirects WHERE from_path = $1")
                .bind(&new)
                .execute(&mut *tx)
                .await?;
        }
        let action = match (current.published, input.published) {
            (false, true) => "page.publish",
            (true, false) => "page.unpublish",
            _ => "page.update",
        };
        audit(&mut tx, by, action, &format!("page:{id}"), &input.title).await?;
        append(
            self.writer(),
            &mut tx,
            &format!("page:{id}"),
            newsdesk_core::workflow::save_action(
                Some(publication(current.published)),
                publication(input.published),
            ),
            &keys(id),
        )
        .await?;
        tx.commit().await?;
        self.page(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("page {id}")))
    }

    /// Deletes a page and its history for good; its address answers 404 from then on.
    pub async fn delete_page(&self, id: i64, by: Option<i64>) -> crate::Result<()> {
        let mut tx = self.begin().await?;
        let deleted = sqlx::query("DELETE FROM pages WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("page {id}")));
        }
        audit(&mut tx, by, "page.delete", &format!("page:{id}"), "").await?;
        append(
            self.writer(),
            &mut tx,
            &format!("page:{id}"),
            "delete",
            &keys(id),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn page(&self, id: i64) -> crate::Result<Option<Page>> {
        let sql = format!("SELECT {COLUMNS} FROM pages WHERE id = $1");
        let row: Option<PageRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(page_of).transpose()
    }

    /// The published page at `/{slug}`, if any.
    pub async fn public_page(&self, slug: &str) -> crate::Result<Option<Page>> {
        let sql = format!("SELECT {COLUMNS} FROM pages WHERE slug = $1 AND state = 'published'");
        let row: Option<PageRow> = sqlx::query_as(&sql)
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        row.map(page_of).transpose()
    }

    /// Every page, for the desk: by title.
    pub async fn all_pages(&self) -> crate::Result<Vec<Page>> {
        let sql = format!("SELECT {COLUMNS} FROM pages ORDER BY title, id");
        let rows: Vec<PageRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
        rows.into_iter().map(page_of).collect()
    }

    /// Published pages, in footer order first, then by title: the footer and the sitemap.
    pub async fn published_pages(&self) -> crate::Result<Vec<Page>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM pages WHERE state = 'published' ORDER BY footer_position, title, id"
        );
        let rows: Vec<PageRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
        rows.into_iter().map(page_of).collect()
    }

    /// Every saved version of a page, newest first.
    pub async fn page_revisions(&self, id: i64) -> crate::Result<Vec<PageRevision>> {
        let rows: Vec<(i64, Option<i64>, i64, String, String, String)> = sqlx::query_as(
            "SELECT version, user_id, at, title, body_markdown, meta FROM page_revisions \
             WHERE page_id = $1 ORDER BY version DESC",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(version, user_id, at, title, body_markdown, meta)| PageRevision {
                    version,
                    user_id,
                    at,
                    title,
                    body_markdown,
                    meta,
                },
            )
            .collect())
    }
}

async fn record_revision(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    version: i64,
    input: &PageInput,
    by: Option<i64>,
    at: UnixTime,
) -> crate::Result<()> {
    sqlx::query(
        "INSERT INTO page_revisions (page_id, version, user_id, at, title, body_markdown, meta) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(version)
    .bind(by)
    .bind(at)
    .bind(&input.title)
    .bind(&input.body_markdown)
    .bind(meta_of(input))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A page's publication as a story state, for the change log's action names.
fn publication(published: bool) -> newsdesk_core::State {
    if published {
        newsdesk_core::State::Published
    } else {
        newsdesk_core::State::Draft
    }
}
