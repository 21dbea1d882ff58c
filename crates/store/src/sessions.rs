//! Desk sessions (stored server-side, so any node can serve any request) and the login
//! attempts that throttling counts.

use crate::Store;
use crate::users::{User, audit};
use newsdesk_core::UnixTime;

impl Store {
    /// Deletes expired sessions and login attempts older than any throttle window; returns
    /// how many rows went.
    pub async fn prune_sessions(
        &self,
        now: UnixTime,
        attempts_before: UnixTime,
    ) -> crate::Result<u64> {
        let sessions = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?
            .rows_affected();
        let attempts = sqlx::query("DELETE FROM login_attempts WHERE at < $1")
            .bind(attempts_before)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(sessions + attempts)
    }

    /// Starts a session for `user_id` under the hash of its cookie token.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf_token: &str,
        expires_at: UnixTime,
    ) -> crate::Result<()> {
        let now = newsdesk_core::now();
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $5, $4)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            Some(user_id),
            "session.start",
            &format!("user:{user_id}"),
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The signed-in user and the session's CSRF token, for a live session of an enabled user.
    pub async fn session_user(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> crate::Result<Option<(User, String)>> {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT s.user_id, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        let Some((user_id, csrf)) = row else {
            return Ok(None);
        };
        Ok(self.user(user_id).await?.map(|u| (u, csrf)))
    }

    pub async fn end_session(&self, token_hash: &str) -> crate::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records a preview link for a story, valid until `expires_at`.
    pub async fn create_preview_link(
        &self,
        token_hash: &str,
        article_id: i64,
        by: i64,
        expires_at: UnixTime,
    ) -> crate::Result<()> {
        sqlx::query(
            "INSERT INTO preview_links (token_hash, article_id, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(article_id)
        .bind(by)
        .bind(newsdesk_core::now())
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The story a live preview link opens.
    pub async fn preview_article(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> crate::Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT article_id FROM preview_links WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn count_sessions(&self) -> crate::Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
            .fetch_one(&self.pool)
            .await?)
    }

    pub async fn record_login_attempt(
        &self,
        ip: &str,
        email: &str,
        succeeded: bool,
        at: UnixTime,
    ) -> crate::Result<()> {
        sqlx::query(
            "INSERT INTO login_attempts (ip, email, at, succeeded) VALUES ($1, $2, $3, $4)",
        )
        .bind(ip)
        .bind(email)
        .bind(at)
        .bind(i64::from(succeeded))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Failed sign-ins since `since`: (from this address, for this email).
    pub async fn failed_logins_since(
        &self,
        ip: &str,
        email: &str,
        since: UnixTime,
    ) -> crate::Result<(i64, i64)> {
        let by_ip: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_attempts WHERE ip = $1 AND at > $2 AND succeeded = 0",
        )
        .bind(ip)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        let by_email: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_attempts WHERE email = $1 AND at > $2 AND succeeded = 0",
        )
        .bind(email)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok((by_ip, by_email))
    }
}
