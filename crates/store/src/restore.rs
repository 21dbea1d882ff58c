//! A whole newsroom written back from an export (`newsdesk import newsdesk`), into a
//! database that holds none: every record with its own id (that is what keeps every
//! public address and page the same), all in one transaction, so a failure leaves the
//! database as blank as it was.
//!
//! The order is the foreign keys': people first (their bylines later, since a byline's
//! photo may have been uploaded by them), pictures, the structure, stories, pages, and
//! what refers to all of these. On PostgreSQL the id sequences are moved past the ids
//! written, so the next story made gets a new one.

use crate::changes::append;
use crate::export::{
    AuditRecord, AuthorRecord, ImportSourceRecord, MediaRecord, PageRecord, RedirectsRecord,
    SectionRecord, StoryRecord, TokenRecord, TopicRecord, UserRecord, WebhookRecord,
};
use crate::{Backend, Store, StoreError};
use newsdesk_core::CacheKey;
use sqlx::{Any, Transaction};
use std::collections::BTreeMap;

/// The tables with generated ids, whose PostgreSQL sequences follow a restore.
const ID_TABLES: &[&str] = &[
    "sections",
    "tags",
    "media",
    "authors",
    "articles",
    "corrections",
    "changes",
    "users",
    "login_attempts",
    "audit_events",
    "revisions",
    "article_notes",
    "pages",
    "page_revisions",
    "webhooks",
    "webhook_deliveries",
    "api_tokens",
];

/// The tables whose rows make a newsroom: any row in one means the database is in use.
const NEWSROOM_TABLES: &[&str] = &[
    "users",
    "articles",
    "pages",
    "sections",
    "tags",
    "authors",
    "media",
    "site_settings",
    "redirects",
    "slug_redirects",
    "import_sources",
    "api_tokens",
    "webhooks",
    "audit_events",
];

/// A restore under way: one open transaction. Dropped without [`Restore::finish`], it
/// rolls back and nothing was written.
pub struct Restore {
    tx: Transaction<'static, Any>,
    backend: Backend,
    writer: crate::changes::Writer,
    /// Bylines of people, set once the authors exist.
    bylines: Vec<(i64, i64)>,
}

impl Store {
    /// What the database already holds that makes it a newsroom (`users: 2`, …); empty
    /// for a freshly made one, the only kind a restore writes into.
    pub async fn newsroom_contents(&self) -> crate::Result<Vec<(String, i64)>> {
        let mut found = Vec::new();
        for table in NEWSROOM_TABLES {
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&self.pool)
                .await?;
            if n > 0 {
                found.push(((*table).to_owned(), n));
            }
        }
        Ok(found)
    }

    /// Opens the restore's transaction, refusing a database that holds any newsroom.
    pub async fn begin_restore(&self) -> crate::Result<Restore> {
        let mut tx = self.begin().await?;
        for table in NEWSROOM_TABLES {
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&mut *tx)
                .await?;
            if n > 0 {
                let rows = if n == 1 { "row" } else { "rows" };
                return Err(StoreError::Invalid(format!(
                    "the database is not empty ({table} has {n} {rows}): a newsroom is loaded only into a new, empty database"
                )));
            }
        }
        Ok(Restore {
            tx,
            backend: self.backend,
            writer: self.quietly().writer(),
            bylines: Vec::new(),
        })
    }
}

impl Restore {
    /// A login, without its byline yet. With no password hash it can sign in only once
    /// an administrator sets a password: an empty hash matches no password.
    pub async fn user(&mut self, u: &UserRecord) -> crate::Result<()> {
        sqlx::query(
            "INSERT INTO users (id, email, name, password_hash, role, disabled, author_id, created_at, \
             password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8)",
        )
        .bind(u.id)
        .bind(&u.email)
        .bind(&u.name)
        .bind(u.password_hash.as_deref().unwrap_or(""))
        .bind(&u.role)
        .bind(i64::from(u.disabled))
        .bind(u.created_at)
        .bind(u.password_changed_at)
        .execute(&mut *self.tx)
        .await?;
        if let Some(author) = u.author_id {
            self.bylines.push((u.id, author));
        }
        Ok(())
    }

    pub async fn media(&mut self, m: &MediaRecord) -> crate::Result<()> {
        sqlx::query(
            "INSERT INTO media (id, storage_key, content_hash, content_type, width, height, alt, caption, \
             credit, copyright, original_name, created_at, uploaded_by, focal_x, focal_y, search_words) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(m.id)
        .bind(&m.storage_key)
        .bind(&m.content_hash)
        .bind(&m.content_type)
        .bind(m.width)
        .bind(m.height)
        .bind(&m.alt)
        .bind(&m.caption)
        .bind(&m.credit)
        .bind(&m.copyright)
        .bind(&m.original_name)
        .bind(m.created_at)
        .bind(m.uploaded_by)
        .bind(m.focal_x)
        .bind(m.focal_y)
        // Made again from the words, as every save makes it.
        .bind(crate::media::search_words(
            &m.alt,
            &m.caption,
            &m.credit,
            &m.original_name,
        ))
        .execute(&mut *self.tx)
        .await?;
        for f in &m.files {
            sqlx::query(
                "INSERT INTO media_renditions (media_id, width, height, storage_key, content_type, sha256, bytes) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(m.id)
            .bind(f.width)
            .bind(f.height)
            .bind(&f.key)
            .bind(&f.content_type)
            .bind(&f.sha256)
            .bind(f.bytes)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }

    /// Sections, parents before their children whatever order they come in.
    pub async fn sections(&mut self, sections: &[SectionRecord]) -> crate::Result<()> {
        let mut left: Vec<&SectionRecord> = sections.iter().collect();
        let mut written: Vec<i64> = Vec::new();
        while !left.is_empty() {
            let before = left.len();
            let mut rest = Vec::new();
            for s in left {
                if s.parent_id.is_some_and(|p| !written.contains(&p)) {
                    rest.push(s);
                    continue;
                }
                sqlx::query(
                    "INSERT INTO sections (id, slug, name, description, position, parent_id, hidden, \
                     seo_title, seo_description) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(s.id)
                .bind(&s.slug)
                .bind(&s.name)
                .bind(&s.description)
                .bind(s.position)
                .bind(s.parent_id)
                .bind(i64::from(s.hidden))
                .bind(&s.seo_title)
                .bind(&s.seo_description)
                .execute(&mut *self.tx)
                .await?;
                written.push(s.id);
            }
            if rest.len() == before {
                return Err(StoreError::Invalid(format!(
                    "section {} names a parent section that is not in the export",
                    rest[0].id
                )));
            }
            left = rest;
        }
        Ok(())
    }

    pub async fn topic(&mut self, t: &TopicRecord) -> crate::Result<()> {
        sqlx::query("INSERT INTO tags (id, slug, name, description) VALUES ($1, $2, $3, $4)")
            .bind(t.id)
            .bind(&t.slug)
            .bind(&t.name)
            .bind(&t.description)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// An author profile; once all are written, [`Restore::bylines`] links people to them.
    pub async fn author(&mut self, a: &AuthorRecord) -> crate::Result<()> {
        sqlx::query(
            "INSERT INTO authors (id, slug, name, bio, job_title, links, photo_media_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(a.id)
        .bind(&a.slug)
        .bind(&a.name)
        .bind(&a.bio)
        .bind(&a.job_title)
        .bind(&a.links)
        .bind(a.photo_media_id)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Links each person to their byline (after the authors are written).
    pub async fn bylines(&mut self) -> crate::Result<()> {
        for (user, author) in std::mem::take(&mut self.bylines) {
            sqlx::query("UPDATE users SET author_id = $1 WHERE id = $2")
                .bind(author)
                .bind(user)
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(())
    }

    /// A story with its tags, authors, revisions, corrections, notes and old addresses.
    pub async fn story(&mut self, s: &StoryRecord) -> crate::Result<()> {
        sqlx::query(
            "INSERT INTO articles (id, section_id, slug, headline, standfirst, body_markdown, body_html, \
             lead_media_id, state, flags, seo_title, seo_description, canonical_url, version, created_at, \
             updated_at, first_published_at, published_at, scheduled_for, embargo_until, created_by, \
             deleted_at, deleted_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
             $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)",
        )
        .bind(s.id)
        .bind(s.section_id)
        .bind(&s.slug)
        .bind(&s.headline)
        .bind(&s.standfirst)
        .bind(&s.body_markdown)
        .bind(&s.body_html)
        .bind(s.lead_media_id)
        .bind(&s.state)
        .bind(s.flags)
        .bind(&s.seo_title)
        .bind(&s.seo_description)
        .bind(&s.canonical_url)
        .bind(s.version)
        .bind(s.created_at)
        .bind(s.updated_at)
        .bind(s.first_published_at)
        .bind(s.published_at)
        .bind(s.scheduled_for)
        .bind(s.embargo_until)
        .bind(s.created_by)
        .bind(s.deleted_at)
        .bind(s.deleted_by)
        .execute(&mut *self.tx)
        .await?;
        for (position, tag) in (0_i64..).zip(&s.tag_ids) {
            sqlx::query(
                "INSERT INTO article_tags (article_id, tag_id, position) VALUES ($1, $2, $3)",
            )
            .bind(s.id)
            .bind(*tag)
            .bind(position)
            .execute(&mut *self.tx)
            .await?;
        }
        for (position, author) in (0_i64..).zip(&s.author_ids) {
            sqlx::query(
                "INSERT INTO article_authors (article_id, author_id, position) VALUES ($1, $2, $3)",
            )
            .bind(s.id)
            .bind(*author)
            .bind(position)
            .execute(&mut *self.tx)
            .await?;
        }
        for r in &s.revisions {
            sqlx::query(
                "INSERT INTO revisions (id, article_id, version, user_id, at, headline, standfirst, \
                 body_markdown, meta) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(r.id)
            .bind(s.id)
            .bind(r.version)
            .bind(r.user_id)
            .bind(r.at)
            .bind(&r.headline)
            .bind(&r.standfirst)
            .bind(&r.body_markdown)
            .bind(text_of(&r.meta))
            .execute(&mut *self.tx)
            .await?;
        }
        for c in &s.corrections {
            sqlx::query(
                "INSERT INTO corrections (id, article_id, kind, body, published_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(c.id)
            .bind(s.id)
            .bind(&c.kind)
            .bind(&c.body)
            .bind(c.published_at)
            .execute(&mut *self.tx)
            .await?;
        }
        for n in &s.notes {
            sqlx::query(
                "INSERT INTO article_notes (id, article_id, user_id, at, paragraph, body) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(n.id)
            .bind(s.id)
            .bind(n.user_id)
            .bind(n.at)
            .bind(n.paragraph)
            .bind(&n.body)
            .execute(&mut *self.tx)
            .await?;
        }
        for r in &s.redirects {
            sqlx::query(
                "INSERT INTO redirects (from_path, to_path, article_id, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(&r.from_path)
            .bind(&r.to_path)
            .bind(s.id)
            .bind(r.created_at)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }

    pub async fn page(&mut self, p: &PageRecord) -> crate::Result<()> {
        sqlx::query(
            "INSERT INTO pages (id, slug, title, body_markdown, body_html, state, purpose, in_footer, \
             footer_position, seo_title, seo_description, version, created_at, updated_at, published_at, \
             created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(p.id)
        .bind(&p.slug)
        .bind(&p.title)
        .bind(&p.body_markdown)
        .bind(&p.body_html)
        .bind(&p.state)
        .bind(&p.purpose)
        .bind(i64::from(p.in_footer))
        .bind(p.footer_position)
        .bind(&p.seo_title)
        .bind(&p.seo_description)
        .bind(p.version)
        .bind(p.created_at)
        .bind(p.updated_at)
        .bind(p.published_at)
        .bind(p.created_by)
        .execute(&mut *self.tx)
        .await?;
        for r in &p.revisions {
            sqlx::query(
                "INSERT INTO page_revisions (id, page_id, version, user_id, at, title, body_markdown, meta) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(r.id)
            .bind(p.id)
            .bind(r.version)
            .bind(r.user_id)
            .bind(r.at)
            .bind(&r.title)
            .bind(&r.body_markdown)
            .bind(text_of(&r.meta))
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }

    pub async fn redirects(&mut self, r: &RedirectsRecord) -> crate::Result<()> {
        for p in &r.paths {
            sqlx::query(
                "INSERT INTO redirects (from_path, to_path, article_id, created_at) VALUES ($1, $2, NULL, $3)",
            )
            .bind(&p.from_path)
            .bind(&p.to_path)
            .bind(p.created_at)
            .execute(&mut *self.tx)
            .await?;
        }
        for s in &r.renamed {
            sqlx::query(
                "INSERT INTO slug_redirects (kind, old_slug, target_id, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(&s.kind)
            .bind(&s.old_slug)
            .bind(s.target_id)
            .bind(s.created_at)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }

    pub async fn settings(&mut self, settings: &BTreeMap<String, String>) -> crate::Result<()> {
        for (key, value) in settings {
            sqlx::query("INSERT INTO site_settings (key, value) VALUES ($1, $2)")
                .bind(key)
                .bind(value)
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(())
    }

    pub async fn import_source(&mut self, i: &ImportSourceRecord) -> crate::Result<()> {
        sqlx::query(
            "INSERT INTO import_sources (source, kind, external_id, local_id, checksum, imported_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&i.source)
        .bind(&i.kind)
        .bind(&i.external_id)
        .bind(i.local_id)
        .bind(&i.checksum)
        .bind(i.imported_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    pub async fn audit(&mut self, a: &AuditRecord) -> crate::Result<()> {
        sqlx::query(
            "INSERT INTO audit_events (id, at, user_id, action, object, detail) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(a.id)
        .bind(a.at)
        .bind(a.user_id)
        .bind(&a.action)
        .bind(&a.object)
        .bind(&a.detail)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    pub async fn token(&mut self, t: &TokenRecord) -> crate::Result<()> {
        sqlx::query(
            "INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, scopes, created_at, \
             last_used_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(t.id)
        .bind(t.user_id)
        .bind(&t.name)
        .bind(&t.token_hash)
        .bind(&t.prefix)
        .bind(&t.scopes)
        .bind(t.created_at)
        .bind(t.last_used_at)
        .bind(t.revoked_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    pub async fn webhook(&mut self, w: &WebhookRecord) -> crate::Result<()> {
        sqlx::query(
            "INSERT INTO webhooks (id, name, event, target_url, secret, enabled, disabled_reason, \
             created_at, created_by, last_status, last_attempt_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(w.id)
        .bind(&w.name)
        .bind(&w.event)
        .bind(&w.target_url)
        .bind(&w.secret)
        .bind(i64::from(w.enabled))
        .bind(&w.disabled_reason)
        .bind(w.created_at)
        .bind(w.created_by)
        .bind(w.last_status)
        .bind(w.last_attempt_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Commits. One quiet change-log row tells any node already serving this (empty)
    /// database to drop every page it cached; webhooks do not announce a move.
    pub async fn finish(mut self) -> crate::Result<()> {
        self.bylines().await?;
        if self.backend == Backend::Postgres {
            for table in ID_TABLES {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                ))
                .execute(&mut *self.tx)
                .await?;
            }
        }
        append(
            self.writer,
            &mut self.tx,
            "newsroom",
            "restore",
            &[CacheKey::Site, CacheKey::Home, CacheKey::Sitemap],
        )
        .await?;
        self.tx.commit().await?;
        Ok(())
    }
}

/// A revision's meta as the column holds it: JSON text.
fn text_of(meta: &serde_json::Value) -> String {
    match meta {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
