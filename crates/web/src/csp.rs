//! The Content-Security-Policy every answer carries: the browser's own second lock behind
//! the sanitizer. Should a headline, a caption or an imported body ever slip a script or an
//! `onerror=` past the escaping and `render::markdown`, the reader's browser still refuses
//! to run it, because the only scripts this site serves are its own: the desk's
//! `/static/desk.js`, its editor's `/static/desk-editor.js`, and the readers'
//! `/static/embed.js`.
//!
//! The policy is added outside the page cache, so a page served from memory (or from the
//! HTTP cache in front, which keeps the headers it was given) carries it as a fresh one
//! does. A site whose own theme needs more (an analytics script, a font host) sets
//! `content_security_policy` in its config; empty sends none.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// What the built-in theme and the desk need, and nothing more:
/// - scripts only from this site (`/static/desk.js`, `/static/desk-editor.js`, `/static/embed.js`):
///   no inline script, no `on*=`
///   handler, no `javascript:` address, no `eval`. The article's JSON-LD is a
///   `<script type="application/ld+json">`, a data block the browser never runs, so it
///   needs no hash;
/// - styles, fonts, and the desk's own requests (its live preview and topic suggestions)
///   only from this site; no inline style;
/// - pictures from this site (`/media/…`) and, because a story's body may show a picture
///   from elsewhere (an agency's, an import's), from any web address;
/// - frames from this site and from the embed providers' players
///   (`newsdesk_render::embed::FRAME_ORIGINS`, exactly), which `/static/embed.js` puts in
///   a page only when a reader asks;
/// - no plugins, no `<base>` to re-point relative links, forms that send only here, and
///   framed only by this site's own pages (no clickjacking of the desk).
pub const DEFAULT_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' https: http:; frame-src 'self' https://www.youtube-nocookie.com \
     https://player.vimeo.com https://platform.twitter.com https://www.instagram.com \
     https://www.tiktok.com https://embed.bsky.app https://open.spotify.com \
     https://datawrapper.dwcdn.net https://flo.uri.sh https://www.google.com; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/// The policy of feeds and sitemaps (XML): nothing may load or run, but the browser's own
/// XML viewer, which draws the tree with inline styles and `data:` arrows, may draw it.
/// Under the pages' policy a feed opened in Chromium is an unstyled tree without arrows.
pub const XML_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
     base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/// Adds the policy to every answer that has none of its own: [`XML_POLICY`] to XML, the
/// configured one to everything else; nothing when the configured one is empty.
pub(crate) async fn add_policy(
    State(policy): State<Option<HeaderValue>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    add_to(&mut response, policy.as_ref());
    response
}

/// Adds `policy` (or [`XML_POLICY`], to XML) to `response` unless it has one of its own.
pub(crate) fn add_to(response: &mut Response, policy: Option<&HeaderValue>) {
    let Some(policy) = policy else {
        return;
    };
    let xml = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|t| t.split(';').next())
        .is_some_and(|t| t.trim().ends_with("xml"));
    let policy = if xml {
        HeaderValue::from_static(XML_POLICY)
    } else {
        policy.clone()
    };
    response
        .headers_mut()
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(policy);
}

/// The header for `policy` as configured: `None` when it is empty (the site sends none).
/// A policy that cannot be a header (a line break in it) is an error: the config refuses
/// it when loaded, and `App::new` keeps the built-in policy rather than sending nothing.
pub fn header_of(policy: &str) -> Result<Option<HeaderValue>, InvalidPolicy> {
    let policy = policy.trim();
    if policy.is_empty() {
        return Ok(None);
    }
    HeaderValue::from_str(policy)
        .map(Some)
        .map_err(|_| InvalidPolicy)
}

/// A policy with characters a header cannot carry.
#[derive(Debug, thiserror::Error)]
#[error("the Content-Security-Policy must be one line of visible characters")]
pub struct InvalidPolicy;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_allows_no_inline_script_and_no_plugin() {
        let directives: Vec<&str> = DEFAULT_POLICY.split(';').map(str::trim).collect();
        assert!(directives.contains(&"script-src 'self'"));
        assert!(directives.contains(&"object-src 'none'"));
        assert!(!DEFAULT_POLICY.contains("unsafe"));
        assert!(header_of(DEFAULT_POLICY).unwrap().is_some());
        assert!(header_of(XML_POLICY).unwrap().is_some());
        assert!(XML_POLICY.contains("default-src 'none'") && !XML_POLICY.contains("script"));
    }

    #[test]
    fn frames_may_come_only_from_this_site_and_the_embed_providers() {
        let frame_src = DEFAULT_POLICY
            .split(';')
            .map(str::trim)
            .find_map(|d| d.strip_prefix("frame-src "))
            .expect("a frame-src");
        let mut named: Vec<&str> = frame_src.split_whitespace().collect();
        let mut expected = vec!["'self'"];
        expected.extend(newsdesk_render::embed::FRAME_ORIGINS);
        named.sort_unstable();
        expected.sort_unstable();
        assert_eq!(named, expected);
    }

    #[test]
    fn an_empty_policy_sends_no_header_and_a_broken_one_is_refused() {
        assert!(header_of("  ").unwrap().is_none());
        assert!(header_of("default-src 'self'\nscript-src *").is_err());
    }
}
