//! A whole newsroom read out for `newsdesk export`: every table that makes the newsroom
//! (not the machinery around it — sessions, the change log, deliveries) as plain records,
//! read from one consistent snapshot in id-ordered batches so memory stays bounded at any
//! size. The records are the export format's (docs/EXPORT.md): a field changed here is a
//! format change, and the format's version says so.

use crate::{Backend, Store};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use std::collections::BTreeMap;

/// A login. The password hash travels only when asked for (`--with-secrets`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRecord {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub disabled: bool,
    pub author_id: Option<i64>,
    pub created_at: i64,
    pub password_changed_at: i64,
    /// Argon2id in PHC form; `None` in an export made without secrets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_hash: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionRecord {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub position: i64,
    pub parent_id: Option<i64>,
    pub hidden: bool,
    pub seo_title: String,
    pub seo_description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicRecord {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorRecord {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub bio: String,
    pub job_title: String,
    /// Public profiles elsewhere, one URL a line.
    pub links: String,
    pub photo_media_id: Option<i64>,
}

/// A picture: its words and every file stored for it (the original among them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaRecord {
    pub id: i64,
    /// The original's file name in media storage (a content hash and an extension).
    pub storage_key: String,
    pub content_hash: String,
    pub content_type: String,
    pub width: i64,
    pub height: i64,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    pub copyright: String,
    pub original_name: String,
    pub created_at: i64,
    pub uploaded_by: Option<i64>,
    /// The focal point in thousandths (absent in exports made before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focal_x: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focal_y: Option<i64>,
    pub files: Vec<MediaFileRecord>,
}

/// One stored file of a picture: the original or a rendition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaFileRecord {
    pub key: String,
    pub width: i64,
    pub height: i64,
    pub content_type: String,
    /// Whole hex SHA-256 and size; `None` only for files stored before hashes were kept.
    pub sha256: Option<String>,
    pub bytes: Option<i64>,
}

/// A story with everything that belongs to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoryRecord {
    pub id: i64,
    pub section_id: i64,
    pub slug: String,
    pub headline: String,
    pub standfirst: String,
    pub body_markdown: String,
    /// The rendered, sanitized body as it is served: kept so pages stay byte-identical.
    pub body_html: String,
    pub lead_media_id: Option<i64>,
    pub state: String,
    pub flags: i64,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    pub canonical_url: Option<String>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub first_published_at: Option<i64>,
    pub published_at: Option<i64>,
    pub scheduled_for: Option<i64>,
    pub embargo_until: Option<i64>,
    pub created_by: Option<i64>,
    pub deleted_at: Option<i64>,
    pub deleted_by: Option<i64>,
    /// In their order on the story.
    pub tag_ids: Vec<i64>,
    pub author_ids: Vec<i64>,
    pub revisions: Vec<RevisionRecord>,
    pub corrections: Vec<CorrectionRecord>,
    pub notes: Vec<NoteRecord>,
    /// Its old addresses, answered with 301.
    pub redirects: Vec<StoryRedirect>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevisionRecord {
    pub id: i64,
    pub version: i64,
    pub user_id: Option<i64>,
    pub at: i64,
    pub headline: String,
    pub standfirst: String,
    pub body_markdown: String,
    /// Section, tags, authors, picture, state, times, flags and SEO fields at that save.
    pub meta: serde_json::Value,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionRecord {
    pub id: i64,
    /// `correction` or `update`.
    pub kind: String,
    pub body: String,
    pub published_at: i64,
}

/// A desk-only comment. `internal` is always true: it says so to whoever reads the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRecord {
    pub id: i64,
    pub user_id: Option<i64>,
    pub at: i64,
    pub paragraph: Option<i64>,
    pub body: String,
    pub internal: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryRedirect {
    pub from_path: String,
    pub to_path: String,
    pub created_at: i64,
}

/// A standalone page (About us, a policy) with its revisions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageRecord {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub body_markdown: String,
    pub body_html: String,
    pub state: String,
    pub purpose: String,
    pub in_footer: bool,
    pub footer_position: i64,
    pub seo_title: String,
    pub seo_description: String,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub created_by: Option<i64>,
    pub revisions: Vec<PageRevisionRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageRevisionRecord {
    pub id: i64,
    pub version: i64,
    pub user_id: Option<i64>,
    pub at: i64,
    pub title: String,
    pub body_markdown: String,
    pub meta: serde_json::Value,
}

/// Redirects that belong to no story: paths typed in by hand or kept from an old site,
/// and the old addresses of renamed sections, topics and authors.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedirectsRecord {
    pub paths: Vec<PathRedirect>,
    pub renamed: Vec<RenamedRecord>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathRedirect {
    pub from_path: String,
    pub to_path: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenamedRecord {
    /// `section`, `tag` or `author`.
    pub kind: String,
    pub old_slug: String,
    pub target_id: i64,
    pub created_at: i64,
}

/// What an earlier import made of an item of another system (so a second run of that
/// import after a move still creates nothing twice).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSourceRecord {
    pub source: String,
    pub kind: String,
    pub external_id: String,
    pub local_id: i64,
    pub checksum: String,
    pub imported_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub id: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub action: String,
    pub object: String,
    pub detail: String,
}

/// An Admin API token, as stored: its SHA-256, never the token. Secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRecord {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub token_hash: String,
    pub prefix: String,
    pub scopes: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A webhook with its signing secret. Secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookRecord {
    pub id: i64,
    pub name: String,
    pub event: String,
    pub target_url: String,
    pub secret: String,
    pub enabled: bool,
    pub disabled_reason: String,
    pub created_at: i64,
    pub created_by: Option<i64>,
    pub last_status: Option<i64>,
    pub last_attempt_at: Option<i64>,
}

/// A read of the whole newsroom at one moment. PostgreSQL: one REPEATABLE READ, READ
/// ONLY transaction; SQLite: one read transaction (in WAL mode it sees the database as
/// of its first read while the site keeps writing).
pub struct Snapshot {
    tx: Transaction<'static, Any>,
}

type Rows = Vec<AnyRow>;

impl Store {
    pub async fn snapshot(&self) -> crate::Result<Snapshot> {
        let tx = match self.backend {
            Backend::Postgres => {
                self.pool
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?
            }
            Backend::Sqlite => self.pool.begin_with("BEGIN DEFERRED").await?,
        };
        Ok(Snapshot { tx })
    }
}

fn flag(row: &AnyRow, column: &str) -> Result<bool, sqlx::Error> {
    Ok(row.try_get::<i64, _>(column)? != 0)
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.to_owned()))
}

impl Snapshot {
    async fn rows(&mut self, sql: &str, binds: &[i64]) -> crate::Result<Rows> {
        let mut query = sqlx::query(sql);
        for b in binds {
            query = query.bind(*b);
        }
        Ok(query.fetch_all(&mut *self.tx).await?)
    }

    /// How many rows each part of the newsroom has, for the manifest and progress bars.
    pub async fn counts(&mut self) -> crate::Result<BTreeMap<String, i64>> {
        let mut out = BTreeMap::new();
        for (name, table) in [
            ("stories", "articles"),
            ("revisions", "revisions"),
            ("corrections", "corrections"),
            ("notes", "article_notes"),
            ("pages", "pages"),
            ("media", "media"),
            ("media_files", "media_renditions"),
            ("sections", "sections"),
            ("topics", "tags"),
            ("authors", "authors"),
            ("users", "users"),
            ("redirects", "redirects"),
            ("renamed", "slug_redirects"),
            ("settings", "site_settings"),
            ("imports", "import_sources"),
            ("audit", "audit_events"),
            ("tokens", "api_tokens"),
            ("webhooks", "webhooks"),
        ] {
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&mut *self.tx)
                .await?;
            out.insert(name.to_owned(), n);
        }
        Ok(out)
    }

    pub async fn schema_version(&mut self) -> crate::Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT MAX(name) FROM schema_migrations")
                .fetch_one(&mut *self.tx)
                .await?,
        )
    }

    pub async fn users(&mut self, with_secrets: bool) -> crate::Result<Vec<UserRecord>> {
        let rows = self
            .rows(
                "SELECT id, email, name, role, disabled, author_id, created_at, password_changed_at, \
                 password_hash FROM users ORDER BY id",
                &[],
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(UserRecord {
                id: r.try_get("id")?,
                email: r.try_get("email")?,
                name: r.try_get("name")?,
                role: r.try_get("role")?,
                disabled: flag(&r, "disabled")?,
                author_id: r.try_get("author_id")?,
                created_at: r.try_get("created_at")?,
                password_changed_at: r.try_get("password_changed_at")?,
                password_hash: if with_secrets {
                    Some(r.try_get("password_hash")?)
                } else {
                    None
                },
            });
        }
        Ok(out)
    }

    pub async fn sections(&mut self) -> crate::Result<Vec<SectionRecord>> {
        let rows = self
            .rows(
                "SELECT id, slug, name, description, position, parent_id, hidden, seo_title, \
                 seo_description FROM sections ORDER BY id",
                &[],
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(SectionRecord {
                id: r.try_get("id")?,
                slug: r.try_get("slug")?,
                name: r.try_get("name")?,
                description: r.try_get("description")?,
                position: r.try_get("position")?,
                parent_id: r.try_get("parent_id")?,
                hidden: flag(&r, "hidden")?,
                seo_title: r.try_get("seo_title")?,
                seo_description: r.try_get("seo_description")?,
            });
        }
        Ok(out)
    }

    /// Topics with ids above `after`, at most `limit` (a newsroom may have tens of thousands).
    pub async fn topics_after(
        &mut self,
        after: i64,
        limit: i64,
    ) -> crate::Result<Vec<TopicRecord>> {
        let rows = self
            .rows(
                "SELECT id, slug, name, description FROM tags WHERE id > $1 ORDER BY id LIMIT $2",
                &[after, limit],
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(TopicRecord {
                id: r.try_get("id")?,
                slug: r.try_get("slug")?,
                name: r.try_get("name")?,
                description: r.try_get("description")?,
            });
        }
        Ok(out)
    }

    pub async fn authors(&mut self) -> crate::Result<Vec<AuthorRecord>> {
        let rows = self
            .rows(
                "SELECT id, slug, name, bio, job_title, links, photo_media_id FROM authors ORDER BY id",
                &[],
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(AuthorRecord {
                id: r.try_get("id")?,
                slug: r.try_get("slug")?,
                name: r.try_get("name")?,
                bio: r.try_get("bio")?,
                job_title: r.try_get("job_title")?,
                links: r.try_get("links")?,
                photo_media_id: r.try_get("photo_media_id")?,
            });
        }
        Ok(out)
    }

    /// Pictures with ids above `after`, at most `limit`, each with its files.
    pub async fn media_after(&mut self, after: i64, limit: i64) -> crate::Result<Vec<MediaRecord>> {
        let rows = self
            .rows(
                "SELECT id, storage_key, content_hash, content_type, width, height, alt, caption, \
                 credit, copyright, original_name, created_at, uploaded_by, focal_x, focal_y FROM media \
                 WHERE id > $1 ORDER BY id LIMIT $2",
                &[after, limit],
            )
            .await?;
        let mut out: Vec<MediaRecord> = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(MediaRecord {
                id: r.try_get("id")?,
                storage_key: r.try_get("storage_key")?,
                content_hash: r.try_get("content_hash")?,
                content_type: r.try_get("content_type")?,
                width: r.try_get("width")?,
                height: r.try_get("height")?,
                alt: r.try_get("alt")?,
                caption: r.try_get("caption")?,
                credit: r.try_get("credit")?,
                copyright: r.try_get("copyright")?,
                original_name: r.try_get("original_name")?,
                created_at: r.try_get("created_at")?,
                uploaded_by: r.try_get("uploaded_by")?,
                focal_x: r.try_get("focal_x")?,
                focal_y: r.try_get("focal_y")?,
                files: Vec::new(),
            });
        }
        let (Some(first), Some(last)) = (out.first().map(|m| m.id), out.last().map(|m| m.id))
        else {
            return Ok(out);
        };
        let files = self
            .rows(
                "SELECT media_id, width, height, storage_key, content_type, sha256, bytes \
                 FROM media_renditions WHERE media_id >= $1 AND media_id <= $2 \
                 ORDER BY media_id, width, content_type",
                &[first, last],
            )
            .await?;
        let mut by_id: BTreeMap<i64, usize> = BTreeMap::new();
        for (i, m) in out.iter().enumerate() {
            by_id.insert(m.id, i);
        }
        for r in files {
            let media_id: i64 = r.try_get("media_id")?;
            if let Some(i) = by_id.get(&media_id) {
                out[*i].files.push(MediaFileRecord {
                    key: r.try_get("storage_key")?,
                    width: r.try_get("width")?,
                    height: r.try_get("height")?,
                    content_type: r.try_get("content_type")?,
                    sha256: r.try_get("sha256")?,
                    bytes: r.try_get("bytes")?,
                });
            }
        }
        Ok(out)
    }

    /// Stories with ids above `after`, at most `limit`, each with its tags, authors,
    /// revisions, corrections, notes and old addresses: a handful of queries per batch.
    pub async fn stories_after(
        &mut self,
        after: i64,
        limit: i64,
    ) -> crate::Result<Vec<StoryRecord>> {
        let rows = self
            .rows(
                "SELECT id, section_id, slug, headline, standfirst, body_markdown, body_html, \
                 lead_media_id, state, flags, seo_title, seo_description, canonical_url, version, \
                 created_at, updated_at, first_published_at, published_at, scheduled_for, \
                 embargo_until, created_by, deleted_at, deleted_by \
                 FROM articles WHERE id > $1 ORDER BY id LIMIT $2",
                &[after, limit],
            )
            .await?;
        let mut out: Vec<StoryRecord> = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(StoryRecord {
                id: r.try_get("id")?,
                section_id: r.try_get("section_id")?,
                slug: r.try_get("slug")?,
                headline: r.try_get("headline")?,
                standfirst: r.try_get("standfirst")?,
                body_markdown: r.try_get("body_markdown")?,
                body_html: r.try_get("body_html")?,
                lead_media_id: r.try_get("lead_media_id")?,
                state: r.try_get("state")?,
                flags: r.try_get("flags")?,
                seo_title: r.try_get("seo_title")?,
                seo_description: r.try_get("seo_description")?,
                canonical_url: r.try_get("canonical_url")?,
                version: r.try_get("version")?,
                created_at: r.try_get("created_at")?,
                updated_at: r.try_get("updated_at")?,
                first_published_at: r.try_get("first_published_at")?,
                published_at: r.try_get("published_at")?,
                scheduled_for: r.try_get("scheduled_for")?,
                embargo_until: r.try_get("embargo_until")?,
                created_by: r.try_get("created_by")?,
                deleted_at: r.try_get("deleted_at")?,
                deleted_by: r.try_get("deleted_by")?,
                tag_ids: Vec::new(),
                author_ids: Vec::new(),
                revisions: Vec::new(),
                corrections: Vec::new(),
                notes: Vec::new(),
                redirects: Vec::new(),
            });
        }
        let (Some(first), Some(last)) = (out.first().map(|s| s.id), out.last().map(|s| s.id))
        else {
            return Ok(out);
        };
        let mut index: BTreeMap<i64, usize> = BTreeMap::new();
        for (i, s) in out.iter().enumerate() {
            index.insert(s.id, i);
        }
        let range = [first, last];
        let story = |r: &AnyRow| -> Result<Option<usize>, sqlx::Error> {
            Ok(index.get(&r.try_get::<i64, _>("article_id")?).copied())
        };
        for r in self
            .rows(
                "SELECT article_id, tag_id FROM article_tags WHERE article_id >= $1 \
                 AND article_id <= $2 ORDER BY article_id, position, tag_id",
                &range,
            )
            .await?
        {
            if let Some(i) = story(&r)? {
                out[i].tag_ids.push(r.try_get("tag_id")?);
            }
        }
        for r in self
            .rows(
                "SELECT article_id, author_id FROM article_authors WHERE article_id >= $1 \
                 AND article_id <= $2 ORDER BY article_id, position, author_id",
                &range,
            )
            .await?
        {
            if let Some(i) = story(&r)? {
                out[i].author_ids.push(r.try_get("author_id")?);
            }
        }
        for r in self
            .rows(
                "SELECT id, article_id, version, user_id, at, headline, standfirst, body_markdown, \
                 meta FROM revisions WHERE article_id >= $1 AND article_id <= $2 \
                 ORDER BY article_id, version",
                &range,
            )
            .await?
        {
            if let Some(i) = story(&r)? {
                out[i].revisions.push(RevisionRecord {
                    id: r.try_get("id")?,
                    version: r.try_get("version")?,
                    user_id: r.try_get("user_id")?,
                    at: r.try_get("at")?,
                    headline: r.try_get("headline")?,
                    standfirst: r.try_get("standfirst")?,
                    body_markdown: r.try_get("body_markdown")?,
                    meta: json(&r.try_get::<String, _>("meta")?),
                });
            }
        }
        for r in self
            .rows(
                "SELECT id, article_id, kind, body, published_at FROM corrections \
                 WHERE article_id >= $1 AND article_id <= $2 ORDER BY article_id, id",
                &range,
            )
            .await?
        {
            if let Some(i) = story(&r)? {
                out[i].corrections.push(CorrectionRecord {
                    id: r.try_get("id")?,
                    kind: r.try_get("kind")?,
                    body: r.try_get("body")?,
                    published_at: r.try_get("published_at")?,
                });
            }
        }
        for r in self
            .rows(
                "SELECT id, article_id, user_id, at, paragraph, body FROM article_notes \
                 WHERE article_id >= $1 AND article_id <= $2 ORDER BY article_id, id",
                &range,
            )
            .await?
        {
            if let Some(i) = story(&r)? {
                out[i].notes.push(NoteRecord {
                    id: r.try_get("id")?,
                    user_id: r.try_get("user_id")?,
                    at: r.try_get("at")?,
                    paragraph: r.try_get("paragraph")?,
                    body: r.try_get("body")?,
                    internal: true,
                });
            }
        }
        for r in self
            .rows(
                "SELECT article_id, from_path, to_path, created_at FROM redirects \
                 WHERE article_id >= $1 AND article_id <= $2 ORDER BY article_id, from_path",
                &range,
            )
            .await?
        {
            if let Some(i) = story(&r)? {
                out[i].redirects.push(StoryRedirect {
                    from_path: r.try_get("from_path")?,
                    to_path: r.try_get("to_path")?,
                    created_at: r.try_get("created_at")?,
                });
            }
        }
        Ok(out)
    }

    pub async fn pages(&mut self) -> crate::Result<Vec<PageRecord>> {
        let rows = self
            .rows(
                "SELECT id, slug, title, body_markdown, body_html, state, purpose, in_footer, \
                 footer_position, seo_title, seo_description, version, created_at, updated_at, \
                 published_at, created_by FROM pages ORDER BY id",
                &[],
            )
            .await?;
        let mut out: Vec<PageRecord> = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(PageRecord {
                id: r.try_get("id")?,
                slug: r.try_get("slug")?,
                title: r.try_get("title")?,
                body_markdown: r.try_get("body_markdown")?,
                body_html: r.try_get("body_html")?,
                state: r.try_get("state")?,
                purpose: r.try_get("purpose")?,
                in_footer: flag(&r, "in_footer")?,
                footer_position: r.try_get("footer_position")?,
                seo_title: r.try_get("seo_title")?,
                seo_description: r.try_get("seo_description")?,
                version: r.try_get("version")?,
                created_at: r.try_get("created_at")?,
                updated_at: r.try_get("updated_at")?,
                published_at: r.try_get("published_at")?,
                created_by: r.try_get("created_by")?,
                revisions: Vec::new(),
            });
        }
        let mut index: BTreeMap<i64, usize> = BTreeMap::new();
        for (i, p) in out.iter().enumerate() {
            index.insert(p.id, i);
        }
        for r in self
            .rows(
                "SELECT id, page_id, version, user_id, at, title, body_markdown, meta \
                 FROM page_revisions ORDER BY page_id, version",
                &[],
            )
            .await?
        {
            if let Some(i) = index.get(&r.try_get::<i64, _>("page_id")?) {
                out[*i].revisions.push(PageRevisionRecord {
                    id: r.try_get("id")?,
                    version: r.try_get("version")?,
                    user_id: r.try_get("user_id")?,
                    at: r.try_get("at")?,
                    title: r.try_get("title")?,
                    body_markdown: r.try_get("body_markdown")?,
                    meta: json(&r.try_get::<String, _>("meta")?),
                });
            }
        }
        Ok(out)
    }

    pub async fn redirects(&mut self) -> crate::Result<RedirectsRecord> {
        let mut out = RedirectsRecord::default();
        for r in self
            .rows(
                "SELECT from_path, to_path, created_at FROM redirects WHERE article_id IS NULL \
                 ORDER BY from_path",
                &[],
            )
            .await?
        {
            out.paths.push(PathRedirect {
                from_path: r.try_get("from_path")?,
                to_path: r.try_get("to_path")?,
                created_at: r.try_get("created_at")?,
            });
        }
        for r in self
            .rows(
                "SELECT kind, old_slug, target_id, created_at FROM slug_redirects \
                 ORDER BY kind, old_slug",
                &[],
            )
            .await?
        {
            out.renamed.push(RenamedRecord {
                kind: r.try_get("kind")?,
                old_slug: r.try_get("old_slug")?,
                target_id: r.try_get("target_id")?,
                created_at: r.try_get("created_at")?,
            });
        }
        Ok(out)
    }

    /// The site's own settings, key by key.
    pub async fn settings(&mut self) -> crate::Result<BTreeMap<String, String>> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT key, value FROM site_settings ORDER BY key")
                .fetch_all(&mut *self.tx)
                .await?;
        Ok(rows.into_iter().collect())
    }

    pub async fn import_sources(&mut self) -> crate::Result<Vec<ImportSourceRecord>> {
        let rows = self
            .rows(
                "SELECT source, kind, external_id, local_id, checksum, imported_at \
                 FROM import_sources ORDER BY source, kind, external_id",
                &[],
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(ImportSourceRecord {
                source: r.try_get("source")?,
                kind: r.try_get("kind")?,
                external_id: r.try_get("external_id")?,
                local_id: r.try_get("local_id")?,
                checksum: r.try_get("checksum")?,
                imported_at: r.try_get("imported_at")?,
            });
        }
        Ok(out)
    }

    /// Audit events with ids above `after`, at most `limit`.
    pub async fn audit_after(&mut self, after: i64, limit: i64) -> crate::Result<Vec<AuditRecord>> {
        let rows = self
            .rows(
                "SELECT id, at, user_id, action, object, detail FROM audit_events \
                 WHERE id > $1 ORDER BY id LIMIT $2",
                &[after, limit],
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(AuditRecord {
                id: r.try_get("id")?,
                at: r.try_get("at")?,
                user_id: r.try_get("user_id")?,
                action: r.try_get("action")?,
                object: r.try_get("object")?,
                detail: r.try_get("detail")?,
            });
        }
        Ok(out)
    }

    pub async fn tokens(&mut self) -> crate::Result<Vec<TokenRecord>> {
        let rows = self
            .rows(
                "SELECT id, user_id, name, token_hash, prefix, scopes, created_at, last_used_at, \
                 revoked_at FROM api_tokens ORDER BY id",
                &[],
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(TokenRecord {
                id: r.try_get("id")?,
                user_id: r.try_get("user_id")?,
                name: r.try_get("name")?,
                token_hash: r.try_get("token_hash")?,
                prefix: r.try_get("prefix")?,
                scopes: r.try_get("scopes")?,
                created_at: r.try_get("created_at")?,
                last_used_at: r.try_get("last_used_at")?,
                revoked_at: r.try_get("revoked_at")?,
            });
        }
        Ok(out)
    }

    pub async fn webhooks(&mut self) -> crate::Result<Vec<WebhookRecord>> {
        let rows = self
            .rows(
                "SELECT id, name, event, target_url, secret, enabled, disabled_reason, created_at, \
                 created_by, last_status, last_attempt_at FROM webhooks ORDER BY id",
                &[],
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(WebhookRecord {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                event: r.try_get("event")?,
                target_url: r.try_get("target_url")?,
                secret: r.try_get("secret")?,
                enabled: flag(&r, "enabled")?,
                disabled_reason: r.try_get("disabled_reason")?,
                created_at: r.try_get("created_at")?,
                created_by: r.try_get("created_by")?,
                last_status: r.try_get("last_status")?,
                last_attempt_at: r.try_get("last_attempt_at")?,
            });
        }
        Ok(out)
    }

    /// Ends the read (nothing was written).
    pub async fn close(self) -> crate::Result<()> {
        self.tx.rollback().await?;
        Ok(())
    }
}

/// Every table the export carries, with the columns it carries: a table or column added
/// to the schema must be added here (and to the records, the restore and
/// docs/EXPORT.md) or to [`LEFT_OUT`] — a test holds the schema to these two lists.
#[rustfmt::skip]
pub const CARRIED: &[(&str, &[&str])] = &[
    (
        "articles",
        &[
            "id", "section_id", "slug", "headline", "standfirst", "body_markdown", "body_html",
            "lead_media_id", "state", "flags", "seo_title", "seo_description", "canonical_url",
            "version", "created_at", "updated_at", "first_published_at", "published_at",
            "scheduled_for", "embargo_until", "created_by", "deleted_at", "deleted_by",
        ],
    ),
    ("article_tags", &["article_id", "tag_id", "position"]),
    ("article_authors", &["article_id", "author_id", "position"]),
    (
        "revisions",
        &[
            "id", "article_id", "version", "user_id", "at", "headline", "standfirst",
            "body_markdown", "meta",
        ],
    ),
    ("corrections", &["id", "article_id", "kind", "body", "published_at"]),
    ("article_notes", &["id", "article_id", "user_id", "at", "paragraph", "body"]),
    ("redirects", &["from_path", "to_path", "article_id", "created_at"]),
    ("slug_redirects", &["kind", "old_slug", "target_id", "created_at"]),
    (
        "pages",
        &[
            "id", "slug", "title", "body_markdown", "body_html", "state", "purpose", "in_footer",
            "footer_position", "seo_title", "seo_description", "version", "created_at",
            "updated_at", "published_at", "created_by",
        ],
    ),
    (
        "page_revisions",
        &["id", "page_id", "version", "user_id", "at", "title", "body_markdown", "meta"],
    ),
    (
        "media",
        &[
            "id", "storage_key", "content_hash", "content_type", "width", "height", "alt",
            "caption", "credit", "copyright", "original_name", "created_at", "uploaded_by",
            "focal_x", "focal_y",
            // Not in the file: made again from the words when restored (restore.rs).
            "search_words",
        ],
    ),
    (
        "media_renditions",
        &["media_id", "width", "height", "storage_key", "content_type", "sha256", "bytes"],
    ),
    (
        "sections",
        &[
            "id", "slug", "name", "description", "position", "parent_id", "hidden", "seo_title",
            "seo_description",
        ],
    ),
    ("tags", &["id", "slug", "name", "description"]),
    ("authors", &["id", "slug", "name", "bio", "job_title", "links", "photo_media_id"]),
    (
        "users",
        &[
            "id", "email", "name", "role", "disabled", "author_id", "created_at",
            "password_changed_at", "password_hash",
        ],
    ),
    ("site_settings", &["key", "value"]),
    (
        "import_sources",
        &["source", "kind", "external_id", "local_id", "checksum", "imported_at"],
    ),
    ("audit_events", &["id", "at", "user_id", "action", "object", "detail"]),
    (
        "api_tokens",
        &[
            "id", "user_id", "name", "token_hash", "prefix", "scopes", "created_at",
            "last_used_at", "revoked_at",
        ],
    ),
    (
        "webhooks",
        &[
            "id", "name", "event", "target_url", "secret", "enabled", "disabled_reason",
            "created_at", "created_by", "last_status", "last_attempt_at",
        ],
    ),
];

/// The tables an export leaves out, each with why (docs/EXPORT.md says the same).
pub const LEFT_OUT: &[(&str, &str)] = &[
    (
        "sessions",
        "sign-ins end with the move: people sign in again",
    ),
    ("login_attempts", "throttling counters, minutes long"),
    ("preview_links", "short-lived links to unpublished stories"),
    (
        "edit_leases",
        "who has a story open in the editor, a minute long",
    ),
    (
        "changes",
        "the change log feeds caches and search, which are rebuilt",
    ),
    ("cursors", "positions in that change log"),
    (
        "related_stories",
        "worked out from the search index again, at each story's first render",
    ),
    ("webhook_deliveries", "the delivery queue and its outcomes"),
    ("schema_migrations", "the target database has its own"),
];
