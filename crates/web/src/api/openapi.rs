//! The one OpenAPI 3.1 document of Newsdesk's APIs, generated from the code: each
//! operation below names the route constant the router serves, the query it reads
//! (`params.rs`) and the structs that write its answers (`content.rs`, `ghost.rs`,
//! `shapes.rs`, `error.rs`). Served at `/api/openapi.json`, and as a reference page at
//! `/api/docs` (`reference.rs`).
//!
//! The Admin API's part is `admin/openapi.rs`, with its bearer token.
//!
//! ## Adding another set of paths
//!
//! Write its operations as there, derive `OpenApi` on a struct of its own listing them
//! (`#[openapi(paths(...), modifiers(&BearerToken))]`, the modifier adding the security
//! scheme the operations name in `security(...)`), and add its `openapi()` to the list in
//! [`document`] — one line. Schemas, security schemes and tags are merged; a name
//! already taken keeps its first definition, so give each part's schemas their own names.

use super::content::{Authors, Pages, Sections, SettingsAnswer, Tags};
use super::error::ErrorBody;
use super::ghost::{GhostAuthors, GhostPages, GhostPosts, GhostSettingsAnswer, GhostTags};
use super::ninjs::{PostAnswer, PostListAnswer};
use super::params::{BrowseQuery, FormatQuery, NoQuery, ReadQuery, SectionsQuery};
use crate::App;
use crate::route;
use crate::site::{PageKind, Rendered};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use newsdesk_core::CacheKey;
use std::sync::LazyLock;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{Modify, OpenApi};

/// The whole document. To add a part, add its `openapi()` here.
pub(crate) fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    for part in [
        ContentApi::openapi(),
        GhostApi::openapi(),
        super::admin::openapi::AdminApi::openapi(),
    ] {
        doc.merge(part);
    }
    // After the merge, so that they see every part's schemas.
    for modifier in [&ContentKey as &dyn Modify, &Requiredness] {
        modifier.modify(&mut doc);
    }
    doc
}

/// The document, built once; and as served, written once.
static DOCUMENT: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(document);
static DOCUMENT_JSON: LazyLock<String> =
    LazyLock::new(|| DOCUMENT.to_pretty_json().unwrap_or_default());

pub(crate) fn document_json() -> &'static str {
    &DOCUMENT_JSON
}

/// `GET /api/openapi.json`: through the page cache like any answer, so it has an ETag,
/// answers 304, and can be kept by the HTTP cache in front.
pub(crate) async fn openapi_json(State(app): State<App>, headers: HeaderMap) -> Response {
    let kind = PageKind::new(route::API_OPENAPI, "api");
    let load = async {
        Ok(Some(Rendered::typed(
            &super::Keys(vec![CacheKey::Site]),
            document_json().to_owned(),
            super::JSON,
        )))
    };
    app.serve_page(kind, route::API_OPENAPI.to_owned(), &headers, load)
        .await
}

/// `GET /api/docs`: the reference page, rendered from the same document.
pub(crate) async fn docs_page(State(app): State<App>, headers: HeaderMap) -> Response {
    let kind = PageKind::new(route::API_DOCS, "api_docs");
    let load = async {
        let site = app.site();
        let page = super::reference::page(&DOCUMENT);
        let html = app.templates.api_reference(&site, &page)?;
        Ok(Some(Rendered::of(&super::Keys(vec![CacheKey::Site]), html)))
    };
    app.serve_page(kind, route::API_DOCS.to_owned(), &headers, load)
        .await
}

/// The document's frame: what it is, and what every part shares.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Newsdesk",
        description = "Newsdesk's public, read-only Content API, in Newsdesk's own shapes at \
`/api/content/v1/` and in Ghost's at `/ghost/api/content/` (Ghost's own client reads it): \
answers carry a strong `ETag` and answer `If-None-Match` with 304, and errors are JSON, \
`{\"errors\": [{\"code\", \"type\", \"message\"}]}` (`ErrorBody`). \
And the Admin API at `/api/admin/v1/`, for a newsroom's tools, with a bearer token: \
its errors are `{\"errors\": [{\"code\", \"message\", \"field\"?, \"current_version\"?}]}` \
(`AdminErrorBody`).",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    tags(
        (name = "Content API", description = "Public content in Newsdesk's shapes: numeric ids, \
sections, standfirsts, corrections, pictures with their credits and renditions. Stories \
also as IPTC ninjs 2.2 news items, with `format=ninjs`."),
        (name = "Ghost Content API", description = "The same content in Ghost's names and shapes, \
for `@tryghost/content-api` and what is built on it."),
    ),
    components(schemas(ErrorBody)),
)]
struct ApiDoc;

/// The content key a site may require of Content API readers: `?key=…`.
struct ContentKey;

impl Modify for ContentKey {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        let scheme = ApiKey::Query(ApiKeyValue::with_description(
            "key",
            "The site's content key, when it sets one (then a request without it answers 401); \
             otherwise not needed.",
        ));
        components.add_security_scheme("content_key", SecurityScheme::ApiKey(scheme));
    }
}

/// The items `fields=` trims: any property may be left out, so none is `required`.
const TRIMMABLE: [&str; 9] = [
    "Post",
    "StandalonePage",
    "Tag",
    "Author",
    "Section",
    "GhostPost",
    "GhostPage",
    "GhostTag",
    "GhostAuthor",
];

/// Shapes written whole every time (`null` where there is nothing): every property is
/// `required`, `null`able ones included.
const WHOLE: [&str; 9] = [
    "Settings",
    "GhostSettings",
    "Picture",
    "Rendition",
    "Correction",
    "Link",
    "GhostLink",
    "GhostSection",
    "Count",
];

/// Sets `required` from how a shape is written, which the derive cannot see: a Rust
/// `Option` is either a property written as `null` or one left out, and `fields=` may
/// leave out any property of an item.
struct Requiredness;

impl Modify for Requiredness {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let Some(components) = doc.components.as_mut() else {
            return;
        };
        for (name, schema) in components.schemas.iter_mut() {
            let RefOr::T(Schema::Object(object)) = schema else {
                continue;
            };
            if TRIMMABLE.contains(&name.as_str()) {
                object.required.clear();
                let note =
                    "Every property may be left out: `fields=` keeps only the ones it names.";
                object.description = Some(match object.description.take() {
                    Some(d) => format!("{d}\n\n{note}"),
                    None => note.to_owned(),
                });
            } else if WHOLE.contains(&name.as_str()) {
                object.required = object.properties.keys().cloned().collect();
            }
        }
    }
}

/// Newsdesk's own door.
#[derive(OpenApi)]
#[openapi(paths(
    posts_browse,
    posts_read,
    posts_read_slug,
    pages_browse,
    pages_read,
    pages_read_slug,
    tags_browse,
    tags_read,
    tags_read_slug,
    authors_browse,
    authors_read,
    authors_read_slug,
    sections_browse,
    settings_read,
))]
struct ContentApi;

/// Ghost's door.
#[derive(OpenApi)]
#[openapi(paths(
    ghost_posts_browse,
    ghost_posts_read,
    ghost_posts_read_slug,
    ghost_pages_browse,
    ghost_pages_read,
    ghost_pages_read_slug,
    ghost_tags_browse,
    ghost_tags_read,
    ghost_tags_read_slug,
    ghost_authors_browse,
    ghost_authors_read,
    ghost_authors_read_slug,
    ghost_settings_read,
))]
struct GhostApi;

/// One operation: its route constant, door, summary, the query it reads, how an item is
/// named in the path (if it is), and the envelope it answers with. Every operation
/// answers the same errors.
macro_rules! operation {
    ($fn:ident, $route:ident, $tag:literal, $summary:literal, $query:ident $(+ $extra:ident)?, $body:ident
     $(, path($pname:literal = $ptype:ty, $pdesc:literal))?) => {
        #[utoipa::path(
            get,
            path = route::$route,
            tag = $tag,
            summary = $summary,
            params($(($pname = $ptype, Path, description = $pdesc),)? $query $(, $extra)?),
            responses(
                (status = 200, description = "The answer. Cached: it carries a strong `ETag`.",
                 body = $body, content_type = "application/json"),
                (status = 304, description = "Not modified: the `If-None-Match` sent is current."),
                (status = 400, description = "A parameter's value is not understood; the message says which.",
                 body = ErrorBody, content_type = "application/json"),
                (status = 401, description = "The site sets a content key and `key=` did not hold it.",
                 body = ErrorBody, content_type = "application/json"),
                $((status = 404, description = concat!("Nothing public with this ", $pname, "."),
                 body = ErrorBody, content_type = "application/json"),)?
                (status = 503, description = "The database is not answering; try again after `Retry-After` seconds.",
                 body = ErrorBody, content_type = "application/json"),
            ),
            security((), ("content_key" = [])),
        )]
        #[allow(dead_code, reason = "describes a route for the document; never called")]
        fn $fn() {}
    };
}

operation!(
    posts_browse,
    API_POSTS,
    "Content API",
    "Public stories, newest first",
    BrowseQuery + FormatQuery,
    PostListAnswer
);
operation!(
    posts_read,
    API_POST,
    "Content API",
    "One story by id",
    ReadQuery + FormatQuery,
    PostAnswer,
    path("id" = i64, "The story's id.")
);
operation!(
    posts_read_slug,
    API_POST_SLUG,
    "Content API",
    "One story by slug",
    ReadQuery + FormatQuery,
    PostAnswer,
    path("slug" = String, "The story's slug.")
);
operation!(
    pages_browse,
    API_PAGES,
    "Content API",
    "Published standalone pages",
    BrowseQuery,
    Pages
);
operation!(
    pages_read,
    API_PAGE,
    "Content API",
    "One page by id",
    ReadQuery,
    Pages,
    path("id" = i64, "The page's id.")
);
operation!(
    pages_read_slug,
    API_PAGE_SLUG,
    "Content API",
    "One page by slug",
    ReadQuery,
    Pages,
    path("slug" = String, "The page's slug.")
);
operation!(
    tags_browse,
    API_TAGS,
    "Content API",
    "Topics",
    BrowseQuery,
    Tags
);
operation!(
    tags_read,
    API_TAG,
    "Content API",
    "One topic by id",
    ReadQuery,
    Tags,
    path("id" = i64, "The topic's id.")
);
operation!(
    tags_read_slug,
    API_TAG_SLUG,
    "Content API",
    "One topic by slug",
    ReadQuery,
    Tags,
    path("slug" = String, "The topic's slug.")
);
operation!(
    authors_browse,
    API_AUTHORS,
    "Content API",
    "Authors",
    BrowseQuery,
    Authors
);
operation!(
    authors_read,
    API_AUTHOR,
    "Content API",
    "One author by id",
    ReadQuery,
    Authors,
    path("id" = i64, "The author's id.")
);
operation!(
    authors_read_slug,
    API_AUTHOR_SLUG,
    "Content API",
    "One author by slug",
    ReadQuery,
    Authors,
    path("slug" = String, "The author's slug.")
);
operation!(
    sections_browse,
    API_SECTIONS,
    "Content API",
    "Every section, in the desk's order",
    SectionsQuery,
    Sections
);
operation!(
    settings_read,
    API_SETTINGS,
    "Content API",
    "The newsroom's settings",
    NoQuery,
    SettingsAnswer
);

operation!(
    ghost_posts_browse,
    GHOST_POSTS,
    "Ghost Content API",
    "Public stories, newest first",
    BrowseQuery,
    GhostPosts
);
operation!(
    ghost_posts_read,
    GHOST_POST,
    "Ghost Content API",
    "One story by id",
    ReadQuery,
    GhostPosts,
    path(
        "id" = String,
        "The id, as Ghost writes it: a string (of digits, in Newsdesk)."
    )
);
operation!(
    ghost_posts_read_slug,
    GHOST_POST_SLUG,
    "Ghost Content API",
    "One story by slug",
    ReadQuery,
    GhostPosts,
    path("slug" = String, "The slug.")
);
operation!(
    ghost_pages_browse,
    GHOST_PAGES,
    "Ghost Content API",
    "Published standalone pages",
    BrowseQuery,
    GhostPages
);
operation!(
    ghost_pages_read,
    GHOST_PAGE,
    "Ghost Content API",
    "One page by id",
    ReadQuery,
    GhostPages,
    path(
        "id" = String,
        "The id, as Ghost writes it: a string (of digits, in Newsdesk)."
    )
);
operation!(
    ghost_pages_read_slug,
    GHOST_PAGE_SLUG,
    "Ghost Content API",
    "One page by slug",
    ReadQuery,
    GhostPages,
    path("slug" = String, "The slug.")
);
operation!(
    ghost_tags_browse,
    GHOST_TAGS,
    "Ghost Content API",
    "Topics",
    BrowseQuery,
    GhostTags
);
operation!(
    ghost_tags_read,
    GHOST_TAG,
    "Ghost Content API",
    "One topic by id",
    ReadQuery,
    GhostTags,
    path(
        "id" = String,
        "The id, as Ghost writes it: a string (of digits, in Newsdesk)."
    )
);
operation!(
    ghost_tags_read_slug,
    GHOST_TAG_SLUG,
    "Ghost Content API",
    "One topic by slug",
    ReadQuery,
    GhostTags,
    path("slug" = String, "The slug.")
);
operation!(
    ghost_authors_browse,
    GHOST_AUTHORS,
    "Ghost Content API",
    "Authors",
    BrowseQuery,
    GhostAuthors
);
operation!(
    ghost_authors_read,
    GHOST_AUTHOR,
    "Ghost Content API",
    "One author by id",
    ReadQuery,
    GhostAuthors,
    path(
        "id" = String,
        "The id, as Ghost writes it: a string (of digits, in Newsdesk)."
    )
);
operation!(
    ghost_authors_read_slug,
    GHOST_AUTHOR_SLUG,
    "Ghost Content API",
    "One author by slug",
    ReadQuery,
    GhostAuthors,
    path("slug" = String, "The slug.")
);
operation!(
    ghost_settings_read,
    GHOST_SETTINGS,
    "Ghost Content API",
    "The newsroom's settings",
    NoQuery,
    GhostSettingsAnswer
);
