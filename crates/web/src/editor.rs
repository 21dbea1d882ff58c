//! The story editor: create, save, submit, publish, unpublish — every step decided by the
//! one policy, every save optimistic-locked, a stale save answered with both versions and
//! nothing lost.

use crate::desk::{Signed, forbidden};
use crate::gate::{DeskPost, DeskUser};
use crate::library::card;
use crate::upload::{DeskForm, Refused, Upload};
use crate::{App, WebError};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use newsdesk_core::view::{Choice, ConflictView, NoteLine, StoryEditor};
use newsdesk_core::workflow::{self, Standing, Step};
use newsdesk_core::{Action, Article, ArticleFlags, Slug, State as StoryState, policy};
use newsdesk_store::{ArticleInput, MediaText, StoreError};
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
        if signed
            .user
            .author_id
            .is_some_and(|a| article.author_ids.contains(&a))
        {
            return Ok(true);
        }
        Ok(self.store.article_creator(article.id).await? == Some(signed.user.id))
    }

    /// The story `id` if `signed` may do `action` to it; otherwise the answer to give (404
    /// for no such story, 403 for not allowed). Returns whether the story is the user's own.
    pub(crate) async fn story_for(
        &self,
        signed: &Signed,
        id: i64,
        action: Action,
    ) -> Result<Result<(Article, bool), Response>, WebError> {
        let Some(article) = self.store.article(id).await? else {
            return Ok(Err(self.not_found_page()));
        };
        // A story in the trash can only be restored or deleted for good.
        if article.deleted_at.is_some() && !matches!(action, Action::Trash | Action::DeleteForever)
        {
            return Ok(Err(self.not_found_page()));
        }
        let own = self.owns(signed, &article).await?;
        let story = Some(policy::Story {
            own,
            state: article.state,
        });
        if !policy::allows(signed.user.role, action, story) {
            return Ok(Err(forbidden()));
        }
        Ok(Ok((article, own)))
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
        let mut lead_choices = Vec::new();
        if let Some(id) = lead_media_id
            && let Some(chosen) = self.store.media(id).await?
        {
            lead_choices.push(card(&chosen));
        }
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
        };
        Ok(self.desk_page(status, self.templates.desk_story(&self.site(), &page)))
    }
}

fn input_from(form: &StoryForm, base: Option<&Article>) -> Result<ArticleInput, String> {
    let headline = form.headline.trim();
    if headline.is_empty() {
        return Err("A story needs a headline.".into());
    }
    let body_html = newsdesk_render::markdown::to_safe_html(&form.body);
    Ok(match base {
        Some(a) => ArticleInput {
            tag_ids: form.tag_ids.clone(),
            author_ids: form.author_ids.clone(),
            flags: form.flags(),
            slug: match form.slug.trim() {
                "" => a.slug.clone(),
                typed => {
                    Slug::parse(typed).map_err(|e| format!("The address cannot be used: {e}."))?
                }
            },
            headline: headline.to_owned(),
            standfirst: form.standfirst.trim().to_owned(),
            body_markdown: form.body.clone(),
            body_html,
            section_id: if form.section_id != 0 {
                form.section_id
            } else {
                a.section_id
            },
            lead_media_id: match form.lead_media_id {
                None => a.lead_media_id,
                Some(id) => Some(id).filter(|id| *id > 0),
            },
            seo_title: form
                .seo_title
                .as_deref()
                .map_or(a.seo_title.clone(), optional),
            seo_description: form
                .seo_description
                .as_deref()
                .map_or(a.seo_description.clone(), optional),
            ..ArticleInput::from_article(a)
        },
        None => ArticleInput {
            slug: Slug::from_title(headline),
            headline: headline.to_owned(),
            standfirst: form.standfirst.trim().to_owned(),
            body_markdown: form.body.clone(),
            body_html,
            lead_media_id: form.lead_media_id.filter(|id| *id > 0),
            section_id: form.section_id,
            tag_ids: form.tag_ids.clone(),
            author_ids: form.author_ids.clone(),
            state: StoryState::Draft,
            first_published_at: None,
            published_at: None,
            scheduled_for: None,
            embargo_until: None,
            flags: form.flags(),
            seo_title: form.seo_title.as_deref().and_then(optional),
            seo_description: form.seo_description.as_deref().and_then(optional),
            canonical_url: None,
        },
    })
}

/// A typed optional field: `None` when left empty.
fn optional(typed: &str) -> Option<String> {
    Some(typed.trim().to_owned()).filter(|t| !t.is_empty())
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
        app.keep_known(&mut form).await?;
        if !policy::allows(signed.user.role, Action::CreateStory, None) {
            return Ok(forbidden());
        }
        if let Err(why) = app.take_topic_names(&signed, &mut form).await? {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return app
                .editor_page(status, &signed, None, Some(&form), Notice::say(why))
                .await;
        }
        if let Err(refused) = app.take_upload(&signed, upload, &mut form).await? {
            return app
                .editor_page(
                    refused.status,
                    &signed,
                    None,
                    Some(&form),
                    Notice::say(refused.message),
                )
                .await;
        }
        if !app
            .store
            .section_choices()
            .await?
            .iter()
            .any(|s| s.id == form.section_id)
        {
            let msg = Some("Choose a section for the story.".to_owned());
            return app
                .editor_page(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &signed,
                    None,
                    Some(&form),
                    Notice {
                        message: msg,
                        ..Notice::default()
                    },
                )
                .await;
        }
        let mut input = match input_from(&form, None) {
            Ok(i) => i,
            Err(msg) => {
                return app
                    .editor_page(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        &signed,
                        None,
                        Some(&form),
                        Notice::say(msg),
                    )
                    .await;
            }
        };
        if input.author_ids.is_empty() {
            input.author_ids.extend(signed.user.author_id);
        }
        // A headline like another story's gets a numbered slug rather than an error.
        let base = input.slug.clone();
        for n in 2..50 {
            match app.store.create_article(&input, Some(signed.user.id)).await {
                Ok(article) => {
                    return Ok(
                        Redirect::to(&format!("/admin/stories/{}", article.id)).into_response()
                    );
                }
                Err(StoreError::Duplicate { .. }) => {
                    input.slug = Slug::parse(&format!(
                        "{}-{n}",
                        &base.as_str()[..base.as_str().len().min(110)]
                    ))
                    .unwrap_or_else(|_| Slug::from_title(&format!("{} {n}", input.headline)));
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(app.error_page(&StoreError::Invalid("no free slug for this headline".into()).into()))
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
        app.keep_known(&mut form).await?;
        let Some(step) = Step::parse(&form.action) else {
            return Ok(forbidden());
        };
        // Every step edits the story, and the step itself must be allowed too.
        let (current, own) = match app.story_for(&signed, id, Action::EditStory).await? {
            Ok(found) => found,
            Err(answer) => return Ok(answer),
        };
        if !policy::allows(
            signed.user.role,
            step.action(),
            Some(policy::Story {
                own,
                state: current.state,
            }),
        ) {
            return Ok(forbidden());
        }
        if let Err(why) = app.take_topic_names(&signed, &mut form).await? {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let notice = Notice::say(why);
            return app
                .editor_page(status, &signed, Some(&current), Some(&form), notice)
                .await;
        }
        let uploaded = app.take_upload(&signed, upload, &mut form).await?;
        let form = form;
        // A refused save: the editor again, with the typed story and what to change.
        let refuse = |status: StatusCode, message: String| {
            app.editor_page(
                status,
                &signed,
                Some(&current),
                Some(&form),
                Notice::say(message),
            )
        };
        if let Err(refused) = uploaded {
            return refuse(refused.status, refused.message).await;
        }
        let mut input = match input_from(&form, Some(&current)) {
            Ok(i) => i,
            Err(msg) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, msg).await,
        };
        let site = app.site();
        let zone = &site.time_zone;
        let times = parse_local(&form.scheduled_for, zone).and_then(|scheduled| {
            parse_local(&form.embargo_until, zone).map(|embargo| (scheduled, embargo))
        });
        let (scheduled_for, embargo_until) = match times {
            Ok(t) => t,
            Err(msg) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, msg).await,
        };
        input.scheduled_for = scheduled_for;
        input.embargo_until = embargo_until;
        let standing = Standing {
            state: current.state,
            published_at: current.published_at,
            first_published_at: current.first_published_at,
        };
        match workflow::take(step, standing, scheduled_for, newsdesk_core::now()) {
            Ok(next) => {
                input.state = next.state;
                input.published_at = next.published_at;
                input.first_published_at = next.first_published_at;
            }
            Err(why) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, why.to_string()).await,
        }
        match app
            .store
            .update_article(id, form.version, &input, Some(signed.user.id))
            .await
        {
            Ok(_) => Ok(Redirect::to(&format!("/admin/stories/{id}?saved=1")).into_response()),
            Err(StoreError::Conflict { .. }) => {
                // Nothing was written: show their version beside the typed text.
                let conflict = ConflictView {
                    version: current.version,
                    headline: current.headline.clone(),
                    standfirst: current.standfirst.clone(),
                    body_markdown: current.body_markdown.clone(),
                };
                app.editor_page(
                    StatusCode::CONFLICT,
                    &signed,
                    Some(&current),
                    Some(&form),
                    Notice {
                        conflict: Some(conflict),
                        ..Notice::default()
                    },
                )
                .await
            }
            Err(e) => Err(e.into()),
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
        let (article, _) = match app.story_for(&signed, id, Action::Correct).await? {
            Ok(found) => found,
            Err(answer) => return Ok(answer),
        };
        let note = newsdesk_store::CorrectionInput {
            kind: form.kind.clone(),
            body: form.body.trim().to_owned(),
            published_at: newsdesk_core::now(),
        };
        match app.store.add_correction(id, &note).await {
            Ok(()) => Ok(Redirect::to(&format!("/admin/stories/{id}?saved=1")).into_response()),
            Err(StoreError::Invalid(msg)) => {
                let msg = Some(format!("Nothing was added: {msg}."));
                app.editor_page(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &signed,
                    Some(&article),
                    None,
                    Notice {
                        message: msg,
                        ..Notice::default()
                    },
                )
                .await
            }
            Err(e) => Err(e.into()),
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

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl App {
    /// Stores a photo sent with the editor form and makes it the lead image. Refused
    /// uploads come back as a message; the typed story is kept either way.
    async fn take_upload(
        &self,
        signed: &Signed,
        upload: Option<Upload>,
        form: &mut StoryForm,
    ) -> Result<Result<(), Refused>, WebError> {
        let Some(upload) = upload else {
            return Ok(Ok(()));
        };
        if !policy::allows(signed.user.role, Action::UploadImage, None) {
            return Ok(Err(Refused {
                status: StatusCode::FORBIDDEN,
                message: "You may not upload pictures.".into(),
            }));
        }
        let typed = MediaText {
            alt: form.lead_alt.clone(),
            caption: form.lead_caption.clone(),
            ..MediaText::default()
        };
        Ok(self
            .store_upload(signed, upload, typed)
            .await?
            .map(|media| form.lead_media_id = Some(media.id)))
    }

    /// Topics typed by name: found by name or address, and made when missing by those
    /// who may change the newsroom's structure. `Err` holds the sentence for a name that
    /// this person may not add (then nothing is saved).
    async fn take_topic_names(
        &self,
        signed: &Signed,
        form: &mut StoryForm,
    ) -> Result<Result<(), String>, WebError> {
        let names: Vec<String> = form
            .topic_names
            .split(',')
            .map(|n| n.trim().to_owned())
            .filter(|n| n.chars().any(char::is_alphanumeric))
            .collect();
        let may_add = policy::allows(signed.user.role, Action::ManageStructure, None);
        for name in names {
            if name.chars().count() > 200 {
                return Ok(Err(
                    "A topic name may be at most 200 characters; nothing was saved.".into(),
                ));
            }
            let tag = match self.store.tag_named(&name).await? {
                Some(tag) => tag,
                None if may_add => {
                    let by = Some(signed.user.id);
                    let made = self
                        .store
                        .find_or_add_tags(std::slice::from_ref(&name), by)
                        .await?;
                    let Some(tag) = made.into_iter().next() else {
                        continue;
                    };
                    tag
                }
                None => {
                    return Ok(Err(format!(
                        "No topic is called “{name}”, and only editors add topics: choose an existing one. Nothing was saved."
                    )));
                }
            };
            if !form.tag_ids.contains(&tag.id) {
                form.tag_ids.push(tag.id);
            }
        }
        form.topic_names.clear();
        Ok(Ok(()))
    }

    /// Keeps only tags and authors that exist, so a hand-made form cannot point at nothing.
    async fn keep_known(&self, form: &mut StoryForm) -> Result<(), WebError> {
        let tags = self.store.existing_tag_ids(&form.tag_ids).await?;
        let authors: Vec<i64> = self
            .store
            .authors()
            .await?
            .into_iter()
            .map(|a| a.id)
            .collect();
        form.tag_ids.retain(|id| tags.contains(id));
        form.author_ids.retain(|id| authors.contains(id));
        if let Some(id) = form.lead_media_id.filter(|id| *id > 0)
            && self.store.media(id).await?.is_none()
        {
            form.lead_media_id = None;
        }
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
