//! What each WordPress item becomes, decided from the item alone: a story in some state, a
//! standalone page, a picture, or nothing — with the reason, for the summary.

use crate::wxr::Item;
use sha2::{Digest, Sha256};

/// A story's state, from the post's `wp:status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Published,
    Draft,
    InReview,
    Scheduled,
    Unpublished,
    Trash,
}

/// What an item becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Plan {
    Story(Status),
    Page(Status),
    Picture,
    Skip(String),
}

/// Post types that are the old site's design, menus or machinery, not its content.
const SITE_MACHINERY: &[&str] = &[
    "wp_navigation",
    "wp_template",
    "wp_template_part",
    "wp_global_styles",
    "wp_font_family",
    "wp_font_face",
    "custom_css",
    "customize_changeset",
    "oembed_cache",
    "user_request",
    "wp_pattern",
];

/// File endings of pictures the media library takes.
const PICTURES: &[&str] = &["jpg", "jpeg", "jpe", "png", "gif", "webp"];

/// What `item` becomes.
pub fn plan(item: &Item) -> Plan {
    let post_type = item.post_type.as_str();
    match post_type {
        "post" | "page" => {}
        "attachment" => {
            let url = item.attachment_url.trim();
            if url.is_empty() {
                return Plan::Skip("an attachment without a file address".into());
            }
            let ext = extension(url);
            return if PICTURES.contains(&ext.as_str()) {
                Plan::Picture
            } else {
                Plan::Skip(format!(
                    "a .{ext} attachment: only pictures (JPEG, PNG, GIF, WebP) go into the media library"
                ))
            };
        }
        "nav_menu_item" => {
            return Plan::Skip("a menu entry: Newsdesk's navigation is its sections".into());
        }
        "wp_block" => {
            return Plan::Skip(
                "a reusable block: posts that show one keep only their own content".into(),
            );
        }
        "revision" => return Plan::Skip("an old revision of a post".into()),
        t if SITE_MACHINERY.contains(&t) => {
            return Plan::Skip(format!(
                "a {t}: the old site's design or settings, not content"
            ));
        }
        "" => return Plan::Skip("an item without a post type".into()),
        other => {
            return Plan::Skip(format!(
                "a custom post type ({other}) Newsdesk has no place for"
            ));
        }
    }
    let status = match item.status.as_str() {
        // WXR 1.0 files from other tools often leave it out: they are published posts.
        "publish" | "" => Status::Published,
        "draft" => Status::Draft,
        "pending" => Status::InReview,
        "future" => Status::Scheduled,
        "private" => Status::Unpublished,
        "trash" => Status::Trash,
        "auto-draft" => return Plan::Skip("an automatic draft nobody saved".into()),
        "inherit" => return Plan::Skip("an old revision of a post".into()),
        other => return Plan::Skip(format!("a post with the unknown status {other:?}")),
    };
    if item.title.trim().is_empty() && item.content.trim().is_empty() {
        return Plan::Skip("a post with neither title nor text".into());
    }
    if post_type == "page" {
        Plan::Page(status)
    } else {
        Plan::Story(status)
    }
}

fn extension(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default()
}

/// The item's id in its export: `wp:post_id`, else the number in a `?p=N` guid, else the
/// guid or link itself (WXR 1.0 files from other tools have no post ids).
pub fn external_id(item: &Item) -> String {
    if !item.post_id.trim().is_empty() {
        return item.post_id.trim().to_owned();
    }
    if let Some(n) = query_number(&item.guid, "p").or_else(|| query_number(&item.link, "p")) {
        return n;
    }
    for candidate in [&item.guid, &item.link, &item.title] {
        if !candidate.trim().is_empty() {
            return candidate.trim().to_owned();
        }
    }
    String::new()
}

/// `N` in `…?p=N` (or `&p=N`).
fn query_number(url: &str, key: &str) -> Option<String> {
    let (_, query) = url.split_once('?')?;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == key && !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())).then(|| v.to_owned())
    })
}

/// When the post was published (or is to be), as Unix seconds: the GMT date, else the
/// RSS date, else the local date read as UTC.
pub fn date_of(item: &Item) -> Option<i64> {
    let gmt = item.post_date_gmt.trim();
    if !gmt.is_empty()
        && !gmt.starts_with("0000")
        && let Some(at) = wordpress_time(gmt)
    {
        return Some(at);
    }
    if let Ok(at) = jiff::fmt::rfc2822::parse(item.pub_date.trim()) {
        return Some(at.timestamp().as_second());
    }
    wordpress_time(item.post_date.trim())
}

/// `2008-09-05 19:39:12` (UTC) as Unix seconds.
fn wordpress_time(text: &str) -> Option<i64> {
    let civil: jiff::civil::DateTime = text.replacen(' ', "T", 1).parse().ok()?;
    civil
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp().as_second())
}

/// The addresses a reader may have for the item on the old site, as paths with their
/// query (`/2010/07/02/a-post/`, `/?p=36`): its link, its `?p=N` guid, and the link
/// without its last slash.
pub fn old_addresses(item: &Item) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |path: String| {
        if path != "/" && !path.is_empty() && !out.contains(&path) {
            out.push(path);
        }
    };
    if let Some(path) = path_of(&item.link) {
        if path.len() > 1 && path.ends_with('/') && !path.contains('?') {
            add(path.trim_end_matches('/').to_owned());
        }
        add(path);
    }
    for key in ["p", "page_id"] {
        for url in [&item.guid, &item.link] {
            if let Some(n) = query_number(url, key) {
                add(format!("/?{key}={n}"));
            }
        }
    }
    out
}

/// The path and query of an absolute address.
fn path_of(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url.split_once("://").map(|(_, rest)| rest)?;
    let at = rest.find(['/', '?'])?;
    let path = rest[at..].split('#').next().unwrap_or("");
    Some(if path.starts_with('?') {
        format!("/{path}")
    } else {
        path.to_owned()
    })
}

/// A fingerprint of everything an import reads from `item`: the same item imports to the
/// same thing, so a second run leaves it alone.
pub fn checksum(item: &Item) -> String {
    let mut hash = Sha256::new();
    // Bumped when the importer changes what it makes of an item, so a re-run updates.
    hash.update(b"wxr-import-1\0");
    for field in [
        &item.title,
        &item.content,
        &item.excerpt,
        &item.status,
        &item.post_name,
        &item.post_date_gmt,
        &item.post_date,
        &item.pub_date,
        &item.creator,
        &item.post_type,
        &item.attachment_url,
    ] {
        hash.update(field.as_bytes());
        hash.update([0]);
    }
    for term in &item.terms {
        hash.update(format!(
            "{}\u{1}{}\u{1}{}\0",
            term.domain, term.nicename, term.name
        ));
    }
    for (k, v) in &item.postmeta {
        hash.update(format!("{k}\u{1}{v}\0"));
    }
    hex(&hash.finalize())
}

/// A fingerprint of words (an author's, a term's).
pub fn checksum_of(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for p in parts {
        hash.update(p.as_bytes());
        hash.update([0]);
    }
    hex(&hash.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(post_type: &str, status: &str) -> Item {
        Item {
            title: "T".into(),
            post_type: post_type.into(),
            status: status.into(),
            ..Item::default()
        }
    }

    #[test]
    fn statuses_map_to_states() {
        for (status, want) in [
            ("publish", Status::Published),
            ("draft", Status::Draft),
            ("pending", Status::InReview),
            ("future", Status::Scheduled),
            ("private", Status::Unpublished),
            ("trash", Status::Trash),
        ] {
            assert_eq!(plan(&item("post", status)), Plan::Story(want));
        }
        assert_eq!(
            plan(&item("page", "publish")),
            Plan::Page(Status::Published)
        );
        assert!(matches!(plan(&item("post", "auto-draft")), Plan::Skip(_)));
    }

    #[test]
    fn machinery_is_skipped_with_a_reason() {
        for t in [
            "nav_menu_item",
            "wp_block",
            "wp_navigation",
            "wp_template",
            "product",
        ] {
            let Plan::Skip(reason) = plan(&item(t, "publish")) else {
                panic!("{t} was not skipped");
            };
            assert!(!reason.is_empty());
        }
    }

    #[test]
    fn only_picture_attachments_go_to_the_library() {
        let mut a = item("attachment", "inherit");
        a.attachment_url = "https://x.org/wp-content/uploads/2008/06/a.JPG".into();
        assert_eq!(plan(&a), Plan::Picture);
        a.attachment_url = "https://x.org/wp-content/uploads/2008/06/a.mp3".into();
        assert!(matches!(plan(&a), Plan::Skip(r) if r.contains(".mp3")));
    }

    #[test]
    fn ids_dates_and_old_addresses_come_from_what_the_export_has() {
        let mut i = item("post", "publish");
        i.guid = "http://wp-themes.com/?p=19".into();
        i.link = "https://wp-themes.com/2008/10/17/worth-a-thousand-words/".into();
        i.pub_date = "Fri, 05 Sep 2008 19:39:12 +0000".into();
        assert_eq!(external_id(&i), "19");
        assert_eq!(date_of(&i), Some(1_220_643_552));
        i.post_date_gmt = "2008-09-05 19:39:13".into();
        assert_eq!(date_of(&i), Some(1_220_643_553));
        assert_eq!(
            old_addresses(&i),
            [
                "/2008/10/17/worth-a-thousand-words",
                "/2008/10/17/worth-a-thousand-words/",
                "/?p=19"
            ]
        );
        i.link = "https://wp-themes.com/?p=19".into();
        assert_eq!(old_addresses(&i), ["/?p=19"]);
    }

    #[test]
    fn a_changed_item_has_another_checksum() {
        let a = item("post", "publish");
        let mut b = a.clone();
        assert_eq!(checksum(&a), checksum(&b));
        b.content = "new".into();
        assert_ne!(checksum(&a), checksum(&b));
    }
}
