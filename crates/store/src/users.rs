//! Logins and the audit log. Password hashes arrive already hashed (`newsdesk-auth`); this
//! module only stores them.

use crate::db::duplicate_or;
use crate::{Store, StoreError};
use newsdesk_core::{Role, UnixTime};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub author_id: Option<i64>,
    pub created_at: UnixTime,
}

pub struct NewUser<'a> {
    /// Already normalized (`auth::Email`).
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
}

type UserRow = (i64, String, String, String, i64, Option<i64>, i64);
/// A user row followed by the password hash.
type LoginRow = (i64, String, String, String, i64, Option<i64>, i64, String);
const USER_COLUMNS: &str = "id, email, name, role, disabled, author_id, created_at";

fn user_of(row: UserRow) -> crate::Result<User> {
    let (id, email, name, role, disabled, author_id, created_at) = row;
    let role = role
        .parse()
        .map_err(|e| StoreError::Invalid(format!("user {id}: {e}")))?;
    Ok(User {
        id,
        email,
        name,
        role,
        disabled: disabled != 0,
        author_id,
        created_at,
    })
}

impl Store {
    /// Creates a login; `by` is the acting user for the audit log (`None` from the CLI).
    pub async fn create_user(&self, new: &NewUser<'_>, by: Option<i64>) -> crate::Result<User> {
        let now = newsdesk_core::now();
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, name, password_hash, role, disabled, created_at, password_changed_at) \
             VALUES ($1, $2, $3, $4, 0, $5, $5) RETURNING id",
        )
        .bind(new.email)
        .bind(new.name)
        .bind(new.password_hash)
        .bind(new.role.as_str())
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| duplicate_or(e, "email", new.email))?;
        audit(
            &mut tx,
            by,
            "user.create",
            &format!("user:{id}"),
            &format!("role={}", new.role),
        )
        .await?;
        tx.commit().await?;
        self.user(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("user {id}")))
    }

    pub async fn user(&self, id: i64) -> crate::Result<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        let row: Option<UserRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(user_of).transpose()
    }

    /// The user with this (normalized) email and their password hash.
    pub async fn user_for_login(&self, email: &str) -> crate::Result<Option<(User, String)>> {
        let sql = format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE email = $1");
        let row: Option<LoginRow> = sqlx::query_as(&sql)
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        let Some((id, email, name, role, disabled, author_id, created_at, hash)) = row else {
            return Ok(None);
        };
        let user = user_of((id, email, name, role, disabled, author_id, created_at))?;
        Ok(Some((user, hash)))
    }

    pub async fn users(&self) -> crate::Result<Vec<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY email");
        let rows: Vec<UserRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
        rows.into_iter().map(user_of).collect()
    }

    pub async fn count_users(&self) -> crate::Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Sets a new password hash and ends every session of the user.
    pub async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        by: Option<i64>,
    ) -> crate::Result<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3",
        )
        .bind(password_hash)
        .bind(newsdesk_core::now())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("user {user_id}")));
        }
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        audit(&mut tx, by, "user.password", &format!("user:{user_id}"), "").await?;
        tx.commit().await?;
        Ok(())
    }

    /// Disables (or re-enables) a login; disabling ends its sessions.
    pub async fn set_disabled(
        &self,
        user_id: i64,
        disabled: bool,
        by: Option<i64>,
    ) -> crate::Result<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
            .bind(i64::from(disabled))
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("user {user_id}")));
        }
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        let action = if disabled {
            "user.disable"
        } else {
            "user.enable"
        };
        audit(&mut tx, by, action, &format!("user:{user_id}"), "").await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes a login's role and the byline (author) it writes as; both audited.
    pub async fn set_role_and_byline(
        &self,
        user_id: i64,
        role: Role,
        author_id: Option<i64>,
        by: Option<i64>,
    ) -> crate::Result<()> {
        let before = self
            .user(user_id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("user {user_id}")))?;
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE users SET role = $1, author_id = $2 WHERE id = $3")
            .bind(role.as_str())
            .bind(author_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let object = format!("user:{user_id}");
        if before.role != role {
            let detail = format!("{} -> {role}", before.role);
            audit(&mut tx, by, "user.role", &object, &detail).await?;
        }
        if before.author_id != author_id {
            let detail = author_id.map_or_else(|| "none".to_owned(), |a| format!("author:{a}"));
            audit(&mut tx, by, "user.byline", &object, &detail).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Audit events, newest first: (at, user id, action, object, detail).
    pub async fn audit_events(
        &self,
        limit: i64,
    ) -> crate::Result<Vec<(i64, Option<i64>, String, String, String)>> {
        Ok(sqlx::query_as("SELECT at, user_id, action, object, detail FROM audit_events ORDER BY id DESC LIMIT $1")
            .bind(limit)
            .fetch_all(&self.pool)
            .await?)
    }
}

/// Appends an audit event inside the caller's transaction.
pub(crate) async fn audit(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    by: Option<i64>,
    action: &str,
    object: &str,
    detail: &str,
) -> crate::Result<()> {
    sqlx::query("INSERT INTO audit_events (at, user_id, action, object, detail) VALUES ($1, $2, $3, $4, $5)")
        .bind(newsdesk_core::now())
        .bind(by)
        .bind(action)
        .bind(object)
        .bind(detail)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
