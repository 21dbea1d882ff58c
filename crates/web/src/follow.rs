//! Following the change log: each node applies every change-log row, in order, to its own
//! search index and then its own caches. This is the only path by which an edit reaches a
//! cached page or a search result.

use crate::{App, WebError, load_site};
use newsdesk_store::Change;
use std::sync::Arc;
use std::sync::atomic::Ordering;

const BATCH: i64 = 500;

impl App {
    /// Writes the rows of embargoes ended since any node last did, then applies every
    /// change-log row written since the last call; returns how many rows it applied.
    pub async fn catch_up(&self) -> Result<usize, WebError> {
        self.lift_embargoes().await?;
        // The search index first: a page re-rendered after its change must find the
        // index (its related stories) already up to date.
        let indexed = self.sync_search().await?;
        // Then the stored related-story lists the new rows touch; their own row follows.
        if self.settings.related_stories {
            self.refresh_related().await?;
        }
        let mut applied = 0;
        loop {
            let position = self.position.load(Ordering::Acquire);
            let mut changes = self.store.changes_after(position, BATCH).await?;
            changes.retain(|c| c.id <= indexed);
            let Some(last) = changes.last().map(|c| c.id) else {
                return Ok(applied);
            };
            let mut site_changed = false;
            for change in &changes {
                site_changed |= change.keys().any(|k| k == "site");
                let dropped = if self.is_ordinary_edit(change).await? {
                    self.cache.invalidate_gently(change.keys())
                } else {
                    self.cache.invalidate(change.keys())
                };
                self.metrics.invalidated_pages.inc_by(dropped as u64);
                tracing::debug!(change = change.id, object = %change.object, dropped, "applied change");
            }
            if site_changed {
                let site = Arc::new(load_site(&self.store, &self.settings).await?);
                *self.site.write().unwrap_or_else(|e| e.into_inner()) = site;
            }
            self.position.store(last, Ordering::Release);
            self.metrics.change_log_position.set(last);
            applied += changes.len();
        }
    }

    /// Whether `change` is an ordinary edit of things readers may go on seeing for the few
    /// seconds a new page takes to render (the cache's grace). A takedown — unpublished,
    /// trashed, deleted, a story put under embargo, a page taken offline — and any action
    /// not known here is not: its pages go at once.
    async fn is_ordinary_edit(&self, change: &Change) -> Result<bool, WebError> {
        const ORDINARY: &[&str] = &[
            "create-published",
            "publish",
            "update-published",
            "correct",
            "create",
            "update",
            "restore",
            "merge",
            "setup",
            "import",
            "related",
        ];
        if !ORDINARY.contains(&change.action.as_str()) {
            return Ok(false);
        }
        // Read now, after the change: whatever it did, the thing must still be public.
        let id = |prefix: &str| {
            change
                .object
                .strip_prefix(prefix)
                .and_then(|id| id.parse::<i64>().ok())
        };
        if let Some(id) = id("article:") {
            let now = newsdesk_core::now();
            return Ok(self
                .store
                .article(id)
                .await?
                .is_some_and(|a| a.deleted_at.is_none() && a.is_public(now)));
        }
        if let Some(id) = id("page:") {
            return Ok(self.store.page(id).await?.is_some_and(|p| p.published));
        }
        Ok(true)
    }

    /// Embargoes end by the clock, not by a save: one node writes a change-log row for
    /// each (`Store::record_lifted_embargoes`), which every node then follows like any
    /// other change — search, caches, purges — so no node acts on its own clock.
    async fn lift_embargoes(&self) -> Result<(), WebError> {
        let lifted = self
            .store
            .record_lifted_embargoes(newsdesk_core::now())
            .await?;
        if lifted > 0 {
            tracing::info!(lifted, "embargoes lifted");
        }
        Ok(())
    }

    /// Runs `catch_up` forever at the configured interval.
    pub async fn follow_changes(self) {
        self.follow_changes_until(std::future::pending()).await;
    }

    /// Runs `catch_up` at the configured interval until `stop` completes; spawned once per
    /// node. On PostgreSQL it also wakes the moment any node commits a change-log row
    /// (`LISTEN`/`NOTIFY`), so a change reaches every node without waiting for the poll,
    /// which stays as the safety net (and the clock for embargoes and purge echoes). A
    /// round under way when `stop` comes is finished first, so the server can close the
    /// database after this returns without a round failing against it.
    pub async fn follow_changes_until(self, stop: impl Future<Output = ()>) {
        let mut tick = tokio::time::interval(self.settings.change_poll_interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tokio::pin!(stop);
        let mut notices = Notices::open(&self.store).await;
        // -1: the first round queues whatever the log holds beyond the shared cursor.
        let mut queued_up_to = -1;
        loop {
            tokio::select! {
                _ = &mut stop => return,
                _ = tick.tick() => {}
                _ = notices.next() => {
                    self.metrics.change_notices.inc();
                }
            }
            if let Err(e) = self.catch_up().await {
                tracing::warn!(error = %e, "could not read the change log; will retry");
            }
            if let Err(e) = self.purge_changes().await {
                tracing::warn!(error = %e, "could not read the purge position; will retry");
            }
            self.send_purge_echoes().await;
            // Only when the log has grown: most polls find nothing new.
            let position = self.position.load(Ordering::Acquire);
            if position != queued_up_to {
                match self.queue_webhooks().await {
                    Ok(_) => queued_up_to = position,
                    Err(e) => tracing::warn!(error = %e, "could not queue webhooks; will retry"),
                }
            }
            self.metrics.cached_pages.set(self.cache.len() as i64);
            self.metrics.cached_bytes.set(self.cache.weight() as i64);
        }
    }
}

/// This node's listener for change-log notices, when the database has them.
struct Notices {
    listener: Option<newsdesk_store::ChangeNotices>,
    /// After a failed wait, the next is not before this (the server may be down).
    resume_at: tokio::time::Instant,
}

impl Notices {
    async fn open(store: &newsdesk_store::Store) -> Notices {
        let listener = store.change_notices().await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "cannot listen for change notices; polling only");
            None
        });
        Notices {
            listener,
            resume_at: tokio::time::Instant::now(),
        }
    }

    /// The next notice; never, without a listener. A dropped connection is made again on
    /// the next wait, a second later, and polling goes on meanwhile.
    async fn next(&mut self) {
        let Some(listener) = &mut self.listener else {
            return std::future::pending().await;
        };
        tokio::time::sleep_until(self.resume_at).await;
        if let Err(e) = listener.next().await {
            tracing::warn!(error = %e, "lost the change-notice connection; polling meanwhile");
            self.resume_at = tokio::time::Instant::now() + std::time::Duration::from_secs(1);
            // Not a notice: wait on until the next poll drops this wait.
            std::future::pending::<()>().await;
        }
    }
}
