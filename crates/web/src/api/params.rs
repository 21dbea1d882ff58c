//! The query string every Content API operation reads: parsed by hand here (unknown names
//! ignored, as Ghost does; bad values refused with a 400 naming the parameter), and
//! described for the OpenAPI document by [`BrowseQuery`] and [`ReadQuery`] beside it, so
//! that a parameter added to one is seen missing from the other in the same diff.

use super::error::ApiError;
use super::nql;
use super::shapes::{Meta, Pagination};
use newsdesk_store::{Filter, ListQuery, OrderBy, Resource};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

/// Stories per page when `limit` is not given, and the most a page may hold (Ghost's).
const DEFAULT_LIMIT: u32 = 15;
const MAX_LIMIT: u32 = 100;
/// The furthest page asked for: past it `OFFSET` arithmetic stops meaning anything.
const MAX_PAGE: u32 = 100_000;

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

    pub(super) fn parse(
        pairs: &[(String, String)],
        resource: Resource,
    ) -> Result<Params, ApiError> {
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

    pub(super) fn list_query(&self) -> ListQuery {
        ListQuery {
            filter: self.filter.clone(),
            order: self.order.clone(),
            limit: self.limit,
            offset: u64::from(self.page - 1) * u64::from(self.limit),
        }
    }

    /// Ghost's `meta.pagination` for a list of `total` rows.
    pub(super) fn pagination(&self, total: i64) -> Meta {
        let total = u64::try_from(total).unwrap_or(0);
        let pages = total.div_ceil(u64::from(self.limit)).max(1);
        let page = u64::from(self.page);
        Meta {
            pagination: Pagination {
                page,
                limit: self.limit,
                pages,
                total,
                next: (page < pages).then_some(page + 1),
                prev: (page > 1).then(|| page - 1),
            },
        }
    }

    /// Keeps only the asked-for top-level keys of `item` (`fields=`).
    pub(super) fn select(&self, item: Value) -> Value {
        match (&self.fields, item) {
            (Some(fields), Value::Object(map)) => Value::Object(
                map.into_iter()
                    .filter(|(k, _)| fields.iter().any(|f| f == k))
                    .collect(),
            ),
            (_, item) => item,
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

// ---------------------------------------------------------------------------------------
// The same parameters, described for the OpenAPI document. These structs are never built:
// `Params::parse` above reads the query string by hand, so that unknown names are ignored
// and each bad value gets its own message.

/// What a list reads.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(
    dead_code,
    reason = "describes the query string for the OpenAPI document"
)]
pub(crate) struct BrowseQuery {
    /// Narrows the list, in Ghost's filter language (NQL): `field:value`, `field:-value`
    /// (not), `field:>value` (also `>=`, `<`, `<=`), `field:[a,b]` (in), `+` (and), `,` (or),
    /// parentheses, values quoted with `'…'`. Posts filter on `tag` (`tags`, `tags.slug`,
    /// `primary_tag`), `author` (`authors`, `authors.slug`, `primary_author`), `section`,
    /// `slug`, `id`, `published_at` and `updated_at`; pages on `slug`, `id`, `published_at`
    /// and `updated_at`; topics and authors on `slug` and `id`. A filter never reaches
    /// beyond public content.
    #[param(example = "tag:iraq+published_at:>'2026-01-01'")]
    filter: Option<String>,
    /// Adds to each item: `tags` and `authors` (stories), `count.posts` (topics, authors,
    /// sections).
    #[param(inline, style = Form, explode = false)]
    include: Option<Vec<Include>>,
    /// Keeps only these top-level properties of each item, such as `id,title,url`.
    #[param(inline, style = Form, explode = false)]
    fields: Option<Vec<String>>,
    /// Which forms of a body to write: `html` (the default) and `plaintext`.
    #[param(inline, style = Form, explode = false)]
    formats: Option<Vec<Format>>,
    /// Items per page, 15 when not given: a number from 1 (more than 100 reads as 100), or
    /// `all` (100).
    #[param(inline, value_type = Option<Limit>)]
    limit: Option<String>,
    /// Which page, from 1.
    #[param(minimum = 1, maximum = 100_000)]
    page: Option<u32>,
    /// Up to four `field` or `field asc|desc`, comma-separated, such as
    /// `published_at desc, title asc`. Posts and pages order by `published_at`,
    /// `updated_at`, `title`, `slug` or `id`; topics and authors by `name`, `slug` or `id`.
    #[param(example = "published_at desc")]
    order: Option<String>,
}

/// What reading one item by id or slug reads.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(
    dead_code,
    reason = "describes the query string for the OpenAPI document"
)]
pub(crate) struct ReadQuery {
    /// Adds to each item: `tags` and `authors` (stories), `count.posts` (topics, authors,
    /// sections).
    #[param(inline, style = Form, explode = false)]
    include: Option<Vec<Include>>,
    /// Keeps only these top-level properties of each item, such as `id,title,url`.
    #[param(inline, style = Form, explode = false)]
    fields: Option<Vec<String>>,
    /// Which forms of a body to write: `html` (the default) and `plaintext`.
    #[param(inline, style = Form, explode = false)]
    formats: Option<Vec<Format>>,
}

/// What the list of sections reads: it is never paged or filtered.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(
    dead_code,
    reason = "describes the query string for the OpenAPI document"
)]
pub(crate) struct SectionsQuery {
    /// Adds to each item: `tags` and `authors` (stories), `count.posts` (topics, authors,
    /// sections).
    #[param(inline, style = Form, explode = false)]
    include: Option<Vec<Include>>,
    /// Keeps only these top-level properties of each item, such as `id,title,url`.
    #[param(inline, style = Form, explode = false)]
    fields: Option<Vec<String>>,
}

/// What stories in Newsdesk's door also read: the shape of the answer.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(
    dead_code,
    reason = "describes the query string for the OpenAPI document"
)]
pub(crate) struct FormatQuery {
    /// `json` (the default): Newsdesk's own shape. `ninjs`: each story as an IPTC ninjs 2.2
    /// news item (a list answers a JSON array of them, paged as the list is);
    /// `fields=`, `include=` and `formats=` then do not apply.
    #[param(inline)]
    format: Option<AnswerFormat>,
}

/// `format=`: `json` or `ninjs`.
#[derive(ToSchema)]
#[allow(
    dead_code,
    reason = "describes the query string for the OpenAPI document"
)]
pub(crate) enum AnswerFormat {
    #[serde(rename = "json")]
    Json,
    #[serde(rename = "ninjs")]
    Ninjs,
}

/// The settings read no parameters.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct NoQuery {}

/// What `include=` adds: a story's topics and bylines, or how many public stories a
/// topic, author or section has.
#[derive(ToSchema)]
#[allow(
    dead_code,
    reason = "describes the query string for the OpenAPI document"
)]
pub(crate) enum Include {
    #[serde(rename = "tags")]
    Tags,
    #[serde(rename = "authors")]
    Authors,
    #[serde(rename = "count.posts")]
    CountPosts,
}

/// What `formats=` writes of a body: `html` (the default) and `plaintext`.
#[derive(ToSchema)]
#[allow(
    dead_code,
    reason = "describes the query string for the OpenAPI document"
)]
pub(crate) enum Format {
    #[serde(rename = "html")]
    Html,
    #[serde(rename = "plaintext")]
    Plaintext,
}

/// `limit=`: a number, or `all`.
pub(crate) struct Limit;

impl utoipa::PartialSchema for Limit {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1)),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["all"])),
            )
            .into()
    }
}

impl ToSchema for Limit {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
        let meta = p.map(|p| json!(p.pagination(5))).unwrap_or_default();
        assert_eq!(
            meta,
            json!({"pagination": {"page": 2, "limit": 2, "pages": 3, "total": 5, "next": 3, "prev": 1}})
        );
        let p = Params::parse(&[], Resource::Posts).ok();
        let meta = p.map(|p| json!(p.pagination(0))).unwrap_or_default();
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
