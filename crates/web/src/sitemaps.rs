//! Sitemaps: the index at `/sitemap.xml`, the monthly files and the list pages' file under
//! `/sitemaps/`, and the Google News sitemap. Served through the page cache and dropped by
//! the change log (`list:home`, `sitemap`, `site`) like any page.

use crate::site::{PageKind, Rendered};
use crate::{App, route};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use newsdesk_core::sitemap::SitemapFile;
use newsdesk_render::sitemaps::{self as render, CONTENT_TYPE};

/// How long a news sitemap is kept at most: stories leave it by the clock, two days after
/// they were first published, which no change-log row announces.
const NEWS_REFRESH_SECONDS: i64 = 600;

pub async fn index(State(app): State<App>, headers: HeaderMap) -> Response {
    let kind = PageKind::new(route::SITEMAP_INDEX, "sitemap");
    let load = async {
        let view = app.store.sitemap_index(newsdesk_core::now()).await?;
        let body = render::sitemap_index(&app.site(), &view)?;
        Ok(Some(Rendered::typed(&view, body, CONTENT_TYPE)))
    };
    app.serve_page(kind, route::SITEMAP_INDEX.into(), &headers, load)
        .await
}

pub async fn pages(State(app): State<App>, headers: HeaderMap) -> Response {
    let kind = PageKind::new(route::SITEMAP_PAGES, "sitemap");
    let load = async {
        let view = app.store.sitemap_pages(newsdesk_core::now()).await?;
        let body = render::url_set(&app.site(), &view)?;
        Ok(Some(Rendered::typed(&view, body, CONTENT_TYPE)))
    };
    app.serve_page(kind, route::SITEMAP_PAGES.into(), &headers, load)
        .await
}

/// `/sitemaps/2026-11.xml`, `/sitemaps/2026-11-2.xml`, …; 404 for a month or part with no
/// public story.
pub async fn month(
    State(app): State<App>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(file) = SitemapFile::parse(&name) else {
        return app.not_found_page();
    };
    let kind = PageKind::new(route::SITEMAP_MONTH, "sitemap");
    let path = format!("{}{}", newsdesk_store::SITEMAPS_PATH, file.file_name());
    let load = async {
        let view = app.store.sitemap_month(file, newsdesk_core::now()).await?;
        let Some(view) = view else { return Ok(None) };
        let body = render::url_set(&app.site(), &view)?;
        Ok(Some(Rendered::typed(&view, body, CONTENT_TYPE)))
    };
    app.serve_page(kind, path, &headers, load).await
}

/// The news sitemap is cached per ten minutes (the cache path names the period, which no
/// request can: `#` never reaches a server), so a story ages out of it at most that late.
pub async fn news(State(app): State<App>, headers: HeaderMap) -> Response {
    let kind = PageKind::new(route::SITEMAP_NEWS, "sitemap");
    let now = newsdesk_core::now();
    let path = format!("{}#{}", route::SITEMAP_NEWS, now / NEWS_REFRESH_SECONDS);
    let load = async {
        let view = app.store.news_sitemap(now).await?;
        let body = render::news_sitemap(&app.site(), &view)?;
        Ok(Some(Rendered::typed(&view, body, CONTENT_TYPE)))
    };
    app.serve_page(kind, path, &headers, load).await
}
