//! `newsdesk import …`: other systems' exports brought in through the newsroom's
//! operations, acting as an administrator: `wxr` (WordPress), `ghost`, `ninjs` (IPTC) and
//! `newsdesk` (its own export). A progress bar on a terminal, then a summary on standard
//! output.

use anyhow::Context;
use clap::Subcommand;
use newsdesk_import::{Fetch, Fetcher, Options, Progress, Summary};
use newsdesk_newsroom::{Actor, Newsroom};
use newsdesk_web::outbound::Outbound;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

#[derive(Subcommand)]
pub enum ImportCommand {
    /// A WordPress export (Tools → Export → All content: a WXR .xml file). Safe to run
    /// again: nothing is made twice, and what changed in WordPress is updated.
    Wxr {
        /// The export file.
        file: PathBuf,
        /// A copy of the old site's wp-content/uploads folder, where the pictures are.
        #[arg(long, value_name = "DIR")]
        uploads: Option<PathBuf>,
        /// Do not fetch pictures missing from --uploads from their addresses on the old
        /// site (fetching refuses addresses inside the network unless outbound_allow
        /// names them).
        #[arg(long)]
        no_fetch: bool,
        /// The administrator the import acts as [default: the first administrator].
        #[arg(long = "as", value_name = "EMAIL")]
        as_email: Option<String>,
    },
    /// A Ghost export (Settings → Advanced → Import/Export → Export content: a .json
    /// file, from Ghost 1.x to 6.x). Safe to run again, like `wxr`.
    Ghost {
        /// The export file.
        file: PathBuf,
        /// A copy of the old site's content/images folder, where the pictures are.
        #[arg(long, value_name = "DIR")]
        images: Option<PathBuf>,
        /// Do not fetch pictures missing from --images from their addresses (see `wxr`).
        #[arg(long)]
        no_fetch: bool,
        /// The administrator the import acts as [default: the first administrator].
        #[arg(long = "as", value_name = "EMAIL")]
        as_email: Option<String>,
    },
    /// IPTC ninjs 1.x (Superdesk's), 2.x or 3.x: a file holding one item, a JSON array of
    /// them or JSON Lines, or a folder of such *.json files (not its subfolders). Safe to
    /// run again: nothing is made twice, and a newer version of an item updates its story.
    Ninjs {
        /// The file, or the folder.
        path: PathBuf,
        /// A folder holding the pictures the items' renditions name: a copy of the
        /// sender's folders (from any level), or a flat folder of uniquely named files.
        /// Nothing is downloaded.
        #[arg(long, value_name = "DIR")]
        media: Option<PathBuf>,
        /// The administrator the import acts as [default: the first administrator].
        #[arg(long = "as", value_name = "EMAIL")]
        as_email: Option<String>,
    },
    /// A Newsdesk export (`newsdesk export DIR`), into an empty database: the same site,
    /// every id and address kept. How a newsroom moves from SQLite to PostgreSQL.
    Newsdesk {
        /// A folder written by `newsdesk export`.
        dir: PathBuf,
    },
}

impl ImportCommand {
    /// Whether the search index must be built anew afterwards (a whole newsroom arrived
    /// at once, outside the change log the index follows).
    pub fn rebuilds_search(&self) -> bool {
        matches!(self, ImportCommand::Newsdesk { .. })
    }
}

/// How long one picture may take to fetch.
const FETCH_TIMEOUT: Duration = Duration::from_secs(60);

pub async fn run(
    newsroom: &Newsroom,
    outbound: Outbound,
    command: ImportCommand,
) -> anyhow::Result<()> {
    let (ghost, file, folder, no_fetch, as_email) = match command {
        ImportCommand::Newsdesk { dir } => return crate::export::load(newsroom, &dir).await,
        ImportCommand::Ninjs {
            path,
            media,
            as_email,
        } => return ninjs(newsroom, path, media, as_email).await,
        ImportCommand::Wxr {
            file,
            uploads,
            no_fetch,
            as_email,
        } => (
            false,
            file,
            uploads.map(|d| ("--uploads", d)),
            no_fetch,
            as_email,
        ),
        ImportCommand::Ghost {
            file,
            images,
            no_fetch,
            as_email,
        } => (
            true,
            file,
            images.map(|d| ("--images", d)),
            no_fetch,
            as_email,
        ),
    };
    if let Some((flag, dir)) = &folder
        && !dir.is_dir()
    {
        anyhow::bail!("{flag} {} is not a folder", dir.display());
    }
    let actor = administrator(newsroom, as_email.as_deref()).await?;
    let options = Options {
        uploads: folder.map(|(_, dir)| dir),
        fetch: (!no_fetch).then(|| Fetcher(Arc::new(Web(outbound)))),
    };
    let mut bar = Bar::new();
    let result = if ghost {
        newsdesk_import::import_ghost(newsroom, &actor, &file, &options, &mut bar).await
    } else {
        newsdesk_import::import_wxr(newsroom, &actor, &file, &options, &mut bar).await
    };
    bar.finish();
    let summary = result?;
    print!("{}", report(&summary));
    Ok(())
}

/// `import ninjs`: its pictures come from `--media` only, never fetched.
async fn ninjs(
    newsroom: &Newsroom,
    path: PathBuf,
    media: Option<PathBuf>,
    as_email: Option<String>,
) -> anyhow::Result<()> {
    if let Some(dir) = &media
        && !dir.is_dir()
    {
        anyhow::bail!("--media {} is not a folder", dir.display());
    }
    let actor = administrator(newsroom, as_email.as_deref()).await?;
    let options = newsdesk_import::NinjsOptions { media };
    let mut bar = Bar::new();
    let result = newsdesk_import::import_ninjs(newsroom, &actor, &path, &options, &mut bar).await;
    bar.finish();
    let summary = result?;
    print!("{}", report(&summary));
    Ok(())
}

/// Pictures fetched with the server's outgoing client.
struct Web(Outbound);

impl Fetch for Web {
    fn fetch<'a>(
        &'a self,
        url: &'a str,
        max_bytes: u64,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<u8>, String>> + Send + 'a>> {
        Box::pin(async move {
            self.0
                .download(url, max_bytes, FETCH_TIMEOUT)
                .await
                .map(|bytes| bytes.to_vec())
                .map_err(|e| e.to_string())
        })
    }
}

/// The login named by `--as` (who must be an administrator), or the first administrator.
async fn administrator(newsroom: &Newsroom, email: Option<&str>) -> anyhow::Result<Actor> {
    let users = newsroom.store.users().await.context("reading the logins")?;
    let user = match email {
        Some(email) => {
            let email = newsdesk_auth::Email::parse(email)?;
            users
                .into_iter()
                .find(|u| u.email == email.as_str())
                .ok_or_else(|| anyhow::anyhow!("no login with the email {email}"))?
        }
        None => users
            .into_iter()
            .find(|u| u.role == newsdesk_core::Role::Admin && !u.disabled)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "an import acts as an administrator, and there is none yet: add one with `newsdesk user add --role admin EMAIL`"
                )
            })?,
    };
    if user.role != newsdesk_core::Role::Admin || user.disabled {
        anyhow::bail!(
            "{} is not an active administrator; an import makes sections, authors and published stories, so it acts as one",
            user.email
        );
    }
    Ok(Actor::person(user.id, user.role, user.author_id))
}

/// A progress bar on a terminal; progress lines in the log otherwise.
pub(crate) struct Bar {
    bar: Option<indicatif::ProgressBar>,
    what: &'static str,
    done: u64,
    total: u64,
}

impl Bar {
    pub(crate) fn new() -> Bar {
        Bar::named("importing")
    }

    pub(crate) fn named(what: &'static str) -> Bar {
        Bar {
            bar: None,
            what,
            done: 0,
            total: 0,
        }
    }

    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn start(&mut self, total: u64) {
        self.total = total;
        if std::io::stderr().is_terminal() {
            self.bar = Some(crate::progress(total, self.what));
        }
    }

    fn advance(&mut self, _what: &str) {
        self.done += 1;
        match &self.bar {
            Some(bar) => bar.inc(1),
            None if self.done.is_multiple_of(500) || self.done == self.total => {
                tracing::info!(done = self.done, total = self.total, "{}", self.what);
            }
            None => {}
        }
    }
}

/// The summary: what was made, updated, left alone and skipped (with why), and the
/// pictures that could not be found.
pub fn report(s: &Summary) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let counts = |c: &newsdesk_import::Counts| {
        format!(
            "{} stories, {} pages, {} pictures, {} sections, {} topics, {} authors",
            c.stories, c.pages, c.pictures, c.sections, c.topics, c.authors
        )
    };
    let _ = writeln!(out, "Imported from {}:", s.source);
    let _ = writeln!(
        out,
        "  items in the file: {} — {} imported, {} updated, {} unchanged, {} skipped",
        s.items, s.items_imported, s.items_updated, s.items_unchanged, s.items_skipped
    );
    let _ = writeln!(out, "  created: {}", counts(&s.created));
    let _ = writeln!(out, "  updated: {}", counts(&s.updated));
    let _ = writeln!(out, "  already there and unchanged: {}", s.unchanged);
    if s.comments > 0 {
        let _ = writeln!(
            out,
            "  comments: {} counted and skipped (Newsdesk has no comments)",
            s.comments
        );
    }
    if !s.skipped.is_empty() {
        let _ = writeln!(out, "Skipped ({}):", s.skipped.len());
        for (reason, n) in newsdesk_import::reasons(&s.skipped) {
            let _ = writeln!(out, "  {n} × {reason}");
        }
        for skipped in &s.skipped {
            let _ = writeln!(out, "    {}: {}", skipped.what, skipped.reason);
        }
    }
    if !s.held_back.is_empty() {
        let _ = writeln!(out, "Kept off the public site ({}):", s.held_back.len());
        for (reason, n) in newsdesk_import::reasons(&s.held_back) {
            let _ = writeln!(out, "  {n} × {reason}");
        }
        for held in &s.held_back {
            let _ = writeln!(out, "    {}", held.what);
        }
    }
    if !s.missing_media.is_empty() {
        let _ = writeln!(out, "Pictures missing ({}):", s.missing_media.len());
        for m in &s.missing_media {
            let _ = writeln!(out, "  {}: {}", m.url, m.reason);
        }
    }
    out
}
