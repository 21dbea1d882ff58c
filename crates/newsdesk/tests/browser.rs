//! What a person sees and clicks, in a real headless Chromium (Debian's `chromium` and
//! `chromium-driver`), against the real server on a local port: a newsroom set up from an
//! empty database; a contributor writes and submits, an editor publishes, the public page
//! shows it, a second editor's stale save gets the conflict page with nothing lost, a
//! correction appears on the page. Screenshots land in `target/browser-artifacts/`.
//!
//! Ignored by a plain `cargo test` (the machine may have no browser); with
//! `-- --include-ignored` a missing browser fails the tests.

use crate::common;

use common::browser::{
    assert_nothing_ran, click, field_value, fill, hooked_browser, person, serve, shot, sign_in,
    sign_out, start_driver, submit, text, text_or_empty, wait_for_text,
};
use common::{TestApp, fixture};
use fantoccini::Locator;
use newsdesk_core::Role;
use newsdesk_store::Backend;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a browser: apt-get install chromium chromium-driver, then run with -- --include-ignored"]
async fn a_story_goes_from_reporter_to_reader_in_a_real_browser() {
    let (_driver, driver_port) = start_driver().await;
    let t = TestApp::start(Backend::Sqlite).await;
    let news = fixture::section(&t.store, "news", "News", 0).await;
    for (email, role) in [
        ("reporter@example.com", Role::Contributor),
        ("editor@example.com", Role::Editor),
        ("second@example.com", Role::Editor),
    ] {
        person(&t, email, email, role).await;
    }
    t.catch_up().await;
    // The real server, on a local port, following its change log as in production.
    let base = serve(&t).await;

    // A contributor writes a story and submits it.
    let reporter = hooked_browser(driver_port).await;
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
    // The preview tab renders the body as readers will see it.
    click(&reporter, ".write-tabs button[data-tab=preview]").await;
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
    let editor = hooked_browser(driver_port).await;
    let second = hooked_browser(driver_port).await;
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
    // The desk's list and editor, on a laptop and on a phone.
    editor.goto(&format!("{base}/admin/")).await.unwrap();
    assert_eq!(
        text(&editor, ".desk-views a[aria-current=page]")
            .await
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["All", "1"]
    );
    shot(&editor, "2-desk-stories").await;
    let (width, height) = editor.get_window_size().await.unwrap();
    editor.set_window_size(390, 844).await.unwrap();
    shot(&editor, "2-desk-stories-phone").await;
    editor.goto(&format!("{base}{edit_path}")).await.unwrap();
    shot(&editor, "2-editor-phone").await;
    editor
        .set_window_size(width as u32, height as u32)
        .await
        .unwrap();
    editor.goto(&format!("{base}{edit_path}")).await.unwrap();

    // The reader sees it, within the change log's poll.
    let public_href = editor
        .find(Locator::Css(".story-state a"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let reader = hooked_browser(driver_port).await;
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

    // Nothing ran that the site did not mean, and its policy blocked nothing of its own.
    for (client, who) in [
        (reporter, "the reporter"),
        (editor, "the editor"),
        (second, "the second editor"),
        (reader, "the reader"),
    ] {
        assert_nothing_ran(&client, who).await;
        client.close().await.unwrap();
    }
}

/// A newsroom from nothing, as its first administrator and first reporter would make it:
/// setup, the site's name and sections, a topic, a byline linked to the reporter's login,
/// the reporter's first story on the home page, a section moved to a new address, and an
/// About page in the footer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a browser: apt-get install chromium chromium-driver, then run with -- --include-ignored"]
async fn a_newsroom_is_set_up_from_an_empty_database_in_a_real_browser() {
    let (_driver, driver_port) = start_driver().await;
    let t = TestApp::start(Backend::Sqlite).await;
    let base = serve(&t).await;
    let admin = hooked_browser(driver_port).await;

    // Nobody can sign in yet: the desk sends the first visitor to setup.
    admin.goto(&format!("{base}/admin/")).await.unwrap();
    assert_eq!(admin.current_url().await.unwrap().path(), "/admin/setup");
    shot(&admin, "setup-0-first-administrator").await;
    fill(&admin, "#name", "Ada Editor").await;
    fill(&admin, "#email", "ada@courier.example").await;
    fill(&admin, "#password", "browser test password").await;
    submit(&admin, ".desk-form button[type=submit]").await;
    assert_eq!(
        admin.current_url().await.unwrap().path(),
        "/admin/setup/site"
    );
    fill(&admin, "#name", "The Basra Courier").await;
    fill(&admin, "#tagline", "News from the Gulf").await;
    fill(&admin, "#language", "en-GB").await;
    fill(&admin, "#time_zone", "Asia/Baghdad").await;
    fill(&admin, "#sections", "News\nSport").await;
    shot(&admin, "setup-1-the-newsroom").await;
    submit(&admin, ".desk-actions button[type=submit]").await;
    assert_eq!(admin.current_url().await.unwrap().path(), "/admin/");
    assert!(
        text(&admin, ".form-note")
            .await
            .contains("Your newsroom is ready")
    );

    // A topic, a reporter's login, and a byline linked to it.
    admin.goto(&format!("{base}/admin/topics")).await.unwrap();
    fill(&admin, "#new-name", "Floods").await;
    submit(
        &admin,
        "form[method=post][action='/admin/topics'] button[type=submit]",
    )
    .await;
    admin.goto(&format!("{base}/admin/users")).await.unwrap();
    fill(&admin, "#new-email", "nadia@courier.example").await;
    fill(&admin, "#new-name", "Nadia Reporter").await;
    click(&admin, "#new-role option[value=author]").await;
    fill(&admin, "#new-password", "browser test password").await;
    submit(&admin, "form[action='/admin/users'] button[type=submit]").await;
    admin.goto(&format!("{base}/admin/authors")).await.unwrap();
    fill(&admin, "#new-name", "Nadia Hassan").await;
    fill(&admin, "#new-job", "Basra correspondent").await;
    submit(&admin, "form[action='/admin/authors'] button[type=submit]").await;
    let authors = t.store.authors().await.unwrap();
    let byline = authors
        .iter()
        .find(|a| a.name == "Nadia Hassan")
        .expect("the byline");
    let nadia = t
        .store
        .user_for_login("nadia@courier.example")
        .await
        .unwrap()
        .expect("the reporter's login")
        .0;
    admin
        .goto(&format!("{base}/admin/authors/{}", byline.id))
        .await
        .unwrap();
    click(&admin, &format!("#login_id option[value='{}']", nadia.id)).await;
    shot(&admin, "setup-2-byline-linked-to-a-login").await;
    submit(&admin, "form.desk-form button[type=submit]").await;
    let nadia = t.store.user(nadia.id).await.unwrap().unwrap();
    assert_eq!(
        nadia.author_id,
        Some(byline.id),
        "the byline is the reporter's"
    );
    sign_out(&admin, &base).await;

    // The reporter's first story, published by herself.
    let reporter = hooked_browser(driver_port).await;
    sign_in(&reporter, &base, "nadia@courier.example").await;
    reporter
        .goto(&format!("{base}/admin/stories/new"))
        .await
        .unwrap();
    fill(&reporter, "#headline", "Floodwater reaches the old port").await;
    fill(
        &reporter,
        "#standfirst",
        "Families moved to higher ground overnight.",
    )
    .await;
    fill(&reporter, "#body", "The river rose two metres in a day.").await;
    let news = t
        .store
        .section_by_slug("news")
        .await
        .unwrap()
        .expect("News");
    click(
        &reporter,
        &format!("#section_id option[value='{}']", news.id),
    )
    .await;
    click(
        &reporter,
        &format!("input[name=author][value='{}']", byline.id),
    )
    .await;
    fill(&reporter, "#topic_names", "Floods").await;
    submit(&reporter, "button[value=save]").await;
    shot(&reporter, "setup-3-first-story").await;
    submit(&reporter, "button[value=publish]").await;
    wait_for_text(
        &reporter,
        &format!("{base}/"),
        "main",
        "Floodwater reaches the old port",
    )
    .await;
    let html = reporter.source().await.unwrap();
    assert!(html.contains("The Basra Courier"), "the site's own name");
    shot(&reporter, "setup-4-home-page").await;
    let story_url = format!("{base}/news/floodwater-reaches-the-old-port");
    reporter.goto(&story_url).await.unwrap();
    assert_eq!(
        text(&reporter, "h1").await,
        "Floodwater reaches the old port"
    );
    assert!(text(&reporter, ".byline").await.contains("Nadia Hassan"));

    // The administrator moves News to a new address: old ones answer 301.
    sign_in(&admin, &base, "ada@courier.example").await;
    admin.goto(&format!("{base}/admin/sections")).await.unwrap();
    click(&admin, &format!("a[href='/admin/sections/{}']", news.id)).await;
    fill(&admin, "#slug", "local-news").await;
    fill(&admin, "#name", "Local news").await;
    submit(&admin, "form.desk-form button[type=submit]").await;
    wait_for_text(&reporter, &format!("{base}/"), "nav.sections", "Local news").await;
    // Asked by a browser that has not kept the old pages (the reporter's may, a minute).
    admin.goto(&story_url).await.unwrap();
    assert_eq!(
        admin.current_url().await.unwrap().path(),
        "/local-news/floodwater-reaches-the-old-port",
        "the old address of the story moved with its section"
    );
    admin.goto(&format!("{base}/news/")).await.unwrap();
    assert_eq!(admin.current_url().await.unwrap().path(), "/local-news/");
    shot(&admin, "setup-5-moved-section").await;

    // An About page, in the footer of every page.
    admin
        .goto(&format!("{base}/admin/pages/new"))
        .await
        .unwrap();
    fill(&admin, "#title", "About us").await;
    fill(&admin, "#slug", "about").await;
    fill(&admin, "#body", "The Basra Courier reports from **Basra**.").await;
    click(&admin, "input[name=in_footer]").await;
    click(&admin, "#purpose option[value=about]").await;
    shot(&admin, "setup-6-about-page-editor").await;
    submit(&admin, "button[value=publish]").await;
    wait_for_text(&reporter, &format!("{base}/"), ".footer-links", "About us").await;
    submit(&reporter, ".footer-links a[href='/about']").await;
    assert_eq!(reporter.current_url().await.unwrap().path(), "/about");
    assert_eq!(text(&reporter, "h1").await, "About us");
    shot(&reporter, "setup-7-about-page").await;

    // A token for the wire importer, shown once, works against the Admin API at once.
    admin.goto(&format!("{base}/admin/tokens")).await.unwrap();
    fill(&admin, "#token-name", "Wire importer").await;
    submit(&admin, "form.desk-form button[type=submit]").await;
    let secret = field_value(&admin, "input.token-secret").await;
    assert!(secret.starts_with("nd_"), "{secret}");
    shot(&admin, "setup-8-api-token").await;
    let bearer = format!("Bearer {secret}");
    let me = t
        .get_with("/api/admin/v1/me/", &[("authorization", bearer.as_str())])
        .await;
    assert_eq!(me.status, 200, "{}", me.text());
    assert!(me.text().contains("ada@courier.example"));
    admin.goto(&format!("{base}/admin/tokens")).await.unwrap();
    let listed = text(&admin, "main").await;
    assert!(listed.contains("Wire importer") && !listed.contains(&secret));
    // A webhook to the newsroom's own network is refused, in words, with the form kept.
    admin.goto(&format!("{base}/admin/webhooks")).await.unwrap();
    fill(&admin, "#name", "Newsletter").await;
    fill(&admin, "#target_url", "http://10.0.0.5/hook").await;
    submit(&admin, "form.desk-form button[type=submit]").await;
    assert!(
        text(&admin, ".form-error")
            .await
            .contains("Nothing was added")
    );
    assert_eq!(field_value(&admin, "#name").await, "Newsletter");
    shot(&admin, "setup-9-webhook-refused").await;

    assert_nothing_ran(&reporter, "the reporter").await;
    assert_nothing_ran(&admin, "the administrator").await;
    reporter.close().await.unwrap();
    admin.close().await.unwrap();
}
