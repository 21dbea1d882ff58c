//! An embed in a real headless Chromium: the article page loads nothing from YouTube; a
//! click on "Load" puts the youtube-nocookie player's frame in the placeholder's place,
//! and the Content-Security-Policy lets it. (The player itself may not load on a machine
//! without a network; the frame appearing with its address is what is checked.)
//!
//! Ignored by a plain `cargo test`; with `-- --include-ignored` a missing browser fails it.

use crate::common;

use common::browser::{
    assert_nothing_ran, click, hooked_browser, serve, shot, start_driver, take_runs,
};
use common::{TestApp, fixture};
use fantoccini::Locator;
use newsdesk_store::Backend;
use std::time::{Duration, Instant};

const FRAME: &str = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a browser: apt-get install chromium chromium-driver, then run with -- --include-ignored"]
async fn a_readers_click_loads_the_player_and_nothing_loads_before() {
    let (_driver, driver_port) = start_driver().await;
    let t = TestApp::start(Backend::Sqlite).await;
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let mut story = fixture::story(news.id, "Flood footage", 5);
    story.body_markdown =
        "The river rose overnight.\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nIt fell by noon.".into();
    story.body_html = newsdesk_render::markdown::to_safe_html(&story.body_markdown);
    t.store.create_article(&story, None).await.unwrap();
    t.catch_up().await;
    let base = serve(&t).await;

    let reader = hooked_browser(driver_port).await;
    reader
        .goto(&format!("{base}/news/flood-footage"))
        .await
        .unwrap();
    // Every resource the page fetched is the site's own.
    let fetched = reader
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name)",
            vec![],
        )
        .await
        .unwrap();
    let fetched: Vec<String> = serde_json::from_value(fetched).unwrap();
    assert!(
        fetched.iter().any(|u| u.ends_with("/static/embed.js")),
        "{fetched:?}"
    );
    for url in &fetched {
        assert!(url.starts_with(&base), "fetched on load: {url}");
    }
    assert!(reader.find(Locator::Css("iframe")).await.is_err());
    assert_nothing_ran(&reader, "the article page before a click").await;
    shot(&reader, "embed-0-placeholder").await;

    click(&reader, "figure.embed-youtube button.embed-load").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    let frame = loop {
        if let Ok(frame) = reader
            .find(Locator::Css("figure.embed-youtube.is-loaded iframe"))
            .await
        {
            break frame;
        }
        assert!(Instant::now() < deadline, "no frame after the click");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(frame.attr("src").await.unwrap().as_deref(), Some(FRAME));
    assert_eq!(
        frame.attr("title").await.unwrap().as_deref(),
        Some("YouTube video")
    );
    let sandbox = frame.attr("sandbox").await.unwrap().unwrap_or_default();
    assert!(sandbox.contains("allow-scripts") && !sandbox.contains("allow-top-navigation"));
    shot(&reader, "embed-1-loaded").await;
    // The policy let the frame be (its player may still fail offline, inside the frame).
    let blocked: Vec<String> = take_runs(&reader)
        .await
        .into_iter()
        .filter(|r| r.starts_with("csp") && r.contains(&base))
        .collect();
    assert!(blocked.is_empty(), "{blocked:#?}");
    reader.close().await.unwrap();
    t.finish().await;
}
