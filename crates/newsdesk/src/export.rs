//! `newsdesk export DIR` and `newsdesk import newsdesk DIR`: the command-line ends of the
//! export format (`newsdesk_import::export`, docs/EXPORT.md). A progress bar on a
//! terminal, then a summary.

use crate::import::Bar;
use newsdesk_import::export::{ExportError, ExportOptions, export_newsroom, load_newsroom};
use newsdesk_media::Storage;
use newsdesk_newsroom::Newsroom;
use newsdesk_store::Store;
use std::path::Path;

/// `newsdesk export DIR [--with-secrets]`.
pub async fn export(
    store: &Store,
    media: &Storage,
    dir: &Path,
    with_secrets: bool,
) -> anyhow::Result<()> {
    let mut bar = Bar::named("exporting");
    let options = ExportOptions { with_secrets };
    let result = export_newsroom(store, media, dir, &options, &mut bar).await;
    bar.finish();
    let summary = match result {
        Ok(summary) => summary,
        Err(e @ ExportError::NotEmpty(_)) => return Err(e.into()),
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!(
                "the export stopped; {} has no manifest, so it is not a usable export (remove it and try again)",
                dir.display()
            )));
        }
    };
    let n = |name: &str| summary.counts.get(name).copied().unwrap_or(0);
    println!(
        "Exported {} stories ({} revisions, {} corrections, {} notes), {} pages, {} pictures, \
         {} sections, {} topics, {} authors, {} users{} into {}",
        n("stories"),
        n("revisions"),
        n("corrections"),
        n("notes"),
        n("pages"),
        n("media"),
        n("sections"),
        n("topics"),
        n("authors"),
        n("users"),
        if with_secrets {
            " (with password hashes, API tokens and webhooks: keep this folder safe)"
        } else {
            " (without passwords: set them with `newsdesk user passwd` after importing)"
        },
        dir.display()
    );
    println!(
        "  {} files, {:.1} MB ({} media files), in {:.1} s",
        summary.files + 1,
        summary.bytes as f64 / 1e6,
        summary.media_files,
        summary.elapsed.as_secs_f64()
    );
    if !summary.missing.is_empty() {
        eprintln!(
            "warning: {} media files the database names were not in media storage and are not in the export: {}",
            summary.missing.len(),
            summary.missing.join(", ")
        );
    }
    Ok(())
}

/// `newsdesk import newsdesk DIR`.
pub async fn load(newsroom: &Newsroom, dir: &Path) -> anyhow::Result<()> {
    let mut bar = Bar::named("loading");
    let result = load_newsroom(newsroom, dir, &mut bar).await;
    bar.finish();
    let summary = result?;
    let m = &summary.manifest;
    let n = |name: &str| m.counts.get(name).copied().unwrap_or(0);
    println!(
        "Loaded the newsroom exported at {} ({} database, Newsdesk {}): {} stories, {} pages, \
         {} pictures ({} files), {} sections, {} topics, {} authors, {} users, in {:.1} s",
        m.exported_at,
        m.database,
        m.newsdesk_version,
        n("stories"),
        n("pages"),
        n("media"),
        summary.media_files,
        n("sections"),
        n("topics"),
        n("authors"),
        n("users"),
        summary.elapsed.as_secs_f64()
    );
    if !m.with_secrets && n("users") > 0 {
        println!(
            "  The export held no passwords: nobody can sign in until an administrator's password is set with `newsdesk user passwd EMAIL`."
        );
    }
    Ok(())
}
