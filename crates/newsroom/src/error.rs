//! The one error of every operation. Each door maps it once: the desk to its pages, the
//! APIs to JSON with [`OpError::code`] and [`OpError::field`]. The words are for the
//! person who asked; what went wrong inside (database, image decoder) is logged, never
//! shown.

use newsdesk_core::{Action, Article};
use newsdesk_media::MediaError;
use newsdesk_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum OpError {
    /// No such story or picture (or it is in the trash, for anything but restoring it).
    #[error("there is no such {0}")]
    NotFound(&'static str),
    /// The person's role does not allow it.
    #[error("your role does not allow this, so nothing was done")]
    Forbidden,
    /// A token whose scopes do not cover the action.
    #[error("this API token's scopes do not allow this ({}), so nothing was done", scope_name(*.0))]
    OutOfScope(Action),
    /// What was sent cannot be saved as it is: nothing was saved.
    #[error("{message}")]
    Invalid {
        /// The field at fault, in the API's names (`headline`, `section_id`, …).
        field: Option<&'static str>,
        message: String,
    },
    /// The save named a version that is no longer current: nothing was saved.
    #[error(
        "the story was changed by someone else since version {expected}; it is now at version {}",
        .current.version
    )]
    Conflict {
        expected: i64,
        current: Box<Article>,
    },
    /// A page saved on a version that is no longer current: nothing was saved.
    #[error(
        "the page was changed by someone else since version {expected}; it is now at version {}",
        .current.version
    )]
    PageConflict {
        expected: i64,
        current: Box<newsdesk_core::Page>,
    },
    /// A picture that cannot be taken as it is.
    #[error("{message}")]
    Picture { problem: Problem, message: String },
    /// Something below failed: not the asker's doing. Logged in full; answered in general.
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Media(#[from] MediaError),
}

/// Why a picture was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    TooLarge,
    /// Not a format accepted (SVG, PDF, …).
    Unsupported,
    /// Damaged, incomplete, or too many pixels.
    Unreadable,
    /// The picture store could not be written.
    NotStored,
}

fn scope_name(action: Action) -> &'static str {
    newsdesk_core::Scope::needed_for(action).map_or("desk only", |s| s.as_str())
}

impl OpError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> OpError {
        OpError::Invalid {
            field: Some(field),
            message: message.into(),
        }
    }

    /// A stable name for the kind of refusal, for API clients to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            OpError::NotFound(_) => "not_found",
            OpError::Forbidden => "forbidden",
            OpError::OutOfScope(_) => "insufficient_scope",
            OpError::Invalid { .. } => "invalid",
            OpError::Conflict { .. } | OpError::PageConflict { .. } => "version_conflict",
            OpError::Picture { problem, .. } => match problem {
                Problem::TooLarge => "picture_too_large",
                Problem::Unsupported => "picture_unsupported",
                Problem::Unreadable => "picture_unreadable",
                Problem::NotStored => "storage_unavailable",
            },
            OpError::Store(StoreError::Unavailable(_)) => "unavailable",
            OpError::Store(_) | OpError::Media(_) => "internal",
        }
    }

    /// The field at fault, when one is.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            OpError::Invalid { field, .. } => *field,
            OpError::Picture { .. } => Some("file"),
            _ => None,
        }
    }

    /// Whether the fault is below the newsroom (a database or disk), not in what was asked.
    pub fn is_internal(&self) -> bool {
        matches!(self, OpError::Store(_) | OpError::Media(_))
    }

    /// The sentence for the person who asked. Internal causes are logged here and
    /// answered in general words.
    pub fn public_message(&self) -> String {
        match self {
            OpError::Store(StoreError::Unavailable(e)) => {
                tracing::warn!(error = %e, "an operation found the database unavailable");
                "The database is not answering just now, so nothing was saved; try again in a moment.".into()
            }
            OpError::Store(e) => {
                tracing::error!(error = %e, "an operation failed in the store");
                "Something went wrong on our side, so nothing was saved; it has been logged.".into()
            }
            OpError::Media(e) => {
                tracing::error!(error = %e, "an operation failed in media storage");
                "Something went wrong storing the picture, so nothing was saved; it has been logged.".into()
            }
            OpError::Invalid { message, .. } | OpError::Picture { message, .. } => message.clone(),
            other => {
                let text = other.to_string();
                let mut chars = text.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect::<String>() + ".")
                    .unwrap_or_default()
            }
        }
    }
}
