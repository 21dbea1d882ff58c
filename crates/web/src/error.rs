//! The web layer's one error type, and how an operation's refusal becomes a response: the
//! status is decided here for every door, the desk's page in [`App::refused`], the API's
//! JSON in `api`.

use crate::App;
use crate::desk::forbidden;
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_newsroom::{OpError, Problem};
use newsdesk_render::RenderError;
use newsdesk_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Media(#[from] newsdesk_media::MediaError),
    #[error(transparent)]
    Search(#[from] newsdesk_search::SearchError),
    /// An operation that failed below the newsroom (its refusals are answered, not raised).
    #[error(transparent)]
    Op(#[from] OpError),
    /// An API answer that would not serialize: a bug, never the reader's doing.
    #[error("cannot write the JSON answer: {0}")]
    Json(#[from] serde_json::Error),
}

impl WebError {
    /// Whether the cause is a dependency being down (answer 503, try again) rather than a bug.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            WebError::Store(StoreError::Unavailable(_))
                | WebError::Op(OpError::Store(StoreError::Unavailable(_)))
        )
    }
}

/// The status every door answers an operation's error with.
pub(crate) fn status_of(e: &OpError) -> StatusCode {
    match e {
        OpError::NotFound(_) => StatusCode::NOT_FOUND,
        OpError::Forbidden | OpError::OutOfScope(_) => StatusCode::FORBIDDEN,
        OpError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        OpError::Conflict { .. } | OpError::PageConflict { .. } => StatusCode::CONFLICT,
        OpError::Picture { problem, .. } => match problem {
            Problem::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Problem::Unsupported => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Problem::Unreadable => StatusCode::UNPROCESSABLE_ENTITY,
            Problem::NotStored => StatusCode::INSUFFICIENT_STORAGE,
        },
        OpError::Store(StoreError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
        OpError::Store(_) | OpError::Media(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl App {
    /// The desk's answer to an operation's error, when the handler has no better page for
    /// it (the editor shows most of them above the typed story instead).
    pub(crate) fn refused(&self, e: OpError) -> Response {
        match e {
            OpError::NotFound(_) => self.not_found_page(),
            OpError::Forbidden | OpError::OutOfScope(_) => forbidden(),
            e if e.is_internal() => self.error_page(&e.into()),
            e => crate::rejections::say(status_of(&e), e.public_message()),
        }
    }
}
