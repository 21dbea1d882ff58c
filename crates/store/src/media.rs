//! Media records: an uploaded file's metadata and its renditions. The bytes live in the
//! media storage (`newsdesk-media`); the database holds what they are and where.

use crate::Store;
use crate::changes::append;
use crate::db::placeholders;
use newsdesk_core::{CacheKey, Media, Rendition, State};
use std::collections::HashMap;

pub struct NewMedia {
    pub storage_key: String,
    pub content_hash: String,
    pub content_type: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    pub copyright: String,
    pub original_name: String,
    pub uploaded_by: Option<i64>,
    pub renditions: Vec<NewRendition>,
}

impl NewMedia {
    /// The record of a processed image whose files are already in media storage.
    pub fn from_processed(
        p: &newsdesk_media::Processed,
        text: MediaText,
        original_name: &str,
        uploaded_by: Option<i64>,
    ) -> NewMedia {
        NewMedia {
            storage_key: p.original.key.clone(),
            content_hash: p.content_hash.clone(),
            content_type: p.original.content_type.to_owned(),
            width: p.original.width,
            height: p.original.height,
            alt: text.alt,
            caption: text.caption,
            credit: text.credit,
            copyright: text.copyright,
            original_name: original_name.chars().take(200).collect(),
            uploaded_by,
            renditions: p
                .renditions
                .iter()
                .map(|r| NewRendition {
                    width: r.width,
                    height: r.height,
                    storage_key: r.key.clone(),
                    content_type: r.content_type.to_owned(),
                    sha256: newsdesk_media::file_sha256(&r.bytes),
                    bytes: r.bytes.len() as i64,
                })
                .collect(),
        }
    }
}

/// The words about a picture an editor may change.
#[derive(Clone, Debug, Default)]
pub struct MediaText {
    pub alt: String,
    pub caption: String,
    pub credit: String,
    pub copyright: String,
}

/// A story that shows a picture, for the library's "where used".
#[derive(Clone, Debug)]
pub struct MediaUse {
    pub article_id: i64,
    pub headline: String,
    pub state: State,
    /// As the lead image, rather than inside the body.
    pub lead: bool,
}

/// Longest alt text, caption, credit or copyright line accepted.
const MAX_TEXT: usize = 2000;

pub struct NewRendition {
    pub width: u32,
    pub height: u32,
    pub storage_key: String,
    pub content_type: String,
    /// The file's whole SHA-256, in hex, and its size: what `verify` checks it against.
    pub sha256: String,
    pub bytes: i64,
}

type MediaRow = (
    i64,
    String,
    String,
    String,
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<i64>,
);

const MEDIA_COLUMNS: &str = "id, storage_key, content_hash, content_type, width, height, alt, caption, \
    credit, copyright, original_name, created_at, uploaded_by";

impl Store {
    /// Records an image already written to media storage, with its renditions. Storing
    /// the same content twice returns the existing record (content-hash names are unique).
    pub async fn insert_media(&self, new: &NewMedia) -> crate::Result<Media> {
        if let Some(existing) = self.media_by_storage_key(&new.storage_key).await? {
            return Ok(existing);
        }
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO media (storage_key, content_hash, content_type, width, height, alt, caption, credit, \
             copyright, original_name, uploaded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(&new.storage_key)
        .bind(&new.content_hash)
        .bind(&new.content_type)
        .bind(i64::from(new.width))
        .bind(i64::from(new.height))
        .bind(&new.alt)
        .bind(&new.caption)
        .bind(&new.credit)
        .bind(&new.copyright)
        .bind(&new.original_name)
        .bind(new.uploaded_by)
        .bind(newsdesk_core::now())
        .fetch_one(&mut *tx)
        .await?;
        for r in &new.renditions {
            sqlx::query(
                "INSERT INTO media_renditions (media_id, width, height, storage_key, content_type, sha256, bytes) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(i64::from(r.width))
            .bind(i64::from(r.height))
            .bind(&r.storage_key)
            .bind(&r.content_type)
            .bind(&r.sha256)
            .bind(r.bytes)
            .execute(&mut *tx)
            .await?;
        }
        append(
            self.writer(),
            &mut tx,
            &format!("media:{id}"),
            "create",
            &[CacheKey::Media(id)],
        )
        .await?;
        crate::faults::commit(tx, false).await?;
        let mut found = self.media_by_ids(&[id]).await?;
        found
            .remove(&id)
            .ok_or_else(|| crate::StoreError::NotFound(format!("media {id}")))
    }

    pub async fn media_by_storage_key(&self, key: &str) -> crate::Result<Option<Media>> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM media WHERE storage_key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        match id {
            Some(id) => Ok(self.media_by_ids(&[id]).await?.remove(&id)),
            None => Ok(None),
        }
    }

    /// Loads media records with their renditions (narrowest first), two queries in all.
    pub async fn media_by_ids(&self, ids: &[i64]) -> crate::Result<HashMap<i64, Media>> {
        let mut out = HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        let list = placeholders(1, ids.len());
        let sql = format!("SELECT {MEDIA_COLUMNS} FROM media WHERE id IN ({list})");
        let mut query = sqlx::query_as::<_, MediaRow>(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&self.pool).await? {
            let media = media_of(row);
            out.insert(media.id, media);
        }
        let sql = format!(
            "SELECT media_id, width, height, storage_key, content_type FROM media_renditions \
             WHERE media_id IN ({list}) ORDER BY media_id, width"
        );
        let mut query = sqlx::query_as::<_, (i64, i64, i64, String, String)>(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        for (media_id, width, height, key, content_type) in query.fetch_all(&self.pool).await? {
            if let Some(m) = out.get_mut(&media_id) {
                m.renditions.push(Rendition {
                    width: clamp_u32(width),
                    height: clamp_u32(height),
                    key,
                    content_type,
                });
            }
        }
        Ok(out)
    }
}

fn media_of(row: MediaRow) -> Media {
    let (id, key, content_hash, content_type, width, height, alt, caption, credit, copyright) = (
        row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9,
    );
    Media {
        id,
        key,
        content_hash,
        content_type,
        width: clamp_u32(width),
        height: clamp_u32(height),
        alt,
        caption,
        credit,
        copyright,
        original_name: row.10,
        created_at: row.11,
        uploaded_by: row.12,
        renditions: Vec::new(),
    }
}

impl Store {
    /// One page of the library, newest first, optionally only pictures whose words or
    /// file name contain `query`. Returns the page and whether another follows.
    pub async fn media_library(
        &self,
        query: &str,
        page: u32,
        per_page: u32,
    ) -> crate::Result<(Vec<Media>, bool)> {
        let query = query.trim().to_lowercase();
        let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
        let limit = i64::from(per_page) + 1;
        let rows: Vec<(i64,)> = if query.is_empty() {
            sqlx::query_as(
                "SELECT id FROM media ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2",
            )
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?
        } else {
            let pattern = format!("%{}%", like_escaped(&query));
            sqlx::query_as(
                "SELECT id FROM media WHERE LOWER(alt) LIKE $1 ESCAPE '\\' OR LOWER(caption) LIKE $1 ESCAPE '\\' \
                 OR LOWER(credit) LIKE $1 ESCAPE '\\' OR LOWER(original_name) LIKE $1 ESCAPE '\\' \
                 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3",
            )
            .bind(pattern)
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?
        };
        let has_next = rows.len() > per_page as usize;
        let ids: Vec<i64> = rows
            .into_iter()
            .take(per_page as usize)
            .map(|r| r.0)
            .collect();
        let mut found = self.media_by_ids(&ids).await?;
        let items = ids.iter().filter_map(|id| found.remove(id)).collect();
        Ok((items, has_next))
    }

    pub async fn media(&self, id: i64) -> crate::Result<Option<Media>> {
        Ok(self.media_by_ids(&[id]).await?.remove(&id))
    }

    /// Changes a picture's words. Every page showing it is refreshed (through the stories
    /// that use it as their lead image).
    pub async fn update_media_text(&self, id: i64, text: &MediaText) -> crate::Result<()> {
        for (name, value) in [
            ("alt text", &text.alt),
            ("caption", &text.caption),
            ("credit", &text.credit),
            ("copyright", &text.copyright),
        ] {
            if value.chars().count() > MAX_TEXT {
                return Err(crate::StoreError::Invalid(format!(
                    "the {name} is longer than {MAX_TEXT} characters"
                )));
            }
        }
        let mut tx = self.begin().await?;
        let updated = sqlx::query(
            "UPDATE media SET alt = $1, caption = $2, credit = $3, copyright = $4 WHERE id = $5",
        )
        .bind(text.alt.trim())
        .bind(text.caption.trim())
        .bind(text.credit.trim())
        .bind(text.copyright.trim())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if updated == 0 {
            return Err(crate::StoreError::NotFound(format!("media {id}")));
        }
        let users: Vec<(i64,)> = sqlx::query_as("SELECT id FROM articles WHERE lead_media_id = $1")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
        let mut keys = vec![CacheKey::Media(id)];
        keys.extend(users.into_iter().map(|(a,)| CacheKey::Article(a)));
        append(
            self.writer(),
            &mut tx,
            &format!("media:{id}"),
            "update",
            &keys,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The stories that show a picture: as their lead image, or inside their body (by
    /// its content hash, which every rendition's file name starts with).
    pub async fn media_uses(&self, media: &Media) -> crate::Result<Vec<MediaUse>> {
        let pattern = format!("%/media/{}%", like_escaped(&media.content_hash));
        let rows: Vec<(i64, String, String, Option<i64>)> = sqlx::query_as(
            "SELECT id, headline, state, lead_media_id FROM articles \
             WHERE lead_media_id = $1 OR body_markdown LIKE $2 ESCAPE '\\' ORDER BY updated_at DESC, id DESC LIMIT 200",
        )
        .bind(media.id)
        .bind(pattern)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(article_id, headline, state, lead)| MediaUse {
                article_id,
                headline,
                state: state.parse().unwrap_or(State::Draft),
                lead: lead == Some(media.id),
            })
            .collect())
    }
}

/// `text` with LIKE's wildcards escaped (the queries say `ESCAPE '\'`).
pub(crate) fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn clamp_u32(v: i64) -> u32 {
    u32::try_from(v).unwrap_or(0)
}
