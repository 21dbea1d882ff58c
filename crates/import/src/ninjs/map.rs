//! What a ninjs item becomes, decided from the item alone: its words, bylines, section,
//! topics, state, times and lead picture — or the reason it is skipped. Nothing here
//! touches the newsroom, so each rule is tested on its own.

use super::model::{Concept, Item, Part, Person, Text};
use crate::plan::Status;
use newsdesk_render::escape_html as escape;
use std::cmp::Ordering;

/// What an item is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A story (`text`, or no type at all).
    Text,
    /// A picture or graphic alone: it goes into the media library.
    Picture,
    Skip(String),
}

/// What an item of type `kind` becomes.
pub(crate) fn kind(item: &Item) -> Kind {
    match item.kind.as_str().to_ascii_lowercase().as_str() {
        "" | "text" => Kind::Text,
        "picture" | "graphic" => Kind::Picture,
        "composite" => Kind::Skip(
            "a package (composite): its stories come in as items of their own when the file has them"
                .into(),
        ),
        other => Kind::Skip(format!(
            "a {other} item: stories are text, and the media library takes pictures only"
        )),
    }
}

/// The item's identifier: 2.x/3.x `uri`, else 1.x `guid` (Superdesk's).
pub(crate) fn key(item: &Item) -> &str {
    if item.uri.is_empty() {
        item.guid.as_str()
    } else {
        item.uri.as_str()
    }
}

/// Which version of an item this is: its `version` number, and when it was made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub(crate) version: Option<u64>,
    pub(crate) at: Option<i64>,
}

impl Stamp {
    pub(crate) fn of(item: &Item) -> Stamp {
        Stamp {
            version: item.version.as_str().parse().ok(),
            at: time(item.versioncreated.as_str()).ok().flatten(),
        }
    }

    /// Which of two versions of one item is the newer: by `version` when both have one,
    /// else by `versioncreated`; `Equal` when neither tells.
    pub(crate) fn compare(&self, other: &Stamp) -> Ordering {
        match (self.version, other.version) {
            (Some(a), Some(b)) if a != b => a.cmp(&b),
            _ => match (self.at, other.at) {
                (Some(a), Some(b)) => a.cmp(&b),
                _ => Ordering::Equal,
            },
        }
    }

    /// Written into the import mapping's checksum beside the content's fingerprint, so
    /// that a later run can tell an older version from a newer one.
    pub(crate) fn remembered(&self, fingerprint: &str) -> String {
        let v = self.version.map(|v| v.to_string()).unwrap_or_default();
        let at = self.at.map(|t| t.to_string()).unwrap_or_default();
        format!("ninjs:{v}:{at}:{fingerprint}")
    }

    /// The stamp and fingerprint a checksum written by [`Stamp::remembered`] holds.
    pub(crate) fn recalled(checksum: &str) -> Option<(Stamp, &str)> {
        let mut parts = checksum.strip_prefix("ninjs:")?.splitn(3, ':');
        let version = parts.next()?.parse().ok();
        let at = parts.next()?.parse().ok();
        let fingerprint = parts.next()?;
        Some((Stamp { version, at }, fingerprint))
    }

    /// `version 3` or `the version of 2024-01-01T10:00:00Z`, for the summary.
    pub(crate) fn describe(&self) -> String {
        match (self.version, self.at) {
            (Some(v), _) => format!("version {v}"),
            (None, Some(at)) => format!(
                "the version of {}",
                jiff::Timestamp::from_second(at).map_or_else(|_| at.to_string(), |t| t.to_string())
            ),
            (None, None) => "an unnumbered version".to_owned(),
        }
    }
}

/// A ninjs date and time as Unix seconds; `Ok(None)` when there is none. RFC 3339
/// (`2024-05-01T10:00:00Z`, `+02:00`), also with the offset written without its colon as
/// Superdesk does (`+0000`), and without an offset (read as UTC).
pub(crate) fn time(text: &str) -> Result<Option<i64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Ok(Some(t.as_second()));
    }
    // `+0000` → `+00:00`.
    let bytes = text.as_bytes();
    if bytes.len() > 5 {
        let (head, tail) = text.split_at(text.len() - 5);
        let sign = tail.as_bytes()[0];
        if (sign == b'+' || sign == b'-') && tail[1..].bytes().all(|b| b.is_ascii_digit()) {
            let fixed = format!("{head}{}:{}", &tail[..3], &tail[3..]);
            if let Ok(t) = fixed.parse::<jiff::Timestamp>() {
                return Ok(Some(t.as_second()));
            }
        }
    }
    if let Ok(civil) = text.parse::<jiff::civil::DateTime>()
        && let Ok(zoned) = civil.to_zoned(jiff::tz::TimeZone::UTC)
    {
        return Ok(Some(zoned.timestamp().as_second()));
    }
    Err(format!("“{text}” is not a date and time"))
}

/// The story's state, from `pubstatus`: usable → published, withheld → unpublished,
/// canceled → the trash (out of every public place, restorable for 30 days).
pub(crate) fn status(item: &Item) -> Result<Status, String> {
    match item.pubstatus.as_str().to_ascii_lowercase().as_str() {
        "" | "usable" => Ok(Status::Published),
        "withheld" => Ok(Status::Unpublished),
        "canceled" | "cancelled" => Ok(Status::Trash),
        other => Err(format!("the unknown pubstatus “{other}”")),
    }
}

/// The text of 1.x's `{prefix}*` property whose kind comes first in `preferred`, else of
/// the first one that `also` accepts.
fn patterned<'i>(
    item: &'i Item,
    prefix: &str,
    preferred: &[&str],
    also: impl Fn(&str, &str) -> bool,
) -> Option<&'i str> {
    let texts = item.texts(prefix);
    preferred
        .iter()
        .find_map(|want| texts.iter().find(|(kind, _)| kind == want))
        .or_else(|| texts.iter().find(|(kind, text)| also(kind, text)))
        .map(|(_, text)| *text)
}

/// The headline: 1.x `headline` (or `headline_main`, or another `headline_*`), else the
/// 2.x/3.x headline whose role is `main`, else the first.
pub(crate) fn headline(item: &Item) -> String {
    if !item.headline.is_empty() {
        return words_of(item.headline.as_str());
    }
    if let Some(text) = patterned(item, "headline_", &["main"], |_, _| true) {
        return words_of(text);
    }
    let main = item
        .headlines
        .iter()
        .find(|h| h.role.as_str().eq_ignore_ascii_case("main") && !h.value.is_empty())
        .or_else(|| item.headlines.iter().find(|h| !h.value.is_empty()));
    main.map(|h| words_of(h.value.as_str())).unwrap_or_default()
}

/// Description roles that are not the story's summary.
const NOT_SUMMARY: &[&str] = &["alt", "alttext", "alternative", "ednote", "caption"];

/// The standfirst: 1.x `description_text` (or `_html`, `_summary`, `_main`, then any
/// other but `_usage`), else the 2.x/3.x description that is not a picture's
/// alternative text or caption.
pub(crate) fn standfirst(item: &Item) -> String {
    let preferred = ["text", "html", "summary", "main", "abstract"];
    if let Some(text) = patterned(item, "description_", &preferred, |kind, _| {
        !kind.contains("usage") && !kind.contains("ednote")
    }) {
        return words_of(text);
    }
    item.descriptions
        .iter()
        .find(|d| {
            let role = d.role.as_str().to_ascii_lowercase();
            !d.value.is_empty() && !NOT_SUMMARY.contains(&role.as_str())
        })
        .map(|d| words_of(d.value.as_str()))
        .unwrap_or_default()
}

/// A picture's caption: its `caption` description, else its summary, else its headline.
pub(crate) fn caption(item: &Item) -> String {
    let role = |r: &str| {
        item.descriptions
            .iter()
            .find(|d| d.role.as_str().eq_ignore_ascii_case(r) && !d.value.is_empty())
            .map(|d| words_of(d.value.as_str()))
    };
    role("caption")
        .or_else(|| Some(standfirst(item)).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| headline(item))
}

/// A picture's alternative text: Superdesk's `alt_text`, else an `alt` description.
pub(crate) fn alt(item: &Item) -> String {
    if !item.alt_text.is_empty() {
        return words_of(item.alt_text.as_str());
    }
    item.descriptions
        .iter()
        .find(|d| {
            let role = d.role.as_str().to_ascii_lowercase();
            matches!(role.as_str(), "alt" | "alttext" | "alternative")
        })
        .map(|d| words_of(d.value.as_str()))
        .unwrap_or_default()
}

/// The byline as one line: 2.x/3.x `by`, else 1.x `byline`.
pub(crate) fn by(item: &Item) -> String {
    let text = if item.by.is_empty() {
        &item.byline
    } else {
        &item.by
    };
    words_of(text.as_str())
}

/// The story's body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Body {
    Html(String),
    Text(String),
    None,
}

/// The body: 1.x `body_html` (or `body_xhtml`, `body_richtext`, or another `body_*`
/// holding markup), else `body_text` (or `body_main`, or another); in 2.x/3.x the first
/// HTML body of `bodies`, else the first plain one (a body without a media type is HTML
/// when it starts with a tag).
pub(crate) fn body(item: &Item) -> Body {
    let markup = |kind: &str, _: &str| kind.contains("html") || kind.contains("rich");
    let html = patterned(item, "body_", &["html", "xhtml", "richtext"], markup);
    if let Some(html) = html {
        return Body::Html(html.to_owned());
    }
    let plain = |_: &str, text: &str| !text.starts_with('<');
    if let Some(text) = patterned(item, "body_", &["text", "main"], plain) {
        return Body::Text(text.to_owned());
    }
    // Markup of another name (`body_nitf`): its text survives the sanitizer.
    if let Some(other) = patterned(item, "body_", &[], |_, _| true) {
        return Body::Html(other.to_owned());
    }
    let is_html = |p: &Part| {
        let t = p.contenttype.as_str().to_ascii_lowercase();
        t.starts_with("text/html")
            || t.starts_with("application/xhtml")
            || (t.is_empty() && p.value.as_str().starts_with('<'))
    };
    let with_text = item.bodies.iter().filter(|b| !b.value.is_empty());
    if let Some(b) = with_text.clone().find(|b| is_html(b)) {
        return Body::Html(b.value.0.clone());
    }
    let is_plain = |p: &Part| {
        let t = p.contenttype.as_str().to_ascii_lowercase();
        t.is_empty() || t.starts_with("text/plain")
    };
    match with_text.clone().find(|b| is_plain(b)) {
        Some(b) => Body::Text(b.value.0.clone()),
        None => Body::None,
    }
}

/// The HTML of `body`, before the sanitizer: a whole document's `<head>` goes (its
/// `<title>` is no part of the story) and its `<body>` stays; plain text becomes
/// paragraphs — at blank lines when it has them (single line breaks then stay as `<br>`),
/// else at each line, as agencies' plain bodies are written.
pub(crate) fn body_html(body: &Body) -> String {
    match body {
        Body::Html(html) => {
            static HEAD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
                regex::Regex::new(r"(?is)<head[\s>].*?</head\s*>").expect("valid")
            });
            static BODY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
                regex::Regex::new(r"(?is)<body[^>]*>(.*)</body\s*>").expect("valid")
            });
            let html = HEAD.replace_all(html, "");
            match BODY.captures(&html) {
                Some(c) => c[1].to_owned(),
                None => html.into_owned(),
            }
        }
        Body::Text(text) => {
            static BLANK_LINE: std::sync::LazyLock<regex::Regex> =
                std::sync::LazyLock::new(|| regex::Regex::new(r"\n[ \t]*\n").expect("valid"));
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            let text = text.trim();
            let paragraphs: Vec<String> = if BLANK_LINE.is_match(text) {
                BLANK_LINE
                    .split(text)
                    .map(|p| {
                        p.trim()
                            .lines()
                            .map(escape)
                            .collect::<Vec<_>>()
                            .join("<br>\n")
                    })
                    .collect()
            } else {
                text.lines().map(|l| escape(l.trim())).collect()
            };
            paragraphs
                .iter()
                .filter(|p| !p.trim().is_empty())
                .map(|p| format!("<p>{p}</p>\n"))
                .collect()
        }
        Body::None => String::new(),
    }
}

/// One byline: the key it is remembered by in the import mapping, a name and a bio.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Byline {
    pub(crate) key: String,
    pub(crate) name: String,
    pub(crate) bio: String,
}

/// Superdesk author roles that are not the story's writers.
const NOT_WRITERS: &[&str] = &["editor", "subeditor", "sub-editor", "photographer"];
/// `people` relations that make the person a byline.
const AUTHORSHIP: &[&str] = &["author", "creator", "writer", "byline", "by"];

/// The bylines: Superdesk's `authors` (but its editors and photographers), else the
/// `people` related as `author` (2.x has no other place for a profile), else `by`/`byline`
/// split at " and ", " & " and ";" — commas stay, as in "Jane Doe, Reuters".
pub(crate) fn bylines(item: &Item) -> Vec<Byline> {
    let profile = |p: &Person| {
        let name = words_of(p.name.as_str());
        let key = if !p.uri.is_empty() {
            format!("uri:{}", p.uri.as_str())
        } else if !p.code.is_empty() {
            format!("code:{}", p.code.as_str())
        } else {
            format!("name:{}", name.to_lowercase())
        };
        Byline {
            key,
            name,
            bio: words_of(p.biography.as_str()),
        }
    };
    let writers: Vec<Byline> = item
        .authors
        .iter()
        .filter(|a| !NOT_WRITERS.contains(&a.role.as_str().to_ascii_lowercase().as_str()))
        .map(profile)
        .filter(|b| !b.name.is_empty())
        .collect();
    if !writers.is_empty() {
        return dedup(writers);
    }
    let related: Vec<Byline> = item
        .people
        .iter()
        .filter(|p| AUTHORSHIP.contains(&p.rel.as_str().to_ascii_lowercase().as_str()))
        .map(profile)
        .filter(|b| !b.name.is_empty())
        .collect();
    if !related.is_empty() {
        return dedup(related);
    }
    let line = by(item);
    let line = ["By ", "by ", "BY "]
        .iter()
        .find_map(|p| line.strip_prefix(p))
        .unwrap_or(&line);
    let names = line
        .split(" and ")
        .flat_map(|p| p.split(" & "))
        .flat_map(|p| p.split(';'))
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|name| Byline {
            key: format!("name:{}", name.to_lowercase()),
            name: name.to_owned(),
            bio: String::new(),
        })
        .collect();
    dedup(names)
}

fn dedup(list: Vec<Byline>) -> Vec<Byline> {
    let mut seen = std::collections::HashSet::new();
    list.into_iter()
        .filter(|b| seen.insert(b.key.clone()))
        .collect()
}

/// Subject relations and schemes that name the desk an item was filed by, not a topic.
const FILING: &[&str] = &["section", "category", "categories", "service", "desk"];

fn is_filing(c: &Concept) -> bool {
    let rel = c.rel.as_str().to_ascii_lowercase();
    let scheme = c.scheme.as_str().to_ascii_lowercase();
    FILING.contains(&rel.as_str()) || FILING.contains(&scheme.as_str())
}

fn concept_name(c: &Concept) -> String {
    words_of(c.name.as_str())
}

/// The name of the section the story is filed in: Superdesk's first `service`, else the
/// first subject related as its section or category (the shape Newsdesk's own ninjs
/// writes); `None` for the import's default section.
pub(crate) fn section(item: &Item) -> Option<String> {
    item.service
        .iter()
        .chain(item.subject.iter().filter(|s| is_filing(s)))
        .map(concept_name)
        .find(|n| !n.is_empty())
}

/// The topics: every named subject (but the section's) and every named place, once each.
/// Subjects known only by a code (`01000000`) have no name to show, and are left out;
/// genres (the form: "Article (news)") are no topics.
pub(crate) fn topics(item: &Item) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    item.subject
        .iter()
        .filter(|s| !is_filing(s))
        .chain(item.place.iter())
        .map(concept_name)
        .filter(|n| n.chars().any(char::is_alphanumeric))
        .filter(|n| seen.insert(n.to_lowercase()))
        .collect()
}

/// Association names of a lead picture: ninjs's examples, Superdesk's, and others seen.
const LEAD_NAMES: &[&str] = &[
    "featureimage",
    "featuremedia",
    "featuredimage",
    "featured",
    "leadimage",
    "leadpicture",
    "mainimage",
];

/// The lead picture: the association named as one, else the first picture (or graphic)
/// among them; one of another type (a video) is none.
pub(crate) fn lead(item: &Item) -> Option<&Item> {
    let is_picture = |a: &Item| {
        let t = a.kind.as_str().to_ascii_lowercase();
        t.is_empty() || t == "picture" || t == "graphic"
    };
    item.associations
        .iter()
        .find(|a| {
            let name = a.name.as_str().to_ascii_lowercase().replace(['_', '-'], "");
            LEAD_NAMES.contains(&name.as_str())
        })
        .filter(|a| is_picture(a))
        .or_else(|| {
            item.associations.iter().find(|a| {
                matches!(
                    a.kind.as_str().to_ascii_lowercase().as_str(),
                    "picture" | "graphic"
                )
            })
        })
}

/// When the story was first published: Superdesk's `firstpublished`, else
/// `firstcreated`, else `versioncreated`; never later than `now`.
pub(crate) fn published(item: &Item, now: i64) -> Result<Option<i64>, String> {
    for (field, text) in [
        ("firstpublished", &item.firstpublished),
        ("firstcreated", &item.firstcreated),
        ("versioncreated", &item.versioncreated),
    ] {
        if let Some(at) = time(text.as_str()).map_err(|e| format!("{field}: {e}"))? {
            return Ok(Some(at.min(now)));
        }
    }
    Ok(None)
}

/// The embargo, when one is still to lift at `now`.
pub(crate) fn embargo(item: &Item, now: i64) -> Result<Option<i64>, String> {
    let at = time(item.embargoed.as_str()).map_err(|e| format!("embargoed: {e}"))?;
    Ok(at.filter(|t| *t > now))
}

/// `text “Headline” (ninjs uri)` for the summary.
pub(crate) fn describe(item: &Item) -> String {
    let kind = if item.kind.is_empty() {
        "text"
    } else {
        item.kind.as_str()
    };
    let title = headline(item);
    let title = if title.is_empty() {
        caption(item)
    } else {
        title
    };
    let title = if title.is_empty() {
        "(no headline)".to_owned()
    } else {
        title
    };
    let key = key(item);
    let key = if key.is_empty() { "no uri" } else { key };
    format!("{kind} “{title}” ({key})")
}

/// The text of `t`, for fields read as plain words.
pub(crate) fn words(t: &Text) -> String {
    words_of(t.as_str())
}

/// Text that may carry markup (headlines, descriptions, captions, names) as plain words:
/// cleaned by the one sanitizer first, so a script's text goes with the script.
fn words_of(text: &str) -> String {
    if !text.contains(['<', '&']) {
        return text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    crate::write::plain_text(&newsdesk_render::markdown::clean_html(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(v: serde_json::Value) -> Item {
        serde_json::from_value(v).unwrap_or_default()
    }

    #[test]
    fn times_are_read_in_every_spelling_producers_use() {
        assert_eq!(time("2013-07-09T10:37:00Z"), Ok(Some(1_373_366_220)));
        assert_eq!(time("2013-07-09T12:37:00+02:00"), Ok(Some(1_373_366_220)));
        assert_eq!(time("2013-07-09T10:37:00+0000"), Ok(Some(1_373_366_220)));
        assert_eq!(time("2013-07-09T10:37:00.250Z"), Ok(Some(1_373_366_220)));
        assert_eq!(time("2013-07-09T10:37:00"), Ok(Some(1_373_366_220)));
        assert_eq!(time(""), Ok(None));
        assert!(time("yesterday").is_err());
    }

    #[test]
    fn pubstatus_maps_to_states() {
        for (s, want) in [
            ("", Status::Published),
            ("usable", Status::Published),
            ("withheld", Status::Unpublished),
            ("canceled", Status::Trash),
        ] {
            assert_eq!(status(&item(json!({ "pubstatus": s }))), Ok(want), "{s}");
        }
        assert!(status(&item(json!({"pubstatus": "maybe"}))).is_err());
    }

    #[test]
    fn a_newer_version_is_told_by_number_then_by_time() {
        let a = Stamp {
            version: Some(2),
            at: Some(10),
        };
        let b = Stamp {
            version: Some(3),
            at: Some(5),
        };
        assert_eq!(a.compare(&b), Ordering::Less);
        let c = Stamp {
            version: None,
            at: Some(20),
        };
        assert_eq!(c.compare(&a), Ordering::Greater);
        assert_eq!(Stamp::default().compare(&a), Ordering::Equal);
        let kept = a.remembered("abc");
        assert_eq!(Stamp::recalled(&kept), Some((a, "abc")));
        assert_eq!(Stamp::recalled("deadbeef"), None);
    }

    #[test]
    fn bylines_come_from_profiles_then_people_then_the_by_line() {
        let superdesk = item(json!({
            "byline": "ignored",
            "authors": [
                {"name": "John", "role": "writer", "code": "u1", "biography": "bio"},
                {"name": "Ed", "role": "editor"},
            ],
        }));
        let b = bylines(&superdesk);
        assert_eq!(b.len(), 1);
        assert_eq!(
            (b[0].name.as_str(), b[0].key.as_str(), b[0].bio.as_str()),
            ("John", "code:u1", "bio")
        );
        let people = item(json!({
            "by": "x",
            "people": [{"name": "About Him", "rel": "about"}, {"name": "Ann", "rel": "author", "uri": "https://s/author/ann"}],
        }));
        assert_eq!(bylines(&people)[0].name, "Ann");
        assert_eq!(bylines(&people).len(), 1);
        let line = item(json!({"by": "By Paulo Santalucia and Frances d'Emilio"}));
        let names: Vec<String> = bylines(&line).into_iter().map(|b| b.name).collect();
        assert_eq!(names, ["Paulo Santalucia", "Frances d'Emilio"]);
        let comma = item(json!({"byline": "Aaron J. Staples, Michigan State University"}));
        assert_eq!(bylines(&comma).len(), 1);
    }

    #[test]
    fn sections_and_topics_come_from_services_subjects_and_places() {
        let one = item(json!({
            "service": [{"name": "International News", "code": "i"}],
            "subject": [{"name": "arts, culture and entertainment", "code": "01000000"}, {"code": "02000000"}],
            "place": [{"name": "NSW"}],
        }));
        assert_eq!(section(&one).as_deref(), Some("International News"));
        assert_eq!(topics(&one), ["arts, culture and entertainment", "NSW"]);
        let two = item(json!({
            "subjects": [{"name": "World", "rel": "section"}, {"name": "Iraq"}, {"name": "iraq"}],
        }));
        assert_eq!(section(&two).as_deref(), Some("World"));
        assert_eq!(topics(&two), ["Iraq"]);
        assert_eq!(section(&item(json!({}))), None);
    }

    #[test]
    fn the_html_body_is_preferred_and_plain_text_becomes_paragraphs() {
        let two = item(json!({"bodies": [
            {"contenttype": "text/plain", "value": "plain"},
            {"contenttype": "text/html", "value": "<html><head><title>T</title></head><body><p>rich</p></body></html>"},
        ]}));
        let html = body_html(&body(&two));
        assert_eq!(html, "<p>rich</p>");
        let lines = body_html(&Body::Text("One <b>\nTwo & three\n".into()));
        assert_eq!(lines, "<p>One &lt;b&gt;</p>\n<p>Two &amp; three</p>\n");
        let blank = body_html(&Body::Text("One\nstill one\n\nTwo".into()));
        assert_eq!(blank, "<p>One<br>\nstill one</p>\n<p>Two</p>\n");
        assert_eq!(body(&item(json!({}))), Body::None);
        let one = item(
            json!({"body_main": "plain", "body_richtext": "<p>rich</p>", "headline_main": "H", "description_usage": "no", "description_text": "S"}),
        );
        assert_eq!(body(&one), Body::Html("<p>rich</p>".into()));
        assert_eq!(headline(&one), "H");
        assert_eq!(standfirst(&one), "S");
        let plain = item(json!({"body_text": "a", "body_nitf": "<nitf/>"}));
        assert_eq!(body(&plain), Body::Text("a".into()));
        let nitf = item(json!({"body_nitf": "<nitf/>"}));
        assert_eq!(body(&nitf), Body::Html("<nitf/>".into()));
    }

    #[test]
    fn the_lead_picture_is_the_named_association_or_the_first_picture() {
        let named = item(json!({"associations": {
            "other": {"type": "picture", "headline": "other"},
            "featuremedia": {"type": "picture", "headline": "lead"},
        }}));
        assert_eq!(lead(&named).map(headline).as_deref(), Some("lead"));
        let video = item(json!({"associations": [{"name": "featuremedia", "type": "video"}]}));
        assert!(lead(&video).is_none());
        let any = item(
            json!({"associations": [{"name": "a", "type": "text"}, {"name": "b", "type": "picture", "headline": "b"}]}),
        );
        assert_eq!(lead(&any).map(headline).as_deref(), Some("b"));
    }
}
