//! Webhooks as an integration sees them: a receiver on this machine gets `post.published`
//! when a story is published, signed the way Ghost signs (checked here with our own HMAC),
//! once across nodes; a failing endpoint is tried again later; one answering 410 Gone has
//! its webhook turned off; and the desk's pages are for administrators, refusing bad input
//! with the form kept.

use crate::common;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use common::desk::sign_in;
use common::{TestApp, fixture, select, test_settings};
use hmac::Mac;
use newsdesk_core::{Role, State as Standing};
use newsdesk_store::{ArticleInput, NewWebhook, Webhook};
use newsdesk_web::{App, Settings};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

/// What the receiver heard: each request's headers and body.
type Heard = Arc<Mutex<Vec<(HeaderMap, String)>>>;

/// A webhook receiver on 127.0.0.1 answering each request with the status `answer` holds
/// at the time (and a short body saying so).
async fn receiver() -> (String, Heard, Arc<AtomicU16>) {
    let heard: Heard = Arc::default();
    let answer = Arc::new(AtomicU16::new(200));
    let state = (heard.clone(), answer.clone());
    let app = axum::Router::new()
        .fallback(
            |State((heard, answer)): State<(Heard, Arc<AtomicU16>)>,
             headers: HeaderMap,
             body: String| async move {
                heard.lock().unwrap().push((headers, body));
                let status = StatusCode::from_u16(answer.load(Ordering::SeqCst)).unwrap();
                (status, format!("receiver says {}", status.as_u16()))
            },
        )
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks/ghost", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, heard, answer)
}

/// A node that may send to the receiver on this machine (and nowhere else private).
async fn node(t: &TestApp) -> App {
    let settings = Settings {
        outbound_allow: vec!["127.0.0.1/32".parse().unwrap()],
        ..test_settings()
    };
    let templates = newsdesk_render::Templates::new(None).unwrap();
    App::new(t.store.clone(), templates, t.media.clone(), settings)
        .await
        .unwrap()
}

async fn webhook(t: &TestApp, event: &str, url: &str) -> Webhook {
    let new = NewWebhook {
        name: "Newsletter",
        event,
        target_url: url,
        secret: "a shared secret",
    };
    t.store.add_webhook(&new, None).await.unwrap()
}

/// A draft in a fresh section, and everything so far queued: the tests start from here.
async fn draft(t: &TestApp, app: &App) -> newsdesk_core::Article {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let mut input = fixture::story(news.id, "Bridge reopens", 0);
    input.state = Standing::Draft;
    input.first_published_at = None;
    input.published_at = None;
    let story = t.store.create_article(&input, None).await.unwrap();
    app.queue_webhooks().await.unwrap();
    story
}

async fn publish(t: &TestApp, story: &newsdesk_core::Article) {
    let mut input = ArticleInput::from_article(story);
    input.state = Standing::Published;
    input.first_published_at = Some(newsdesk_core::now());
    input.published_at = input.first_published_at;
    t.store
        .update_article(story.id, story.version, &input, None)
        .await
        .unwrap();
}

/// Ghost's signature, computed here from the body, the time and the secret.
fn signature_is_valid(headers: &HeaderMap, body: &str, secret: &str) -> bool {
    let value = headers["x-ghost-signature"].to_str().unwrap();
    let Some((sig, t)) = value.split_once(", t=") else {
        return false;
    };
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{body}{t}").as_bytes());
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    sig == format!("sha256={expected}") && t.parse::<i64>().is_ok()
}

async fn publishing_sends_post_published_signed_with_the_secret_once_across_nodes(t: TestApp) {
    let (url, heard, _) = receiver().await;
    let (a, b) = (node(&t).await, node(&t).await);
    let hook = webhook(&t, "post.published", &url).await;
    let story = draft(&t, &a).await;
    assert!(heard.lock().unwrap().is_empty(), "a draft is not published");

    publish(&t, &story).await;
    // Publishing returned without sending anything: the follower queues, the tick sends.
    assert!(heard.lock().unwrap().is_empty());
    let (qa, qb) = tokio::join!(a.queue_webhooks(), b.queue_webhooks());
    assert_eq!(qa.unwrap() + qb.unwrap(), 1, "queued once across nodes");
    let now = newsdesk_core::now();
    let (sa, sb) = tokio::join!(a.deliver_webhooks(now), b.deliver_webhooks(now));
    assert_eq!(sa.unwrap() + sb.unwrap(), 1, "sent by one node");

    let heard = heard.lock().unwrap().clone();
    assert_eq!(heard.len(), 1);
    let (headers, body) = &heard[0];
    assert!(
        signature_is_valid(headers, body, "a shared secret"),
        "{headers:?}"
    );
    assert!(!signature_is_valid(headers, body, "another secret"));
    assert_eq!(headers["x-newsdesk-event"], "post.published");
    assert_eq!(headers["content-type"], "application/json");
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    let current = &json["post"]["current"];
    assert_eq!(current["id"], story.id.to_string());
    assert_eq!(current["title"], "Bridge reopens");
    assert_eq!(current["slug"], story.slug.as_str());
    assert!(
        current["url"]
            .as_str()
            .unwrap()
            .ends_with("/news/bridge-reopens")
    );
    assert!(
        current["html"]
            .as_str()
            .unwrap()
            .contains("First paragraph")
    );
    assert_eq!(json["post"]["previous"], serde_json::json!({}));

    let deliveries = t.store.deliveries(hook.id, 10).await.unwrap();
    assert_eq!(deliveries.len(), 1);
    assert_eq!(deliveries[0].state, "delivered");
    assert_eq!(deliveries[0].status, Some(200));
    assert_eq!(deliveries[0].answer, "receiver says 200");
    let hook = t.store.webhook(hook.id).await.unwrap().unwrap();
    assert_eq!(hook.last_status, Some(200));
}

/// A story published under embargo is announced when readers can see it, not before: an
/// integration posting to social media would otherwise break the embargo.
async fn an_embargoed_story_is_announced_when_its_embargo_ends(t: TestApp) {
    let (url, _heard, _) = receiver().await;
    let app = node(&t).await;
    let published = webhook(&t, "post.published", &url).await;
    let edited = webhook(&t, "post.published.edited", &url).await;
    let story = draft(&t, &app).await;
    let mut input = ArticleInput::from_article(&story);
    input.state = Standing::Published;
    input.first_published_at = Some(newsdesk_core::now());
    input.published_at = input.first_published_at;
    input.embargo_until = Some(newsdesk_core::now() + 2);
    let story = t
        .store
        .update_article(story.id, story.version, &input, None)
        .await
        .unwrap();
    let mut edit = ArticleInput::from_article(&story);
    edit.headline = "Bridge reopens early".into();
    t.store
        .update_article(story.id, story.version, &edit, None)
        .await
        .unwrap();
    app.catch_up().await.unwrap();
    app.queue_webhooks().await.unwrap();
    for hook in [&published, &edited] {
        assert!(
            t.store.deliveries(hook.id, 10).await.unwrap().is_empty(),
            "nothing announced under embargo ({})",
            hook.event
        );
    }
    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    app.catch_up().await.unwrap();
    app.queue_webhooks().await.unwrap();
    let sent = t.store.deliveries(published.id, 10).await.unwrap();
    assert_eq!(sent.len(), 1, "announced once, when the embargo ended");
    assert!(
        sent[0].body.contains("Bridge reopens early"),
        "{}",
        sent[0].body
    );
    assert!(t.store.deliveries(edited.id, 10).await.unwrap().is_empty());
}

async fn a_failing_endpoint_is_tried_again_later_until_it_answers(t: TestApp) {
    let (url, heard, answer) = receiver().await;
    let app = node(&t).await;
    let hook = webhook(&t, "post.published", &url).await;
    let story = draft(&t, &app).await;
    publish(&t, &story).await;
    app.queue_webhooks().await.unwrap();
    answer.store(500, Ordering::SeqCst);

    let start = newsdesk_core::now();
    assert_eq!(app.deliver_webhooks(start).await.unwrap(), 1);
    let first = &t.store.deliveries(hook.id, 10).await.unwrap()[0];
    assert_eq!((first.state.as_str(), first.attempts), ("failed", 1));
    assert_eq!(first.status, Some(500));
    assert_eq!(first.answer, "receiver says 500");
    assert_eq!(
        first.next_attempt_at,
        start + 60,
        "tried again after a minute"
    );
    // Not due yet: nothing is sent.
    assert_eq!(app.deliver_webhooks(start + 59).await.unwrap(), 0);

    assert_eq!(app.deliver_webhooks(start + 60).await.unwrap(), 1);
    let second = &t.store.deliveries(hook.id, 10).await.unwrap()[0];
    assert_eq!((second.state.as_str(), second.attempts), ("failed", 2));
    assert_eq!(second.next_attempt_at, start + 60 + 300, "then after five");

    answer.store(200, Ordering::SeqCst);
    assert_eq!(app.deliver_webhooks(start + 360).await.unwrap(), 1);
    let third = &t.store.deliveries(hook.id, 10).await.unwrap()[0];
    assert_eq!((third.state.as_str(), third.attempts), ("delivered", 3));
    assert_eq!(heard.lock().unwrap().len(), 3);
    assert_eq!(app.deliver_webhooks(start + 100_000).await.unwrap(), 0);
}

async fn an_endpoint_answering_gone_turns_its_webhook_off(t: TestApp) {
    let (url, heard, answer) = receiver().await;
    let app = node(&t).await;
    let hook = webhook(&t, "post.published", &url).await;
    let story = draft(&t, &app).await;
    publish(&t, &story).await;
    app.queue_webhooks().await.unwrap();
    answer.store(410, Ordering::SeqCst);
    let now = newsdesk_core::now();
    app.deliver_webhooks(now).await.unwrap();

    let hook = t.store.webhook(hook.id).await.unwrap().unwrap();
    assert!(!hook.enabled);
    assert!(
        hook.disabled_reason.contains("410 Gone"),
        "{}",
        hook.disabled_reason
    );
    let delivery = &t.store.deliveries(hook.id, 10).await.unwrap()[0];
    assert_eq!(delivery.state, "gave_up");
    // Nothing more is queued for it, and nothing is sent.
    let latest = t.store.article(story.id).await.unwrap().unwrap();
    let mut input = ArticleInput::from_article(&latest);
    input.headline = "Bridge reopens after repairs".into();
    t.store
        .update_article(latest.id, latest.version, &input, None)
        .await
        .unwrap();
    assert_eq!(app.queue_webhooks().await.unwrap(), 0);
    assert_eq!(app.deliver_webhooks(now + 100_000).await.unwrap(), 0);
    assert_eq!(heard.lock().unwrap().len(), 1);

    // The desk says why it is off.
    let admin = sign_in(&t, "admin@example.com", Role::Admin).await;
    let page = admin.get(&t, &format!("/admin/webhooks/{}", hook.id)).await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains("410 Gone"), "{}", page.text());
}

async fn the_desk_manages_webhooks_for_administrators_only(t: TestApp) {
    let admin = sign_in(&t, "admin@example.com", Role::Admin).await;
    let list = admin.get(&t, "/admin/webhooks").await;
    assert_eq!(list.status, 200, "{}", list.text());
    let html = list.html();
    assert_eq!(select(&html, "nav a[href='/admin/webhooks']").len(), 1);
    let events: Vec<String> = select(&html, "select[name=event] option")
        .iter()
        .map(|o| o.value().attr("value").unwrap().to_owned())
        .collect();
    assert!(events.contains(&"post.published".to_owned()));
    assert!(events.contains(&"post.corrected".to_owned()));

    let added = admin
        .post(
            &t,
            "/admin/webhooks",
            &[
                ("name", "Newsletter"),
                ("event", "post.published"),
                ("target_url", "https://hooks.example.com/ghost"),
            ],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.text());
    let hook = t.store.webhooks().await.unwrap().remove(0);
    assert_eq!(hook.secret.len(), 64, "a generated secret");
    let page = admin.get(&t, added.header("location")).await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains(&hook.secret), "the secret is shown");

    // A delivery can be sent again, as a new one.
    let app = node(&t).await;
    let story = draft(&t, &app).await;
    publish(&t, &story).await;
    app.queue_webhooks().await.unwrap();
    let first = t.store.deliveries(hook.id, 10).await.unwrap().remove(0);
    let path = format!("/admin/webhooks/{}/deliveries/{}/resend", hook.id, first.id);
    assert_eq!(admin.post(&t, &path, &[]).await.status, 303);
    assert_eq!(t.store.deliveries(hook.id, 10).await.unwrap().len(), 2);

    let base = format!("/admin/webhooks/{}", hook.id);
    let off = admin.post(&t, &base, &[("action", "disable")]).await;
    assert_eq!(off.status, 303);
    assert!(!t.store.webhook(hook.id).await.unwrap().unwrap().enabled);
    admin.post(&t, &base, &[("action", "enable")]).await;
    assert!(t.store.webhook(hook.id).await.unwrap().unwrap().enabled);

    for role in [Role::Editor, Role::Author] {
        let other = sign_in(&t, &format!("{role}@example.com"), role).await;
        assert_eq!(other.get(&t, "/admin/webhooks").await.status, 403, "{role}");
        assert_eq!(other.get(&t, &base).await.status, 403, "{role}");
        let tried = other
            .post(
                &t,
                "/admin/webhooks",
                &[
                    ("name", "x"),
                    ("event", "post.published"),
                    ("target_url", "https://a.example/"),
                ],
            )
            .await;
        assert_eq!(tried.status, 403, "{role}");
        assert_eq!(
            other.post(&t, &base, &[("action", "delete")]).await.status,
            403
        );
    }
    assert_eq!(t.store.webhooks().await.unwrap().len(), 1);

    let gone = admin.post(&t, &base, &[("action", "delete")]).await;
    assert_eq!(gone.status, 303);
    assert!(t.store.webhooks().await.unwrap().is_empty());
}

async fn a_bad_webhook_is_refused_with_the_form_kept(t: TestApp) {
    let admin = sign_in(&t, "admin@example.com", Role::Admin).await;
    for (event, url, says) in [
        ("post.published", "not a web address", "not a web address"),
        ("post.published", "javascript:alert(1)", "not a web address"),
        ("post.published", "http://10.0.0.5/hook", "private address"),
        ("post.published", "http://169.254.169.254/", "link-local"),
        (
            "post.exploded",
            "https://hooks.example.com/",
            "not a webhook event",
        ),
    ] {
        let res = admin
            .post(
                &t,
                "/admin/webhooks",
                &[
                    ("name", "Newsletter"),
                    ("event", event),
                    ("target_url", url),
                ],
            )
            .await;
        assert_eq!(res.status, 422, "{url}: {}", res.text());
        let html = res.html();
        let error = select(&html, ".form-error")
            .first()
            .map(common::text_of)
            .unwrap_or_default();
        assert!(error.contains(says), "{url}: {error}");
        let kept = |field: &str| {
            select(&html, &format!("input[name={field}]"))[0]
                .value()
                .attr("value")
                .unwrap()
                .to_owned()
        };
        assert_eq!(kept("name"), "Newsletter");
        assert_eq!(kept("target_url"), url);
    }
    assert!(t.store.webhooks().await.unwrap().is_empty());
}

db_tests!(
    publishing_sends_post_published_signed_with_the_secret_once_across_nodes,
    an_embargoed_story_is_announced_when_its_embargo_ends,
    a_failing_endpoint_is_tried_again_later_until_it_answers,
    an_endpoint_answering_gone_turns_its_webhook_off,
    the_desk_manages_webhooks_for_administrators_only,
    a_bad_webhook_is_refused_with_the_form_kept,
);
