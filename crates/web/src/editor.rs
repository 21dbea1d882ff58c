//! The story editor: create, save, submit, publish, unpublish — every step decided by the
//! one policy, every save optimistic-locked, a stale save answered with both versions and
//! nothing lost.

use crate::desk::{Signed, forbidden};
use crate::gate::{DeskPost, DeskUser};
use crate::library::card;
use crate::upload::{DeskForm, Upload};
use crate::{App, WebError};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use newsdesk_core::view::{Choice, ConflictView, NoteLine, StoryEditor};
use newsdesk_core::workflow::{self, Step};
use newsdesk_core::{Action, Article, ArticleFlags, State as StoryState, policy};
use newsdesk_newsroom::{OpError, StoryFields};
use newsdesk_store::MediaText;
use serde::Deserialize;

/// Above this many topics the editor lists only a story's own as checkboxes.
const MAX_TOPIC_BOXES: i64 = 300;

/// The editor's form. Read from raw pairs because tags, authors and flags repeat their key.
#[derive(Default)]
pub struct StoryForm {
    csrf_token: String,
    version: i64,
    action: String,
    headline: String,
    slug: String,
    standfirst: String,
    body: String,
    section_id: i64,
    tag_ids: Vec<i64>,
    author_ids: Vec<i64>,
    flags: Vec<String>,
    /// `datetime-local` values, in the site's time zone; empty for none.
    scheduled_for: String,
    embargo_until: String,
    /// `None` when the form has no lead-image field (keep the saved one); `Some(0)` for none.
    lead_media_id: Option<i64>,
    /// Words for a photo uploaded with the form.
    lead_alt: String,
    lead_caption: String,
    lead_credit: String,
    lead_copyright: String,
    /// `None` when the form has no such field (keep the saved value).
    seo_title: Option<String>,
    seo_description: Option<String>,
    /// Topics typed by name, comma-separated: the way to choose topics without the
    /// typeahead, and to add new ones.
    topic_names: String,
}

impl StoryForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> StoryForm {
        let mut f = StoryForm::default();
        for (key, value) in pairs {
            match key.as_str() {
                "csrf_token" => f.csrf_token = value,
                "version" => f.version = value.trim().parse().unwrap_or(0),
                "action" => f.action = value,
                "headline" => f.headline = value,
                "slug" => f.slug = value,
                "standfirst" => f.standfirst = value,
                "body" => f.body = value,
                "section_id" => f.section_id = value.trim().parse().unwrap_or(0),
                "tag" => f.tag_ids.extend(
                    value
                        .trim()
                        .parse::<i64>()
                        .ok()
                        .filter(|id| !f.tag_ids.contains(id)),
                ),
                "author" => f.author_ids.extend(
                    value
                        .trim()
                        .parse::<i64>()
                        .ok()
                        .filter(|id| !f.author_ids.contains(id)),
                ),
                "flag" => f.flags.push(value),
                "scheduled_for" => f.scheduled_for = value,
                "embargo_until" => f.embargo_until = value,
                "lead_media_id" => f.lead_media_id = Some(value.trim().parse().unwrap_or(0)),
                // A library number typed by hand wins over the radio buttons.
                "lead_media_number" => {
                    if let Ok(id) = value.trim().trim_start_matches('#').parse::<i64>() {
                        f.lead_media_id = Some(id);
                    }
                }
                "lead_alt" => f.lead_alt = value,
                "lead_caption" => f.lead_caption = value,
                "lead_credit" => f.lead_credit = value,
                "lead_copyright" => f.lead_copyright = value,
                "seo_title" => f.seo_title = Some(value),
                "seo_description" => f.seo_description = Some(value),
                "topic_names" => f.topic_names = value,
                _ => {}
            }
        }
        f
    }

    fn flags(&self) -> ArticleFlags {
        let on = |name: &str| self.flags.iter().any(|f| f == name);
        ArticleFlags {
            breaking: on("breaking"),
            live: on("live"),
            opinion: on("opinion"),
            obituary: on("obituary"),
        }
    }
}

#[derive(Deserialize)]
pub struct EditorQuery {
    saved: Option<String>,
    preview: Option<String>,
}

/// What the editor says above the form: a message, the other person's version after a
/// refused save, a freshly made preview link.
#[derive(Default)]
pub(crate) struct Notice {
    message: Option<String>,
    conflict: Option<ConflictView>,
    preview_url: Option<String>,
}

impl Notice {
    fn say(message: String) -> Notice {
        Notice {
            message: Some(message),
            ..Notice::default()
        }
    }
}

/// The buttons `signed` may press on a story in `state`: the workflow's steps the policy
/// allows them.
fn actions(signed: &Signed, own: bool, state: StoryState) -> Vec<String> {
    workflow::steps_allowed(signed.user.role, own, state)
        .into_iter()
        .map(|s| s.as_str().to_owned())
        .collect()
}

impl App {
    /// Whether a story is `signed`'s own: they created it, or their byline is on it.
    pub(crate) async fn owns(&self, signed: &Signed, article: &Article) -> Result<bool, WebError> {
        Ok(self.newsroom.owns(&signed.actor(), article).await?)
    }

    /// The story `id` if `signed` may do `action` to it; otherwise the answer to give (404
    /// for no such story, 403 for not allowed). Returns whether the story is the user's own.
    pub(crate) async fn story_for(
        &self,
        signed: &Signed,
        id: i64,
        action: Action,
    ) -> Result<Result<(Article, bool), Response>, WebError> {
        match self.newsroom.story_for(&signed.actor(), id, action).await {
            Ok(found) => Ok(Ok(found)),
            Err(e) if e.is_internal() => Err(e.into()),
            Err(e) => Ok(Err(self.refused(e))),
        }
    }

    /// An operation's refusal of the editor's form: the editor again, with the typed story
    /// and what to change (or, for a stale save, the other person's version beside it).
    async fn refused_story(
        &self,
        e: OpError,
        signed: &Signed,
        current: Option<&Article>,
        form: &StoryForm,
    ) -> Result<Response, WebError> {
        let notice = match e {
            OpError::Conflict {
                current: theirs, ..
            } => Notice {
                conflict: Some(ConflictView {
                    version: theirs.version,
                    headline: theirs.headline.clone(),
                    standfirst: theirs.standfirst.clone(),
                    body_markdown: theirs.body_markdown.clone(),
                }),
                ..Notice::default()
            },
            e if e.is_internal() => return Err(e.into()),
            e @ (OpError::NotFound(_) | OpError::Forbidden | OpError::OutOfScope(_)) => {
                return Ok(self.refused(e));
            }
            e => {
                let status = crate::error::status_of(&e);
                return self
                    .editor_page(
                        status,
                        signed,
                        current,
                        Some(form),
                        Notice::say(e.public_message()),
                    )
                    .await;
            }
        };
        self.editor_page(StatusCode::CONFLICT, signed, current, Some(form), notice)
            .await
    }

    async fn editor_page(
        &self,
        status: StatusCode,
        signed: &Signed,
        article: Option<&Article>,
        form: Option<&StoryForm>,
        notice: Notice,
    ) -> Result<Response, WebError> {
        let Notice {
            message,
            conflict,
            preview_url,
        } = notice;
        // Hidden sections are out of the navigation but still take stories.
        let sections = self.store.section_choices().await?;
        let own = match article {
            Some(a) => self.owns(signed, a).await?,
            None => true,
        };
        let state = article.map_or(StoryState::Draft, |a| a.state);
        let chosen_tags = form.map_or_else(
            || article.map(|a| a.tag_ids.clone()).unwrap_or_default(),
            |f| f.tag_ids.clone(),
        );
        // A newsroom with thousands of topics gets its chosen ones as checkboxes and the
        // rest through the by-name field (and its typeahead), not one box per topic.
        let all_tags = if self.store.tag_count().await? <= MAX_TOPIC_BOXES {
            self.store.tags().await?
        } else {
            let mut chosen = Vec::new();
            for id in &chosen_tags {
                chosen.extend(self.store.tag(*id).await?);
            }
            chosen
        };
        let tags: Vec<(i64, String)> = all_tags.into_iter().map(|t| (t.id, t.name)).collect();
        let authors: Vec<(i64, String)> = self
            .store
            .authors()
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect();
        let chosen_authors = form.map_or_else(
            || {
                article.map_or_else(
                    || signed.user.author_id.into_iter().collect(),
                    |a| a.author_ids.clone(),
                )
            },
            |f| f.author_ids.clone(),
        );
        let saved_flags = article.map(|a| a.flags).unwrap_or_default();
        let flags = form.map_or(saved_flags, StoryForm::flags);
        let chosen_flags: Vec<&str> = [
            ("breaking", flags.breaking),
            ("live", flags.live),
            ("opinion", flags.opinion),
            ("obituary", flags.obituary),
        ]
        .into_iter()
        .filter(|(_, on)| *on)
        .map(|(name, _)| name)
        .collect();
        let pick = |typed: Option<&str>, saved: &str| {
            typed.map_or_else(|| saved.to_owned(), str::to_owned)
        };
        let section_id = form
            .map(|f| f.section_id)
            .filter(|id| *id != 0)
            .or(article.map(|a| a.section_id))
            .or(sections.first().map(|s| s.id))
            .unwrap_or(0);
        let public_url = article
            .filter(|a| a.is_public(newsdesk_core::now()))
            .and_then(|a| {
                sections
                    .iter()
                    .find(|s| s.id == a.section_id)
                    .map(|s| format!("/{}/{}", s.slug, a.slug))
            });
        let lead_media_id = match form.and_then(|f| f.lead_media_id) {
            Some(id) => Some(id).filter(|id| *id > 0),
            None => article.and_then(|a| a.lead_media_id),
        };
        let lead = match lead_media_id {
            Some(id) => self.store.media(id).await?.as_ref().map(card),
            None => None,
        };
        let mut lead_choices: Vec<_> = lead.iter().cloned().collect();
        let (recent, _) = self.store.media_library("", 1, 11).await?;
        lead_choices.extend(
            recent
                .iter()
                .filter(|m| Some(m.id) != lead_media_id)
                .map(card),
        );
        let notes = match article {
            Some(a) => self
                .store
                .notes(a.id)
                .await?
                .into_iter()
                .map(|(id, who, at, paragraph, body)| NoteLine {
                    id,
                    who,
                    at,
                    paragraph,
                    body,
                })
                .collect(),
            None => Vec::new(),
        };
        let on_story = Some(policy::Story { own, state });
        let presence = match article {
            Some(a) => self.presence_on_open(signed, a.id).await?,
            None => None,
        };
        let page = StoryEditor {
            seo_title: pick(
                form.and_then(|f| f.seo_title.as_deref()),
                article.and_then(|a| a.seo_title.as_deref()).unwrap_or(""),
            ),
            seo_description: pick(
                form.and_then(|f| f.seo_description.as_deref()),
                article
                    .and_then(|a| a.seo_description.as_deref())
                    .unwrap_or(""),
            ),
            lead_media_id,
            lead,
            lead_choices,
            can_upload: policy::allows(signed.user.role, Action::UploadImage, None),
            notes,
            can_trash: article.is_some()
                && policy::allows(signed.user.role, Action::Trash, on_story),
            id: article.map(|a| a.id),
            version: conflict
                .as_ref()
                .map(|c| c.version)
                .or(article.map(|a| a.version))
                .unwrap_or(0),
            csrf_token: signed.csrf.clone(),
            headline: pick(
                form.map(|f| f.headline.as_str()),
                article.map_or("", |a| &a.headline),
            ),
            slug: pick(
                form.map(|f| f.slug.as_str()),
                article.map_or("", |a| a.slug.as_str()),
            ),
            standfirst: pick(
                form.map(|f| f.standfirst.as_str()),
                article.map_or("", |a| &a.standfirst),
            ),
            body_markdown: pick(
                form.map(|f| f.body.as_str()),
                article.map_or("", |a| &a.body_markdown),
            ),
            section_id,
            sections,
            tags: choices(&tags, &chosen_tags),
            authors: choices(&authors, &chosen_authors),
            flags: ["breaking", "live", "opinion", "obituary"]
                .into_iter()
                .map(|f| Choice {
                    value: f.to_owned(),
                    label: capitalized(f),
                    selected: chosen_flags.contains(&f),
                })
                .collect(),
            state,
            saved_at: article.map(|a| a.updated_at),
            public_url,
            actions: if article.is_some() {
                actions(signed, own, state)
            } else {
                vec!["save".to_owned()]
            },
            preview_url,
            scheduled_for: form.map_or_else(
                || {
                    format_local(
                        article.and_then(|a| a.scheduled_for),
                        &self.site().time_zone,
                    )
                },
                |f| f.scheduled_for.clone(),
            ),
            embargo_until: form.map_or_else(
                || {
                    format_local(
                        article.and_then(|a| a.embargo_until),
                        &self.site().time_zone,
                    )
                },
                |f| f.embargo_until.clone(),
            ),
            can_correct: article.is_some()
                && policy::allows(
                    signed.user.role,
                    Action::Correct,
                    Some(policy::Story { own, state }),
                ),
            message,
            conflict,
            presence,
        };
        Ok(self.desk_page(
            status,
            self.templates
                .desk_story(&self.site(), &signed.viewer(), &page),
        ))
    }
}

impl StoryForm {
    /// The form as the newsroom's fields: every field it carries, times read in the
    /// site's zone. `Err` says which time could not be read.
    fn fields(&self, zone: &str) -> Result<StoryFields, String> {
        Ok(StoryFields {
            // The headline field is a growing text area: a line break typed into it (or
            // pasted) is a space, never part of the headline.
            headline: Some(one_line(&self.headline)),
            slug: Some(self.slug.clone()),
            standfirst: Some(self.standfirst.clone()),
            body_markdown: Some(self.body.clone()),
            // No section chosen: a new story is refused, a saved one keeps its own.
            section_id: Some(self.section_id).filter(|id| *id != 0),
            tag_ids: Some(self.tag_ids.clone()),
            topic_names: self.topic_names.split(',').map(str::to_owned).collect(),
            author_ids: Some(self.author_ids.clone()),
            lead_media_id: self.lead_media_id.map(|id| Some(id).filter(|id| *id > 0)),
            flags: Some(self.flags()),
            seo_title: self.seo_title.clone().map(Some),
            seo_description: self.seo_description.clone().map(Some),
            scheduled_for: Some(parse_local(&self.scheduled_for, zone)?),
            embargo_until: Some(parse_local(&self.embargo_until, zone)?),
            // Only importers keep a source's publication time.
            published_at_from_source: None,
        })
    }
}

pub async fn new_story(State(app): State<App>, DeskUser(signed): DeskUser) -> Response {
    let result = async {
        app.editor_page(StatusCode::OK, &signed, None, None, Notice::default())
            .await
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

pub async fn create_story(
    State(app): State<App>,
    DeskPost { signed, form: sent }: DeskPost,
) -> Response {
    let upload = sent.upload;
    let mut form = StoryForm::from_pairs(sent.pairs);
    let result = async {
        let actor = signed.actor();
        if let Err(e) = app.take_upload(&signed, upload, &mut form).await {
            return app.refused_story(e, &signed, None, &form).await;
        }
        let fields = match form.fields(&app.site().time_zone) {
            Ok(f) => f,
            Err(msg) => {
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                return app
                    .editor_page(status, &signed, None, Some(&form), Notice::say(msg))
                    .await;
            }
        };
        match app.newsroom.create_story(&actor, fields).await {
            Ok(article) => {
                Ok(Redirect::to(&format!("/admin/stories/{}", article.id)).into_response())
            }
            Err(e) => app.refused_story(e, &signed, None, &form).await,
        }
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

pub async fn edit_story(
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(q): Query<EditorQuery>,
    DeskUser(signed): DeskUser,
) -> Response {
    let result = async {
        let (article, _) = match app.story_for(&signed, id, Action::EditStory).await? {
            Ok(found) => found,
            Err(answer) => return Ok(answer),
        };
        let notice = Notice {
            message: q.saved.map(|_| "Saved.".to_owned()),
            preview_url: q
                .preview
                .map(|token| format!("{}/preview/{token}", app.settings.base_url)),
            conflict: None,
        };
        app.editor_page(StatusCode::OK, &signed, Some(&article), None, notice)
            .await
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

pub async fn save_story(
    State(app): State<App>,
    Path(id): Path<i64>,
    DeskPost { signed, form: sent }: DeskPost,
) -> Response {
    let upload = sent.upload;
    let mut form = StoryForm::from_pairs(sent.pairs);
    let result = async {
        let Some(step) = Step::parse(&form.action) else {
            return Ok(forbidden());
        };
        let (current, _) = match app.story_for(&signed, id, Action::EditStory).await? {
            Ok(found) => found,
            Err(answer) => return Ok(answer),
        };
        if let Err(e) = app.take_upload(&signed, upload, &mut form).await {
            return app.refused_story(e, &signed, Some(&current), &form).await;
        }
        let fields = match form.fields(&app.site().time_zone) {
            Ok(f) => f,
            Err(msg) => {
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                let notice = Notice::say(msg);
                return app
                    .editor_page(status, &signed, Some(&current), Some(&form), notice)
                    .await;
            }
        };
        let actor = signed.actor();
        match app
            .newsroom
            .save_story(&actor, id, form.version, step, fields)
            .await
        {
            Ok(_) => Ok(Redirect::to(&format!("/admin/stories/{id}?saved=1")).into_response()),
            Err(e) => app.refused_story(e, &signed, Some(&current), &form).await,
        }
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

/// A correction or update note as typed.
pub struct CorrectionForm {
    kind: String,
    body: String,
}

impl From<&DeskForm> for CorrectionForm {
    fn from(form: &DeskForm) -> CorrectionForm {
        CorrectionForm {
            kind: form.value("kind").to_owned(),
            body: form.value("body").to_owned(),
        }
    }
}

/// Appends a dated correction or update note to a published story.
pub async fn add_correction(
    State(app): State<App>,
    Path(id): Path<i64>,
    DeskPost { signed, form }: DeskPost,
) -> Response {
    let form = CorrectionForm::from(&form);
    let result = async {
        let actor = signed.actor();
        match app
            .newsroom
            .correct_story(&actor, id, &form.kind, &form.body)
            .await
        {
            Ok(()) => Ok(Redirect::to(&format!("/admin/stories/{id}?saved=1")).into_response()),
            Err(e @ OpError::Invalid { .. }) => {
                let Some(article) = app.store.article(id).await? else {
                    return Ok(app.not_found_page());
                };
                let notice = Notice::say(e.public_message());
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                app.editor_page(status, &signed, Some(&article), None, notice)
                    .await
            }
            Err(e) if e.is_internal() => Err(e.into()),
            Err(e) => Ok(app.refused(e)),
        }
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

/// A `datetime-local` form value (`2026-11-25T18:30`) in the site's zone → unix seconds.
fn parse_local(value: &str, zone: &str) -> Result<Option<i64>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let bad = || format!("{value:?} is not a date and time like 2026-11-25T18:30.");
    let civil: jiff::civil::DateTime = value.parse().map_err(|_| bad())?;
    let tz = jiff::tz::TimeZone::get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let zoned = civil.to_zoned(tz).map_err(|_| bad())?;
    Ok(Some(zoned.timestamp().as_second()))
}

/// Unix seconds → a `datetime-local` form value in the site's zone.
fn format_local(at: Option<i64>, zone: &str) -> String {
    let Some(ts) = at.and_then(|s| jiff::Timestamp::from_second(s).ok()) else {
        return String::new();
    };
    let tz = jiff::tz::TimeZone::get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    ts.to_zoned(tz).strftime("%Y-%m-%dT%H:%M").to_string()
}

/// Checkboxes for `all`, the chosen ones first in their chosen order (byline order matters).
fn choices(all: &[(i64, String)], chosen: &[i64]) -> Vec<Choice> {
    let choice = |(id, name): &(i64, String), selected| Choice {
        value: id.to_string(),
        label: name.clone(),
        selected,
    };
    let first = chosen
        .iter()
        .filter_map(|c| all.iter().find(|(id, _)| id == c))
        .map(|e| choice(e, true));
    let rest = all
        .iter()
        .filter(|(id, _)| !chosen.contains(id))
        .map(|e| choice(e, false));
    first.chain(rest).collect()
}

/// `text` on one line: each run of line breaks becomes one space.
fn one_line(text: &str) -> String {
    text.split(['\r', '\n'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl App {
    /// Stores a photo sent with the editor form and makes it the lead image; the typed
    /// story is kept either way.
    async fn take_upload(
        &self,
        signed: &Signed,
        upload: Option<Upload>,
        form: &mut StoryForm,
    ) -> Result<(), OpError> {
        let Some(upload) = upload else {
            return Ok(());
        };
        let words = MediaText {
            alt: form.lead_alt.clone(),
            caption: form.lead_caption.clone(),
            credit: form.lead_credit.clone(),
            copyright: form.lead_copyright.clone(),
        };
        let media = self
            .newsroom
            .upload_picture(&signed.actor(), upload, words)
            .await?;
        form.lead_media_id = Some(media.id);
        Ok(())
    }
}

/// The body as readers will see it (same Markdown, same sanitizer), for the editor's live
/// preview. Answers a fragment of HTML.
pub async fn render_markdown(DeskPost { form, .. }: DeskPost) -> Response {
    let html = newsdesk_render::markdown::to_safe_html(form.value("body"));
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}
