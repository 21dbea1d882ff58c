//! Standalone pages (About us, Contact, the policies): written in the desk with revisions
//! and a preview, served at their own address, in the footer and the pages sitemap, and
//! never in news lists, news feeds, the news sitemap or search.

use crate::common;

use common::desk::{Browser, sign_in};
use common::{TestApp, fixture, select, text_of};
use newsdesk_core::Role;

/// Creates a page through the desk; returns its editor's address.
async fn write_page(
    editor: &Browser,
    t: &TestApp,
    fields: &[(&str, &str)],
    action: &str,
) -> String {
    let mut form = vec![("action", action), ("purpose", "")];
    form.extend_from_slice(fields);
    let res = editor.post(t, "/admin/pages/new", &form).await;
    assert_eq!(res.status, 303, "{}", res.text());
    let location = res.header("location");
    location.split('?').next().unwrap().to_owned()
}

fn page_id(edit: &str) -> i64 {
    edit.rsplit('/').next().unwrap().parse().unwrap()
}

async fn an_about_page_is_drafted_previewed_published_and_in_the_footer(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    fixture::published(&t.store, news.id, "Bridge reopens", 5).await;
    let editor = sign_in(&t, "editor@courier.example", Role::Editor).await;
    let edit = write_page(
        &editor,
        &t,
        &[
            ("title", "About us"),
            ("slug", "about"),
            (
                "body",
                "We are the **Courier**.\n\n## Who we are\n\nReporters.",
            ),
            ("in_footer", "1"),
            ("footer_position", "1"),
            ("purpose", "about"),
        ],
        "save",
    )
    .await;
    t.catch_up().await;
    // A draft is nobody's business but the desk's.
    assert_eq!(t.get("/about").await.status, 404);
    assert!(!t.get("/").await.text().contains("About us"));
    let preview = editor.get(&t, &format!("{edit}/preview")).await;
    assert_eq!(preview.status, 200);
    assert_eq!(preview.header("cache-control"), "no-store");
    let html = preview.html();
    assert_eq!(
        select(&html, "meta[name=robots]")[0]
            .value()
            .attr("content"),
        Some("noindex")
    );
    assert_eq!(text_of(&select(&html, "h2")[0]), "Who we are");
    assert_eq!(t.get(&format!("{edit}/preview")).await.status, 303);

    let page = t.store.page(page_id(&edit)).await.unwrap().unwrap();
    let published = editor
        .post(
            &t,
            &edit,
            &[
                ("action", "publish"),
                ("version", &page.version.to_string()),
                ("title", "About us"),
                ("slug", "about"),
                ("body", &page.body_markdown),
                ("in_footer", "1"),
                ("footer_position", "1"),
                ("purpose", "about"),
            ],
        )
        .await;
    assert_eq!(published.status, 303, "{}", published.text());
    t.catch_up().await;

    let about = t.get("/about").await;
    assert_eq!(about.status, 200);
    let html = about.html();
    assert_eq!(text_of(&select(&html, "h1")[0]), "About us");
    assert_eq!(text_of(&select(&html, ".body strong")[0]), "Courier");
    assert_eq!(
        select(&html, "link[rel=canonical]")[0].value().attr("href"),
        Some("http://127.0.0.1:8080/about")
    );
    // Cached like every page, and dropped when the page changes.
    assert_eq!(t.get("/about").await.header("x-cache"), "HIT");

    // In the footer of every page, in the pages sitemap.
    for path in ["/", "/news/", "/about"] {
        let html = t.get(path).await.html();
        let footer: Vec<String> = select(&html, ".footer-links a")
            .iter()
            .map(|a| a.value().attr("href").unwrap().to_owned())
            .collect();
        assert_eq!(footer[0], "/about", "{path}");
    }
    assert!(
        t.get("/sitemaps/pages.xml")
            .await
            .text()
            .contains("/about</loc>")
    );

    // Never news: not in lists, news feeds, sitemaps of stories, nor search.
    let home = t.get("/").await.html();
    assert!(select(&home, "main a[href='/about']").is_empty());
    for path in [
        "/feed.xml",
        "/atom.xml",
        "/feed.json",
        "/news/feed.xml",
        "/sitemaps/news.xml",
    ] {
        let body = t.get(path).await.text();
        assert!(!body.contains("/about"), "{path}");
        assert!(!body.contains("About us"), "{path}");
    }
    let month = jiff::Timestamp::now().strftime("%Y-%m").to_string();
    let sitemap = t.get(&format!("/sitemaps/{month}.xml")).await.text();
    assert!(!sitemap.contains("/about"), "{sitemap}");
    let search = t.get("/search?q=reporters").await.html();
    assert!(
        select(&search, "main a[href='/about']").is_empty(),
        "search finds no page"
    );

    // The desk lists it.
    let list = editor.get(&t, "/admin/pages").await;
    assert!(list.text().contains("About us"));
}

async fn a_renamed_page_redirects_and_an_old_version_restores(t: TestApp) {
    let editor = sign_in(&t, "editor@courier.example", Role::Editor).await;
    let edit = write_page(
        &editor,
        &t,
        &[("title", "Contact"), ("body", "Call us.")],
        "publish",
    )
    .await;
    let id = page_id(&edit);
    assert_eq!(
        t.store.page(id).await.unwrap().unwrap().slug.as_str(),
        "contact"
    );
    let moved = editor
        .post(
            &t,
            &edit,
            &[
                ("action", "publish"),
                ("version", "1"),
                ("title", "Contact the newsroom"),
                ("slug", "contact-us"),
                ("body", "Write to us."),
                ("purpose", "contact"),
            ],
        )
        .await;
    assert_eq!(moved.status, 303, "{}", moved.text());
    t.catch_up().await;
    let old = t.get("/contact").await;
    assert_eq!(old.status, 301);
    assert_eq!(old.header("location"), "/contact-us");
    assert!(t.get("/contact-us").await.text().contains("Write to us."));

    let history = editor.get(&t, &edit).await;
    assert_eq!(select(&history.html(), ".desk-history li").len(), 2);
    let restored = editor
        .post(&t, &format!("{edit}/revisions/1/restore"), &[])
        .await;
    assert_eq!(restored.status, 303, "{}", restored.text());
    let page = t.store.page(id).await.unwrap().unwrap();
    assert_eq!(page.version, 3);
    assert_eq!(page.title, "Contact");
    assert_eq!(page.body_markdown, "Call us.");
    assert!(page.published, "restoring never takes a page down");
    t.catch_up().await;
    // Back at its first address: the newer one now redirects there.
    assert_eq!(t.get("/contact").await.status, 200);
    assert_eq!(t.get("/contact-us").await.header("location"), "/contact");
}

async fn the_policies_are_named_in_the_site_structured_data(t: TestApp) {
    let editor = sign_in(&t, "editor@courier.example", Role::Editor).await;
    for (title, purpose) in [
        ("Ethics policy", "ethics"),
        ("Corrections policy", "corrections"),
    ] {
        write_page(
            &editor,
            &t,
            &[
                ("title", title),
                ("body", "We correct errors."),
                ("purpose", purpose),
            ],
            "publish",
        )
        .await;
    }
    t.catch_up().await;
    let home = t.get("/").await.html();
    let ld: serde_json::Value = serde_json::from_str(
        &select(&home, "script[type='application/ld+json']")[0]
            .text()
            .collect::<String>(),
    )
    .unwrap();
    assert_eq!(ld["ethicsPolicy"], "http://127.0.0.1:8080/ethics-policy");
    assert_eq!(
        ld["correctionsPolicy"],
        "http://127.0.0.1:8080/corrections-policy"
    );
}

async fn bad_pages_are_explained_and_nothing_is_written(t: TestApp) {
    fixture::section(&t.store, "news", "News", 0).await;
    let editor = sign_in(&t, "editor@courier.example", Role::Editor).await;
    let edit = write_page(
        &editor,
        &t,
        &[("title", "About us"), ("body", "Hello")],
        "save",
    )
    .await;
    for (fields, says) in [
        (vec![("title", "  ")], "title"),
        (vec![("title", "News"), ("slug", "news")], "section"),
        (vec![("title", "Search"), ("slug", "search")], "site's own"),
        (
            vec![("title", "Dup"), ("slug", "about-us")],
            "another page already has",
        ),
        (
            vec![("title", "Bad"), ("slug", "Not An Address")],
            "cannot be an address",
        ),
        (
            vec![("title", "Bad"), ("footer_position", "-4")],
            "footer position",
        ),
        (
            vec![("title", "Bad"), ("purpose", "mission")],
            "Choose what the page is",
        ),
    ] {
        let mut form = vec![
            ("action", "publish"),
            ("purpose", ""),
            ("body", "typed text"),
        ];
        form.extend(fields);
        let res = editor.post(&t, "/admin/pages/new", &form).await;
        assert_eq!(res.status, 422, "{says}: {}", res.text());
        let error = text_of(&select(&res.html(), ".form-error")[0]);
        assert!(error.contains(says), "{says}: {error}");
        assert!(res.text().contains("typed text"), "what was typed is kept");
    }
    assert_eq!(t.store.all_pages().await.unwrap().len(), 1);

    // A stale save is refused whole.
    let id = page_id(&edit);
    let first = editor
        .post(
            &t,
            &edit,
            &[
                ("action", "save"),
                ("version", "1"),
                ("title", "About"),
                ("slug", "about-us"),
                ("purpose", ""),
            ],
        )
        .await;
    assert_eq!(first.status, 303);
    let stale = editor
        .post(
            &t,
            &edit,
            &[
                ("action", "save"),
                ("version", "1"),
                ("title", "Mine"),
                ("slug", "about-us"),
                ("purpose", ""),
                ("body", "my text"),
            ],
        )
        .await;
    assert_eq!(stale.status, 409);
    assert!(stale.text().contains("my text"));
    let page = t.store.page(id).await.unwrap().unwrap();
    assert_eq!((page.title.as_str(), page.version), ("About", 2));

    // Unknown pages and revisions are 404s.
    assert_eq!(editor.get(&t, "/admin/pages/999").await.status, 404);
    let res = editor
        .post(&t, &format!("{edit}/revisions/77/restore"), &[])
        .await;
    assert_eq!(res.status, 404);
    // Deleting asks for confirmation, then the page is gone.
    let unconfirmed = editor.post(&t, &format!("{edit}/delete"), &[]).await;
    assert_eq!(unconfirmed.status, 422);
    let deleted = editor
        .post(&t, &format!("{edit}/delete"), &[("confirm", "1")])
        .await;
    assert_eq!(deleted.status, 303);
    assert!(t.store.page(id).await.unwrap().is_none());
}

async fn only_editors_and_administrators_write_pages(t: TestApp) {
    let admin = sign_in(&t, "admin@courier.example", Role::Admin).await;
    let edit = write_page(
        &admin,
        &t,
        &[("title", "Privacy"), ("body", "x")],
        "publish",
    )
    .await;
    for role in [Role::Contributor, Role::Author] {
        let who = sign_in(&t, &format!("{role}@courier.example"), role).await;
        assert_eq!(who.get(&t, "/admin/pages").await.status, 403, "{role}");
        assert_eq!(who.get(&t, &edit).await.status, 403, "{role}");
        let res = who
            .post(
                &t,
                "/admin/pages/new",
                &[("title", "Mine"), ("purpose", ""), ("action", "publish")],
            )
            .await;
        assert_eq!(res.status, 403, "{role}");
        let res = who
            .post(&t, &format!("{edit}/delete"), &[("confirm", "1")])
            .await;
        assert_eq!(res.status, 403, "{role}");
    }
    assert_eq!(t.store.all_pages().await.unwrap().len(), 1);
}

db_tests!(
    an_about_page_is_drafted_previewed_published_and_in_the_footer,
    a_renamed_page_redirects_and_an_old_version_restores,
    the_policies_are_named_in_the_site_structured_data,
    bad_pages_are_explained_and_nothing_is_written,
    only_editors_and_administrators_write_pages,
);
