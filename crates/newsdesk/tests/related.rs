//! Stored related stories: a page shows its story's stored list, a story without one has
//! it worked out at its first render and stored, and the change-log follower rewrites the
//! lists a publication or a takedown touches, once across nodes, with a change-log row that
//! every node's caches follow.

use crate::common;

use common::{TestApp, fixture, select, text_of};
use newsdesk_store::{ArticleInput, Change, RELATED_OBJECT};
use std::time::{Duration, Instant};

fn shown(res: &common::Response) -> Vec<String> {
    select(&res.html(), ".related .teaser-headline")
        .iter()
        .map(text_of)
        .collect()
}

fn story(section_id: i64, headline: &str, body: &str, minutes_ago: i64) -> ArticleInput {
    let mut s = fixture::story(section_id, headline, minutes_ago);
    s.body_markdown = body.to_owned();
    s.body_html = newsdesk_render::markdown::to_safe_html(body);
    s
}

async fn related_rows(t: &TestApp) -> Vec<Change> {
    let changes = t.store.changes_after(0, 10_000).await.unwrap();
    changes
        .into_iter()
        .filter(|c| c.object == RELATED_OBJECT)
        .collect()
}

/// Waits (up to 10 s) for story `id`'s stored list to be `want`: renders store theirs a
/// moment after the page is answered.
async fn stored_list_becomes(t: &TestApp, id: i64, want: &[i64]) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let stored = t.store.related_ids(id).await.unwrap();
        if stored == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "stored {stored:?}, want {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn a_page_shows_the_stored_list_which_the_follower_rewrites(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let floods = fixture::tag(&t.store, "floods", "Floods").await;
    let mut main = story(news.id, "Flood barriers hold in York", "The Ouse rose.", 5);
    main.tag_ids = vec![floods.id];
    let main = t.store.create_article(&main, None).await.unwrap();
    let mut cousin = story(news.id, "Floods sweep Valencia", "Barriers failed.", 50);
    cousin.tag_ids = vec![floods.id];
    let cousin = t.store.create_article(&cousin, None).await.unwrap();
    let chess = story(news.id, "Chess final drawn", "Pawns.", 40);
    let chess = t.store.create_article(&chess, None).await.unwrap();
    t.catch_up().await;
    let url = format!("/news/{}", main.slug);

    // No list yet: the first render works it out and stores it.
    assert!(t.store.related_ids(main.id).await.unwrap().is_empty());
    assert_eq!(shown(&t.get(&url).await), ["Floods sweep Valencia"]);
    stored_list_becomes(&t, main.id, &[cousin.id]).await;

    // The page shows what is stored, not a fresh lookup: a list written by hand (through
    // the follower's own door, with its change-log row) is what readers then see.
    let position = t.store.related_position().await.unwrap();
    assert!(position.is_some(), "the follower has started its position");
    let position = position.unwrap();
    assert!(
        t.store
            .record_related(Some(position), position, &[(main.id, vec![chess.id])])
            .await
            .unwrap()
    );
    t.catch_up().await;
    assert_eq!(shown(&t.get(&url).await), ["Chess final drawn"]);

    // A story published on the topic: the follower works out again the lists near it,
    // with one change-log row naming the lists that changed.
    let before = related_rows(&t).await.len();
    let mut newer = story(news.id, "Flood warnings across Spain", "Rain.", 1);
    newer.tag_ids = vec![floods.id];
    let newer = t.store.create_article(&newer, None).await.unwrap();
    t.catch_up().await;
    let main_list = t.store.related_ids(main.id).await.unwrap();
    assert!(main_list.contains(&newer.id), "{main_list:?}");
    assert!(main_list.contains(&cousin.id), "{main_list:?}");
    assert!(!main_list.contains(&chess.id), "{main_list:?}");
    let rows = related_rows(&t).await;
    assert_eq!(rows.len(), before + 1, "{rows:?}");
    let keys: Vec<&str> = rows.last().unwrap().keys().collect();
    assert!(
        keys.contains(&format!("related:{}", main.id).as_str()),
        "{keys:?}"
    );
    assert!(rows.last().unwrap().quiet, "announced by no webhook");
    t.catch_up().await;
    let page = shown(&t.get(&url).await);
    assert!(
        page.contains(&"Flood warnings across Spain".to_owned()),
        "{page:?}"
    );

    // Taken down, a story leaves every stored list that showed it.
    let listing = t.store.listing_related(&[cousin.id]).await.unwrap();
    assert!(listing.contains(&main.id), "{listing:?}");
    assert!(t.store.trash_article(cousin.id, None).await.unwrap());
    t.catch_up().await;
    assert!(
        t.store
            .listing_related(&[cousin.id])
            .await
            .unwrap()
            .is_empty()
    );
    assert!(t.store.related_ids(cousin.id).await.unwrap().is_empty());
    t.catch_up().await;
    assert_eq!(shown(&t.get(&url).await), ["Flood warnings across Spain"]);
}

async fn one_node_rewrites_each_list(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let floods = fixture::tag(&t.store, "floods", "Floods").await;
    let mut main = story(news.id, "Flood barriers hold in York", "The Ouse rose.", 5);
    main.tag_ids = vec![floods.id];
    let main = t.store.create_article(&main, None).await.unwrap();
    let other = t.other_node().await;
    t.catch_up().await;
    other.catch_up().await.unwrap();
    let before = related_rows(&t).await.len();

    let mut newer = story(news.id, "Flood warnings across Spain", "Rain.", 1);
    newer.tag_ids = vec![floods.id];
    let newer = t.store.create_article(&newer, None).await.unwrap();
    let (a, b) = tokio::join!(t.app.catch_up(), other.catch_up());
    a.unwrap();
    b.unwrap();
    // Whichever node lost the race has nothing left to do on its next round either.
    t.catch_up().await;
    other.catch_up().await.unwrap();
    let rows = related_rows(&t).await;
    assert_eq!(rows.len(), before + 1, "{rows:?}");
    assert_eq!(t.store.related_ids(main.id).await.unwrap(), [newer.id]);
    assert_eq!(t.store.related_ids(newer.id).await.unwrap(), [main.id]);
}

async fn every_list_is_stored_at_once_after_a_rebuild(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let floods = fixture::tag(&t.store, "floods", "Floods").await;
    let mut ids = Vec::new();
    for (n, place) in ["York", "Leeds", "Hull"].iter().enumerate() {
        let mut s = story(news.id, &format!("Floods in {place}"), "Rain.", n as i64);
        s.tag_ids = vec![floods.id];
        ids.push(t.store.create_article(&s, None).await.unwrap().id);
    }
    let mut draft = story(news.id, "Floods in Selby", "Rain.", 9);
    draft.tag_ids = vec![floods.id];
    draft.state = newsdesk_core::State::Draft;
    let draft = t.store.create_article(&draft, None).await.unwrap();
    t.catch_up().await;
    let stored = t.app.store_all_related(|_, _| {}).await.unwrap();
    assert_eq!(stored, 3);
    for id in &ids {
        let list = t.store.related_ids(*id).await.unwrap();
        assert_eq!(list.len(), 2, "{id}: {list:?}");
        assert!(
            !list.contains(id) && !list.contains(&draft.id),
            "{id}: {list:?}"
        );
    }
    assert!(t.store.related_ids(draft.id).await.unwrap().is_empty());
}

db_tests!(
    a_page_shows_the_stored_list_which_the_follower_rewrites,
    one_node_rewrites_each_list,
    every_list_is_stored_at_once_after_a_rebuild,
);
