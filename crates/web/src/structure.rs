//! The newsroom's structure in the desk: sections (names, addresses, front-page words,
//! navigation order and visibility, deletion), topics (rename, merge, delete, the editor's
//! typeahead) and author profiles. Editors and administrators only (`ManageStructure`);
//! the typeahead serves anyone at the desk.
//!
//! Each handler parses the form, calls one newsroom operation (which checks the policy,
//! then writes, audits and logs the change in one transaction) and answers with a
//! redirect, or with the form again and one sentence saying why nothing was saved.

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
use newsdesk_core::{Action, policy};
use newsdesk_newsroom::{OpError, StructureFields};
use newsdesk_store::StructureKind;
use serde::Deserialize;

const TOPICS_PER_PAGE: usize = 50;
/// Answers of the typeahead.
const SUGGESTIONS: usize = 10;
/// Recent pictures offered for an author's photo.
const PHOTO_CHOICES: u32 = 12;
const MAX_NAME: usize = 200;

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

fn desk_url(kind: StructureKind) -> String {
    format!("/admin/{}", plural(kind))
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

/// The form as the newsroom's fields; `Err` when the photo is not a library number.
fn fields(f: &StructureForm) -> Result<StructureFields, OpError> {
    let photo_media_id = match f.photo.as_str() {
        "" => None,
        typed => Some(typed.parse::<i64>().map_err(|_| {
            OpError::invalid(
                "photo_media_id",
                format!("Nothing was saved: there is no picture number {typed} in the library."),
            )
        })?),
    };
    Ok(StructureFields {
        name: f.name.clone(),
        slug: f.slug.clone(),
        description: f.description.clone(),
        seo_title: f.seo_title.clone(),
        seo_description: f.seo_description.clone(),
        hidden: f.hidden,
        position: f.position,
        job_title: f.job_title.clone(),
        links: f.links.lines().map(str::to_owned).collect(),
        photo_media_id,
    })
}

impl App {
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
            self.templates
                .desk_structure_list(&self.site(), &signed.viewer(), &page),
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
            self.templates
                .desk_structure_item(&self.site(), &signed.viewer(), &page),
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
        let added = match fields(&f) {
            Ok(fields) => {
                app.newsroom
                    .add_structure(&signed.actor(), kind, &fields)
                    .await
            }
            Err(e) => Err(e),
        };
        let why = match added {
            Ok(id) => return Ok(saved(kind, id)),
            Err(e @ OpError::Invalid { .. }) => e.public_message(),
            Err(e) if e.is_internal() => return Err(e.into()),
            Err(e) => return Ok(app.refused(e)),
        };
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        app.structure_list(kind, status, &signed, "", 1, f, Some(why))
            .await
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
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
        let actor = signed.actor();
        let rooms = &app.newsroom;
        let f = typed(&form);
        let action = form.value("action");
        let outcome = match (kind, action) {
            (StructureKind::Section, "up" | "down") => {
                let step = if action == "up" { -1 } else { 1 };
                let moved = rooms.move_section(&actor, id, step).await;
                moved.map(|()| go("/admin/sections?saved=1"))
            }
            (StructureKind::Section, "delete") => {
                let move_to = form.value("move_to").parse::<i64>().ok().filter(|m| *m > 0);
                let deleted = rooms.delete_section(&actor, id, move_to).await;
                deleted.map(|()| go("/admin/sections?deleted=1"))
            }
            (StructureKind::Tag, "delete") => {
                let deleted = rooms.delete_topic(&actor, id).await;
                deleted.map(|()| go("/admin/topics?deleted=1"))
            }
            (StructureKind::Tag, "merge") => {
                let merged = rooms.merge_topic(&actor, id, form.value("into")).await;
                merged.map(|t| saved(kind, t.id))
            }
            (StructureKind::Section, _) if !position_typed_well(&form) => Err(OpError::invalid(
                "position",
                "Nothing was saved: the position must be a whole number.",
            )),
            _ => {
                // Which login writes under a byline decides whose stories they may edit:
                // that stays with those who manage people.
                let may_link = kind == StructureKind::Author
                    && actor.may(Action::ManageUsers, None)
                    && form.pairs.iter().any(|(k, _)| k == "login_id");
                let login = may_link.then(|| Some(f.login_id).filter(|l| *l > 0));
                match fields(&f) {
                    Ok(fields) => rooms
                        .save_structure(&actor, kind, id, &fields, login)
                        .await
                        .map(|()| saved(kind, id)),
                    Err(e) => Err(e),
                }
            }
        };
        match outcome {
            Ok(response) => Ok(response),
            Err(e @ OpError::Invalid { .. }) => {
                // A refused save shows what was typed; other buttons show the stored form.
                let saving = !matches!(action, "up" | "down" | "delete" | "merge");
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                let why = Some(e.public_message());
                app.structure_item(kind, id, status, &signed, saving.then_some(f), why)
                    .await
            }
            Err(e) if e.is_internal() => Err(e.into()),
            Err(e) => Ok(app.refused(e)),
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
