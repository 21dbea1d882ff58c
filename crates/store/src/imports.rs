//! What importers remember between runs: which Newsdesk item each imported item became
//! (`import_sources`, so a second run updates instead of creating twice), and the old
//! site's addresses, answered with 301 to the new ones.

use crate::Store;
use crate::articles::add_redirect;

/// What an earlier run made of one imported item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRecord {
    pub local_id: i64,
    /// The importer's checksum of the item as it was then: unchanged items are left alone.
    pub checksum: String,
}

impl Store {
    /// What `(source, kind, external_id)` became in an earlier run, if anything.
    pub async fn import_record(
        &self,
        source: &str,
        kind: &str,
        external_id: &str,
    ) -> crate::Result<Option<ImportRecord>> {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT local_id, checksum FROM import_sources \
             WHERE source = $1 AND kind = $2 AND external_id = $3",
        )
        .bind(source)
        .bind(kind)
        .bind(external_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(local_id, checksum)| ImportRecord { local_id, checksum }))
    }

    /// Notes that `(source, kind, external_id)` is now `local_id`, imported as `checksum`.
    pub async fn remember_import(
        &self,
        source: &str,
        kind: &str,
        external_id: &str,
        record: &ImportRecord,
    ) -> crate::Result<()> {
        sqlx::query(
            "INSERT INTO import_sources (source, kind, external_id, local_id, checksum, imported_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (source, kind, external_id) DO UPDATE SET \
             local_id = excluded.local_id, checksum = excluded.checksum, imported_at = excluded.imported_at",
        )
        .bind(source)
        .bind(kind)
        .bind(external_id)
        .bind(record.local_id)
        .bind(&record.checksum)
        .bind(newsdesk_core::now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Answers the old site's address `from` (a path, perhaps with `?p=N`) with a 301 to
    /// `to`, the way a moved story's old address is answered. With `article_id`, the
    /// redirect goes when the story is deleted for good, and follows it when it moves.
    pub async fn add_old_address(
        &self,
        from: &str,
        to: &str,
        article_id: Option<i64>,
    ) -> crate::Result<()> {
        if from == to {
            return Ok(());
        }
        let mut tx = self.begin().await?;
        add_redirect(&mut tx, from, to, article_id).await?;
        tx.commit().await?;
        Ok(())
    }
}
