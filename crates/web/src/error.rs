//! The web layer's one error type and how each becomes a response.

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
    /// An API answer that would not serialize: a bug, never the reader's doing.
    #[error("cannot write the JSON answer: {0}")]
    Json(#[from] serde_json::Error),
}

impl WebError {
    /// Whether the cause is a dependency being down (answer 503, try again) rather than a bug.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, WebError::Store(StoreError::Unavailable(_)))
    }
}
