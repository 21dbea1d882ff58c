//! Publishing reaches every public place a story should be, through the running change-log
//! follower: its page, its section front, the home page, the section's feed, the sitemap,
//! search and the related stories of an older story on its topic. The time each place
//! took is printed (the benchmark, `bench/reach.sh`, reports p50/p99; this test only
//! insists that each place gets there).

use crate::common;

use common::desk::{sign_in, story_id};
use common::{TestApp, fixture};
use newsdesk_core::Role;
use std::time::{Duration, Instant};

async fn a_published_story_reaches_every_place_that_should_show_it(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let floods = fixture::tag(&t.store, "floods", "Floods").await;
    let mut older = fixture::story(news.id, "Flood barriers tested in York", 90);
    older.tag_ids = vec![floods.id];
    let older = t.store.create_article(&older, None).await.unwrap();
    t.catch_up().await;
    tokio::spawn(t.app.clone().follow_changes());
    // Every place is rendered and cached once before the story exists: what follows
    // proves the change log refreshed them, not that they were rendered fresh.
    let month = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::UTC)
        .strftime("%Y-%m")
        .to_string();
    let places = [
        ("article", String::new()),
        ("section front", "/news/".to_owned()),
        ("home page", "/".to_owned()),
        ("section feed", "/news/feed.xml".to_owned()),
        ("home feed", "/feed.json".to_owned()),
        ("sitemap", format!("/sitemaps/{month}.xml")),
        ("news sitemap", "/sitemaps/news.xml".to_owned()),
        ("search", "/search?q=zeppelinfield".to_owned()),
        ("related", format!("/news/{}", older.slug)),
    ];
    for (_, path) in &places[1..] {
        assert_eq!(t.get(path).await.status, 200, "{path}");
    }

    let editor = sign_in(&t, "ed@example.com", Role::Editor).await;
    let section = news.id.to_string();
    let tag = floods.id.to_string();
    let headline = "Zeppelinfield flood defences hold overnight";
    let fields = [
        ("headline", headline),
        ("body", "The barriers held."),
        ("section_id", section.as_str()),
        ("tag", tag.as_str()),
    ];
    let edit_url = editor.new_story(&t, &fields).await;
    let id = story_id(&edit_url);
    let mut publish = vec![("version", "1"), ("action", "publish")];
    publish.extend_from_slice(&fields);
    let published_at = Instant::now();
    let res = editor.post(&t, &edit_url, &publish).await;
    assert_eq!(res.status, 303, "{}", res.text());
    let slug = t.store.article(id).await.unwrap().unwrap().slug;
    let article = format!("/news/{slug}");

    let mut report = Vec::new();
    for (place, path) in &places {
        let path = if path.is_empty() { &article } else { path };
        // The sitemaps list the address; every other place shows the headline.
        let needle = if place.contains("sitemap") {
            slug.as_str()
        } else {
            headline
        };
        let deadline = published_at + Duration::from_secs(10);
        loop {
            let res = t.get(path).await;
            if res.status == 200 && res.text().contains(needle) {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{place} ({path}) never showed the story"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        report.push(format!("{place} {} ms", published_at.elapsed().as_millis()));
    }
    eprintln!("publish → visible: {}", report.join(", "));
}

db_tests!(a_published_story_reaches_every_place_that_should_show_it);

/// On PostgreSQL a node does not wait for its poll: a commit's `NOTIFY` wakes every
/// follower. With the poll set to a minute, a story another node publishes still reaches
/// this node's cached home page within seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: set NEWSDESK_TEST_POSTGRES_URL and run `cargo test --workspace -- --include-ignored`"]
async fn postgres_followers_wake_on_a_notice_not_the_poll() {
    let settings = newsdesk_web::Settings {
        change_poll_interval: Duration::from_secs(60),
        ..common::test_settings()
    };
    let t = TestApp::start_with(newsdesk_store::Backend::Postgres, settings).await;
    let news = fixture::section(&t.store, "news", "News", 0).await;
    t.catch_up().await;
    // The interval's first tick is at once: let that round pass before the home page is
    // cached, so only a notice can bring the next change.
    tokio::spawn(t.app.clone().follow_changes());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(t.get("/").await.status, 200);
    assert_eq!(t.get("/").await.header("x-cache"), "HIT");
    let woken = t.app.metrics.change_notices.get();

    // "Another node": a second connection pool on the same database writes the story.
    let other = newsdesk_store::Store::connect(&t.url, &Default::default())
        .await
        .unwrap();
    let story = fixture::story(news.id, "Zeppelinfield result declared", 1);
    let published_at = Instant::now();
    other.create_article(&story, None).await.unwrap();
    loop {
        if t.get("/")
            .await
            .text()
            .contains("Zeppelinfield result declared")
        {
            break;
        }
        assert!(
            published_at.elapsed() < Duration::from_secs(20),
            "the home page never showed the story: no notice woke the follower"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    eprintln!(
        "notice → home page: {} ms",
        published_at.elapsed().as_millis()
    );
    assert!(t.app.metrics.change_notices.get() > woken);
    other.close().await;
    t.finish().await;
}
