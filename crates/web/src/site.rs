//! The public site: every page goes through `serve_page`, which answers from the page
//! cache or loads, renders and caches on a miss; `from_cache` answers cached pages before
//! routing.

use crate::cache::{CachedPage, Flight, Miss};
use crate::metrics::PageLabels;
use crate::{App, WebError, route};
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use newsdesk_core::CacheKey;
use newsdesk_core::view::DependsOn;
use serde::Deserialize;
use std::future::Future;
use std::io::Write as _;
use std::sync::{Arc, LazyLock};
use std::time::Instant;

const SURROGATE_KEY: HeaderName = HeaderName::from_static("surrogate-key");
const XKEY: HeaderName = HeaderName::from_static("xkey");
const X_CACHE: HeaderName = HeaderName::from_static("x-cache");

/// Which kind of page is being served: its route pattern and a short name, the labels of
/// its metrics.
#[derive(Clone, Copy)]
pub struct PageKind {
    route: &'static str,
    name: &'static str,
}

impl PageKind {
    pub(crate) const fn new(route: &'static str, name: &'static str) -> PageKind {
        PageKind { route, name }
    }

    const HOME: PageKind = PageKind {
        route: route::HOME,
        name: "home",
    };
    const SECTION: PageKind = PageKind {
        route: route::SECTION,
        name: "section",
    };
    const ARTICLE: PageKind = PageKind {
        route: route::ARTICLE,
        name: "article",
    };
    const TAG: PageKind = PageKind {
        route: route::TAG,
        name: "tag",
    };
    const AUTHOR: PageKind = PageKind {
        route: route::AUTHOR,
        name: "author",
    };
}

/// The fast path for public API answers that get CORS headers (inside the CORS layer, so a
/// cached one gets them too): a GET whose exact path and query name a cached page is
/// answered here, before routing and extraction. Every other path takes [`HitFirst`]
/// instead. Anything else goes on to the routes, whose handlers normalize the address and
/// use the same cache.
pub async fn from_cache(State(app): State<App>, request: Request, next: Next) -> Response {
    // Every other path was looked up already, by `HitFirst`, outside this layer.
    if !crate::api::cors_applies(&app, request.uri().path()) {
        return next.run(request).await;
    }
    match app.cached_answer(&request) {
        Some(response) => response,
        None => next.run(request).await,
    }
}

/// The same fast path as [`from_cache`], taken first of all, outside the policy and CORS
/// layers (a tower layer of its own, not `from_fn`, so a hit costs no boxed future): a
/// hit whose answer needs no CORS header gets its policy here and leaves at once, without
/// passing through the middleware every other answer takes. Anything else goes the whole
/// way (a public API answer with CORS is served by [`from_cache`]).
#[derive(Clone)]
pub(crate) struct HitFirst(pub(crate) App);

impl<S> tower::Layer<S> for HitFirst {
    type Service = HitFirstService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        HitFirstService {
            app: self.0.clone(),
            inner,
        }
    }
}

#[derive(Clone)]
pub(crate) struct HitFirstService<S> {
    app: App,
    inner: S,
}

impl<S> tower::Service<Request> for HitFirstService<S>
where
    S: tower::Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future =
        futures_util::future::Either<std::future::Ready<Result<Response, S::Error>>, S::Future>;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if !crate::api::cors_applies(&self.app, request.uri().path())
            && let Some(mut response) = self.app.cached_answer(&request)
        {
            crate::csp::add_to(&mut response, self.app.content_security_policy.as_ref());
            return futures_util::future::Either::Left(std::future::ready(Ok(response)));
        }
        futures_util::future::Either::Right(self.inner.call(request))
    }
}

impl App {
    /// The cached page `request` asks for, answered (a GET, the cache on, its exact path
    /// and query cached).
    fn cached_answer(&self, request: &Request) -> Option<Response> {
        if !self.settings.cache_enabled || request.method() != Method::GET {
            return None;
        }
        let started = Instant::now();
        let key = request.uri().path_and_query().map_or("/", |pq| pq.as_str());
        let page = self.cache.get(key)?;
        let response = self.respond(&page, request.headers(), "HIT");
        page.meters
            .hit(&self.metrics, response.status().as_u16(), started);
        Some(response)
    }
}

/// A page as rendered on a miss: its body, its type and what it depends on.
pub(crate) struct Rendered {
    html: String,
    content_type: &'static str,
    keys: Vec<CacheKey>,
}

impl Rendered {
    pub(crate) fn of(view: &impl DependsOn, html: String) -> Rendered {
        Rendered::typed(view, html, HTML)
    }

    /// A page that is not HTML (a feed, a sitemap), served as `content_type`.
    pub(crate) fn typed(
        view: &impl DependsOn,
        body: String,
        content_type: &'static str,
    ) -> Rendered {
        Rendered {
            html: body,
            content_type,
            keys: view.cache_keys(),
        }
    }
}

const HTML: &str = "text/html; charset=utf-8";

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<String>,
}

impl PageQuery {
    /// `?page=N` with N ≥ 1; anything else is not a page of this list.
    fn number(&self) -> Option<u32> {
        match &self.page {
            None => Some(1),
            Some(p) => p.parse::<u32>().ok().filter(|n| (1..=100_000).contains(n)),
        }
    }
}

fn cache_path(base: &str, page: u32) -> String {
    if page <= 1 {
        base.to_owned()
    } else {
        format!("{base}?page={page}")
    }
}

#[derive(Clone, Copy)]
enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

/// Picks brotli, then gzip, from `Accept-Encoding`, honouring `q=0` refusals.
fn negotiate(headers: &HeaderMap) -> Encoding {
    let Some(accept) = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return Encoding::Identity;
    };
    let accepts = |name: &str| {
        accept.split(',').any(|part| {
            let mut it = part.split(';');
            let coding = it.next().unwrap_or("").trim();
            let refused = it.any(|p| {
                let p = p.trim();
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            coding.eq_ignore_ascii_case(name) && !refused
        })
    };
    if accepts("br") {
        Encoding::Brotli
    } else if accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

fn if_none_match(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Some(inm) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let etag = etag.as_bytes();
    inm.split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/").as_bytes() == etag)
}

impl App {
    fn respond(
        &self,
        page: &CachedPage,
        headers: &HeaderMap,
        cache_status: &'static str,
    ) -> Response {
        let encoding = negotiate(headers);
        let (etag, body, coding) = match encoding {
            Encoding::Identity => (&page.etag, page.body.clone(), None),
            Encoding::Gzip => (&page.etag_gzip, page.gzip().clone(), Some("gzip")),
            Encoding::Brotli => (&page.etag_br, page.brotli().clone(), Some("br")),
        };
        let not_modified = if_none_match(headers, etag);
        let mut response = if not_modified {
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::NOT_MODIFIED;
            r
        } else {
            Response::new(Body::from(body))
        };
        let h = response.headers_mut();
        h.insert(header::CONTENT_TYPE, page.content_type.clone());
        h.insert(header::ETAG, etag.clone());
        h.insert(header::CACHE_CONTROL, self.page_cache_control.clone());
        h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        h.insert(SURROGATE_KEY, page.surrogate_keys.clone());
        h.insert(XKEY, page.surrogate_keys.clone());
        h.insert(X_CACHE, HeaderValue::from_static(cache_status));
        if let Some(coding) = coding {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        response
    }

    /// Serves the page at `path` from the cache, or runs `load` (store + render) on a
    /// miss and caches what it made. `load` answering `None` means "no such page": 404.
    pub(crate) async fn serve_page<F>(
        &self,
        kind: PageKind,
        path: String,
        headers: &HeaderMap,
        load: F,
    ) -> Response
    where
        F: Future<Output = Result<Option<Rendered>, WebError>>,
    {
        let labels = PageLabels { kind: kind.name };
        if let Some(page) = self
            .settings
            .cache_enabled
            .then(|| self.cache.get(&path))
            .flatten()
        {
            self.metrics.cache_hits.get_or_create(&labels).inc();
            return self.respond(&page, headers, "HIT");
        }
        self.metrics.cache_misses.get_or_create(&labels).inc();
        if !self.settings.cache_enabled {
            return self.render(kind, &path, headers, load, None).await;
        }
        match self.cache.miss(&path) {
            Miss::Lead(flight) => self.render(kind, &path, headers, load, Some(flight)).await,
            Miss::Follow {
                stale: Some(page), ..
            } => self.respond(&page, headers, "STALE"),
            Miss::Follow { mut page, .. } => {
                let landed = match page.wait_for(Option::is_some).await {
                    Ok(landed) => landed.clone(),
                    Err(_) => None,
                };
                match landed {
                    Some(page) => self.respond(&page, headers, "SHARED"),
                    // The render led by another request failed or went away: this one
                    // renders for itself (and shows its own error page if that fails too).
                    None => self.render(kind, &path, headers, load, None).await,
                }
            }
        }
    }

    /// Renders the page at `path` with `load`; with a `flight`, caches it and hands it to
    /// the readers waiting for it.
    async fn render<F>(
        &self,
        kind: PageKind,
        path: &str,
        headers: &HeaderMap,
        load: F,
        flight: Option<Flight<'_>>,
    ) -> Response
    where
        F: Future<Output = Result<Option<Rendered>, WebError>>,
    {
        let labels = PageLabels { kind: kind.name };
        let started = Instant::now();
        match load.await {
            Ok(Some(rendered)) => {
                self.metrics
                    .render_seconds
                    .get_or_create(&labels)
                    .observe(started.elapsed().as_secs_f64());
                let meters = self.metrics.page_meters(kind.route, kind.name);
                let page = Arc::new(
                    CachedPage::new(meters, rendered.html, &rendered.keys)
                        .with_content_type(rendered.content_type),
                );
                let response = self.respond(&page, headers, "MISS");
                if let Some(flight) = flight {
                    flight.land(page, self.settings.cache_enabled);
                }
                response
            }
            Ok(None) => self.moved_or_not_found(path).await,
            Err(e) => self.error_page(&e),
        }
    }

    /// A 301 to where `path` moved — a story's own old address, or anything under the old
    /// address of a renamed section, topic or author — or the 404 page.
    pub(crate) async fn moved_or_not_found(&self, path: &str) -> Response {
        let moved = match self.store.redirect_for(path).await {
            Ok(None) => self.store.renamed_path(path).await,
            found => found,
        };
        match moved {
            Ok(Some(to)) => moved_permanently(&to),
            Ok(None) => self.not_found_page(),
            Err(e) => self.error_page(&e.into()),
        }
    }

    pub(crate) fn not_found_page(&self) -> Response {
        let html = self.templates.not_found(&self.site()).unwrap_or_else(|e| {
            tracing::error!(error = %e, "the 404 template failed");
            self.templates.server_error(&self.site())
        });
        html_response(StatusCode::NOT_FOUND, html)
    }

    /// Logs the cause in full; the reader gets the site's error page and nothing else.
    pub(crate) fn error_page(&self, e: &WebError) -> Response {
        let html = self.templates.server_error(&self.site());
        if e.is_unavailable() {
            tracing::warn!(error = %e, "database unavailable while serving a page");
            let mut r = html_response(StatusCode::SERVICE_UNAVAILABLE, html);
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            r
        } else {
            tracing::error!(error = %e, "page failed");
            html_response(StatusCode::INTERNAL_SERVER_ERROR, html)
        }
    }
}

/// 301: the address moved for good (what search engines and old links expect).
fn moved_permanently(to: &str) -> Response {
    match HeaderValue::from_str(to) {
        Ok(location) => (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location)],
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

pub(crate) fn html_response(status: StatusCode, html: String) -> Response {
    let mut r = (status, html).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

pub async fn home(
    State(app): State<App>,
    Query(q): Query<PageQuery>,
    uri: axum::http::Uri,
    headers: HeaderMap,
) -> Response {
    // An imported site's `/?p=12` and `/?page_id=3` addresses answer 301 to the story or
    // page now there; any other query is the home page's own.
    if let Some(query) = uri
        .query()
        .filter(|q| q.starts_with("p=") || q.starts_with("page_id="))
    {
        match app.store.redirect_for(&format!("/?{query}")).await {
            Ok(Some(to)) => return moved_permanently(&to),
            Ok(None) => {}
            Err(e) => return app.error_page(&e.into()),
        }
    }
    let Some(page) = q.number() else {
        return app.not_found_page();
    };
    let path = cache_path("/", page);
    let load = async {
        let s = &app.settings;
        let now = newsdesk_core::now();
        let Some(view) = app
            .store
            .home_page(
                page,
                s.page_size,
                s.home_latest_size,
                s.home_block_size,
                now,
            )
            .await?
        else {
            return Ok(None);
        };
        let html = app.templates.home_page(&app.site(), &view)?;
        Ok(Some(Rendered::of(&view, html)))
    };
    app.serve_page(PageKind::HOME, path, &headers, load).await
}

pub async fn section(
    State(app): State<App>,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(page) = q.number() else {
        return app.not_found_page();
    };
    let path = cache_path(&format!("/{slug}/"), page);
    let load = async {
        let Some(section) = app.store.section_by_slug(&slug).await? else {
            return Ok(None);
        };
        let view = app
            .store
            .section_page(&section, page, app.settings.page_size, newsdesk_core::now())
            .await?;
        let Some(view) = view else { return Ok(None) };
        let html = app.templates.list_page(&app.site(), &view)?;
        Ok(Some(Rendered::of(&view, html)))
    };
    app.serve_page(PageKind::SECTION, path, &headers, load)
        .await
}

/// `/{slug}`: a standalone page (`/about`), or a section's front without its slash
/// (`/news` → `/news/`, hidden from the navigation or not), or an address that moved.
pub async fn section_without_slash(
    State(app): State<App>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    let is_section = app.site().sections.iter().any(|s| s.slug == slug)
        || matches!(app.store.section_by_slug(&slug).await, Ok(Some(_)));
    if is_section {
        return moved_permanently(&format!("/{slug}/"));
    }
    app.serve_standalone(&slug, &headers).await
}

pub async fn article(
    State(app): State<App>,
    Path((section, slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let path = format!("/{section}/{slug}");
    let load = async {
        let now = newsdesk_core::now();
        let Some(mut view) = app
            .store
            .article_page(&section, &slug, now, app.settings.rail_size)
            .await?
        else {
            return Ok(None);
        };
        if app.settings.related_stories {
            let tag_ids: Vec<i64> = view.tags.iter().map(|t| t.id).collect();
            view.related = app.related(view.id, &tag_ids).await;
        }
        let html = app.templates.article_page(&app.site(), &view)?;
        Ok(Some(Rendered::of(&view, html)))
    };
    app.serve_page(PageKind::ARTICLE, path, &headers, load)
        .await
}

pub async fn tag(
    State(app): State<App>,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(page) = q.number() else {
        return app.not_found_page();
    };
    let path = cache_path(&format!("/tag/{slug}"), page);
    let load = async {
        let view = app
            .store
            .tag_page(&slug, page, app.settings.page_size, newsdesk_core::now())
            .await?;
        let Some(view) = view else { return Ok(None) };
        let html = app.templates.list_page(&app.site(), &view)?;
        Ok(Some(Rendered::of(&view, html)))
    };
    app.serve_page(PageKind::TAG, path, &headers, load).await
}

pub async fn author(
    State(app): State<App>,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(page) = q.number() else {
        return app.not_found_page();
    };
    let path = cache_path(&format!("/author/{slug}"), page);
    let load = async {
        let view = app
            .store
            .author_page(&slug, page, app.settings.page_size, newsdesk_core::now())
            .await?;
        let Some(view) = view else { return Ok(None) };
        let html = app.templates.list_page(&app.site(), &view)?;
        Ok(Some(Rendered::of(&view, html)))
    };
    app.serve_page(PageKind::AUTHOR, path, &headers, load).await
}

pub async fn not_found(State(app): State<App>, uri: axum::http::Uri) -> Response {
    app.moved_or_not_found(uri.path()).await
}

/// Media files never change under a name (names are content hashes): cache them forever.
/// A media file: streamed from storage (a folder or a bucket) as it is read, or, when the
/// files are public elsewhere, a redirect there. Names are content hashes, so an answer
/// never changes and is cached for a year.
pub async fn media(
    State(app): State<App>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !newsdesk_media::is_media_key(&key) {
        return app.not_found_page();
    }
    if let Some(public) = &app.settings.media_public_url {
        // Temporary, and kept a day: a file's name never changes, but where the files are
        // served from may, and a permanent redirect would be remembered forever.
        return (
            StatusCode::FOUND,
            [
                (header::LOCATION, format!("{public}/{key}")),
                (header::CACHE_CONTROL, "public, max-age=86400".to_owned()),
            ],
        )
            .into_response();
    }
    let etag = format!("\"{key}\"");
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    match app.media.open(&key).await {
        Ok(Some(file)) => (
            [
                (
                    header::CONTENT_TYPE,
                    newsdesk_media::content_type_of(&key).to_owned(),
                ),
                (
                    header::CACHE_CONTROL,
                    "public, max-age=31536000, immutable".to_owned(),
                ),
                (header::ETAG, etag),
                (header::CONTENT_LENGTH, file.len.to_string()),
            ],
            Body::from_stream(file.body),
        )
            .into_response(),
        Ok(None) => app.not_found_page(),
        Err(e) => app.error_page(&e.into()),
    }
}

#[derive(Deserialize)]
pub struct VersionQuery {
    v: Option<String>,
}

pub async fn stylesheet(State(app): State<App>, Query(q): Query<VersionQuery>) -> Response {
    let (css, hash) = app.templates.stylesheet();
    // A versioned link never changes; an unversioned one may, after a theme change.
    let cache = if q.v.as_deref() == Some(hash) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    };
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, cache),
        ],
        css.to_vec(),
    )
        .into_response()
}

/// The desk's stylesheet: built in, the same for every theme, never shown to readers.
pub async fn desk_stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        newsdesk_render::DESK_CSS,
    )
        .into_response()
}

/// The desk's script: enhancements only; every desk page works without it.
pub async fn desk_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        newsdesk_render::DESK_JS,
    )
        .into_response()
}

/// The readers' script for embeds, named only by pages with one; the placeholders it
/// enhances are links without it.
pub async fn embed_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        newsdesk_render::EMBED_JS,
    )
        .into_response()
}

/// The rich-text editor of story and page bodies: enhancement only, like the desk's script
/// (the Markdown field works without it). A third of a megabyte as written, so it goes
/// compressed (made once, on first demand) to a browser that takes it so.
pub async fn desk_editor_script(headers: HeaderMap) -> Response {
    static GZIP: LazyLock<Vec<u8>> = LazyLock::new(|| {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        // Writing to memory cannot fail.
        let _ = enc.write_all(newsdesk_render::DESK_EDITOR_JS.as_bytes());
        enc.finish().unwrap_or_default()
    });
    static BROTLI: LazyLock<Vec<u8>> = LazyLock::new(|| {
        let mut out = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut out, 4096, 9, 22);
            let _ = w.write_all(newsdesk_render::DESK_EDITOR_JS.as_bytes());
        }
        out
    });
    let (body, coding): (&'static [u8], Option<&'static str>) = match negotiate(&headers) {
        Encoding::Brotli => (&BROTLI, Some("br")),
        Encoding::Gzip => (&GZIP, Some("gzip")),
        Encoding::Identity => (newsdesk_render::DESK_EDITOR_JS.as_bytes(), None),
    };
    let mut response = (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
            (header::VARY, "Accept-Encoding"),
        ],
        body,
    )
        .into_response();
    if let Some(coding) = coding {
        response
            .headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    response
}

pub async fn robots(State(app): State<App>) -> Response {
    let site = app.site();
    let base = &site.base_url;
    // Crawlers find the sitemap index here, and the news sitemap: a short list of the last
    // two days for news crawlers, named here rather than in the index.
    let body = format!(
        "User-agent: *\nDisallow: /admin/\nDisallow: /api/\n\n\
         Sitemap: {base}/sitemap.xml\nSitemap: {base}/sitemaps/news.xml\n\n# {}\n",
        site.name
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}
