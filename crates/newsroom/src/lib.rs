//! The newsroom's operations, once, below every door. The desk's forms, the Admin API, the
//! importers and the CLI parse their input, call one operation here, and shape its answer;
//! the workflow rules (which step is allowed, what `published_at` becomes), the free-address
//! search, the picture pipeline with its IPTC fill, and the permission check live here and
//! nowhere else. Nothing in this crate knows about HTTP.

mod error;
mod import;
mod leases;
mod moving;
mod people;
mod pictures;
mod site;
mod stories;
mod structure;
mod tokens;

pub use error::{OpError, Problem};
pub use import::{Arriving, ImportRecord, SourceKey};
pub use leases::{Holding, LEASE_SECONDS};
pub use moving::Loading;
pub use pictures::{PictureFacts, PictureWords, Prepared, Upload};
pub use site::PageFields;
pub use stories::{StoryFields, Trashing};
pub use structure::{StructureFields, noun};
pub use tokens::TOKEN_PREFIX;

use newsdesk_core::{Action, Role, Scopes, policy};
use newsdesk_media::{Limits, Storage};
use newsdesk_store::Store;
use std::sync::Arc;

/// Who is acting: a person at the desk, or a token acting for the person who made it.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: i64,
    pub role: Role,
    /// The person's byline, if they have one: a story under it is their own.
    pub author_id: Option<i64>,
    /// A token's scopes, through the API; `None` for a person at the desk or the command
    /// line, whose role alone decides.
    pub scopes: Option<Scopes>,
}

impl Actor {
    /// A person signed in at the desk (or named on the command line).
    pub fn person(user_id: i64, role: Role, author_id: Option<i64>) -> Actor {
        Actor {
            user_id,
            role,
            author_id,
            scopes: None,
        }
    }

    /// Whether the role and the scopes both allow `action` (on `story`, for story actions).
    pub fn may(&self, action: Action, story: Option<policy::Story>) -> bool {
        self.in_scope(action) && policy::allows(self.role, action, story)
    }

    fn in_scope(&self, action: Action) -> bool {
        self.scopes.is_none_or(|s| s.cover(action))
    }

    /// `Ok` when [`Actor::may`], the refusal otherwise.
    pub fn check(&self, action: Action, story: Option<policy::Story>) -> Result<(), OpError> {
        if self.may(action, story) {
            Ok(())
        } else if !self.in_scope(action) {
            Err(OpError::OutOfScope(action))
        } else {
            Err(OpError::Forbidden)
        }
    }
}

/// The operations, with what they need. Cheap to clone.
#[derive(Clone)]
pub struct Newsroom {
    pub store: Store,
    media: Storage,
    limits: Limits,
    /// Pictures being decoded at once (each may take hundreds of megabytes).
    decoding: Arc<tokio::sync::Semaphore>,
    /// How long an edit lease lasts without a refresh ([`LEASE_SECONDS`]).
    lease_seconds: i64,
}

impl Newsroom {
    pub fn new(store: Store, media: Storage, limits: Limits) -> Newsroom {
        let parallel = std::thread::available_parallelism().map_or(2, |n| n.get());
        Newsroom {
            store,
            media,
            limits,
            decoding: Arc::new(tokio::sync::Semaphore::new(parallel)),
            lease_seconds: LEASE_SECONDS,
        }
    }

    /// The same operations with edit leases lasting `seconds` without a refresh (at
    /// least 1): tests shorten them rather than wait a minute.
    pub fn with_lease_seconds(self, seconds: i64) -> Newsroom {
        Newsroom {
            lease_seconds: seconds.max(1),
            ..self
        }
    }

    /// The same operations, writing quiet change-log rows: the site follows them like
    /// any other, webhooks do not announce them. For importers (`Store::quietly`).
    pub fn quietly(&self) -> Newsroom {
        Newsroom {
            store: self.store.quietly(),
            ..self.clone()
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }
}
