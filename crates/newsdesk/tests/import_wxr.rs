//! `newsdesk import wxr`: WordPress exports brought in through the newsroom's operations —
//! the real exports in `tests/data/wxr/`, hand-made ones for each rule, and hostile XML.

use crate::common;

use common::TestApp;
use common::importing::{accounted, as_administrator as newsroom, saves_unchanged};
use newsdesk_core::State;
use newsdesk_import::{ImportError, Options, Summary, import_wxr};
use newsdesk_newsroom::{Actor, Newsroom};
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    common::importing::data("wxr", name)
}

async fn import(t: &TestApp, file: &Path, options: &Options) -> Result<Summary, ImportError> {
    let (newsroom, actor) = match t.store.users().await.expect("users").first() {
        Some(u) => (
            Newsroom::new(t.store.clone(), t.media.clone(), Default::default()),
            Actor::person(u.id, u.role, u.author_id),
        ),
        None => newsroom(t).await,
    };
    import_wxr(&newsroom, &actor, file, options, &mut ()).await
}

/// A WXR file written into the test's data folder.
fn wxr(t: &TestApp, name: &str, items: &str) -> PathBuf {
    let path = t.data_dir().join(name);
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Old Gazette</title>
<link>https://old.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_blog_url>https://old.example</wp:base_blog_url>
<wp:author><wp:author_login>ann</wp:author_login><wp:author_display_name><![CDATA[Ann Reporter]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>world</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[World]]></wp:cat_name></wp:category>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>europe</wp:category_nicename><wp:category_parent>world</wp:category_parent><wp:cat_name><![CDATA[Europe]]></wp:cat_name></wp:category>
<wp:tag><wp:term_id>4</wp:term_id><wp:tag_slug>elections</wp:tag_slug><wp:tag_name><![CDATA[Elections]]></wp:tag_name></wp:tag>
{items}
</channel>
</rss>"#
    );
    std::fs::write(&path, xml).expect("write wxr");
    path
}

fn post(id: u32, status: &str, post_type: &str, extra: &str) -> String {
    format!(
        r#"<item>
<title>Post number {id}</title>
<link>https://old.example/2020/01/0{d}/post-{id}/</link>
<pubDate>Wed, 01 Jan 2020 10:00:00 +0000</pubDate>
<dc:creator><![CDATA[ann]]></dc:creator>
<guid isPermaLink="false">https://old.example/?p={id}</guid>
<content:encoded><![CDATA[First paragraph of {id}.

Second paragraph.]]></content:encoded>
<excerpt:encoded><![CDATA[The short of it.]]></excerpt:encoded>
<wp:post_id>{id}</wp:post_id>
<wp:post_date_gmt>2020-01-01 10:00:00</wp:post_date_gmt>
<wp:post_name>post-{id}</wp:post_name>
<wp:status>{status}</wp:status>
<wp:post_type>{post_type}</wp:post_type>
<category domain="category" nicename="europe"><![CDATA[Europe]]></category>
<category domain="post_tag" nicename="elections"><![CDATA[Elections]]></category>
{extra}
</item>"#,
        d = id % 9 + 1
    )
}

async fn story_of(t: &TestApp, wp_id: &str) -> newsdesk_core::Article {
    let record = t
        .store
        .import_record("https://old.example", "story", wp_id)
        .await
        .expect("read")
        .unwrap_or_else(|| panic!("post {wp_id} was not imported"));
    t.store
        .article(record.local_id)
        .await
        .expect("read")
        .expect("the story")
}

async fn both_shared_exports_import_with_every_item_accounted_for(t: TestApp) {
    let preview = import(
        &t,
        &data("wordpress-theme-preview.xml"),
        &Options::default(),
    )
    .await
    .expect("the theme preview imports");
    eprintln!("wordpress-theme-preview.xml: {preview:#?}");
    accounted(&preview);
    assert_eq!(preview.items, 7);
    assert_eq!(preview.created.stories, 7, "{preview:#?}");
    // Its one picture lives on an outside host: listed, and the import went on.
    assert!(
        preview
            .missing_media
            .iter()
            .any(|m| m.url.contains("boat.jpg")),
        "{preview:#?}"
    );
    let blocks = import(
        &t,
        &data("wordpress-block-test-data.xml"),
        &Options::default(),
    )
    .await
    .expect("the block test data imports");
    eprintln!("wordpress-block-test-data.xml: {blocks:#?}");
    accounted(&blocks);
    assert_eq!(blocks.items, 72);
    assert_eq!(blocks.created.stories, 61, "{blocks:#?}");
    assert_eq!(blocks.created.pages, 1, "{blocks:#?}");
    let reasons: Vec<&str> = blocks.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert!(
        reasons.iter().any(|r| r.contains("wp_navigation")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|r| r.contains(".mp3")), "{reasons:?}");
    assert!(
        blocks
            .missing_media
            .iter()
            .any(|m| m.url.contains("img_0747.jpg")),
        "{blocks:#?}"
    );
    assert!(blocks.comments > 0, "comments are counted");
    // A block-editor story: comments gone, content kept, nothing unsafe.
    let paragraph = t
        .store
        .import_record("https://wpthemetestdata.wordpress.com", "story", "16")
        .await
        .expect("read")
        .expect("the Paragraph post");
    let story = t.store.article(paragraph.local_id).await.unwrap().unwrap();
    assert_eq!(story.state, State::Published);
    assert!(
        story.body_html.contains("<p>A paragraph.</p>"),
        "{}",
        story.body_html
    );
    assert!(!story.body_markdown.contains("wp:paragraph"));
    assert_eq!(
        story.published_at,
        Some(1_707_148_390),
        "the WordPress publication time is kept"
    );
}

async fn wordpress_states_map_to_newsroom_states(t: TestApp) {
    let future = "<wp:post_date_gmt>2999-01-01 10:00:00</wp:post_date_gmt>";
    let items = [
        post(1, "publish", "post", ""),
        post(2, "draft", "post", ""),
        post(3, "pending", "post", ""),
        post(4, "future", "post", "").replace(
            "<wp:post_date_gmt>2020-01-01 10:00:00</wp:post_date_gmt>",
            future,
        ),
        post(5, "private", "post", ""),
        post(6, "trash", "post", ""),
        post(7, "publish", "page", ""),
        post(8, "publish", "nav_menu_item", ""),
        post(9, "publish", "wp_block", ""),
    ]
    .join("\n");
    let file = wxr(&t, "states.xml", &items);
    let s = import(&t, &file, &Options::default())
        .await
        .expect("imports");
    accounted(&s);
    assert_eq!(
        (s.created.stories, s.created.pages, s.items_skipped),
        (6, 1, 2),
        "{s:#?}"
    );
    for (id, state) in [
        ("1", State::Published),
        ("2", State::Draft),
        ("3", State::InReview),
        ("4", State::Scheduled),
        ("5", State::Unpublished),
    ] {
        assert_eq!(story_of(&t, id).await.state, state, "post {id}");
    }
    assert!(
        story_of(&t, "6").await.deleted_at.is_some(),
        "trash → trash"
    );
    let published = story_of(&t, "1").await;
    assert_eq!(published.first_published_at, Some(1_577_872_800));
    assert_eq!(published.standfirst, "The short of it.");
    assert!(published.body_html.contains("<p>First paragraph of 1.</p>"));
    // A child category: its top-level ancestor's section, and a topic named after it.
    let section = t
        .store
        .section(published.section_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(section.slug.as_str(), "world");
    let mut topics = Vec::new();
    for id in &published.tag_ids {
        topics.push(t.store.tag(*id).await.unwrap().unwrap().name);
    }
    topics.sort();
    assert_eq!(topics, ["Elections", "Europe"]);
    let author = t
        .store
        .author(published.author_ids[0])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(author.name, "Ann Reporter");
    let reasons: Vec<&str> = s.skipped.iter().map(|k| k.reason.as_str()).collect();
    assert!(
        reasons.iter().any(|r| r.contains("menu entry")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("reusable block")),
        "{reasons:?}"
    );
}

async fn a_published_story_is_served_at_its_new_address_and_its_old_ones_301_there(t: TestApp) {
    let page = post(7, "publish", "page", "").replace(
        "https://old.example/2020/01/08/post-7/",
        "https://old.example/about-us/",
    );
    let file = wxr(
        &t,
        "site.xml",
        &[post(1, "publish", "post", ""), page].join("\n"),
    );
    import(&t, &file, &Options::default())
        .await
        .expect("imports");
    t.catch_up().await;
    let story = t.get("/world/post-1").await;
    assert_eq!(story.status, 200);
    assert!(story.text().contains("Post number 1"));
    for old in ["/2020/01/02/post-1/", "/2020/01/02/post-1", "/?p=1"] {
        let moved = t.get(old).await;
        assert_eq!(moved.status, 301, "{old}");
        assert_eq!(moved.header("location"), "/world/post-1", "{old}");
    }
    let about = t.get("/about-us/").await;
    assert_eq!(about.status, 301);
    assert_eq!(about.header("location"), "/post-7");
    assert_eq!(t.get("/post-7").await.status, 200);
    assert_eq!(t.get("/?p=7").await.header("location"), "/post-7");
    // The home page with no such post is still the home page.
    assert_eq!(t.get("/?p=99").await.status, 200);
}

/// Old addresses that meet redirects already there, or each other, follow the desk's rules
/// for a moved story: a chain to an old address now ends at the new one, and of two posts
/// claiming one address, the later has it.
async fn old_addresses_meeting_other_redirects_keep_chains_short(t: TestApp) {
    t.store
        .add_old_address("/older-still", "/2020/01/02/post-1/", None)
        .await
        .expect("a redirect from before the import");
    // The second post once lived at the first one's address.
    let second = post(2, "publish", "post", "").replace(
        "https://old.example/2020/01/03/post-2/",
        "https://old.example/2020/01/02/post-1/",
    );
    let file = wxr(
        &t,
        "meeting.xml",
        &[post(1, "publish", "post", ""), second].join("\n"),
    );
    import(&t, &file, &Options::default())
        .await
        .expect("imports");
    t.catch_up().await;
    let chained = t.get("/older-still").await;
    assert_eq!(chained.status, 301);
    assert_eq!(chained.header("location"), "/world/post-1");
    let shared = t.get("/2020/01/02/post-1/").await;
    assert_eq!(shared.status, 301);
    assert_eq!(shared.header("location"), "/world/post-2");
    assert_eq!(t.get("/?p=1").await.header("location"), "/world/post-1");
    assert_eq!(t.get("/?p=2").await.header("location"), "/world/post-2");
}

async fn a_second_run_creates_nothing_new_and_updates_a_changed_item(t: TestApp) {
    let items = [post(1, "publish", "post", ""), post(2, "draft", "post", "")].join("\n");
    let file = wxr(&t, "again.xml", &items);
    let first = import(&t, &file, &Options::default())
        .await
        .expect("first run");
    assert_eq!(first.created.stories, 2);
    let before = story_of(&t, "1").await;
    let again = import(&t, &file, &Options::default())
        .await
        .expect("second run");
    accounted(&again);
    assert_eq!(again.created, Default::default(), "{again:#?}");
    assert_eq!(again.items_unchanged, 2);
    assert_eq!(
        story_of(&t, "1").await.version,
        before.version,
        "left alone"
    );
    let changed = items.replace("First paragraph of 1.", "A corrected first paragraph.");
    let file = wxr(&t, "again.xml", &changed);
    let third = import(&t, &file, &Options::default())
        .await
        .expect("third run");
    assert_eq!(third.created, Default::default(), "{third:#?}");
    assert_eq!(
        (third.updated.stories, third.items_unchanged),
        (1, 1),
        "{third:#?}"
    );
    let after = story_of(&t, "1").await;
    assert_eq!(after.id, before.id);
    assert!(after.body_html.contains("A corrected first paragraph."));
    assert_eq!(after.state, State::Published);
    assert_eq!(after.first_published_at, before.first_published_at);
    assert_eq!(t.store.authors().await.unwrap().len(), 1);
}

async fn nothing_is_written_from_hostile_or_broken_xml(t: TestApp) {
    let cases = [
        (
            "xxe.xml",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<rss><channel><item><title>&xxe;</title><wp:post_type>post</wp:post_type></item></channel></rss>",
            "DOCTYPE",
            2,
        ),
        (
            "laughs.xml",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n]>\n<rss><channel><item><title>&lol2;</title></item></channel></rss>",
            "DOCTYPE",
            2,
        ),
    ];
    let mut files: Vec<(PathBuf, &str, u64)> = cases
        .iter()
        .map(|(name, xml, says, line)| {
            let path = t.data_dir().join(name);
            std::fs::write(&path, xml).unwrap();
            (path, *says, *line)
        })
        .collect();
    // A real export broken near its end: the posts before it must not be written either.
    let whole = std::fs::read_to_string(data("wordpress-theme-preview.xml")).unwrap();
    let at = whole.rfind("</wp:status>").unwrap();
    let broken = format!("{}</wp:statu>{}", &whole[..at], &whole[at + 12..]);
    let line = whole[..at].lines().count() as u64;
    let path = t.data_dir().join("broken.xml");
    std::fs::write(&path, broken).unwrap();
    files.push((path, "broken", line));
    for (file, says, line) in files {
        let err = import(&t, &file, &Options::default())
            .await
            .expect_err("refused");
        let ImportError::Xml {
            line: at,
            column,
            ref message,
            ..
        } = err
        else {
            panic!("{err}");
        };
        assert!(message.contains(says), "{err}");
        assert_eq!(at, line, "{err}");
        assert!(column > 0);
        assert!(err.to_string().contains("Nothing was imported"), "{err}");
    }
    assert!(t.store.section_choices().await.unwrap().is_empty());
    assert!(t.store.authors().await.unwrap().is_empty());
    assert!(
        t.store
            .import_record("https://wp-themes.com", "story", "19")
            .await
            .unwrap()
            .is_none()
    );
}

fn attachment(id: u32, file: &str) -> String {
    format!(
        r#"<item>
<title>Picture {id}</title>
<link>https://old.example/?attachment_id={id}</link>
<guid isPermaLink="false">https://old.example/wp-content/uploads/2020/01/{file}</guid>
<excerpt:encoded><![CDATA[Crowds outside the <em>count</em>.]]></excerpt:encoded>
<wp:post_id>{id}</wp:post_id>
<wp:status>inherit</wp:status>
<wp:post_type>attachment</wp:post_type>
<wp:attachment_url>https://old.example/wp-content/uploads/2020/01/{file}</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value><![CDATA[People queueing to vote]]></wp:meta_value></wp:postmeta>
</item>"#
    )
}

fn illustrated_post() -> String {
    post(
        1,
        "publish",
        "post",
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>50</wp:meta_value></wp:postmeta>",
    )
    .replace(
        "Second paragraph.",
        "[caption id=\"attachment_50\" width=\"300\"]<img src=\"https://old.example/wp-content/uploads/2020/01/queue-300x150.jpg\" alt=\"\" width=\"300\" /> The queue at noon.[/caption]\n\nLast words.",
    )
}

async fn missing_pictures_are_listed_and_the_import_carries_on(t: TestApp) {
    let items = [
        attachment(50, "queue.jpg"),
        illustrated_post(),
        post(2, "publish", "post", ""),
    ]
    .join("\n");
    let file = wxr(&t, "missing.xml", &items);
    let s = import(&t, &file, &Options::default())
        .await
        .expect("imports");
    accounted(&s);
    assert_eq!(s.created.stories, 2);
    assert_eq!(s.created.pictures, 0);
    assert!(
        s.missing_media
            .iter()
            .any(|m| m.url.ends_with("2020/01/queue.jpg")),
        "{s:#?}"
    );
    let story = story_of(&t, "1").await;
    assert_eq!(story.lead_media_id, None);
    assert!(
        story
            .body_html
            .contains("<figcaption>The queue at noon.</figcaption>")
    );
}

async fn an_uploads_folder_supplies_the_pictures(t: TestApp) {
    use newsdesk_media::fixtures;
    let uploads = t.data_dir().join("uploads");
    std::fs::create_dir_all(uploads.join("2020/01")).unwrap();
    let iptc = fixtures::iptc_app13(&[(110, "Jo Bloggs/Wire")]);
    std::fs::write(
        uploads.join("2020/01/queue.jpg"),
        fixtures::jpeg_with(&[(0xED, iptc)]),
    )
    .unwrap();
    let items = [attachment(50, "queue.jpg"), illustrated_post()].join("\n");
    let file = wxr(&t, "pictures.xml", &items);
    let options = Options {
        uploads: Some(uploads),
        ..Options::default()
    };
    let s = import(&t, &file, &options).await.expect("imports");
    accounted(&s);
    assert!(s.missing_media.is_empty(), "{s:#?}");
    assert_eq!(s.created.pictures, 1);
    let story = story_of(&t, "1").await;
    let lead = story
        .lead_media_id
        .expect("the featured image is the lead picture");
    let media = t.store.media(lead).await.unwrap().unwrap();
    assert_eq!(media.alt, "People queueing to vote");
    assert_eq!(media.caption, "Crowds outside the count.");
    assert_eq!(
        media.credit, "Jo Bloggs/Wire",
        "credit from the file's IPTC"
    );
    let src = newsdesk_store::picture_of(&media).src;
    assert!(
        story.body_html.contains(&format!("src=\"{src}\"")),
        "{}",
        story.body_html
    );
    assert!(
        !story.body_html.contains("old.example/wp-content"),
        "{}",
        story.body_html
    );
    t.catch_up().await;
    assert_eq!(t.get(&src).await.status, 200);
    let again = import(&t, &file, &options).await.expect("second run");
    assert_eq!(again.created, Default::default(), "{again:#?}");
}

/// The old site, still up: serves one picture under its uploads address, 404 for the rest.
async fn old_site(picture: Vec<u8>) -> String {
    let app = axum::Router::new()
        .route(
            "/wp-content/uploads/2020/01/queue.jpg",
            axum::routing::get(move || {
                let picture = picture.clone();
                async move { ([("content-type", "image/jpeg")], picture) }
            }),
        )
        .fallback(|| async { axum::http::StatusCode::NOT_FOUND });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

/// Fetches with the server's own outgoing client, as `newsdesk import wxr` does.
struct Web(newsdesk_web::outbound::Outbound);

impl newsdesk_import::Fetch for Web {
    fn fetch<'a>(
        &'a self,
        url: &'a str,
        max_bytes: u64,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<Vec<u8>, String>> + Send + 'a>> {
        Box::pin(async move {
            self.0
                .download(url, max_bytes, std::time::Duration::from_secs(10))
                .await
                .map(|b| b.to_vec())
                .map_err(|e| e.to_string())
        })
    }
}

fn fetching(allow: &[&str]) -> Options {
    let allow = allow.iter().map(|r| r.parse().unwrap()).collect();
    Options {
        fetch: Some(newsdesk_import::Fetcher(std::sync::Arc::new(Web(
            newsdesk_web::outbound::Outbound::new(allow),
        )))),
        ..Options::default()
    }
}

/// Without an uploads folder, a picture is fetched from the old site when it answers —
/// through the outgoing client, so an old site inside the network is refused unless
/// `outbound_allow` names it, and a file the old site no longer has is listed as missing.
async fn pictures_are_fetched_from_the_old_site_when_it_answers(t: TestApp) {
    use newsdesk_media::fixtures;
    let iptc = fixtures::iptc_app13(&[(110, "Jo Bloggs/Wire")]);
    let site = old_site(fixtures::jpeg_with(&[(0xED, iptc)])).await;
    let items = [
        attachment(50, "queue.jpg"),
        attachment(51, "gone.jpg"),
        illustrated_post(),
    ]
    .join("\n")
    .replace("https://old.example", &site);

    let refused = wxr(&t, "refused.xml", &items);
    let s = import(&t, &refused, &fetching(&[])).await.expect("imports");
    accounted(&s);
    assert_eq!(s.created.pictures, 0, "{s:#?}");
    let queue = s
        .missing_media
        .iter()
        .find(|m| m.url.ends_with("/queue.jpg"))
        .expect("listed as missing");
    assert!(
        queue.reason.contains("loopback address") && queue.reason.contains("outbound_allow"),
        "{}",
        queue.reason
    );

    // The same export again, now allowed to reach the old site: the picture comes in,
    // and the story that missed it is updated to show it.
    let s = import(&t, &refused, &fetching(&["127.0.0.1/32"]))
        .await
        .expect("imports");
    accounted(&s);
    assert_eq!(s.created.pictures, 1, "{s:#?}");
    assert_eq!(s.updated.stories, 1, "{s:#?}");
    let gone = s
        .missing_media
        .iter()
        .find(|m| m.url.ends_with("/gone.jpg"))
        .expect("the file the old site lost is listed");
    assert!(gone.reason.contains("answered 404"), "{}", gone.reason);
    let story = story_of(&t, "1").await;
    let media = t
        .store
        .media(story.lead_media_id.expect("lead picture fetched"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        media.credit, "Jo Bloggs/Wire",
        "credit from the fetched file's IPTC"
    );
    assert_eq!(media.alt, "People queueing to vote");
}

async fn an_imported_story_saves_unchanged_from_the_desk(t: TestApp) {
    import(
        &t,
        &data("wordpress-theme-preview.xml"),
        &Options::default(),
    )
    .await
    .expect("imports");
    let (newsroom, actor) = {
        let u = t.store.users().await.unwrap().remove(0);
        (
            Newsroom::new(t.store.clone(), t.media.clone(), Default::default()),
            Actor::person(u.id, u.role, u.author_id),
        )
    };
    for wp_id in ["19", "36"] {
        let record = t
            .store
            .import_record("https://wp-themes.com", "story", wp_id)
            .await
            .unwrap()
            .unwrap();
        let story = t.store.article(record.local_id).await.unwrap().unwrap();
        saves_unchanged(&newsroom, &actor, &story, &format!("post {wp_id}")).await;
    }
}

db_tests!(
    both_shared_exports_import_with_every_item_accounted_for,
    wordpress_states_map_to_newsroom_states,
    a_published_story_is_served_at_its_new_address_and_its_old_ones_301_there,
    old_addresses_meeting_other_redirects_keep_chains_short,
    a_second_run_creates_nothing_new_and_updates_a_changed_item,
    nothing_is_written_from_hostile_or_broken_xml,
    missing_pictures_are_listed_and_the_import_carries_on,
    an_uploads_folder_supplies_the_pictures,
    pictures_are_fetched_from_the_old_site_when_it_answers,
    an_imported_story_saves_unchanged_from_the_desk,
    an_import_is_not_announced_to_webhooks,
    a_refused_story_is_skipped_alone_and_the_rest_of_its_batch_arrives,
);

/// New stories arrive in batches, all or none; when the newsroom refuses one of a batch,
/// the rest still arrive and only the refused one is skipped, with its own reason. Here
/// fifty posts share one address: the newsroom numbers them up to `-48`, as at the desk,
/// and refuses the last two.
async fn a_refused_story_is_skipped_alone_and_the_rest_of_its_batch_arrives(t: TestApp) {
    let items: Vec<String> = (1..=50)
        .map(|id| {
            post(id, "publish", "post", "").replace(
                &format!("<wp:post_name>post-{id}</wp:post_name>"),
                "<wp:post_name>same-address</wp:post_name>",
            )
        })
        .collect();
    let file = wxr(&t, "same.xml", &items.join("\n"));
    let summary = import(&t, &file, &Options::default())
        .await
        .expect("import");
    accounted(&summary);
    assert_eq!(summary.created.stories, 48, "{summary:#?}");
    assert_eq!(summary.items_imported, 48, "{summary:#?}");
    let refused: Vec<_> = summary
        .skipped
        .iter()
        .filter(|s| s.reason.contains("address"))
        .collect();
    assert_eq!(refused.len(), 2, "{summary:#?}");
    assert!(
        refused
            .iter()
            .all(|s| s.what.contains("Post number 49") || s.what.contains("Post number 50")),
        "{refused:#?}"
    );
    let first = story_of(&t, "1").await;
    assert_eq!(first.slug.as_str(), "same-address");
    assert_eq!(story_of(&t, "48").await.slug.as_str(), "same-address-48");
    for id in ["49", "50"] {
        let record = t
            .store
            .import_record("https://old.example", "story", id)
            .await
            .unwrap();
        assert!(record.is_none(), "post {id} was refused, yet remembered");
    }
    assert_eq!(t.store.count_articles().await.unwrap(), 48);
}

/// An archive is not news: an import's publications reach the site but not webhooks,
/// while a story published at the desk afterwards is announced as usual.
async fn an_import_is_not_announced_to_webhooks(t: TestApp) {
    let hook = newsdesk_store::NewWebhook {
        name: "Newsletter",
        event: "post.published",
        target_url: "https://hooks.example.com/ghost",
        secret: "s3cret",
    };
    let hook = t.store.add_webhook(&hook, None).await.unwrap();
    let file = wxr(
        &t,
        "site.xml",
        &[
            post(1, "publish", "post", ""),
            post(2, "publish", "post", ""),
        ]
        .join("\n"),
    );
    import(&t, &file, &Options::default())
        .await
        .expect("imports");
    t.catch_up().await;
    assert_eq!(
        t.get("/world/post-1").await.status,
        200,
        "the site shows it"
    );
    t.app.queue_webhooks().await.unwrap();
    assert!(
        t.store.deliveries(hook.id, 10).await.unwrap().is_empty(),
        "nothing announced"
    );
    // The same newsroom, at the desk: announced.
    let admin = t.store.users().await.unwrap().remove(0);
    let newsroom = Newsroom::new(t.store.clone(), t.media.clone(), Default::default());
    let actor = Actor::person(admin.id, admin.role, admin.author_id);
    let world = t.store.section_by_slug("world").await.unwrap().unwrap();
    let story = t
        .store
        .article_by_slug(world.id, "post-1")
        .await
        .unwrap()
        .unwrap();
    newsroom
        .save_story(
            &actor,
            story.id,
            story.version,
            newsdesk_core::workflow::Step::Unpublish,
            Default::default(),
        )
        .await
        .unwrap();
    let story = t.store.article(story.id).await.unwrap().unwrap();
    newsroom
        .save_story(
            &actor,
            story.id,
            story.version,
            newsdesk_core::workflow::Step::Publish,
            Default::default(),
        )
        .await
        .unwrap();
    t.app.queue_webhooks().await.unwrap();
    let sent = t.store.deliveries(hook.id, 10).await.unwrap();
    assert_eq!(sent.len(), 1, "{sent:?}");
}

/// The command as an operator runs it: an administrator first, then the import, twice.
#[test]
fn the_command_imports_and_summarises() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_str().unwrap();
    let newsdesk = || {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_newsdesk"));
        for (key, _) in std::env::vars() {
            if key.starts_with("NEWSDESK_") {
                cmd.env_remove(key);
            }
        }
        cmd.env_remove("RUST_LOG").env("NEWSDESK_LOG_LEVEL", "warn");
        cmd.args(["--data-dir", data_dir]);
        cmd
    };
    let file = data("wordpress-theme-preview.xml");
    let refused = newsdesk()
        .args(["import", "wxr"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("newsdesk user add --role admin"));
    common::process::add_admin(newsdesk(), "chief@example.com");
    // Without fetching: the test must not depend on the theme-test site being reachable.
    let first = newsdesk()
        .args(["import", "wxr", "--no-fetch"])
        .arg(&file)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(out.contains("7 imported"), "{out}");
    assert!(out.contains("Pictures missing"), "{out}");
    assert!(out.contains("fetching from the old site is off"), "{out}");
    let second = newsdesk()
        .args(["import", "wxr", "--no-fetch"])
        .arg(&file)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&second.stdout);
    assert!(out.contains("0 imported, 0 updated, 7 unchanged"), "{out}");
}
