//! Media records: an uploaded file's metadata and its renditions. The bytes live in the
//! media storage (`newsdesk-media`); the database holds what they are and where.

use crate::Store;
use crate::changes::append;
use crate::db::placeholders;
use newsdesk_core::{CacheKey, FocalPoint, Media, Rendition, State};
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

/// At most this many words of a library search are used.
const MAX_QUERY_WORDS: usize = 8;

/// A picture's place in the library's order (newest first): its upload time and id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LibraryMark {
    pub created_at: i64,
    pub id: i64,
}

impl LibraryMark {
    pub fn of(media: &Media) -> LibraryMark {
        LibraryMark {
            created_at: media.created_at,
            id: media.id,
        }
    }

    /// From its address form, `1767225600.42`; `None` for anything else.
    pub fn parse(text: &str) -> Option<LibraryMark> {
        let (at, id) = text.trim().split_once('.')?;
        Some(LibraryMark {
            created_at: at.parse().ok()?,
            id: id.parse().ok()?,
        })
    }
}

impl std::fmt::Display for LibraryMark {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.created_at, self.id)
    }
}

/// Where a page of the library starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LibraryFrom {
    Newest,
    /// Just older than a picture shown (the "Older" link).
    OlderThan(LibraryMark),
    /// Just newer than a picture shown (the "Newer" link).
    NewerThan(LibraryMark),
}

/// A page of the library, newest first, with where the pages beside it start.
#[derive(Clone, Debug)]
pub struct LibraryPage {
    pub items: Vec<Media>,
    /// The first item, when newer pictures match: the "Newer" link goes before it.
    pub newer: Option<LibraryMark>,
    /// The last item, when older pictures match: the "Older" link goes after it.
    pub older: Option<LibraryMark>,
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
    Option<i64>,
    Option<i64>,
);

const MEDIA_COLUMNS: &str = "id, storage_key, content_hash, content_type, width, height, alt, caption, \
    credit, copyright, original_name, created_at, uploaded_by, focal_x, focal_y";

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
             copyright, original_name, uploaded_by, created_at, search_words) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
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
        .bind(search_words(
            &new.alt,
            &new.caption,
            &new.credit,
            &new.original_name,
        ))
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
        focal: FocalPoint::from_thousandths(row.13, row.14),
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
                "SELECT id FROM media WHERE search_words LIKE $1 ESCAPE '\\' \
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

    /// One page of the library for the picker and the library page: newest first,
    /// only pictures whose alt text, caption, credit or file name hold every word of
    /// `query`, starting after (or before) a picture already shown. Keyset paging walks
    /// the `media_by_time` index, so a page costs the same on page 1 and page 4,000, and
    /// an upload meanwhile does not shift what "older" shows.
    pub async fn media_page(
        &self,
        query: &str,
        from: LibraryFrom,
        per_page: u32,
    ) -> crate::Result<LibraryPage> {
        let words: Vec<String> = query
            .to_lowercase()
            .split_whitespace()
            .take(MAX_QUERY_WORDS)
            .map(|w| format!("%{}%", like_escaped(w)))
            .collect();
        let per_page = per_page.clamp(1, 200);
        match from {
            LibraryFrom::Newest => {
                let ids = self.library_ids(&words, None, per_page + 1).await?;
                self.library_page_of(&words, ids, per_page, false).await
            }
            LibraryFrom::OlderThan(mark) => {
                let ids = self
                    .library_ids(&words, Some((mark, false)), per_page + 1)
                    .await?;
                self.library_page_of(&words, ids, per_page, true).await
            }
            LibraryFrom::NewerThan(mark) => {
                let mut ids = self
                    .library_ids(&words, Some((mark, true)), per_page + 1)
                    .await?;
                if ids.len() <= per_page as usize {
                    // Back at the top: the first page, whole.
                    let ids = self.library_ids(&words, None, per_page + 1).await?;
                    return self.library_page_of(&words, ids, per_page, false).await;
                }
                ids.truncate(per_page as usize);
                ids.reverse();
                let mut found = self.media_by_ids(&ids).await?;
                let items: Vec<Media> = ids.iter().filter_map(|id| found.remove(id)).collect();
                Ok(LibraryPage {
                    newer: items.first().map(LibraryMark::of),
                    older: items.last().map(LibraryMark::of),
                    items,
                })
            }
        }
    }

    /// A page from ids listed newest first, one more than `per_page` if more follow;
    /// `look_newer` asks whether newer pictures match (never, on the first page).
    async fn library_page_of(
        &self,
        words: &[String],
        ids: Vec<i64>,
        per_page: u32,
        look_newer: bool,
    ) -> crate::Result<LibraryPage> {
        let more = ids.len() > per_page as usize;
        let ids: Vec<i64> = ids.into_iter().take(per_page as usize).collect();
        let mut found = self.media_by_ids(&ids).await?;
        let items: Vec<Media> = ids.iter().filter_map(|id| found.remove(id)).collect();
        let newer = match items.first().map(LibraryMark::of) {
            Some(first)
                if look_newer
                    && !self
                        .library_ids(words, Some((first, true)), 1)
                        .await?
                        .is_empty() =>
            {
                Some(first)
            }
            _ => None,
        };
        Ok(LibraryPage {
            newer,
            older: items.last().map(LibraryMark::of).filter(|_| more),
            items,
        })
    }

    /// Ids of matching pictures beyond `mark` (newer when its flag is set, nearest
    /// first; otherwise older, newest first), at most `limit`.
    async fn library_ids(
        &self,
        words: &[String],
        mark: Option<(LibraryMark, bool)>,
        limit: u32,
    ) -> crate::Result<Vec<i64>> {
        let mut sql = String::from("SELECT id FROM media WHERE 1 = 1");
        let mut n = 0;
        let mut next = || {
            n += 1;
            n
        };
        for _ in words {
            let p = next();
            sql.push_str(&format!(" AND search_words LIKE ${p} ESCAPE '\\'"));
        }
        let newer = mark.is_some_and(|(_, newer)| newer);
        if mark.is_some() {
            let (a, b) = (next(), next());
            let op = if newer { ">" } else { "<" };
            sql.push_str(&format!(" AND (created_at, id) {op} (${a}, ${b})"));
        }
        let order = if newer { "ASC" } else { "DESC" };
        let l = next();
        sql.push_str(&format!(
            " ORDER BY created_at {order}, id {order} LIMIT ${l}"
        ));
        let mut q = sqlx::query_scalar::<_, i64>(&sql);
        for w in words {
            q = q.bind(w.clone());
        }
        if let Some((m, _)) = mark {
            q = q.bind(m.created_at).bind(m.id);
        }
        Ok(q.bind(i64::from(limit)).fetch_all(&self.pool).await?)
    }

    pub async fn media(&self, id: i64) -> crate::Result<Option<Media>> {
        Ok(self.media_by_ids(&[id]).await?.remove(&id))
    }

    /// Changes a picture's words. Every page showing it is refreshed (through the stories
    /// that use it as their lead image).
    pub async fn update_media_text(&self, id: i64, text: &MediaText) -> crate::Result<()> {
        self.update_media(id, text, None).await
    }

    /// Changes a picture's words and, when `focal` is `Some`, its focal point (`Some(None)`:
    /// back to the centre), in one transaction.
    pub async fn update_media(
        &self,
        id: i64,
        text: &MediaText,
        focal: Option<Option<FocalPoint>>,
    ) -> crate::Result<()> {
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
        let name: Option<String> =
            sqlx::query_scalar("SELECT original_name FROM media WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let words = search_words(
            text.alt.trim(),
            text.caption.trim(),
            text.credit.trim(),
            name.as_deref().unwrap_or_default(),
        );
        let updated = sqlx::query(
            "UPDATE media SET alt = $1, caption = $2, credit = $3, copyright = $4, search_words = $5 \
             WHERE id = $6",
        )
        .bind(text.alt.trim())
        .bind(text.caption.trim())
        .bind(text.credit.trim())
        .bind(text.copyright.trim())
        .bind(words)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if updated == 0 {
            return Err(crate::StoreError::NotFound(format!("media {id}")));
        }
        if let Some(focal) = focal {
            sqlx::query("UPDATE media SET focal_x = $1, focal_y = $2 WHERE id = $3")
                .bind(focal.map(|f| i64::from(f.x_thousandths())))
                .bind(focal.map(|f| i64::from(f.y_thousandths())))
                .bind(id)
                .execute(&mut *tx)
                .await?;
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

/// What the library's search reads: a picture's words and file name, lowercase (the
/// `search_words` column, written with them; migration 0020 filled it for older ones).
pub(crate) fn search_words(alt: &str, caption: &str, credit: &str, original_name: &str) -> String {
    format!("{alt} {caption} {credit} {original_name}").to_lowercase()
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
