//! Stored related stories: each public story's list, worked out from the search index by
//! the web crate (`crates/web/src/related.rs`) and kept here, so a page render reads four
//! ids instead of querying the index.

use crate::Store;
use crate::changes::append;
use crate::db::placeholders;
use newsdesk_core::CacheKey;
use sqlx::{Any, Transaction};
use std::collections::HashMap;

/// The change-log object of a batch of rewritten lists. Derived data: followed by caches
/// and purges like any row, announced by no webhook.
pub const RELATED_OBJECT: &str = "related";

/// The shared position up to which the change log's rows have been turned into rewritten
/// lists (one node does each batch).
const RELATED_CURSOR: &str = "related";

impl Store {
    /// Story `id`'s stored related stories, in order; empty when none are stored.
    pub async fn related_ids(&self, id: i64) -> crate::Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT related_id FROM related_stories WHERE article_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The stories whose stored lists show any of `ids`.
    pub async fn listing_related(&self, ids: &[i64]) -> crate::Result<Vec<i64>> {
        let mut found = Vec::new();
        for chunk in ids.chunks(400) {
            let sql = format!(
                "SELECT DISTINCT article_id FROM related_stories WHERE related_id IN ({})",
                placeholders(1, chunk.len())
            );
            let mut q = sqlx::query_scalar::<_, i64>(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            found.extend(q.fetch_all(&self.pool).await?);
        }
        found.sort_unstable();
        found.dedup();
        Ok(found)
    }

    /// The topic ids of each of `ids`, in the story's order.
    pub async fn tag_ids_of(&self, ids: &[i64]) -> crate::Result<HashMap<i64, Vec<i64>>> {
        let mut tags: HashMap<i64, Vec<i64>> = HashMap::new();
        for chunk in ids.chunks(400) {
            let sql = format!(
                "SELECT article_id, tag_id FROM article_tags WHERE article_id IN ({}) \
                 ORDER BY article_id, position",
                placeholders(1, chunk.len())
            );
            let mut q = sqlx::query_as::<_, (i64, i64)>(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            for (article, tag) in q.fetch_all(&self.pool).await? {
                tags.entry(article).or_default().push(tag);
            }
        }
        Ok(tags)
    }

    /// Stores lists worked out while rendering. A story that has a list already keeps it
    /// unless `replace` (its list showed a story no longer public): a render on a node
    /// whose index lags must not undo the follower's newer list.
    pub async fn save_related(&self, lists: &[(i64, Vec<i64>, bool)]) -> crate::Result<()> {
        if lists.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin().await?;
        for (id, related, replace) in lists {
            if !replace {
                let stored: Option<i64> = sqlx::query_scalar(
                    "SELECT related_id FROM related_stories WHERE article_id = $1 LIMIT 1",
                )
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                if stored.is_some() {
                    continue;
                }
            }
            write_list(&mut tx, *id, related).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Where the follower's rewriting of lists stands: the last change-log row it covered,
    /// or `None` before the first call on this database.
    pub async fn related_position(&self) -> crate::Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT position FROM cursors WHERE name = $1")
                .bind(RELATED_CURSOR)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Stores the lists worked out for the change-log rows in `(from, to]` and moves the
    /// shared position there, with one change-log row naming each list that changed — or
    /// does nothing and returns false when another node moved the position first. One
    /// transaction: the lists, the position and the row commit together. `from: None`
    /// starts the position on a database that never had one.
    pub async fn record_related(
        &self,
        from: Option<i64>,
        to: i64,
        lists: &[(i64, Vec<i64>)],
    ) -> crate::Result<bool> {
        let mut tx = self.begin().await?;
        let moved = match from {
            None => sqlx::query(
                "INSERT INTO cursors (name, position) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
            )
            .bind(RELATED_CURSOR)
            .bind(to)
            .execute(&mut *tx)
            .await?
            .rows_affected(),
            Some(from) => {
                sqlx::query("UPDATE cursors SET position = $1 WHERE name = $2 AND position = $3")
                    .bind(to)
                    .bind(RELATED_CURSOR)
                    .bind(from)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
            }
        };
        if moved != 1 {
            return Ok(false);
        }
        let mut keys = Vec::new();
        for (id, related) in lists {
            let stored: Vec<i64> = sqlx::query_scalar(
                "SELECT related_id FROM related_stories WHERE article_id = $1 ORDER BY position",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
            if stored != *related {
                write_list(&mut tx, *id, related).await?;
                keys.push(CacheKey::Related(*id));
            }
        }
        if !keys.is_empty() {
            let writer = self.quietly().writer();
            append(writer, &mut tx, RELATED_OBJECT, "related", &keys).await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}

/// Replaces story `id`'s list with `related` (which may be empty).
async fn write_list(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    related: &[i64],
) -> crate::Result<()> {
    sqlx::query("DELETE FROM related_stories WHERE article_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for (position, other) in related.iter().enumerate() {
        // A story deleted for good since the list was worked out has no row to point at.
        sqlx::query(
            "INSERT INTO related_stories (article_id, position, related_id) \
             SELECT $1, $2, id FROM articles \
             WHERE id = $3 AND EXISTS (SELECT 1 FROM articles WHERE id = $1)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(*other)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
