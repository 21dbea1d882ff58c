//! The desk's webhooks pages.

use super::Choice;
use crate::UnixTime;
use serde::Serialize;

/// One webhook as the desk lists it.
#[derive(Clone, Debug, Serialize)]
pub struct WebhookLine {
    pub id: i64,
    pub name: String,
    pub event: String,
    pub target_url: String,
    pub enabled: bool,
    /// Why it was turned off by itself (an endpoint answering 410 Gone); empty otherwise.
    pub disabled_reason: String,
    /// The latest attempt's status (0: no answer), and when.
    pub last_status: Option<i64>,
    pub last_attempt_at: Option<UnixTime>,
}

/// The webhooks page (administrators): every webhook, and the form to add one — filled in
/// again with what was typed when it was refused.
#[derive(Clone, Debug, Serialize)]
pub struct WebhooksPage {
    pub csrf_token: String,
    pub hooks: Vec<WebhookLine>,
    /// Every event, with what it means.
    pub events: Vec<Choice>,
    pub name: String,
    pub target_url: String,
    pub error: Option<String>,
}

/// One delivery of a webhook, as its page shows it.
#[derive(Clone, Debug, Serialize)]
pub struct DeliveryLine {
    pub id: i64,
    pub event: String,
    /// `pending`, `failed` (will be tried again), `delivered` or `gave_up`.
    pub state: String,
    pub attempts: i64,
    /// The latest answer's status (0: no answer), and its start or why there was none.
    pub status: Option<i64>,
    pub answer: String,
    pub created_at: UnixTime,
    pub next_attempt_at: UnixTime,
    pub delivered_at: Option<UnixTime>,
}

/// One webhook's page: its secret (to check signatures with), whether it is on, and its
/// latest deliveries with a way to send each again.
#[derive(Clone, Debug, Serialize)]
pub struct WebhookPage {
    pub csrf_token: String,
    pub hook: WebhookLine,
    pub secret: String,
    pub deliveries: Vec<DeliveryLine>,
    pub message: Option<String>,
}
