//! "Who else is here": a story's edit lease over HTTP. Opening the editor takes it; a
//! colleague opening the same story sees "aisha@… is editing this story", and the story
//! list says so too; the open editor's heartbeat keeps it, a lease nobody refreshes runs
//! out, "Take over" moves it (and the first editor's next heartbeat hears of it), leaving
//! frees it. Only those who may edit a story hold its lease, and every post carries the
//! session's form token. All state is in the database: a second node sees the same.

use crate::common;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use common::desk::{Browser, SAME_SITE, sign_in, story_id};
use common::{TestApp, fixture, select, send_to, text_of, urlencode};
use newsdesk_core::Role;
use newsdesk_store::{ConnectOptions, Store};
use serde_json::{Value, json};

/// The editor's "someone else is editing" sentence, if the page shows one.
fn banner(res: &common::Response) -> Option<String> {
    assert_eq!(res.status, 200, "{}", res.text());
    select(&res.html(), ".desk-presence[role=status] .presence-note")
        .first()
        .map(text_of)
}

/// The story list's "✎ … is editing" marks, as (headline, mark).
fn marks(res: &common::Response) -> Vec<(String, String)> {
    assert_eq!(res.status, 200, "{}", res.text());
    select(&res.html(), ".desk-stories tbody tr")
        .iter()
        .filter_map(|row| {
            let html = row.html();
            let row = scraper::Html::parse_fragment(&format!("<table>{html}</table>"));
            let headline = select(&row, "td:first-child > a").first().map(text_of)?;
            let mark = select(&row, ".desk-editing").first().map(text_of)?;
            Some((headline, mark))
        })
        .collect()
}

/// The open editor's heartbeat, and its JSON answer.
async fn heartbeat(t: &TestApp, who: &Browser, edit_url: &str) -> Value {
    let res = who.post(t, &format!("{edit_url}/lease"), &[]).await;
    assert_eq!(res.status, 200, "{}", res.text());
    assert!(res.header("content-type").starts_with("application/json"));
    assert_eq!(res.header("cache-control"), "no-store");
    serde_json::from_slice(&res.body).unwrap()
}

async fn story(t: &TestApp, by: &Browser, headline: &str) -> String {
    let news = match t.store.sections().await.unwrap().into_iter().next() {
        Some(s) => s,
        None => fixture::section(&t.store, "news", "News", 0).await,
    };
    by.new_story(
        t,
        &[("headline", headline), ("section_id", &news.id.to_string())],
    )
    .await
}

async fn a_colleague_sees_who_has_the_story_open(t: TestApp) {
    let aisha = sign_in(&t, "aisha@example.com", Role::Editor).await;
    let ben = sign_in(&t, "ben@example.com", Role::Editor).await;
    let edit_url = story(&t, &aisha, "Floods close the ring road").await;
    let id = story_id(&edit_url);

    let mine = aisha.get(&t, &edit_url).await;
    assert_eq!(banner(&mine), None, "nobody else has it open");
    let theirs = ben.get(&t, &edit_url).await;
    let said = banner(&theirs).expect("Ben is told who is editing");
    assert!(
        said.starts_with("aisha@example.com is editing this story (since ")
            && said.ends_with("). Your changes may conflict."),
        "{said}"
    );
    let take_over = select(&theirs.html(), ".desk-presence form")
        .first()
        .map(|f| f.value().attr("action").unwrap_or("").to_owned());
    assert_eq!(
        take_over.as_deref(),
        Some(format!("{edit_url}/lease/take-over").as_str()),
        "a plain form takes over, without JavaScript"
    );
    // Ben only looked: the story is still Aisha's.
    let lease = t.store.lease(id, newsdesk_core::now()).await.unwrap();
    let lease = lease.expect("Aisha holds the lease");
    assert_eq!(lease.name, "aisha@example.com");

    assert_eq!(
        marks(&ben.get(&t, "/admin/").await),
        [(
            "Floods close the ring road".to_owned(),
            "✎ aisha@example.com is editing".to_owned()
        )]
    );
    assert_eq!(
        marks(&aisha.get(&t, "/admin/").await),
        [],
        "nobody is told about themselves"
    );

    // The open editor's heartbeat keeps the lease for another minute, held since it was
    // taken; a colleague's heartbeat hears who holds it and takes nothing.
    let asked_at = newsdesk_core::now();
    assert_eq!(
        heartbeat(&t, &aisha, &edit_url).await,
        json!({"holder": null, "yours": true})
    );
    let kept = t.store.lease(id, newsdesk_core::now()).await.unwrap();
    let kept = kept.expect("still held");
    assert_eq!(
        (kept.user_id, kept.taken_at),
        (lease.user_id, lease.taken_at)
    );
    assert!(kept.expires_at >= asked_at + newsdesk_newsroom::LEASE_SECONDS);
    let heard = heartbeat(&t, &ben, &edit_url).await;
    assert_eq!(heard["yours"], json!(false));
    assert_eq!(heard["holder"]["name"], json!("aisha@example.com"));
    assert!(heard["holder"]["since"].as_str().unwrap().ends_with('Z'));
    assert!(!heard["holder"]["since_clock"].as_str().unwrap().is_empty());
    let still = t.store.lease(id, newsdesk_core::now()).await.unwrap();
    assert_eq!(still.map(|l| l.user_id), Some(lease.user_id));
}

async fn taking_over_moves_the_lease_and_leaving_frees_it(t: TestApp) {
    let aisha = sign_in(&t, "aisha@example.com", Role::Editor).await;
    let ben = sign_in(&t, "ben@example.com", Role::Author).await;
    // Ben's own story (an author edits his own), which Aisha opens first.
    let edit_url = story(&t, &ben, "Budget passes at last").await;
    let id = story_id(&edit_url);
    aisha.get(&t, &edit_url).await;
    assert!(banner(&ben.get(&t, &edit_url).await).is_some());

    let res = ben
        .post(&t, &format!("{edit_url}/lease/take-over"), &[])
        .await;
    assert_eq!(
        (res.status.as_u16(), res.header("location")),
        (303, edit_url.as_str())
    );
    assert_eq!(banner(&ben.get(&t, &edit_url).await), None);
    let heard = heartbeat(&t, &aisha, &edit_url).await;
    assert_eq!(
        (&heard["holder"]["name"], &heard["yours"]),
        (&json!("ben@example.com"), &json!(false)),
        "Aisha's next heartbeat hears that Ben took over"
    );
    let said = banner(&aisha.get(&t, &edit_url).await).expect("Aisha is told");
    assert!(said.starts_with("ben@example.com is editing"), "{said}");
    let ben_id = t
        .store
        .lease(id, newsdesk_core::now())
        .await
        .unwrap()
        .unwrap()
        .user_id;
    let audit = t.store.audit_events(20).await.unwrap();
    assert!(
        audit.iter().any(|(_, by, action, object, _)| {
            *by == Some(ben_id)
                && action == "article.take_over"
                && *object == format!("article:{id}")
        }),
        "taking over from a colleague is audited: {audit:?}"
    );

    // Aisha's release (her page going away) leaves Ben's lease alone.
    let release = format!("{edit_url}/lease/release");
    assert_eq!(aisha.post(&t, &release, &[]).await.status, 204);
    let held = t.store.lease(id, newsdesk_core::now()).await.unwrap();
    assert_eq!(held.map(|l| l.user_id), Some(ben_id));
    // Ben leaves: the story is free, and Aisha's next heartbeat takes it.
    assert_eq!(ben.post(&t, &release, &[]).await.status, 204);
    assert_eq!(t.store.lease(id, newsdesk_core::now()).await.unwrap(), None);
    assert_eq!(
        heartbeat(&t, &aisha, &edit_url).await,
        json!({"holder": null, "yours": true})
    );
    assert_eq!(marks(&ben.get(&t, "/admin/").await).len(), 1);
    assert_eq!(aisha.post(&t, &release, &[]).await.status, 204);
    assert_eq!(t.store.lease(id, newsdesk_core::now()).await.unwrap(), None);
    assert_eq!(marks(&ben.get(&t, "/admin/").await), []);
    assert_eq!(
        aisha.post(&t, &release, &[]).await.status,
        204,
        "leaving twice is harmless"
    );
}

/// Another node over the same database, with its own connection pool, whose leases last
/// `lease_seconds` without a refresh.
struct Node {
    store: Store,
    router: Router,
}

async fn second_node(t: &TestApp, lease_seconds: i64) -> Node {
    let store = Store::connect(&t.url, &ConnectOptions::default())
        .await
        .unwrap();
    let settings = newsdesk_web::Settings {
        edit_lease_seconds: lease_seconds,
        ..common::test_settings()
    };
    let templates = newsdesk_render::Templates::new(None).unwrap();
    let app = newsdesk_web::App::new(store.clone(), templates, t.media.clone(), settings)
        .await
        .unwrap();
    Node {
        store,
        router: app.router(),
    }
}

impl Node {
    async fn get(&self, who: &Browser, path: &str) -> common::Response {
        let request = Request::get(path)
            .header("cookie", &who.cookie)
            .body(Body::empty())
            .unwrap();
        send_to(&self.router, request).await
    }

    async fn heartbeat(&self, who: &Browser, edit_url: &str) -> Value {
        let request = Request::post(format!("{edit_url}/lease"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header(SAME_SITE.0, SAME_SITE.1)
            .header("cookie", &who.cookie)
            .body(Body::from(format!("csrf_token={}", urlencode(&who.csrf))))
            .unwrap();
        let res = send_to(&self.router, request).await;
        assert_eq!(res.status, 200, "{}", res.text());
        serde_json::from_slice(&res.body).unwrap()
    }
}

async fn a_lease_nobody_refreshes_runs_out_on_every_node(t: TestApp) {
    let aisha = sign_in(&t, "aisha@example.com", Role::Editor).await;
    let ben = sign_in(&t, "ben@example.com", Role::Editor).await;
    let edit_url = story(&t, &aisha, "Storm warning for the coast").await;
    let id = story_id(&edit_url);
    // Aisha opens the story on a node whose leases last one second, then her laptop
    // sleeps: no heartbeat.
    let other = second_node(&t, 1).await;
    assert_eq!(banner(&other.get(&aisha, &edit_url).await), None);
    let lease = t.store.lease(id, newsdesk_core::now()).await.unwrap();
    let lease = lease.expect("taken on the other node, seen from this one");
    assert_eq!(lease.name, "aisha@example.com");
    // Waits for the clock to pass the lease's end (about a second); nothing is timed.
    for _ in 0..50 {
        if newsdesk_core::now() >= lease.expires_at {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(t.store.lease(id, newsdesk_core::now()).await.unwrap(), None);

    assert_eq!(
        banner(&ben.get(&t, &edit_url).await),
        None,
        "an expired lease counts as free"
    );
    assert_eq!(marks(&aisha.get(&t, "/admin/").await).len(), 1);
    let heard = other.heartbeat(&aisha, &edit_url).await;
    assert_eq!(
        (&heard["holder"]["name"], &heard["yours"]),
        (&json!("ben@example.com"), &json!(false)),
        "Ben opened it when it was free: Aisha's heartbeat does not take it back"
    );
    other.store.close().await;
}

async fn two_editors_opening_at_once_get_one_holder(t: TestApp) {
    let aisha = sign_in(&t, "aisha@example.com", Role::Editor).await;
    let ben = sign_in(&t, "ben@example.com", Role::Editor).await;
    let edit_url = story(&t, &aisha, "Election night").await;
    let other = second_node(&t, newsdesk_newsroom::LEASE_SECONDS).await;
    let (a, b) = tokio::join!(
        heartbeat(&t, &aisha, &edit_url),
        other.heartbeat(&ben, &edit_url)
    );
    let (winner, loser, name) = match (a["yours"].as_bool(), b["yours"].as_bool()) {
        (Some(true), Some(false)) => (&a, &b, "aisha@example.com"),
        (Some(false), Some(true)) => (&b, &a, "ben@example.com"),
        _ => panic!("exactly one holds the lease: {a} {b}"),
    };
    assert_eq!(winner["holder"], Value::Null);
    assert_eq!(loser["holder"]["name"], json!(name));
    other.store.close().await;
}

async fn only_those_who_may_edit_a_story_hold_its_lease(t: TestApp) {
    let aisha = sign_in(&t, "aisha@example.com", Role::Editor).await;
    let carl = sign_in(&t, "carl@example.com", Role::Contributor).await;
    let ben = sign_in(&t, "ben@example.com", Role::Editor).await;
    let edit_url = story(&t, &aisha, "Council meets tonight").await;
    let id = story_id(&edit_url);
    aisha.get(&t, &edit_url).await;
    let holder = || async { t.store.lease(id, newsdesk_core::now()).await.unwrap() };
    let aishas = holder().await.expect("Aisha holds it");

    // A contributor may not edit a colleague's story: no lease, no take-over.
    let lease_url = format!("{edit_url}/lease");
    let take_over = format!("{edit_url}/lease/take-over");
    assert_eq!(carl.post(&t, &lease_url, &[]).await.status, 403);
    assert_eq!(carl.post(&t, &take_over, &[]).await.status, 403);
    assert_eq!(holder().await, Some(aishas.clone()));
    // …but holds the lease on a draft of his own.
    let own = story(&t, &carl, "My first draft").await;
    assert_eq!(
        heartbeat(&t, &carl, &own).await,
        json!({"holder": null, "yours": true})
    );

    // No such story.
    for path in [
        "/admin/stories/999999/lease",
        "/admin/stories/999999/lease/take-over",
        "/admin/stories/abc/lease",
    ] {
        assert_eq!(aisha.post(&t, path, &[]).await.status, 404, "{path}");
    }

    // Without the session's form token, or from another site: refused, nothing moves.
    let cookie = ("cookie", ben.cookie.as_str());
    let release = format!("{edit_url}/lease/release");
    for path in [&lease_url, &take_over, &release] {
        for (form, site) in [
            (vec![], SAME_SITE),
            (vec![("csrf_token", "wrong")], SAME_SITE),
            (
                vec![("csrf_token", ben.csrf.as_str())],
                ("sec-fetch-site", "cross-site"),
            ),
        ] {
            let res = t.post_form(path, &form, &[site, cookie]).await;
            assert_eq!(res.status, 403, "{path} {form:?} {site:?}");
        }
    }
    let cookie = ("cookie", aisha.cookie.as_str());
    let res = t.post_form(&release, &[], &[SAME_SITE, cookie]).await;
    assert_eq!(res.status, 403);
    assert_eq!(holder().await, Some(aishas), "Aisha still holds it");
}

db_tests!(
    a_colleague_sees_who_has_the_story_open,
    taking_over_moves_the_lease_and_leaving_frees_it,
    a_lease_nobody_refreshes_runs_out_on_every_node,
    two_editors_opening_at_once_get_one_holder,
    only_those_who_may_edit_a_story_hold_its_lease,
);
