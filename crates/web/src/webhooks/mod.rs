//! Webhooks, as Ghost sends them: the change log becomes deliveries (here), deliveries
//! are signed and sent by whichever node claims them (`deliver`), and administrators
//! manage them in the desk (`desk`).
//!
//! Everything happens off the publish path: a publish commits its change-log row and
//! returns; a node's follower later turns the row into deliveries under the shared
//! "webhooks" cursor (queued in the transaction that moves it, so once across the
//! cluster), and the scheduler's tick sends them. An endpoint that is slow or down never
//! slows a newsroom down.

mod deliver;
pub(crate) mod desk;

use crate::api::ghost;
use crate::{App, WebError};
use newsdesk_core::webhook::Event;
use newsdesk_store::{Change, NewDelivery, Webhook};
use serde_json::{Value, json};

const CURSOR: &str = "webhooks";
const BATCH: i64 = 200;

/// What one batch did: queued some deliveries (and whether more rows may follow), or found
/// nothing left to do.
enum Batch {
    Queued { deliveries: usize, full: bool },
    Done,
}

impl App {
    /// Turns change-log rows no node has queued yet into deliveries for every webhook
    /// that is on and subscribed to their events, a batch at a time until the end of the
    /// log (or until another node takes over); returns how many were queued.
    pub async fn queue_webhooks(&self) -> Result<usize, WebError> {
        let mut queued = 0;
        loop {
            match self.queue_batch().await? {
                Batch::Queued { deliveries, full } => {
                    queued += deliveries;
                    if !full {
                        return Ok(queued);
                    }
                }
                Batch::Done => return Ok(queued),
            }
        }
    }

    async fn queue_batch(&self) -> Result<Batch, WebError> {
        let from = self.store.cursor(CURSOR).await?;
        let hooks: Vec<Webhook> = self
            .store
            .webhooks()
            .await?
            .into_iter()
            .filter(|h| h.enabled)
            .collect();
        if hooks.is_empty() {
            // Nothing listens: skip to the end rather than read the log for nobody.
            let end = self.store.last_change_id().await?;
            if end > from {
                self.store.queue_deliveries(CURSOR, from, end, &[]).await?;
            }
            return Ok(Batch::Done);
        }
        let changes = self.store.changes_after(from, BATCH).await?;
        let Some(last) = changes.last().map(|c| c.id) else {
            return Ok(Batch::Done);
        };
        let mut deliveries = Vec::new();
        // An import's rows are not publications to announce (see `Store::quietly`).
        for change in changes.iter().filter(|c| !c.quiet) {
            for &event in self.events_of(change).await? {
                let subscribers: Vec<&Webhook> =
                    hooks.iter().filter(|h| h.event == event.as_str()).collect();
                if subscribers.is_empty() {
                    continue;
                }
                let body = self.webhook_body(event, change).await?.to_string();
                deliveries.extend(subscribers.into_iter().map(|h| NewDelivery {
                    webhook_id: h.id,
                    event: event.as_str().to_owned(),
                    change_id: change.id,
                    body: body.clone(),
                }));
            }
        }
        // Ghost's "anything changed": one for the whole batch, not one per row; not for
        // a batch of rewritten related-story lists alone, which change nothing anyone wrote.
        let site = Event::SiteChanged.as_str();
        let changed = changes
            .iter()
            .any(|c| c.object != newsdesk_store::RELATED_OBJECT);
        deliveries.extend(
            hooks
                .iter()
                .filter(|h| changed && h.event == site)
                .map(|h| NewDelivery {
                    webhook_id: h.id,
                    event: site.to_owned(),
                    change_id: last,
                    body: "{}".to_owned(),
                }),
        );
        if self
            .store
            .queue_deliveries(CURSOR, from, last, &deliveries)
            .await?
        {
            Ok(Batch::Queued {
                deliveries: deliveries.len(),
                full: changes.len() as i64 == BATCH,
            })
        } else {
            // Another node queued these rows first; it carries on from here.
            Ok(Batch::Done)
        }
    }

    /// The events `change` announces. A story published (or edited) while under embargo
    /// announces nothing then — an integration that posts to social media must not leak
    /// it — and `post.published` when the embargo ends (its `embargo-lift` row).
    async fn events_of(&self, change: &Change) -> Result<&'static [Event], WebError> {
        let events = Event::of_change(&change.object, &change.action);
        let announces = |e: &Event| matches!(e, Event::PostPublished | Event::PostPublishedEdited);
        let id = change
            .object
            .strip_prefix("article:")
            .and_then(|id| id.parse::<i64>().ok());
        let Some(id) = id.filter(|_| change.action != "embargo-lift") else {
            return Ok(events);
        };
        if !events.iter().any(announces) {
            return Ok(events);
        }
        let embargoed = self
            .store
            .article(id)
            .await?
            .and_then(|a| a.embargo_until)
            .is_some_and(|until| until > change.at);
        Ok(match (embargoed, change.action.as_str()) {
            (false, _) => events,
            (true, "create-published") => &[Event::PostAdded],
            (true, _) => &[],
        })
    }

    /// Ghost's body for `event` about the object of `change`:
    /// `{"post": {"current": {…}, "previous": {…}}}`. `current` is the object as the
    /// Content API's Ghost door shows it when it is public, else its essential fields;
    /// `previous` is `{}` — Newsdesk does not keep what changed, only that it did — except
    /// for a deletion, where `current` is `{}` and `previous` holds the essentials.
    async fn webhook_body(&self, event: Event, change: &Change) -> Result<Value, WebError> {
        let Some(resource) = event.resource() else {
            return Ok(json!({}));
        };
        let id: i64 = change
            .object
            .split_once(':')
            .and_then(|(_, id)| id.parse().ok())
            .unwrap_or_default();
        let object = match resource {
            "post" => self.post_for_webhook(id).await?,
            "page" => self.page_for_webhook(id).await?,
            _ => self.tag_for_webhook(id).await?,
        };
        let deleted = matches!(
            event,
            Event::PostDeleted | Event::PageDeleted | Event::TagDeleted
        );
        let (current, previous) = if deleted {
            (json!({}), object)
        } else {
            (object, json!({}))
        };
        Ok(json!({ resource: { "current": current, "previous": previous } }))
    }

    async fn post_for_webhook(&self, id: i64) -> Result<Value, WebError> {
        let base = self.settings.base_url.as_str();
        if let Some(post) = self
            .store
            .api_post(Some(id), None, newsdesk_core::now())
            .await?
        {
            return Ok(ghost::webhook_post(base, &post));
        }
        let Some(article) = self.store.article(id).await? else {
            return Ok(json!({ "id": id.to_string(), "uuid": ghost::uuid(1, id) }));
        };
        let url = match self.store.section(article.section_id).await? {
            Some(section) => Value::String(format!("{base}/{}/{}", section.slug, article.slug)),
            None => Value::Null,
        };
        Ok(json!({
            "id": id.to_string(),
            "uuid": ghost::uuid(1, id),
            "slug": article.slug.as_str(),
            "title": article.headline,
            "status": article.state.as_str(),
            "url": url,
            "updated_at": crate::api::iso(article.updated_at),
            "published_at": article.first_published_at.map(crate::api::iso),
        }))
    }

    async fn page_for_webhook(&self, id: i64) -> Result<Value, WebError> {
        let base = self.settings.base_url.as_str();
        match self.store.page(id).await? {
            Some(page) if page.published => Ok(ghost::webhook_page(base, &page)),
            Some(page) => Ok(json!({
                "id": id.to_string(),
                "uuid": ghost::uuid(2, id),
                "slug": page.slug.as_str(),
                "title": page.title,
                "status": "draft",
                "url": format!("{base}{}", page.url()),
                "updated_at": crate::api::iso(page.updated_at),
            })),
            None => Ok(json!({ "id": id.to_string(), "uuid": ghost::uuid(2, id) })),
        }
    }

    async fn tag_for_webhook(&self, id: i64) -> Result<Value, WebError> {
        let base = self.settings.base_url.as_str();
        let now = newsdesk_core::now();
        Ok(
            match self.store.api_tag(Some(id), None, false, now).await? {
                Some(tag) => ghost::webhook_tag(base, &tag),
                None => json!({ "id": id.to_string() }),
            },
        )
    }
}
