//! Error answers as pages. Requests the framework refuses before a handler runs — an
//! address whose `{id}` is not a number or whose bytes are not UTF-8, a form too large,
//! unreadable or of the wrong type, a method a route does not take — come out of axum as
//! bare text naming Rust types. This layer, over every route and the fallback, turns any
//! error answer that is not already one of our pages into the site's page (the desk's,
//! under `/admin`) with one sentence a person can act on. axum's text is logged at debug
//! and never shown.
//!
//! Our own short refusals use [`say`]: the sentence travels with the response and the
//! layer puts it in the page, so a handler need not know which frame to draw.

use crate::App;
use crate::site::html_response;
use axum::Extension;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use newsdesk_core::view::ProblemPage;
use std::borrow::Cow;

/// Our words for an error answer, carried in the response's extensions.
#[derive(Clone, Debug)]
pub(crate) struct Say(pub(crate) Cow<'static, str>);

/// An error answer in our own words; the layer shows them in a page. The text body is what
/// a caller outside the layer (a unit test) sees.
pub(crate) fn say(status: StatusCode, sentence: impl Into<Cow<'static, str>>) -> Response {
    let sentence = sentence.into();
    let body = format!("{sentence}\n");
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Extension(Say(sentence)),
        body,
    )
        .into_response()
}

/// The most of a rejection's text read to classify it (axum's are a line or two).
const REJECTION_TEXT_LIMIT: usize = 4096;

/// The layer: passes pages, redirects and successes through untouched.
pub(crate) async fn error_pages(State(app): State<App>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let method = request.method().clone();
    let pattern = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned());
    let response = next.run(request).await;
    let status = response.status();
    // API clients read JSON errors, whatever refused the request.
    if crate::api::is_api_path(&path) {
        return crate::api::json_error(&path, response);
    }
    if !needs_page(&response) {
        return response;
    }
    let said = response.extensions().get::<Say>().map(|s| s.0.clone());
    let allow = response.headers().get(header::ALLOW).cloned();
    let text = match axum::body::to_bytes(response.into_body(), REJECTION_TEXT_LIMIT).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => String::new(),
    };
    tracing::debug!(%path, status = status.as_u16(), rejection = %text.trim(), "answered with a page");
    let desk = path == "/admin" || path.starts_with("/admin/");
    // A path parameter that does not parse (`/admin/stories/abc`, `/news/%ff`) names
    // nothing that could exist: that is "not found", not a bad request.
    let unparsable_path = status == StatusCode::BAD_REQUEST && text.starts_with("Invalid URL");
    if status.is_server_error() {
        return html_response(status, app.templates.server_error(&app.site()));
    }
    if said.is_none() && (unparsable_path || status == StatusCode::NOT_FOUND) {
        if !desk {
            return app.not_found_page();
        }
        let message = pattern.as_deref().map_or_else(
            || "There is no such page in the desk.".to_owned(),
            |p| missing(p, &path),
        );
        return app.problem_page(StatusCode::NOT_FOUND, "Not found", message, true);
    }
    let (title, stock) = stock_sentence(status, &method, app.settings.upload_max_bytes);
    let message = said.unwrap_or(stock).into_owned();
    let mut page = app.problem_page(status, title, message, desk);
    if let Some(allow) = allow {
        page.headers_mut().insert(header::ALLOW, allow);
    }
    page
}

/// An error answer that is not one of our pages: plain text (axum's rejections, our
/// [`say`]) or no body type at all (405, a bare status). A 503 with text is `/readyz`
/// talking to a probe, and stays as it is.
fn needs_page(response: &Response) -> bool {
    let status = response.status();
    if !(status.is_client_error() || status == StatusCode::INTERNAL_SERVER_ERROR) {
        return false;
    }
    match response.headers().get(header::CONTENT_TYPE) {
        None => true,
        Some(t) => t.as_bytes().starts_with(b"text/plain"),
    }
}

/// A heading and one sentence for an error status, when the answer brought no words.
fn stock_sentence(
    status: StatusCode,
    method: &Method,
    upload_max_bytes: usize,
) -> (&'static str, Cow<'static, str>) {
    let form = !matches!(*method, Method::GET | Method::HEAD);
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => (
            "Form too large",
            format!(
                "The form was too large to accept, so nothing was saved; pictures may be at most {} MB, so choose a smaller file or shorten the text and send it again.",
                upload_max_bytes / (1024 * 1024)
            )
            .into(),
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "Form not accepted",
            "The form arrived in a format this page does not accept, so nothing was saved; reload the page and send it again.".into(),
        ),
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY if form => (
            "Form not readable",
            "The form could not be read, so nothing was saved; reload the page and send it again.".into(),
        ),
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => (
            "Address not understood",
            "This address could not be understood; check it, or start again from the home page.".into(),
        ),
        StatusCode::METHOD_NOT_ALLOWED => (
            "Not available this way",
            "This page cannot be used that way; open it from a link or a form on the site.".into(),
        ),
        StatusCode::FORBIDDEN => (
            "Not allowed",
            "You may not see or do this; ask an administrator if you need to.".into(),
        ),
        StatusCode::CONFLICT => (
            "Not saved",
            "Someone changed this at the same time, so nothing was saved; reload the page and try again.".into(),
        ),
        StatusCode::TOO_MANY_REQUESTS => (
            "Too many requests",
            "Too many requests came from here; wait a minute and try again.".into(),
        ),
        _ => (
            "Request not answered",
            "This request could not be answered; go back and try again.".into(),
        ),
    }
}

/// "There is no story abc.": the first `{parameter}` of the desk route `pattern` whose
/// value in `path` is not a number, named by what the route is about.
fn missing(pattern: &str, path: &str) -> String {
    let found = pattern
        .split('/')
        .zip(path.split('/'))
        .find(|(p, v)| p.starts_with('{') && v.parse::<i64>().is_err());
    let Some((param, value)) = found else {
        return "There is no such page in the desk.".to_owned();
    };
    let noun = if param == "{version}" {
        "version"
    } else if pattern.starts_with("/admin/stories/") {
        "story"
    } else if pattern.starts_with("/admin/media/") {
        "picture"
    } else if pattern.starts_with("/admin/users/") {
        "person"
    } else {
        "page"
    };
    let value: String = percent_decoded(value).chars().take(60).collect();
    format!(
        "There is no {noun} “{value}”; stories, pictures and people are numbered, so check the address or find it from the desk."
    )
}

/// `value` with `%XX` escapes undone, lossily: for showing an address part to a person.
fn percent_decoded(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let byte = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(u8::try_from(byte).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl App {
    /// One sentence in the site's frame, or the desk's.
    pub(crate) fn problem_page(
        &self,
        status: StatusCode,
        title: &str,
        message: String,
        desk: bool,
    ) -> Response {
        let page = ProblemPage {
            status: status.as_u16(),
            title: title.to_owned(),
            message,
            desk,
        };
        match self.templates.problem(&self.site(), &page) {
            Ok(html) => html_response(status, html),
            Err(e) => {
                tracing::error!(error = %e, "the problem template failed");
                html_response(status, self.templates.server_error(&self.site()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_desk_address_that_does_not_parse_is_named() {
        let said = missing("/admin/stories/{id}", "/admin/stories/abc");
        assert!(said.starts_with("There is no story “abc”"), "{said}");
        let said = missing(
            "/admin/stories/{id}/revisions/{version}/restore",
            "/admin/stories/4/revisions/x%20y/restore",
        );
        assert!(said.starts_with("There is no version “x y”"), "{said}");
        let said = missing("/admin/media/{id}", "/admin/media/%ff");
        assert!(said.starts_with("There is no picture “\u{fffd}”"), "{said}");
    }
}
