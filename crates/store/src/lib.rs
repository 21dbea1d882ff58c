//! The database: the only source of truth, and the only crate that speaks SQL.
//!
//! One code path serves SQLite and PostgreSQL: plain SQL with `$1` placeholders run through
//! sqlx's `Any` driver at run time (no compile-time query macros, so building needs no
//! database). Where the two dialects truly differ, the difference sits in `db.rs`.
//!
//! Every write commits its content and a change-log row in one transaction; nothing here
//! writes outside a transaction, and nothing here knows about caches or HTTP.

mod api;
mod articles;
mod changes;
mod db;
mod depth;
mod desk;
pub mod export;
pub mod faults;
mod feeds;
mod imports;
mod leases;
mod media;
mod pages;
mod related;
mod restore;
mod search;
mod sessions;
mod settings;
mod sitemaps;
mod standalone;
mod structure;
mod taxonomy;
mod tokens;
mod upkeep;
mod users;
mod webhooks;

pub use api::{
    ApiAuthor, ApiPost, ApiSection, ApiTag, Field, Filter, Kind, ListQuery, Op, OrderBy, Resource,
    Value,
};
pub use articles::{ArticleInput, CorrectionInput, Revision};
pub use changes::{Change, ChangeNotices};
pub use db::{Backend, ConnectOptions};
pub use desk::{
    CursorKey, CursorSide, DESK_COUNT_CAP, DeskCounts, DeskCursor, DeskFilter, DeskPage, DeskSort,
    Mine, NoteRow, TRASH_DAYS, TrashRow,
};
pub use feeds::FeedOf;
pub use imports::{Arrival, ImportRecord};
pub use leases::Lease;
pub use media::{
    LibraryFrom, LibraryMark, LibraryPage, MediaText, MediaUse, NewMedia, NewRendition,
};
pub use pages::picture_of;
pub use related::RELATED_OBJECT;
pub use restore::Restore;
pub use search::SearchableStory;
pub use sitemaps::{NEWS_MAX_ITEMS, NEWS_WINDOW_SECONDS, SITEMAPS_PATH};
pub use standalone::{PageInput, PageRevision};
pub use structure::{AuthorInput, SectionInput, StructureKind, TagInput, split_old_address};
pub use taxonomy::{NewAuthor, NewSection, NewTag};
pub use tokens::{ApiToken, NewApiToken};
pub use upkeep::FileRecord;
pub use users::{NewUser, User};
pub use webhooks::{Attempt, ClaimedDelivery, Delivery, NewDelivery, NewWebhook, Webhook};

use sqlx::AnyPool;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error("database URL {url:?} is not usable: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("not found: {0}")]
    NotFound(String),
    /// A save named a version that is no longer current.
    #[error(
        "article {id} was changed by someone else (you had version {expected}, it is now at {current})"
    )]
    Conflict {
        id: i64,
        expected: i64,
        current: i64,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("{what} {value:?} is already taken")]
    Duplicate { what: &'static str, value: String },
    #[error("migration {name} failed: {reason}")]
    Migration { name: String, reason: String },
    #[error("database error: {0}")]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> StoreError {
        match e {
            sqlx::Error::Io(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed => StoreError::Unavailable(e.to_string()),
            // SQLite still busy after the busy timeout: another writer held it too long.
            // Worth trying again, not a fault.
            sqlx::Error::Database(ref db) if is_sqlite_busy(db.code().as_deref()) => {
                StoreError::Unavailable(e.to_string())
            }
            other => StoreError::Database(other),
        }
    }
}

/// SQLITE_BUSY and its extended codes (RECOVERY, SNAPSHOT, TIMEOUT); PostgreSQL's codes
/// are five-character SQLSTATEs, so none of these.
fn is_sqlite_busy(code: Option<&str>) -> bool {
    matches!(code, Some("5" | "261" | "517" | "773"))
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A handle on the database; cheap to clone (it wraps a connection pool).
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Changes written through this handle are quiet (see [`Store::quietly`]).
    quiet: bool,
    /// PostgreSQL's address, for the connection that listens for new change-log rows.
    listen_url: Option<std::sync::Arc<str>>,
    /// Each month's sitemap figures, kept between renders of the sitemap index.
    sitemap_months: std::sync::Arc<tokio::sync::Mutex<sitemaps::MonthMemo>>,
    /// Each list's stories counted by month, kept for pages deep in the list.
    list_depths: std::sync::Arc<tokio::sync::Mutex<depth::ListDepths>>,
}
