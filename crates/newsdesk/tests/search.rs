//! Search and related stories over HTTP, fed from the change log: ranking sanity, filters,
//! what must never be found (drafts, embargoed, scheduled, trashed), any typed query
//! answered with a page, and related stories beside an article.

use crate::common;

use common::{TestApp, fixture, select, text_of};
use newsdesk_core::State;
use newsdesk_store::ArticleInput;

fn story(section_id: i64, headline: &str, body: &str, minutes_ago: i64) -> ArticleInput {
    let mut s = fixture::story(section_id, headline, minutes_ago);
    s.body_markdown = body.to_owned();
    s.body_html = newsdesk_render::markdown::to_safe_html(body);
    s
}

fn result_headlines(res: &common::Response) -> Vec<String> {
    select(&res.html(), ".search-result .teaser-headline")
        .iter()
        .map(text_of)
        .collect()
}

async fn a_headline_match_ranks_above_a_passing_mention(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let store = &t.store;
    store
        .create_article(
            &story(
                news.id,
                "Council sets its budget",
                "Among forty items, a ferry timetable was noted.",
                1,
            ),
            None,
        )
        .await
        .unwrap();
    store
        .create_article(
            &story(
                news.id,
                "Ferry crews strike over pay",
                "Sailings cancelled.",
                30,
            ),
            None,
        )
        .await
        .unwrap();
    t.catch_up().await;
    let res = t.get("/search?q=ferry").await;
    assert_eq!(res.status, 200);
    assert_eq!(
        result_headlines(&res),
        ["Ferry crews strike over pay", "Council sets its budget"]
    );
    // The passage shows the word marked.
    let snippet = select(&res.html(), ".search-result .snippet b")
        .iter()
        .map(text_of)
        .collect::<Vec<_>>();
    assert!(
        snippet.iter().any(|s| s.eq_ignore_ascii_case("ferry")),
        "{snippet:?}"
    );
    // Newest first on request.
    let by_date = t.get("/search?q=ferry&sort=date").await;
    assert_eq!(
        result_headlines(&by_date),
        ["Council sets its budget", "Ferry crews strike over pay"]
    );
}

async fn filters_narrow_by_section_topic_author_and_dates(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let sport = fixture::section(&t.store, "sport", "Sport", 1).await;
    let floods = fixture::tag(&t.store, "floods", "Floods").await;
    let ann = fixture::author(&t.store, "ann-ray", "Ann Ray", "").await;
    let mut a = story(
        news.id,
        "Storm closes schools",
        "Storm damage.",
        60 * 24 * 10,
    );
    a.tag_ids = vec![floods.id];
    t.store.create_article(&a, None).await.unwrap();
    let mut b = story(sport.id, "Storm postpones the derby", "Storm again.", 5);
    b.author_ids = vec![ann.id];
    t.store.create_article(&b, None).await.unwrap();
    t.catch_up().await;
    let get = |q: &'static str| {
        let t = &t;
        async move { result_headlines(&t.get(&format!("/search?{q}")).await) }
    };
    assert_eq!(get("q=storm").await.len(), 2);
    assert_eq!(
        get("q=storm&section=sport").await,
        ["Storm postpones the derby"]
    );
    assert_eq!(get("q=storm&tag=floods").await, ["Storm closes schools"]);
    assert_eq!(
        get("q=storm&author=ann-ray").await,
        ["Storm postpones the derby"]
    );
    let today = jiff::Zoned::now().date().to_string();
    assert_eq!(
        get(Box::leak(format!("q=storm&from={today}").into_boxed_str())).await,
        ["Storm postpones the derby"]
    );
    // Filters alone list stories, newest first; a removable chip names each.
    let res = t.get("/search?section=news").await;
    assert_eq!(result_headlines(&res), ["Storm closes schools"]);
    let chips: Vec<String> = select(&res.html(), ".search-chips li")
        .iter()
        .map(text_of)
        .collect();
    assert!(chips[0].contains("Section: News"), "{chips:?}");
    // A bad date is said plainly, and the rest of the search still runs.
    let res = t.get("/search?q=storm&from=yesterday").await;
    assert_eq!(res.status, 200);
    assert!(text_of(&select(&res.html(), ".search-notice")[0]).contains("yesterday"));
    assert_eq!(result_headlines(&res).len(), 2);
}

async fn stories_readers_may_not_see_are_never_found(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let mut draft = story(news.id, "Zeppelin draft", "zeppelin", 1);
    draft.state = State::Draft;
    let mut embargoed = story(news.id, "Zeppelin embargoed", "zeppelin", 1);
    embargoed.embargo_until = Some(newsdesk_core::now() + 3600);
    let mut scheduled = story(news.id, "Zeppelin scheduled", "zeppelin", 1);
    scheduled.state = State::Scheduled;
    scheduled.scheduled_for = Some(newsdesk_core::now() + 3600);
    let public = story(news.id, "Zeppelin public", "zeppelin", 1);
    let trashed = story(news.id, "Zeppelin trashed", "zeppelin", 1);
    for s in [&draft, &embargoed, &scheduled, &public] {
        t.store.create_article(s, None).await.unwrap();
    }
    let trashed = t.store.create_article(&trashed, None).await.unwrap();
    t.catch_up().await;
    assert_eq!(
        result_headlines(&t.get("/search?q=zeppelin").await).len(),
        2
    );
    t.store.trash_article(trashed.id, None).await.unwrap();
    t.catch_up().await;
    assert_eq!(
        result_headlines(&t.get("/search?q=zeppelin").await),
        ["Zeppelin public"]
    );
    assert_eq!(
        result_headlines(&t.get("/search?q=zeppelin&sort=date").await),
        ["Zeppelin public"]
    );
}

async fn any_query_a_reader_can_type_gets_a_page(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    t.store
        .create_article(
            &story(news.id, "Hospital waiting lists", "NHS figures.", 1),
            None,
        )
        .await
        .unwrap();
    t.catch_up().await;
    for q in [
        "%22unclosed",
        "(((",
        "AND%20OR%20NOT",
        "headline:",
        "*",
        "%5B1%20TO",
        "%5C",
        "-",
        "%00",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        &"x".repeat(5000),
        "q&page=999999",
        "q&page=-1",
        "q&sort=sideways",
        "q&section=%2F..%2F",
        "q&tag=nope&author=nobody",
        "q&from=2026-02-30&to=not-a-date",
    ] {
        let res = t.get(&format!("/search?q={q}")).await;
        assert_eq!(res.status, 200, "{q}");
        assert!(!res.text().contains("<script>alert"), "{q}");
    }
    // A typo still finds the story, and says so.
    let res = t.get("/search?q=hospitel").await;
    assert_eq!(result_headlines(&res), ["Hospital waiting lists"]);
    assert!(text_of(&select(&res.html(), ".search-summary")[0]).contains("words like them"));
    // Nothing at all: a page that says what to try.
    let res = t.get("/search?q=qwxzv").await;
    assert!(result_headlines(&res).is_empty());
    assert!(text_of(&select(&res.html(), ".search-summary")[0]).contains("No stories match"));
}

async fn related_stories_share_topics_and_follow_changes(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let world = fixture::section(&t.store, "world", "World", 1).await;
    let floods = fixture::tag(&t.store, "floods", "Floods").await;
    let mut main = story(
        news.id,
        "Flood barriers hold in York",
        "The River Ouse rose.",
        5,
    );
    main.tag_ids = vec![floods.id];
    let main = t.store.create_article(&main, None).await.unwrap();
    let mut cousin = story(world.id, "Floods sweep Valencia", "Barriers failed.", 50);
    cousin.tag_ids = vec![floods.id];
    let cousin = t.store.create_article(&cousin, None).await.unwrap();
    t.store
        .create_article(&story(world.id, "Chess final drawn", "Pawns.", 40), None)
        .await
        .unwrap();
    let mut hidden = story(world.id, "Floods draft", "Barriers.", 30);
    hidden.tag_ids = vec![floods.id];
    hidden.state = State::Draft;
    t.store.create_article(&hidden, None).await.unwrap();
    t.catch_up().await;
    let url = format!("/news/{}", main.slug);
    let related = |res: &common::Response| -> Vec<String> {
        select(&res.html(), ".related .teaser-headline")
            .iter()
            .map(text_of)
            .collect()
    };
    let page = t.get(&url).await;
    assert_eq!(related(&page), ["Floods sweep Valencia"]);

    // A new story on the same topic appears beside it after one change-log step.
    let mut newer = story(world.id, "Flood warnings across Spain", "Rain.", 1);
    newer.tag_ids = vec![floods.id];
    t.store.create_article(&newer, None).await.unwrap();
    t.catch_up().await;
    let page = t.get(&url).await;
    assert_eq!(related(&page).len(), 2, "{:?}", related(&page));
    // Unpublished, it leaves the index and the sidebar.
    let mut input = ArticleInput::from_article(&cousin);
    input.state = State::Unpublished;
    t.store
        .update_article(cousin.id, cousin.version, &input, None)
        .await
        .unwrap();
    t.catch_up().await;
    let page = t.get(&url).await;
    assert_eq!(related(&page), ["Flood warnings across Spain"]);
    assert_eq!(
        result_headlines(&t.get("/search?q=valencia").await).len(),
        0
    );
}

async fn an_embargoed_story_becomes_searchable_when_its_time_comes(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let mut s = story(news.id, "Honours list unveiled", "knighthoods", 1);
    // Three seconds of embargo: time enough to store, index and ask on a busy machine.
    s.embargo_until = Some(newsdesk_core::now() + 3);
    t.store.create_article(&s, None).await.unwrap();
    t.catch_up().await;
    assert!(result_headlines(&t.get("/search?q=knighthoods").await).is_empty());
    // No change-log row marks the moment: each node notices it by the clock.
    tokio::time::sleep(std::time::Duration::from_millis(4100)).await;
    t.catch_up().await;
    assert_eq!(
        result_headlines(&t.get("/search?q=knighthoods").await),
        ["Honours list unveiled"]
    );
}

db_tests!(
    an_embargoed_story_becomes_searchable_when_its_time_comes,
    a_headline_match_ranks_above_a_passing_mention,
    filters_narrow_by_section_topic_author_and_dates,
    stories_readers_may_not_see_are_never_found,
    any_query_a_reader_can_type_gets_a_page,
    related_stories_share_topics_and_follow_changes,
    a_burst_of_searches_waits_its_turn_and_pages_are_served_meanwhile,
);

/// `related_stories = false` leaves the sidebar out (and the lookup with it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn related_stories_can_be_switched_off() {
    let settings = newsdesk_web::Settings {
        related_stories: false,
        ..common::test_settings()
    };
    let t = TestApp::start_with(newsdesk_store::Backend::Sqlite, settings).await;
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let floods = fixture::tag(&t.store, "floods", "Floods").await;
    let mut ids = Vec::new();
    for headline in ["Floods in York", "Floods in Leeds"] {
        let mut s = story(news.id, headline, "Rain.", 5);
        s.tag_ids = vec![floods.id];
        ids.push(t.store.create_article(&s, None).await.unwrap());
    }
    t.catch_up().await;
    let page = t.get(&format!("/news/{}", ids[0].slug)).await;
    assert_eq!(page.status, 200);
    assert!(select(&page.html(), ".related").is_empty());
    // The index still has both: it is only the sidebar that is off.
    assert_eq!(result_headlines(&t.get("/search?q=floods").await).len(), 2);
}

/// Searches take turns (`search_at_once`): when every turn stays taken, a reader is asked
/// to try again with a 503 and `Retry-After`, while pages are served as usual.
async fn a_burst_of_searches_waits_its_turn_and_pages_are_served_meanwhile(t: TestApp) {
    let settings = newsdesk_web::Settings {
        search_at_once: 1,
        ..common::test_settings()
    };
    let t = TestApp::start_with(t.store.backend(), settings).await;
    let held = t.app.search_turn().await.expect("the one turn");
    let busy = t.get("/search?q=budget").await;
    assert_eq!(busy.status, 503, "{}", busy.text());
    assert_eq!(busy.header("retry-after"), "5");
    assert!(busy.text().contains("Search is busy"), "{}", busy.text());
    assert_eq!(t.get("/").await.status, 200, "pages are served meanwhile");
    drop(held);
    let searched = t.get("/search?q=budget").await;
    assert_eq!(searched.status, 200, "{}", searched.text());
    t.finish().await;
}
