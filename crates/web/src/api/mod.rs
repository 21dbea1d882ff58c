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
mod error;
pub(crate) mod ghost;
mod ninjs;
pub mod nql;
pub(crate) mod openapi;
mod params;
mod reference;
mod shapes;

pub(crate) use error::{ApiError, json_error};
pub(crate) use openapi::{docs_page, openapi_json};
use params::Params;

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
use newsdesk_store::{ApiAuthor, ApiPost, ApiSection, ApiTag, Resource};

/// The media type of every API answer.
const JSON: &str = "application/json; charset=utf-8";

/// Whether `path` is an API address: its errors are JSON, its answers carry CORS headers.
/// Whether [`cors`] has anything to add to an answer at `path`: only the public APIs, and
/// only when origins are configured. The Admin API is for servers and tools holding a
/// token, never for other sites' pages.
pub(crate) fn cors_applies(app: &App, path: &str) -> bool {
    !app.settings.api_cors_origins.is_empty()
        && is_api_path(path)
        && !path.starts_with("/api/admin/")
}

pub(crate) fn is_api_path(path: &str) -> bool {
    path.starts_with("/api/") || path.starts_with("/ghost/api/")
}

/// Which door a request came through: it decides the names and shapes of the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavor {
    Newsdesk,
    Ghost,
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
        // Compared as hashes, so the time taken says nothing about how much of it matched.
        let hash = newsdesk_auth::token_hash;
        if sent.is_none_or(|sent| hash(sent) != hash(key)) {
            return ApiError::Unauthorized.into_response();
        }
    }
    let params = match Params::parse(pairs, resource_of(name)) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    // Stories in Newsdesk's door may also be asked for as IPTC ninjs.
    let ninjs = match (flavor, name) {
        (Flavor::Newsdesk, "posts") => match ninjs::asked(pairs) {
            Ok(asked) => asked,
            Err(e) => return e.into_response(),
        },
        _ => false,
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
        let Some(body) = answer(app, flavor, ninjs, &loaded, &params)? else {
            return Ok(None);
        };
        Ok(Some(Rendered::typed(&Keys(loaded.keys()), body, JSON)))
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
/// client reads that as one); or, for stories asked for as `ninjs`, the ninjs item (an
/// array of them for a list). `None` for what the door has no route for.
///
/// Written through `serde_json::Value`, whose objects keep their keys sorted: the same
/// answer is always the same bytes, so its ETag holds across releases.
fn answer(
    app: &App,
    flavor: Flavor,
    ninjs: bool,
    loaded: &Loaded,
    params: &Params,
) -> Result<Option<String>, WebError> {
    let site = app.site();
    if ninjs {
        return Ok(ninjs::answer(&site, loaded)
            .transpose()?
            .map(|v| v.to_string()));
    }
    let value = match flavor {
        Flavor::Newsdesk => Some(content::answer(&site, loaded, params)),
        Flavor::Ghost => ghost::answer(&site, loaded, params),
    };
    Ok(value.transpose()?.map(|v| v.to_string()))
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
    if !cors_applies(&app, request.uri().path()) {
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

/// ISO 8601 in UTC, as Ghost writes times (for webhook bodies).
pub(crate) fn iso(secs: i64) -> serde_json::Value {
    serde_json::to_value(shapes::Time(secs)).unwrap_or(serde_json::Value::Null)
}
