//! Newsdesk's own export format (docs/EXPORT.md): a folder of JSON and JSON Lines files
//! and the pictures' files, with a manifest naming every file's SHA-256, written last.
//!
//! [`export_newsroom`] writes it from one consistent read of the database, streaming the
//! stories, pictures and audit trail in batches so memory stays bounded at any size.
//! [`load_newsroom`] checks the whole folder against its manifest before it writes
//! anything, then loads it into an empty database in one transaction through the
//! newsroom's [`Loading`](newsdesk_newsroom::Loading). Ids are kept: that is what keeps
//! every public address and page the same after a move.

mod read;
mod write;

pub use read::{LoadSummary, check_export, load_newsroom};
pub use write::{ExportOptions, ExportSummary, export_newsroom};

use newsdesk_store::export::MediaRecord;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The manifest's name; its presence means the export is complete.
pub const MANIFEST: &str = "newsdesk-export.json";
pub const FORMAT: &str = "newsdesk-export";
/// The version this Newsdesk writes, and the newest it reads.
pub const VERSION: u32 = 1;

pub(crate) const STORIES: &str = "stories.jsonl";
pub(crate) const PAGES: &str = "pages.jsonl";
pub(crate) const MEDIA: &str = "media.jsonl";
pub(crate) const AUDIT: &str = "audit.jsonl";
pub(crate) const SECTIONS: &str = "sections.json";
pub(crate) const TOPICS: &str = "topics.json";
pub(crate) const AUTHORS: &str = "authors.json";
pub(crate) const USERS: &str = "users.json";
pub(crate) const SETTINGS: &str = "settings.json";
pub(crate) const REDIRECTS: &str = "redirects.json";
pub(crate) const IMPORTS: &str = "imports.json";
pub(crate) const TOKENS: &str = "tokens.json";
pub(crate) const WEBHOOKS: &str = "webhooks.json";
/// The folder of pictures' files, each under its media storage key.
pub(crate) const MEDIA_DIR: &str = "media";

/// The files every export has (tokens and webhooks only with secrets).
pub(crate) const REQUIRED: &[&str] = &[
    STORIES, PAGES, MEDIA, AUDIT, SECTIONS, TOPICS, AUTHORS, USERS, SETTINGS, REDIRECTS, IMPORTS,
];

/// `newsdesk-export.json`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// When the snapshot was read (RFC 3339, UTC).
    pub exported_at: String,
    /// The Newsdesk that wrote it.
    pub newsdesk_version: String,
    /// The last database migration of the newsroom exported.
    pub schema_version: Option<String>,
    /// `sqlite` or `postgres`: where it came from (it loads into either).
    pub database: String,
    /// Whether password hashes, API tokens and webhooks' secrets are inside.
    pub with_secrets: bool,
    /// Rows of each kind, as read.
    pub counts: BTreeMap<String, i64>,
    /// Every other file of the export, with its size and SHA-256.
    pub files: Vec<FileEntry>,
    /// Files the database named that media storage did not have when exported: left
    /// out, as they were missing at the source.
    #[serde(default)]
    pub missing_files: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Relative to the export folder, `/`-separated.
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// One line of `media.jsonl`: the picture's record and where its original is in the export.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct MediaLine {
    #[serde(flatten)]
    pub picture: MediaRecord,
    /// `media/<storage_key>`: the original file (every file is at `media/<key>`).
    pub original: String,
}

/// Why an export or a load stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0} is not empty: export into a new folder")]
    NotEmpty(String),
    #[error("{dir} has no {MANIFEST}: it is not a Newsdesk export, or its export did not finish")]
    NoManifest { dir: String },
    #[error(
        "{dir} is a {format} export of version {version}; this Newsdesk reads {FORMAT} version {VERSION} and older. Nothing was written"
    )]
    Unsupported {
        dir: String,
        format: String,
        version: u32,
    },
    #[error("the export is damaged: {0}. Nothing was written")]
    Damaged(String),
    #[error("{path} cannot be read or written: {reason}")]
    Io { path: String, reason: String },
    #[error("{path}, line {line}: {reason}. Nothing was written")]
    Json {
        path: String,
        line: usize,
        reason: String,
    },
    #[error("the database could not be read: {0}")]
    Store(#[from] newsdesk_store::StoreError),
    #[error("media storage: {0}")]
    Media(#[from] newsdesk_media::MediaError),
    #[error("{0}. Nothing was written")]
    Load(newsdesk_newsroom::OpError),
    #[error("{what} could not be loaded: {reason}. Nothing was written")]
    Record { what: String, reason: String },
}

impl ExportError {
    pub(crate) fn io(path: &std::path::Path, e: impl std::fmt::Display) -> ExportError {
        ExportError::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        }
    }
}

impl From<newsdesk_newsroom::OpError> for ExportError {
    fn from(e: newsdesk_newsroom::OpError) -> ExportError {
        match e {
            newsdesk_newsroom::OpError::Invalid { message, .. } => {
                ExportError::Load(newsdesk_newsroom::OpError::Invalid {
                    field: None,
                    message: message.trim_end_matches('.').to_owned(),
                })
            }
            e => ExportError::Load(e),
        }
    }
}

/// A path from a manifest: relative, `/`-separated, no climbing out of the folder.
pub(crate) fn safe_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_paths_stay_inside_the_folder() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "media/../../x",
            "a//b",
            "a\\b",
            "./x",
        ] {
            assert!(!safe_path(bad), "{bad:?}");
        }
        assert!(safe_path("stories.jsonl"));
        assert!(safe_path("media/0123abcd-640.webp"));
    }
}
