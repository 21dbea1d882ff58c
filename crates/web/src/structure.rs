//! The newsroom's structure in the desk: sections (names, addresses, front-page words,
//! navigation order and visibility, deletion), topics (rename, merge, delete, the editor's
//! typeahead) and author profiles. Editors and administrators only (`ManageStructure`);
//! the typeahead serves anyone at the desk.
//!
//! Each handler parses the form, calls one store operation (which writes, audits and logs
//! the change in one transaction) and answers with a redirect, or with the form again and
//! one sentence saying why nothing was saved.

use crate::desk::{Signed, forbidden};
use crate::gate::{DeskPost, DeskUser};
use crate::library::{card, urlencoded};
use crate::upload::DeskForm;
use crate::{App, WebError};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use newsdesk_core::view::{
    Choice, Paging, StructureEditPage, StructureForm, StructureLine, StructureListPage,
    TopicSuggestion,
};
use newsdesk_core::{Action, Slug, is_web_address, policy};
use newsdesk_store::{AuthorInput, SectionInput, StoreError, StructureKind, TagInput};
use serde::Deserialize;

const TOPICS_PER_PAGE: usize = 50;
/// Answers of the typeahead.
const SUGGESTIONS: usize = 10;
/// Recent pictures offered for an author's photo.
const PHOTO_CHOICES: u32 = 12;
const MAX_NAME: usize = 200;
const MAX_LINKS: usize = 20;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    page: Option<String>,
    saved: Option<String>,
    deleted: Option<String>,
}

impl ListQuery {
    fn page(&self) -> u32 {
        self.page
            .as_deref()
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| (1..=100_000).contains(p))
            .unwrap_or(1)
    }

    fn message(&self) -> Option<String> {
        if self.deleted.is_some() {
            Some("Deleted.".to_owned())
        } else {
            self.saved.as_ref().map(|_| "Saved.".to_owned())
        }
    }
}

/// The desk's plural name of a kind, also its address under `/admin/`.
fn plural(kind: StructureKind) -> &'static str {
    match kind {
        StructureKind::Section => "sections",
        StructureKind::Tag => "topics",
        StructureKind::Author => "authors",
    }
}

fn noun(kind: StructureKind) -> &'static str {
    match kind {
        StructureKind::Section => "section",
        StructureKind::Tag => "topic",
        StructureKind::Author => "author",
    }
}

fn desk_url(kind: StructureKind) -> String {
    format!("/admin/{}", plural(kind))
}

fn refusal(reason: &str) -> String {
    format!("Nothing was saved: {reason}")
}

/// A store refusal as the sentence to show, or the error to log.
fn store_refusal(kind: StructureKind, e: StoreError) -> Result<String, WebError> {
    match e {
        StoreError::Duplicate { value, .. } => Ok(refusal(&format!(
            "the address “{value}” is already taken by another {}.",
            noun(kind)
        ))),
        StoreError::Invalid(reason) => Ok(format!("Nothing changed. {reason}")),
        StoreError::NotFound(_) => Ok(refusal(&format!("that {} no longer exists.", noun(kind)))),
        other => Err(other.into()),
    }
}

/// The form as typed.
fn typed(form: &DeskForm) -> StructureForm {
    let text = |name: &str| form.value(name).trim().to_owned();
    // A library number typed by hand wins over the picture grid.
    let photo = match text("photo_number").trim_start_matches('#') {
        "" => text("photo_id"),
        typed => typed.to_owned(),
    };
    StructureForm {
        name: text("name"),
        slug: text("slug"),
        description: text("description"),
        seo_title: text("seo_title"),
        seo_description: text("seo_description"),
        hidden: !form.value("hidden").is_empty(),
        position: text("position").parse().unwrap_or(0),
        job_title: text("job_title"),
        links: form
            .value("links")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        photo: if photo == "0" { String::new() } else { photo },
        login_id: text("login_id").parse().unwrap_or(0),
    }
}

/// The name and address a form gives, or why they cannot be used. An empty address is
/// made from the name.
fn name_and_slug(kind: StructureKind, f: &StructureForm) -> Result<(String, Slug), String> {
    if f.name.is_empty() {
        return Err(refusal(&format!("a {} needs a name.", noun(kind))));
    }
    if f.name.chars().count() > MAX_NAME {
        return Err(refusal(&format!(
            "the name is too long (at most {MAX_NAME} characters)."
        )));
    }
    let slug = if f.slug.is_empty() {
        Slug::from_title(&f.name).as_str().to_owned()
    } else {
        f.slug.clone()
    };
    let parsed = match kind {
        StructureKind::Section => Slug::parse_section(&slug),
        _ => Slug::parse(&slug),
    };
    parsed
        .map_err(|e| refusal(&format!("the address cannot be used: {e}.")))
        .map(|slug| (f.name.clone(), slug))
}

fn section_input(f: &StructureForm) -> Result<SectionInput, String> {
    let (name, slug) = name_and_slug(StructureKind::Section, f)?;
    Ok(SectionInput {
        slug,
        name,
        description: f.description.clone(),
        seo_title: f.seo_title.clone(),
        seo_description: f.seo_description.clone(),
        hidden: f.hidden,
        position: f.position,
    })
}

fn tag_input(f: &StructureForm) -> Result<TagInput, String> {
    let (name, slug) = name_and_slug(StructureKind::Tag, f)?;
    Ok(TagInput {
        slug,
        name,
        description: f.description.clone(),
    })
}

impl App {
    async fn author_input(
        &self,
        f: &StructureForm,
    ) -> Result<Result<AuthorInput, String>, WebError> {
        let (name, slug) = match name_and_slug(StructureKind::Author, f) {
            Ok(found) => found,
            Err(why) => return Ok(Err(why)),
        };
        let lines: Vec<&str> = f.links.lines().collect();
        if lines.len() > MAX_LINKS {
            return Ok(Err(refusal(&format!(
                "list at most {MAX_LINKS} profile links."
            ))));
        }
        if let Some(n) = lines.iter().position(|l| !is_web_address(l)) {
            return Ok(Err(refusal(&format!(
                "line {} of the links is not a web address (each line must start with https://).",
                n + 1
            ))));
        }
        let photo_media_id = match f.photo.as_str() {
            "" => None,
            typed => match typed.parse::<i64>() {
                Ok(id) if self.store.media(id).await?.is_some() => Some(id),
                _ => {
                    return Ok(Err(refusal(&format!(
                        "there is no picture number {typed} in the library."
                    ))));
                }
            },
        };
        Ok(Ok(AuthorInput {
            slug,
            name,
            bio: f.description.clone(),
            job_title: f.job_title.clone(),
            links: f.links.clone(),
            photo_media_id,
        }))
    }

    #[allow(clippy::too_many_arguments)]
    async fn structure_list(
        &self,
        kind: StructureKind,
        status: StatusCode,
        signed: &Signed,
        query: &str,
        page: u32,
        form: StructureForm,
        message: Option<String>,
    ) -> Result<Response, WebError> {
        let query = query.trim();
        let mut has_next = false;
        let mut lines: Vec<StructureLine> = match kind {
            StructureKind::Section => self
                .store
                .sections()
                .await?
                .into_iter()
                .map(|s| {
                    line(
                        kind,
                        s.id,
                        s.name,
                        s.slug.as_str(),
                        s.hidden,
                        s.position,
                        "",
                    )
                })
                .collect(),
            StructureKind::Tag => {
                let offset = (page as usize - 1) * TOPICS_PER_PAGE;
                let (tags, more) = self
                    .store
                    .tags_starting(query, TOPICS_PER_PAGE, offset)
                    .await?;
                has_next = more;
                tags.into_iter()
                    .map(|t| line(kind, t.id, t.name, t.slug.as_str(), false, 0, ""))
                    .collect()
            }
            StructureKind::Author => self
                .store
                .authors()
                .await?
                .into_iter()
                .map(|a| line(kind, a.id, a.name, a.slug.as_str(), false, 0, &a.job_title))
                .collect(),
        };
        let ids: Vec<i64> = lines.iter().map(|l| l.id).collect();
        let counts = self.store.story_counts(kind, &ids).await?;
        for l in &mut lines {
            l.stories = counts.get(&l.id).copied().unwrap_or(0);
        }
        let url = |n: u32| {
            let mut pairs = Vec::new();
            if !query.is_empty() {
                pairs.push(format!("q={}", urlencoded(query)));
            }
            if n > 1 {
                pairs.push(format!("page={n}"));
            }
            match pairs.is_empty() {
                true => desk_url(kind),
                false => format!("{}?{}", desk_url(kind), pairs.join("&")),
            }
        };
        let page = StructureListPage {
            kind: plural(kind),
            role: signed.user.role,
            csrf_token: signed.csrf.clone(),
            lines,
            query: query.to_owned(),
            paging: Paging {
                page,
                prev_url: (page > 1).then(|| url(page - 1)),
                next_url: has_next.then(|| url(page + 1)),
            },
            form,
            message,
        };
        Ok(self.desk_page(
            status,
            self.templates.desk_structure_list(&self.site(), &page),
        ))
    }

    /// One section, topic or author's page; the 404 page when there is no such one.
    async fn structure_item(
        &self,
        kind: StructureKind,
        id: i64,
        status: StatusCode,
        signed: &Signed,
        typed: Option<StructureForm>,
        message: Option<String>,
    ) -> Result<Response, WebError> {
        let mut page = StructureEditPage {
            kind: plural(kind),
            role: signed.user.role,
            id,
            csrf_token: signed.csrf.clone(),
            form: StructureForm::default(),
            url: String::new(),
            stories: self.store.story_count(kind, id).await?,
            old_slugs: self.store.old_slugs(kind, id).await?,
            move_to: Vec::new(),
            photos: Vec::new(),
            photo: None,
            logins: Vec::new(),
            can_link_login: policy::allows(signed.user.role, Action::ManageUsers, None),
            message,
        };
        let stored = match kind {
            StructureKind::Section => {
                let Some(s) = self.store.section(id).await? else {
                    return Ok(self.not_found_page());
                };
                page.move_to = self
                    .store
                    .sections()
                    .await?
                    .into_iter()
                    .filter(|other| other.id != id)
                    .map(|other| Choice {
                        value: other.id.to_string(),
                        label: other.name,
                        selected: false,
                    })
                    .collect();
                StructureForm {
                    name: s.name,
                    slug: s.slug.as_str().to_owned(),
                    description: s.description,
                    seo_title: s.seo_title,
                    seo_description: s.seo_description,
                    hidden: s.hidden,
                    position: s.position,
                    ..StructureForm::default()
                }
            }
            StructureKind::Tag => {
                let Some(t) = self.store.tag(id).await? else {
                    return Ok(self.not_found_page());
                };
                StructureForm {
                    name: t.name,
                    slug: t.slug.as_str().to_owned(),
                    description: t.description,
                    ..StructureForm::default()
                }
            }
            StructureKind::Author => {
                let Some(a) = self.store.author(id).await? else {
                    return Ok(self.not_found_page());
                };
                let (recent, _) = self.store.media_library("", 1, PHOTO_CHOICES).await?;
                page.photos = recent.iter().map(card).collect();
                if let Some(photo) = a.photo_media_id {
                    page.photo = self.store.media(photo).await?.as_ref().map(card);
                }
                let users = self.store.users().await?;
                let login_id = users
                    .iter()
                    .find(|u| u.author_id == Some(id))
                    .map_or(0, |u| u.id);
                page.logins = users
                    .into_iter()
                    .map(|u| Choice {
                        selected: u.id == login_id,
                        value: u.id.to_string(),
                        label: if u.name.is_empty() || u.name == u.email {
                            u.email
                        } else {
                            format!("{} ({})", u.name, u.email)
                        },
                    })
                    .collect();
                StructureForm {
                    name: a.name,
                    slug: a.slug.as_str().to_owned(),
                    description: a.bio,
                    job_title: a.job_title,
                    links: a.links,
                    photo: a.photo_media_id.map(|p| p.to_string()).unwrap_or_default(),
                    login_id,
                    ..StructureForm::default()
                }
            }
        };
        page.url = kind.url(&stored.slug);
        page.form = typed.unwrap_or(stored);
        Ok(self.desk_page(
            status,
            self.templates.desk_structure_item(&self.site(), &page),
        ))
    }
}

fn line(
    kind: StructureKind,
    id: i64,
    name: String,
    slug: &str,
    hidden: bool,
    position: i64,
    note: &str,
) -> StructureLine {
    StructureLine {
        id,
        name,
        slug: slug.to_owned(),
        url: kind.url(slug),
        stories: 0,
        hidden,
        position,
        note: note.to_owned(),
    }
}

fn saved(kind: StructureKind, id: i64) -> Response {
    Redirect::to(&format!("{}/{id}?saved=1", desk_url(kind))).into_response()
}

async fn list(app: App, kind: StructureKind, signed: Signed, q: ListQuery) -> Response {
    let result = async {
        let form = StructureForm::default();
        app.structure_list(
            kind,
            StatusCode::OK,
            &signed,
            &q.q,
            q.page(),
            form,
            q.message(),
        )
        .await
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

async fn item(app: App, kind: StructureKind, id: String, signed: Signed, q: ListQuery) -> Response {
    let result = async {
        let Ok(id) = id.parse::<i64>() else {
            return Ok(app.not_found_page());
        };
        app.structure_item(kind, id, StatusCode::OK, &signed, None, q.message())
            .await
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

/// Adds a section, topic or author from the list page's form, then shows its own page.
async fn add(app: App, kind: StructureKind, signed: Signed, form: DeskForm) -> Response {
    let result = async {
        let f = typed(&form);
        let by = Some(signed.user.id);
        let created = match kind {
            StructureKind::Section => match section_input(&f) {
                Ok(input) => Ok(app.store.add_section(&input, by).await.map(|s| s.id)),
                Err(why) => Err(why),
            },
            StructureKind::Tag => match tag_input(&f) {
                Ok(input) => Ok(app.store.add_tag(&input, by).await.map(|t| t.id)),
                Err(why) => Err(why),
            },
            StructureKind::Author => match app.author_input(&f).await? {
                Ok(input) => Ok(app.store.add_author(&input, by).await.map(|a| a.id)),
                Err(why) => Err(why),
            },
        };
        let why = match created {
            Ok(Ok(id)) => return Ok(saved(kind, id)),
            Ok(Err(e)) => store_refusal(kind, e)?,
            Err(why) => why,
        };
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        app.structure_list(kind, status, &signed, "", 1, f, Some(why))
            .await
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

/// A store operation's result as the answer to give, or the sentence saying why nothing
/// was saved.
fn answer<T>(
    kind: StructureKind,
    result: Result<T, StoreError>,
    ok: impl FnOnce(T) -> Response,
) -> Result<Result<Response, String>, WebError> {
    match result {
        Ok(value) => Ok(Ok(ok(value))),
        Err(e) => Ok(Err(store_refusal(kind, e)?)),
    }
}

fn go(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// Every button of a section's, topic's or author's page: save, and per kind up, down,
/// delete, merge.
async fn change(
    app: App,
    kind: StructureKind,
    id: String,
    signed: Signed,
    form: DeskForm,
) -> Response {
    let result = async {
        let Ok(id) = id.parse::<i64>() else {
            return Ok(app.not_found_page());
        };
        let exists = match kind {
            StructureKind::Section => app.store.section(id).await?.is_some(),
            StructureKind::Tag => app.store.tag(id).await?.is_some(),
            StructureKind::Author => app.store.author(id).await?.is_some(),
        };
        if !exists {
            return Ok(app.not_found_page());
        }
        let by = Some(signed.user.id);
        let f = typed(&form);
        let action = form.value("action");
        let outcome = match (kind, action) {
            (StructureKind::Section, "up" | "down") => {
                let step = if action == "up" { -1 } else { 1 };
                let moved = app.store.move_section(id, step, by).await;
                answer(kind, moved, |()| go("/admin/sections?saved=1"))?
            }
            (StructureKind::Section, "delete") => {
                let move_to = form.value("move_to").parse::<i64>().ok().filter(|m| *m > 0);
                let deleted = app.store.delete_section(id, move_to, by).await;
                answer(kind, deleted, |()| go("/admin/sections?deleted=1"))?
            }
            (StructureKind::Tag, "delete") => {
                let deleted = app.store.delete_tag(id, by).await;
                answer(kind, deleted, |()| go("/admin/topics?deleted=1"))?
            }
            (StructureKind::Tag, "merge") => {
                let into = form.value("into").trim();
                match app.store.tag_named(into).await? {
                    _ if into.is_empty() => {
                        Err("Nothing changed: name the topic to merge this one into.".to_owned())
                    }
                    Some(target) => {
                        let merged = app.store.merge_tag(id, target.id, by).await;
                        answer(kind, merged, |t| saved(kind, t.id))?
                    }
                    None => Err(format!("Nothing changed: no topic is called “{into}”.")),
                }
            }
            (StructureKind::Section, _) => match section_input(&f) {
                Ok(_) if !position_typed_well(&form) => {
                    Err(refusal("the position must be a whole number."))
                }
                Ok(input) => {
                    let done = app.store.save_section(id, &input, by).await;
                    answer(kind, done, |_| saved(kind, id))?
                }
                Err(why) => Err(why),
            },
            (StructureKind::Tag, _) => match tag_input(&f) {
                Ok(input) => answer(kind, app.store.save_tag(id, &input, by).await, |_| {
                    saved(kind, id)
                })?,
                Err(why) => Err(why),
            },
            (StructureKind::Author, _) => match app.author_input(&f).await? {
                Ok(input) => {
                    // Which login writes under a byline decides whose stories they may
                    // edit: that stays with those who manage people.
                    let may_link = policy::allows(signed.user.role, Action::ManageUsers, None)
                        && form.pairs.iter().any(|(k, _)| k == "login_id");
                    let login = may_link.then(|| Some(f.login_id).filter(|l| *l > 0));
                    let done = app.store.save_author(id, &input, login, by).await;
                    answer(kind, done, |_| saved(kind, id))?
                }
                Err(why) => Err(why),
            },
        };
        match outcome {
            Ok(response) => Ok(response),
            Err(why) => {
                // A refused save shows what was typed; other buttons show the stored form.
                let saving = !matches!(action, "up" | "down" | "delete" | "merge");
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                app.structure_item(kind, id, status, &signed, saving.then_some(f), Some(why))
                    .await
            }
        }
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

fn json(status: StatusCode, body: String) -> Response {
    let headers = [
        (header::CONTENT_TYPE, "application/json"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    (status, headers, body).into_response()
}

fn position_typed_well(form: &DeskForm) -> bool {
    let typed = form.value("position").trim();
    typed.is_empty() || typed.parse::<i64>().is_ok()
}

/// The editor's topic typeahead: up to ten topics whose address or name starts with `q`,
/// as JSON `[{"id", "name", "slug"}]`.
pub async fn suggest_topics(
    State(app): State<App>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Response {
    let result = async {
        // No session: refused like every desk route, but as JSON the script can read.
        let Some(signed) = app.signed_in(&headers).await? else {
            return Ok(json(StatusCode::FORBIDDEN, "[]".to_owned()));
        };
        if !policy::allows(signed.user.role, Action::UseDesk, None) {
            return Ok(forbidden());
        }
        let typed: String = q.q.trim().chars().take(MAX_NAME).collect();
        let found = if typed.is_empty() {
            Vec::new()
        } else {
            app.store.tags_starting(&typed, SUGGESTIONS, 0).await?.0
        };
        let found: Vec<TopicSuggestion> = found
            .into_iter()
            .map(|t| TopicSuggestion {
                id: t.id,
                name: t.name,
                slug: t.slug.as_str().to_owned(),
            })
            .collect();
        // Plain data of our own making: it always serializes.
        let body = serde_json::to_string(&found).unwrap_or_else(|_| "[]".to_owned());
        Ok::<_, WebError>(json(StatusCode::OK, body))
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

pub async fn sections(
    State(app): State<App>,
    DeskUser(signed): DeskUser,
    Query(q): Query<ListQuery>,
) -> Response {
    list(app, StructureKind::Section, signed, q).await
}

pub async fn topics(
    State(app): State<App>,
    DeskUser(signed): DeskUser,
    Query(q): Query<ListQuery>,
) -> Response {
    list(app, StructureKind::Tag, signed, q).await
}

pub async fn authors(
    State(app): State<App>,
    DeskUser(signed): DeskUser,
    Query(q): Query<ListQuery>,
) -> Response {
    list(app, StructureKind::Author, signed, q).await
}

pub async fn add_section(State(app): State<App>, DeskPost { signed, form }: DeskPost) -> Response {
    add(app, StructureKind::Section, signed, form).await
}

pub async fn add_topic(State(app): State<App>, DeskPost { signed, form }: DeskPost) -> Response {
    add(app, StructureKind::Tag, signed, form).await
}

pub async fn add_author(State(app): State<App>, DeskPost { signed, form }: DeskPost) -> Response {
    add(app, StructureKind::Author, signed, form).await
}

pub async fn section(
    State(app): State<App>,
    Path(id): Path<String>,
    DeskUser(signed): DeskUser,
    Query(q): Query<ListQuery>,
) -> Response {
    item(app, StructureKind::Section, id, signed, q).await
}

pub async fn topic(
    State(app): State<App>,
    Path(id): Path<String>,
    DeskUser(signed): DeskUser,
    Query(q): Query<ListQuery>,
) -> Response {
    item(app, StructureKind::Tag, id, signed, q).await
}

pub async fn author(
    State(app): State<App>,
    Path(id): Path<String>,
    DeskUser(signed): DeskUser,
    Query(q): Query<ListQuery>,
) -> Response {
    item(app, StructureKind::Author, id, signed, q).await
}

pub async fn change_section(
    State(app): State<App>,
    Path(id): Path<String>,
    DeskPost { signed, form }: DeskPost,
) -> Response {
    change(app, StructureKind::Section, id, signed, form).await
}

pub async fn change_topic(
    State(app): State<App>,
    Path(id): Path<String>,
    DeskPost { signed, form }: DeskPost,
) -> Response {
    change(app, StructureKind::Tag, id, signed, form).await
}

pub async fn change_author(
    State(app): State<App>,
    Path(id): Path<String>,
    DeskPost { signed, form }: DeskPost,
) -> Response {
    change(app, StructureKind::Author, id, signed, form).await
}
