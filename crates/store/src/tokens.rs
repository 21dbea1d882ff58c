//! API tokens: named, scoped, stored as their SHA-256, revocable, with the time each was
//! last used. Making the secret and hashing it is the caller's (the store never sees a
//! usable token).

use crate::Store;
use crate::users::audit;
use newsdesk_core::{Scopes, UnixTime};

/// A token as listed: never its secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    /// The email of the person it acts for.
    pub user_email: String,
    pub name: String,
    /// The token's first characters, to recognise it.
    pub prefix: String,
    pub scopes: Scopes,
    pub created_at: UnixTime,
    pub last_used_at: Option<UnixTime>,
    pub revoked_at: Option<UnixTime>,
}

/// A token to store.
pub struct NewApiToken<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub prefix: &'a str,
    pub scopes: Scopes,
}

/// How often the time a token was last used is written: not on every request.
const TOUCH_EVERY: i64 = 60;

type Row = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    i64,
    Option<i64>,
    Option<i64>,
);

const COLUMNS: &str = "t.id, t.user_id, u.email, t.name, t.prefix, t.scopes, t.created_at, t.last_used_at, t.revoked_at";

fn token_of(row: Row) -> ApiToken {
    let (id, user_id, user_email, name, prefix, scopes, created_at, last_used_at, revoked_at) = row;
    ApiToken {
        id,
        user_id,
        user_email,
        name,
        prefix,
        // Names were checked when stored; one unknown later (a scope removed) grants nothing.
        scopes: Scopes::parse(&scopes).unwrap_or_default(),
        created_at,
        last_used_at,
        revoked_at,
    }
}

impl Store {
    /// Stores a token made by `by`, with an audit event.
    pub async fn insert_api_token(
        &self,
        new: &NewApiToken<'_>,
        by: Option<i64>,
    ) -> crate::Result<ApiToken> {
        let name = new.name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(crate::StoreError::Invalid(
                "a token needs a name of at most 100 characters".into(),
            ));
        }
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (user_id, name, token_hash, prefix, scopes, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(new.user_id)
        .bind(name)
        .bind(new.token_hash)
        .bind(new.prefix)
        .bind(new.scopes.to_string())
        .bind(newsdesk_core::now())
        .fetch_one(&mut *tx)
        .await?;
        let detail = format!("{name} ({})", new.scopes);
        audit(&mut tx, by, "token.create", &format!("token:{id}"), &detail).await?;
        tx.commit().await?;
        self.api_token(id)
            .await?
            .ok_or_else(|| crate::StoreError::NotFound(format!("token {id}")))
    }

    pub async fn api_token(&self, id: i64) -> crate::Result<Option<ApiToken>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1"
        );
        let row: Option<Row> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(token_of))
    }

    /// Tokens, newest first: one person's, or everyone's.
    pub async fn api_tokens(&self, user_id: Option<i64>) -> crate::Result<Vec<ApiToken>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE ($1 = 0 OR t.user_id = $1) ORDER BY t.id DESC"
        );
        let rows: Vec<Row> = sqlx::query_as(&sql)
            .bind(user_id.unwrap_or(0))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(token_of).collect())
    }

    /// The live token with this hash, if its person may still sign in.
    pub async fn api_token_by_hash(&self, hash: &str) -> crate::Result<Option<ApiToken>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = 0"
        );
        let row: Option<Row> = sqlx::query_as(&sql)
            .bind(hash)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(token_of))
    }

    /// Notes that a token was used at `at`, at most once a minute per token.
    pub async fn touch_api_token(&self, id: i64, at: UnixTime) -> crate::Result<()> {
        sqlx::query(
            "UPDATE api_tokens SET last_used_at = $1 \
             WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
        )
        .bind(at)
        .bind(id)
        .bind(at - TOUCH_EVERY)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Revokes a token for good; `false` when there is no such live token.
    pub async fn revoke_api_token(&self, id: i64, by: Option<i64>) -> crate::Result<bool> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(newsdesk_core::now())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if done {
            audit(&mut tx, by, "token.revoke", &format!("token:{id}"), "").await?;
        }
        tx.commit().await?;
        Ok(done)
    }
}
