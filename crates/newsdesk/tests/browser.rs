//! What a person sees and clicks, in a real headless Chromium (Debian's `chromium` and
//! `chromium-driver`), against the real server on a local port: a contributor writes and
//! submits, an editor publishes, the public page shows it, a second editor's stale save
//! gets the conflict page with nothing lost, a correction appears on the page.
//! Screenshots land in `target/browser-artifacts/`.
//!
//! Skips, saying so, when no chromedriver is installed — unless `NEWSDESK_REQUIRE_BROWSER=1`
//! (CI sets it), when a missing browser fails the test.

mod common;

use common::{TestApp, fixture};
use fantoccini::{Client, ClientBuilder, Locator};
use newsdesk_core::Role;
use newsdesk_store::{Backend, NewUser};
use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

struct Driver(Child);

impl Drop for Driver {
    /// Ends chromedriver and every browser it started (its process group), even when the
    /// test failed before closing its sessions.
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-9", "--", &group]).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/browser-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn start_driver() -> (Driver, u16) {
    assert!(
        Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists(),
        "this test needs {CHROMIUM} and {CHROMEDRIVER}: apt-get install chromium chromium-driver"
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (Driver(child), port)
}

async fn browser(driver_port: u16) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "chrome".into());
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": CHROMIUM,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--no-first-run",
                     "--disable-sync", "--window-size=1280,1600"]
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .expect("a browser session")
}

async fn shot(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    std::fs::write(artifacts().join(format!("{name}.png")), png).unwrap();
}

async fn fill(client: &Client, css: &str, text: &str) {
    let field = client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn click(client: &Client, css: &str) {
    match client.find(Locator::Css(css)).await {
        Ok(el) => el.click().await.unwrap(),
        Err(e) => {
            let url = client
                .current_url()
                .await
                .map(|u| u.to_string())
                .unwrap_or_default();
            let source = client.source().await.unwrap_or_default();
            panic!("{css}: {e}\nat {url}:\n{source}");
        }
    }
}

/// Clicks a button that submits a form, and waits until the next page has loaded.
async fn submit(client: &Client, css: &str) {
    let old_page = client.find(Locator::Css("html")).await.unwrap();
    click(client, css).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while old_page.tag_name().await.is_ok() {
        assert!(
            Instant::now() < deadline,
            "{css} did not lead to a new page"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    loop {
        let state = client
            .execute("return document.readyState", vec![])
            .await
            .unwrap();
        if state == "complete" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the page after {css} never finished loading"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn text(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

/// The current value of a form field (what is typed, not the HTML attribute).
async fn field_value(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

async fn text_or_empty(client: &Client, css: &str) -> String {
    match client.find(Locator::Css(css)).await {
        Ok(el) => el.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

async fn sign_in(client: &Client, base: &str, email: &str) {
    client.goto(&format!("{base}/admin/login")).await.unwrap();
    fill(client, "#email", email).await;
    fill(client, "#password", "browser test password").await;
    submit(client, ".desk-form button[type=submit]").await;
    assert_eq!(
        client.current_url().await.unwrap().path(),
        "/admin/",
        "{email} is signed in"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a browser: apt-get install chromium chromium-driver, then run with -- --include-ignored"]
async fn a_story_goes_from_reporter_to_reader_in_a_real_browser() {
    let (_driver, driver_port) = start_driver().await;
    let t = TestApp::start(Backend::Sqlite).await;
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let hash = newsdesk_auth::hash_password("browser test password").unwrap();
    for (email, role) in [
        ("reporter@example.com", Role::Contributor),
        ("editor@example.com", Role::Editor),
        ("second@example.com", Role::Editor),
    ] {
        t.store
            .create_user(
                &NewUser {
                    email,
                    name: email,
                    password_hash: &hash,
                    role,
                },
                None,
            )
            .await
            .unwrap();
    }
    t.catch_up().await;
    // The real server, on a local port, following its change log as in production.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let service = t
        .router
        .clone()
        .into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    tokio::spawn(t.app.clone().follow_changes());

    // A contributor writes a story and submits it.
    let reporter = browser(driver_port).await;
    sign_in(&reporter, &base, "reporter@example.com").await;
    reporter
        .goto(&format!("{base}/admin/stories/new"))
        .await
        .unwrap();
    // The tab is closed before saving: the browser kept a copy, offered on return.
    fill(&reporter, "#headline", "Words typed before the tab closed").await;
    fill(&reporter, "#body", "A paragraph that was never saved.").await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    reporter.goto(&format!("{base}/admin/")).await.unwrap();
    reporter
        .goto(&format!("{base}/admin/stories/new"))
        .await
        .unwrap();
    click(&reporter, ".autosave-restore").await;
    let restored = field_value(&reporter, "#body").await;
    assert_eq!(restored, "A paragraph that was never saved.");
    shot(&reporter, "0-contributor-restored-copy").await;
    fill(
        &reporter,
        "#headline",
        "Lifeboat crew rescue 12 from stricken ferry",
    )
    .await;
    fill(
        &reporter,
        "#standfirst",
        "Passengers were brought ashore at Fishguard after a night at sea.",
    )
    .await;
    fill(&reporter, "#body", "The ferry lost power shortly after midnight.\n\n## A long night\n\n> \"The crew were magnificent,\" said one passenger.").await;
    click(
        &reporter,
        &format!("#section_id option[value='{}']", news.id),
    )
    .await;
    // The live preview renders the body as readers will see it.
    let deadline = Instant::now() + Duration::from_secs(5);
    while text_or_empty(&reporter, ".md-preview h2").await != "A long night" {
        assert!(
            Instant::now() < deadline,
            "the live preview never showed the heading"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    submit(&reporter, "button[value=save]").await;
    let edit_path = reporter.current_url().await.unwrap().path().to_owned();
    assert!(edit_path.starts_with("/admin/stories/"), "{edit_path}");
    assert!(
        reporter
            .find(Locator::Css("button[value=publish]"))
            .await
            .is_err(),
        "no Publish button for a contributor"
    );
    // A photo from disk, through the browser's own file picker, with its alt text.
    let photo_path = t.data_dir().join("lifeboat.jpg");
    let photo = image::RgbImage::from_fn(1200, 800, |x, y| {
        image::Rgb([(x / 5 % 256) as u8, (y / 4 % 256) as u8, 150])
    });
    photo.save(&photo_path).unwrap();
    reporter
        .find(Locator::Css("#lead_file"))
        .await
        .unwrap()
        .send_keys(photo_path.to_str().unwrap())
        .await
        .unwrap();
    fill(
        &reporter,
        "#lead_alt",
        "The lifeboat alongside the ferry at dawn",
    )
    .await;
    fill(
        &reporter,
        "#lead_caption",
        "The Fishguard lifeboat reached the ferry at 5am.",
    )
    .await;
    submit(&reporter, "button[value=submit]").await;
    let chosen = field_value(&reporter, ".lead-picker input[checked]").await;
    assert_ne!(chosen, "0", "the uploaded photo is the lead image");
    reporter
        .execute(
            "document.querySelector('.desk-lead').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    shot(&reporter, "1-contributor-photo").await;
    assert!(
        text(&reporter, ".story-state")
            .await
            .to_lowercase()
            .contains("in review")
    );
    reporter
        .execute("window.scrollTo(0, 0)", vec![])
        .await
        .unwrap();
    shot(&reporter, "1-contributor-submitted").await;

    // Two editors open it; the first edits and publishes.
    let editor = browser(driver_port).await;
    let second = browser(driver_port).await;
    sign_in(&editor, &base, "editor@example.com").await;
    sign_in(&second, &base, "second@example.com").await;
    editor.goto(&format!("{base}{edit_path}")).await.unwrap();
    second.goto(&format!("{base}{edit_path}")).await.unwrap();
    fill(
        &editor,
        "#headline",
        "Lifeboat crew rescue 12 from stricken Irish Sea ferry",
    )
    .await;
    submit(&editor, "button[value=publish]").await;
    assert!(
        text(&editor, ".story-state")
            .await
            .to_lowercase()
            .contains("published")
    );
    shot(&editor, "2-editor-published").await;

    // The reader sees it, within the change log's poll.
    let public_href = editor
        .find(Locator::Css(".story-state a"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let reader = browser(driver_port).await;
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        reader.goto(&format!("{base}{public_href}")).await.unwrap();
        if reader.find(Locator::Css("main article h1")).await.is_ok() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the story never appeared at {public_href}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        text(&reader, "main article h1").await,
        "Lifeboat crew rescue 12 from stricken Irish Sea ferry"
    );
    assert_eq!(text(&reader, ".section-label").await, "News");
    let lead = reader
        .find(Locator::Css(".lead picture img"))
        .await
        .expect("the photo leads the story");
    assert_eq!(
        lead.attr("alt").await.unwrap().as_deref(),
        Some("The lifeboat alongside the ferry at dawn")
    );
    // The browser chose a WebP rendition and actually decoded it.
    let current: String = reader
        .execute(
            "return document.querySelector('.lead picture img').currentSrc",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(current.ends_with(".webp"), "{current}");
    let width = reader
        .execute(
            "return document.querySelector('.lead picture img').naturalWidth",
            vec![],
        )
        .await
        .unwrap();
    assert!(width.as_u64().unwrap_or(0) > 0, "the image loaded");
    shot(&reader, "3-reader-article").await;

    // The second editor, still on the old version, saves: conflict, and the typed text stays.
    fill(
        &second,
        "#body",
        "My own rewrite of the whole story, which must not be lost.",
    )
    .await;
    submit(&second, "button[value=save]").await;
    assert!(
        text(&second, ".conflict h2")
            .await
            .contains("Someone else saved")
    );
    assert!(
        text(&second, ".their-headline")
            .await
            .contains("Irish Sea ferry")
    );
    let kept = field_value(&second, "#body").await;
    assert_eq!(
        kept,
        "My own rewrite of the whole story, which must not be lost."
    );
    shot(&second, "4-second-editor-conflict").await;

    // A correction appears on the public page.
    editor.goto(&format!("{base}{edit_path}")).await.unwrap();
    fill(
        &editor,
        "#correction-body",
        "An earlier version of this article said the ferry sailed from Rosslare.",
    )
    .await;
    submit(&editor, ".desk-corrections button[type=submit]").await;
    assert!(text(&editor, ".form-note").await.contains("Saved"));
    // The reader reloads the page (a reload revalidates; a plain revisit may use the
    // browser's copy for up to `cache_browser_max_age` seconds, as on any news site).
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        reader.refresh().await.unwrap();
        if reader.find(Locator::Css(".corrections")).await.is_ok() {
            break;
        }
        assert!(Instant::now() < deadline, "the correction never appeared");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        text(&reader, ".corrections")
            .await
            .contains("sailed from Rosslare")
    );
    shot(&reader, "5-reader-correction").await;

    for client in [reporter, editor, second, reader] {
        client.close().await.unwrap();
    }
}
