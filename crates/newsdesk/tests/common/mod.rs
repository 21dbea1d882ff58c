//! The test harness: the real app (router, store, templates, media) against a fresh
//! database per test — SQLite always, PostgreSQL when `NEWSDESK_TEST_POSTGRES_URL` names a
//! server (the PostgreSQL halves are `#[ignore]`d; `-- --include-ignored` runs them, and
//! fails them when no server is named).
//! Requests go straight into the router: no network, no port.

#![allow(dead_code)]

pub mod api;
pub mod browser;
pub mod crashing;
pub mod desk;
pub mod fixture;
pub mod importing;
pub mod process;
pub mod python;
pub mod rich;
pub mod s3;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use newsdesk_media::Storage;
use newsdesk_store::{Backend, ConnectOptions, Store};
use newsdesk_web::{App, Settings};
use tempfile::TempDir;
use tower::ServiceExt;

/// Runs each named `async fn name(t: TestApp)` once on SQLite and once on PostgreSQL, as
/// `sqlite::name` and `postgres::name`. The PostgreSQL half is `#[ignore]`d, with its
/// reason, so a machine without a server reports it as ignored, never as passed; the full
/// run (`-- --include-ignored`) fails when no server is configured.
///
/// `db_tests!(mod NAME, ignore = "why"; …)` ignores both halves (tests that also need a
/// program this machine may lack), in a module of their own.
#[macro_export]
macro_rules! db_tests {
    (mod $module:ident, ignore = $why:literal; $($name:ident),* $(,)?) => {
        mod $module {
            mod sqlite {
                $(
                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    #[ignore = $why]
                    async fn $name() {
                        let t = $crate::common::TestApp::start(newsdesk_store::Backend::Sqlite).await;
                        super::super::$name(t.clone_handle()).await;
                        t.finish().await;
                    }
                )*
            }
            mod postgres {
                $(
                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    #[ignore = $why]
                    async fn $name() {
                        let t = $crate::common::TestApp::start(newsdesk_store::Backend::Postgres).await;
                        super::super::$name(t.clone_handle()).await;
                        t.finish().await;
                    }
                )*
            }
        }
    };
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let t = $crate::common::TestApp::start(newsdesk_store::Backend::Sqlite).await;
                    super::$name(t.clone_handle()).await;
                    t.finish().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                #[ignore = "needs PostgreSQL: set NEWSDESK_TEST_POSTGRES_URL and run `cargo test --workspace -- --include-ignored`"]
                async fn $name() {
                    let t = $crate::common::TestApp::start(newsdesk_store::Backend::Postgres).await;
                    super::$name(t.clone_handle()).await;
                    t.finish().await;
                }
            )*
        }
    };
}

pub struct TestApp {
    /// The database URL, for opening a second node's connection pool.
    pub url: String,
    pub app: App,
    pub router: Router,
    pub store: Store,
    pub media: Storage,
    dir: std::sync::Arc<TempDir>,
    postgres: Option<(String, String)>,
}

pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.text())
    }
}

pub fn test_settings() -> Settings {
    Settings {
        change_poll_interval: std::time::Duration::from_millis(20),
        ..Settings::default()
    }
}

impl TestApp {
    /// A fresh, migrated, empty database on `backend` and an app over it. Panics when
    /// PostgreSQL is asked for but `NEWSDESK_TEST_POSTGRES_URL` is not set.
    pub async fn start(backend: Backend) -> TestApp {
        Self::start_with(backend, test_settings()).await
    }

    pub async fn start_with(backend: Backend, settings: Settings) -> TestApp {
        let dir = TempDir::new().expect("temp dir");
        let (url, postgres) = match backend {
            Backend::Sqlite => (
                format!("sqlite://{}", dir.path().join("test.db").display()),
                None,
            ),
            Backend::Postgres => {
                let admin = postgres_admin_url();
                let name = format!("nd_test_{}_{}", std::process::id(), fastrand_u64());
                let admin_store = Store::connect(&admin, &ConnectOptions::default())
                    .await
                    .expect("postgres admin");
                admin_store
                    .execute_admin(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                admin_store.close().await;
                (replace_db_name(&admin, &name), Some((admin, name)))
            }
        };
        let store = Store::connect(&url, &ConnectOptions::default())
            .await
            .expect("connect");
        store.migrate().await.expect("migrate");
        let media = Storage::Local(dir.path().join("media"));
        let templates = newsdesk_render::Templates::new(None).expect("templates");
        let app = App::new(store.clone(), templates, media.clone(), settings)
            .await
            .expect("app");
        let router = app.router();
        TestApp {
            url,
            app,
            router,
            store,
            media,
            dir: std::sync::Arc::new(dir),
            postgres,
        }
    }

    pub fn clone_handle(&self) -> TestApp {
        TestApp {
            url: self.url.clone(),
            app: self.app.clone(),
            router: self.router.clone(),
            store: self.store.clone(),
            media: self.media.clone(),
            dir: self.dir.clone(),
            postgres: None,
        }
    }

    pub fn data_dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// A second node over the same database and media, as another server process would
    /// be: the test settings, its own page cache and (in-memory) search index.
    pub async fn other_node(&self) -> App {
        let templates = newsdesk_render::Templates::new(None).unwrap();
        App::new(
            self.store.clone(),
            templates,
            self.media.clone(),
            test_settings(),
        )
        .await
        .unwrap()
    }

    /// Drops the per-test PostgreSQL database.
    pub async fn finish(self) {
        self.store.close().await;
        let Some((admin, name)) = self.postgres else {
            return;
        };
        if let Ok(admin) = Store::connect(&admin, &ConnectOptions::default()).await {
            let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let _ = admin.execute_admin(&drop).await;
            admin.close().await;
        }
    }

    pub async fn get(&self, path: &str) -> Response {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        let mut request = Request::get(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// POSTs a URL-encoded form, with the given headers.
    pub async fn post_form(
        &self,
        path: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Response {
        let body: String = form
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut request =
            Request::post(path).header("content-type", "application/x-www-form-urlencoded");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// Sends one request straight into the router and reads the whole answer. It comes
    /// from 127.0.0.1, as from a browser on this machine, unless it names its own peer.
    pub async fn send(&self, request: Request<Body>) -> Response {
        send_to(&self.router, request).await
    }

    /// Applies the change log to this node's caches, as the background follower would.
    pub async fn catch_up(&self) {
        self.app.catch_up().await.expect("catch up");
    }
}

/// Sends one request into `router` (see [`TestApp::send`]).
pub async fn send_to(router: &Router, mut request: Request<Body>) -> Response {
    type Peer = axum::extract::ConnectInfo<std::net::SocketAddr>;
    if request.extensions().get::<Peer>().is_none() {
        let local = std::net::SocketAddr::from(([127, 0, 0, 1], 50_000));
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(local));
    }
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Response {
        status,
        headers,
        body,
    }
}

/// `s` percent-encoded for a form body or a query string (only unreserved bytes kept).
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The server the PostgreSQL halves run on. Only ignored tests ask for it, so reaching
/// here without one means the full run was asked for on a machine without a server.
pub fn postgres_admin_url() -> String {
    match std::env::var("NEWSDESK_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "this test needs PostgreSQL: set NEWSDESK_TEST_POSTGRES_URL=postgres://user@host:port/db"
        ),
    }
}

/// A new, empty PostgreSQL database named after `purpose`, for a test that runs servers
/// of its own (TestApp makes its own); its URL. [`drop_postgres_database`] removes it.
pub async fn blank_postgres_database(purpose: &str) -> String {
    let admin = postgres_admin_url();
    let name = format!(
        "nd_{purpose}_{}_{}",
        std::process::id(),
        fastrand_u64() % 1_000_000_000
    );
    let store = Store::connect(&admin, &ConnectOptions::default())
        .await
        .expect("postgres admin");
    store
        .execute_admin(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create a test database");
    store.close().await;
    replace_db_name(&admin, &name)
}

/// Drops the test database at `url`, whatever state the test left it in.
pub async fn drop_postgres_database(url: &str) {
    let Some((_, name)) = url.split('?').next().and_then(|u| u.rsplit_once('/')) else {
        return;
    };
    if let Ok(admin) = Store::connect(&postgres_admin_url(), &ConnectOptions::default()).await {
        let _ = admin
            .execute_admin(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await;
        admin.close().await;
    }
}

fn replace_db_name(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let base = match base.rsplit_once('/') {
        Some((head, _)) if head.contains("://") && head.len() > head.find("://").unwrap() + 3 => {
            head
        }
        _ => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

fn fastrand_u64() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::SystemTime::now())
}

/// Selects elements; panics with the selector when it does not parse (a test bug).
pub fn select<'a>(html: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector =
        scraper::Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
    html.select(&selector).collect()
}

/// The value of the first field matching `css` on the page (a textarea's text).
pub fn input_value(res: &Response, css: &str) -> String {
    select(&res.html(), css)
        .first()
        .map(|e| {
            e.value()
                .attr("value")
                .map(str::to_owned)
                .unwrap_or_else(|| text_of(e))
        })
        .unwrap_or_default()
}

pub fn text_of(el: &scraper::ElementRef<'_>) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
