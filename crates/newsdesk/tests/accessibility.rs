//! axe-core (from npm, pinned in `tests/axe/package.json`) in a real headless Chromium:
//! every desk page an administrator reaches, the story editor in both writing modes, the
//! sign-in page, and an article with an embed, checked against WCAG 2.1 A and AA. Any
//! violation fails the test, with the rule, its impact and where.
//!
//! Ignored by a plain `cargo test`; `-- --include-ignored` runs it, and it fails when the
//! browser or `npm ci` in `tests/axe` is missing.

use crate::common;

use common::browser::{browser, person, serve, shot, sign_in, start_driver};
use common::{TestApp, fixture};
use fantoccini::Client;
use newsdesk_core::Role;
use newsdesk_store::Backend;
use std::path::Path;

const AXE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/axe/node_modules/axe-core/axe.min.js"
);

/// axe's findings on the page `client` shows: one line per rule broken, with up to three
/// places.
async fn violations(client: &Client, axe: &str) -> Vec<String> {
    client.execute(axe, vec![]).await.unwrap();
    let found = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
               .then((r) => done(r.violations.map((v) => v.impact + ' ' + v.id + ': ' + v.help + ' at ' +
                 v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '))))
               .catch((e) => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a browser and axe-core: apt-get install chromium chromium-driver; npm ci in crates/newsdesk/tests/axe; then run with -- --include-ignored"]
async fn every_desk_page_and_an_article_with_an_embed_pass_axe() {
    assert!(
        Path::new(AXE).exists(),
        "axe-core is missing: run `npm ci` in crates/newsdesk/tests/axe"
    );
    let axe = std::fs::read_to_string(AXE).unwrap();
    let (_driver, driver_port) = start_driver().await;
    let t = TestApp::start(Backend::Sqlite).await;
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let topic = fixture::tag(&t.store, "floods", "Floods").await;
    let author = fixture::author(&t.store, "ann-ray", "Ann Ray", "Reports on floods.").await;
    let photo = fixture::photo(
        &t.store,
        &t.media,
        7,
        "The river over the quay",
        "The quay at dawn.",
        "Ann Ray",
    )
    .await;
    let mut story = fixture::story(news.id, "River bursts its banks at the old port", 5);
    story.body_markdown = "The river rose two metres overnight.\n\n\
        https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n\
        > \"We have never seen it this high,\" said a harbour master.\n"
        .into();
    story.body_html = newsdesk_render::markdown::to_safe_html(&story.body_markdown);
    story.lead_media_id = Some(photo.id);
    story.tag_ids = vec![topic.id];
    story.author_ids = vec![author.id];
    let story = t.store.create_article(&story, None).await.unwrap();
    let mut draft = fixture::story(news.id, "Council to vote on flood walls", 1);
    draft.state = newsdesk_core::State::Draft;
    t.store.create_article(&draft, None).await.unwrap();
    person(&t, "chief@example.com", "Chief Editor", Role::Admin).await;
    t.catch_up().await;
    let base = serve(&t).await;
    let client = browser(driver_port).await;

    let mut found = Vec::new();
    let mut check = async |client: &Client, path: &str| {
        client.goto(&format!("{base}{path}")).await.unwrap();
        // A desk address that failed would be checked as an error page: make sure not.
        if path.starts_with("/admin/") && path != "/admin/login" {
            let desk = client
                .find(fantoccini::Locator::Css(
                    "body.desk .desk-main h1, body.desk .editor-layout",
                ))
                .await;
            assert!(desk.is_ok(), "{path} is not a desk page");
        }
        for v in violations(client, &axe).await {
            found.push(format!("{path}: {v}"));
        }
    };
    check(&client, "/admin/login").await;
    let article = format!("/news/{}", story.slug.as_str());
    check(&client, &article).await;

    sign_in(&client, &base, "chief@example.com").await;
    let mut pages: Vec<String> = vec![
        "/admin/?view=drafts".into(),
        "/admin/?view=published&sort=headline".into(),
        "/admin/stories/new".into(),
        format!("/admin/stories/{}", story.id),
        format!("/admin/stories/{}/revisions", story.id),
        format!("/admin/media/{}", photo.id),
        format!("/admin/sections/{}", news.id),
        format!("/admin/topics/{}", topic.id),
        format!("/admin/authors/{}", author.id),
        "/admin/pages/new".into(),
        "/admin/account".into(),
    ];
    // And every page the navigation leads to.
    client.goto(&format!("{base}/admin/")).await.unwrap();
    for link in client
        .find_all(fantoccini::Locator::Css(".desk-nav a"))
        .await
        .unwrap()
    {
        pages.push(link.attr("href").await.unwrap().unwrap());
    }
    for path in &pages {
        check(&client, path).await;
    }
    // The editor in rich-text mode too (sign_in chose Markdown).
    client
        .execute("localStorage.removeItem('newsdesk:body-editor')", vec![])
        .await
        .unwrap();
    check(&client, &format!("/admin/stories/{}", story.id)).await;
    shot(&client, "axe-editor-rich-text").await;
    assert!(
        found.is_empty(),
        "axe found {} violations on {} pages:\n{}",
        found.len(),
        pages.len() + 3,
        found.join("\n")
    );
}
