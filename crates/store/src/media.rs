//! Media records: an uploaded file's metadata and its renditions. The bytes live in the
//! media storage (`newsdesk-media`); the database holds what they are and where.

use crate::Store;
use crate::changes::append;
use crate::db::placeholders;
use newsdesk_core::{CacheKey, Media, Rendition};
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
    pub renditions: Vec<NewRendition>,
}

pub struct NewRendition {
    pub width: u32,
    pub height: u32,
    pub storage_key: String,
    pub content_type: String,
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
);

impl Store {
    /// Records an image already written to media storage, with its renditions. Storing
    /// the same content twice returns the existing record (content-hash names are unique).
    pub async fn insert_media(&self, new: &NewMedia) -> crate::Result<Media> {
        if let Some(existing) = self.media_by_storage_key(&new.storage_key).await? {
            return Ok(existing);
        }
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO media (storage_key, content_hash, content_type, width, height, alt, caption, credit, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(&new.storage_key)
        .bind(&new.content_hash)
        .bind(&new.content_type)
        .bind(i64::from(new.width))
        .bind(i64::from(new.height))
        .bind(&new.alt)
        .bind(&new.caption)
        .bind(&new.credit)
        .bind(newsdesk_core::now())
        .fetch_one(&mut *tx)
        .await?;
        for r in &new.renditions {
            sqlx::query(
                "INSERT INTO media_renditions (media_id, width, height, storage_key, content_type) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(i64::from(r.width))
            .bind(i64::from(r.height))
            .bind(&r.storage_key)
            .bind(&r.content_type)
            .execute(&mut *tx)
            .await?;
        }
        append(
            self.backend,
            &mut tx,
            &format!("media:{id}"),
            "create",
            &[CacheKey::Media(id)],
        )
        .await?;
        tx.commit().await?;
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
        let sql = format!(
            "SELECT id, storage_key, content_hash, content_type, width, height, alt, caption, credit \
             FROM media WHERE id IN ({list})"
        );
        let mut query = sqlx::query_as::<_, MediaRow>(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        for (id, key, content_hash, content_type, width, height, alt, caption, credit) in
            query.fetch_all(&self.pool).await?
        {
            let media = Media {
                id,
                key,
                content_hash,
                content_type,
                width: clamp_u32(width),
                height: clamp_u32(height),
                alt,
                caption,
                credit,
                renditions: Vec::new(),
            };
            out.insert(id, media);
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

fn clamp_u32(v: i64) -> u32 {
    u32::try_from(v).unwrap_or(0)
}
