//! Storing one file in a local folder so that it is either all there or not there at all,
//! and stays there once its picture is saved: written aside, synced to disk, renamed into
//! place, and the folder synced so the new name survives a power cut too.
//!
//! The order matters because the database row naming the file commits only after this
//! returns: if the file could be lost or cut short after the row commits, `newsdesk
//! verify` would find a picture whose file is missing or damaged.

use crate::MediaError;
use crate::faults::point;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::io::AsyncWriteExt;

/// Numbers the temporary files of this process: two uploads of the same picture at once
/// must not write into one temporary file.
static NEXT: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` as `dir/key` unless a file of that name is there already (names are
/// content hashes, so it holds the same bytes). A failure leaves no temporary file.
pub(crate) async fn put(dir: &Path, key: &str, bytes: &[u8]) -> Result<(), MediaError> {
    let path = dir.join(key);
    if tokio::fs::try_exists(&path).await? {
        // Whole already (it was written aside, synced and renamed), but a server stopped
        // between that rename and the folder's sync may have left its name in memory only.
        return sync_folder(dir).await;
    }
    if !tokio::fs::try_exists(dir).await? {
        tokio::fs::create_dir_all(dir).await?;
        // The new folder's own name, in the folder above it.
        if let Some(parent) = dir.parent() {
            sync_folder(parent).await?;
        }
    }
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{key}.{}-{n}.tmp", std::process::id()));
    let written = write_aside(&tmp, bytes).await;
    let moved = match written {
        Ok(()) => move_into_place(&tmp, &path, dir).await,
        Err(e) => Err(e),
    };
    if moved.is_err() {
        // Best effort: what matters is that no row names a file that is not whole.
        let _ = tokio::fs::remove_file(&tmp).await;
    }
    moved
}

async fn write_aside(tmp: &Path, bytes: &[u8]) -> Result<(), MediaError> {
    let mut file = tokio::fs::File::create(tmp).await?;
    if let Err(e) = point("media-write") {
        // As a full disk would: part of the file written, then the error.
        file.write_all(&bytes[..bytes.len() / 2]).await?;
        return Err(e);
    }
    file.write_all(bytes).await?;
    point("media-fsync")?;
    file.sync_all().await?;
    Ok(())
}

async fn move_into_place(tmp: &Path, path: &Path, dir: &Path) -> Result<(), MediaError> {
    point("media-rename")?;
    tokio::fs::rename(tmp, path).await?;
    sync_folder(dir).await
}

/// Syncs the folder's own entry list, so a rename is on disk and not only in memory.
#[cfg(unix)]
async fn sync_folder(dir: &Path) -> Result<(), MediaError> {
    tokio::fs::File::open(dir).await?.sync_all().await?;
    Ok(())
}

/// Elsewhere a folder cannot be opened to sync; the rename is as durable as the system
/// makes it.
#[cfg(not(unix))]
async fn sync_folder(_dir: &Path) -> Result<(), MediaError> {
    Ok(())
}
