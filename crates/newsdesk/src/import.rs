//! `newsdesk import …`: other systems' exports brought in through the newsroom's
//! operations, acting as an administrator. Today `wxr` (WordPress) and `ninjs` (IPTC);
//! `ghost` and `newsdesk` will sit beside them. A progress bar on a terminal, then a summary on
//! standard output.

use anyhow::Context;
use clap::Subcommand;
use newsdesk_import::{Options, Progress, Summary};
use newsdesk_newsroom::{Actor, Newsroom};
use std::io::IsTerminal;
use std::path::PathBuf;

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
        #[arg(long, value_name = "DIR")]
        media: Option<PathBuf>,
        /// The administrator the import acts as [default: the first administrator].
        #[arg(long = "as", value_name = "EMAIL")]
        as_email: Option<String>,
    },
}

pub async fn run(newsroom: &Newsroom, command: ImportCommand) -> anyhow::Result<()> {
    match command {
        ImportCommand::Wxr {
            file,
            uploads,
            as_email,
        } => {
            if let Some(dir) = &uploads
                && !dir.is_dir()
            {
                anyhow::bail!("--uploads {} is not a folder", dir.display());
            }
            let actor = administrator(newsroom, as_email.as_deref()).await?;
            let options = Options { uploads };
            let mut bar = Bar::new();
            let result =
                newsdesk_import::import_wxr(newsroom, &actor, &file, &options, &mut bar).await;
            bar.finish();
            let summary = result?;
            print!("{}", report(&summary));
            Ok(())
        }
        ImportCommand::Ninjs {
            path,
            media,
            as_email,
        } => {
            if let Some(dir) = &media
                && !dir.is_dir()
            {
                anyhow::bail!("--media {} is not a folder", dir.display());
            }
            let actor = administrator(newsroom, as_email.as_deref()).await?;
            let options = newsdesk_import::NinjsOptions { media };
            let mut bar = Bar::new();
            let result =
                newsdesk_import::import_ninjs(newsroom, &actor, &path, &options, &mut bar).await;
            bar.finish();
            let summary = result?;
            print!("{}", report(&summary));
            Ok(())
        }
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
struct Bar {
    bar: Option<indicatif::ProgressBar>,
    done: u64,
    total: u64,
}

impl Bar {
    fn new() -> Bar {
        Bar {
            bar: None,
            done: 0,
            total: 0,
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn start(&mut self, total: u64) {
        self.total = total;
        if std::io::stderr().is_terminal() {
            self.bar = Some(crate::progress(total, "importing"));
        }
    }

    fn advance(&mut self, _what: &str) {
        self.done += 1;
        match &self.bar {
            Some(bar) => bar.inc(1),
            None if self.done.is_multiple_of(500) || self.done == self.total => {
                tracing::info!(done = self.done, total = self.total, "importing");
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
    if !s.missing_media.is_empty() {
        let _ = writeln!(out, "Pictures missing ({}):", s.missing_media.len());
        for m in &s.missing_media {
            let _ = writeln!(out, "  {}: {}", m.url, m.reason);
        }
    }
    out
}
