//! Standalone pages (About us, the policies) through the Admin API: the same operations
//! as the desk's page editor, with versions and 409s.

use super::{AdminError, TokenActor, answer, parse_json};
use crate::App;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use newsdesk_core::Page;
use newsdesk_newsroom::{OpError, PageFields};
use serde::Deserialize;
use serde_json::{Value, json};

fn time(at: i64) -> String {
    jiff::Timestamp::from_second(at).map_or_else(|_| String::new(), |t| t.to_string())
}

fn page_json(app: &App, p: &Page) -> Value {
    json!({
        "id": p.id, "version": p.version, "slug": p.slug.as_str(), "title": p.title,
        "url": p.published.then(|| format!("{}{}", app.settings.base_url, p.url())),
        "published": p.published, "purpose": p.purpose.as_str(),
        "in_footer": p.in_footer, "footer_position": p.footer_position,
        "body_markdown": p.body_markdown, "body_html": p.body_html,
        "seo_title": p.seo_title, "seo_description": p.seo_description,
        "created_at": time(p.created_at), "updated_at": time(p.updated_at),
        "published_at": p.published_at.map(time),
    })
}

/// A page as sent; absent fields keep what is saved.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageIn {
    /// The version a change is based on: required to change a page.
    version: Option<i64>,
    title: Option<String>,
    slug: Option<String>,
    body_markdown: Option<String>,
    published: Option<bool>,
    purpose: Option<String>,
    in_footer: Option<bool>,
    footer_position: Option<i64>,
    seo_title: Option<String>,
    seo_description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageBody {
    page: PageIn,
}

impl PageIn {
    fn over(self, base: PageFields) -> (Option<i64>, PageFields) {
        let fields = PageFields {
            title: self.title.unwrap_or(base.title),
            slug: self.slug.unwrap_or(base.slug),
            body_markdown: self.body_markdown.unwrap_or(base.body_markdown),
            published: self.published.unwrap_or(base.published),
            purpose: self.purpose.unwrap_or(base.purpose),
            in_footer: self.in_footer.unwrap_or(base.in_footer),
            footer_position: self.footer_position.unwrap_or(base.footer_position),
            seo_title: self.seo_title.unwrap_or(base.seo_title),
            seo_description: self.seo_description.unwrap_or(base.seo_description),
        };
        (self.version, fields)
    }
}

/// `GET /pages/`: every page, drafts too.
pub(crate) async fn list_pages(State(app): State<App>, who: TokenActor) -> Response {
    let result = async {
        who.may_read()?;
        let pages: Vec<Value> = app
            .store
            .all_pages()
            .await?
            .iter()
            .map(|p| page_json(&app, p))
            .collect();
        Ok::<_, AdminError>(answer(StatusCode::OK, &json!({ "pages": pages })))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

async fn found(app: &App, id: i64) -> Result<Page, AdminError> {
    Ok(app.store.page(id).await?.ok_or(OpError::NotFound("page"))?)
}

pub(crate) async fn page(State(app): State<App>, who: TokenActor, Path(id): Path<i64>) -> Response {
    let result = async {
        who.may_read()?;
        let p = found(&app, id).await?;
        Ok::<_, AdminError>(answer(
            StatusCode::OK,
            &json!({ "page": page_json(&app, &p) }),
        ))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

/// `POST /pages/`: a new page (a draft unless `"published": true`).
pub(crate) async fn create_page(State(app): State<App>, who: TokenActor, body: Bytes) -> Response {
    let result = async {
        let PageBody { page } = parse_json(&body)?;
        let (_, fields) = page.over(PageFields::default());
        let made = app.newsroom.create_page(&who.actor, &fields).await?;
        Ok::<_, AdminError>(answer(
            StatusCode::CREATED,
            &json!({ "page": page_json(&app, &made) }),
        ))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

/// `PATCH /pages/{id}/`: `version` required; a stale one answers 409 with `current_version`.
pub(crate) async fn change_page(
    State(app): State<App>,
    who: TokenActor,
    Path(id): Path<i64>,
    body: Bytes,
) -> Response {
    let result = async {
        let PageBody { page } = parse_json(&body)?;
        let current = found(&app, id).await?;
        let (version, fields) = page.over(PageFields::of(&current));
        let version = version.ok_or_else(|| {
            AdminError::invalid(
                "version",
                "Send the page's `version` you based this change on (from the last GET).",
            )
        })?;
        let saved = app
            .newsroom
            .save_page(&who.actor, id, version, &fields)
            .await?;
        Ok::<_, AdminError>(answer(
            StatusCode::OK,
            &json!({ "page": page_json(&app, &saved) }),
        ))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

/// `DELETE /pages/{id}/`: for good, with its revisions.
pub(crate) async fn delete_page(
    State(app): State<App>,
    who: TokenActor,
    Path(id): Path<i64>,
) -> Response {
    match app.newsroom.delete_page(&who.actor, id).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => AdminError::from(e).into_response(),
    }
}
