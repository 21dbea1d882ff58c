//! Standalone pages: written in the desk (editors and administrators) with revisions and a
//! preview, served at `/{slug}` through the page cache, listed in the footer and the pages
//! sitemap — never in news lists, feeds or the news sitemap.

use crate::desk::Signed;
use crate::gate::{DeskPost, DeskUser};
use crate::site::{PageKind, Rendered};
use crate::upload::DeskForm;
use crate::{App, WebError, route};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use newsdesk_core::page::Purpose;
use newsdesk_core::view::{
    Choice, DeskPageLine, DeskPages, PageEditor, RevisionLine, StandalonePage,
};
use newsdesk_core::{Page, Slug};
use newsdesk_newsroom::{OpError, PageFields};
use newsdesk_store::{PageInput, StoreError};
use serde::Deserialize;
use std::collections::HashMap;

const PAGE: PageKind = PageKind::new(route::SECTION_NO_SLASH, "page");

fn view_of(page: &Page, preview: bool) -> StandalonePage {
    StandalonePage {
        id: page.id,
        title: page.title.clone(),
        body_html: page.body_html.clone(),
        url: page.url(),
        seo_title: page.seo_title.clone(),
        seo_description: page.seo_description.clone(),
        updated_at: page.updated_at,
        preview,
    }
}

impl App {
    /// The published page at `/{slug}` through the page cache, or whatever the address
    /// moved to, or the 404 page.
    pub(crate) async fn serve_standalone(&self, slug: &str, headers: &HeaderMap) -> Response {
        let path = format!("/{slug}");
        let load = async {
            let Some(page) = self.store.public_page(slug).await? else {
                return Ok(None);
            };
            let view = view_of(&page, false);
            let html = self.templates.standalone_page(&self.site(), &view)?;
            Ok(Some(Rendered::of(&view, html)))
        };
        self.serve_page(PAGE, path, headers, load).await
    }

    async fn page_editor(
        &self,
        status: StatusCode,
        signed: &Signed,
        page: Option<&Page>,
        typed: Option<&DeskForm>,
        error: Option<String>,
        message: Option<String>,
    ) -> Result<Response, WebError> {
        let revisions = match page {
            Some(p) => {
                let mut names: HashMap<i64, String> = HashMap::new();
                let mut lines = Vec::new();
                for r in self.store.page_revisions(p.id).await? {
                    let saved_by = match r.user_id {
                        None => "the system".to_owned(),
                        Some(id) => match names.get(&id) {
                            Some(n) => n.clone(),
                            None => {
                                let n = self.store.user(id).await?.map_or_else(
                                    || format!("user {id}"),
                                    |u| {
                                        if u.name.is_empty() { u.email } else { u.name }
                                    },
                                );
                                names.insert(id, n.clone());
                                n
                            }
                        },
                    };
                    lines.push(RevisionLine {
                        current: r.version == p.version,
                        version: r.version,
                        saved_by,
                        saved_at: r.at,
                        headline: r.title,
                    });
                }
                lines
            }
            None => Vec::new(),
        };
        let text = |field: &str, stored: Option<&str>| match typed {
            Some(form) => form.value(field).to_owned(),
            None => stored.unwrap_or_default().to_owned(),
        };
        let purpose = text("purpose", page.map(|p| p.purpose.as_str()));
        let view = PageEditor {
            role: signed.user.role,
            csrf_token: signed.csrf.clone(),
            id: page.map(|p| p.id),
            version: page.map_or(0, |p| p.version),
            title: text("title", page.map(|p| p.title.as_str())),
            slug: text("slug", page.map(|p| p.slug.as_str())),
            body: text("body", page.map(|p| p.body_markdown.as_str())),
            published: page.is_some_and(|p| p.published),
            purposes: Purpose::ALL
                .into_iter()
                .map(|p| Choice {
                    value: p.as_str().to_owned(),
                    label: p.label().to_owned(),
                    selected: p.as_str() == purpose,
                })
                .collect(),
            purpose,
            in_footer: match typed {
                Some(form) => !form.value("in_footer").is_empty(),
                None => page.is_some_and(|p| p.in_footer),
            },
            footer_position: match typed {
                Some(form) => form.value("footer_position").trim().parse().unwrap_or(0),
                None => page.map_or(0, |p| p.footer_position),
            },
            seo_title: text("seo_title", page.map(|p| p.seo_title.as_str())),
            seo_description: text("seo_description", page.map(|p| p.seo_description.as_str())),
            public_url: page.filter(|p| p.published).map(Page::url),
            revisions,
            error,
            message,
        };
        let html = self
            .templates
            .desk_page(&self.site(), &signed.viewer(), &view);
        Ok(self.desk_page(status, html))
    }
}

/// The page as typed; `published` says which button was pressed. `Err` is the sentence
/// that tells the person what to fix.
fn input_from(form: &DeskForm, published: bool) -> Result<PageFields, String> {
    let footer_position = match form.value("footer_position").trim() {
        "" => 0,
        v => v.parse::<i64>().map_err(|_| {
            format!("The footer position must be a number from 0 to 1000, not {v:?}.")
        })?,
    };
    Ok(PageFields {
        title: form.value("title").to_owned(),
        slug: form.value("slug").to_owned(),
        body_markdown: form.value("body").to_owned(),
        published,
        purpose: form.value("purpose").to_owned(),
        in_footer: !form.value("in_footer").is_empty(),
        footer_position,
        seo_title: form.value("seo_title").to_owned(),
        seo_description: form.value("seo_description").to_owned(),
    })
}

/// The sentence for a refused save, or `None` for a failure that is not the person's.
fn refusal(e: &StoreError) -> Option<String> {
    match e {
        StoreError::Invalid(msg) => Some(msg.clone()),
        StoreError::Duplicate { value, .. } => Some(format!(
            "Another page already has the address /{value}: choose another."
        )),
        StoreError::Conflict { .. } => Some(
            "Someone else saved this page while you were editing. Your text is below; their version is now the current one — copy what you need, reload, and save again."
                .into(),
        ),
        _ => None,
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    deleted: Option<String>,
}

pub async fn list(
    State(app): State<App>,
    Query(q): Query<ListQuery>,
    DeskUser(signed): DeskUser,
) -> Response {
    let result = async {
        let pages = app
            .store
            .all_pages()
            .await?
            .into_iter()
            .map(|p| DeskPageLine {
                url: p.url(),
                id: p.id,
                title: p.title,
                published: p.published,
                purpose: p.purpose.label(),
                in_footer: p.in_footer,
                updated_at: p.updated_at,
            })
            .map(|mut line| {
                if line.purpose == Purpose::Other.label() {
                    line.purpose = "";
                }
                line
            })
            .collect();
        let view = DeskPages {
            role: signed.user.role,
            pages,
            message: q.deleted.map(|_| "The page was deleted.".into()),
        };
        Ok(app.desk_page(
            StatusCode::OK,
            app.templates
                .desk_pages(&app.site(), &signed.viewer(), &view),
        ))
    };
    result
        .await
        .unwrap_or_else(|e: WebError| app.error_page(&e))
}

pub async fn new_page(State(app): State<App>, DeskUser(signed): DeskUser) -> Response {
    let result = async {
        app.page_editor(StatusCode::OK, &signed, None, None, None, None)
            .await
    };
    result
        .await
        .unwrap_or_else(|e: WebError| app.error_page(&e))
}

pub async fn create_page(State(app): State<App>, DeskPost { signed, form }: DeskPost) -> Response {
    let result = async {
        let publish = form.value("action") == "publish";
        let refuse = |msg: String| {
            app.page_editor(
                StatusCode::UNPROCESSABLE_ENTITY,
                &signed,
                None,
                Some(&form),
                Some(format!("Nothing was saved: {msg}")),
                None,
            )
        };
        let input = match input_from(&form, publish) {
            Ok(i) => i,
            Err(msg) => return refuse(msg).await,
        };
        match app.newsroom.create_page(&signed.actor(), &input).await {
            Ok(page) => {
                Ok(Redirect::to(&format!("/admin/pages/{}?saved=1", page.id)).into_response())
            }
            Err(e @ OpError::Invalid { .. }) => {
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                let msg = Some(e.public_message());
                app.page_editor(status, &signed, None, Some(&form), msg, None)
                    .await
            }
            Err(e) if e.is_internal() => Err(e.into()),
            Err(e) => Ok(app.refused(e)),
        }
    };
    result
        .await
        .unwrap_or_else(|e: WebError| app.error_page(&e))
}

#[derive(Deserialize, Default)]
pub struct SavedQuery {
    saved: Option<String>,
}

/// The editor of page `id`; 404 for a page that does not exist.
pub async fn edit_page(
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(q): Query<SavedQuery>,
    DeskUser(signed): DeskUser,
) -> Response {
    let result = async {
        let Some(page) = app.store.page(id).await? else {
            return Ok(app.not_found_page());
        };
        let message = q.saved.map(|_| {
            if page.published {
                "Saved. The page is live.".to_owned()
            } else {
                "Saved as a draft.".to_owned()
            }
        });
        app.page_editor(StatusCode::OK, &signed, Some(&page), None, None, message)
            .await
    };
    result
        .await
        .unwrap_or_else(|e: WebError| app.error_page(&e))
}

pub async fn save_page(
    State(app): State<App>,
    Path(id): Path<i64>,
    DeskPost { signed, form }: DeskPost,
) -> Response {
    let result = async {
        let Some(current) = app.store.page(id).await? else {
            return Ok(app.not_found_page());
        };
        let publish = match form.value("action") {
            "publish" => true,
            "unpublish" => false,
            _ => current.published,
        };
        let version: i64 = form.value("version").trim().parse().unwrap_or(0);
        let input = match input_from(&form, publish) {
            Ok(i) => i,
            Err(msg) => {
                let msg = format!("Nothing was saved: {msg}");
                return app
                    .page_editor(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        &signed,
                        Some(&current),
                        Some(&form),
                        Some(msg),
                        None,
                    )
                    .await;
            }
        };
        let saved = app
            .newsroom
            .save_page(&signed.actor(), id, version, &input)
            .await;
        let (status, latest, msg) = match saved {
            Ok(_) => return Ok(Redirect::to(&format!("/admin/pages/{id}?saved=1")).into_response()),
            // The current version's number goes into the form, so the next save is a
            // deliberate overwrite of what the other saved.
            Err(OpError::PageConflict { current: latest, .. }) => (
                StatusCode::CONFLICT,
                *latest,
                "Nothing was saved: someone else saved this page while you were editing. Your text is below; their version is now the current one — copy what you need, reload, and save again.".to_owned(),
            ),
            Err(e @ OpError::Invalid { .. }) => {
                (StatusCode::UNPROCESSABLE_ENTITY, current, e.public_message())
            }
            Err(e) if e.is_internal() => return Err(e.into()),
            Err(e) => return Ok(app.refused(e)),
        };
        app.page_editor(status, &signed, Some(&latest), Some(&form), Some(msg), None)
            .await
    };
    result
        .await
        .unwrap_or_else(|e: WebError| app.error_page(&e))
}

pub async fn delete_page(
    State(app): State<App>,
    Path(id): Path<i64>,
    DeskPost { signed, form }: DeskPost,
) -> Response {
    let result = async {
        if form.value("confirm").is_empty() {
            let Some(page) = app.store.page(id).await? else {
                return Ok(app.not_found_page());
            };
            let msg = "Nothing was deleted: tick the box to confirm.".to_owned();
            return app
                .page_editor(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &signed,
                    Some(&page),
                    None,
                    Some(msg),
                    None,
                )
                .await;
        }
        match app.newsroom.delete_page(&signed.actor(), id).await {
            Ok(()) => Ok(Redirect::to("/admin/pages?deleted=1").into_response()),
            Err(e) if e.is_internal() => Err(e.into()),
            Err(e) => Ok(app.refused(e)),
        }
    };
    result
        .await
        .unwrap_or_else(|e: WebError| app.error_page(&e))
}

/// Restores an older version as a new save: the text, title and settings it had then.
pub async fn restore_page(
    State(app): State<App>,
    Path((id, version)): Path<(i64, i64)>,
    DeskPost { signed, .. }: DeskPost,
) -> Response {
    let result = async {
        let Some(current) = app.store.page(id).await? else {
            return Ok(app.not_found_page());
        };
        let revisions = app.store.page_revisions(id).await?;
        let Some(old) = revisions.iter().find(|r| r.version == version) else {
            return Ok(app.not_found_page());
        };
        let meta: serde_json::Value = serde_json::from_str(&old.meta).unwrap_or_default();
        let text = |k: &str| meta[k].as_str().unwrap_or_default().to_owned();
        // The address it had then, unless another page has taken it since.
        let slug =
            Slug::parse(text("address").trim_start_matches('/')).unwrap_or(current.slug.clone());
        let input = PageInput {
            slug,
            title: old.title.clone(),
            body_html: newsdesk_render::markdown::to_safe_html(&old.body_markdown),
            body_markdown: old.body_markdown.clone(),
            // Restoring text never publishes or takes down a page by itself.
            published: current.published,
            purpose: text("purpose").parse().unwrap_or_default(),
            in_footer: meta["in_footer"].as_bool().unwrap_or(false),
            footer_position: meta["footer_position"].as_i64().unwrap_or(0),
            seo_title: text("seo_title"),
            seo_description: text("seo_description"),
        };
        match app
            .store
            .update_page(id, current.version, &input, Some(signed.user.id))
            .await
        {
            Ok(_) => Ok(Redirect::to(&format!("/admin/pages/{id}?saved=1")).into_response()),
            Err(e) => match refusal(&e) {
                Some(msg) => {
                    let msg = format!("Version {version} was not restored: {msg}");
                    app.page_editor(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        &signed,
                        Some(&current),
                        None,
                        Some(msg),
                        None,
                    )
                    .await
                }
                None => Err(e.into()),
            },
        }
    };
    result
        .await
        .unwrap_or_else(|e: WebError| app.error_page(&e))
}

/// The page as it stands, in the site's own design, for the desk only.
pub async fn preview_page(
    State(app): State<App>,
    Path(id): Path<i64>,
    DeskUser(_signed): DeskUser,
) -> Response {
    let result = async {
        let Some(page) = app.store.page(id).await? else {
            return Ok(app.not_found_page());
        };
        let html = app
            .templates
            .standalone_page(&app.site(), &view_of(&page, true))?;
        let mut response = app.desk_page(StatusCode::OK, Ok(html));
        response.headers_mut().insert(
            header::HeaderName::from_static("x-robots-tag"),
            header::HeaderValue::from_static("noindex"),
        );
        Ok(response)
    };
    result
        .await
        .unwrap_or_else(|e: WebError| app.error_page(&e))
}
