//! The Content API: public, read-only JSON at `/api/content/v1/…` (Newsdesk's own shapes,
//! `content.rs`) and the same resources at `/ghost/api/content/…` in Ghost's shapes
//! (`ghost.rs`), so Ghost's JavaScript client works unchanged. Both share everything here:
//! the query parameters, the content key, the one error type, CORS, and the page cache —
//! an answer is cached at its full path and query with the keys of what it shows, so the
//! change log drops it like any page, and it gets its ETag and 304 the same way.
//!
//! Only public content is ever loaded (the store's queries carry the public predicate);
//! `filter=` can only narrow it.

pub(crate) mod admin;
mod content;
pub(crate) mod ghost;
pub(crate) mod nql;

use crate::WebError;
use crate::site::{PageKind, Rendered};
use crate::{App, route};
use axum::extract::{MatchedPath, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use newsdesk_core::CacheKey;
use newsdesk_core::Page;
use newsdesk_core::view::DependsOn;
use newsdesk_store::{
    ApiAuthor, ApiPost, ApiSection, ApiTag, Filter, ListQuery, OrderBy, Resource,
};
use serde_json::{Map, Value, json};

/// Stories per page when `limit` is not given, and the most a page may hold (Ghost's).
const DEFAULT_LIMIT: u32 = 15;
const MAX_LIMIT: u32 = 100;
/// The furthest page asked for: past it `OFFSET` arithmetic stops meaning anything.
const MAX_PAGE: u32 = 100_000;

/// Whether `path` is an API address: its errors are JSON, its answers carry CORS headers.
pub(crate) fn is_api_path(path: &str) -> bool {
    path.starts_with("/api/") || path.starts_with("/ghost/api/")
}

/// The API's one error type: a status, a stable code, and a sentence a person can act on.
/// Internal causes are logged where they happen and never reach the client.
#[derive(Debug)]
pub(crate) enum ApiError {
    BadRequest { code: &'static str, message: String },
    Unauthorized,
    NotFound,
    MethodNotAllowed,
    Unavailable,
    Internal,
}

impl ApiError {
    fn bad(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }

    /// The answer for a status that came from elsewhere (the page cache, the framework).
    pub(crate) fn for_status(status: StatusCode) -> ApiError {
        match status {
            StatusCode::NOT_FOUND | StatusCode::MOVED_PERMANENTLY => ApiError::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
            StatusCode::UNAUTHORIZED => ApiError::Unauthorized,
            StatusCode::SERVICE_UNAVAILABLE => ApiError::Unavailable,
            s if s.is_client_error() => ApiError::bad(
                "bad_request",
                "The request could not be understood; check the address and its parameters.",
            ),
            _ => ApiError::Internal,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // `type` is Ghost's name for the error, which its client throws; `code` is ours.
        let (status, code, kind, message) = match self {
            ApiError::BadRequest { code, message } => {
                (StatusCode::BAD_REQUEST, code, "BadRequestError", message)
            }
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "UnauthorizedError",
                "This site's Content API needs its content key: add ?key=… to the address.".into(),
            ),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "NotFoundError",
                "There is nothing public at this address; check the id or slug.".into(),
            ),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "MethodNotAllowedError",
                "The Content API only reads: use GET.".into(),
            ),
            ApiError::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "InternalServerError",
                "The newsroom's database is not answering; try again in a few seconds.".into(),
            ),
            ApiError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "InternalServerError",
                "Something went wrong on our side; try again later.".into(),
            ),
        };
        let body = json!({"errors": [{"code": code, "type": kind, "message": message}]});
        let mut response = (status, body.to_string()).into_response();
        let h = response.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if status == StatusCode::SERVICE_UNAVAILABLE {
            h.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}

const JSON: &str = "application/json; charset=utf-8";

/// Which door a request came through: it decides the names and shapes of the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavor {
    Newsdesk,
    Ghost,
}

/// What a request asks for, parsed from its query string.
pub(crate) struct Params {
    pub(crate) limit: u32,
    pub(crate) page: u32,
    pub(crate) order: Vec<(OrderBy, bool)>,
    pub(crate) fields: Option<Vec<String>>,
    pub(crate) include_tags: bool,
    pub(crate) include_authors: bool,
    pub(crate) count_posts: bool,
    pub(crate) html: bool,
    pub(crate) plaintext: bool,
    pub(crate) filter: Option<Filter>,
}

impl Params {
    /// Everything a webhook's body carries: html, topics and bylines, as Ghost's do.
    pub(crate) fn full() -> Params {
        Params {
            limit: 1,
            page: 1,
            order: Vec::new(),
            fields: None,
            include_tags: true,
            include_authors: true,
            count_posts: false,
            html: true,
            plaintext: false,
            filter: None,
        }
    }

    fn parse(pairs: &[(String, String)], resource: Resource) -> Result<Params, ApiError> {
        let mut p = Params {
            limit: DEFAULT_LIMIT,
            page: 1,
            order: Vec::new(),
            fields: None,
            include_tags: false,
            include_authors: false,
            count_posts: false,
            html: true,
            plaintext: false,
            filter: None,
        };
        // Unknown parameters are ignored, as Ghost does (its client sends `slug` beside
        // `/posts/slug/…/`, and `key` is checked before this).
        for (name, value) in pairs {
            match name.as_str() {
                "limit" => p.limit = limit(value)?,
                "page" => {
                    p.page = value
                        .parse()
                        .ok()
                        .filter(|n| (1..=MAX_PAGE).contains(n))
                        .ok_or_else(|| {
                            ApiError::bad(
                                "bad_page",
                                format!("page is a number from 1 to {MAX_PAGE}."),
                            )
                        })?;
                }
                "order" => p.order = order(value, resource)?,
                "fields" => {
                    p.fields = Some(list(value).map(str::to_owned).collect());
                }
                "include" => {
                    for item in list(value) {
                        match item {
                            "tags" => p.include_tags = true,
                            "authors" => p.include_authors = true,
                            "count.posts" => p.count_posts = true,
                            other => {
                                return Err(ApiError::bad(
                                    "bad_include",
                                    format!(
                                        "include takes tags, authors and count.posts, not “{other}”."
                                    ),
                                ));
                            }
                        }
                    }
                }
                "formats" => {
                    p.html = false;
                    for item in list(value) {
                        match item {
                            "html" => p.html = true,
                            "plaintext" => p.plaintext = true,
                            other => {
                                return Err(ApiError::bad(
                                    "bad_formats",
                                    format!("formats takes html and plaintext, not “{other}”."),
                                ));
                            }
                        }
                    }
                }
                "filter" => {
                    let filter = nql::parse(value, resource)
                        .map_err(|e| ApiError::bad("bad_filter", e.0))?;
                    p.filter = Some(filter);
                }
                _ => {}
            }
        }
        Ok(p)
    }

    fn list_query(&self) -> ListQuery {
        ListQuery {
            filter: self.filter.clone(),
            order: self.order.clone(),
            limit: self.limit,
            offset: u64::from(self.page - 1) * u64::from(self.limit),
        }
    }

    /// Ghost's `meta.pagination` for a list of `total` rows.
    fn pagination(&self, total: i64) -> Value {
        let total = u64::try_from(total).unwrap_or(0);
        let pages = total.div_ceil(u64::from(self.limit)).max(1);
        let page = u64::from(self.page);
        json!({"pagination": {
            "page": page,
            "limit": self.limit,
            "pages": pages,
            "total": total,
            "next": (page < pages).then_some(page + 1),
            "prev": (page > 1).then(|| page - 1),
        }})
    }

    /// Keeps only the asked-for top-level keys of `item` (`fields=`).
    fn select(&self, item: Map<String, Value>) -> Value {
        match &self.fields {
            None => Value::Object(item),
            Some(fields) => Value::Object(
                item.into_iter()
                    .filter(|(k, _)| fields.iter().any(|f| f == k))
                    .collect(),
            ),
        }
    }
}

fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty())
}

fn limit(value: &str) -> Result<u32, ApiError> {
    if value == "all" {
        return Ok(MAX_LIMIT);
    }
    value
        .parse::<u32>()
        .ok()
        .filter(|n| *n >= 1)
        .map(|n| n.min(MAX_LIMIT))
        .ok_or_else(|| {
            ApiError::bad(
                "bad_limit",
                format!("limit is a number from 1 to {MAX_LIMIT}, or all."),
            )
        })
}

/// `published_at desc, title asc`: columns from a whitelist, each with a direction.
fn order(value: &str, resource: Resource) -> Result<Vec<(OrderBy, bool)>, ApiError> {
    let mut out = Vec::new();
    for part in list(value).take(4) {
        let mut words = part.split_whitespace();
        let name = words.next().unwrap_or("");
        let desc = match words.next().map(str::to_ascii_lowercase).as_deref() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(_) => return Err(bad_order(part)),
        };
        if words.next().is_some() {
            return Err(bad_order(part));
        }
        out.push((
            OrderBy::parse(name, resource).ok_or_else(|| bad_order(part))?,
            desc,
        ));
    }
    Ok(out)
}

fn bad_order(part: &str) -> ApiError {
    ApiError::bad(
        "bad_order",
        format!(
            "order takes a field and asc or desc, such as “published_at desc” or “title asc”; “{part}” is not one."
        ),
    )
}

/// The keys an answer depends on, for the page cache and the `Surrogate-Key` header.
struct Keys(Vec<CacheKey>);

impl DependsOn for Keys {
    fn cache_keys(&self) -> Vec<CacheKey> {
        let mut keys = self.0.clone();
        keys.sort();
        keys.dedup();
        keys
    }
}

/// The resource a route serves, and through which door.
fn route_of(pattern: &str) -> Option<(Flavor, &'static str)> {
    let (flavor, rest) = if let Some(rest) = pattern.strip_prefix("/api/content/v1/") {
        (Flavor::Newsdesk, rest)
    } else {
        (Flavor::Ghost, pattern.strip_prefix("/ghost/api/content/")?)
    };
    let name = rest.split('/').next()?;
    ["posts", "pages", "tags", "authors", "sections", "settings"]
        .into_iter()
        .find(|r| *r == name)
        .map(|r| (flavor, r))
}

fn resource_of(name: &str) -> Resource {
    match name {
        "pages" => Resource::Pages,
        "tags" => Resource::Tags,
        "authors" => Resource::Authors,
        _ => Resource::Posts,
    }
}

/// How a single item is asked for.
enum Single {
    Id(String),
    Slug(String),
}

type Pairs = Query<Vec<(String, String)>>;

/// A list: `/posts/`, `/pages/`, `/tags/`, `/authors/`, `/sections/`, `/settings/`.
pub(crate) async fn browse(
    State(app): State<App>,
    matched: MatchedPath,
    Query(pairs): Pairs,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    serve(&app, &matched, &pairs, &uri, &headers, None).await
}

/// One item by id: `/posts/{id}/`.
pub(crate) async fn read_id(
    State(app): State<App>,
    matched: MatchedPath,
    Path(id): Path<String>,
    Query(pairs): Pairs,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    serve(&app, &matched, &pairs, &uri, &headers, Some(Single::Id(id))).await
}

/// One item by slug: `/posts/slug/{slug}/`.
pub(crate) async fn read_slug(
    State(app): State<App>,
    matched: MatchedPath,
    Path(slug): Path<String>,
    Query(pairs): Pairs,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    serve(
        &app,
        &matched,
        &pairs,
        &uri,
        &headers,
        Some(Single::Slug(slug)),
    )
    .await
}

/// Checks the key and the parameters, then answers through the page cache.
async fn serve(
    app: &App,
    matched: &MatchedPath,
    pairs: &[(String, String)],
    uri: &Uri,
    headers: &HeaderMap,
    single: Option<Single>,
) -> Response {
    let Some((flavor, name)) = route_of(matched.as_str()) else {
        return ApiError::NotFound.into_response();
    };
    if let Some(key) = &app.settings.content_api_key {
        let sent = pairs.iter().find(|(k, _)| k == "key").map(|(_, v)| v);
        if sent != Some(key) {
            return ApiError::Unauthorized.into_response();
        }
    }
    let params = match Params::parse(pairs, resource_of(name)) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    // Cached at the exact path and query `site::from_cache` looks up before routing.
    let path = uri
        .path_and_query()
        .map_or("/", |pq| pq.as_str())
        .to_owned();
    let kind = PageKind::new(route::label(matched.as_str()), "api");
    let load = async {
        let which = match &single {
            None => None,
            // An id that is not a number names nothing.
            Some(Single::Id(id)) => match id.parse::<i64>() {
                Ok(id) => Some((Some(id), None)),
                Err(_) => return Ok(None),
            },
            // No slug holds a control character (and PostgreSQL refuses NUL in text).
            Some(Single::Slug(slug)) if slug.chars().any(char::is_control) => return Ok(None),
            Some(Single::Slug(slug)) => Some((None, Some(slug.as_str()))),
        };
        let Some(loaded) = load(app, name, which, &params).await? else {
            return Ok(None);
        };
        let body = answer(app, flavor, name, &loaded, &params);
        Ok(Some(Rendered::typed(
            &Keys(loaded.keys()),
            body.to_string(),
            JSON,
        )))
    };
    let response = app.serve_page(kind, path, headers, load).await;
    let status = response.status();
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        response
    } else {
        // The page cache answers misses and failures as pages; the API answers JSON.
        ApiError::for_status(status).into_response()
    }
}

/// What a request loaded; `total` is `None` for a single item.
pub(crate) enum Loaded {
    Posts(Vec<ApiPost>, Option<i64>),
    Pages(Vec<Page>, Option<i64>),
    Tags(Vec<ApiTag>, Option<i64>),
    Authors(Vec<ApiAuthor>, Option<i64>),
    Sections(Vec<ApiSection>),
    Settings,
}

impl Loaded {
    /// The cache keys of what the answer shows: the same keys as the pages showing it,
    /// so a change drops both. `site` always (names and addresses come from it), and
    /// `list:home` for every list of stories or counts, since every change to which
    /// stories are public names it.
    fn keys(&self) -> Vec<CacheKey> {
        let mut keys = vec![CacheKey::Site];
        match self {
            Loaded::Posts(posts, _) => {
                keys.push(CacheKey::Home);
                for p in posts {
                    keys.push(CacheKey::Article(p.id));
                    keys.push(CacheKey::Section(p.section.id));
                    keys.extend(p.tags.iter().map(|t| CacheKey::Tag(t.id)));
                    keys.extend(p.authors.iter().map(|a| CacheKey::Author(a.id)));
                    keys.extend(p.lead.iter().map(|m| CacheKey::Media(m.id)));
                }
            }
            Loaded::Pages(pages, _) => keys.extend(pages.iter().map(|p| CacheKey::Page(p.id))),
            Loaded::Tags(tags, _) => {
                keys.push(CacheKey::Home);
                keys.extend(tags.iter().map(|t| CacheKey::Tag(t.id)));
            }
            Loaded::Authors(authors, _) => {
                keys.push(CacheKey::Home);
                keys.extend(authors.iter().map(|a| CacheKey::Author(a.id)));
            }
            Loaded::Sections(sections) => {
                keys.push(CacheKey::Home);
                keys.extend(sections.iter().map(|s| CacheKey::Section(s.id)));
            }
            Loaded::Settings => {}
        }
        keys
    }
}

/// Loads the list `name`, or one item of it; `None` when there is no such item.
async fn load(
    app: &App,
    name: &str,
    which: Option<(Option<i64>, Option<&str>)>,
    params: &Params,
) -> Result<Option<Loaded>, WebError> {
    let now = newsdesk_core::now();
    let store = &app.store;
    let q = params.list_query();
    let counts = params.count_posts;
    Ok(Some(match (name, which) {
        ("posts", None) => {
            let (posts, total) = store.api_posts(&q, now).await?;
            Loaded::Posts(posts, Some(total))
        }
        ("posts", Some((id, slug))) => match store.api_post(id, slug, now).await? {
            Some(p) => Loaded::Posts(vec![p], None),
            None => return Ok(None),
        },
        ("pages", None) => {
            let (pages, total) = store.api_pages(&q).await?;
            Loaded::Pages(pages, Some(total))
        }
        ("pages", Some((id, slug))) => match store.api_page(id, slug).await? {
            Some(p) => Loaded::Pages(vec![p], None),
            None => return Ok(None),
        },
        ("tags", None) => {
            let (tags, total) = store.api_tags(&q, counts, now).await?;
            Loaded::Tags(tags, Some(total))
        }
        ("tags", Some((id, slug))) => match store.api_tag(id, slug, counts, now).await? {
            Some(t) => Loaded::Tags(vec![t], None),
            None => return Ok(None),
        },
        ("authors", None) => {
            let (authors, total) = store.api_authors(&q, counts, now).await?;
            Loaded::Authors(authors, Some(total))
        }
        ("authors", Some((id, slug))) => match store.api_author(id, slug, counts, now).await? {
            Some(a) => Loaded::Authors(vec![a], None),
            None => return Ok(None),
        },
        ("sections", None) => Loaded::Sections(store.api_sections(counts, now).await?),
        ("settings", None) => Loaded::Settings,
        _ => return Ok(None),
    }))
}

/// The answer's JSON: the items in the door's shape, `fields=` applied, in the envelope
/// `{"posts": [...], "meta": {"pagination": ...}}` (no `meta` for a single item: Ghost's
/// client reads that as one).
fn answer(app: &App, flavor: Flavor, name: &str, loaded: &Loaded, params: &Params) -> Value {
    let site = app.site();
    if let Loaded::Settings = loaded {
        let settings = match flavor {
            Flavor::Newsdesk => content::settings(&site),
            Flavor::Ghost => ghost::settings(&site),
        };
        return json!({"settings": settings, "meta": {}});
    }
    let (items, total) = match flavor {
        Flavor::Newsdesk => content::items(&site, loaded, params),
        Flavor::Ghost => ghost::items(&site, loaded, params),
    };
    let items: Vec<Value> = items.into_iter().map(|i| params.select(i)).collect();
    match total {
        None => json!({ name: items }),
        Some(total) => json!({ name: items, "meta": params.pagination(total) }),
    }
}

/// ISO 8601 in UTC, as Ghost writes times.
pub(crate) fn iso(secs: i64) -> Value {
    jiff::Timestamp::from_second(secs)
        .map(|t| Value::String(t.strftime("%Y-%m-%dT%H:%M:%S.000Z").to_string()))
        .unwrap_or(Value::Null)
}

/// An absolute URL for a site path (left alone when already absolute).
fn absolute(base: &str, path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") {
        path.to_owned()
    } else {
        format!("{base}{path}")
    }
}

/// Minutes to read `text`, at Ghost's 275 words a minute, at least one.
fn reading_time(text: &str) -> u64 {
    let words = text.split_whitespace().count() as u64;
    words.div_ceil(275).max(1)
}

/// CORS for API answers: `Access-Control-Allow-Origin` for the configured origins, and
/// preflight `OPTIONS` answered here. Runs outside the page cache, so a cached answer gets
/// the header of the origin asking.
pub(crate) async fn cors(State(app): State<App>, request: Request, next: Next) -> Response {
    let origins = &app.settings.api_cors_origins;
    // The Admin API is for servers and tools holding a token, never for other sites' pages.
    let path = request.uri().path();
    if origins.is_empty() || !is_api_path(path) || path.starts_with("/api/admin/") {
        return next.run(request).await;
    }
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let any = origins.iter().any(|o| o == "*");
    let allowed = if any {
        Some(HeaderValue::from_static("*"))
    } else {
        origin
            .as_deref()
            .filter(|o| origins.iter().any(|c| c == o))
            .and_then(|o| HeaderValue::from_str(o).ok())
    };
    let preflight = request.method() == Method::OPTIONS;
    let asked_headers = request
        .headers()
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .cloned();
    let mut response = if preflight {
        let mut r = StatusCode::NO_CONTENT.into_response();
        let h = r.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, HEAD, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            asked_headers.unwrap_or(HeaderValue::from_static("Accept-Version, Content-Type")),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("86400"),
        );
        r
    } else {
        next.run(request).await
    };
    let h = response.headers_mut();
    if let Some(allowed) = allowed {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
    }
    if !any {
        // The answer differs by origin: shared caches must keep them apart.
        h.append(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}

/// An API path's error answer that is not JSON yet (the framework's text, the fallback's
/// page) becomes the API's JSON error; JSON and successes pass untouched.
pub(crate) fn json_error(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut out = ApiError::for_status(status).into_response();
    if let Some(allow) = allow {
        out.headers_mut().insert(header::ALLOW, allow);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &str) -> Vec<(String, String)> {
        q.split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    #[test]
    fn limit_all_is_the_most_and_nonsense_is_refused() {
        assert_eq!(limit("all").ok(), Some(MAX_LIMIT));
        assert_eq!(limit("500").ok(), Some(MAX_LIMIT));
        assert_eq!(limit("3").ok(), Some(3));
        for bad in ["0", "-1", "x", "", "1e3"] {
            assert!(limit(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn order_is_a_whitelist_with_directions() {
        let o = order("published_at desc, title asc", Resource::Posts).unwrap_or_default();
        assert_eq!(
            o,
            vec![(OrderBy::PublishedAt, true), (OrderBy::Title, false)]
        );
        for bad in [
            "headline desc",
            "title sideways",
            "id desc; drop table",
            "name",
        ] {
            assert!(order(bad, Resource::Posts).is_err(), "{bad}");
        }
    }

    #[test]
    fn pagination_is_ghosts() {
        let p = Params::parse(&pairs("limit=2&page=2"), Resource::Posts).ok();
        let meta = p.map(|p| p.pagination(5)).unwrap_or_default();
        assert_eq!(
            meta,
            json!({"pagination": {"page": 2, "limit": 2, "pages": 3, "total": 5, "next": 3, "prev": 1}})
        );
        let p = Params::parse(&[], Resource::Posts).ok();
        let meta = p.map(|p| p.pagination(0)).unwrap_or_default();
        assert_eq!(meta["pagination"]["pages"], 1);
        assert_eq!(meta["pagination"]["next"], Value::Null);
    }

    #[test]
    fn any_query_string_parses_or_is_refused_never_a_panic() {
        let names = [
            "limit", "page", "order", "fields", "include", "formats", "filter", "x",
        ];
        let values = [
            "",
            "all",
            "0",
            "999999999999",
            "-",
            "tag:",
            "a,b",
            "html",
            "(",
            "'",
        ];
        for n in names {
            for v in values {
                let _ = Params::parse(&[(n.to_owned(), v.to_owned())], Resource::Posts);
            }
        }
    }
}
