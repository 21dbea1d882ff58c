//! Edit leases: who has a story open in the editor. One row per story, kept fresh by the
//! open editor; a row whose `expires_at` has passed counts as no row, so a closed laptop
//! frees the story without anyone cleaning up. Every decision is one statement against
//! the database, so two nodes asking at once get one answer.
//!
//! Times are the app's clock, passed in like every other time here (`now`, `expires_at`):
//! the caller decides how long a lease lasts.

use crate::Store;
use crate::db::placeholders;
use crate::users::audit;
use newsdesk_core::UnixTime;

/// A live lease: the story, who holds it (their name, or their email when they have
/// none) and since when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lease {
    pub article_id: i64,
    pub user_id: i64,
    pub name: String,
    pub taken_at: UnixTime,
    pub expires_at: UnixTime,
}

type Row = (i64, i64, String, i64, i64);

const COLUMNS: &str =
    "l.article_id, l.user_id, COALESCE(NULLIF(u.name, ''), u.email), l.taken_at, l.expires_at";

fn lease_of((article_id, user_id, name, taken_at, expires_at): Row) -> Lease {
    Lease {
        article_id,
        user_id,
        name,
        taken_at,
        expires_at,
    }
}

impl Store {
    /// Takes the lease on `article_id` for `user_id` until `expires_at` when it is free,
    /// expired or already theirs (then it is refreshed, keeping the time it was taken).
    /// Returns the live lease afterwards: theirs, or the other holder's when it was not
    /// free.
    pub async fn take_lease(
        &self,
        article_id: i64,
        user_id: i64,
        now: UnixTime,
        expires_at: UnixTime,
    ) -> crate::Result<Option<Lease>> {
        let mut tx = self.begin().await?;
        // One statement decides: two editors opening the story at once get one holder.
        sqlx::query(
            "INSERT INTO edit_leases (article_id, user_id, taken_at, refreshed_at, expires_at) \
             VALUES ($1, $2, $3, $3, $4) \
             ON CONFLICT (article_id) DO UPDATE SET \
             taken_at = CASE WHEN edit_leases.user_id = excluded.user_id \
                 AND edit_leases.expires_at > excluded.refreshed_at \
                 THEN edit_leases.taken_at ELSE excluded.taken_at END, \
             user_id = excluded.user_id, \
             refreshed_at = excluded.refreshed_at, \
             expires_at = excluded.expires_at \
             WHERE edit_leases.user_id = excluded.user_id \
                OR edit_leases.expires_at <= excluded.refreshed_at",
        )
        .bind(article_id)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM edit_leases l JOIN users u ON u.id = l.user_id \
             WHERE l.article_id = $1 AND l.expires_at > $2"
        );
        let row: Option<Row> = sqlx::query_as(&sql)
            .bind(article_id)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(row.map(lease_of))
    }

    /// Takes the lease on `article_id` for `user_id` whoever holds it, deliberately.
    /// Displacing someone else's live lease is audited; returns whose it was.
    pub async fn take_over_lease(
        &self,
        article_id: i64,
        user_id: i64,
        now: UnixTime,
        expires_at: UnixTime,
    ) -> crate::Result<Option<i64>> {
        let mut tx = self.begin().await?;
        let before: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM edit_leases WHERE article_id = $1 AND expires_at > $2",
        )
        .bind(article_id)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let kept_since = before == Some(user_id);
        sqlx::query(
            "INSERT INTO edit_leases (article_id, user_id, taken_at, refreshed_at, expires_at) \
             VALUES ($1, $2, $3, $3, $4) \
             ON CONFLICT (article_id) DO UPDATE SET \
             taken_at = CASE WHEN $5 = 1 THEN edit_leases.taken_at ELSE excluded.taken_at END, \
             user_id = excluded.user_id, \
             refreshed_at = excluded.refreshed_at, \
             expires_at = excluded.expires_at",
        )
        .bind(article_id)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .bind(i64::from(kept_since))
        .execute(&mut *tx)
        .await?;
        let displaced = before.filter(|holder| *holder != user_id);
        if let Some(holder) = displaced {
            let detail = format!("from user:{holder}");
            let object = format!("article:{article_id}");
            audit(
                &mut tx,
                Some(user_id),
                "article.take_over",
                &object,
                &detail,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(displaced)
    }

    /// Gives up `user_id`'s lease on `article_id`; someone else's is left alone. Returns
    /// whether there was one to give up.
    pub async fn release_lease(&self, article_id: i64, user_id: i64) -> crate::Result<bool> {
        let done = sqlx::query("DELETE FROM edit_leases WHERE article_id = $1 AND user_id = $2")
            .bind(article_id)
            .bind(user_id)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(done > 0)
    }

    /// The live lease on one story, if any.
    pub async fn lease(&self, article_id: i64, now: UnixTime) -> crate::Result<Option<Lease>> {
        Ok(self.leases(&[article_id], now).await?.pop())
    }

    /// The live leases among `article_ids`, in one query (for a list of stories).
    pub async fn leases(&self, article_ids: &[i64], now: UnixTime) -> crate::Result<Vec<Lease>> {
        if article_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM edit_leases l JOIN users u ON u.id = l.user_id \
             WHERE l.expires_at > $1 AND l.article_id IN ({}) ORDER BY l.article_id",
            placeholders(2, article_ids.len())
        );
        let mut q = sqlx::query_as::<_, Row>(&sql).bind(now);
        for id in article_ids {
            q = q.bind(*id);
        }
        Ok(q.fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(lease_of)
            .collect())
    }
}
