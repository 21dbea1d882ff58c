//! Work a node does by the clock: publishing scheduled stories. Every node runs it; the
//! database decides which node publishes each story (see `Store::publish_due`).

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

    /// Runs `publish_due` every second, forever; spawned once per node.
    pub async fn run_scheduler(self) {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = self.publish_due().await {
                tracing::warn!(error = %e, "scheduled publishing failed; will retry");
            }
        }
    }
}
