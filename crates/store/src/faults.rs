//! Failure injection, for tests only. With the `failpoints` feature (which only the
//! newsdesk crate's tests turn on), a few named points in the write path can be told to
//! fail as a full disk or a dropped connection would, so the tests can check that a write
//! that failed answers an error and leaves nothing half-done. Without the feature every
//! point is an empty function and this module holds nothing that can fire.
//!
//! The points, armed by `FAILPOINTS="name=action;…"` (the `fail` crate's actions:
//! `return`, `1*off->return`, `50%return`, …):
//!
//! - `store-change-log`: every write, after its content is written in its transaction and
//!   before its change-log row is appended: the transaction is abandoned, nothing commits.
//! - `store-commit`: story and picture saves, just before they commit.
//! - `media-write`, `media-fsync`, `media-rename`: a media file half-written, not synced to
//!   disk, not moved into place (in newsdesk-media).
//!
//! And three that make the store deliberately *unsafe*, so the crash harness can show it
//! would catch what it looks for (its control runs). Never arm them on a real newsroom:
//!
//! - `store-ack-before-commit=return(MS)`: a story save answers at once and commits MS
//!   milliseconds later in the background, so a crash in between loses a save that was
//!   acknowledged — what `synchronous=OFF` does to a power cut, made visible to SIGKILL.
//! - `store-split-transaction=return(MS)`: a story save commits its story row, its
//!   revision and its change-log row as separate transactions, MS milliseconds apart, so
//!   a crash in between leaves a torn story.
//! - `store-synchronous-off=return`: SQLite commits without waiting for the disk at all.
//!   A SIGKILL loses nothing by it (the kernel still holds what was written); only a power
//!   cut would, which a process-killing harness cannot make.

use crate::StoreError;
use sqlx::{Any, Transaction};

/// Whether this build carries failpoints (the `failpoints` feature).
pub const BUILT_IN: bool = cfg!(feature = "failpoints");

/// Arms the failpoints named in `spec`, `name=actions` pairs separated by `;` (the format
/// of the `fail` crate's `FAILPOINTS`). Refused when this build has no failpoints, so a
/// test never believes it injected a fault that cannot fire.
pub fn arm(spec: &str) -> Result<(), String> {
    if !BUILT_IN {
        return Err(
            "FAILPOINTS is set, but this build has no failpoints (they exist only in test builds, \
             with the `failpoints` feature of newsdesk-store)"
                .into(),
        );
    }
    for pair in spec.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, actions) = pair
            .split_once('=')
            .ok_or_else(|| format!("{pair:?} in FAILPOINTS is not name=actions"))?;
        configure(name.trim(), actions.trim()).map_err(|e| format!("FAILPOINTS {name}: {e}"))?;
    }
    Ok(())
}

#[cfg(feature = "failpoints")]
fn configure(name: &str, actions: &str) -> Result<(), String> {
    fail::cfg(name, actions)
}

#[cfg(not(feature = "failpoints"))]
fn configure(_name: &str, _actions: &str) -> Result<(), String> {
    Ok(())
}

/// A point where a write can be made to fail; the error is the one a lost connection or
/// a failed disk write gives (503 at the door: worth trying again).
#[allow(
    unused_variables,
    reason = "the name is only read by the failpoints build"
)]
pub(crate) fn point(name: &str) -> crate::Result<()> {
    #[cfg(feature = "failpoints")]
    fail::fail_point!(name, |_| Err(StoreError::Unavailable(format!(
        "injected fault at {name}"
    ))));
    Ok(())
}

/// The milliseconds a failpoint's `return(MS)` names (or `default`), when it is armed.
#[cfg(feature = "failpoints")]
fn armed_millis(name: &str, default: u64) -> Option<std::time::Duration> {
    fail::fail_point!(name, |arg| Some(std::time::Duration::from_millis(
        arg.and_then(|a| a.parse().ok()).unwrap_or(default)
    )));
    None
}

/// Whether SQLite should run with `synchronous=OFF` (the control run's setting).
pub(crate) fn synchronous_off() -> bool {
    #[cfg(feature = "failpoints")]
    return armed_millis("store-synchronous-off", 0).is_some();
    #[cfg(not(feature = "failpoints"))]
    false
}

/// Commits a story or picture save, after its `store-commit` point. `deferrable` saves
/// are the ones `store-ack-before-commit` may acknowledge before committing: they must
/// have read back what they return inside the transaction. (A build without failpoints
/// has none of that: it commits.)
#[allow(unused_variables, reason = "only read by the failpoints build")]
pub(crate) async fn commit(tx: Transaction<'static, Any>, deferrable: bool) -> crate::Result<()> {
    point("store-commit")?;
    #[cfg(feature = "failpoints")]
    if deferrable && let Some(delay) = armed_millis("store-ack-before-commit", 300) {
        tracing::warn!("store-ack-before-commit: answering before the save is committed");
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            if let Err(e) = tx.commit().await {
                tracing::error!(error = %e, "a deferred commit failed");
            }
        });
        return Ok(());
    }
    tx.commit().await.map_err(StoreError::from)
}

/// Between the parts of a story save: under `store-split-transaction`, commits what is
/// written so far and opens a new transaction on the same connection, so the parts reach
/// the database separately. (Nothing at all in a build without failpoints.)
#[allow(unused_variables, reason = "only used by the failpoints build")]
pub(crate) async fn split(
    backend: crate::Backend,
    tx: &mut Transaction<'static, Any>,
) -> crate::Result<()> {
    #[cfg(feature = "failpoints")]
    if let Some(pause) = armed_millis("store-split-transaction", 20) {
        let begin = match backend {
            crate::Backend::Sqlite => "BEGIN IMMEDIATE",
            crate::Backend::Postgres => "BEGIN",
        };
        sqlx::query("COMMIT").execute(&mut **tx).await?;
        sqlx::query(begin).execute(&mut **tx).await?;
        tokio::time::sleep(pause).await;
    }
    Ok(())
}
