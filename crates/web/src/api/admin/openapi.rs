//! The Admin API's part of the OpenAPI document (`api/openapi.rs` merges it): each
//! operation names the route constant the router serves, the body its handler reads and
//! the shapes it answers with (`shapes.rs`; the request structs beside their handlers).
//! The operations are in `openapi/content.rs` (stories, pictures, pages) and
//! `openapi/structure.rs` (sections, topics, authors, settings, logins).
//!
//! What every operation may answer — 401 without a live token, 429 past the token's
//! rate, 503 while the database is away, and 403 where a scope or role is needed — is
//! added by [`AdminAnswers`], so each operation below lists only its own answers.

use super::AdminErrorBody;
use super::shapes::Me;
use crate::route;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{
    ContentBuilder, HeaderBuilder, OpenApi as Document, Ref, RefOr, ResponseBuilder, Schema,
    schema::{ObjectBuilder, Type},
};
use utoipa::{Modify, OpenApi};

/// The tag of every operation here: one group on `/api/docs`.
pub(super) const TAG: &str = "Admin API";

/// The security scheme every operation names.
const SCHEME: &str = "admin_token";

#[derive(OpenApi)]
#[openapi(
    paths(
        admin_me,
        content::admin_list_stories,
        content::admin_create_story,
        content::admin_story,
        content::admin_update_story,
        content::admin_trash_story,
        content::admin_correct_story,
        content::admin_restore_story,
        content::admin_versions,
        content::admin_restore_version,
        content::admin_upload_picture,
        content::admin_picture,
        content::admin_update_picture,
        structure::admin_list_sections,
        structure::admin_add_section,
        structure::admin_section,
        structure::admin_change_section,
        structure::admin_delete_section,
        structure::admin_list_topics,
        structure::admin_add_topic,
        structure::admin_topic,
        structure::admin_change_topic,
        structure::admin_delete_topic,
        structure::admin_merge_topic,
        structure::admin_list_authors,
        structure::admin_add_author,
        structure::admin_author,
        structure::admin_change_author,
        structure::admin_settings,
        structure::admin_change_settings,
        content::admin_list_pages,
        content::admin_create_page,
        content::admin_page,
        content::admin_change_page,
        content::admin_delete_page,
        structure::admin_list_users,
        structure::admin_add_user,
        structure::admin_change_user,
    ),
    components(schemas(AdminErrorBody)),
    tags((name = "Admin API", description = "Everything a newsroom's tools write, at \
`/api/admin/v1/`, through the same operations and permission policy as the desk. Every \
request carries a token (`Authorization: Bearer nd_…`; make one at `/admin/tokens` or with \
`newsdesk token add`), which acts for its person, limited to its scopes and to a number of \
requests a minute. Bodies are wrapped (`{\"story\": {…}}`) and unknown fields are refused. \
Answers are never cached (`Cache-Control: no-store`). Errors are JSON: \
`{\"errors\": [{\"code\", \"message\", \"field\"?, \"current_version\"?}]}` (`AdminErrorBody`).")),
    modifiers(&BearerToken, &AdminAnswers, &WrittenWhole),
)]
pub(crate) struct AdminApi;

/// The token: `Authorization: Bearer nd_…`.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .bearer_format("nd_…")
            .description(Some(
                "An Admin API token, `Authorization: Bearer nd_…`: made at /admin/tokens or \
                 with `newsdesk token add`, shown once. It acts for its person, limited to \
                 its scopes (`content:read`, `content:write`, `media`, `structure`, `users`).",
            ))
            .build();
        components.add_security_scheme(SCHEME, SecurityScheme::Http(scheme));
    }
}

/// Adds the answers every Admin API operation shares; an operation's own answer with the
/// same status is kept.
struct AdminAnswers;

impl Modify for AdminAnswers {
    fn modify(&self, doc: &mut Document) {
        for item in doc.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.patch,
                &mut item.delete,
            ];
            for op in operations.into_iter().flatten() {
                let takes_input = op.parameters.as_ref().is_some_and(|p| !p.is_empty())
                    || op.request_body.is_some();
                let reads_json = op
                    .request_body
                    .as_ref()
                    .is_some_and(|b| b.content.contains_key("application/json"));
                let scoped = op.operation_id.as_deref() != Some("admin_me");
                let responses = &mut op.responses.responses;
                let mut add = |status: &str, answer: RefOr<utoipa::openapi::Response>| {
                    responses.entry(status.to_owned()).or_insert(answer);
                };
                if takes_input {
                    add(
                        "400",
                        error(
                            "The request could not be read: an id in the address that is not a \
                             number, a query value of the wrong type (`bad_request`), or a body \
                             that is not the JSON this operation takes (`invalid_json`).",
                        ),
                    );
                }
                add(
                    "401",
                    error_with(
                        "No token, or one that is revoked, mistyped, or whose person can no \
                         longer sign in (`unauthorized`).",
                        "WWW-Authenticate",
                        Type::String,
                        "`Bearer`.",
                    ),
                );
                if scoped {
                    add(
                        "403",
                        error(
                            "The token's scopes (`insufficient_scope`) or its person's role \
                             (`forbidden`) do not allow this; nothing was done.",
                        ),
                    );
                }
                if reads_json {
                    add("413", error("The body is larger than 2 MiB (`too_large`)."));
                }
                add(
                    "429",
                    error_with(
                        "The token has made more than `api_rate_limit` requests in a minute \
                         (`rate_limited`).",
                        "Retry-After",
                        Type::Integer,
                        "Seconds to wait.",
                    ),
                );
                add(
                    "503",
                    error_with(
                        "The database is not answering (`unavailable`); nothing was saved.",
                        "Retry-After",
                        Type::Integer,
                        "Seconds to wait.",
                    ),
                );
            }
        }
    }
}

/// Sets `required` from how the answers are written, which the derive cannot see: every
/// property of an answer's shape is always there, `null` where there is nothing. Request
/// shapes (named `…In`, `…Body`, `…Upload`) keep the derive's reading of their fields, and
/// an error leaves out `field` and `current_version` when they do not apply.
struct WrittenWhole;

impl Modify for WrittenWhole {
    fn modify(&self, doc: &mut Document) {
        let Some(components) = doc.components.as_mut() else {
            return;
        };
        for (name, schema) in components.schemas.iter_mut() {
            let sent = ["In", "Body", "Upload"].iter().any(|s| name.ends_with(s));
            if sent || name == "AdminErrorItem" {
                continue;
            }
            if let RefOr::T(Schema::Object(object)) = schema {
                object.required = object.properties.keys().cloned().collect();
            }
        }
    }
}

fn error_response(description: &str) -> ResponseBuilder {
    let body = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("AdminErrorBody")))
        .build();
    ResponseBuilder::new()
        .description(description)
        .content("application/json", body)
}

fn error(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(error_response(description).build())
}

fn error_with(
    description: &str,
    header: &str,
    kind: Type,
    meaning: &str,
) -> RefOr<utoipa::openapi::Response> {
    let header_schema = HeaderBuilder::new()
        .schema(ObjectBuilder::new().schema_type(kind).build())
        .description(Some(meaning))
        .build();
    RefOr::T(
        error_response(description)
            .header(header, header_schema)
            .build(),
    )
}

/// Describes an operation for the document; never called. `$fn` names it (its
/// operation id), the rest is `#[utoipa::path]`'s own words, ending in a comma.
macro_rules! operation {
    ($fn:ident, $($path:tt)*) => {
        #[utoipa::path($($path)* tag = TAG, security(("admin_token" = [])))]
        #[allow(dead_code, reason = "describes a route for the document; never called")]
        fn $fn() {}
    };
}

operation!(
    admin_me,
    get,
    path = route::ADMIN_ME,
    summary = "Who the token acts for, and its scopes",
    responses((
        status = 200,
        description = "The token's person and the token.",
        body = Me
    )),
);

mod content;
mod structure;
