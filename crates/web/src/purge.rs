//! Telling the HTTP cache in front (Varnish, a CDN) what changed: every change-log row's
//! keys are sent as one purge request naming them, the same keys the pages carry in
//! `Surrogate-Key`/`xkey`. One node sends each row: the cluster shares a "purge" cursor,
//! advanced by compare-and-set after a successful send (at least once; a rare race sends
//! twice, which a purge shrugs off).
//!
//! Each purge is **sent twice**: once when the row is first sent, and again a moment
//! later. With several nodes, the node that sends a purge may be ahead of another that has
//! not yet applied the same row; if the cache fetches the page again from that node in
//! between, it stores the old page — for as long as `s-maxage` allows. By the echo, every
//! node has applied the row (they poll every `change_poll_ms`), so what the cache fetches
//! then is the new page.
//!
//! The request is configurable so one mechanism fits the common caches: Varnish with the
//! xkey module (`PURGE` with `xkey-purge: k1 k2`, matched by your VCL), or a CDN endpoint
//! taking `POST` with `Surrogate-Key`, over `http://` or `https://` (`outbound`: a cache
//! on a private address must be named in `outbound_allow`).

use crate::outbound::Outbound;
use crate::{App, WebError};
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const CURSOR: &str = "purge";
/// Keys per request: header lines stay well under common 8 KiB limits.
const KEYS_PER_REQUEST: usize = 200;

/// Where and how purges are sent.
#[derive(Clone, Debug, Default)]
pub struct PurgeSettings {
    /// `http://varnish:6081/`; empty to send nothing.
    pub url: String,
    /// `PURGE` for Varnish, `POST` for most CDN APIs.
    pub method: String,
    /// The header that carries the space-separated keys: `xkey-purge`, `Surrogate-Key`.
    pub keys_header: String,
    /// An extra `Name: value` header, e.g. an API token; empty for none.
    pub auth_header: String,
}

pub(crate) struct Purger {
    settings: PurgeSettings,
    client: Outbound,
    /// Purges to send again, and when.
    echoes: Mutex<Vec<(Instant, Vec<String>)>>,
    /// How long after a purge its echo goes.
    echo_after: Duration,
}

impl Purger {
    /// A purger for nodes that apply the change log every `poll`.
    pub(crate) fn new(settings: PurgeSettings, client: Outbound, poll: Duration) -> Option<Purger> {
        if settings.url.trim().is_empty() {
            return None;
        }
        Some(Purger {
            settings,
            client,
            echoes: Mutex::new(Vec::new()),
            echo_after: echo_after(poll),
        })
    }

    fn echo_later(&self, keys: Vec<String>) {
        let due = Instant::now() + self.echo_after;
        self.echoes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((due, keys));
    }

    /// The purges whose echo is due, taken from the queue.
    fn due_echoes(&self) -> Vec<Vec<String>> {
        let now = Instant::now();
        let mut echoes = self.echoes.lock().unwrap_or_else(|e| e.into_inner());
        let (due, later): (Vec<_>, Vec<_>) = echoes.drain(..).partition(|(at, _)| *at <= now);
        *echoes = later;
        due.into_iter().map(|(_, keys)| keys).collect()
    }

    /// Sends purges for `keys`; an error when the cache did not answer 2xx.
    pub(crate) async fn send(&self, keys: &[String]) -> Result<(), String> {
        let method = Method::from_bytes(self.settings.method.as_bytes())
            .map_err(|e| format!("purge_method {:?}: {e}", self.settings.method))?;
        let keys_header = HeaderName::from_bytes(self.settings.keys_header.as_bytes())
            .map_err(|e| format!("purge_keys_header {:?}: {e}", self.settings.keys_header))?;
        for chunk in keys.chunks(KEYS_PER_REQUEST) {
            let joined = chunk.join(" ");
            let mut headers = HeaderMap::new();
            headers.insert(
                keys_header.clone(),
                HeaderValue::from_str(&joined).map_err(|e| e.to_string())?,
            );
            if let Some((name, value)) = self.settings.auth_header.split_once(':') {
                let name = HeaderName::from_bytes(name.trim().as_bytes());
                let value = HeaderValue::from_str(value.trim());
                let (Ok(name), Ok(value)) = (name, value) else {
                    return Err("purge_auth_header is not one `Name: value` line".to_owned());
                };
                headers.insert(name, value);
            }
            let answer = self
                .client
                .send(
                    &method,
                    &self.settings.url,
                    &headers,
                    Bytes::new(),
                    Duration::from_secs(5),
                )
                .await
                .map_err(|e| format!("purge endpoint {e}"))?;
            if !answer.status.is_success() {
                return Err(format!(
                    "the cache answered the purge with {}",
                    answer.status
                ));
            }
        }
        Ok(())
    }
}

impl App {
    /// Sends purges for change-log rows no node has sent yet; returns how many rows.
    pub async fn purge_changes(&self) -> Result<usize, WebError> {
        let Some(purger) = &self.purger else {
            return Ok(0);
        };
        let from = self.store.cursor(CURSOR).await?;
        if from == 0 {
            // The first node ever configured to purge starts from now, not from history.
            let now = self.store.last_change_id().await?;
            self.store.advance_cursor(CURSOR, 0, now).await?;
            return Ok(0);
        }
        let changes = self.store.changes_after(from, 500).await?;
        let Some(last) = changes.last().map(|c| c.id) else {
            return Ok(0);
        };
        let mut keys: Vec<String> = changes
            .iter()
            .flat_map(|c| c.keys().map(str::to_owned))
            .collect();
        keys.sort();
        keys.dedup();
        match purger.send(&keys).await {
            Ok(()) => {
                self.metrics.purged_keys.inc_by(keys.len() as u64);
                self.store.advance_cursor(CURSOR, from, last).await?;
                purger.echo_later(keys);
                Ok(changes.len())
            }
            Err(e) => {
                self.metrics.purge_failures.inc();
                tracing::warn!(error = %e, "purging the HTTP cache failed; will retry");
                Ok(0)
            }
        }
    }
}

/// How long a purge's echo waits: several of the nodes' polls, and at least half a
/// second, so every node has applied the row by then.
fn echo_after(poll: Duration) -> Duration {
    (poll * 5).max(Duration::from_millis(500))
}

impl App {
    /// Sends again the purges sent a moment ago (see the module's note); returns how many
    /// were due. One that fails is not retried: its first sending went through.
    pub async fn send_purge_echoes(&self) -> usize {
        let Some(purger) = &self.purger else {
            return 0;
        };
        let due = purger.due_echoes();
        for keys in &due {
            if let Err(e) = purger.send(keys).await {
                self.metrics.purge_failures.inc();
                tracing::warn!(error = %e, "sending a purge again failed");
            }
        }
        due.len()
    }
}
