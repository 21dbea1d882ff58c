//! Embeds: a link to a video, post, track or chart on a paragraph of its own is stored as
//! written and shown to readers as a placeholder that loads nothing from the provider until
//! the reader asks (`/static/embed.js`). Feeds and APIs carry the placeholder's plain link.

use crate::common;

use common::api::{call, json_of, token_for};
use common::{TestApp, fixture, select};
use newsdesk_core::{Role, Scope};
use serde_json::{Value, json};

const VIDEO: &str = "https://www.youtube.com/watch?v=dQw4w9WgXcQ";
const TRACK: &str = "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC";
const VIDEO_FRAME: &str = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ";
const TRACK_FRAME: &str = "https://open.spotify.com/embed/track/4uLU6hMCjMI75M1A2tKUQC";
const SCRIPT: &str = "script[src='/static/embed.js']";

/// Writes and publishes a story through the Admin API; answers its path and its JSON.
async fn publish(
    t: &TestApp,
    token: &str,
    section_id: i64,
    headline: &str,
    body: &str,
) -> (String, Value) {
    let made = call(
        t,
        "POST",
        "/stories/",
        token,
        Some(json!({"story": {"headline": headline, "body_markdown": body, "section_id": section_id}})),
    )
    .await;
    assert_eq!(made.status, 201, "{}", made.text());
    let id = json_of(&made)["story"]["id"].as_i64().unwrap();
    let res = call(
        t,
        "PATCH",
        &format!("/stories/{id}/"),
        token,
        Some(json!({"story": {"version": 1, "step": "publish"}})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text());
    let story = json_of(&res)["story"].clone();
    let url = story["url"].as_str().unwrap();
    let path = url
        .strip_prefix("http://127.0.0.1:8080")
        .unwrap()
        .to_owned();
    (path, story)
}

async fn editor(t: &TestApp) -> String {
    token_for(
        t,
        "desk@example.com",
        Role::Editor,
        &[Scope::ReadContent, Scope::WriteContent],
    )
    .await
    .1
}

/// Nothing on the page makes the browser fetch from another site on load: every picture,
/// script, frame and stylesheet is this site's own.
fn assert_loads_only_from_the_site(page: &scraper::Html, path: &str) {
    let loading = [
        ("img", "src"),
        ("img", "srcset"),
        ("source", "srcset"),
        ("script", "src"),
        ("iframe", "src"),
        ("link[rel~='stylesheet']", "href"),
        ("link[rel~='preload']", "href"),
        ("link[rel~='icon']", "href"),
        ("video", "src"),
        ("audio", "src"),
    ];
    for (css, attr) in loading {
        for el in select(page, css) {
            if let Some(value) = el.value().attr(attr) {
                assert!(
                    value.starts_with('/') && !value.starts_with("//")
                        || value.starts_with("http://127.0.0.1:8080/"),
                    "{path}: <{css} {attr}={value:?}> loads from elsewhere"
                );
            }
        }
    }
    assert!(select(page, "iframe, object, embed").is_empty(), "{path}");
}

async fn a_pasted_video_and_track_are_placeholders_that_load_nothing(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let token = editor(&t).await;
    let body = format!(
        "The council met.\n\n{VIDEO}\n\nThen it voted.\n\n<{TRACK}>\n\nWatch {VIDEO} here.\n"
    );
    let (path, story) = publish(&t, &token, news.id, "Council meets", &body).await;
    // Stored as written: the Markdown is the source, the placeholder only its rendering.
    assert_eq!(story["body_markdown"], body.as_str());
    t.catch_up().await;

    let res = t.get(&path).await;
    assert_eq!(res.status, 200, "{path}");
    let page = res.html();
    let video = select(&page, "figure.embed.embed-youtube");
    assert_eq!(video.len(), 1, "{}", res.text());
    assert_eq!(video[0].value().attr("data-embed-src"), Some(VIDEO_FRAME));
    let link = select(&page, "figure.embed-youtube figcaption a");
    assert_eq!(link[0].value().attr("href"), Some(VIDEO));
    assert!(
        common::text_of(&video[0]).contains("Loads content from YouTube, which may set cookies.")
    );
    let track = select(&page, "figure.embed.embed-spotify");
    assert_eq!(track.len(), 1);
    assert_eq!(track[0].value().attr("data-embed-src"), Some(TRACK_FRAME));
    // The address inside a sentence stays a sentence.
    assert!(
        res.text()
            .contains("Watch https://www.youtube.com/watch?v=dQw4w9WgXcQ here.")
    );
    // The script is named once, deferred; nothing loads from the providers.
    let scripts = select(&page, SCRIPT);
    assert_eq!(scripts.len(), 1);
    assert!(scripts[0].value().attr("defer").is_some());
    assert_loads_only_from_the_site(&page, &path);
    // The policy lets exactly the providers' players be framed, and scripts only from here.
    let policy = res.header("content-security-policy");
    let frame_src = policy
        .split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix("frame-src "))
        .unwrap_or_else(|| panic!("no frame-src in {policy}"));
    for origin in [
        "https://www.youtube-nocookie.com",
        "https://open.spotify.com",
    ] {
        assert!(frame_src.split(' ').any(|o| o == origin), "{policy}");
    }
    assert!(policy.contains("script-src 'self';"), "{policy}");

    let script = t.get("/static/embed.js").await;
    assert_eq!(script.status, 200);
    assert!(script.header("content-type").starts_with("text/javascript"));
    assert!(script.text().contains("data-embed-src"));
}

async fn pages_without_an_embed_name_no_script_and_raw_html_makes_none(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let token = editor(&t).await;
    let (plain, _) = publish(
        &t,
        &token,
        news.id,
        "Plain story",
        "Just words.\n\nhttps://example.com/watch?v=dQw4w9WgXcQ\n",
    )
    .await;
    let forged = format!(
        "<figure class=\"embed embed-youtube\" data-embed-src=\"{VIDEO_FRAME}\" \
         data-embed-title=\"x\"><div class=\"embed-frame\">Load</div></figure>\n\n\
         <iframe src=\"{VIDEO_FRAME}\"></iframe>\n\n\
         <p><a href=\"{VIDEO}\">{VIDEO}</a></p>\n"
    );
    let (imitation, story) = publish(&t, &token, news.id, "Imitation", &forged).await;
    assert!(!story["body_html"].as_str().unwrap().contains("data-embed"));
    t.catch_up().await;
    for path in [&plain, &imitation] {
        let res = t.get(path).await;
        assert_eq!(res.status, 200, "{path}");
        let page = res.html();
        assert!(select(&page, SCRIPT).is_empty(), "{path}: {}", res.text());
        assert!(
            select(&page, "[data-embed-src], figure.embed").is_empty(),
            "{path}"
        );
        assert_loads_only_from_the_site(&page, path);
    }
}

async fn feeds_and_apis_carry_the_placeholder_link_and_no_script(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let token = editor(&t).await;
    let (_, story) = publish(
        &t,
        &token,
        news.id,
        "Video story",
        &format!("Words.\n\n{VIDEO}\n"),
    )
    .await;
    let id = story["id"].as_i64().unwrap();
    t.catch_up().await;
    let escaped_link = VIDEO.replace('&', "&amp;");
    for path in [
        "/feed.xml".to_owned(),
        "/atom.xml".to_owned(),
        "/feed.json".to_owned(),
        format!("/api/content/v1/posts/{id}/?formats=html"),
        format!("/api/content/v1/posts/{id}/?format=ninjs"),
    ] {
        let res = t.get(&path).await;
        assert_eq!(res.status, 200, "{path}: {}", res.text());
        let text = res.text();
        assert!(
            text.contains(VIDEO) || text.contains(&escaped_link),
            "{path}: no link to the video in {text}"
        );
        assert!(text.contains("embed-youtube"), "{path}: {text}");
        for absent in ["<iframe", "&lt;iframe", "embed.js", "<script", "&lt;script"] {
            assert!(!text.contains(absent), "{path}: {absent} in {text}");
        }
    }
}

/// What feedparser, the feed library most readers' servers use, keeps of each entry.
const READ_FEED: &str = r#"
import json, sys
if sys.argv[1] == "check":
    try:
        import feedparser
    except Exception as e:
        print(json.dumps({"missing": repr(e)}))
    else:
        print(json.dumps({"ok": feedparser.__version__}))
    sys.exit(0)
import feedparser
d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({"bozo": bool(d.bozo), "content": [
    " ".join(c.value for c in e.get("content", [])) for e in d.entries]}))
"#;

async fn a_feed_reader_keeps_the_placeholders_link(t: TestApp) {
    common::python::require(
        READ_FEED,
        "Python's feedparser",
        "pip install feedparser==6.0.14",
    );
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let token = editor(&t).await;
    publish(
        &t,
        &token,
        news.id,
        "Video story",
        &format!("Words.\n\n{VIDEO}\n"),
    )
    .await;
    t.catch_up().await;
    for feed in ["/feed.xml", "/atom.xml"] {
        let body = t.get(feed).await.body;
        let read = common::python::run(READ_FEED, "parse", &body).unwrap();
        assert_eq!(read["bozo"], false, "{feed}: {read}");
        let content = read["content"][0].as_str().unwrap();
        assert!(
            content.contains(&format!("href=\"{VIDEO}\"")),
            "{feed}: {content}"
        );
        assert!(content.contains("Watch on YouTube"), "{feed}: {content}");
        assert!(
            !content.contains("<iframe") && !content.contains("<script"),
            "{content}"
        );
    }
}

db_tests!(
    mod readers, ignore = "needs Python's feedparser: set NEWSDESK_TEST_PYTHON and run with -- --include-ignored";
    a_feed_reader_keeps_the_placeholders_link,
);

db_tests!(
    a_pasted_video_and_track_are_placeholders_that_load_nothing,
    pages_without_an_embed_name_no_script_and_raw_html_makes_none,
    feeds_and_apis_carry_the_placeholder_link_and_no_script,
);
