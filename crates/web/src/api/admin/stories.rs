//! Stories through the Admin API: list (every state), read, create, update (with the
//! version it was based on, and a workflow step), correct, trash and restore.

use super::shapes::{
    Correction, ListMeta, OneStory, Rfc3339, Stories, StoryOut, StorySummary, Version, Versions,
};
use super::{AdminError, TokenActor, answer, parse_json};
use crate::App;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use newsdesk_core::workflow::Step;
use newsdesk_core::{Article, ArticleFlags, State as StoryState};
use newsdesk_newsroom::{StoryFields, Trashing};
use newsdesk_store::DeskFilter;
use serde::{Deserialize, Deserializer};
use utoipa::{IntoParams, ToSchema};

/// Stories per page when `limit` is not given, and the most a page may hold.
const DEFAULT_LIMIT: u32 = 15;
const MAX_LIMIT: u32 = 100;
const MAX_PAGE: u32 = 10_000;

async fn story_out(app: &App, a: Article) -> Result<StoryOut, AdminError> {
    let corrections = app
        .store
        .corrections(a.id)
        .await?
        .into_iter()
        .map(|(at, kind, text)| Correction {
            kind,
            text,
            published_at: Rfc3339(at),
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
    Ok(StoryOut::of(a, url, corrections))
}

async fn one(app: &App, status: StatusCode, a: Article) -> Response {
    match story_out(app, a).await {
        Ok(story) => answer(status, &OneStory { story }),
        Err(e) => e.into_response(),
    }
}

/// `null` and absent differ: absent keeps the saved value, `null` clears it.
pub(super) fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// The story's flags. Sent, they replace all four: a flag left out is `false`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AdminStoryFlagsIn)]
pub(super) struct FlagsIn {
    #[serde(default)]
    breaking: bool,
    #[serde(default)]
    live: bool,
    #[serde(default)]
    opinion: bool,
    #[serde(default)]
    obituary: bool,
}

/// A story as sent: every field optional. A field left out keeps what is saved, and so
/// does `null` — except where `null` is said to clear (`lead_media_id`, `seo_title`,
/// `seo_description`, `scheduled_for`, `embargo_until`).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AdminStoryIn)]
pub(super) struct StoryIn {
    /// The version the change is based on (from the last read): required to update, a
    /// stale one answers 409.
    version: Option<i64>,
    /// The workflow step to take with the save: `save` (the default), `submit`,
    /// `publish`, `schedule` (with `scheduled_for`) or `unpublish`.
    #[schema(schema_with = steps)]
    step: Option<String>,
    headline: Option<String>,
    slug: Option<String>,
    standfirst: Option<String>,
    body_markdown: Option<String>,
    section_id: Option<i64>,
    tag_ids: Option<Vec<i64>>,
    /// Topics by name, made on the way when new (needs the `structure` scope then).
    #[serde(default)]
    topic_names: Vec<String>,
    author_ids: Option<Vec<i64>>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    lead_media_id: Option<Option<i64>>,
    flags: Option<FlagsIn>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    seo_title: Option<Option<String>>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    seo_description: Option<Option<String>>,
    /// When `schedule` publishes it: RFC 3339 with its offset. `null` clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = DateTime)]
    scheduled_for: Option<Option<String>>,
    /// Not public before this time, even when published: RFC 3339 with its offset.
    /// `null` clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = DateTime)]
    embargo_until: Option<Option<String>>,
}

/// The workflow's steps, or `null` for a save.
fn steps() -> utoipa::openapi::schema::Object {
    super::shapes::one_of_or_null(Step::ALL.map(Step::as_str))
}

/// `{"story": {…}}`
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AdminStoryBody)]
pub(super) struct StoryBody {
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListParams {
    /// Only stories in this state.
    #[param(schema_with = super::shapes::states)]
    state: Option<String>,
    /// Only this section's stories.
    section_id: Option<i64>,
    /// Only stories with this author in the byline.
    author_id: Option<i64>,
    /// Words the headline holds.
    #[serde(default)]
    #[param(required = false)]
    q: String,
    /// From 1 (the default) to 10000.
    #[param(minimum = 1, maximum = 10000)]
    page: Option<u32>,
    /// Stories a page: from 1 to 100; 15 when not given.
    #[param(minimum = 1, maximum = 100)]
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
            // Words to find hold no control character (PostgreSQL refuses NUL in text).
            query: p.q.chars().filter(|c| !c.is_control()).collect(),
            page,
            ..DeskFilter::default()
        };
        let (stories, more) = app
            .store
            .desk_stories(&filter, limit, newsdesk_core::now())
            .await?;
        let base = &app.settings.base_url;
        let stories = stories
            .into_iter()
            .map(|s| StorySummary {
                id: s.id,
                headline: s.headline,
                state: s.state.as_str(),
                section: s.section,
                authors: s.authors,
                updated_at: Rfc3339(s.updated_at),
                url: s.public_url.map(|p| format!("{base}{p}")),
            })
            .collect();
        let meta = ListMeta::page(u64::from(page), u64::from(limit), more);
        Ok(answer(StatusCode::OK, &Stories { stories, meta }))
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

/// A dated note on a published story.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AdminCorrectionIn)]
pub(super) struct CorrectionIn {
    /// `correction` (something was wrong) or `update` (something new).
    #[schema(schema_with = correction_kinds)]
    kind: String,
    text: String,
}

fn correction_kinds() -> utoipa::openapi::schema::Object {
    super::shapes::one_of(["correction", "update"])
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
        let versions = app.store.revisions(id).await?;
        let versions = versions.into_iter().map(Version::from).collect();
        Ok::<_, AdminError>(answer(StatusCode::OK, &Versions { versions }))
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
