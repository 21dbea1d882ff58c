//! `newsdesk import ghost FILE`: a Ghost site's JSON export (Ghost 1.x to 6.x) brought in
//! through the newsroom's operations, like a WordPress export.
//!
//! What becomes what: staff users → author profiles (no logins); public tags → topics,
//! in each post's order (internal `#tags` are skipped); posts → stories, pages → pages;
//! the feature image, its alt text and caption → the lead picture; the custom excerpt →
//! the standfirst; meta title and description (else the OpenGraph ones) → SEO fields.
//! A story is filed in the section whose address is its primary tag's, when the
//! newsroom has one, else in "News". Bodies are rendered from Lexical (Ghost 5+), else
//! mobiledoc (Ghost 1–4), else the stored HTML, then cleaned by the one sanitizer and
//! kept as the Markdown source WordPress bodies are kept as.
//!
//! The whole file is read before anything is written, and the import mapping (with a
//! checksum of what each post became) makes a second run update rather than repeat.

mod cards;
pub mod export;
pub mod lexical;
pub mod mobiledoc;
mod run;

pub use run::import_ghost;

use crate::body::{PictureAddresses, rewrite_addresses};

/// Ghost 4 and later write their own address as this placeholder in stored content.
const GHOST_URL: &str = "__GHOST_URL__";

/// The path in Ghost's `content/images` folder of the picture at `url`
/// (`__GHOST_URL__/content/images/size/w600/2024/05/quay.jpg` → `2024/05/quay.jpg`),
/// if it is one of the site's own. Resized copies (`size/w600/`, `format/webp/`) name
/// their original.
pub(crate) fn images_path(url: &str) -> Option<String> {
    let url = url.trim();
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let (before, after) = url.split_once("/content/images/")?;
    // The site's own: its placeholder, a path on it, or an address (maybe in a folder).
    if !(before.is_empty()
        || before == GHOST_URL
        || before.contains("://")
        || before.starts_with("//"))
    {
        return None;
    }
    let mut rest = after;
    while let Some(r) = rest
        .strip_prefix("size/")
        .or_else(|| rest.strip_prefix("format/"))
    {
        rest = r.split_once('/')?.1;
    }
    (!rest.is_empty() && !rest.ends_with('/')).then(|| rest.to_owned())
}

/// A post's body as Ghost's editor left it, rendered as HTML: from Lexical, else
/// mobiledoc, else the HTML Ghost stored. A body that cannot be read falls back to the
/// next; `Err` says why none could.
pub fn raw_body(post: &export::Post) -> Result<String, String> {
    let mut problems = Vec::new();
    if !post.lexical.trim().is_empty() {
        match lexical::to_html(&post.lexical) {
            Ok(html) => return Ok(html),
            Err(e) => problems.push(e),
        }
    }
    if !post.mobiledoc.trim().is_empty() {
        match mobiledoc::to_html(&post.mobiledoc) {
            Ok(html) => return Ok(html),
            Err(e) => problems.push(e),
        }
    }
    if !post.html.trim().is_empty() || problems.is_empty() {
        return Ok(post.html.clone());
    }
    Err(problems.join("; "))
}

/// The site's own addresses in `text` made paths on this site, where the old addresses
/// answer 301 to the new ones: `__GHOST_URL__/about/` → `/about/`.
pub(crate) fn on_this_site(text: &str) -> String {
    text.replace(GHOST_URL, "")
}

/// The body as stored: pictures pointed at their new addresses, the site's own links
/// made paths on this site, cleaned by the one sanitizer and written as a Markdown source.
pub fn stored_body(html: &str, pictures: &dyn PictureAddresses) -> String {
    let html = rewrite_addresses(&on_this_site(html), pictures);
    crate::body::from_html(&html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn picture_paths_from_every_kind_of_address() {
        for url in [
            "__GHOST_URL__/content/images/2024/05/quay.jpg",
            "/content/images/2024/05/quay.jpg",
            "https://old.example/content/images/size/w600/2024/05/quay.jpg",
            "https://old.example/blog/content/images/size/w1000/format/webp/2024/05/quay.jpg?v=1",
        ] {
            assert_eq!(
                images_path(url).as_deref(),
                Some("2024/05/quay.jpg"),
                "{url}"
            );
        }
        assert_eq!(
            images_path("https://images.unsplash.com/photo-1?w=2000"),
            None
        );
        assert_eq!(images_path("/files/content/images/a.jpg"), None);
        assert_eq!(images_path("/content/images/"), None);
    }

    struct Moved;
    impl PictureAddresses for Moved {
        fn new_address(&self, url: &str) -> Option<String> {
            images_path(url).map(|p| format!("/media/{}", p.replace('/', "-")))
        }
    }

    #[test]
    fn bodies_point_at_new_pictures_and_lose_scripts_and_the_placeholder() {
        let html = "<figure><img src=\"__GHOST_URL__/content/images/2024/05/quay.jpg\" alt=\"Quay\"></figure><p><a href=\"__GHOST_URL__/other-post/\">Other</a></p><script>alert(1)</script><p onclick=\"x()\">Hi</p>";
        let body = stored_body(html, &Moved);
        assert!(body.contains("src=\"/media/2024-05-quay.jpg\""), "{body}");
        assert!(body.contains("href=\"/other-post/\""), "{body}");
        for bad in ["__GHOST_URL__", "<script", "alert", "onclick"] {
            assert!(!body.contains(bad), "{bad} in {body}");
        }
        let none: HashMap<String, String> = HashMap::new();
        assert_eq!(stored_body("", &none), "");
    }

    #[test]
    fn the_richest_body_wins_and_a_broken_one_falls_back() {
        let mut post = export::Post {
            html: "<p>From html</p>".into(),
            mobiledoc: r#"{"version":"0.3.1","sections":[[1,"p",[[0,[],0,"From mobiledoc"]]]]}"#.into(),
            lexical: r#"{"root":{"children":[{"type":"paragraph","children":[{"type":"text","text":"From lexical"}]}]}}"#.into(),
            ..export::Post::default()
        };
        assert_eq!(raw_body(&post).unwrap(), "<p>From lexical</p>");
        post.lexical = "{broken".into();
        assert_eq!(raw_body(&post).unwrap(), "<p>From mobiledoc</p>");
        post.mobiledoc = String::new();
        assert_eq!(raw_body(&post).unwrap(), "<p>From html</p>");
        post.html = String::new();
        assert!(raw_body(&post).is_err());
    }
}
