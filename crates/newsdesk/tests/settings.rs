//! A newsroom of its own: first-run setup from an empty database (the first administrator,
//! then the site's name, language, time zone and first sections), the site settings page,
//! and how those settings reach every page, feed and the site's structured data.

use crate::common;

use common::desk::{Browser, SAME_SITE, sign_in, story_id};
use common::{TestApp, fixture, select, text_of};
use newsdesk_core::Role;

/// The setup form's token, read from the page as a browser would.
fn csrf_of(res: &common::Response) -> String {
    select(&res.html(), "input[name=csrf_token]")[0]
        .value()
        .attr("value")
        .unwrap()
        .to_owned()
}

async fn settings_form(admin: &Browser, t: &TestApp) -> Vec<(String, String)> {
    let page = admin.get(t, "/admin/settings").await;
    assert_eq!(page.status, 200, "{}", page.text());
    let html = page.html();
    let mut fields = Vec::new();
    for input in select(&html, "form input[name]") {
        let name = input.value().attr("name").unwrap();
        if name != "csrf_token" {
            let value = input.value().attr("value").unwrap_or("");
            fields.push((name.to_owned(), value.to_owned()));
        }
    }
    for area in select(&html, "form textarea[name]") {
        let name = area.value().attr("name").unwrap();
        fields.push((name.to_owned(), area.text().collect()));
    }
    fields
}

/// Posts the settings form as it stands, with `changes` typed over it.
async fn save_settings(admin: &Browser, t: &TestApp, changes: &[(&str, &str)]) -> common::Response {
    let mut fields = settings_form(admin, t).await;
    for (name, value) in changes {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = (*value).to_owned(),
            None => fields.push(((*name).to_owned(), (*value).to_owned())),
        }
    }
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    admin.post(t, "/admin/settings", &borrowed).await
}

async fn from_an_empty_install_setup_makes_a_newsroom_that_can_publish(t: TestApp) {
    // Nobody can sign in: the desk sends the first visitor to setup.
    let login = t.get("/admin/login").await;
    assert_eq!(login.status, 303);
    assert_eq!(login.header("location"), "/admin/setup");
    let first = t
        .post_form(
            "/admin/setup",
            &[
                ("name", "Ada Editor"),
                ("email", "ada@courier.example"),
                ("password", "a good long password"),
            ],
            &[SAME_SITE],
        )
        .await;
    assert_eq!(first.status, 303, "{}", first.text());
    assert_eq!(first.header("location"), "/admin/setup/site");
    let cookie = first
        .header("set-cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let step = t
        .get_with("/admin/setup/site", &[("cookie", &cookie)])
        .await;
    assert_eq!(step.status, 200);
    let offered: String = select(&step.html(), "textarea[name=sections]")[0]
        .text()
        .collect();
    assert!(
        offered.contains("News") && offered.contains("Sport"),
        "{offered}"
    );
    let admin = Browser {
        csrf: csrf_of(&step),
        cookie,
    };

    // A clash is explained and nothing is saved.
    let clash = admin
        .post(
            &t,
            "/admin/setup/site",
            &[
                ("name", "The Basra Courier"),
                ("tagline", "From the Gulf"),
                ("language", "en-GB"),
                ("time_zone", "Asia/Baghdad"),
                ("sections", "Local news\nSearch"),
            ],
        )
        .await;
    assert_eq!(clash.status, 422);
    assert!(clash.text().contains("clash"), "{}", clash.text());
    assert!(!t.store.has_site_settings().await.unwrap());
    assert!(t.store.sections().await.unwrap().is_empty());

    let done = admin
        .post(
            &t,
            "/admin/setup/site",
            &[
                ("name", "The Basra Courier"),
                ("tagline", "From the Gulf"),
                ("language", "en-GB"),
                ("time_zone", "Asia/Baghdad"),
                ("sections", "Local news\nBusiness\n\nSport"),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.text());
    assert_eq!(done.header("location"), "/admin/?welcome=1");
    t.catch_up().await;

    let home = t.get("/").await;
    assert_eq!(home.status, 200);
    let html = home.html();
    assert_eq!(
        text_of(&select(&html, "title")[0]),
        "The Basra Courier — From the Gulf"
    );
    assert_eq!(select(&html, "html")[0].value().attr("lang"), Some("en-GB"));
    let nav: Vec<String> = select(&html, "nav.sections a")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(nav, ["Local news", "Business", "Sport"]);
    assert_eq!(t.get("/local-news/").await.status, 200);

    // Setup is over: both steps are gone.
    assert_eq!(t.get("/admin/setup").await.status, 404);
    let again = admin.get(&t, "/admin/setup/site").await;
    assert_eq!(again.header("location"), "/admin/settings");

    // The first story can be written and published at once.
    let welcome = admin.get(&t, "/admin/?welcome=1").await;
    assert!(welcome.text().contains("Your newsroom is ready"));
    let section = t.store.sections().await.unwrap()[0].id.to_string();
    let edit = admin
        .new_story(
            &t,
            &[
                ("headline", "Port reopens after the storm"),
                ("standfirst", "Ships are moving again."),
                ("body", "The harbour master said so."),
                ("section_id", &section),
                ("version", "0"),
            ],
        )
        .await;
    let id = story_id(&edit);
    let story = t.store.article(id).await.unwrap().unwrap();
    let published = admin
        .post(
            &t,
            &edit,
            &[
                ("headline", "Port reopens after the storm"),
                ("slug", story.slug.as_str()),
                ("standfirst", "Ships are moving again."),
                ("body", "The harbour master said so."),
                ("section_id", &section),
                ("version", &story.version.to_string()),
                ("action", "publish"),
            ],
        )
        .await;
    assert_eq!(published.status, 303, "{}", published.text());
    t.catch_up().await;
    let home = t.get("/").await;
    assert!(home.text().contains("Port reopens after the storm"));
}

async fn settings_reach_every_page_feed_and_the_structured_data(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let story = fixture::published(&t.store, news.id, "Bridge reopens", 5).await;
    let admin = sign_in(&t, "admin@courier.example", Role::Admin).await;
    let pages = [
        "/",
        "/news/",
        &format!("/news/{}", story.slug),
        "/search?q=bridge",
    ];
    for page in pages {
        assert!(t.get(page).await.text().contains("Newsdesk"), "{page}");
    }
    let saved = save_settings(
        &admin,
        &t,
        &[
            ("name", "The Basra Courier"),
            ("tagline", "From the Gulf"),
            ("description", "News from Basra and the Gulf."),
            ("language", "ar-IQ"),
            ("time_zone", "Asia/Baghdad"),
            (
                "footer_links",
                "About us | /about\nJobs | https://jobs.example.com",
            ),
            ("social_profiles", "https://social.example/@courier"),
        ],
    )
    .await;
    assert_eq!(saved.status, 303, "{}", saved.text());
    assert_eq!(saved.header("location"), "/admin/settings?saved=1");
    t.catch_up().await;

    for page in pages {
        let res = t.get(page).await;
        let html = res.html();
        assert_eq!(
            text_of(&select(&html, "a.brand")[0]),
            "The Basra Courier",
            "{page}"
        );
        assert_eq!(select(&html, "html")[0].value().attr("lang"), Some("ar-IQ"));
        let footer: Vec<(String, String)> = select(&html, ".footer-links a")
            .iter()
            .map(|a| (text_of(a), a.value().attr("href").unwrap().to_owned()))
            .collect();
        assert_eq!(footer[0], ("About us".into(), "/about".into()), "{page}");
        assert_eq!(footer[1].1, "https://jobs.example.com");
        assert_eq!(
            select(&html, ".footer-social a[rel=me]")[0]
                .value()
                .attr("href"),
            Some("https://social.example/@courier")
        );
        assert_eq!(
            select(&html, "link[rel=icon]")[0].value().attr("href"),
            Some("/favicon.ico")
        );
    }
    // The home page describes the newsroom; a story names it as publisher.
    let home = t.get("/").await.html();
    let description = select(&home, "meta[name=description]")[0]
        .value()
        .attr("content");
    assert_eq!(description, Some("News from Basra and the Gulf."));
    let ld: serde_json::Value = serde_json::from_str(
        &select(&home, "script[type='application/ld+json']")[0]
            .text()
            .collect::<String>(),
    )
    .unwrap();
    assert_eq!(ld["@type"], "NewsMediaOrganization");
    assert_eq!(ld["name"], "The Basra Courier");
    assert_eq!(ld["sameAs"][0], "https://social.example/@courier");
    let article = t.get(&format!("/news/{}", story.slug)).await.html();
    let ld: serde_json::Value = serde_json::from_str(
        &select(&article, "script[type='application/ld+json']")[0]
            .text()
            .collect::<String>(),
    )
    .unwrap();
    assert_eq!(ld["publisher"]["@type"], "NewsMediaOrganization");
    assert_eq!(ld["publisher"]["name"], "The Basra Courier");

    // Feeds speak the site's language and carry its name.
    let rss = t.get("/feed.xml").await.text();
    assert!(rss.contains("<language>ar-IQ</language>"), "{rss}");
    assert!(rss.contains("The Basra Courier"));
    let news_sitemap = t.get("/sitemaps/news.xml").await.text();
    assert!(news_sitemap.contains("<news:language>ar</news:language>"));
    assert!(news_sitemap.contains("<news:name>The Basra Courier</news:name>"));

    // The change is in the audit log.
    let audit = admin.get(&t, "/admin/audit").await.text();
    assert!(audit.contains("site.settings"));
}

async fn bad_settings_are_explained_and_nothing_is_saved(t: TestApp) {
    let admin = sign_in(&t, "admin@courier.example", Role::Admin).await;
    let good = save_settings(&admin, &t, &[("name", "The Courier")]).await;
    assert_eq!(good.status, 303);
    let before = t
        .store
        .site_settings(newsdesk_core::SiteSettings::default())
        .await
        .unwrap();
    for (field, value, says) in [
        ("name", "   ", "name"),
        ("time_zone", "Mars/Olympus", "time zone"),
        ("language", "<script>", "language"),
        ("logo_media_id", "999", "no picture number 999"),
        ("favicon_media_id", "abc", "not a picture number"),
        ("footer_links", "Home | javascript:alert(1)", "Footer link"),
        ("social_profiles", "@courier", "full address"),
    ] {
        let res = save_settings(&admin, &t, &[(field, value)]).await;
        assert_eq!(res.status, 422, "{field}: {}", res.text());
        let error = text_of(&select(&res.html(), ".form-error")[0]);
        assert!(error.contains(says), "{field}: {error}");
        assert!(error.starts_with("Nothing was saved"), "{error}");
        // What was typed is shown again.
        if field == "footer_links" {
            assert!(res.text().contains("javascript:alert(1)"));
        }
        let after = t
            .store
            .site_settings(newsdesk_core::SiteSettings::default())
            .await
            .unwrap();
        assert_eq!(after, before, "{field}");
    }
}

async fn only_administrators_change_settings(t: TestApp) {
    let editor = sign_in(&t, "editor@courier.example", Role::Editor).await;
    assert_eq!(editor.get(&t, "/admin/settings").await.status, 403);
    let res = editor
        .post(
            &t,
            "/admin/settings",
            &[
                ("name", "Taken over"),
                ("language", "en"),
                ("time_zone", "UTC"),
            ],
        )
        .await;
    assert_eq!(res.status, 403);
    assert_eq!(editor.get(&t, "/admin/setup/site").await.status, 403);
    assert!(!t.store.has_site_settings().await.unwrap());
    // Signed out: sent to sign in.
    assert_eq!(t.get("/admin/settings").await.status, 303);
}

async fn the_favicon_logo_and_social_picture_come_from_the_library(t: TestApp) {
    // Before any choice: a built-in icon, never a 404.
    let icon = t.get("/favicon.ico").await;
    assert_eq!(icon.status, 200);
    assert_eq!(icon.header("content-type"), "image/png");
    let default_icon = icon.body.clone();

    let news = fixture::section(&t.store, "news", "News", 0).await;
    let story = fixture::published(&t.store, news.id, "Bridge reopens", 5).await;
    let picture = fixture::photo(&t.store, &t.media, 40, "Courier logo", "", "").await;
    let admin = sign_in(&t, "admin@courier.example", Role::Admin).await;
    let number = picture.id.to_string();
    let saved = save_settings(
        &admin,
        &t,
        &[
            ("logo_media_id", &number),
            ("favicon_media_id", &format!("#{number}")),
            ("social_image_media_id", &number),
        ],
    )
    .await;
    assert_eq!(saved.status, 303, "{}", saved.text());
    t.catch_up().await;

    let icon = t.get("/favicon.ico").await;
    assert_eq!(icon.status, 200);
    assert_ne!(icon.body, default_icon);
    assert!(icon.header("content-type").starts_with("image/"));

    let article = t.get(&format!("/news/{}", story.slug)).await.html();
    let logo = &select(&article, "a.brand img")[0];
    assert!(logo.value().attr("src").unwrap().starts_with("/media/"));
    assert_eq!(logo.value().attr("alt"), Some("Newsdesk"));
    // The story has no picture of its own: social cards show the site's.
    let og = select(&article, "meta[property='og:image']")[0]
        .value()
        .attr("content")
        .unwrap();
    assert!(og.starts_with("http") && og.contains("/media/"), "{og}");
}

db_tests!(
    from_an_empty_install_setup_makes_a_newsroom_that_can_publish,
    settings_reach_every_page_feed_and_the_structured_data,
    bad_settings_are_explained_and_nothing_is_saved,
    only_administrators_change_settings,
    the_favicon_logo_and_social_picture_come_from_the_library,
);
