//! Feeds of the home page, sections, topics and authors, in RSS, Atom and JSON Feed. A
//! feed is a page like any other: served from the page cache, dropped by the change log
//! with the list it mirrors, and carrying that list's `Surrogate-Key`s.

use crate::site::{PageKind, Rendered};
use crate::{App, route};
use axum::extract::{MatchedPath, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use newsdesk_render::feeds::FeedFormat;
use newsdesk_store::FeedOf;

/// Stories in a feed: enough for a reader that checks a few times a day.
pub const FEED_SIZE: u32 = 50;

pub async fn home(State(app): State<App>, matched: MatchedPath, headers: HeaderMap) -> Response {
    serve_feed(&app, FeedOf::Home, "/", &matched, &headers).await
}

pub async fn section(
    State(app): State<App>,
    Path(slug): Path<String>,
    matched: MatchedPath,
    headers: HeaderMap,
) -> Response {
    let folder = format!("/{slug}/");
    serve_feed(&app, FeedOf::Section(&slug), &folder, &matched, &headers).await
}

pub async fn tag(
    State(app): State<App>,
    Path(slug): Path<String>,
    matched: MatchedPath,
    headers: HeaderMap,
) -> Response {
    let folder = format!("/tag/{slug}/");
    serve_feed(&app, FeedOf::Tag(&slug), &folder, &matched, &headers).await
}

pub async fn author(
    State(app): State<App>,
    Path(slug): Path<String>,
    matched: MatchedPath,
    headers: HeaderMap,
) -> Response {
    let folder = format!("/author/{slug}/");
    serve_feed(&app, FeedOf::Author(&slug), &folder, &matched, &headers).await
}

/// Serves the feed of `of` in the format its route names (`…/feed.xml`, `…/atom.xml`,
/// `…/feed.json`), cached at `folder` plus that file name.
async fn serve_feed(
    app: &App,
    of: FeedOf<'_>,
    folder: &str,
    matched: &MatchedPath,
    headers: &HeaderMap,
) -> Response {
    let Some(format) = FeedFormat::of_path(matched.as_str()) else {
        return app.not_found_page();
    };
    let path = format!("{folder}{}", format.file_name());
    let kind = PageKind::new(route::label(matched.as_str()), "feed");
    let load = async {
        let now = newsdesk_core::now();
        let Some(view) = app.store.feed(of, FEED_SIZE, now).await? else {
            return Ok(None);
        };
        let full = app.settings.feed_full_content;
        let body = newsdesk_render::feeds::feed(format, &app.site(), &view, full)?;
        Ok(Some(Rendered::typed(&view, body, format.content_type())))
    };
    app.serve_page(kind, path, headers, load).await
}
