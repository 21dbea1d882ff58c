//! The API's one error type and its JSON shape, `{"errors": [{code, type, message}]}`,
//! which the OpenAPI document describes from the same struct that writes it.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use super::JSON;

/// Every error answer: one error, in a list (Ghost's shape, which its client reads).
#[derive(Serialize, ToSchema)]
pub(crate) struct ErrorBody {
    #[schema(min_items = 1, max_items = 1)]
    errors: Vec<ErrorItem>,
}

/// One error: what a program matches on, and what a person reads.
#[derive(Serialize, ToSchema)]
pub(crate) struct ErrorItem {
    /// Newsdesk's stable code: `bad_request`, `bad_limit`, `bad_page`, `bad_order`,
    /// `bad_include`, `bad_formats`, `bad_format`, `bad_filter`, `unauthorized`, `not_found`,
    /// `method_not_allowed`, `unavailable` or `internal`.
    #[schema(example = "bad_filter")]
    code: &'static str,
    /// Ghost's name for the error, which its client throws (`BadRequestError`,
    /// `UnauthorizedError`, `NotFoundError`, …).
    #[serde(rename = "type")]
    #[schema(example = "BadRequestError")]
    kind: &'static str,
    /// A sentence saying what to change.
    message: String,
}

/// The API's one error type: a status, a stable code, and a sentence a person can act on.
/// Internal causes are logged where they happen and never reach the client.
#[derive(Debug)]
pub(crate) enum ApiError {
    BadRequest { code: &'static str, message: String },
    Unauthorized,
    NotFound,
    MethodNotAllowed,
    Unavailable,
    Internal,
}

impl ApiError {
    pub(super) fn bad(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }

    /// The answer for a status that came from elsewhere (the page cache, the framework).
    pub(crate) fn for_status(status: StatusCode) -> ApiError {
        match status {
            StatusCode::NOT_FOUND | StatusCode::MOVED_PERMANENTLY => ApiError::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
            StatusCode::UNAUTHORIZED => ApiError::Unauthorized,
            StatusCode::SERVICE_UNAVAILABLE => ApiError::Unavailable,
            s if s.is_client_error() => ApiError::bad(
                "bad_request",
                "The request could not be understood; check the address and its parameters.",
            ),
            _ => ApiError::Internal,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // `type` is Ghost's name for the error, which its client throws; `code` is ours.
        let (status, code, kind, message) = match self {
            ApiError::BadRequest { code, message } => {
                (StatusCode::BAD_REQUEST, code, "BadRequestError", message)
            }
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "UnauthorizedError",
                "This site's Content API needs its content key: add ?key=… to the address.".into(),
            ),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "NotFoundError",
                "There is nothing public at this address; check the id or slug.".into(),
            ),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "MethodNotAllowedError",
                "The Content API only reads: use GET.".into(),
            ),
            ApiError::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "InternalServerError",
                "The newsroom's database is not answering; try again in a few seconds.".into(),
            ),
            ApiError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "InternalServerError",
                "Something went wrong on our side; try again later.".into(),
            ),
        };
        let body = ErrorBody {
            errors: vec![ErrorItem {
                code,
                kind,
                message,
            }],
        };
        // Plain strings only: this cannot fail, and an empty body would still be an error.
        let body = serde_json::to_string(&body).unwrap_or_default();
        let mut response = (status, body).into_response();
        let h = response.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if status == StatusCode::SERVICE_UNAVAILABLE {
            h.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}

/// An API path's error answer that is not JSON yet (the framework's text, the fallback's
/// page) becomes the API's JSON error — the Admin API's shape under `/api/admin/` —
/// keeping its status; JSON and successes pass untouched.
pub(crate) fn json_error(path: &str, response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut out = if path.starts_with("/api/admin/") {
        super::admin::refusal(status).into_response()
    } else {
        ApiError::for_status(status).into_response()
    };
    if let Some(allow) = allow {
        out.headers_mut().insert(header::ALLOW, allow);
    }
    out
}
