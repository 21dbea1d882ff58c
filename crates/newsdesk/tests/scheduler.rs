//! Scheduled stories publish on time, exactly once, however many nodes run the scheduler.

use crate::common;

use common::{TestApp, fixture};
use newsdesk_core::State;
use newsdesk_store::{ConnectOptions, Store};
use std::collections::HashSet;

async fn scheduled_stories_publish_exactly_once_across_nodes(t: TestApp) {
    let room = fixture::newsroom(&t.store, &t.media).await;
    t.catch_up().await;
    let now = newsdesk_core::now();
    let mut due = Vec::new();
    for i in 0..20 {
        let mut input = fixture::story(room.news.id, &format!("Scheduled story {i}"), 0);
        input.state = State::Scheduled;
        input.scheduled_for = Some(now - 1 - i);
        input.published_at = None;
        input.first_published_at = None;
        due.push(t.store.create_article(&input, None).await.unwrap().id);
    }
    let mut later = fixture::story(room.news.id, "Scheduled for tomorrow", 0);
    later.state = State::Scheduled;
    later.scheduled_for = Some(now + 86_400);
    later.published_at = None;
    let later = t.store.create_article(&later, None).await.unwrap();
    assert!(
        !t.get("/news/").await.text().contains("Scheduled story 0"),
        "not before its time"
    );

    // Three nodes' schedulers fire at the same moment, twice.
    let node2 = Store::connect(&t.url, &ConnectOptions::default())
        .await
        .unwrap();
    let node3 = Store::connect(&t.url, &ConnectOptions::default())
        .await
        .unwrap();
    let mut published = Vec::new();
    for _ in 0..2 {
        let (a, b, c) = tokio::join!(
            t.store.publish_due(now),
            node2.publish_due(now),
            node3.publish_due(now)
        );
        published.extend(a.unwrap());
        published.extend(b.unwrap());
        published.extend(c.unwrap());
    }
    let unique: HashSet<i64> = published.iter().copied().collect();
    assert_eq!(
        published.len(),
        20,
        "each story published once: {published:?}"
    );
    assert_eq!(unique, due.iter().copied().collect::<HashSet<_>>());
    let changes = t.store.changes_after(0, 10_000).await.unwrap();
    assert_eq!(
        changes.iter().filter(|c| c.action == "publish").count(),
        20,
        "one change-log row each"
    );
    let audit = t.store.audit_events(1000).await.unwrap();
    assert_eq!(
        audit.iter().filter(|e| e.2 == "article.publish").count(),
        20,
        "one audit event each"
    );

    assert_eq!(
        t.store.article(later.id).await.unwrap().unwrap().state,
        State::Scheduled
    );
    let first = t.store.article(due[0]).await.unwrap().unwrap();
    assert_eq!(
        (first.state, first.published_at),
        (State::Published, first.scheduled_for),
        "published at its scheduled time"
    );

    t.catch_up().await;
    let front = t.get("/news/").await.text();
    assert!(
        front.contains("Scheduled story 0"),
        "the front shows it once the change is followed"
    );
    assert!(!front.contains("Scheduled for tomorrow"));
    node2.close().await;
    node3.close().await;
}

db_tests!(scheduled_stories_publish_exactly_once_across_nodes);
