//! A Ghost export, read whole before anything is written: `{"db":[{"meta":…,"data":…}]}`
//! as Ghost writes it, or a bare `{"meta":…,"data":…}` as migration tools do. `data` holds
//! Ghost's tables as arrays of rows: `posts`, `tags`, `users`, and the rows that join
//! them (`posts_tags`, `posts_authors` with their `sort_order`), `posts_meta` (Ghost 3
//! and later keep SEO words and the feature image's alt text and caption there; older
//! exports have them on the post), `roles` and `roles_users`.
//!
//! Exports from Ghost 1.x to 6.x differ in which fields they have, and old ones write
//! numbers where new ones write strings: every field is optional and read leniently. Only
//! a file that is not JSON, or whose shape is not an export's, stops the import.

use crate::run::ImportError;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// The export, with each post's tags and authors in their order.
#[derive(Clone, Debug, Default)]
pub struct Export {
    /// The Ghost version that wrote it (`5.82.0`), when it says.
    pub version: String,
    /// The import mapping's name for the site: its address when the export has one,
    /// else the file's name without Ghost's date stamp.
    pub source: String,
    pub posts: Vec<Post>,
    pub tags: Vec<Tag>,
    pub users: Vec<User>,
    /// The site owner's user id: Ghost's byline for a post whose authors are gone.
    pub owner: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Post {
    #[serde(deserialize_with = "text")]
    pub id: String,
    #[serde(deserialize_with = "text")]
    pub title: String,
    #[serde(deserialize_with = "text")]
    pub slug: String,
    #[serde(deserialize_with = "text")]
    pub lexical: String,
    #[serde(deserialize_with = "text")]
    pub mobiledoc: String,
    #[serde(deserialize_with = "text")]
    pub html: String,
    #[serde(deserialize_with = "text")]
    pub feature_image: String,
    /// `post` or `page`; Ghost before 3.0 said `page: true` instead.
    #[serde(rename = "type", deserialize_with = "text")]
    pub kind: String,
    #[serde(deserialize_with = "flag")]
    pub page: bool,
    /// `published`, `draft`, `scheduled` or `sent` (a newsletter, Ghost 5).
    #[serde(deserialize_with = "text")]
    pub status: String,
    /// `public`, `members`, `paid` or `tiers`.
    #[serde(deserialize_with = "text")]
    pub visibility: String,
    /// When it was published, or is to be (a scheduled post's time).
    #[serde(deserialize_with = "time")]
    pub published_at: Option<i64>,
    #[serde(deserialize_with = "text")]
    pub custom_excerpt: String,
    /// The primary author before Ghost 1.22 had `posts_authors`.
    #[serde(deserialize_with = "text")]
    pub author_id: String,
    // On the post before Ghost 3.0; in `posts_meta` since.
    #[serde(deserialize_with = "text")]
    pub meta_title: String,
    #[serde(deserialize_with = "text")]
    pub meta_description: String,
    #[serde(deserialize_with = "text")]
    pub og_title: String,
    #[serde(deserialize_with = "text")]
    pub og_description: String,
    #[serde(deserialize_with = "text")]
    pub feature_image_alt: String,
    #[serde(deserialize_with = "text")]
    pub feature_image_caption: String,
    /// Tag ids, the primary tag first (filled from `posts_tags`).
    #[serde(skip)]
    pub tag_ids: Vec<String>,
    /// User ids in byline order (filled from `posts_authors`).
    #[serde(skip)]
    pub author_ids: Vec<String>,
}

impl Post {
    /// `post` or `page`, whichever way the export says it.
    pub fn kind(&self) -> &str {
        match self.kind.trim() {
            "" if self.page => "page",
            "" => "post",
            kind => kind,
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Tag {
    #[serde(deserialize_with = "text")]
    pub id: String,
    #[serde(deserialize_with = "text")]
    pub name: String,
    #[serde(deserialize_with = "text")]
    pub slug: String,
    #[serde(deserialize_with = "text")]
    pub description: String,
    /// `public`, or `internal` for Ghost's `#hash` tags.
    #[serde(deserialize_with = "text")]
    pub visibility: String,
}

impl Tag {
    /// Ghost's internal tags (`#podcast`) sort posts for themes and never show.
    pub fn is_internal(&self) -> bool {
        self.name.trim_start().starts_with('#') || self.visibility == "internal"
    }
}

/// A staff user: the byline and profile. Their email and password are not read.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct User {
    #[serde(deserialize_with = "text")]
    pub id: String,
    #[serde(deserialize_with = "text")]
    pub name: String,
    #[serde(deserialize_with = "text")]
    pub slug: String,
    #[serde(deserialize_with = "text")]
    pub bio: String,
    #[serde(deserialize_with = "text")]
    pub profile_image: String,
    #[serde(deserialize_with = "text")]
    pub website: String,
    /// Social profiles as Ghost keeps them: a handle or a path on that service.
    #[serde(deserialize_with = "text")]
    pub twitter: String,
    #[serde(deserialize_with = "text")]
    pub facebook: String,
    #[serde(deserialize_with = "text")]
    pub threads: String,
    #[serde(deserialize_with = "text")]
    pub bluesky: String,
    #[serde(deserialize_with = "text")]
    pub mastodon: String,
    #[serde(deserialize_with = "text")]
    pub tiktok: String,
    #[serde(deserialize_with = "text")]
    pub youtube: String,
    #[serde(deserialize_with = "text")]
    pub instagram: String,
    #[serde(deserialize_with = "text")]
    pub linkedin: String,
}

impl User {
    /// The profile's links, each a web address: the website, then the social profiles.
    pub fn links(&self) -> Vec<String> {
        // Each service's address, and whether Ghost's `@` before a handle goes.
        let services: [(&str, &str, bool); 9] = [
            (&self.twitter, "https://x.com/", true),
            (&self.facebook, "https://www.facebook.com/", false),
            (&self.instagram, "https://www.instagram.com/", false),
            (&self.linkedin, "https://www.linkedin.com/in/", false),
            (&self.youtube, "https://www.youtube.com/", false),
            (&self.tiktok, "https://www.tiktok.com/@", true),
            (&self.threads, "https://www.threads.net/@", true),
            (&self.bluesky, "https://bsky.app/profile/", true),
            (&self.mastodon, "https://", false),
        ];
        let mut out = Vec::new();
        let mut add = |link: String| {
            if newsdesk_core::is_web_address(&link) && !out.contains(&link) {
                out.push(link);
            }
        };
        add(self.website.trim().to_owned());
        for (handle, base, no_at) in services {
            let handle = handle.trim();
            if handle.is_empty() {
                continue;
            }
            if handle.starts_with("https://") || handle.starts_with("http://") {
                add(handle.to_owned());
                continue;
            }
            let handle = handle.trim_start_matches('/');
            let handle = if no_at {
                handle.trim_start_matches('@')
            } else {
                handle
            };
            add(format!("{base}{handle}"));
        }
        out
    }
}

/// A row of `posts_tags` or `posts_authors`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct Join {
    #[serde(deserialize_with = "text")]
    post_id: String,
    #[serde(deserialize_with = "text")]
    tag_id: String,
    #[serde(deserialize_with = "text")]
    author_id: String,
    #[serde(deserialize_with = "number")]
    sort_order: i64,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct PostMeta {
    #[serde(deserialize_with = "text")]
    post_id: String,
    #[serde(deserialize_with = "text")]
    meta_title: String,
    #[serde(deserialize_with = "text")]
    meta_description: String,
    #[serde(deserialize_with = "text")]
    og_title: String,
    #[serde(deserialize_with = "text")]
    og_description: String,
    #[serde(deserialize_with = "text")]
    feature_image_alt: String,
    #[serde(deserialize_with = "text")]
    feature_image_caption: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct Role {
    #[serde(deserialize_with = "text")]
    id: String,
    #[serde(deserialize_with = "text")]
    name: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct RoleOfUser {
    #[serde(deserialize_with = "text")]
    role_id: String,
    #[serde(deserialize_with = "text")]
    user_id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Meta {
    #[serde(deserialize_with = "text")]
    version: String,
    /// Not in Ghost's own exports; some migration tools write the site's address here.
    #[serde(deserialize_with = "text")]
    url: String,
    #[serde(deserialize_with = "text")]
    site_url: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Data {
    #[serde(deserialize_with = "rows")]
    posts: Vec<Post>,
    #[serde(deserialize_with = "rows")]
    tags: Vec<Tag>,
    #[serde(deserialize_with = "rows")]
    users: Vec<User>,
    #[serde(deserialize_with = "rows")]
    posts_tags: Vec<Join>,
    #[serde(deserialize_with = "rows")]
    posts_authors: Vec<Join>,
    #[serde(deserialize_with = "rows")]
    posts_meta: Vec<PostMeta>,
    #[serde(deserialize_with = "rows")]
    roles: Vec<Role>,
    #[serde(deserialize_with = "rows")]
    roles_users: Vec<RoleOfUser>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Database {
    meta: Option<Meta>,
    data: Option<Data>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Root {
    db: Option<Vec<Database>>,
    meta: Option<Meta>,
    data: Option<Data>,
}

/// Reads the whole export at `path`; writes nothing. Broken JSON is refused with its
/// line and column.
pub fn read(path: &Path) -> Result<Export, ImportError> {
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|e| ImportError::Unreadable {
        path: shown.clone(),
        reason: e.to_string(),
    })?;
    let root: Root = serde_json::from_reader(BufReader::with_capacity(256 * 1024, file))
        .map_err(|e| json_error(&shown, &e))?;
    let name = path
        .file_name()
        .map_or_else(|| "ghost".to_owned(), |n| n.to_string_lossy().into_owned());
    from_root(root, &name).map_err(|reason| ImportError::NotAnExport {
        path: shown,
        expected: "a Ghost export",
        reason,
    })
}

/// Reads an export from text (tests, and exports that are not files).
pub fn parse(json: &str, file_name: &str) -> Result<Export, ImportError> {
    let root: Root = serde_json::from_str(json).map_err(|e| json_error(file_name, &e))?;
    from_root(root, file_name).map_err(|reason| ImportError::NotAnExport {
        path: file_name.to_owned(),
        expected: "a Ghost export",
        reason,
    })
}

fn json_error(path: &str, e: &serde_json::Error) -> ImportError {
    if e.is_io() {
        return ImportError::Unreadable {
            path: path.to_owned(),
            reason: e.to_string(),
        };
    }
    // serde_json ends its message with the place, which the error says on its own.
    let message = e.to_string();
    let message = match message.rsplit_once(" at line ") {
        Some((said, _)) => said.to_owned(),
        None => message,
    };
    ImportError::Json {
        path: path.to_owned(),
        line: e.line() as u64,
        column: e.column() as u64,
        message,
    }
}

fn from_root(root: Root, file_name: &str) -> Result<Export, String> {
    let (meta, data) = match (root.db, root.data) {
        (Some(db), _) => {
            let first = db
                .into_iter()
                .next()
                .ok_or("its “db” list is empty".to_owned())?;
            (first.meta, first.data)
        }
        (None, Some(data)) => (root.meta, Some(data)),
        (None, None) => {
            return Err("it has neither “db” nor “data”, and every Ghost export has one".into());
        }
    };
    let data = data.ok_or("it has no “data”".to_owned())?;
    let meta = meta.unwrap_or_default();
    let site = [meta.url.trim(), meta.site_url.trim()]
        .into_iter()
        .find(|u| u.starts_with("http://") || u.starts_with("https://"))
        .map(|u| u.trim_end_matches('/').to_owned());
    let source = site.unwrap_or_else(|| without_date_stamp(file_name));
    Ok(Export {
        version: meta.version,
        source,
        owner: owner(&data),
        posts: joined(
            data.posts,
            &data.posts_tags,
            &data.posts_authors,
            data.posts_meta,
        ),
        tags: data.tags,
        users: data.users,
    })
}

/// `my-site.ghost.2024-05-01-10-22-31.json` → `my-site.ghost.json`: the next export of
/// the same site has another date, and must update this import rather than repeat it.
fn without_date_stamp(name: &str) -> String {
    static STAMP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\.\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}(\.json)$").expect("valid")
    });
    STAMP.replace(name, "$1").into_owned()
}

fn owner(data: &Data) -> Option<String> {
    let role = data.roles.iter().find(|r| r.name == "Owner")?;
    data.roles_users
        .iter()
        .find(|ru| ru.role_id == role.id)
        .map(|ru| ru.user_id.clone())
}

/// Each post with its tags and authors in `sort_order` (the file's order breaking ties),
/// and its `posts_meta` words over any older ones on the post itself.
fn joined(
    mut posts: Vec<Post>,
    posts_tags: &[Join],
    posts_authors: &[Join],
    posts_meta: Vec<PostMeta>,
) -> Vec<Post> {
    let ordered = |rows: &[Join], pick: fn(&Join) -> &str| {
        let mut by_post: HashMap<&str, Vec<(i64, usize, &str)>> = HashMap::new();
        for (n, row) in rows.iter().enumerate() {
            let id = pick(row);
            if !id.is_empty() {
                by_post
                    .entry(row.post_id.as_str())
                    .or_default()
                    .push((row.sort_order, n, id));
            }
        }
        by_post
            .into_iter()
            .map(|(post, mut ids)| {
                ids.sort();
                let mut out: Vec<String> = Vec::new();
                for (_, _, id) in ids {
                    if !out.iter().any(|o| o == id) {
                        out.push(id.to_owned());
                    }
                }
                (post.to_owned(), out)
            })
            .collect::<HashMap<String, Vec<String>>>()
    };
    let mut tags = ordered(posts_tags, |j| &j.tag_id);
    let mut authors = ordered(posts_authors, |j| &j.author_id);
    let mut meta: HashMap<String, PostMeta> = posts_meta
        .into_iter()
        .map(|m| (m.post_id.clone(), m))
        .collect();
    for post in &mut posts {
        post.tag_ids = tags.remove(&post.id).unwrap_or_default();
        post.author_ids = authors.remove(&post.id).unwrap_or_default();
        if post.author_ids.is_empty() && !post.author_id.is_empty() {
            post.author_ids.push(post.author_id.clone());
        }
        if let Some(m) = meta.remove(&post.id) {
            let over = |mine: &mut String, theirs: String| {
                if !theirs.trim().is_empty() {
                    *mine = theirs;
                }
            };
            over(&mut post.meta_title, m.meta_title);
            over(&mut post.meta_description, m.meta_description);
            over(&mut post.og_title, m.og_title);
            over(&mut post.og_description, m.og_description);
            over(&mut post.feature_image_alt, m.feature_image_alt);
            over(&mut post.feature_image_caption, m.feature_image_caption);
        }
    }
    posts
}

/// A string field that old exports may write as a number, a boolean or `null`.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s,
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    })
}

/// `true`, `1` or `"true"`.
fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => b,
        Value::Number(n) => n.as_i64().is_some_and(|n| n != 0),
        Value::String(s) => matches!(s.trim(), "true" | "1"),
        _ => false,
    })
}

fn number<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_i64().unwrap_or(0),
        Value::String(s) => s.trim().parse().unwrap_or(0),
        _ => 0,
    })
}

/// A table: an array of rows, or `null`.
fn rows<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// A time as Unix seconds: `2024-05-01T10:22:31.000Z` (Ghost 2 and later), with an
/// offset, `2024-05-01 10:22:31` (UTC), or milliseconds since 1970 (Ghost 0.x and 1.x).
fn time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => parse_time(&s),
        Value::Number(n) => n.as_i64().map(|ms| ms.div_euclid(1000)),
        _ => None,
    })
}

pub(crate) fn parse_time(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(at) = text.parse::<jiff::Timestamp>() {
        return Some(at.as_second());
    }
    let civil: jiff::civil::DateTime = text.replacen(' ', "T", 1).parse().ok()?;
    civil
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp().as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_shapes_of_export_are_read() {
        let wrapped = r#"{"db":[{"meta":{"version":"5.82.0"},"data":{"posts":[{"id":"a","title":"T","type":"post"}]}}]}"#;
        let bare =
            r#"{"meta":{"version":"2.31.0"},"data":{"posts":[{"id":1,"title":"T","page":false}]}}"#;
        let a = parse(wrapped, "site.ghost.2024-05-01-10-22-31.json").unwrap();
        assert_eq!(a.version, "5.82.0");
        assert_eq!(a.source, "site.ghost.json");
        assert_eq!(a.posts[0].kind(), "post");
        let b = parse(bare, "old.json").unwrap();
        assert_eq!(b.posts[0].id, "1");
        assert!(matches!(
            parse(r#"{"posts":[]}"#, "x.json"),
            Err(ImportError::NotAnExport { .. })
        ));
    }

    #[test]
    fn broken_json_is_refused_with_its_place() {
        let err = parse("{\"db\":[\n{\"data\": {\"posts\": [}\n]}", "x.json").unwrap_err();
        let ImportError::Json { line, column, .. } = err else {
            panic!("{err}");
        };
        assert_eq!((line, column), (2, 21));
    }

    #[test]
    fn tags_and_authors_keep_their_order_and_meta_wins() {
        let json = r#"{"data":{
            "posts":[{"id":"p","meta_title":"old"}],
            "posts_tags":[{"post_id":"p","tag_id":"b","sort_order":1},{"post_id":"p","tag_id":"a","sort_order":0}],
            "posts_authors":[{"post_id":"p","author_id":"y","sort_order":1},{"post_id":"p","author_id":"x","sort_order":0}],
            "posts_meta":[{"post_id":"p","meta_title":"new","feature_image_alt":"Alt"}]}}"#;
        let e = parse(json, "x.json").unwrap();
        assert_eq!(e.posts[0].tag_ids, ["a", "b"]);
        assert_eq!(e.posts[0].author_ids, ["x", "y"]);
        assert_eq!(e.posts[0].meta_title, "new");
        assert_eq!(e.posts[0].feature_image_alt, "Alt");
    }

    #[test]
    fn times_in_every_form_ghost_wrote_them() {
        assert_eq!(parse_time("2020-01-01T10:00:00.000Z"), Some(1_577_872_800));
        assert_eq!(parse_time("2020-01-01 10:00:00"), Some(1_577_872_800));
        assert_eq!(parse_time("2020-01-01T11:00:00+01:00"), Some(1_577_872_800));
        let json = r#"{"data":{"posts":[{"id":"p","published_at":1577872800000}]}}"#;
        assert_eq!(
            parse(json, "x.json").unwrap().posts[0].published_at,
            Some(1_577_872_800)
        );
    }

    #[test]
    fn social_handles_become_profile_addresses() {
        let u = User {
            website: "https://ann.example".into(),
            twitter: "@ann".into(),
            facebook: "ann.reporter".into(),
            mastodon: "mastodon.social/@ann".into(),
            bluesky: "not a handle".into(),
            ..User::default()
        };
        assert_eq!(
            u.links(),
            [
                "https://ann.example",
                "https://x.com/ann",
                "https://www.facebook.com/ann.reporter",
                "https://mastodon.social/@ann"
            ]
        );
    }
}
