//! Sending deliveries: claimed in the database so one node sends each, signed as Ghost
//! signs them, retried with growing waits, and given up after the last. An endpoint that
//! answers 410 Gone has asked to hear nothing more: its webhook is turned off, with the
//! reason shown in the desk.

use crate::{App, WebError};
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use newsdesk_core::UnixTime;
use newsdesk_store::{Attempt, ClaimedDelivery};
use std::time::Duration;

/// The longest an endpoint is given to answer, redirects included.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How long a claim holds: longer than one round of sends (they run side by side).
const LEASE_SECONDS: i64 = 120;
/// Deliveries claimed by one round.
const ROUND: i64 = 20;
/// Waits after the first, second… failed attempt (1 min, 5 min, 30 min, 2 h, 6 h); a
/// delivery that fails once more is given up.
pub const RETRY_AFTER: [i64; 5] = [60, 300, 1_800, 7_200, 21_600];

impl App {
    /// Sends the deliveries due at `now` that this node claims, side by side; returns
    /// how many were attempted. `now` is an argument so a test can reach a retry without
    /// waiting for it.
    pub async fn deliver_webhooks(&self, now: UnixTime) -> Result<usize, WebError> {
        let claimed = self
            .store
            .claim_deliveries(&self.node, now, now + LEASE_SECONDS, ROUND)
            .await?;
        let count = claimed.len();
        let mut sends = tokio::task::JoinSet::new();
        for delivery in claimed {
            let app = self.clone();
            sends.spawn(async move { app.deliver(delivery, now).await });
        }
        while let Some(done) = sends.join_next().await {
            match done {
                Ok(Err(e)) => tracing::warn!(error = %e, "recording a webhook delivery failed"),
                Err(e) => tracing::error!(error = %e, "a webhook delivery task failed"),
                Ok(Ok(())) => {}
            }
        }
        Ok(count)
    }

    async fn deliver(&self, claimed: ClaimedDelivery, now: UnixTime) -> Result<(), WebError> {
        let d = &claimed.delivery;
        let headers = signed_headers(&claimed.secret, &d.body, &d.event, d.id);
        let sent = self
            .outbound
            .send(
                &Method::POST,
                &claimed.target_url,
                &headers,
                Bytes::from(d.body.clone()),
                TIMEOUT,
            )
            .await;
        let attempt = match sent {
            Ok(answer) if answer.status.is_success() => Attempt {
                state: "delivered",
                status: i64::from(answer.status.as_u16()),
                answer: answer.excerpt,
                next_attempt_at: now,
                disable_because: None,
            },
            Ok(answer) if answer.status == StatusCode::GONE => Attempt {
                state: "gave_up",
                status: 410,
                answer: answer.excerpt,
                next_attempt_at: now,
                disable_because: Some(format!(
                    "Turned off on {}: the endpoint answered 410 Gone, which asks not to be sent anything more. Turn it on again once the endpoint is back.",
                    day(now)
                )),
            },
            Ok(answer) => failed(
                d.attempts,
                now,
                i64::from(answer.status.as_u16()),
                answer.excerpt,
            ),
            Err(e) => failed(d.attempts, now, 0, format!("webhook endpoint {e}")),
        };
        tracing::info!(
            delivery = d.id,
            webhook = d.webhook_id,
            event = %d.event,
            status = attempt.status,
            state = attempt.state,
            "webhook delivery attempted"
        );
        self.store
            .record_attempt(d.id, &self.node, &attempt)
            .await?;
        Ok(())
    }
}

/// The outcome of a failed attempt after `attempts_before` earlier ones: try again after
/// the next wait, or give up when there is none.
fn failed(attempts_before: i64, now: UnixTime, status: i64, answer: String) -> Attempt {
    let wait = usize::try_from(attempts_before)
        .ok()
        .and_then(|n| RETRY_AFTER.get(n));
    Attempt {
        state: if wait.is_some() { "failed" } else { "gave_up" },
        status,
        answer,
        next_attempt_at: now + wait.copied().unwrap_or(0),
        disable_because: None,
    }
}

fn day(at: UnixTime) -> String {
    jiff::Timestamp::from_second(at)
        .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// Ghost's signature: HMAC-SHA256 of the body followed by the time in milliseconds,
/// `X-Ghost-Signature: sha256=<hex>, t=<ms>`; and which event and delivery this is.
pub(crate) fn signed_headers(secret: &str, body: &str, event: &str, id: i64) -> HeaderMap {
    let ms = jiff::Timestamp::now().as_millisecond();
    let signature =
        newsdesk_auth::hmac_sha256_hex(secret.as_bytes(), format!("{body}{ms}").as_bytes());
    let mut headers = HeaderMap::new();
    let mut put = |name: &'static str, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    };
    put("x-ghost-signature", format!("sha256={signature}, t={ms}"));
    // Event names are Ghost's (checked when the webhook was added): always a valid value.
    put("x-newsdesk-event", event.to_owned());
    put("x-newsdesk-delivery", id.to_string());
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(
        header::USER_AGENT,
        HeaderValue::from_static(concat!(
            "Newsdesk/",
            env!("CARGO_PKG_VERSION"),
            " (webhooks)"
        )),
    );
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_wait_longer_each_time_then_give_up() {
        let waits: Vec<(i64, &str)> = (0..6)
            .map(|n| {
                let a = failed(n, 1_000, 500, String::new());
                (a.next_attempt_at - 1_000, a.state)
            })
            .collect();
        assert_eq!(
            waits,
            [
                (60, "failed"),
                (300, "failed"),
                (1_800, "failed"),
                (7_200, "failed"),
                (21_600, "failed"),
                (0, "gave_up"),
            ]
        );
    }

    #[test]
    fn the_signature_is_ghosts() {
        let headers = signed_headers("s3cret", "{\"a\":1}", "post.published", 7);
        let value = headers["x-ghost-signature"].to_str().unwrap();
        let (sig, t) = value.split_once(", t=").unwrap();
        let expected =
            newsdesk_auth::hmac_sha256_hex(b"s3cret", format!("{{\"a\":1}}{t}").as_bytes());
        assert_eq!(sig, format!("sha256={expected}"));
        assert_eq!(headers["x-newsdesk-event"], "post.published");
    }
}
