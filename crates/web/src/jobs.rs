//! Work a node does by the clock: publishing scheduled stories and sending due webhook
//! deliveries each second, and hourly housekeeping (expired sessions, old sign-in
//! attempts, stories 30 days in the trash, finished deliveries 30 days old).
//! Every node runs it; the database decides which node publishes each story (see
//! `Store::publish_due`), and housekeeping twice over deletes nothing twice.

use crate::App;
use std::time::Duration;

impl App {
    /// Publishes what is due now; returns the stories published by this node.
    pub async fn publish_due(&self) -> Result<Vec<i64>, crate::WebError> {
        let ids = self.store.publish_due(newsdesk_core::now()).await?;
        for id in &ids {
            tracing::info!(article = id, "published on schedule");
        }
        Ok(ids)
    }

    /// Deletes expired sessions, sign-in attempts older than a day (throttling looks back
    /// an hour) and stories that have been in the trash for 30 days.
    pub async fn housekeeping(&self) -> Result<(), crate::WebError> {
        let now = newsdesk_core::now();
        let pruned = self.store.prune_sessions(now, now - 86_400).await?;
        let purged = self
            .store
            .purge_trash(now - newsdesk_store::TRASH_DAYS * 86_400)
            .await?;
        let deliveries = self.store.prune_deliveries(now - 30 * 86_400).await?;
        if pruned > 0 || purged > 0 || deliveries > 0 {
            tracing::info!(pruned, purged, deliveries, "housekeeping");
        }
        Ok(())
    }

    /// Runs `publish_due` every second and `housekeeping` every hour, forever.
    pub async fn run_scheduler(self) {
        self.run_scheduler_until(std::future::pending()).await;
    }

    /// Runs `publish_due` and webhook deliveries every second and `housekeeping` every
    /// hour until `stop` completes; spawned once per node. Work under way when `stop`
    /// comes is finished first (see `follow_changes_until`).
    pub async fn run_scheduler_until(self, stop: impl Future<Output = ()>) {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut seconds = 0u32;
        tokio::pin!(stop);
        loop {
            tokio::select! {
                _ = &mut stop => break,
                _ = tick.tick() => {}
            }
            if let Err(e) = self.publish_due().await {
                tracing::warn!(error = %e, "scheduled publishing failed; will retry");
            }
            self.start_delivering().await;
            if seconds.is_multiple_of(3600)
                && let Err(e) = self.housekeeping().await
            {
                tracing::warn!(error = %e, "housekeeping failed; will retry in an hour");
            }
            seconds = seconds.wrapping_add(1);
        }
        if let Some(round) = self.delivering.lock().await.take() {
            let _ = round.await;
        }
    }

    /// Starts a round of webhook deliveries beside the scheduler unless one is under way:
    /// a slow endpoint (up to 10 s) must never hold up a scheduled story.
    async fn start_delivering(&self) {
        let mut slot = self.delivering.lock().await;
        if slot.as_ref().is_some_and(|round| !round.is_finished()) {
            return;
        }
        let app = self.clone();
        *slot = Some(tokio::spawn(async move {
            if let Err(e) = app.deliver_webhooks(newsdesk_core::now()).await {
                tracing::warn!(error = %e, "sending webhooks failed; will retry");
            }
        }));
    }
}
