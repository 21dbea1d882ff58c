//! "Who else is here": a story's edit lease at the desk. Opening the editor takes it when
//! it is free and shows who else holds it; the open editor's script refreshes it (the
//! heartbeat, answered in JSON), gives it up on leaving, and a plain form takes it over.
//! The story list marks stories someone else has open. The rules are the newsroom's
//! (`newsdesk_newsroom::Newsroom::take_lease` and its neighbours); this door only shapes
//! the answers.

use crate::desk::Signed;
use crate::gate::DeskPost;
use crate::{App, WebError};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use newsdesk_core::UnixTime;
use newsdesk_core::view::{DeskStory, Presence};
use newsdesk_store::Lease;
use serde::Serialize;

/// The heartbeat's answer: who else holds the lease (`null` when nobody does), and
/// whether the asker does.
#[derive(Serialize)]
struct LeaseAnswer {
    holder: Option<Holder>,
    yours: bool,
}

#[derive(Serialize)]
struct Holder {
    name: String,
    /// RFC 3339.
    since: String,
    /// As the banner shows it, in the site's zone.
    since_clock: String,
}

impl App {
    /// Opening the editor on story `id`: takes its lease when it is free, and answers who
    /// else holds it. Someone who may not edit the story (shown the editor after a refused
    /// correction, say) takes nothing and sees nobody.
    pub(crate) async fn presence_on_open(
        &self,
        signed: &Signed,
        id: i64,
    ) -> Result<Option<Presence>, WebError> {
        match self.newsroom.take_lease(&signed.actor(), id).await {
            Ok(holding) => Ok(holding.holder.map(|lease| self.presence(&lease))),
            Err(e) if e.is_internal() => Err(e.into()),
            Err(_) => Ok(None),
        }
    }

    /// Marks the stories of a list that someone else has open: one query for the page.
    pub(crate) async fn mark_editing(
        &self,
        signed: &Signed,
        stories: &mut [DeskStory],
    ) -> Result<(), WebError> {
        let ids: Vec<i64> = stories.iter().map(|s| s.id).collect();
        let mut editing = self.newsroom.others_editing(&signed.actor(), &ids).await?;
        for story in stories {
            story.editing = editing.remove(&story.id).map(|lease| lease.name);
        }
        Ok(())
    }

    fn presence(&self, lease: &Lease) -> Presence {
        Presence {
            name: lease.name.clone(),
            since: lease.taken_at,
            since_clock: clock(lease.taken_at, &self.site().time_zone),
        }
    }
}

/// "10:42" for a time today in `zone`, "25 Nov, 10:42" for another day.
fn clock(at: UnixTime, zone: &str) -> String {
    let tz = jiff::tz::TimeZone::get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let Ok(ts) = jiff::Timestamp::from_second(at) else {
        return String::new();
    };
    let then = ts.to_zoned(tz.clone());
    let today = jiff::Timestamp::now().to_zoned(tz).date();
    if then.date() == today {
        then.strftime("%H:%M").to_string()
    } else {
        then.strftime("%-d %b, %H:%M").to_string()
    }
}

/// The open editor's heartbeat: takes or refreshes the lease when it can, and answers
/// who holds it.
pub async fn heartbeat(
    State(app): State<App>,
    Path(id): Path<i64>,
    DeskPost { signed, .. }: DeskPost,
) -> Response {
    match app.newsroom.take_lease(&signed.actor(), id).await {
        Ok(holding) => {
            let answer = LeaseAnswer {
                holder: holding.holder.map(|lease| {
                    let shown = app.presence(&lease);
                    Holder {
                        name: shown.name,
                        since: jiff::Timestamp::from_second(shown.since)
                            .map(|t| t.to_string())
                            .unwrap_or_default(),
                        since_clock: shown.since_clock,
                    }
                }),
                yours: holding.yours,
            };
            match serde_json::to_string(&answer) {
                Ok(body) => {
                    let headers = [
                        (header::CONTENT_TYPE, "application/json"),
                        (header::CACHE_CONTROL, "no-store"),
                    ];
                    (headers, body).into_response()
                }
                Err(e) => app.error_page(&e.into()),
            }
        }
        Err(e) => app.refused(e),
    }
}

/// "Take over": the lease becomes the asker's whoever held it, and the editor opens again.
pub async fn take_over(
    State(app): State<App>,
    Path(id): Path<i64>,
    DeskPost { signed, .. }: DeskPost,
) -> Response {
    match app.newsroom.take_over_lease(&signed.actor(), id).await {
        Ok(()) => Redirect::to(&format!("/admin/stories/{id}")).into_response(),
        Err(e) => app.refused(e),
    }
}

/// Leaving the editor (sent by the page as it goes): gives up the asker's own lease.
pub async fn release(
    State(app): State<App>,
    Path(id): Path<i64>,
    DeskPost { signed, .. }: DeskPost,
) -> Response {
    match app.newsroom.release_lease(&signed.actor(), id).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => app.refused(e),
    }
}
