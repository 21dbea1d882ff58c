//! Stories through the Admin API: list (every state), read, create, update (with the
//! version it was based on, and a workflow step), correct, trash and restore.

use super::{AdminError, TokenActor, answer, parse_json};
use crate::App;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use newsdesk_core::workflow::Step;
use newsdesk_core::{Article, ArticleFlags, State as StoryState, UnixTime};
use newsdesk_newsroom::{StoryFields, Trashing};
use newsdesk_store::DeskFilter;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::json;

/// Stories per page when `limit` is not given, and the most a page may hold.
const DEFAULT_LIMIT: u32 = 15;
const MAX_LIMIT: u32 = 100;
const MAX_PAGE: u32 = 10_000;

/// A time as the API writes it: RFC 3339 in UTC.
fn time(at: UnixTime) -> String {
    jiff::Timestamp::from_second(at).map_or_else(|_| String::new(), |t| t.to_string())
}

#[derive(Serialize)]
struct Flags {
    breaking: bool,
    live: bool,
    opinion: bool,
    obituary: bool,
}

#[derive(Serialize)]
struct Correction {
    kind: String,
    text: String,
    published_at: String,
}

/// A story as the Admin API shows it: everything the desk's editor holds.
#[derive(Serialize)]
struct StoryOut {
    id: i64,
    version: i64,
    state: &'static str,
    slug: String,
    /// The public address, while readers can see the story.
    url: Option<String>,
    headline: String,
    standfirst: String,
    body_markdown: String,
    body_html: String,
    section_id: i64,
    tag_ids: Vec<i64>,
    author_ids: Vec<i64>,
    lead_media_id: Option<i64>,
    flags: Flags,
    seo_title: Option<String>,
    seo_description: Option<String>,
    scheduled_for: Option<String>,
    embargo_until: Option<String>,
    first_published_at: Option<String>,
    published_at: Option<String>,
    updated_at: String,
    in_trash: bool,
    corrections: Vec<Correction>,
}

async fn story_out(app: &App, a: Article) -> Result<StoryOut, AdminError> {
    let corrections = app
        .store
        .corrections(a.id)
        .await?
        .into_iter()
        .map(|(at, kind, text)| Correction {
            kind,
            text,
            published_at: time(at),
        })
        .collect();
    let url = if a.is_public(newsdesk_core::now()) && a.deleted_at.is_none() {
        let sections = app.store.section_choices().await?;
        sections
            .iter()
            .find(|s| s.id == a.section_id)
            .map(|s| format!("{}/{}/{}", app.settings.base_url, s.slug, a.slug))
    } else {
        None
    };
    Ok(StoryOut {
        id: a.id,
        version: a.version,
        state: a.state.as_str(),
        slug: a.slug.as_str().to_owned(),
        url,
        headline: a.headline,
        standfirst: a.standfirst,
        body_markdown: a.body_markdown,
        body_html: a.body_html,
        section_id: a.section_id,
        tag_ids: a.tag_ids,
        author_ids: a.author_ids,
        lead_media_id: a.lead_media_id,
        flags: Flags {
            breaking: a.flags.breaking,
            live: a.flags.live,
            opinion: a.flags.opinion,
            obituary: a.flags.obituary,
        },
        seo_title: a.seo_title,
        seo_description: a.seo_description,
        scheduled_for: a.scheduled_for.map(time),
        embargo_until: a.embargo_until.map(time),
        first_published_at: a.first_published_at.map(time),
        published_at: a.published_at.map(time),
        updated_at: time(a.updated_at),
        in_trash: a.deleted_at.is_some(),
        corrections,
    })
}

async fn one(app: &App, status: StatusCode, a: Article) -> Response {
    match story_out(app, a).await {
        Ok(story) => answer(status, &json!({ "story": story })),
        Err(e) => e.into_response(),
    }
}

/// `null` and absent differ: absent keeps the saved value, `null` clears it.
pub(super) fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FlagsIn {
    #[serde(default)]
    breaking: bool,
    #[serde(default)]
    live: bool,
    #[serde(default)]
    opinion: bool,
    #[serde(default)]
    obituary: bool,
}

/// A story as sent: every field optional (absent keeps what is saved).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoryIn {
    /// The version the change is based on: required to update.
    version: Option<i64>,
    /// `save` (the default), `submit`, `publish`, `schedule` or `unpublish`.
    step: Option<String>,
    headline: Option<String>,
    slug: Option<String>,
    standfirst: Option<String>,
    body_markdown: Option<String>,
    section_id: Option<i64>,
    tag_ids: Option<Vec<i64>>,
    #[serde(default)]
    topic_names: Vec<String>,
    author_ids: Option<Vec<i64>>,
    #[serde(default, deserialize_with = "present")]
    lead_media_id: Option<Option<i64>>,
    flags: Option<FlagsIn>,
    #[serde(default, deserialize_with = "present")]
    seo_title: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    seo_description: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    scheduled_for: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    embargo_until: Option<Option<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoryBody {
    story: StoryIn,
}

/// An RFC 3339 time (`2026-12-24T18:00:00Z`, `…+01:00`) as unix seconds.
fn parse_time(
    field: &'static str,
    value: Option<Option<String>>,
) -> Result<Option<Option<i64>>, AdminError> {
    value
        .map(|v| {
            v.map(|text| {
                text.parse::<jiff::Timestamp>()
                    .map(|t| t.as_second())
                    .map_err(|_| {
                        AdminError::invalid(
                            field,
                            format!("{text:?} is not a time like 2026-12-24T18:00:00Z (RFC 3339, with its offset)."),
                        )
                    })
            })
            .transpose()
        })
        .transpose()
}

impl StoryIn {
    fn fields(self) -> Result<(Option<i64>, Step, StoryFields), AdminError> {
        let step = match self.step.as_deref() {
            None => Step::Save,
            Some(name) => Step::parse(name).ok_or_else(|| {
                AdminError::invalid(
                    "step",
                    format!(
                        "{name:?} is not a step: use save, submit, publish, schedule or unpublish."
                    ),
                )
            })?,
        };
        let fields = StoryFields {
            headline: self.headline,
            slug: self.slug,
            standfirst: self.standfirst,
            body_markdown: self.body_markdown,
            section_id: self.section_id,
            tag_ids: self.tag_ids,
            topic_names: self.topic_names,
            author_ids: self.author_ids,
            lead_media_id: self.lead_media_id,
            flags: self.flags.map(|f| ArticleFlags {
                breaking: f.breaking,
                live: f.live,
                opinion: f.opinion,
                obituary: f.obituary,
            }),
            seo_title: self.seo_title,
            seo_description: self.seo_description,
            scheduled_for: parse_time("scheduled_for", self.scheduled_for)?,
            embargo_until: parse_time("embargo_until", self.embargo_until)?,
            // Only importers keep a source's publication time.
            published_at_from_source: None,
        };
        Ok((self.version, step, fields))
    }
}

#[derive(Deserialize)]
pub(crate) struct ListParams {
    state: Option<String>,
    section_id: Option<i64>,
    author_id: Option<i64>,
    #[serde(default)]
    q: String,
    page: Option<u32>,
    limit: Option<u32>,
}

/// `GET /api/admin/v1/stories/`: stories in every state but the trash, last saved first.
pub(crate) async fn list_stories(
    State(app): State<App>,
    who: TokenActor,
    params: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let result = async {
        who.may_read()?;
        let Query(p) = params.map_err(|e| {
            AdminError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("The query could not be read: {}.", e.body_text()),
            )
        })?;
        let state = match p.state.as_deref() {
            None | Some("") => None,
            Some(name) => Some(name.parse::<StoryState>().map_err(|_| {
                AdminError::invalid("state", format!("{name:?} is not a state: use draft, in_review, scheduled, published or unpublished."))
            })?),
        };
        let limit = p.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(AdminError::invalid(
                "limit",
                format!("limit is from 1 to {MAX_LIMIT}."),
            ));
        }
        let page = p.page.unwrap_or(1);
        if !(1..=MAX_PAGE).contains(&page) {
            return Err(AdminError::invalid(
                "page",
                format!("page is from 1 to {MAX_PAGE}."),
            ));
        }
        let filter = DeskFilter {
            state,
            section_id: p.section_id,
            author_id: p.author_id,
            query: p.q,
            page,
        };
        let (stories, more) = app
            .store
            .desk_stories(&filter, limit, newsdesk_core::now())
            .await?;
        let base = &app.settings.base_url;
        let stories: Vec<_> = stories
            .into_iter()
            .map(|s| {
                json!({
                    "id": s.id,
                    "headline": s.headline,
                    "state": s.state.as_str(),
                    "section": s.section,
                    "authors": s.authors,
                    "updated_at": time(s.updated_at),
                    "url": s.public_url.map(|p| format!("{base}{p}")),
                })
            })
            .collect();
        let next = more.then_some(page + 1);
        let prev = (page > 1).then(|| page - 1);
        Ok(answer(
            StatusCode::OK,
            &json!({
                "stories": stories,
                "meta": {"pagination": {"page": page, "limit": limit, "next": next, "prev": prev}},
            }),
        ))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

/// `GET /api/admin/v1/stories/{id}/`
pub(crate) async fn story(
    State(app): State<App>,
    who: TokenActor,
    Path(id): Path<i64>,
) -> Response {
    if let Err(e) = who.may_read() {
        return e.into_response();
    }
    match app.store.article(id).await {
        Ok(Some(a)) if a.deleted_at.is_none() => one(&app, StatusCode::OK, a).await,
        Ok(_) => AdminError::from(newsdesk_newsroom::OpError::NotFound("story")).into_response(),
        Err(e) => AdminError::from(e).into_response(),
    }
}

/// `POST /api/admin/v1/stories/`: a new draft (201, with its address in `Location`).
pub(crate) async fn create_story(State(app): State<App>, who: TokenActor, body: Bytes) -> Response {
    let result = async {
        let StoryBody { story } = parse_json(&body)?;
        let (_, step, fields) = story.fields()?;
        let mut article = app.newsroom.create_story(&who.actor, fields).await?;
        // A first step other than a save (`publish` straight away) is taken on the draft.
        if step != Step::Save {
            let next = StoryFields::default();
            article = app
                .newsroom
                .save_story(&who.actor, article.id, article.version, step, next)
                .await?;
        }
        Ok::<_, AdminError>(article)
    };
    match result.await {
        Ok(article) => {
            let location = format!("/api/admin/v1/stories/{}/", article.id);
            let mut response = one(&app, StatusCode::CREATED, article).await;
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Err(e) => e.into_response(),
    }
}

/// `PATCH /api/admin/v1/stories/{id}/`: the fields sent change, the rest stay; `version`
/// is required, and a stale one answers 409 with `current_version`.
pub(crate) async fn update_story(
    State(app): State<App>,
    who: TokenActor,
    Path(id): Path<i64>,
    body: Bytes,
) -> Response {
    let result = async {
        let StoryBody { story } = parse_json(&body)?;
        let (version, step, fields) = story.fields()?;
        let version = version.ok_or_else(|| {
            AdminError::invalid("version", "Send the story's `version` you based this change on (from the last GET), so a change made meanwhile is not overwritten.")
        })?;
        Ok::<_, AdminError>(
            app.newsroom
                .save_story(&who.actor, id, version, step, fields)
                .await?,
        )
    };
    match result.await {
        Ok(article) => one(&app, StatusCode::OK, article).await,
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CorrectionIn {
    /// `correction` or `update`.
    kind: String,
    text: String,
}

/// `POST /api/admin/v1/stories/{id}/corrections/`: a dated note on a published story.
pub(crate) async fn correct_story(
    State(app): State<App>,
    who: TokenActor,
    Path(id): Path<i64>,
    body: Bytes,
) -> Response {
    let result = async {
        let note: CorrectionIn = parse_json(&body)?;
        app.newsroom
            .correct_story(&who.actor, id, &note.kind, &note.text)
            .await?;
        Ok::<_, AdminError>(app.store.article(id).await?)
    };
    match result.await {
        Ok(Some(article)) => one(&app, StatusCode::CREATED, article).await,
        Ok(None) => AdminError::from(newsdesk_newsroom::OpError::NotFound("story")).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `DELETE /api/admin/v1/stories/{id}/`: into the trash (restorable for 30 days).
pub(crate) async fn trash_story(
    State(app): State<App>,
    who: TokenActor,
    Path(id): Path<i64>,
) -> Response {
    match app
        .newsroom
        .trash_story(&who.actor, id, Trashing::ToTrash)
        .await
    {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => AdminError::from(e).into_response(),
    }
}

/// `POST /api/admin/v1/stories/{id}/restore/`: back out of the trash, as a draft.
pub(crate) async fn restore_story(
    State(app): State<App>,
    who: TokenActor,
    Path(id): Path<i64>,
) -> Response {
    if let Err(e) = app
        .newsroom
        .trash_story(&who.actor, id, Trashing::Restore)
        .await
    {
        return AdminError::from(e).into_response();
    }
    match app.store.article(id).await {
        Ok(Some(a)) => one(&app, StatusCode::OK, a).await,
        Ok(None) => AdminError::from(newsdesk_newsroom::OpError::NotFound("story")).into_response(),
        Err(e) => AdminError::from(e).into_response(),
    }
}

/// `GET /api/admin/v1/stories/{id}/versions/`: every saved version, newest first.
pub(crate) async fn versions(
    State(app): State<App>,
    who: TokenActor,
    Path(id): Path<i64>,
) -> Response {
    let result = async {
        who.may_read()?;
        app.newsroom
            .story_for(&who.actor, id, newsdesk_core::Action::UseDesk)
            .await?;
        let versions: Vec<_> = app
            .store
            .revisions(id)
            .await?
            .into_iter()
            .map(|r| {
                json!({
                    "version": r.version, "saved_at": time(r.at), "saved_by": r.user_id,
                    "headline": r.headline, "standfirst": r.standfirst,
                    "body_markdown": r.body_markdown,
                })
            })
            .collect();
        Ok::<_, AdminError>(answer(StatusCode::OK, &json!({ "versions": versions })))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

/// `POST /api/admin/v1/stories/{id}/versions/{version}/restore/`: that version's content
/// saved as the newest (restoring is itself a save: nothing is lost).
pub(crate) async fn restore_version(
    State(app): State<App>,
    who: TokenActor,
    Path((id, version)): Path<(i64, i64)>,
) -> Response {
    match app.newsroom.restore_version(&who.actor, id, version).await {
        Ok(article) => one(&app, StatusCode::OK, article).await,
        Err(e) => AdminError::from(e).into_response(),
    }
}
