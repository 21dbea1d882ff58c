//! The change log: an ordered list of "these keys changed" rows that every derived thing
//! (page caches, search index, CDN purges, webhooks) follows by id.

use crate::db::lock_change_log;
use crate::{Backend, Store};
use newsdesk_core::{CacheKey, UnixTime};
use sqlx::{Any, Transaction};
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub id: i64,
    pub at: i64,
    /// `article:42`, `section:3`, …
    pub object: String,
    /// `create`, `update`, `correct`, …
    pub action: String,
    /// Written by an import: followed by caches and search, not announced by webhooks.
    pub quiet: bool,
    /// Space-separated cache keys, as in `Surrogate-Key`.
    pub keys: String,
}

impl Change {
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.keys.split_ascii_whitespace()
    }
}

/// The most change-log rows read to bring a kept figure (the sitemap months, the depth of
/// lists) up to date; past it, the figure is worked out again whole.
const MEMO_MAX_CHANGES: i64 = 2000;

/// Who writes a change-log row: the database's dialect, and whether the row is quiet.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Writer {
    backend: Backend,
    quiet: bool,
}

/// Appends one row inside the writer's transaction, so it commits with the content.
pub(crate) async fn append(
    writer: Writer,
    tx: &mut Transaction<'static, Any>,
    object: &str,
    action: &str,
    keys: &[CacheKey],
) -> crate::Result<()> {
    crate::faults::point("store-change-log")?;
    lock_change_log(writer.backend, tx).await?;
    let mut keys = keys.to_vec();
    keys.sort();
    keys.dedup();
    sqlx::query(
        "INSERT INTO changes (at, object, action, keys, quiet) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(newsdesk_core::now())
    .bind(object)
    .bind(action)
    .bind(CacheKey::join(&keys))
    .bind(i64::from(writer.quiet))
    .execute(&mut **tx)
    .await?;
    if writer.backend == Backend::Postgres {
        // Delivered at commit, once per transaction however many rows it wrote.
        sqlx::query(NOTIFY).execute(&mut **tx).await?;
    }
    Ok(())
}

/// The PostgreSQL channel on which a commit that wrote change-log rows is announced.
const CHANNEL: &str = "newsdesk_changes";
const NOTIFY: &str = "NOTIFY newsdesk_changes";

/// Wakes a follower as soon as any node commits change-log rows: PostgreSQL's
/// `LISTEN`/`NOTIFY`, on a connection of its own. A notice says only "look now"; the rows
/// are read from the log as always, so a notice lost (say while the connection is
/// re-made) delays a change until the next poll, never loses it.
pub struct ChangeNotices(sqlx::postgres::PgListener);

impl ChangeNotices {
    /// Waits for the next notice. An error means the connection dropped; the next call
    /// connects again.
    pub async fn next(&mut self) -> crate::Result<()> {
        self.0.recv().await?;
        Ok(())
    }
}

impl Store {
    /// A listener for new change-log rows: `None` on SQLite, where one process writes the
    /// database and its followers poll.
    pub async fn change_notices(&self) -> crate::Result<Option<ChangeNotices>> {
        let Some(url) = &self.listen_url else {
            return Ok(None);
        };
        let mut listener = sqlx::postgres::PgListener::connect(url)
            .await
            .map_err(|e| crate::StoreError::Unavailable(e.to_string()))?;
        listener.listen(CHANNEL).await?;
        Ok(Some(ChangeNotices(listener)))
    }
}

impl Store {
    pub(crate) fn writer(&self) -> Writer {
        Writer {
            backend: self.backend,
            quiet: self.quiet,
        }
    }

    /// The same database, writing quiet change-log rows: pages, caches, search and purges
    /// follow them, webhooks do not announce them. Importers write through it.
    pub fn quietly(&self) -> Store {
        Store {
            quiet: true,
            ..self.clone()
        }
    }

    /// Rows after `position`, oldest first, at most `limit`.
    pub async fn changes_after(&self, position: i64, limit: i64) -> crate::Result<Vec<Change>> {
        let rows: Vec<(i64, i64, String, String, String, i64)> = sqlx::query_as(
            "SELECT id, at, object, action, keys, quiet FROM changes WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(position)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, at, object, action, keys, quiet)| Change {
                id,
                at,
                object,
                action,
                keys,
                quiet: quiet != 0,
            })
            .collect())
    }

    /// The rows after `from` up to `to`, for bringing a figure kept since `from` up to
    /// date: `None` when they are more than are worth reading (or `to` is before `from`),
    /// and the figure should be forgotten whole.
    pub(crate) async fn changes_between(
        &self,
        from: i64,
        to: i64,
    ) -> crate::Result<Option<Vec<Change>>> {
        if to < from {
            return Ok(None);
        }
        let mut rows = self.changes_after(from, MEMO_MAX_CHANGES + 1).await?;
        if rows.len() > MEMO_MAX_CHANGES as usize && rows.last().is_some_and(|c| c.id <= to) {
            return Ok(None);
        }
        rows.retain(|c| c.id <= to);
        Ok(Some(rows))
    }

    /// The first publication and publication of each of `ids` still in the table.
    pub(crate) async fn publication_times(
        &self,
        ids: &[i64],
    ) -> crate::Result<HashMap<i64, (Option<UnixTime>, Option<UnixTime>)>> {
        let mut out = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let list = chunk
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let sql = format!(
                "SELECT id, first_published_at, published_at FROM articles WHERE id IN ({list})"
            );
            let rows: Vec<(i64, Option<i64>, Option<i64>)> =
                sqlx::query_as(&sql).fetch_all(&self.pool).await?;
            out.extend(rows.into_iter().map(|(id, first, at)| (id, (first, at))));
        }
        Ok(out)
    }

    /// The newest row's id (0 for an empty log): where a fresh in-memory follower starts.
    pub async fn last_change_id(&self) -> crate::Result<i64> {
        let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM changes")
            .fetch_one(&self.pool)
            .await?;
        Ok(id.unwrap_or(0))
    }
}

/// The shared position up to which (a Unix time) ended embargoes have been written to the
/// change log.
const EMBARGO_CURSOR: &str = "embargo";

impl Store {
    /// Writes a change-log row (`embargo-lift`) for each published story whose embargo
    /// ended since the last time any node did, up to `now`, so that an embargo ending —
    /// which no one saves — reaches pages, search, the HTTP cache and every node by the
    /// one path every change takes. Exactly one node writes each: the rows and the move of
    /// the shared `embargo` position commit together, and the move is a compare-and-set.
    /// Returns how many rows it wrote. The first call on a new database only starts the
    /// position at `now`.
    pub async fn record_lifted_embargoes(&self, now: i64) -> crate::Result<usize> {
        let checked: Option<i64> =
            sqlx::query_scalar("SELECT position FROM cursors WHERE name = $1")
                .bind(EMBARGO_CURSOR)
                .fetch_optional(&self.pool)
                .await?;
        let Some(checked) = checked else {
            sqlx::query(
                "INSERT INTO cursors (name, position) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
            )
            .bind(EMBARGO_CURSOR)
            .bind(now)
            .execute(&self.pool)
            .await?;
            return Ok(0);
        };
        // A cheap read first: most seconds no embargo ends, and then nothing is written
        // (the position stays; the next window simply starts from it).
        let lifted = {
            let mut conn = self.pool.acquire().await?;
            self.embargoes_lifted(&mut conn, checked, now).await?
        };
        if lifted.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin().await?;
        let moved =
            sqlx::query("UPDATE cursors SET position = $1 WHERE name = $2 AND position = $3")
                .bind(now)
                .bind(EMBARGO_CURSOR)
                .bind(checked)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if moved != 1 {
            // Another node wrote these first.
            return Ok(0);
        }
        let lifted = self.embargoes_lifted(&mut tx, checked, now).await?;
        for (id, keys) in &lifted {
            append(
                self.writer(),
                &mut tx,
                &format!("article:{id}"),
                "embargo-lift",
                keys,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(lifted.len())
    }

    /// Each published story whose embargo ended in `(after, until]`, with the cache keys
    /// of the pages and lists that may now show it.
    async fn embargoes_lifted(
        &self,
        db: &mut sqlx::AnyConnection,
        after: i64,
        until: i64,
    ) -> crate::Result<Vec<(i64, Vec<CacheKey>)>> {
        // Only the embargo index can answer this cheaply; the story's state is checked
        // after, so the planner is never tempted by the (large) published-state index.
        let rows: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT id, section_id, state FROM articles WHERE embargo_until > $1 AND embargo_until <= $2",
        )
        .bind(after)
        .bind(until)
        .fetch_all(&mut *db)
        .await?;
        let mut lifted = Vec::new();
        for (id, section_id, state) in rows {
            if state != "published" {
                continue;
            }
            let mut keys = vec![
                CacheKey::Article(id),
                CacheKey::Home,
                CacheKey::Section(section_id),
                CacheKey::Sitemap,
            ];
            let tags: Vec<i64> =
                sqlx::query_scalar("SELECT tag_id FROM article_tags WHERE article_id = $1")
                    .bind(id)
                    .fetch_all(&mut *db)
                    .await?;
            keys.extend(tags.into_iter().map(CacheKey::Tag));
            let authors: Vec<i64> =
                sqlx::query_scalar("SELECT author_id FROM article_authors WHERE article_id = $1")
                    .bind(id)
                    .fetch_all(&mut *db)
                    .await?;
            keys.extend(authors.into_iter().map(CacheKey::Author));
            lifted.push((id, keys));
        }
        Ok(lifted)
    }
}

impl Store {
    /// The shared position named `name` (0 when never set).
    pub async fn cursor(&self, name: &str) -> crate::Result<i64> {
        let found: Option<i64> = sqlx::query_scalar("SELECT position FROM cursors WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.unwrap_or(0))
    }

    /// Moves the shared position `name` from `from` to `to`; false when another node moved
    /// it first (compare and set: exactly one node advances it).
    pub async fn advance_cursor(&self, name: &str, from: i64, to: i64) -> crate::Result<bool> {
        let moved = if from == 0 {
            sqlx::query(
                "INSERT INTO cursors (name, position) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
            )
            .bind(name)
            .bind(to)
            .execute(&self.pool)
            .await?
            .rows_affected()
        } else {
            0
        };
        if moved == 1 {
            return Ok(true);
        }
        let moved =
            sqlx::query("UPDATE cursors SET position = $1 WHERE name = $2 AND position = $3")
                .bind(to)
                .bind(name)
                .bind(from)
                .execute(&self.pool)
                .await?
                .rows_affected();
        Ok(moved == 1)
    }
}
