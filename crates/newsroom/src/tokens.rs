//! API tokens: made by a person for themselves (or by an administrator for anyone), shown
//! once, stored hashed, acting for their person with their scopes at most.

use crate::{Actor, Newsroom, OpError};
use newsdesk_core::{Action, Scopes};
use newsdesk_store::{ApiToken, NewApiToken};

/// Every token starts with this, so a leaked one is easy to recognise in code and logs.
pub const TOKEN_PREFIX: &str = "nd_";

impl Newsroom {
    /// Makes a token for `user_id`; returns it with its secret, which is never shown again.
    pub async fn make_token(
        &self,
        actor: &Actor,
        user_id: i64,
        name: &str,
        scopes: Scopes,
    ) -> Result<(ApiToken, String), OpError> {
        self.check_token_owner(actor, user_id)?;
        if scopes.is_empty() {
            return Err(OpError::invalid(
                "scopes",
                "Choose at least one thing the token may do.",
            ));
        }
        if name.trim().is_empty() {
            return Err(OpError::invalid(
                "name",
                "Give the token a name that says where it is used.",
            ));
        }
        if self.store.user(user_id).await?.is_none() {
            return Err(OpError::NotFound("user"));
        }
        let secret = format!("{TOKEN_PREFIX}{}", newsdesk_auth::random_token());
        let hash = newsdesk_auth::token_hash(&secret);
        let new = NewApiToken {
            user_id,
            name,
            token_hash: &hash,
            prefix: &secret[..TOKEN_PREFIX.len() + 8],
            scopes,
        };
        let token = self
            .store
            .insert_api_token(&new, Some(actor.user_id))
            .await
            .map_err(|e| match e {
                newsdesk_store::StoreError::Invalid(m) => {
                    OpError::invalid("name", format!("The token was not made: {m}."))
                }
                e => e.into(),
            })?;
        Ok((token, secret))
    }

    /// Revokes a token: its own person's, or anyone's for an administrator.
    pub async fn revoke_token(&self, actor: &Actor, id: i64) -> Result<(), OpError> {
        let token = self
            .store
            .api_token(id)
            .await?
            .ok_or(OpError::NotFound("token"))?;
        self.check_token_owner(actor, token.user_id)?;
        if self.store.revoke_api_token(id, Some(actor.user_id)).await? {
            Ok(())
        } else {
            Err(OpError::NotFound("token"))
        }
    }

    /// Tokens `actor` may see: their own, or everyone's for an administrator.
    pub async fn tokens(&self, actor: &Actor) -> Result<Vec<ApiToken>, OpError> {
        let everyone = actor.may(Action::ManageUsers, None);
        Ok(self
            .store
            .api_tokens((!everyone).then_some(actor.user_id))
            .await?)
    }

    /// Who a presented token acts for, if it is live and its person may still sign in.
    pub async fn token_actor(&self, secret: &str) -> Result<Option<(Actor, ApiToken)>, OpError> {
        if !secret.starts_with(TOKEN_PREFIX) {
            return Ok(None);
        }
        let hash = newsdesk_auth::token_hash(secret);
        let Some(token) = self.store.api_token_by_hash(&hash).await? else {
            return Ok(None);
        };
        let Some(user) = self.store.user(token.user_id).await? else {
            return Ok(None);
        };
        let now = newsdesk_core::now();
        if token.last_used_at.is_none_or(|at| at < now - 60) {
            self.store.touch_api_token(token.id, now).await?;
        }
        let actor = Actor {
            user_id: user.id,
            role: user.role,
            author_id: user.author_id,
            scopes: Some(token.scopes),
        };
        Ok(Some((actor, token)))
    }

    /// Tokens are made and revoked by people, at the desk or the command line: a token
    /// cannot make another. One's own, or anyone's with the right to manage users.
    fn check_token_owner(&self, actor: &Actor, user_id: i64) -> Result<(), OpError> {
        if actor.scopes.is_some() {
            return Err(OpError::Forbidden);
        }
        if user_id == actor.user_id {
            return Ok(());
        }
        actor.check(Action::ManageUsers, None)
    }
}
