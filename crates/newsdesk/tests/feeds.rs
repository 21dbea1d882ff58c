//! Feeds, sitemaps and the article's head tags, read the way their consumers read them, on
//! both databases.
//!
//! Every feed goes through an independent parser run as a subprocess: Python's
//! `feedparser` for RSS and Atom, and for JSON Feed (which released feedparser versions do
//! not read) the JSON Feed parser of the `reader` library. The interpreter is
//! `NEWSDESK_TEST_PYTHON` (default `python3`). The tests that need it are ignored by a plain
//! `cargo test` (a machine without the libraries reports them as ignored) and run with
//! `-- --include-ignored`, where a missing library fails them. Sitemaps are read with
//! quick-xml.

use crate::common;

use common::fixture::{self, Newsroom};
use common::{TestApp, select};
use newsdesk_core::{Article, State};
use newsdesk_store::{ArticleInput, Backend, CorrectionInput};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

// ---------------------------------------------------------------------------------------
// The newsroom: the fixture's eight stories, three older ones (two in earlier months, one
// outside the news sitemap's two days) and four that no reader may see.

struct Room {
    room: Newsroom,
    /// Every public story.
    public: Vec<Article>,
    /// A draft, a scheduled story, an embargoed one and an unpublished one, all tagged Iraq,
    /// by Jane, in News: in every list they would show up in if a filter slipped.
    hidden: Vec<Article>,
}

async fn room(t: &TestApp) -> Room {
    let room = fixture::newsroom(&t.store, &t.media).await;
    let mut public = vec![room.lead.clone(), room.world_story.clone()];
    public.extend(room.news_others.iter().cloned());
    for (headline, days) in [
        ("Archive story from last month", 35),
        ("Archive story from two months back", 66),
        ("Story from three days ago", 3),
    ] {
        let mut input = fixture::story(room.world.id, headline, days * 24 * 60);
        input.author_ids = vec![room.jane.id];
        input.tag_ids = vec![room.synod.id];
        public.push(t.store.create_article(&input, None).await.unwrap());
    }
    let now = newsdesk_core::now();
    let hidden_story = |headline: &str, state: State| {
        let mut input = fixture::story(room.news.id, headline, 5);
        input.state = state;
        input.tag_ids = vec![room.iraq.id];
        input.author_ids = vec![room.jane.id];
        input
    };
    let mut draft = hidden_story("Hidden draft about Basra", State::Draft);
    draft.first_published_at = None;
    draft.published_at = None;
    let mut scheduled = hidden_story("Hidden scheduled story", State::Scheduled);
    scheduled.first_published_at = None;
    scheduled.published_at = None;
    scheduled.scheduled_for = Some(now + 3600);
    let mut embargoed = hidden_story("Hidden embargoed story", State::Published);
    embargoed.embargo_until = Some(now + 3600);
    let unpublished = hidden_story("Hidden unpublished story", State::Unpublished);
    let mut hidden = Vec::new();
    for input in [draft, scheduled, embargoed, unpublished] {
        hidden.push(t.store.create_article(&input, None).await.unwrap());
    }
    t.catch_up().await;
    Room {
        room,
        public,
        hidden,
    }
}

/// Whose list a feed follows.
#[derive(Clone, Copy, Debug)]
enum Owner {
    Home,
    Section(i64),
    Tag(i64),
    Author(i64),
}

impl Room {
    fn section_slug(&self, id: i64) -> &str {
        if id == self.room.world.id {
            "world"
        } else {
            "news"
        }
    }

    fn path_of(&self, a: &Article) -> String {
        format!("/{}/{}", self.section_slug(a.section_id), a.slug)
    }

    fn folder(&self, owner: Owner) -> String {
        let r = &self.room;
        match owner {
            Owner::Home => "/".into(),
            Owner::Section(id) => format!("/{}/", self.section_slug(id)),
            Owner::Tag(id) => {
                let tag = [&r.iraq, &r.synod, &r.housing]
                    .into_iter()
                    .find(|t| t.id == id)
                    .unwrap();
                format!("/tag/{}/", tag.slug)
            }
            Owner::Author(id) => {
                let author = if id == r.jane.id { &r.jane } else { &r.sam };
                format!("/author/{}/", author.slug)
            }
        }
    }

    /// The page a feed follows: its folder, without the slash for topics and authors.
    fn page_url(&self, owner: Owner) -> String {
        let folder = self.folder(owner);
        match owner {
            Owner::Tag(_) | Owner::Author(_) => folder.trim_end_matches('/').to_owned(),
            Owner::Home | Owner::Section(_) => folder,
        }
    }

    /// The public stories of a list, in the list's order: newest first.
    fn members(&self, owner: Owner) -> Vec<&Article> {
        let mut out: Vec<&Article> = self
            .public
            .iter()
            .filter(|a| match owner {
                Owner::Home => true,
                Owner::Section(id) => a.section_id == id,
                Owner::Tag(id) => a.tag_ids.contains(&id),
                Owner::Author(id) => a.author_ids.contains(&id),
            })
            .collect();
        out.sort_by_key(|a| std::cmp::Reverse((a.published_at, a.id)));
        out
    }

    fn author_names(&self, a: &Article) -> Vec<String> {
        a.author_ids
            .iter()
            .map(|id| {
                let r = &self.room;
                if *id == r.jane.id {
                    r.jane.name.clone()
                } else {
                    r.sam.name.clone()
                }
            })
            .collect()
    }

    fn tag_names(&self, a: &Article) -> Vec<String> {
        let r = &self.room;
        a.tag_ids
            .iter()
            .map(|id| {
                [&r.iraq, &r.synod, &r.housing]
                    .into_iter()
                    .find(|t| t.id == *id)
                    .unwrap()
                    .name
                    .clone()
            })
            .collect()
    }

    fn owners(&self) -> [Owner; 8] {
        let r = &self.room;
        [
            Owner::Home,
            Owner::Section(r.news.id),
            Owner::Section(r.world.id),
            Owner::Tag(r.iraq.id),
            Owner::Tag(r.synod.id),
            Owner::Tag(r.housing.id),
            Owner::Author(r.jane.id),
            Owner::Author(r.sam.id),
        ]
    }
}

fn base(t: &TestApp) -> String {
    t.app.settings.base_url.clone()
}

const FORMATS: [&str; 3] = ["feed.xml", "atom.xml", "feed.json"];

fn content_type(format: &str) -> &'static str {
    match format {
        "feed.xml" => "application/rss+xml; charset=utf-8",
        "atom.xml" => "application/atom+xml; charset=utf-8",
        _ => "application/feed+json; charset=utf-8",
    }
}

/// The version string the parser reports for each format.
fn parsed_version(format: &str) -> &'static str {
    match format {
        "feed.xml" => "rss20",
        "atom.xml" => "atom10",
        _ => "json11",
    }
}

fn rfc3339(secs: i64) -> String {
    jiff::Timestamp::from_second(secs).unwrap().to_string()
}

// ---------------------------------------------------------------------------------------
// The independent parsers.

/// Reads a feed on standard input and prints, as JSON, what the parser made of it. For
/// JSON Feed the `reader` library's parser reads it; the raw JSON gives the fields that
/// parser does not keep (image, tags).
const PARSE_FEED: &str = r#"
import calendar, io, json, sys
kind = sys.argv[1]
data = sys.stdin.buffer.read()

def epoch(t):
    return calendar.timegm(t) if t else None

if kind == "check":
    try:
        import feedparser
        from reader._parser.jsonfeed import JSONFeedParser
    except Exception as e:
        print(json.dumps({"missing": repr(e)}))
    else:
        print(json.dumps({"ok": feedparser.__version__}))
    sys.exit(0)

if kind == "feed.json":
    from reader._parser.jsonfeed import JSONFeedParser
    feed, entries = JSONFeedParser()("feed.json", io.BytesIO(data))
    raw = json.loads(data)
    out = {"version": feed.version, "bozo": False, "bozo_exception": "",
           "title": feed.title, "link": feed.link, "entries": []}
    for e, r in zip(entries, raw["items"]):
        out["entries"].append({
            "id": e.id, "title": e.title, "link": e.link,
            "published": int(e.published.timestamp()) if e.published else None,
            "updated": int(e.updated.timestamp()) if e.updated else None,
            "authors": [a.name for a in e.authors],
            "tags": r.get("tags", []),
            "image": r.get("image"),
            "content": " ".join(c.value for c in e.content) + " " + (e.summary or ""),
        })
    if len(entries) != len(raw["items"]):
        out["bozo"] = True
        out["bozo_exception"] = "items dropped"
else:
    import feedparser
    d = feedparser.parse(data)
    out = {"version": d.version, "bozo": bool(d.bozo),
           "bozo_exception": repr(d.get("bozo_exception", "")),
           "title": d.feed.get("title"), "link": d.feed.get("link"), "entries": []}
    for e in d.entries:
        image = None
        if e.get("media_content"):
            image = e.media_content[0].get("url")
        for l in e.get("links", []):
            if l.get("rel") == "enclosure":
                image = l.get("href")
        out["entries"].append({
            "id": e.get("id"), "title": e.get("title"), "link": e.get("link"),
            "published": epoch(e.get("published_parsed")),
            "updated": epoch(e.get("updated_parsed")),
            "authors": [a.get("name") for a in e.get("authors", [])],
            "tags": [t.get("term") for t in e.get("tags", [])],
            "image": image,
            "content": " ".join(c.value for c in e.get("content", [])) + " " + e.get("summary", ""),
        })
print(json.dumps(out))
"#;

fn run_parser(kind: &str, input: &[u8]) -> Result<Value, String> {
    common::python::run(PARSE_FEED, kind, input)
}

/// Fails, saying what to install, when the independent parsers cannot run here. Only
/// the tests ignored by a plain `cargo test` call it.
fn require_parsers() {
    common::python::require(
        PARSE_FEED,
        "Python's feedparser and reader",
        "pip install feedparser==6.0.14 reader==3.26",
    );
}

/// What the independent parser read: the format it detected, `bozo`, and the entries.
fn parse_feed(format: &str, body: &[u8]) -> Value {
    run_parser(format, body).unwrap_or_else(|e| panic!("the parser failed on {format}: {e}"))
}

// ---------------------------------------------------------------------------------------
// Sitemap reading.

/// The text of each child element of every `record` element (`url`, `sitemap`), keyed by
/// the child's qualified name (`loc`, `lastmod`, `news:title`, …). Fails on XML that does
/// not parse.
fn records(xml: &str, record: &str) -> Vec<HashMap<String, String>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().trim_text(true);
    let mut out = Vec::new();
    let mut current: Option<HashMap<String, String>> = None;
    let mut field = String::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                if name == record {
                    current = Some(HashMap::new());
                } else {
                    field = name;
                }
            }
            Event::Text(text) => {
                if let Some(r) = current.as_mut() {
                    r.entry(field.clone())
                        .or_default()
                        .push_str(&text.decode().unwrap());
                }
            }
            Event::GeneralRef(entity) => {
                if let Some(r) = current.as_mut() {
                    let name = entity.decode().unwrap();
                    let c = quick_xml::escape::resolve_predefined_entity(&name)
                        .unwrap_or_else(|| panic!("unexpected entity {name}"));
                    r.entry(field.clone()).or_default().push_str(c);
                }
            }
            Event::End(e) => {
                if e.name().as_ref() == record.as_bytes() {
                    out.extend(current.take());
                }
                field.clear();
            }
            Event::Eof => return out,
            _ => {}
        }
    }
}

/// `YYYY-MM-DDThh:mm:ss` with `Z` or `±hh:mm` (and optional fractions): the W3C datetime
/// form sitemaps ask for, complete to the second.
fn is_w3c_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let head = digits(0..4)
        && at(4, b'-')
        && digits(5..7)
        && at(7, b'-')
        && digits(8..10)
        && at(10, b'T')
        && digits(11..13)
        && at(13, b':')
        && digits(14..16)
        && at(16, b':')
        && digits(17..19);
    if !head {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let end = fraction
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(fraction.len());
        if end == 0 {
            return false;
        }
        rest = &fraction[end..];
    }
    let zone = rest.as_bytes();
    let offset = zone.len() == 6
        && (zone[0] == b'+' || zone[0] == b'-')
        && zone[1..3].iter().all(u8::is_ascii_digit)
        && zone[3] == b':'
        && zone[4..6].iter().all(u8::is_ascii_digit);
    (rest == "Z" || offset) && s.parse::<jiff::Timestamp>().is_ok()
}

fn month_of(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .unwrap()
        .strftime("%Y-%m")
        .to_string()
}

// ---------------------------------------------------------------------------------------
// Feeds.

async fn every_feed_carries_exactly_the_public_stories(t: TestApp) {
    require_parsers();
    let r = room(&t).await;
    let base = base(&t);
    let mut ids: HashMap<i64, String> = HashMap::new();
    for owner in r.owners() {
        let expected = r.members(owner);
        assert!(!expected.is_empty(), "{owner:?} has stories to check");
        for format in FORMATS {
            let path = format!("{}{format}", r.folder(owner));
            let res = t.get(&path).await;
            assert_eq!(res.status, 200, "{path}");
            assert_eq!(res.header("content-type"), content_type(format), "{path}");
            for hidden in &r.hidden {
                assert!(
                    !res.text().contains(&hidden.headline),
                    "{path} shows {:?}",
                    hidden.headline
                );
            }
            let feed = parse_feed(format, &res.body);
            assert_eq!(feed["version"], parsed_version(format), "{path}");
            assert_eq!(feed["bozo"], false, "{path}: {}", feed["bozo_exception"]);
            assert_eq!(
                feed["link"],
                format!("{base}{}", r.page_url(owner)),
                "{path}"
            );

            let entries = feed["entries"].as_array().unwrap();
            let titles: Vec<&str> = entries
                .iter()
                .map(|e| e["title"].as_str().unwrap())
                .collect();
            let want: Vec<&str> = expected.iter().map(|a| a.headline.as_str()).collect();
            assert_eq!(titles, want, "{path}: every public story, newest first");
            for (entry, story) in entries.iter().zip(&expected) {
                let first = story.first_published_at.unwrap();
                assert_eq!(
                    entry["link"],
                    format!("{base}{}", r.path_of(story)),
                    "{path}"
                );
                assert_eq!(entry["published"], first, "{path}: {}", story.headline);
                assert_eq!(entry["updated"], first, "{path}: {}", story.headline);
                assert_eq!(
                    entry["authors"],
                    serde_json::json!(r.author_names(story)),
                    "{path}: {}",
                    story.headline
                );
                assert_eq!(
                    entry["tags"],
                    serde_json::json!(r.tag_names(story)),
                    "{path}: {}",
                    story.headline
                );
                // One id per story, whatever the feed and format.
                let id = entry["id"].as_str().unwrap().to_owned();
                assert!(
                    id.starts_with("tag:127.0.0.1,")
                        && id.ends_with(&format!(":article:{}", story.id)),
                    "{path}: {id}"
                );
                assert_eq!(ids.entry(story.id).or_insert_with(|| id.clone()), &id);
                let content = entry["content"].as_str().unwrap();
                assert!(
                    content.contains("What happens next"),
                    "{path}: full content"
                );
                if story.id == r.room.lead.id {
                    let image = entry["image"].as_str().expect("the lead story's picture");
                    assert!(
                        image.starts_with(&format!("{base}/media/")) && image.ends_with(".jpg"),
                        "{path}: {image}"
                    );
                    let picture = t.get(image.strip_prefix(&base).unwrap()).await;
                    assert_eq!(picture.status, 200, "{image}");
                } else {
                    assert!(entry["image"].is_null(), "{path}: {}", story.headline);
                }
            }
        }
    }
}

async fn corrections_reach_every_feed_as_updates(t: TestApp) {
    require_parsers();
    let r = room(&t).await;
    let paths = [
        "/feed.xml",
        "/news/atom.xml",
        "/tag/iraq/feed.json",
        "/author/jane-hollis/feed.xml",
    ];
    for path in paths {
        t.get(path).await;
        assert_eq!(t.get(path).await.header("x-cache"), "HIT", "{path}");
    }
    let at = newsdesk_core::now();
    let text = "An earlier version of this story gave the wrong number of dead.";
    t.store
        .add_correction(
            r.room.lead.id,
            &CorrectionInput {
                kind: "correction".into(),
                body: text.into(),
                published_at: at,
            },
        )
        .await
        .unwrap();
    t.catch_up().await;
    for path in paths {
        let res = t.get(path).await;
        assert_eq!(res.header("x-cache"), "MISS", "{path} is rendered again");
        let format = path.rsplit('/').next().unwrap();
        let feed = parse_feed(format, &res.body);
        assert_eq!(feed["bozo"], false, "{path}: {}", feed["bozo_exception"]);
        let entry = feed["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["title"] == r.room.lead.headline.as_str())
            .unwrap_or_else(|| panic!("{path} lists the corrected story"));
        let first = r.room.lead.first_published_at.unwrap();
        assert_eq!(entry["published"], first, "{path}");
        assert_eq!(entry["updated"], at, "{path}: updated at the correction");
        assert!(at > first);
        let content = entry["content"].as_str().unwrap();
        assert!(content.contains(text), "{path}: {content}");
        assert!(content.contains("Correction"), "{path}");
    }
}

async fn feed_addresses_do_not_shadow_pages_or_stories(t: TestApp) {
    let r = room(&t).await;
    // Static segments win over `{section}` and `{slug}`.
    for path in [
        "/feed.xml",
        "/news/feed.xml",
        "/tag/iraq/feed.xml",
        "/author/sam-okafor/feed.xml",
    ] {
        let res = t.get(path).await;
        assert_eq!(res.status, 200, "{path}");
        assert_eq!(
            res.header("content-type"),
            content_type("feed.xml"),
            "{path}"
        );
    }
    for path in ["/atom.xml", "/world/atom.xml"] {
        assert_eq!(
            t.get(path).await.header("content-type"),
            content_type("atom.xml"),
            "{path}"
        );
    }
    for path in ["/feed.json", "/world/feed.json"] {
        assert_eq!(
            t.get(path).await.header("content-type"),
            content_type("feed.json"),
            "{path}"
        );
    }
    // … and the pages around them still answer as pages.
    let lead = r.path_of(&r.room.lead);
    for path in [
        "/",
        "/news/",
        "/tag/iraq",
        "/author/sam-okafor",
        lead.as_str(),
    ] {
        let res = t.get(path).await;
        assert_eq!(res.status, 200, "{path}");
        assert_eq!(
            res.header("content-type"),
            "text/html; charset=utf-8",
            "{path}"
        );
    }
    for missing in [
        "/nowhere/feed.xml",
        "/tag/nowhere/atom.xml",
        "/author/nobody/feed.json",
    ] {
        let res = t.get(missing).await;
        assert_eq!(res.status, 404, "{missing}");
        assert!(
            res.header("content-type").starts_with("text/html"),
            "{missing}"
        );
    }
}

async fn feeds_are_cached_pages_carrying_their_lists_keys(t: TestApp) {
    let r = room(&t).await;
    let first = t.get("/news/feed.xml").await;
    assert_eq!(first.header("x-cache"), "MISS");
    let again = t.get("/news/feed.xml").await;
    assert_eq!(again.header("x-cache"), "HIT");
    assert_eq!(again.header("content-type"), content_type("feed.xml"));
    assert_eq!(again.body, first.body);
    let keys: BTreeSet<&str> = again.header("surrogate-key").split(' ').collect();
    let section_key = format!("list:section:{}", r.room.news.id);
    let lead_key = format!("article:{}", r.room.lead.id);
    for key in [section_key.as_str(), lead_key.as_str(), "site"] {
        assert!(keys.contains(key), "{key} in {keys:?}");
    }
    assert_eq!(again.header("xkey"), again.header("surrogate-key"));
    assert!(again.header("cache-control").contains("s-maxage"));
    let zipped = t
        .get_with("/news/feed.xml", &[("accept-encoding", "gzip")])
        .await;
    assert_eq!(zipped.header("content-encoding"), "gzip");
    assert_eq!(zipped.header("content-type"), content_type("feed.xml"));
    // An edit to a story in the feed drops it; the World feed stays.
    t.get("/world/feed.json").await;
    let mut input = ArticleInput::from_article(&r.room.lead);
    input.headline = "Blast hits market in Basra, killing three".into();
    t.store
        .update_article(r.room.lead.id, r.room.lead.version, &input, None)
        .await
        .unwrap();
    t.catch_up().await;
    let res = t.get("/news/feed.xml").await;
    assert_eq!(res.header("x-cache"), "MISS");
    assert!(
        res.text()
            .contains("Blast hits market in Basra, killing three")
    );
    assert_eq!(t.get("/world/feed.json").await.header("x-cache"), "HIT");
}

async fn pages_announce_their_feeds(t: TestApp) {
    let r = room(&t).await;
    let base = base(&t);
    let lead = r.path_of(&r.room.lead);
    for (page, folder) in [
        ("/", "/"),
        ("/news/", "/news/"),
        ("/tag/iraq", "/tag/iraq/"),
        ("/author/jane-hollis", "/author/jane-hollis/"),
        (lead.as_str(), "/"),
    ] {
        let html = t.get(page).await.html();
        for (kind, file) in [
            ("application/rss+xml", "feed.xml"),
            ("application/atom+xml", "atom.xml"),
            ("application/feed+json", "feed.json"),
        ] {
            let links = select(
                &html,
                &format!(r#"head link[rel="alternate"][type="{kind}"]"#),
            );
            assert_eq!(links.len(), 1, "{page}: one {kind} link");
            let href = links[0].attr("href").unwrap();
            assert_eq!(href, format!("{base}{folder}{file}"), "{page}");
            assert_eq!(
                t.get(href.strip_prefix(&base).unwrap()).await.status,
                200,
                "{href}"
            );
        }
    }
}

/// With `feed_full_content = false` feeds carry standfirsts, and corrections still.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn summary_feeds_leave_the_body_out() {
    summary_feeds(false).await;
}

/// The same summary feeds, read by the independent parsers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Python's feedparser and reader (NEWSDESK_TEST_PYTHON); run with -- --include-ignored"]
async fn summary_feeds_parse_in_independent_readers() {
    require_parsers();
    summary_feeds(true).await;
}

async fn summary_feeds(parse: bool) {
    let settings = newsdesk_web::Settings {
        feed_full_content: false,
        ..common::test_settings()
    };
    let t = TestApp::start_with(Backend::Sqlite, settings).await;
    let r = room(&t).await;
    t.store
        .add_correction(
            r.room.lead.id,
            &CorrectionInput {
                kind: "update".into(),
                body: "Talks resumed in the afternoon.".into(),
                published_at: newsdesk_core::now(),
            },
        )
        .await
        .unwrap();
    t.catch_up().await;
    for format in FORMATS {
        let res = t.get(&format!("/news/{format}")).await;
        let text = res.text();
        assert!(!text.contains("What happens next"), "{format}: no body");
        assert!(
            text.contains(&r.room.lead.standfirst),
            "{format}: the standfirst"
        );
        assert!(
            text.contains("Talks resumed in the afternoon."),
            "{format}: the update"
        );
        if parse {
            let feed = parse_feed(format, &res.body);
            assert_eq!(feed["bozo"], false, "{format}: {}", feed["bozo_exception"]);
            let entry = &feed["entries"][0];
            assert_eq!(entry["title"], r.room.lead.headline.as_str());
            assert!(entry["content"].as_str().unwrap().contains("Talks resumed"));
        }
    }
    t.finish().await;
}

// ---------------------------------------------------------------------------------------
// Sitemaps.

async fn sitemaps_list_every_public_story_once_by_month(t: TestApp) {
    let r = room(&t).await;
    let base = base(&t);
    let index = t.get("/sitemap.xml").await;
    assert_eq!(index.status, 200);
    assert_eq!(
        index.header("content-type"),
        "application/xml; charset=utf-8"
    );
    let files = records(&index.text(), "sitemap");

    let mut by_month: BTreeMap<String, Vec<&Article>> = BTreeMap::new();
    for a in &r.public {
        by_month
            .entry(month_of(a.first_published_at.unwrap()))
            .or_default()
            .push(a);
    }
    assert!(by_month.len() >= 3, "the newsroom spans three months");
    let mut want = vec![format!("{base}/sitemaps/pages.xml")];
    want.extend(
        by_month
            .keys()
            .rev()
            .map(|m| format!("{base}/sitemaps/{m}.xml")),
    );
    let locs: Vec<&str> = files.iter().map(|f| f["loc"].as_str()).collect();
    assert_eq!(
        locs, want,
        "the index lists the list pages, then each month, newest first"
    );
    for file in &files {
        assert!(is_w3c_datetime(&file["lastmod"]), "{file:?}");
    }

    let hidden: Vec<String> = r
        .hidden
        .iter()
        .map(|a| format!("{base}{}", r.path_of(a)))
        .collect();
    for (month, stories) in &by_month {
        let path = format!("/sitemaps/{month}.xml");
        let res = t.get(&path).await;
        assert_eq!(res.status, 200, "{path}");
        assert_eq!(res.header("content-type"), "application/xml; charset=utf-8");
        let urls = records(&res.text(), "url");
        assert!(urls.len() <= 50_000);
        assert_eq!(
            urls.len(),
            stories.len(),
            "{path}: one address per public story"
        );
        let got: BTreeMap<&str, &str> = urls
            .iter()
            .map(|u| (u["loc"].as_str(), u["lastmod"].as_str()))
            .collect();
        for story in stories {
            let loc = format!("{base}{}", r.path_of(story));
            let lastmod = got
                .get(loc.as_str())
                .unwrap_or_else(|| panic!("{path} lists {loc}"));
            assert!(is_w3c_datetime(lastmod), "{lastmod}");
            assert_eq!(
                *lastmod,
                rfc3339(story.first_published_at.unwrap()),
                "{loc}"
            );
        }
        for h in &hidden {
            assert!(!got.contains_key(h.as_str()), "{path} lists hidden {h}");
        }
    }

    let pages = records(&t.get("/sitemaps/pages.xml").await.text(), "url");
    let locs: BTreeSet<&str> = pages.iter().map(|u| u["loc"].as_str()).collect();
    for path in [
        "/",
        "/news/",
        "/world/",
        "/tag/iraq",
        "/tag/housing",
        "/tag/general-synod",
        "/author/jane-hollis",
        "/author/sam-okafor",
    ] {
        assert!(
            locs.contains(format!("{base}{path}").as_str()),
            "pages.xml lists {path}"
        );
    }
    assert_eq!(locs.len(), 8, "{locs:?}");
    for page in &pages {
        // The home page and sections are dated; topics and authors need not be.
        let dated = ["/", "/news/", "/world/"].map(|p| format!("{base}{p}"));
        match page.get("lastmod") {
            Some(lastmod) => assert!(is_w3c_datetime(lastmod), "{page:?}"),
            None => assert!(!dated.contains(&page["loc"]), "{page:?} has a date"),
        }
    }

    for missing in ["/sitemaps/1999-01.xml", "/sitemaps/garbage.xml"] {
        assert_eq!(t.get(missing).await.status, 404, "{missing}");
    }
    let (month, _) = by_month.iter().next_back().unwrap();
    assert_eq!(
        t.get(&format!("/sitemaps/{month}-2.xml")).await.status,
        404,
        "no second part"
    );
}

async fn the_news_sitemap_holds_exactly_the_last_two_days(t: TestApp) {
    let r = room(&t).await;
    let base = base(&t);
    let res = t.get("/sitemaps/news.xml").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-type"), "application/xml; charset=utf-8");
    let text = res.text();
    assert!(text.contains(r#"xmlns:news="http://www.google.com/schemas/sitemap-news/0.9""#));
    let urls = records(&text, "url");
    let since = newsdesk_core::now() - 48 * 3600;
    let want: BTreeMap<String, &Article> = r
        .public
        .iter()
        .filter(|a| a.first_published_at.unwrap() >= since)
        .map(|a| (format!("{base}{}", r.path_of(a)), a))
        .collect();
    assert!(want.len() < r.public.len(), "older stories are left out");
    assert_eq!(urls.len(), want.len());
    assert!(urls.len() <= 1000);
    for url in &urls {
        let story = want
            .get(&url["loc"])
            .unwrap_or_else(|| panic!("{} is not from the last two days", url["loc"]));
        assert_eq!(url["news:name"], t.app.site().name);
        assert_eq!(url["news:language"], "en");
        assert_eq!(url["news:title"], story.headline);
        assert!(is_w3c_datetime(&url["news:publication_date"]));
        assert_eq!(
            url["news:publication_date"],
            rfc3339(story.first_published_at.unwrap())
        );
    }

    let robots = t.get("/robots.txt").await.text();
    assert!(
        robots.contains(&format!("Sitemap: {base}/sitemap.xml\n")),
        "{robots}"
    );
    assert!(
        robots.contains(&format!("Sitemap: {base}/sitemaps/news.xml\n")),
        "{robots}"
    );
}

async fn publishing_moving_and_unpublishing_reach_feeds_and_sitemaps_after_one_catch_up(
    t: TestApp,
) {
    let r = room(&t).await;
    let mut input = fixture::story(r.room.news.id, "Fresh story from the newsroom", 1);
    input.tag_ids = vec![r.room.iraq.id];
    input.author_ids = vec![r.room.jane.id];
    let month = format!(
        "/sitemaps/{}.xml",
        month_of(input.first_published_at.unwrap())
    );
    let watched = [
        "/feed.xml",
        "/news/atom.xml",
        "/tag/iraq/feed.json",
        "/author/jane-hollis/feed.xml",
        "/sitemap.xml",
        "/sitemaps/pages.xml",
        month.as_str(),
        "/sitemaps/news.xml",
    ];
    let feeds = &watched[..4];
    let maps = [month.as_str(), "/sitemaps/news.xml"];
    for path in watched {
        t.get(path).await;
        // The news sitemap's cache period may just have turned; the rest must be cached.
        if path != "/sitemaps/news.xml" {
            assert_eq!(
                t.get(path).await.header("x-cache"),
                "HIT",
                "{path} is cached"
            );
        }
    }

    // Published.
    let story = t.store.create_article(&input, None).await.unwrap();
    t.catch_up().await;
    let old_path = format!("/news/{}", story.slug);
    for path in watched {
        let res = t.get(path).await;
        assert_eq!(res.header("x-cache"), "MISS", "{path} after publishing");
    }
    for path in feeds {
        assert!(
            t.get(path)
                .await
                .text()
                .contains("Fresh story from the newsroom"),
            "{path}"
        );
    }
    for path in maps {
        assert!(t.get(path).await.text().contains(&old_path), "{path}");
    }

    // Moved to a new address.
    let mut moved = ArticleInput::from_article(&story);
    moved.slug = newsdesk_core::Slug::parse("fresh-story-new-address").unwrap();
    let story = t
        .store
        .update_article(story.id, story.version, &moved, None)
        .await
        .unwrap();
    t.catch_up().await;
    for path in feeds.iter().chain(&maps) {
        let text = t.get(path).await.text();
        assert!(
            text.contains("/news/fresh-story-new-address"),
            "{path} has the new address"
        );
        assert!(!text.contains(&old_path), "{path} has lost the old address");
    }

    // Unpublished.
    let mut gone = ArticleInput::from_article(&story);
    gone.state = State::Unpublished;
    t.store
        .update_article(story.id, story.version, &gone, None)
        .await
        .unwrap();
    t.catch_up().await;
    for path in watched {
        let res = t.get(path).await;
        assert_eq!(res.header("x-cache"), "MISS", "{path} after unpublishing");
        let text = res.text();
        assert!(!text.contains("Fresh story from the newsroom"), "{path}");
        assert!(!text.contains("fresh-story-new-address"), "{path}");
    }
}

/// The sitemap index keeps each month's figures between renders and counts again only the
/// months a change-log row touched: a note, a new month, a new latest story and a month's
/// last story taken down all show in the next index.
async fn the_sitemap_index_counts_again_the_months_changes_touch(t: TestApp) {
    let r = room(&t).await;
    let base = base(&t);
    let index = async || -> BTreeMap<String, String> {
        records(&t.get("/sitemap.xml").await.text(), "sitemap")
            .into_iter()
            .map(|f| (f["loc"].clone(), f["lastmod"].clone()))
            .collect()
    };
    let file = |at: i64| format!("{base}/sitemaps/{}.xml", month_of(at));
    let oldest = r
        .public
        .iter()
        .min_by_key(|a| a.first_published_at)
        .unwrap()
        .clone();
    let old_month = file(oldest.first_published_at.unwrap());
    assert!(
        r.public
            .iter()
            .filter(|a| file(a.first_published_at.unwrap()) == old_month)
            .count()
            == 1,
        "the oldest story is alone in its month"
    );
    let before = index().await;
    assert_eq!(before[&old_month], rfc3339(oldest.published_at.unwrap()));

    // A note on the old story dates its month by the note.
    let noted = newsdesk_core::now() - 10;
    t.store
        .add_correction(
            oldest.id,
            &CorrectionInput {
                kind: "correction".into(),
                body: "An earlier version misnamed the synod.".into(),
                published_at: noted,
            },
        )
        .await
        .unwrap();
    t.catch_up().await;
    assert_eq!(
        index().await[&old_month],
        rfc3339(noted),
        "the note dates its month"
    );

    // A story in a month before any other, and a later one in last month's file.
    let older = fixture::story(r.room.world.id, "A story from long ago", 200 * 24 * 60);
    let older = t.store.create_article(&older, None).await.unwrap();
    let last_month = r
        .public
        .iter()
        .find(|a| a.headline == "Archive story from last month")
        .unwrap();
    let mut later = fixture::story(r.room.world.id, "A later story last month", 0);
    let later_at = last_month.first_published_at.unwrap() + 60;
    later.first_published_at = Some(later_at);
    later.published_at = Some(later_at);
    t.store.create_article(&later, None).await.unwrap();
    t.catch_up().await;
    let after = index().await;
    assert_eq!(
        after[&file(older.first_published_at.unwrap())],
        rfc3339(older.published_at.unwrap())
    );
    assert_eq!(
        after[&file(later_at)],
        rfc3339(later_at),
        "the month's latest story dates it"
    );
    assert_eq!(after.len(), before.len() + 1);

    // The old month's only story taken down: the month leaves the index.
    let oldest = t.store.article(oldest.id).await.unwrap().unwrap();
    let mut gone = ArticleInput::from_article(&oldest);
    gone.state = State::Unpublished;
    t.store
        .update_article(oldest.id, oldest.version, &gone, None)
        .await
        .unwrap();
    t.catch_up().await;
    let last = index().await;
    assert!(!last.contains_key(&old_month), "{last:?}");
    assert_eq!(last.len(), before.len());
}

// ---------------------------------------------------------------------------------------
// The article's head.

fn meta<'a>(html: &'a scraper::Html, attr: &str, name: &str) -> Option<&'a str> {
    select(html, &format!(r#"meta[{attr}="{name}"]"#))
        .first()
        .and_then(|m| m.value().attr("content"))
}

async fn article_head_has_structured_data_and_social_tags(t: TestApp) {
    let r = room(&t).await;
    let base = base(&t);
    let at = newsdesk_core::now();
    t.store
        .add_correction(
            r.room.lead.id,
            &CorrectionInput {
                kind: "correction".into(),
                body: "The market is in Basra, not Baghdad.".into(),
                published_at: at,
            },
        )
        .await
        .unwrap();
    t.catch_up().await;
    let lead = &r.room.lead;
    let html = t.get(&r.path_of(lead)).await.html();

    let scripts = select(&html, r#"script[type="application/ld+json"]"#);
    assert_eq!(scripts.len(), 1);
    let ld: Value = serde_json::from_str(&scripts[0].inner_html()).expect("JSON-LD is JSON");
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], lead.headline.as_str());
    let image = ld["image"][0].as_str().expect("an image");
    assert!(image.starts_with(&format!("{base}/media/")), "{image}");
    assert_eq!(
        ld["datePublished"],
        rfc3339(lead.first_published_at.unwrap())
    );
    assert_eq!(ld["dateModified"], rfc3339(at));
    assert_eq!(ld["author"][0]["name"], "Jane Hollis");
    assert_eq!(ld["author"][1]["name"], "Sam Okafor");
    assert_eq!(ld["publisher"]["@type"], "NewsMediaOrganization");
    assert_eq!(ld["publisher"]["name"], t.app.site().name);

    assert_eq!(
        meta(&html, "name", "twitter:card"),
        Some("summary_large_image")
    );
    assert_eq!(
        meta(&html, "name", "twitter:title"),
        Some(lead.headline.as_str())
    );
    assert_eq!(
        meta(&html, "name", "twitter:description"),
        Some(lead.standfirst.as_str())
    );
    assert_eq!(meta(&html, "name", "twitter:image"), Some(image));
    assert_eq!(meta(&html, "property", "og:image"), Some(image));
    assert_eq!(
        meta(&html, "property", "og:title"),
        Some(lead.headline.as_str())
    );
    assert_eq!(
        meta(&html, "property", "og:url"),
        Some(format!("{base}{}", r.path_of(lead)).as_str())
    );
    assert_eq!(
        meta(&html, "property", "article:published_time"),
        Some(rfc3339(lead.first_published_at.unwrap()).as_str())
    );
    assert_eq!(
        meta(&html, "property", "article:modified_time"),
        Some(rfc3339(at).as_str())
    );

    // A story without a picture gets the small card and no image.
    let html = t.get(&r.path_of(&r.room.world_story)).await.html();
    assert_eq!(meta(&html, "name", "twitter:card"), Some("summary"));
    assert_eq!(meta(&html, "name", "twitter:image"), None);
    let scripts = select(&html, r#"script[type="application/ld+json"]"#);
    let ld: Value = serde_json::from_str(&scripts[0].inner_html()).unwrap();
    assert_eq!(ld["headline"], r.room.world_story.headline.as_str());
}

#[test]
fn w3c_datetimes_are_recognised() {
    for good in [
        "2026-11-25T09:14:00Z",
        "2026-11-25T09:14:00+01:00",
        "2026-11-25T09:14:00.5Z",
    ] {
        assert!(is_w3c_datetime(good), "{good}");
    }
    for bad in [
        "2026-11-25",
        "2026-11-25 09:14:00Z",
        "2026-11-25T09:14Z",
        "2026-13-25T09:14:00Z",
        "2026-11-25T09:14:00",
    ] {
        assert!(!is_w3c_datetime(bad), "{bad}");
    }
}

db_tests!(
    mod parsed, ignore = "needs Python's feedparser and reader (NEWSDESK_TEST_PYTHON), and PostgreSQL for its half; run with -- --include-ignored";
    every_feed_carries_exactly_the_public_stories,
    corrections_reach_every_feed_as_updates,
);

db_tests!(
    feed_addresses_do_not_shadow_pages_or_stories,
    feeds_are_cached_pages_carrying_their_lists_keys,
    pages_announce_their_feeds,
    sitemaps_list_every_public_story_once_by_month,
    the_news_sitemap_holds_exactly_the_last_two_days,
    publishing_moving_and_unpublishing_reach_feeds_and_sitemaps_after_one_catch_up,
    the_sitemap_index_counts_again_the_months_changes_touch,
    article_head_has_structured_data_and_social_tags,
);
