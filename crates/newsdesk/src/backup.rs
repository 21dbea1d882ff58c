//! `newsdesk backup DIR`, `restore DIR` and `verify`: an online, consistent copy of the
//! database and the media it names, with a manifest of every file's SHA-256; putting it
//! back into an empty install; and checking an install's database and files.
//!
//! SQLite is copied with `VACUUM INTO` (one read snapshot, while the site keeps writing);
//! PostgreSQL with `pg_dump` (one snapshot) and put back with `pg_restore`. Media files
//! never change once written (their names are content hashes), so copying those the
//! database names after its snapshot gives a backup where every picture is present.
//! They are read and written through media storage, a folder or an S3 bucket alike; the
//! backup itself is always a folder on this machine, its pictures plain files in it.

use crate::config::{Config, redact};
use anyhow::{Context, bail};
use newsdesk_media::{Storage, file_sha256};
use newsdesk_store::{Backend, ConnectOptions, Store};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const MANIFEST: &str = "backup.json";
const FORMAT: &str = "newsdesk-backup";
const VERSION: u32 = 1;
const SQLITE_FILE: &str = "newsdesk.db";
const PG_FILE: &str = "newsdesk.pgdump";

#[derive(Serialize, Deserialize)]
struct Manifest {
    format: String,
    version: u32,
    created_at: String,
    /// `sqlite` or `postgres`.
    database: String,
    /// The last migration the copied database had.
    schema: Option<String>,
    database_file: String,
    media: Vec<MediaFile>,
}

#[derive(Serialize, Deserialize)]
struct MediaFile {
    key: String,
    sha256: String,
    bytes: u64,
}

fn options() -> ConnectOptions {
    ConnectOptions {
        max_connections: 2,
        acquire_timeout: Duration::from_secs(10),
        ..ConnectOptions::default()
    }
}

/// A PostgreSQL URL without its password, and the password (passed to the client tools
/// in `PGPASSWORD`, never on their command line where `ps` would show it).
fn without_password(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else {
        return (url.to_owned(), None);
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return (url.to_owned(), None);
    };
    match userinfo.split_once(':') {
        Some((user, password)) => (
            format!("{scheme}://{user}@{host}"),
            Some(password.to_owned()),
        ),
        None => (url.to_owned(), None),
    }
}

/// Runs a PostgreSQL client tool, saying what to install when it is missing.
fn run_pg_tool(tool: &str, args: &[&str], url: &str) -> anyhow::Result<()> {
    let (url, password) = without_password(url);
    let mut command = Command::new(tool);
    command.args(args).arg(&url);
    if let Some(p) = password {
        command.env("PGPASSWORD", p);
    }
    let output = command.output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            anyhow::anyhow!(
                "{tool} was not found: install PostgreSQL's client tools, the same major version as the server (Debian: apt-get install postgresql-client)"
            )
        } else {
            anyhow::anyhow!("cannot run {tool}: {e}")
        }
    })?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        bail!("{tool} failed for {}: {}", redact(&url), said.trim());
    }
    Ok(())
}

fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .context("not a sqlite:// URL")?;
    Ok(PathBuf::from(rest.split('?').next().unwrap_or(rest)))
}

/// Makes `dir` for a backup: it must not exist, or be empty.
fn fresh_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() && dir.read_dir()?.next().is_some() {
        bail!("{} is not empty: back up into a new folder", dir.display());
    }
    std::fs::create_dir_all(dir.join("media"))
        .with_context(|| format!("cannot create {}", dir.display()))
}

/// `newsdesk backup DIR`.
pub async fn backup(
    config: &Config,
    store: &Store,
    media: &Storage,
    dir: &Path,
) -> anyhow::Result<()> {
    fresh_dir(dir)?;
    let started = std::time::Instant::now();
    let (database, database_file) = match store.backend() {
        Backend::Sqlite => {
            let target = dir.join(SQLITE_FILE);
            store
                .copy_sqlite_into(&target)
                .await
                .context("copying the SQLite database")?;
            ("sqlite", SQLITE_FILE)
        }
        Backend::Postgres => {
            let target = dir.join(PG_FILE);
            let target = target
                .to_str()
                .context("the backup folder's path is not UTF-8")?
                .to_owned();
            let url = config.database_url();
            tokio::task::spawn_blocking(move || {
                let args = [
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    &target,
                    "--dbname",
                ];
                run_pg_tool("pg_dump", &args, &url)
            })
            .await??;
            ("postgres", PG_FILE)
        }
    };
    eprintln!(
        "database copied in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // The files the copy names: for SQLite read from the copy itself.
    let (files, schema) = match store.backend() {
        Backend::Sqlite => {
            // Opened as a database of its own (its connections set their pragmas, so
            // not read-only); closing it leaves the one file.
            let url = format!("sqlite://{}", dir.join(SQLITE_FILE).display());
            let copy = Store::connect(&url, &options()).await?;
            let found = (copy.media_files().await?, copy.schema_version().await?);
            copy.close().await;
            found
        }
        Backend::Postgres => (store.media_files().await?, store.schema_version().await?),
    };
    let target = Storage::Local(dir.join("media"));
    let mut manifest = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        created_at: jiff::Timestamp::now().to_string(),
        database: database.into(),
        schema,
        database_file: database_file.into(),
        media: Vec::with_capacity(files.len()),
    };
    let bar = crate::progress(files.len() as u64, "media files");
    let mut missing = Vec::new();
    for file in files {
        bar.inc(1);
        let Some(bytes) = media.get(&file.key).await? else {
            missing.push(file.key);
            continue;
        };
        let sha256 = file_sha256(&bytes);
        if file.sha256.as_deref().is_some_and(|h| h != sha256) {
            bail!(
                "media file {} does not match the hash recorded when it was stored: run `newsdesk verify`, and restore that file from an older backup",
                file.key
            );
        }
        target.put(&file.key, &bytes).await?;
        manifest.media.push(MediaFile {
            key: file.key,
            sha256,
            bytes: bytes.len() as u64,
        });
    }
    bar.finish_and_clear();
    let text = serde_json::to_string_pretty(&manifest)?;
    std::fs::write(dir.join(MANIFEST), text)?;
    let size: u64 = manifest.media.iter().map(|m| m.bytes).sum();
    eprintln!(
        "backed up the {database} database and {} media files ({:.1} MB) into {} in {:.1} s",
        manifest.media.len(),
        size as f64 / 1e6,
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    if !missing.is_empty() {
        bail!(
            "{} media files the database names were not in media storage (the backup holds the rest): {}",
            missing.len(),
            missing.join(", ")
        );
    }
    Ok(())
}

/// `newsdesk restore DIR`: into an empty database and empty media storage (the folder,
/// or the bucket and prefix).
pub async fn restore(config: &Config, media: &Storage, dir: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(dir.join(MANIFEST)).with_context(|| {
        format!(
            "{} has no {MANIFEST}: is it a Newsdesk backup?",
            dir.display()
        )
    })?;
    let manifest: Manifest =
        serde_json::from_str(&text).context("reading the backup's manifest")?;
    if manifest.format != FORMAT || manifest.version > VERSION {
        bail!(
            "{} is a {} backup of version {}; this Newsdesk reads {FORMAT} version {VERSION} and older",
            dir.display(),
            manifest.format,
            manifest.version
        );
    }
    let url = config.database_url();
    let backend = Backend::of_url(&url)
        .context("the database URL must start with sqlite:// or postgres://")?;
    let wanted = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    if manifest.database != wanted {
        bail!(
            "this backup holds a {} database and the target is {wanted}: move between the two with `newsdesk export` and `newsdesk import newsdesk`",
            manifest.database
        );
    }
    // The target must be empty: a restore never mixes two newsrooms.
    if !media.is_empty().await? {
        bail!(
            "{} is not empty: restore into a new data folder (or, for a bucket, a new media_prefix)",
            media.describe()
        );
    }
    let source = dir.join(&manifest.database_file);
    match backend {
        Backend::Sqlite => {
            let path = sqlite_path(&url)?;
            if path.exists() {
                let existing = Store::connect(&url, &options()).await?;
                let blank = existing.is_blank().await?;
                existing.close().await;
                if !blank {
                    bail!(
                        "{} already holds a database: restore into a new data folder",
                        path.display()
                    );
                }
                std::fs::remove_file(&path)?;
            }
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::copy(&source, &path)
                .with_context(|| format!("copying {} to {}", source.display(), path.display()))?;
        }
        Backend::Postgres => {
            let existing = Store::connect(&url, &options()).await?;
            let blank = existing.is_blank().await?;
            existing.close().await;
            if !blank {
                bail!(
                    "the database at {} is not empty: restore into a new, empty database",
                    redact(&url)
                );
            }
            let source = source
                .to_str()
                .context("the backup's path is not UTF-8")?
                .to_owned();
            let args = [
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--dbname",
            ];
            let url = url.clone();
            tokio::task::spawn_blocking(move || {
                let (plain, password) = without_password(&url);
                let mut command = Command::new("pg_restore");
                command.args(args).arg(&plain).arg(&source);
                if let Some(p) = password {
                    command.env("PGPASSWORD", p);
                }
                match command.output() {
                    Ok(o) if o.status.success() => Ok(()),
                    Ok(o) => Err(anyhow::anyhow!("pg_restore failed: {}", String::from_utf8_lossy(&o.stderr).trim())),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(anyhow::anyhow!(
                        "pg_restore was not found: install PostgreSQL's client tools (Debian: apt-get install postgresql-client)"
                    )),
                    Err(e) => Err(anyhow::anyhow!("cannot run pg_restore: {e}")),
                }
            })
            .await??;
        }
    }
    let from = Storage::Local(dir.join("media"));
    let bar = crate::progress(manifest.media.len() as u64, "media files");
    for file in &manifest.media {
        bar.inc(1);
        let bytes = from
            .get(&file.key)
            .await?
            .with_context(|| format!("the backup is missing the media file {}", file.key))?;
        if file_sha256(&bytes) != file.sha256 {
            bail!(
                "the backup's media file {} is damaged (its SHA-256 differs from the manifest's)",
                file.key
            );
        }
        media.put(&file.key, &bytes).await?;
    }
    bar.finish_and_clear();
    // A backup from an older Newsdesk is brought up to this one's schema.
    let store = Store::connect(&url, &options()).await?;
    let applied = store.migrate().await?;
    store.close().await;
    eprintln!(
        "restored the {} database{} and {} media files from {}; the search index is rebuilt when `serve` starts",
        manifest.database,
        if applied.is_empty() {
            String::new()
        } else {
            format!(" (then {} migrations)", applied.len())
        },
        manifest.media.len(),
        dir.display()
    );
    Ok(())
}

/// `newsdesk verify`: the database's own checks, and every media file against its hash.
pub async fn verify(store: &Store, media: &Storage) -> anyhow::Result<()> {
    let mut problems = store.integrity_problems().await?;
    let files = store.media_files().await?;
    let bar = crate::progress(files.len() as u64, "media files");
    let mut recorded = 0;
    for file in &files {
        bar.inc(1);
        let Some(bytes) = media.get(&file.key).await? else {
            problems.push(format!("media file {} is missing", file.key));
            continue;
        };
        let sha256 = file_sha256(&bytes);
        match &file.sha256 {
            Some(h) if *h != sha256 => problems.push(format!(
                "media file {} has changed since it was stored (SHA-256 {sha256}, recorded {h})",
                file.key
            )),
            Some(_) => {}
            None => {
                store
                    .record_file_hash(&file.key, &sha256, bytes.len() as i64)
                    .await?;
                recorded += 1;
            }
        }
    }
    bar.finish_and_clear();
    if recorded > 0 {
        eprintln!("recorded the hash of {recorded} media files stored before hashes were kept");
    }
    if problems.is_empty() {
        eprintln!(
            "verified: the database passes its integrity checks and all {} media files match",
            files.len()
        );
        return Ok(());
    }
    for p in &problems {
        eprintln!("problem: {p}");
    }
    bail!("{} problems found", problems.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_leave_the_url_for_the_environment() {
        assert_eq!(
            without_password("postgres://news:s3cret@db:5432/newsdesk?sslmode=require"),
            (
                "postgres://news@db:5432/newsdesk?sslmode=require".into(),
                Some("s3cret".into())
            )
        );
        assert_eq!(
            without_password("postgres://news@db/n"),
            ("postgres://news@db/n".into(), None)
        );
        assert_eq!(
            sqlite_path("sqlite:///var/lib/newsdesk/newsdesk.db?mode=rwc").unwrap(),
            PathBuf::from("/var/lib/newsdesk/newsdesk.db")
        );
    }
}
