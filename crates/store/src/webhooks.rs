//! Webhooks and their deliveries. A delivery is queued in the same transaction that moves
//! the shared "webhooks" cursor past the change-log rows it announces, so each row is
//! queued exactly once across the cluster; a node sends a delivery only after claiming it
//! (a compare-and-set on `claimed_until`, a lease that lapses if the node dies mid-send).

use crate::users::audit;
use crate::{Store, StoreError};
use newsdesk_core::UnixTime;

/// An endpoint subscribed to one event.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Webhook {
    pub id: i64,
    pub name: String,
    /// A Ghost event name: `post.published`, `tag.added`, …
    pub event: String,
    pub target_url: String,
    pub secret: String,
    pub enabled: bool,
    /// Why it was turned off (empty when an administrator did it, or it is on).
    pub disabled_reason: String,
    pub created_at: UnixTime,
    pub created_by: Option<i64>,
    /// The latest attempt's status (0: no answer); `None` before the first.
    pub last_status: Option<i64>,
    pub last_attempt_at: Option<UnixTime>,
}

pub struct NewWebhook<'a> {
    pub name: &'a str,
    pub event: &'a str,
    pub target_url: &'a str,
    pub secret: &'a str,
}

/// One event sent (or to be sent) to one webhook.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Delivery {
    pub id: i64,
    pub webhook_id: i64,
    pub event: String,
    pub change_id: i64,
    pub body: String,
    /// `pending`, `failed` (will be tried again), `delivered` or `gave_up`.
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: UnixTime,
    /// The latest attempt's status (0: no answer).
    pub status: Option<i64>,
    /// The start of the latest answer, or why there was none.
    pub answer: String,
    pub created_at: UnixTime,
    pub delivered_at: Option<UnixTime>,
}

/// A delivery this node has claimed, with where and how to send it.
#[derive(Clone, Debug)]
pub struct ClaimedDelivery {
    pub delivery: Delivery,
    pub target_url: String,
    pub secret: String,
}

/// A delivery to queue.
#[derive(Clone, Debug)]
pub struct NewDelivery {
    pub webhook_id: i64,
    pub event: String,
    pub change_id: i64,
    pub body: String,
}

/// What became of one attempt.
#[derive(Clone, Debug)]
pub struct Attempt {
    /// `delivered`, `failed` or `gave_up`.
    pub state: &'static str,
    pub status: i64,
    pub answer: String,
    /// When to try again (for `failed`).
    pub next_attempt_at: UnixTime,
    /// Turn the webhook off, saying why (an endpoint answering 410 Gone).
    pub disable_because: Option<String>,
}

const WEBHOOK_COLUMNS: &str = "id, name, event, target_url, secret, enabled, disabled_reason, \
     created_at, created_by, last_status, last_attempt_at";
type WebhookRow = (
    i64,
    String,
    String,
    String,
    String,
    i64,
    String,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

fn webhook(r: WebhookRow) -> Webhook {
    Webhook {
        id: r.0,
        name: r.1,
        event: r.2,
        target_url: r.3,
        secret: r.4,
        enabled: r.5 != 0,
        disabled_reason: r.6,
        created_at: r.7,
        created_by: r.8,
        last_status: r.9,
        last_attempt_at: r.10,
    }
}

const DELIVERY_COLUMNS: &str = "d.id, d.webhook_id, d.event, d.change_id, d.body, d.state, \
     d.attempts, d.next_attempt_at, d.status, d.answer, d.created_at, d.delivered_at";
type DeliveryRow = (
    i64,
    i64,
    String,
    i64,
    String,
    String,
    i64,
    i64,
    Option<i64>,
    String,
    i64,
    Option<i64>,
);

fn delivery(r: DeliveryRow) -> Delivery {
    Delivery {
        id: r.0,
        webhook_id: r.1,
        event: r.2,
        change_id: r.3,
        body: r.4,
        state: r.5,
        attempts: r.6,
        next_attempt_at: r.7,
        status: r.8,
        answer: r.9,
        created_at: r.10,
        delivered_at: r.11,
    }
}

impl Store {
    /// Every webhook, oldest first.
    pub async fn webhooks(&self) -> crate::Result<Vec<Webhook>> {
        let sql = format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks ORDER BY id");
        let rows: Vec<WebhookRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(webhook).collect())
    }

    pub async fn webhook(&self, id: i64) -> crate::Result<Option<Webhook>> {
        let sql = format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE id = $1");
        let row: Option<WebhookRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(webhook))
    }

    /// Adds a webhook, turned on. The caller has checked the event and address.
    pub async fn add_webhook(
        &self,
        new: &NewWebhook<'_>,
        by: Option<i64>,
    ) -> crate::Result<Webhook> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO webhooks (name, event, target_url, secret, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(new.name)
        .bind(new.event)
        .bind(new.target_url)
        .bind(new.secret)
        .bind(newsdesk_core::now())
        .bind(by)
        .fetch_one(&mut *tx)
        .await?;
        let detail = format!("{} → {}", new.event, new.target_url);
        audit(
            &mut tx,
            by,
            "webhook.create",
            &format!("webhook:{id}"),
            &detail,
        )
        .await?;
        tx.commit().await?;
        self.webhook(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("webhook {id}")))
    }

    /// Turns a webhook on (its reason cleared) or off. Deliveries queued meanwhile stay
    /// queued and are sent once it is on again.
    pub async fn set_webhook_enabled(
        &self,
        id: i64,
        enabled: bool,
        by: Option<i64>,
    ) -> crate::Result<()> {
        let mut tx = self.begin().await?;
        let changed =
            sqlx::query("UPDATE webhooks SET enabled = $1, disabled_reason = '' WHERE id = $2")
                .bind(i64::from(enabled))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("webhook {id}")));
        }
        let action = if enabled {
            "webhook.enable"
        } else {
            "webhook.disable"
        };
        audit(&mut tx, by, action, &format!("webhook:{id}"), "").await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a webhook and its deliveries.
    pub async fn delete_webhook(&self, id: i64, by: Option<i64>) -> crate::Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM webhook_deliveries WHERE webhook_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let deleted = sqlx::query("DELETE FROM webhooks WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("webhook {id}")));
        }
        audit(&mut tx, by, "webhook.delete", &format!("webhook:{id}"), "").await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves the shared cursor `name` from `from` to `to` and queues `deliveries`, in one
    /// transaction; false (and nothing queued) when another node moved it first.
    pub async fn queue_deliveries(
        &self,
        name: &str,
        from: i64,
        to: i64,
        deliveries: &[NewDelivery],
    ) -> crate::Result<bool> {
        let mut tx = self.begin().await?;
        let mut moved = 0;
        if from == 0 {
            moved = sqlx::query(
                "INSERT INTO cursors (name, position) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
            )
            .bind(name)
            .bind(to)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        if moved == 0 {
            moved =
                sqlx::query("UPDATE cursors SET position = $1 WHERE name = $2 AND position = $3")
                    .bind(to)
                    .bind(name)
                    .bind(from)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
        }
        if moved != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        let now = newsdesk_core::now();
        for d in deliveries {
            sqlx::query(
                "INSERT INTO webhook_deliveries (webhook_id, event, change_id, body, next_attempt_at, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $5)",
            )
            .bind(d.webhook_id)
            .bind(&d.event)
            .bind(d.change_id)
            .bind(&d.body)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Claims up to `limit` deliveries due at `now` of webhooks that are on, for `node`
    /// until `until`; each is claimed by exactly one node (compare and set).
    pub async fn claim_deliveries(
        &self,
        node: &str,
        now: UnixTime,
        until: UnixTime,
        limit: i64,
    ) -> crate::Result<Vec<ClaimedDelivery>> {
        let candidates: Vec<i64> = sqlx::query_scalar(
            "SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
             WHERE d.state IN ('pending', 'failed') AND d.next_attempt_at <= $1 \
             AND d.claimed_until < $1 AND w.enabled = 1 \
             ORDER BY d.next_attempt_at, d.id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut claimed = Vec::new();
        for id in candidates {
            let won = sqlx::query(
                "UPDATE webhook_deliveries SET claimed_by = $1, claimed_until = $2 \
                 WHERE id = $3 AND state IN ('pending', 'failed') AND claimed_until < $4",
            )
            .bind(node)
            .bind(until)
            .bind(id)
            .bind(now)
            .execute(&self.pool)
            .await?
            .rows_affected();
            if won == 1 {
                claimed.push(id);
            }
        }
        let mut out = Vec::new();
        for id in claimed {
            let sql =
                format!("SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.id = $1");
            let row: DeliveryRow = sqlx::query_as(&sql).bind(id).fetch_one(&self.pool).await?;
            let (target_url, secret): (String, String) =
                sqlx::query_as("SELECT target_url, secret FROM webhooks WHERE id = $1")
                    .bind(row.1)
                    .fetch_one(&self.pool)
                    .await?;
            out.push(ClaimedDelivery {
                delivery: delivery(row),
                target_url,
                secret,
            });
        }
        Ok(out)
    }

    /// Records an attempt on a delivery `node` holds, on the delivery and its webhook.
    pub async fn record_attempt(
        &self,
        delivery_id: i64,
        node: &str,
        attempt: &Attempt,
    ) -> crate::Result<()> {
        let now = newsdesk_core::now();
        let mut tx = self.begin().await?;
        let webhook_id: Option<i64> = sqlx::query_scalar(
            "UPDATE webhook_deliveries SET state = $1, attempts = attempts + 1, status = $2, \
             answer = $3, next_attempt_at = $4, delivered_at = $5, claimed_by = '', claimed_until = 0 \
             WHERE id = $6 AND claimed_by = $7 RETURNING webhook_id",
        )
        .bind(attempt.state)
        .bind(attempt.status)
        .bind(&attempt.answer)
        .bind(attempt.next_attempt_at)
        .bind((attempt.state == "delivered").then_some(now))
        .bind(delivery_id)
        .bind(node)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(webhook_id) = webhook_id else {
            // The claim lapsed and another node took the delivery over: its record stands.
            tx.rollback().await?;
            return Ok(());
        };
        sqlx::query("UPDATE webhooks SET last_status = $1, last_attempt_at = $2 WHERE id = $3")
            .bind(attempt.status)
            .bind(now)
            .bind(webhook_id)
            .execute(&mut *tx)
            .await?;
        if let Some(reason) = &attempt.disable_because {
            sqlx::query("UPDATE webhooks SET enabled = 0, disabled_reason = $1 WHERE id = $2")
                .bind(reason)
                .bind(webhook_id)
                .execute(&mut *tx)
                .await?;
            let object = format!("webhook:{webhook_id}");
            audit(&mut tx, None, "webhook.disable", &object, reason).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A webhook's latest deliveries, newest first.
    pub async fn deliveries(&self, webhook_id: i64, limit: i64) -> crate::Result<Vec<Delivery>> {
        let sql = format!(
            "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.webhook_id = $1 \
             ORDER BY d.id DESC LIMIT $2"
        );
        let rows: Vec<DeliveryRow> = sqlx::query_as(&sql)
            .bind(webhook_id)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(delivery).collect())
    }

    /// Queues a delivery of `webhook_id` again, as a new delivery due now; false when
    /// there is no such delivery of that webhook.
    pub async fn resend_delivery(&self, webhook_id: i64, delivery_id: i64) -> crate::Result<bool> {
        let now = newsdesk_core::now();
        let queued = sqlx::query(
            "INSERT INTO webhook_deliveries (webhook_id, event, change_id, body, next_attempt_at, created_at) \
             SELECT webhook_id, event, change_id, body, $1, $1 FROM webhook_deliveries \
             WHERE id = $2 AND webhook_id = $3",
        )
        .bind(now)
        .bind(delivery_id)
        .bind(webhook_id)
        .execute(&self.pool)
        .await?;
        Ok(queued.rows_affected() == 1)
    }

    /// Deletes finished deliveries created before `before`; returns how many.
    pub async fn prune_deliveries(&self, before: UnixTime) -> crate::Result<u64> {
        let done = sqlx::query(
            "DELETE FROM webhook_deliveries WHERE created_at < $1 AND state IN ('delivered', 'gave_up')",
        )
        .bind(before)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }
}
