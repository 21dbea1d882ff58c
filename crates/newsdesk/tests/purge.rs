//! Instant purges of the HTTP cache in front: every change's keys are sent once across the
//! cluster, in the configured shape; and, with a real Varnish (Debian's `varnish` and
//! `varnish-modules` for xkey), a reader behind the cache sees an edit at once.

use crate::common;

use axum::extract::State;
use axum::http::{HeaderMap, Method};
use common::{TestApp, fixture, test_settings};
use newsdesk_store::{ArticleInput, Backend};
use newsdesk_web::{App, PurgeSettings, Settings};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type Seen = Arc<Mutex<Vec<(Method, String, String)>>>;

/// A listening HTTP endpoint that records what it is sent and answers 200, standing in
/// for the cache's purge endpoint.
async fn purge_endpoint() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let app = axum::Router::new()
        .fallback(
            |State(seen): State<Seen>, method: Method, headers: HeaderMap| async move {
                let header = |n: &str| {
                    headers
                        .get(n)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned()
                };
                seen.lock()
                    .unwrap()
                    .push((method, header("xkey-purge"), header("x-token")));
                "purged"
            },
        )
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, seen)
}

fn purging(url: &str) -> Settings {
    Settings {
        purge: PurgeSettings {
            url: url.to_owned(),
            method: "PURGE".into(),
            keys_header: "xkey-purge".into(),
            auth_header: "X-Token: s3cret".into(),
        },
        // The stand-in endpoints and Varnish listen on this machine.
        outbound_allow: vec!["127.0.0.1/32".parse().unwrap()],
        ..test_settings()
    }
}

async fn node(t: &TestApp, settings: Settings) -> App {
    let templates = newsdesk_render::Templates::new(None).unwrap();
    App::new(t.store.clone(), templates, t.media.clone(), settings)
        .await
        .unwrap()
}

async fn each_change_is_purged_once_across_nodes(t: TestApp) {
    let (url, seen) = purge_endpoint().await;
    let a = node(&t, purging(&url)).await;
    let b = node(&t, purging(&url)).await;
    let news = fixture::section(&t.store, "news", "News", 0).await;
    // The first node to run starts the shared position at the end of the log.
    assert_eq!(a.purge_changes().await.unwrap(), 0);
    assert!(seen.lock().unwrap().is_empty(), "history is not purged");

    let story = fixture::published(&t.store, news.id, "Bridge reopens", 1).await;
    let (first, second) = tokio::join!(a.purge_changes(), b.purge_changes());
    let sent_rows = first.unwrap() + second.unwrap();
    assert!(sent_rows >= 1);
    assert_eq!(a.purge_changes().await.unwrap(), 0, "nothing left to send");
    assert_eq!(b.purge_changes().await.unwrap(), 0, "nothing left to send");
    let requests = seen.lock().unwrap().clone();
    assert!(!requests.is_empty() && requests.len() <= 2, "{requests:?}");
    let (method, keys, token) = &requests[0];
    assert_eq!(method, Method::from_bytes(b"PURGE").as_ref().unwrap());
    assert_eq!(token, "s3cret");
    let keys: Vec<&str> = keys.split(' ').collect();
    for expected in [
        format!("article:{}", story.id),
        "list:home".to_owned(),
        format!("list:section:{}", news.id),
    ] {
        assert!(keys.contains(&expected.as_str()), "{expected} in {keys:?}");
    }

    // An edit that moves nothing purges the story's own pages only.
    let mut input = ArticleInput::from_article(&story);
    input.standfirst = "Now with a standfirst.".into();
    t.store
        .update_article(story.id, story.version, &input, None)
        .await
        .unwrap();
    seen.lock().unwrap().clear();
    a.purge_changes().await.unwrap();
    let requests = seen.lock().unwrap().clone();
    assert_eq!(requests.len(), 1);
    let keys: Vec<&str> = requests[0].1.split(' ').collect();
    assert!(
        keys.contains(&format!("article:{}", story.id).as_str()),
        "{keys:?}"
    );
    assert!(
        !keys.iter().any(|k| k.starts_with("list:")),
        "no list moved: {keys:?}"
    );
}

/// With several nodes, the one that purges may be ahead of one that has not yet applied
/// the change, and the cache may fetch the old page from it in between: every purge is
/// sent again a moment later (half a second at least), once.
async fn each_purge_is_sent_again_a_moment_later(t: TestApp) {
    let (url, seen) = purge_endpoint().await;
    let a = node(&t, purging(&url)).await;
    let news = fixture::section(&t.store, "news", "News", 0).await;
    assert_eq!(a.purge_changes().await.unwrap(), 0);
    let story = fixture::published(&t.store, news.id, "Bridge reopens", 1).await;
    assert!(a.purge_changes().await.unwrap() >= 1);
    assert_eq!(a.send_purge_echoes().await, 0, "not yet");
    assert_eq!(seen.lock().unwrap().len(), 1);
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(a.send_purge_echoes().await, 1);
    let requests = seen.lock().unwrap().clone();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(requests[0].1, requests[1].1, "the same keys again");
    assert!(
        requests[1].1.contains(&format!("article:{}", story.id)),
        "{requests:?}"
    );
    assert_eq!(a.send_purge_echoes().await, 0, "once");
}

async fn a_failed_purge_is_sent_again(t: TestApp) {
    // Nothing listens on this port (bound, then closed): the purge fails and is retried.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", closed.local_addr().unwrap());
    drop(closed);
    let a = node(&t, purging(&url)).await;
    let news = fixture::section(&t.store, "news", "News", 0).await;
    a.purge_changes().await.unwrap();
    fixture::published(&t.store, news.id, "Bridge reopens", 1).await;
    assert_eq!(a.purge_changes().await.unwrap(), 0, "not sent");
    let position = t.store.cursor("purge").await.unwrap();
    assert!(
        position < t.store.last_change_id().await.unwrap(),
        "not skipped"
    );
}

db_tests!(
    each_change_is_purged_once_across_nodes,
    a_failed_purge_is_sent_again,
    each_purge_is_sent_again_a_moment_later,
);

const VCL: &str = r#"vcl 4.1;
import xkey;
backend default { .host = "127.0.0.1"; .port = "BACKEND_PORT"; }
sub vcl_recv {
    if (req.method == "PURGE") {
        if (!req.http.xkey-purge) { return (synth(400, "no keys")); }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "purged " + req.http.n-gone));
    }
}
sub vcl_deliver {
    if (obj.hits > 0) { set resp.http.X-Varnish-Cache = "HIT"; } else { set resp.http.X-Varnish-Cache = "MISS"; }
}
"#;

/// The running `varnishd` and its work folder, both gone when dropped.
struct Varnish(std::process::Child, #[allow(dead_code)] tempfile::TempDir);

impl Drop for Varnish {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `varnishd` in front of `backend_port`.
async fn start_varnish(backend_port: u16) -> (Varnish, u16) {
    let installed = std::path::Path::new("/usr/sbin/varnishd").exists()
        && std::path::Path::new("/usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so").exists();
    assert!(
        installed,
        "this test needs varnishd and its xkey module: apt-get install varnish varnish-modules"
    );
    let dir = tempfile::tempdir().unwrap();
    let vcl = dir.path().join("newsdesk.vcl");
    std::fs::write(&vcl, VCL.replace("BACKEND_PORT", &backend_port.to_string())).unwrap();
    let port = free_port();
    let child = std::process::Command::new("/usr/sbin/varnishd")
        .args(["-F", "-j", "none", "-a"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("-f")
        .arg(&vcl)
        .arg("-n")
        .arg(dir.path().join("work"))
        .args(["-s", "malloc,32m", "-p", "default_grace=0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start varnishd");
    let varnish = Varnish(child, dir);
    let deadline = Instant::now() + Duration::from_secs(20);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "varnishd did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (varnish, port)
}

/// Varnish's `X-Varnish-Cache`, the page's `Content-Security-Policy`, and its body.
async fn fetch(port: u16, path: &str) -> (String, String, String) {
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<http_body_util::Empty<axum::body::Bytes>>();
    let uri: axum::http::Uri = format!("http://127.0.0.1:{port}{path}").parse().unwrap();
    let res = client.get(uri).await.unwrap();
    let cache = res
        .headers()
        .get("x-varnish-cache")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let policy = res
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    use http_body_util::BodyExt;
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (cache, policy, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Varnish: apt-get install varnish varnish-modules, then run with -- --include-ignored"]
async fn a_reader_behind_varnish_sees_an_edit_at_once() {
    // The site on a real port, following its change log as in production.
    let backend = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let backend_port = backend.local_addr().unwrap().port();
    let (_varnish, port) = start_varnish(backend_port).await;
    let t = TestApp::start_with(
        Backend::Sqlite,
        purging(&format!("http://127.0.0.1:{port}/")),
    )
    .await;
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let story = fixture::published(&t.store, news.id, "Bridge reopens", 1).await;
    t.app.purge_changes().await.unwrap();
    let router = t.router.clone();
    tokio::spawn(async move { axum::serve(backend, router).await });
    tokio::spawn(t.app.clone().follow_changes());

    let path = format!("/news/{}", story.slug);
    let (first, _, body) = fetch(port, &path).await;
    assert_eq!(first, "MISS");
    assert!(body.contains("Bridge reopens"));
    let (second, policy, _) = fetch(port, &path).await;
    assert_eq!(second, "HIT", "Varnish keeps the page (s-maxage)");
    assert_eq!(
        policy,
        newsdesk_web::csp::DEFAULT_POLICY,
        "a page Varnish kept keeps its Content-Security-Policy"
    );

    let mut input = ArticleInput::from_article(&story);
    input.headline = "Bridge reopens after repairs".into();
    let edited_at = Instant::now();
    t.store
        .update_article(story.id, story.version, &input, None)
        .await
        .unwrap();
    let deadline = edited_at + Duration::from_secs(10);
    loop {
        let (_, _, body) = fetch(port, &path).await;
        if body.contains("Bridge reopens after repairs") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "Varnish still served the old page"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    eprintln!(
        "edit visible through Varnish after {} ms",
        edited_at.elapsed().as_millis()
    );
    // The section front was purged too: it shows the new headline.
    let (_, _, front) = fetch(port, "/news/").await;
    assert!(front.contains("Bridge reopens"));
}
