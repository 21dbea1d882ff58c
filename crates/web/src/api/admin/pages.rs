//! Standalone pages (About us, the policies) through the Admin API: the same operations
//! as the desk's page editor, with versions and 409s.

use super::shapes::{OnePage, PageOut, Pages};
use super::{AdminError, TokenActor, answer, parse_json};
use crate::App;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use newsdesk_core::Page;
use newsdesk_newsroom::{OpError, PageFields};
use serde::Deserialize;
use utoipa::ToSchema;

fn page_out(app: &App, p: &Page) -> PageOut {
    PageOut::of(&app.settings.base_url, p)
}

/// A page as sent; fields left out (or `null`) keep what is saved.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AdminPageIn)]
pub(super) struct PageIn {
    /// The version a change is based on (from the last read): required to change a
    /// page, a stale one answers 409.
    version: Option<i64>,
    title: Option<String>,
    slug: Option<String>,
    body_markdown: Option<String>,
    /// Public at its address, and in the footer when `in_footer`.
    published: Option<bool>,
    /// What the page is for: its policy's role in the site's structured data.
    #[schema(schema_with = purposes_or_null)]
    purpose: Option<String>,
    in_footer: Option<bool>,
    footer_position: Option<i64>,
    seo_title: Option<String>,
    seo_description: Option<String>,
}

fn purposes_or_null() -> utoipa::openapi::schema::Object {
    super::shapes::one_of_or_null(newsdesk_core::page::Purpose::ALL.map(|p| p.as_str()))
}

/// `{"page": {…}}`
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AdminPageBody)]
pub(super) struct PageBody {
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
        let pages = app.store.all_pages().await?;
        let pages = pages.iter().map(|p| page_out(&app, p)).collect();
        Ok::<_, AdminError>(answer(StatusCode::OK, &Pages { pages }))
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
            &OnePage {
                page: page_out(&app, &p),
            },
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
            &OnePage {
                page: page_out(&app, &made),
            },
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
            &OnePage {
                page: page_out(&app, &saved),
            },
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
