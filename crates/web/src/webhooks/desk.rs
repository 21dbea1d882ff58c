//! The desk's webhooks pages (administrators: `Action::ManageWebhooks`, checked by the
//! gate from `route::POLICY`): the list and the form to add one, each webhook's page with
//! its secret and deliveries, turning it on and off, deleting it, sending a delivery again.

use crate::desk::Signed;
use crate::gate::{DeskPost, DeskUser};
use crate::outbound::OutboundError;
use crate::upload::DeskForm;
use crate::{App, WebError};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use newsdesk_core::view::{Choice, DeliveryLine, WebhookLine, WebhookPage, WebhooksPage};
use newsdesk_core::webhook::Event;
use newsdesk_store::{NewWebhook, Webhook};
use serde::Deserialize;

/// Deliveries shown on a webhook's page.
const SHOWN_DELIVERIES: i64 = 50;

fn line(h: &Webhook) -> WebhookLine {
    WebhookLine {
        id: h.id,
        name: h.name.clone(),
        event: h.event.clone(),
        target_url: h.target_url.clone(),
        enabled: h.enabled,
        disabled_reason: h.disabled_reason.clone(),
        last_status: h.last_status,
        last_attempt_at: h.last_attempt_at,
    }
}

impl App {
    async fn webhooks_page(
        &self,
        status: StatusCode,
        signed: &Signed,
        typed: Option<&DeskForm>,
        error: Option<String>,
    ) -> Result<Response, WebError> {
        let hooks = self.store.webhooks().await?;
        let chosen = typed.map_or("post.published", |f| f.value("event"));
        let page = WebhooksPage {
            csrf_token: signed.csrf.clone(),
            hooks: hooks.iter().map(line).collect(),
            events: Event::ALL
                .into_iter()
                .map(|e| Choice {
                    value: e.as_str().to_owned(),
                    label: e.description().to_owned(),
                    selected: e.as_str() == chosen,
                })
                .collect(),
            name: typed
                .map(|f| f.value("name").to_owned())
                .unwrap_or_default(),
            target_url: typed
                .map(|f| f.value("target_url").to_owned())
                .unwrap_or_default(),
            error,
        };
        let html = self
            .templates
            .desk_webhooks(&self.site(), &signed.viewer(), &page);
        Ok(self.desk_page(status, html))
    }

    /// Why `url` cannot be a webhook's address, when it cannot: not http(s), or an address
    /// written out that requests would be refused (a name is checked at each send, when
    /// it is resolved).
    fn webhook_address_problem(&self, url: &str) -> Option<String> {
        match self.outbound.check(url) {
            Ok(()) => None,
            Err(OutboundError::BadUrl { .. }) => Some(format!(
                "{url:?} is not a web address: give one starting with https:// (or http://)."
            )),
            Err(e) => Some(format!("webhook endpoint {e}")),
        }
    }
}

/// The form's fields, checked; or what is wrong with them, to show above the form.
fn typed_webhook<'a>(app: &App, form: &'a DeskForm) -> Result<(&'a str, Event, &'a str), String> {
    let name = form.value("name").trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err("Give the webhook a name of 1 to 120 characters.".into());
    }
    let event: Event = form.value("event").parse().map_err(|e| format!("{e}"))?;
    let url = form.value("target_url").trim();
    if url.len() > 2000 {
        return Err("The address is longer than 2000 characters.".into());
    }
    if let Some(problem) = app.webhook_address_problem(url) {
        return Err(problem);
    }
    Ok((name, event, url))
}

pub async fn list(State(app): State<App>, DeskUser(signed): DeskUser) -> Response {
    app.webhooks_page(StatusCode::OK, &signed, None, None)
        .await
        .unwrap_or_else(|e| app.error_page(&e))
}

pub async fn add(State(app): State<App>, DeskPost { signed, form }: DeskPost) -> Response {
    let result = async {
        let (name, event, url) = match typed_webhook(&app, &form) {
            Ok(fields) => fields,
            Err(why) => {
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                return app
                    .webhooks_page(status, &signed, Some(&form), Some(why))
                    .await;
            }
        };
        let secret = newsdesk_auth::random_token();
        let new = NewWebhook {
            name,
            event: event.as_str(),
            target_url: url,
            secret: &secret,
        };
        let hook = app.store.add_webhook(&new, Some(signed.user.id)).await?;
        Ok(Redirect::to(&format!("/admin/webhooks/{}?done=added", hook.id)).into_response())
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn show(
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
    DeskUser(signed): DeskUser,
) -> Response {
    let result = async {
        let Some(hook) = app.store.webhook(id).await? else {
            return Ok(app.not_found_page());
        };
        let deliveries = app.store.deliveries(id, SHOWN_DELIVERIES).await?;
        let message = match q.done.as_deref() {
            Some("added") => {
                Some("Added. Give the secret below to the receiving end to check signatures with.")
            }
            Some("again") => Some("Queued again: it is sent within a few seconds."),
            Some("enabled") => Some("Turned on."),
            Some("disabled") => Some("Turned off: nothing is sent to it until it is turned on."),
            _ => None,
        };
        let page = WebhookPage {
            csrf_token: signed.csrf.clone(),
            hook: line(&hook),
            secret: hook.secret.clone(),
            deliveries: deliveries
                .into_iter()
                .map(|d| DeliveryLine {
                    id: d.id,
                    event: d.event,
                    state: d.state,
                    attempts: d.attempts,
                    status: d.status,
                    answer: d.answer,
                    created_at: d.created_at,
                    next_attempt_at: d.next_attempt_at,
                    delivered_at: d.delivered_at,
                })
                .collect(),
            message: message.map(str::to_owned),
        };
        let html = app
            .templates
            .desk_webhook(&app.site(), &signed.viewer(), &page);
        Ok(app.desk_page(StatusCode::OK, html))
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

/// Turns a webhook on or off, or deletes it.
pub async fn change(
    State(app): State<App>,
    Path(id): Path<i64>,
    DeskPost { signed, form }: DeskPost,
) -> Response {
    let by = Some(signed.user.id);
    let result = async {
        if app.store.webhook(id).await?.is_none() {
            return Ok(app.not_found_page());
        }
        let done = match form.value("action") {
            "enable" => {
                app.store.set_webhook_enabled(id, true, by).await?;
                "enabled"
            }
            "disable" => {
                app.store.set_webhook_enabled(id, false, by).await?;
                "disabled"
            }
            "delete" => {
                app.store.delete_webhook(id, by).await?;
                return Ok(Redirect::to("/admin/webhooks").into_response());
            }
            _ => {
                return Ok(crate::rejections::say(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "Choose one of the buttons: turn on, turn off or delete.",
                ));
            }
        };
        Ok(Redirect::to(&format!("/admin/webhooks/{id}?done={done}")).into_response())
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

/// Queues a delivery again, as a new delivery due now. The numbers are read after the
/// gate, so a visitor without the right is refused whatever the address holds.
pub async fn resend(
    State(app): State<App>,
    Path((id, delivery)): Path<(String, String)>,
    DeskPost { .. }: DeskPost,
) -> Response {
    let (Ok(id), Ok(delivery)) = (id.parse::<i64>(), delivery.parse::<i64>()) else {
        return app.not_found_page();
    };
    match app.store.resend_delivery(id, delivery).await {
        Ok(true) => Redirect::to(&format!("/admin/webhooks/{id}?done=again")).into_response(),
        Ok(false) => app.not_found_page(),
        Err(e) => app.error_page(&e.into()),
    }
}
