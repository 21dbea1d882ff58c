//! The Admin API: `/api/admin/v1/…`, everything a newsroom's tools write, through the same
//! operations and policy as the desk (`newsdesk_newsroom`). A request carries an API token
//! (`Authorization: Bearer nd_…`), which acts for the person who made it, limited to its
//! scopes and to a number of requests a minute. Answers and errors are JSON; an error
//! names a stable `code`, a sentence a person can act on, and the `field` at fault.

pub(crate) mod openapi;
mod pages;
mod people;
mod pictures;
mod shapes;
mod stories;
mod structure;

pub(crate) use pages::{change_page, create_page, delete_page, list_pages, page};
pub(crate) use people::{add_user, change_user, list_users};
pub(crate) use pictures::{picture, update_picture, upload_picture};
pub(crate) use stories::{
    correct_story, create_story, list_stories, restore_story, restore_version, story, trash_story,
    update_story, versions,
};
pub(crate) use structure::{
    add_author, add_section, add_topic, author, change_author, change_section, change_settings,
    change_topic, delete_section, delete_topic, list_authors, list_sections, list_topics,
    merge_topic, section, settings, topic,
};

use crate::App;
use crate::error::status_of;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use newsdesk_core::Action;
use newsdesk_newsroom::{Actor, OpError};
use newsdesk_store::ApiToken;
use serde::Serialize;
use shapes::{Me, MeToken, MeUser};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;
use utoipa::ToSchema;

const JSON: &str = "application/json; charset=utf-8";

/// An Admin API error: the status, a stable code, the sentence, and the field at fault.
pub(crate) struct AdminError {
    status: StatusCode,
    code: &'static str,
    message: String,
    field: Option<&'static str>,
    /// What a client needs to act after a conflict: the version saved now.
    current_version: Option<i64>,
    retry_after: Option<u64>,
}

/// Every Admin API error answer: one error, in a list. Not the Content API's
/// `ErrorBody`: no Ghost `type`, and a `field` and `current_version` where they help.
#[derive(Serialize, ToSchema)]
pub(crate) struct AdminErrorBody {
    #[schema(min_items = 1, max_items = 1)]
    errors: Vec<AdminErrorItem>,
}

/// One error: what a program matches on, what a person reads, and what was at fault.
#[derive(Serialize, ToSchema)]
pub(crate) struct AdminErrorItem {
    /// A stable code: `unauthorized`, `insufficient_scope`, `forbidden`, `not_found`,
    /// `method_not_allowed`, `version_conflict`, `invalid_json`, `bad_request`, `invalid`,
    /// `too_large`, `picture_too_large`, `picture_unsupported`, `picture_unreadable`,
    /// `rate_limited`, `unavailable`, `storage_unavailable` or `internal`.
    #[schema(example = "invalid")]
    code: &'static str,
    /// A sentence saying what to change.
    message: String,
    /// The field at fault, in the API's names (`section_id`, `file`), when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "section_id")]
    field: Option<&'static str>,
    /// After a `version_conflict`: the version saved now, to fetch and merge with.
    #[serde(skip_serializing_if = "Option::is_none")]
    current_version: Option<i64>,
}

impl AdminError {
    pub(crate) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        AdminError {
            status,
            code,
            message: message.into(),
            field: None,
            current_version: None,
            retry_after: None,
        }
    }

    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        AdminError {
            field: Some(field),
            ..AdminError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
        }
    }

    fn unauthorized(message: &str) -> Self {
        AdminError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }
}

impl From<OpError> for AdminError {
    fn from(e: OpError) -> AdminError {
        let current_version = match &e {
            OpError::Conflict { current, .. } => Some(current.version),
            OpError::PageConflict { current, .. } => Some(current.version),
            _ => None,
        };
        AdminError {
            status: status_of(&e),
            code: e.code(),
            field: e.field(),
            message: e.public_message(),
            current_version,
            retry_after: None,
        }
    }
}

impl From<crate::WebError> for AdminError {
    fn from(e: crate::WebError) -> AdminError {
        if e.is_unavailable() {
            tracing::warn!(error = %e, "the Admin API found the database unavailable");
            AdminError {
                retry_after: Some(5),
                ..AdminError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "The database is not answering just now; try again in a few seconds.",
                )
            }
        } else {
            tracing::error!(error = %e, "an Admin API request failed");
            AdminError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Something went wrong on our side, so nothing was saved; it has been logged.",
            )
        }
    }
}

impl From<newsdesk_store::StoreError> for AdminError {
    fn from(e: newsdesk_store::StoreError) -> AdminError {
        crate::WebError::from(e).into()
    }
}

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        let body = AdminErrorBody {
            errors: vec![AdminErrorItem {
                code: self.code,
                message: self.message,
                field: self.field,
                current_version: self.current_version,
            }],
        };
        let mut response = answer(self.status, &body);
        let h = response.headers_mut();
        if self.status == StatusCode::UNAUTHORIZED {
            h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(seconds) = self.retry_after {
            h.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// A JSON answer that no cache keeps.
pub(crate) fn answer(status: StatusCode, body: &impl Serialize) -> Response {
    let text = serde_json::to_string(body).unwrap_or_else(|_| "{}".into());
    let mut response = (status, text).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Reads a JSON body, saying where it is wrong. No text may hold a NUL character
/// (PostgreSQL refuses it, and no headline or name needs one).
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, AdminError> {
    let refused =
        |message: String| AdminError::new(StatusCode::BAD_REQUEST, "invalid_json", message);
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        refused(format!(
            "The body is not the JSON this endpoint takes: {e}."
        ))
    })?;
    if holds_nul(&value) {
        return Err(refused(
            "The body holds a NUL character (\\u0000), which no text may hold; remove it.".into(),
        ));
    }
    serde_json::from_value(value).map_err(|e| {
        refused(format!(
            "The body is not the JSON this endpoint takes: {e}."
        ))
    })
}

fn holds_nul(value: &serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(holds_nul),
        Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || holds_nul(v)),
        _ => false,
    }
}

/// The Admin API's answer to a request the framework refused before a handler ran (an
/// `{id}` that is not a number, a method the address does not take, a body too large),
/// or to an address it does not have: the Admin API's error shape, never the Content
/// API's or a page.
pub(crate) fn refusal(status: StatusCode) -> AdminError {
    let (code, message) = match status {
        StatusCode::NOT_FOUND => (
            "not_found",
            "There is nothing at this address: check it against /api/docs.",
        ),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "This address does not take this method; `Allow` says which it takes.",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "too_large",
            "The body is larger than this endpoint accepts; send less.",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "bad_request",
            "The body is not of the type this endpoint takes: see /api/docs.",
        ),
        StatusCode::SERVICE_UNAVAILABLE => (
            "unavailable",
            "The database is not answering just now; try again in a few seconds.",
        ),
        s if s.is_client_error() => (
            "bad_request",
            "The request could not be read: check the address (ids are numbers) and the query.",
        ),
        _ => (
            "internal",
            "Something went wrong on our side, so nothing was saved; it has been logged.",
        ),
    };
    let status = if status.is_client_error() || status.is_server_error() {
        status
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    };
    AdminError {
        retry_after: (status == StatusCode::SERVICE_UNAVAILABLE).then_some(5),
        ..AdminError::new(status, code, message)
    }
}

/// The person a request's token acts for, with the token's scopes; checked for a live
/// token and the token's rate limit. What each operation needs is checked by the
/// operation itself.
pub(crate) struct TokenActor {
    pub actor: Actor,
    pub token: ApiToken,
}

impl TokenActor {
    /// Reading needs the `content:read` scope (and a role that may use the desk).
    pub(crate) fn may_read(&self) -> Result<(), AdminError> {
        Ok(self.actor.check(Action::UseDesk, None)?)
    }
}

impl FromRequestParts<App> for TokenActor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<TokenActor, Response> {
        let presented = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let Some(secret) = presented else {
            return Err(AdminError::unauthorized(
                "The Admin API needs a token: send `Authorization: Bearer nd_…` (make one at /admin/tokens or with `newsdesk token add`).",
            )
            .into_response());
        };
        let found = app
            .newsroom
            .token_actor(secret)
            .await
            .map_err(|e| AdminError::from(e).into_response())?;
        let Some((actor, token)) = found else {
            return Err(AdminError::unauthorized(
                "This token is not valid: it was revoked, mistyped, or its person can no longer sign in.",
            )
            .into_response());
        };
        if let Err(wait) = app.api_limits.take(token.id, app.settings.api_rate_limit) {
            return Err(AdminError {
                retry_after: Some(wait),
                ..AdminError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate_limited",
                    format!(
                        "This token has made more than {} requests in a minute; wait {wait} s.",
                        app.settings.api_rate_limit
                    ),
                )
            }
            .into_response());
        }
        Ok(TokenActor { actor, token })
    }
}

/// Each token's requests in the last minute, as a token bucket per token on this node
/// (a cluster of N nodes lets a token make up to N times the limit).
#[derive(Default)]
pub(crate) struct RateLimits {
    buckets: Mutex<HashMap<i64, (f64, Instant)>>,
}

impl RateLimits {
    /// Takes one request from `token`'s bucket of `per_minute`; `Err` holds the seconds to
    /// wait. A limit of 0 is no limit.
    pub(crate) fn take(&self, token: i64, per_minute: u32) -> Result<(), u64> {
        if per_minute == 0 {
            return Ok(());
        }
        let capacity = f64::from(per_minute);
        let per_second = capacity / 60.0;
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let (left, since) = buckets.entry(token).or_insert((capacity, now));
        let refilled =
            (*left + now.duration_since(*since).as_secs_f64() * per_second).min(capacity);
        *since = now;
        if refilled >= 1.0 {
            *left = refilled - 1.0;
            Ok(())
        } else {
            *left = refilled;
            Err(((1.0 - refilled) / per_second).ceil().max(1.0) as u64)
        }
    }
}

/// `GET /api/admin/v1/me/`: who the token acts for and what it may do.
pub(crate) async fn me(
    axum::extract::State(app): axum::extract::State<App>,
    who: TokenActor,
) -> Response {
    let user = match app.store.user(who.actor.user_id).await {
        Ok(Some(u)) => u,
        Ok(None) => {
            return AdminError::unauthorized("This token's person no longer exists.")
                .into_response();
        }
        Err(e) => return AdminError::from(e).into_response(),
    };
    let me = Me {
        user: MeUser {
            id: user.id,
            email: user.email,
            name: user.name,
            role: user.role,
        },
        token: MeToken {
            id: who.token.id,
            name: who.token.name,
            scopes: who.token.scopes.iter().map(|s| s.as_str()).collect(),
        },
    };
    answer(StatusCode::OK, &me)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_bucket_refuses_past_its_limit_and_says_how_long_to_wait() {
        let limits = RateLimits::default();
        for _ in 0..3 {
            assert!(limits.take(7, 3).is_ok());
        }
        let wait = limits.take(7, 3).unwrap_err();
        assert!((1..=20).contains(&wait), "{wait}");
        assert!(limits.take(8, 3).is_ok(), "each token has its own bucket");
        assert!(limits.take(7, 0).is_ok(), "0 is no limit");
    }
}
