//! `newsdesk import ghost`: Ghost exports brought in through the newsroom's operations —
//! the hand-made exports in `tests/data/ghost/` (Ghost 5 with Lexical bodies, Ghost 4
//! with mobiledoc, Ghost 2 with HTML and mobiledoc in the bare `{meta, data}` shape).

use crate::common;

use common::TestApp;
use common::importing::{accounted, as_administrator as newsroom, saves_unchanged};
use newsdesk_core::{Article, State};
use newsdesk_import::{ImportError, Options, Summary, import_ghost};
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    common::importing::data("ghost", name)
}

const GHOST_5: &str = "ghost-5-lexical.json";
const GHOST_4: &str = "ghost-4-mobiledoc.json";
const GHOST_2: &str = "ghost-2-html.json";

async fn import(t: &TestApp, file: &Path, options: &Options) -> Result<Summary, ImportError> {
    let (newsroom, actor) = newsroom(t).await;
    import_ghost(&newsroom, &actor, file, options, &mut ()).await
}

/// The import mapping's name for a fixture: its file name (they carry no site address).
async fn story(t: &TestApp, file: &str, ghost_id: &str) -> Article {
    let record = t
        .store
        .import_record(file, "story", ghost_id)
        .await
        .expect("read")
        .unwrap_or_else(|| panic!("post {ghost_id} of {file} was not imported"));
    t.store
        .article(record.local_id)
        .await
        .expect("read")
        .expect("the story")
}

async fn page(t: &TestApp, file: &str, ghost_id: &str) -> newsdesk_core::Page {
    let record = t
        .store
        .import_record(file, "page", ghost_id)
        .await
        .expect("read")
        .unwrap_or_else(|| panic!("page {ghost_id} of {file} was not imported"));
    t.store.page(record.local_id).await.unwrap().unwrap()
}

async fn topic_names(t: &TestApp, a: &Article) -> Vec<String> {
    let mut names = Vec::new();
    for id in &a.tag_ids {
        names.push(t.store.tag(*id).await.unwrap().unwrap().name);
    }
    names
}

async fn byline(t: &TestApp, a: &Article) -> Vec<String> {
    let mut names = Vec::new();
    for id in &a.author_ids {
        names.push(t.store.author(*id).await.unwrap().unwrap().name);
    }
    names
}

/// An images folder holding every picture the fixtures name, as small JPEGs (each of
/// its own size: the library keeps one picture for the same bytes).
fn images_folder(t: &TestApp) -> PathBuf {
    use newsdesk_media::fixtures;
    let root = t.data_dir().join("content-images");
    for (n, path) in [
        "2024/03/count.jpg",
        "2024/03/queue.jpg",
        "2024/03/hall-1.jpg",
        "2024/03/hall-2.jpg",
        "2024/01/team.jpg",
        "2024/01/ann.jpg",
    ]
    .into_iter()
    .enumerate()
    {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let width = 40 + 8 * n as u32;
        std::fs::write(file, fixtures::jpeg_sized_with(width, 30, &[])).unwrap();
    }
    root
}

const VOTES: &str = "65f0000000000000000000a1";
const HARBOUR: &str = "6150000000000000000000c1";
const RIVER: &str = "5cc000000000000000000001";

async fn every_fixture_imports_with_every_item_accounted_for(t: TestApp) {
    let five = import(&t, &data(GHOST_5), &Options::default())
        .await
        .expect("the Ghost 5 export imports");
    eprintln!("{GHOST_5}: {five:#?}");
    accounted(&five);
    assert_eq!(five.source, GHOST_5);
    assert_eq!(five.items, 7);
    assert_eq!(
        (five.created.stories, five.created.pages, five.items_skipped),
        (5, 2, 0),
        "{five:#?}"
    );
    assert_eq!(five.created.authors, 3);
    assert_eq!(five.created.topics, 4, "the internal tag is not a topic");
    let internal: Vec<_> = five
        .skipped
        .iter()
        .filter(|s| s.what.contains("#featured"))
        .collect();
    assert_eq!(internal.len(), 1, "{five:#?}");
    assert!(internal[0].reason.contains("internal tag"));
    // No images folder: the pictures are listed, and the import went on.
    for name in [
        "count.jpg",
        "queue.jpg",
        "hall-1.jpg",
        "team.jpg",
        "ann.jpg",
    ] {
        assert!(
            five.missing_media.iter().any(|m| m.url.ends_with(name)),
            "{name}: {five:#?}"
        );
    }
    assert!(
        five.missing_media
            .iter()
            .all(|m| m.reason.contains("--images"))
    );

    let four = import(&t, &data(GHOST_4), &Options::default())
        .await
        .expect("the Ghost 4 export imports");
    eprintln!("{GHOST_4}: {four:#?}");
    accounted(&four);
    assert_eq!(four.items, 5);
    assert_eq!(
        (four.created.stories, four.created.pages),
        (4, 1),
        "{four:#?}"
    );
    assert!(four.skipped.iter().any(|s| s.what.contains("#import-2021")));

    let two = import(&t, &data(GHOST_2), &Options::default())
        .await
        .expect("the Ghost 2 export imports");
    eprintln!("{GHOST_2}: {two:#?}");
    accounted(&two);
    assert_eq!(two.items, 4);
    assert_eq!((two.created.stories, two.created.pages), (3, 1), "{two:#?}");
    assert!(
        two.skipped.iter().any(|s| s.what.contains("#legacy")),
        "a # name is internal even where the export says public"
    );
    let privacy = page(&t, GHOST_2, "5cc000000000000000000004").await;
    assert!(privacy.published, "`page: true` of old exports is a page");
    assert_eq!(privacy.slug.as_str(), "privacy");
}

async fn ghost_states_map_to_newsroom_states(t: TestApp) {
    let s = import(&t, &data(GHOST_5), &Options::default())
        .await
        .expect("imports");
    let votes = story(&t, GHOST_5, VOTES).await;
    assert_eq!(votes.state, State::Published);
    assert_eq!(
        votes.first_published_at,
        Some(1_709_283_600),
        "Ghost's time kept"
    );
    assert_eq!(votes.slug.as_str(), "votes-counted");
    assert_eq!(votes.standfirst, "The short of it.");
    assert_eq!(votes.headline, "Votes counted in the capital");
    assert_eq!(
        votes.seo_title.as_deref(),
        Some("Votes counted — the night in full")
    );
    assert_eq!(
        votes.seo_description.as_deref(),
        Some("How the capital counted its votes.")
    );
    assert_eq!(
        story(&t, GHOST_5, "65f0000000000000000000a2").await.state,
        State::Draft
    );
    let scheduled = story(&t, GHOST_5, "65f0000000000000000000a3").await;
    assert_eq!(scheduled.state, State::Scheduled);
    assert_eq!(scheduled.scheduled_for, Some(32_472_180_000));
    let sent = story(&t, GHOST_5, "65f0000000000000000000a4").await;
    assert_eq!(
        sent.state,
        State::Published,
        "a sent newsletter is published"
    );
    let members = story(&t, GHOST_5, "65f0000000000000000000a5").await;
    assert_eq!(
        members.state,
        State::Draft,
        "a paid post is kept off the site"
    );
    assert_eq!(s.held_back.len(), 1, "{s:#?}");
    assert!(s.held_back[0].what.contains("Analysis for members"));
    assert!(s.held_back[0].reason.contains("paying members"));
    assert!(
        page(&t, GHOST_5, "65f0000000000000000000b1")
            .await
            .published
    );
    assert!(
        !page(&t, GHOST_5, "65f0000000000000000000b2")
            .await
            .published
    );
    // Ghost 4: a scheduled post in the future, and an old published one.
    import(&t, &data(GHOST_4), &Options::default())
        .await
        .expect("imports");
    assert_eq!(
        story(&t, GHOST_4, "6150000000000000000000c4").await.state,
        State::Scheduled
    );
    let storm = story(&t, GHOST_4, "6150000000000000000000c2").await;
    assert_eq!(storm.first_published_at, Some(1_633_068_000));
    // OpenGraph words stand in for missing SEO ones.
    let harbour = story(&t, GHOST_4, HARBOUR).await;
    assert_eq!(harbour.seo_title.as_deref(), Some("Harbour reopens (OG)"));
}

async fn tag_and_author_order_is_kept_and_internal_tags_are_skipped(t: TestApp) {
    import(&t, &data(GHOST_5), &Options::default())
        .await
        .expect("imports");
    let votes = story(&t, GHOST_5, VOTES).await;
    // posts_tags: Elections (0), #featured (1, internal), World (2).
    assert_eq!(topic_names(&t, &votes).await, ["Elections", "World"]);
    // posts_authors: Bob (0), Ann (1) — not the file's order.
    assert_eq!(byline(&t, &votes).await, ["Bob Writer", "Ann Reporter"]);
    assert!(
        t.store
            .tag_by_slug("hash-featured")
            .await
            .unwrap()
            .is_none()
    );
    let elections = t.store.tag_by_slug("elections").await.unwrap().unwrap();
    assert_eq!(elections.name, "Elections");
    let world = t.store.tag_by_slug("world").await.unwrap().unwrap();
    assert_eq!(world.description, "News from everywhere.");
    // The profile: bio and links; no login was made for anyone.
    let ann = t.store.author_by_slug("ann").await.unwrap().unwrap();
    assert_eq!(ann.bio, "Covers politics.");
    assert_eq!(
        ann.profile_links(),
        ["https://ann.example", "https://x.com/annreports"]
    );
    let bob = t.store.author_by_slug("bob").await.unwrap().unwrap();
    assert_eq!(bob.profile_links(), ["https://www.facebook.com/bob.writer"]);
    assert_eq!(t.store.users().await.unwrap().len(), 1, "only the importer");
    // No primary tag with a section of its address: "News".
    let section = t.store.section(votes.section_id).await.unwrap().unwrap();
    assert_eq!(section.slug.as_str(), "news");

    import(&t, &data(GHOST_4), &Options::default())
        .await
        .expect("imports");
    let harbour = story(&t, GHOST_4, HARBOUR).await;
    assert_eq!(topic_names(&t, &harbour).await, ["Weather", "Local"]);
    assert_eq!(byline(&t, &harbour).await, ["Eli Tide", "Dee Harbour"]);
    // Ghost 2: the author from posts_authors.
    import(&t, &data(GHOST_2), &Options::default())
        .await
        .expect("imports");
    let mill = story(&t, GHOST_2, "5cc000000000000000000002").await;
    assert_eq!(byline(&t, &mill).await, ["Hal Mill"]);
    assert!(topic_names(&t, &mill).await.is_empty());
}

async fn a_primary_tag_with_a_section_of_its_address_files_the_story_there(t: TestApp) {
    let (newsroom, actor) = newsroom(&t).await;
    let fields = newsdesk_newsroom::StructureFields {
        name: "Weather desk".into(),
        slug: "weather".into(),
        ..Default::default()
    };
    let weather = newsroom
        .add_structure(&actor, newsdesk_store::StructureKind::Section, &fields)
        .await
        .unwrap();
    import(&t, &data(GHOST_4), &Options::default())
        .await
        .expect("imports");
    assert_eq!(story(&t, GHOST_4, HARBOUR).await.section_id, weather);
    assert_eq!(
        story(&t, GHOST_4, "6150000000000000000000c2")
            .await
            .section_id,
        weather
    );
    // Its primary tag is still its first topic.
    let harbour = story(&t, GHOST_4, HARBOUR).await;
    assert_eq!(topic_names(&t, &harbour).await[0], "Weather");
    // A post with no public tag goes to News.
    let draft = story(&t, GHOST_4, "6150000000000000000000c3").await;
    let news = t.store.section_by_slug("news").await.unwrap().unwrap();
    assert_eq!(draft.section_id, news.id);
}

async fn lexical_bodies_render_every_card(t: TestApp) {
    import(&t, &data(GHOST_5), &Options::default())
        .await
        .expect("imports");
    let body = story(&t, GHOST_5, VOTES).await.body_html;
    for expected in [
        "<strong>Turnout was high</strong>",
        "<em>nobody</em>",
        "<a href=\"/about/\" rel=\"noopener noreferrer\">About this site</a>",
        "<a href=\"https://results.example/\" rel=\"noopener noreferrer\">the results</a>",
        "<h2>How the night went</h2>",
        "alt=\"Voters queueing\"",
        "<figcaption><span>The queue at noon</span></figcaption>",
        "<li>First district</li>",
        "<blockquote><p>Every vote was counted twice.</p></blockquote>",
        "alt=\"The hall\"",
        "alt=\"The stage\"",
        "<figcaption>The counting hall</figcaption>",
        "<h3>Results by district</h3>",
        "<td>71%</td>",
        "<strong>the table</strong>",
        "href=\"https://electoral.example/report\"",
        "The commission's report",
        "Everything the commission found. — Electoral Commission",
        "href=\"https://www.youtube.com/watch?v=abc123\"",
        "The count, filmed (YouTube)",
        "<figcaption>Filmed by our crew</figcaption>",
        "Live results below.",
        "<aside><p>💡</p><p><span>Figures are provisional.</span></p></aside>",
        "<details><summary><span>When is the result final?</span></summary>",
        "After the recount.",
        "<hr>",
        "<pre><code>total = north + south",
        "print(total &lt; 10)</code></pre>",
        "<p>Last words.</p>",
    ] {
        assert!(body.contains(expected), "{expected} missing from\n{body}");
    }
    for absent in [
        "<script",
        "stolen cookies",
        "onclick",
        "<iframe",
        "__GHOST_URL__",
        "Subscribe",
        "Ghost's own rendering",
    ] {
        assert!(!body.contains(absent), "{absent} in\n{body}");
    }
    let src_of = |name: &str| format!("src=\"/content/images/2024/03/{name}\"");
    assert!(
        body.contains(&src_of("queue.jpg")),
        "without the folder a picture keeps its old path: {body}"
    );
    // The page a reader gets.
    t.catch_up().await;
    let html = t.get("/news/votes-counted").await;
    assert_eq!(html.status, 200);
    let text = html.text();
    assert!(text.contains("The counting hall"));
    assert!(!text.contains("stolen cookies"));
    assert!(!text.contains("steal()"));
}

async fn mobiledoc_and_html_bodies_render_and_lose_their_scripts(t: TestApp) {
    import(&t, &data(GHOST_4), &Options::default())
        .await
        .expect("imports");
    let body = story(&t, GHOST_4, HARBOUR).await.body_html;
    for expected in [
        "The harbour <strong>reopened</strong> on Monday",
        "<a href=\"/storm-warning/\" rel=\"noopener noreferrer\">the storm</a>",
        "<a href=\"https://harbour.example/\" rel=\"noopener noreferrer\"><em>the harbour site</em></a>",
        "<br>A new line.",
        "<h2>Damage</h2>",
        "alt=\"Fishing boats\"",
        "<figcaption>Boats back in the water</figcaption>",
        "<li><em>One pier</em></li>",
        "<figcaption>Along the quay</figcaption>",
        "Tides <strong>tomorrow</strong>",
        "<li>High at 06:10</li>",
        "Marine forecast",
        "<figcaption>The official forecast</figcaption>",
        "href=\"https://twitter.com/harbour/status/1\"",
        "<td>Berths</td>",
        "Keep clear of the <b>east wall</b>.",
        "<details><summary>Who pays for repairs?</summary><p>The port authority.</p></details>",
        "<pre><code>&lt;berths&gt;42&lt;/berths&gt;</code></pre><figcaption>The berth feed</figcaption>",
        "<blockquote><p>We were lucky.</p></blockquote>",
        "<blockquote class=\"pullquote\"><p>Nobody was hurt.</p></blockquote>",
    ] {
        assert!(body.contains(expected), "{expected} missing from\n{body}");
    }
    for absent in [
        "<script",
        "evil.example",
        "onerror",
        "widgets.js",
        "__GHOST_URL__",
    ] {
        assert!(!body.contains(absent), "{absent} in\n{body}");
    }
    assert_eq!(
        body.matches("<img").count(),
        5,
        "one picture and a gallery of three, and the sanitized <img src=x>: {body}"
    );

    import(&t, &data(GHOST_2), &Options::default())
        .await
        .expect("imports");
    let river = story(&t, GHOST_2, RIVER).await;
    for expected in [
        "<p>The river rose <strong>two metres</strong> overnight.</p>",
        "<img src=\"/content/images/2019/05/bridge.jpg\">",
        "<figcaption>The old bridge</figcaption>",
        "<a href=\"/flood-advice/\" rel=\"noopener noreferrer\">advice</a>",
    ] {
        assert!(
            river.body_html.contains(expected),
            "{expected} missing from\n{}",
            river.body_html
        );
    }
    for absent in ["<script", "document.write", "evil.example", "srcset"] {
        assert!(
            !river.body_html.contains(absent),
            "{absent} in\n{}",
            river.body_html
        );
    }
    assert_eq!(river.seo_title.as_deref(), Some("River levels: live"));
    assert_eq!(
        river.seo_description.as_deref(),
        Some("The river is rising.")
    );
    // The Ghost 1 markdown card is rendered, not Ghost's stored HTML.
    let mill = story(&t, GHOST_2, "5cc000000000000000000002")
        .await
        .body_html;
    assert!(
        mill.contains("Written in <em>Markdown</em>, the Ghost 1 way."),
        "{mill}"
    );
    assert!(mill.contains("alt=\"Old mill\""), "{mill}");
    assert!(!mill.contains("Ghost rendered this"), "{mill}");
    // On the page a reader gets, no script either.
    t.catch_up().await;
    let section = t.store.section(river.section_id).await.unwrap().unwrap();
    let html = t
        .get(&format!("/{}/river-levels", section.slug.as_str()))
        .await;
    assert_eq!(html.status, 200);
    assert!(!html.text().contains("document.write"));
    assert!(html.text().contains("The old bridge"));
}

async fn an_images_folder_supplies_feature_images_with_their_words(t: TestApp) {
    let images = images_folder(&t);
    let options = Options {
        uploads: Some(images),
        ..Options::default()
    };
    let s = import(&t, &data(GHOST_5), &options).await.expect("imports");
    accounted(&s);
    assert!(s.missing_media.is_empty(), "{s:#?}");
    assert_eq!(s.created.pictures, 6, "{s:#?}");
    let votes = story(&t, GHOST_5, VOTES).await;
    let lead = t
        .store
        .media(
            votes
                .lead_media_id
                .expect("the feature image is the lead picture"),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(lead.alt, "Officials counting ballots");
    assert_eq!(lead.caption, "Counting went on all night.");
    // Body pictures point at their new files.
    assert!(
        !votes.body_html.contains("/content/images/"),
        "{}",
        votes.body_html
    );
    assert_eq!(
        votes.body_html.matches("src=\"/media/").count(),
        3,
        "{}",
        votes.body_html
    );
    // A page's feature image opens its body; the author's photo is their profile's.
    let about = page(&t, GHOST_5, "65f0000000000000000000b1").await;
    assert!(
        about.body_html.starts_with("<figure><img src=\"/media/"),
        "{}",
        about.body_html
    );
    assert!(
        about
            .body_html
            .contains("<figcaption>Our team</figcaption>")
    );
    let ann = t.store.author_by_slug("ann").await.unwrap().unwrap();
    let photo = t
        .store
        .media(ann.photo_media_id.expect("a photo"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(photo.alt, "Ann Reporter");
    t.catch_up().await;
    let src = newsdesk_store::picture_of(&lead).src;
    assert_eq!(t.get(&src).await.status, 200);
    let article = t.get("/news/votes-counted").await.text();
    assert!(
        article.contains("Counting went on all night."),
        "the lead picture's caption is on the page"
    );
    // Run again: nothing new.
    let again = import(&t, &data(GHOST_5), &options).await.expect("again");
    assert_eq!(again.created, Default::default(), "{again:#?}");
    assert_eq!(again.updated, Default::default(), "{again:#?}");
    // Older exports keep the words on the post itself.
    let old = t.data_dir().join("old-images");
    std::fs::create_dir_all(old.join("2019/05")).unwrap();
    std::fs::write(
        old.join("2019/05/river.jpg"),
        newsdesk_media::fixtures::jpeg_with(&[]),
    )
    .unwrap();
    let s = import(
        &t,
        &data(GHOST_2),
        &Options {
            uploads: Some(old),
            ..Options::default()
        },
    )
    .await
    .expect("imports");
    assert!(
        s.missing_media
            .iter()
            .any(|m| m.url.ends_with("bridge.jpg"))
    );
    let river = story(&t, GHOST_2, RIVER).await;
    let lead = t
        .store
        .media(river.lead_media_id.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (lead.alt.as_str(), lead.caption.as_str()),
        ("The river in flood", "Taken from the bridge")
    );
}

async fn a_second_run_finds_missing_pictures_and_updates_what_changed(t: TestApp) {
    let first = import(&t, &data(GHOST_5), &Options::default())
        .await
        .expect("first run");
    let before = story(&t, GHOST_5, VOTES).await;
    assert_eq!(before.lead_media_id, None);
    let again = import(&t, &data(GHOST_5), &Options::default())
        .await
        .expect("second run");
    accounted(&again);
    assert_eq!(again.created, Default::default(), "{again:#?}");
    assert_eq!(again.updated, Default::default(), "{again:#?}");
    assert_eq!(again.items_unchanged, first.items, "{again:#?}");
    assert!(again.held_back.is_empty(), "said once, when it was written");
    assert_eq!(
        story(&t, GHOST_5, VOTES).await.version,
        before.version,
        "left alone"
    );
    // An edited post, a renamed tag and a picture folder now given.
    let text = std::fs::read_to_string(data(GHOST_5))
        .unwrap()
        .replace("A draft in progress", "A draft, retitled")
        .replace("\"name\": \"Climate\"", "\"name\": \"Climate crisis\"");
    let edited = t.data_dir().join(GHOST_5);
    std::fs::write(&edited, text).unwrap();
    let options = Options {
        uploads: Some(images_folder(&t)),
        ..Options::default()
    };
    let third = import(&t, &edited, &options).await.expect("third run");
    accounted(&third);
    assert_eq!(
        (
            third.created.stories,
            third.created.pages,
            third.created.authors,
            third.created.topics
        ),
        (0, 0, 0, 0),
        "{third:#?}"
    );
    assert_eq!(third.updated.topics, 1, "{third:#?}");
    assert_eq!(
        third.updated.authors, 1,
        "Ann's photo was found: {third:#?}"
    );
    // The draft was edited; the first post and the About page have their pictures now.
    assert_eq!(
        (third.updated.stories, third.updated.pages),
        (2, 1),
        "{third:#?}"
    );
    let draft = story(&t, GHOST_5, "65f0000000000000000000a2").await;
    assert_eq!(draft.headline, "A draft, retitled");
    let after = story(&t, GHOST_5, VOTES).await;
    assert_eq!(after.id, before.id);
    assert!(after.lead_media_id.is_some());
    assert_eq!(after.state, State::Published);
    assert_eq!(after.first_published_at, before.first_published_at);
    assert_eq!(t.store.authors().await.unwrap().len(), 3);
    assert!(t.store.tag_by_slug("climate").await.unwrap().is_some());
}

async fn old_ghost_addresses_answer_301_to_the_new_ones(t: TestApp) {
    import(&t, &data(GHOST_5), &Options::default())
        .await
        .expect("imports");
    t.catch_up().await;
    assert_eq!(t.get("/news/votes-counted").await.status, 200);
    for (old, new) in [
        ("/votes-counted/", "/news/votes-counted"),
        ("/votes-counted", "/news/votes-counted"),
        ("/votes-counted/amp/", "/news/votes-counted"),
        ("/sent-to-subscribers/", "/news/sent-to-subscribers"),
        ("/about/", "/about"),
        ("/tag/elections/", "/tag/elections"),
        ("/tag/elections/rss/", "/tag/elections/feed.xml"),
        ("/author/bob/", "/author/bob"),
        ("/rss/", "/feed.xml"),
    ] {
        let moved = t.get(old).await;
        assert_eq!(moved.status, 301, "{old}");
        assert_eq!(moved.header("location"), new, "{old}");
    }
    assert_eq!(t.get("/about").await.status, 200);
    assert_eq!(t.get("/tag/elections").await.status, 200);
    assert_eq!(t.get("/author/bob").await.status, 200);
    // Drafts and posts for members have no public address to send readers to.
    assert_eq!(t.get("/draft-in-progress/").await.status, 404);
    assert_eq!(t.get("/members-analysis/").await.status, 404);
}

async fn broken_json_is_refused_and_nothing_is_written(t: TestApp) {
    let whole = std::fs::read_to_string(data(GHOST_5)).unwrap();
    // A comma lost near the end: the posts before it must not be written either.
    let at = whole.rfind("\"snippets\"").unwrap();
    let comma = whole[..at].rfind(',').unwrap();
    let broken = format!("{}{}", &whole[..comma], &whole[comma + 1..]);
    let line = whole[..at].lines().count() as u64;
    let path = t.data_dir().join("broken.json");
    std::fs::write(&path, broken).unwrap();
    let err = import(&t, &path, &Options::default())
        .await
        .expect_err("refused");
    let ImportError::Json {
        line: at_line,
        column,
        ..
    } = err
    else {
        panic!("{err}");
    };
    assert_eq!(at_line, line, "{err}");
    assert!(column > 0);
    assert!(err.to_string().contains("Nothing was imported"), "{err}");
    // Not an export at all.
    let path = t.data_dir().join("not-ghost.json");
    std::fs::write(&path, "{\"posts\": []}").unwrap();
    let err = import(&t, &path, &Options::default())
        .await
        .expect_err("refused");
    assert!(matches!(err, ImportError::NotAnExport { .. }), "{err}");
    assert!(t.store.section_choices().await.unwrap().is_empty());
    assert!(t.store.authors().await.unwrap().is_empty());
    assert!(
        t.store
            .import_record("broken.json", "story", VOTES)
            .await
            .unwrap()
            .is_none()
    );
}

async fn an_imported_story_saves_unchanged_from_the_desk(t: TestApp) {
    for file in [GHOST_5, GHOST_4, GHOST_2] {
        import(&t, &data(file), &Options::default())
            .await
            .expect("imports");
    }
    let (newsroom, actor) = newsroom(&t).await;
    for (file, id) in [(GHOST_5, VOTES), (GHOST_4, HARBOUR), (GHOST_2, RIVER)] {
        let story = story(&t, file, id).await;
        saves_unchanged(&newsroom, &actor, &story, file).await;
    }
}

db_tests!(
    an_imported_story_saves_unchanged_from_the_desk,
    every_fixture_imports_with_every_item_accounted_for,
    ghost_states_map_to_newsroom_states,
    tag_and_author_order_is_kept_and_internal_tags_are_skipped,
    a_primary_tag_with_a_section_of_its_address_files_the_story_there,
    lexical_bodies_render_every_card,
    mobiledoc_and_html_bodies_render_and_lose_their_scripts,
    an_images_folder_supplies_feature_images_with_their_words,
    a_second_run_finds_missing_pictures_and_updates_what_changed,
    old_ghost_addresses_answer_301_to_the_new_ones,
    broken_json_is_refused_and_nothing_is_written,
);

/// The command as an operator runs it, twice.
#[test]
fn the_command_imports_and_summarises() {
    let dir = tempfile::tempdir().unwrap();
    let newsdesk = || common::process::newsdesk_on(dir.path(), None);
    common::process::add_admin(newsdesk(), "chief@example.com");
    let file = data(GHOST_5);
    let no_folder = newsdesk()
        .args(["import", "ghost", "--images", "/nonexistent/images"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!no_folder.status.success());
    assert!(String::from_utf8_lossy(&no_folder.stderr).contains("--images"));
    let first = newsdesk()
        .args(["import", "ghost"])
        .arg(&file)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(out.contains("items in the file: 7 — 7 imported"), "{out}");
    assert!(out.contains("Kept off the public site (1)"), "{out}");
    assert!(out.contains("internal tag"), "{out}");
    assert!(out.contains("Pictures missing"), "{out}");
    let second = newsdesk()
        .args(["import", "ghost"])
        .arg(&file)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&second.stdout);
    assert!(out.contains("0 imported, 0 updated, 7 unchanged"), "{out}");
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"db\": [\n{]").unwrap();
    let refused = newsdesk()
        .args(["import", "ghost"])
        .arg(&broken)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("line 2, column 2"), "{err}");
}
