//! The gate of every desk route, as extractors: a handler that takes [`DeskUser`] or
//! [`DeskPost`] in its signature only runs for a live session whose role the route's entry
//! in `route::POLICY` allows — and, for a form, only when it came from this site's own page
//! with the session's form token. The handler cannot disagree with the table, because it
//! never checks anything the table says.
//!
//! Actions on one story or picture (edit, publish, trash, edit a caption…) depend on that
//! item: the gate lets them through and the handler asks the policy again with the item
//! (`App::story_for`).

use crate::desk::{Signed, forbidden, not_from_this_site, same_origin};
use crate::upload::DeskForm;
use crate::{App, route};
use axum::extract::{FromRequest, FromRequestParts, MatchedPath, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use newsdesk_auth::token_hash;
use newsdesk_core::{Action, policy};

/// The signed-in person of a desk page, allowed the route's action.
pub(crate) struct DeskUser(pub Signed);

/// A desk form: its fields, and the signed-in person who sent it from this site's page,
/// with the session's token, allowed the route's action.
pub(crate) struct DeskPost {
    pub signed: Signed,
    pub form: DeskForm,
}

/// The route's action, from its matched pattern; `None` for a route open to anyone (which
/// should not use these extractors) or one missing from the table (which cannot start).
fn route_action(parts: &Parts) -> Option<Action> {
    let pattern = parts.extensions.get::<MatchedPath>()?.as_str();
    match route::who(pattern)? {
        route::Who::Desk(action) => Some(action),
        route::Who::Anyone | route::Who::Token => None,
    }
}

/// Whether `signed` may use a route for `action`: actions on one item are asked again,
/// with the item, by the handler.
fn allowed(signed: &Signed, action: Option<Action>) -> bool {
    match action {
        Some(action) if action.is_on_one_item() => true,
        Some(action) => policy::allows(signed.user.role, action, None),
        // A route the table opens to anyone never reaches a desk extractor; refuse rather
        // than guess.
        None => false,
    }
}

impl FromRequestParts<App> for DeskUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<DeskUser, Response> {
        let action = route_action(parts);
        let signed = match app.signed_in(&parts.headers).await {
            Ok(Some(s)) => s,
            Ok(None) => return Err(Redirect::to("/admin/login").into_response()),
            Err(e) => return Err(app.error_page(&e)),
        };
        if !allowed(&signed, action) {
            return Err(forbidden());
        }
        Ok(DeskUser(signed))
    }
}

impl FromRequest<App> for DeskPost {
    type Rejection = Response;

    async fn from_request(req: Request, app: &App) -> Result<DeskPost, Response> {
        let (mut parts, body) = req.into_parts();
        if !same_origin(&parts.headers) {
            return Err(not_from_this_site());
        }
        let DeskUser(signed) = DeskUser::from_request_parts(&mut parts, app).await?;
        let form = DeskForm::from_request(Request::from_parts(parts, body), app).await?;
        let token = form.value("csrf_token");
        if token.is_empty() || token_hash(token) != token_hash(&signed.csrf) {
            return Err(not_from_this_site());
        }
        Ok(DeskPost { signed, form })
    }
}
