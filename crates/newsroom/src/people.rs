//! Logins: added, given a role and a byline, disabled, given a new password — by those who
//! manage people (administrators, and tokens with the `users` scope). Nobody changes their
//! own role or disables their own login: an administrator could lock everyone out.

use crate::{Actor, Newsroom, OpError};
use newsdesk_auth::{Email, PasswordError, hash_password};
use newsdesk_core::{Action, Role};
use newsdesk_store::{NewUser, StoreError, User};

/// Hashes on a blocking thread: Argon2id takes tens of milliseconds on purpose.
async fn hashed(password: String, field: &'static str, nothing: &str) -> Result<String, OpError> {
    let result = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| OpError::Store(StoreError::Invalid(format!("password worker: {e}"))))?;
    result.map_err(|e| match e {
        PasswordError::Hashing => {
            OpError::Store(StoreError::Invalid("the password hasher failed".into()))
        }
        e => OpError::invalid(field, format!("{nothing}: {e}.")),
    })
}

impl Newsroom {
    async fn person(&self, id: i64) -> Result<User, OpError> {
        self.store.user(id).await?.ok_or(OpError::NotFound("login"))
    }

    /// Adds a login.
    pub async fn add_user(
        &self,
        actor: &Actor,
        email: &str,
        name: &str,
        role: Role,
        password: String,
    ) -> Result<User, OpError> {
        actor.check(Action::ManageUsers, None)?;
        let email = Email::parse(email)
            .map_err(|e| OpError::invalid("email", format!("Nobody was added: {e}.")))?;
        let password_hash = hashed(password, "password", "Nobody was added").await?;
        let new = NewUser {
            email: email.as_str(),
            name: name.trim(),
            password_hash: &password_hash,
            role,
        };
        self.store
            .create_user(&new, Some(actor.user_id))
            .await
            .map_err(|e| match e {
                StoreError::Duplicate { .. } => OpError::invalid(
                    "email",
                    format!("Nobody was added: {} already has a login.", email.as_str()),
                ),
                e => e.into(),
            })
    }

    /// Sets a login's role and the byline it writes under (`None` for none).
    pub async fn set_role(
        &self,
        actor: &Actor,
        id: i64,
        role: Role,
        author_id: Option<i64>,
    ) -> Result<User, OpError> {
        actor.check(Action::ManageUsers, None)?;
        let person = self.person(id).await?;
        if person.id == actor.user_id && role != person.role {
            return Err(OpError::invalid(
                "role",
                "Nothing changed: you cannot change your own role.",
            ));
        }
        if let Some(a) = author_id
            && self.store.author(a).await?.is_none()
        {
            return Err(OpError::invalid(
                "author_id",
                "Nothing changed: that byline does not exist.",
            ));
        }
        self.store
            .set_role_and_byline(id, role, author_id, Some(actor.user_id))
            .await?;
        self.person(id).await
    }

    /// Stops a login from signing in (ending its sessions and its tokens' use), or lets
    /// it in again.
    pub async fn set_disabled(
        &self,
        actor: &Actor,
        id: i64,
        disable: bool,
    ) -> Result<User, OpError> {
        actor.check(Action::ManageUsers, None)?;
        let person = self.person(id).await?;
        if person.id == actor.user_id {
            return Err(OpError::invalid(
                "disabled",
                "Nothing changed: you cannot disable your own login.",
            ));
        }
        self.store
            .set_disabled(id, disable, Some(actor.user_id))
            .await?;
        self.person(id).await
    }

    /// Sets a new password for a login, ending its sessions.
    pub async fn set_password(
        &self,
        actor: &Actor,
        id: i64,
        password: String,
    ) -> Result<(), OpError> {
        actor.check(Action::ManageUsers, None)?;
        self.person(id).await?;
        let hash = hashed(password, "password", "Nothing changed").await?;
        self.store
            .set_password(id, &hash, Some(actor.user_id))
            .await?;
        Ok(())
    }
}
