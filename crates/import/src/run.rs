//! `newsdesk import wxr FILE`: two streaming passes over the export.
//!
//! The first pass reads the whole file and writes nothing: broken XML, a DOCTYPE or an
//! undefined entity stops the import there, with the line and column, and the newsroom is
//! as it was. It keeps only what is small — the authors, the terms and the attachments'
//! addresses and words — so that the second pass can bring in authors, sections, topics
//! and pictures first, then stream the posts and pages one at a time, each with its
//! pictures already in the library and its lead picture known.
//!
//! The second pass writes item by item through the newsroom's operations (there is no one
//! transaction around picture files). What makes a stopped or repeated run safe is the
//! import mapping: every item written is remembered with a checksum, so running the same
//! import again creates nothing twice, leaves unchanged items alone and updates changed ones.

use crate::wxr::{Entry, Item, Term, WxrError, WxrReader, locate};
use crate::{plan, write};
use newsdesk_newsroom::{Actor, Newsroom, OpError};
use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

/// How to import.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// A copy of the old site's picture folder — WordPress's `wp-content/uploads`,
    /// Ghost's `content/images` — where pictures are found by the part of their address
    /// after `/wp-content/uploads/` or `/content/images/`.
    pub uploads: Option<PathBuf>,
    /// How to fetch a picture that is not in the uploads folder from its address; `None`
    /// fetches nothing.
    pub fetch: Option<Fetcher>,
}

/// Fetches a picture's file from its address on the old site. The importer does not
/// speak HTTP itself: the command gives it the server's one outgoing client, with its
/// guard against addresses inside the network.
pub trait Fetch: Send + Sync {
    /// The file at `url`, at most `max_bytes` long, or why it could not be had.
    fn fetch<'a>(
        &'a self,
        url: &'a str,
        max_bytes: u64,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<Vec<u8>, String>> + Send + 'a>>;
}

/// A shared [`Fetch`].
#[derive(Clone)]
pub struct Fetcher(pub std::sync::Arc<dyn Fetch>);

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fetcher")
    }
}

/// Told as the import goes, for a progress bar.
pub trait Progress {
    /// The number of steps the import will take (authors, terms, pictures, items).
    fn start(&mut self, _total: u64) {}
    /// One more step done: `what` names it.
    fn advance(&mut self, _what: &str) {}
}

/// No progress shown.
impl Progress for () {}

/// Newsroom items made or changed, by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub stories: usize,
    pub pages: usize,
    pub pictures: usize,
    pub sections: usize,
    pub topics: usize,
    pub authors: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.stories + self.pages + self.pictures + self.sections + self.topics + self.authors
    }
}

/// Something in the export that was not imported, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The item's title or name, with its kind.
    pub what: String,
    pub reason: String,
}

/// A picture the export names that could not be brought in; the import went on without it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    pub url: String,
    pub reason: String,
}

/// What an import did.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// The old site's address: the import mapping's `source`.
    pub source: String,
    /// `<item>`s in the file; each is imported, updated, unchanged or skipped.
    pub items: usize,
    pub items_imported: usize,
    pub items_updated: usize,
    pub items_unchanged: usize,
    pub items_skipped: usize,
    pub created: Counts,
    pub updated: Counts,
    /// Authors, terms and items already imported and the same as then.
    pub unchanged: usize,
    pub skipped: Vec<Skipped>,
    /// Items imported but kept off the public site, and why (Ghost's members-only posts).
    pub held_back: Vec<Skipped>,
    /// Comments in the export; Newsdesk has none, so they are counted and left.
    pub comments: usize,
    pub missing_media: Vec<Missing>,
}

/// Why an import stopped.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: line {line}, column {column}: {message}. Nothing was imported.")]
    Xml {
        path: String,
        line: u64,
        column: u64,
        message: String,
    },
    #[error("{path}: line {line}, column {column}: {message}. Nothing was imported.")]
    Json {
        path: String,
        line: u64,
        column: u64,
        message: String,
    },
    /// Well-formed, but not the export it was said to be.
    #[error("{path} is not {expected}: {reason}. Nothing was imported.")]
    NotAnExport {
        path: String,
        expected: &'static str,
        reason: String,
    },
    #[error("{path} cannot be read: {reason}")]
    Unreadable { path: String, reason: String },
    /// A newsroom operation failed for a reason that is not the item's (a database or
    /// disk): what was written so far stays, and running the import again carries on.
    #[error("the import stopped: {}", .0.public_message())]
    Newsroom(#[from] OpError),
}

/// What the first pass keeps.
#[derive(Default)]
pub(crate) struct Survey {
    pub source: String,
    pub authors: Vec<crate::wxr::Author>,
    pub terms: Vec<Term>,
    pub attachments: Vec<Item>,
    pub items: usize,
}

/// Imports the WordPress export at `path` into `newsroom` as `actor`. Its changes are
/// quiet: the site shows them at once, webhooks do not announce an archive as news.
pub async fn import_wxr(
    newsroom: &Newsroom,
    actor: &Actor,
    path: &Path,
    options: &Options,
    progress: &mut dyn Progress,
) -> Result<Summary, ImportError> {
    let survey = survey(path)?;
    let total = survey.authors.len() + survey.terms.len() + survey.attachments.len() + survey.items;
    progress.start(total as u64);
    let quiet = newsroom.quietly();
    let mut writer = write::Writer::for_wxr(&quiet, actor, &survey, options);
    writer.structure(&survey, progress).await?;
    writer.attachments(&survey.attachments, progress).await?;
    let mut reader = open(path)?;
    loop {
        let entry = reader.next_entry().map_err(|e| located(path, e))?;
        match entry {
            None => break,
            Some(Entry::Item(item)) => {
                writer.item(&item).await?;
                progress.advance(&item.title);
            }
            Some(_) => {}
        }
    }
    writer.finish().await.map_err(Into::into)
}

fn open(path: &Path) -> Result<WxrReader<BufReader<File>>, ImportError> {
    let file = File::open(path).map_err(|e| ImportError::Unreadable {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok(WxrReader::new(BufReader::with_capacity(256 * 1024, file)))
}

/// The first pass: reads everything, writes nothing.
fn survey(path: &Path) -> Result<Survey, ImportError> {
    let mut reader = open(path)?;
    let mut survey = Survey::default();
    while let Some(entry) = reader.next_entry().map_err(|e| located(path, e))? {
        match entry {
            Entry::Author(a) => survey.authors.push(a),
            Entry::Term(t) => survey.terms.push(t),
            Entry::Item(item) => {
                survey.items += 1;
                if plan::plan(&item) == plan::Plan::Picture {
                    // Only what a picture needs; bodies stay in the file.
                    survey.attachments.push(Item {
                        content: String::new(),
                        ..*item
                    });
                }
            }
        }
    }
    survey.source = reader.channel().site_address().to_owned();
    if survey.source.is_empty() {
        survey.source = path
            .file_name()
            .map_or_else(|| "wxr".to_owned(), |n| n.to_string_lossy().into_owned());
    }
    Ok(survey)
}

/// A reader's error with its line and column, read again from the file.
fn located(path: &Path, e: WxrError) -> ImportError {
    let shown = path.display().to_string();
    match e {
        WxrError::Xml { offset, message } => {
            let (line, column) = File::open(path)
                .and_then(|f| locate(BufReader::new(f), offset))
                .unwrap_or((0, 0));
            ImportError::Xml {
                path: shown,
                line,
                column,
                message,
            }
        }
        WxrError::Io(reason) => ImportError::Unreadable {
            path: shown,
            reason,
        },
    }
}

/// Counts skipped things by reason, for a short summary.
pub fn reasons(skipped: &[Skipped]) -> Vec<(String, usize)> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in skipped {
        *counts.entry(s.reason.as_str()).or_default() += 1;
    }
    let mut out: Vec<(String, usize)> =
        counts.into_iter().map(|(r, n)| (r.to_owned(), n)).collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}
