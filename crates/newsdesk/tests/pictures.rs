//! Pictures on the desk: the library found by its words and walked page by page (as JSON
//! for the picker and as the library page), uploads that keep their credit and copyright
//! (typed, or read from the photo's IPTC before saving), and the focal point that every
//! cropped picture on the public pages is positioned by.

use crate::common;

use common::desk::{Browser, sign_in};
use common::{TestApp, fixture, select};
use newsdesk_core::{Media, Role};
use newsdesk_media::fixtures;
use newsdesk_store::{MediaText, NewMedia};
use serde_json::Value;

/// A library record with no files behind it: enough to search and page through, fast.
async fn record(t: &TestApp, n: usize, caption: &str, credit: &str, file: &str) -> Media {
    let hash = format!("{n:032x}");
    let words = MediaText {
        alt: format!("Alt {n}"),
        caption: caption.to_owned(),
        credit: credit.to_owned(),
        copyright: String::new(),
    };
    let new = NewMedia {
        storage_key: format!("{hash}.jpg"),
        content_hash: hash,
        content_type: "image/jpeg".into(),
        width: 1200,
        height: 800,
        alt: words.alt,
        caption: words.caption,
        credit: words.credit,
        copyright: words.copyright,
        original_name: file.to_owned(),
        uploaded_by: None,
        renditions: Vec::new(),
    };
    t.store.insert_media(&new).await.unwrap()
}

/// A JPEG as an agency sends it: IPTC caption, byline, credit and copyright.
fn agency_photo() -> Vec<u8> {
    let iptc = fixtures::iptc_app13(&[
        (120, "Ferries wait out the storm in the harbour."),
        (80, "Ann Lee"),
        (110, "Coast Agency"),
        (116, "© 2026 Coast Agency"),
    ]);
    fixtures::jpeg_sized_with(900, 600, &[(0xED, iptc)])
}

async fn json(b: &Browser, t: &TestApp, path: &str) -> Value {
    let res = b.get(t, path).await;
    assert_eq!(res.status, 200, "{path}: {}", res.text());
    assert_eq!(res.header("content-type"), "application/json", "{path}");
    serde_json::from_slice(&res.body).unwrap()
}

fn ids(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

fn media_files(t: &TestApp) -> usize {
    std::fs::read_dir(t.data_dir().join("media")).map_or(0, |d| d.count())
}

async fn the_library_is_found_by_caption_credit_alt_and_file_name(t: TestApp) {
    let desk = sign_in(&t, "reporter@example.com", Role::Contributor).await;
    let harbour = record(
        &t,
        1,
        "Boats in the harbour at dawn",
        "Reuters",
        "IMG_1.jpg",
    )
    .await;
    let storm = record(&t, 2, "Storm over the harbour", "AP", "storm-final.jpg").await;
    let market = record(&t, 3, "The market reopens", "Reuters", "DSC_0043.JPG").await;

    let found = json(&desk, &t, "/admin/media/pick?q=harbour").await;
    assert_eq!(ids(&found), [storm.id, harbour.id], "newest first");
    let found = json(&desk, &t, "/admin/media/pick?q=REUTERS").await;
    assert_eq!(ids(&found), [market.id, harbour.id], "by credit, any case");
    let found = json(&desk, &t, "/admin/media/pick?q=dsc_0043").await;
    assert_eq!(ids(&found), [market.id], "by file name");
    let found = json(&desk, &t, "/admin/media/pick?q=alt%202").await;
    assert_eq!(ids(&found), [storm.id], "by alt text, every word");
    let found = json(&desk, &t, "/admin/media/pick?q=harbour%20reuters").await;
    assert_eq!(ids(&found), [harbour.id], "every word, in any field");
    let found = json(&desk, &t, "/admin/media/pick?q=100%25_").await;
    assert_eq!(ids(&found), Vec::<i64>::new(), "wildcards are plain text");

    // A card carries what the picker shows and what a body needs.
    let card = &json(&desk, &t, "/admin/media/pick?q=market").await["items"][0];
    assert_eq!(card["caption"], "The market reopens");
    assert_eq!(card["credit"], "Reuters");
    assert_eq!(card["original_name"], "DSC_0043.JPG");
    assert_eq!(card["width"], 1200);
    assert!(card["thumb"].as_str().unwrap().starts_with("/media/"));
    assert_eq!(
        card["markdown"],
        format!(
            "![Alt 3]({} \"The market reopens | Reuters\")",
            card["src"].as_str().unwrap()
        )
    );

    // The library page finds the same, with JavaScript off.
    let page = desk.get(&t, "/admin/media?q=harbour").await;
    assert_eq!(select(&page.html(), ".media-grid li").len(), 2);
    let page = desk.get(&t, "/admin/media?q=ap").await;
    let captions: Vec<String> = select(&page.html(), ".media-grid li p:first-of-type")
        .iter()
        .map(common::text_of)
        .collect();
    assert_eq!(captions, ["Storm over the harbour"], "{captions:?}");
}

async fn library_pages_are_walked_both_ways_and_stay_put_while_pictures_arrive(t: TestApp) {
    let desk = sign_in(&t, "reporter@example.com", Role::Contributor).await;
    let mut all = Vec::new();
    for n in 0..45 {
        all.push(
            record(&t, n + 10, &format!("Picture {n}"), "Desk", "")
                .await
                .id,
        );
    }
    all.reverse(); // newest first

    let first = json(&desk, &t, "/admin/media/pick").await;
    assert_eq!(ids(&first), all[..18]);
    assert!(first["newer"].is_null());
    let older = first["older"].as_str().unwrap().to_owned();
    let second = json(&desk, &t, &format!("/admin/media/pick?after={older}")).await;
    assert_eq!(ids(&second), all[18..36]);

    // A picture uploaded meanwhile does not shift the pages already found.
    let arrived = record(&t, 99, "Just in", "Desk", "").await;
    let again = json(&desk, &t, &format!("/admin/media/pick?after={older}")).await;
    assert_eq!(ids(&again), ids(&second));
    let last_mark = second["older"].as_str().unwrap().to_owned();
    let third = json(&desk, &t, &format!("/admin/media/pick?after={last_mark}")).await;
    assert_eq!(ids(&third), all[36..]);
    assert!(third["older"].is_null(), "the end");

    // Back again: the same pages as on the way, then the first, the new picture on top.
    let newer = third["newer"].as_str().unwrap().to_owned();
    let back = json(&desk, &t, &format!("/admin/media/pick?before={newer}")).await;
    assert_eq!(ids(&back), all[18..36]);
    let newer = back["newer"].as_str().unwrap().to_owned();
    let back = json(&desk, &t, &format!("/admin/media/pick?before={newer}")).await;
    assert_eq!(ids(&back), all[..18]);
    let newer = back["newer"]
        .as_str()
        .expect("the new picture is newer")
        .to_owned();
    let top = json(&desk, &t, &format!("/admin/media/pick?before={newer}")).await;
    assert_eq!(ids(&top)[0], arrived.id);
    assert_eq!(ids(&top)[1..], all[..17]);
    assert!(top["newer"].is_null());

    // A mark that is not one is the first page, not an error.
    let odd = json(&desk, &t, "/admin/media/pick?after=abc&q=picture").await;
    assert_eq!(ids(&odd).len(), 18);

    // The library page pages the same way (24 a page), with links.
    let page = desk.get(&t, "/admin/media").await;
    let html = page.html();
    assert!(select(&html, "a[rel=prev]").is_empty());
    let next = select(&html, "a[rel=next]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    assert!(next.starts_with("/admin/media?after="), "{next}");
    let page = desk.get(&t, &next).await;
    let html = page.html();
    assert_eq!(select(&html, ".media-grid li").len(), 22);
    assert!(select(&html, "a[rel=next]").is_empty());
    let prev = select(&html, "a[rel=prev]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    let page = desk.get(&t, &prev).await;
    assert_eq!(select(&page.html(), ".media-grid li").len(), 24);
}

async fn the_picker_and_the_iptc_reader_need_a_desk_session(t: TestApp) {
    let signed_out = t.get("/admin/media/pick?q=x").await;
    assert_eq!(signed_out.status, 303);
    assert_eq!(signed_out.header("location"), "/admin/login");
    let desk = sign_in(&t, "reporter@example.com", Role::Contributor).await;
    let stranger = Browser {
        cookie: String::new(),
        csrf: desk.csrf.clone(),
    };
    let photo = agency_photo();
    let file = Some(("file", "harbour.jpg", photo.as_slice()));
    let refused = stranger
        .post_multipart(&t, "/admin/media/prepare", &[], file)
        .await;
    assert!(
        matches!(refused.status.as_u16(), 303 | 403),
        "{}",
        refused.status
    );
    // Signed in, but without the session's form token.
    let forged = Browser {
        cookie: desk.cookie.clone(),
        csrf: "not-the-token".into(),
    };
    let refused = forged
        .post_multipart(&t, "/admin/media/prepare", &[], file)
        .await;
    assert_eq!(refused.status, 403);
}

async fn a_photos_iptc_is_read_before_saving_and_nothing_is_stored(t: TestApp) {
    let desk = sign_in(&t, "reporter@example.com", Role::Contributor).await;
    let photo = agency_photo();
    let res = desk
        .post_multipart(
            &t,
            "/admin/media/prepare",
            &[],
            Some(("file", "harbour.jpg", &photo)),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text());
    let read: Value = serde_json::from_slice(&res.body).unwrap();
    assert_eq!(
        read["caption"],
        "Ferries wait out the storm in the harbour."
    );
    assert_eq!(read["credit"], "Ann Lee/Coast Agency");
    assert_eq!(read["copyright"], "© 2026 Coast Agency");
    assert_eq!(read["alt"], "");
    assert_eq!(
        (read["width"].as_i64(), read["height"].as_i64()),
        (Some(900), Some(600))
    );
    assert_eq!(read["file_name"], "harbour.jpg");
    assert_eq!(media_files(&t), 0, "nothing written to media storage");
    assert!(t.store.media_library("", 1, 10).await.unwrap().0.is_empty());

    // Files it cannot take: a clear sentence, a 4xx, nothing stored.
    let mut cut = photo.clone();
    cut.truncate(photo.len() - 40);
    for (name, bytes, status) in [
        ("notes.txt", b"just some words, not a picture".to_vec(), 415),
        ("cut.jpg", cut, 422),
        (
            "drawing.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(),
            415,
        ),
    ] {
        let res = desk
            .post_multipart(
                &t,
                "/admin/media/prepare",
                &[],
                Some(("file", name, &bytes)),
            )
            .await;
        assert_eq!(res.status, status, "{name}: {}", res.text());
        let said: Value = serde_json::from_slice(&res.body).unwrap();
        assert!(
            said["error"]
                .as_str()
                .unwrap()
                .starts_with("The picture was not added"),
            "{name}: {said}"
        );
    }
    let none = desk
        .post_multipart(&t, "/admin/media/prepare", &[], None)
        .await;
    assert_eq!(none.status, 400);
    assert_eq!(media_files(&t), 0);
}

async fn credit_and_copyright_typed_or_from_the_photo_reach_the_public_page(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    t.catch_up().await;
    let section = news.id.to_string();
    let editor = sign_in(&t, "editor@example.com", Role::Editor).await;

    // The library's form: typed credit and copyright are kept as typed.
    let plain = fixtures::jpeg_sized_with(640, 480, &[]);
    let res = editor
        .post_multipart(
            &t,
            "/admin/media",
            &[
                ("alt", "A quay"),
                ("credit", "Pat Kim/Newsdesk"),
                ("copyright", "© 2026 Newsdesk"),
            ],
            Some(("file", "quay.jpg", &plain)),
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.text());
    let id: i64 = res
        .header("location")
        .trim_start_matches("/admin/media/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let quay = t.store.media(id).await.unwrap().unwrap();
    assert_eq!(
        (quay.credit.as_str(), quay.copyright.as_str()),
        ("Pat Kim/Newsdesk", "© 2026 Newsdesk")
    );

    // The editor's upload: the typed credit wins, the empty copyright comes from IPTC.
    let edit_url = editor
        .new_story(
            &t,
            &[
                ("headline", "Storm shuts the port"),
                ("section_id", &section),
            ],
        )
        .await;
    let saved = editor
        .post_multipart(
            &t,
            &edit_url,
            &[
                ("version", "1"),
                ("action", "publish"),
                ("headline", "Storm shuts the port"),
                ("section_id", &section),
                ("lead_alt", "Ferries moored in a grey harbour"),
                ("lead_credit", "Ann Lee/Coast Agency via Newsdesk"),
                ("lead_copyright", ""),
            ],
            Some(("lead_file", "ferries.jpg", &agency_photo())),
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.text());
    let story = t
        .store
        .article(common::desk::story_id(&edit_url))
        .await
        .unwrap()
        .unwrap();
    let lead = t
        .store
        .media(story.lead_media_id.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(lead.credit, "Ann Lee/Coast Agency via Newsdesk");
    assert_eq!(lead.copyright, "© 2026 Coast Agency");
    assert_eq!(lead.caption, "Ferries wait out the storm in the harbour.");

    // The reader sees the caption and, apart from it, the credit line.
    t.catch_up().await;
    let public = t.get(&format!("/news/{}", story.slug)).await;
    assert_eq!(public.status, 200);
    let html = public.html();
    let credit = select(&html, ".lead figcaption .credit");
    assert_eq!(
        common::text_of(&credit[0]),
        "Ann Lee/Coast Agency via Newsdesk"
    );
    let caption = select(&html, ".lead figcaption .caption");
    assert_eq!(
        common::text_of(&caption[0]),
        "Ferries wait out the storm in the harbour."
    );

    // The editor shows the chosen picture for the picker to replace.
    let form = editor.get(&t, &edit_url).await;
    let words = select(&form.html(), "[data-lead-chosen] [data-lead-words]")
        .first()
        .map(common::text_of)
        .unwrap_or_default();
    assert!(
        words.contains(&format!("#{}", lead.id)) && words.contains("via Newsdesk"),
        "{words}"
    );
}

async fn the_focal_point_is_checked_and_positions_every_crop(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let photo = fixture::photo(&t.store, &t.media, 9, "Crowd", "A crowd", "AP").await;
    let mut input = fixture::story(news.id, "Crowds gather in the square", 5);
    input.lead_media_id = Some(photo.id);
    let story = t.store.create_article(&input, None).await.unwrap();
    t.catch_up().await;
    let editor = sign_in(&t, "editor@example.com", Role::Editor).await;
    let item = format!("/admin/media/{}", photo.id);
    let words = [
        ("alt", "Crowd"),
        ("caption", "A crowd"),
        ("credit", "AP"),
        ("copyright", ""),
    ];
    let save = |x: &'static str, y: &'static str| {
        let mut fields = words.to_vec();
        fields.extend([("focal_x", x), ("focal_y", y)]);
        let (editor, t, item) = (&editor, &t, item.clone());
        async move { editor.post(t, &item, &fields).await }
    };

    for (x, y) in [("1.5", "0.5"), ("abc", "0.5"), ("0.5", "-0.2"), ("0.5", "")] {
        let refused = save(x, y).await;
        assert_eq!(refused.status, 400, "{x} {y}");
        assert!(refused.text().contains("focal point"), "{}", refused.text());
    }
    let unchanged = t.store.media(photo.id).await.unwrap().unwrap();
    assert_eq!(unchanged.focal, None);

    let saved = save("0.3", "0.8").await;
    assert_eq!(saved.status, 200, "{}", saved.text());
    let html = saved.html();
    assert_eq!(
        select(&html, "input#focal_x")[0].value().attr("value"),
        Some("0.3")
    );
    assert_eq!(
        select(&html, "input#focal_y")[0].value().attr("value"),
        Some("0.8")
    );

    // The section front's teaser and the article's lead are positioned on it.
    t.catch_up().await;
    let classes = |res: &common::Response, css: &str| -> String {
        select(&res.html(), css)
            .first()
            .and_then(|e| e.value().attr("class"))
            .unwrap_or_default()
            .to_owned()
    };
    let front = t.get("/news/").await;
    assert_eq!(
        classes(&front, ".teaser-media img"),
        "fx-30 fy-80",
        "{}",
        front.text()
    );
    let page = t.get(&format!("/news/{}", story.slug)).await;
    assert_eq!(classes(&page, ".lead img"), "fx-30 fy-80");
    let css = t.get("/static/site.css").await.text();
    assert!(css.contains(".fx-30{--fx:30%}") && css.contains("object-position: var(--fx, 50%)"));

    // Both empty: the centre again, and the classes go.
    let centred = save("", "").await;
    assert_eq!(centred.status, 200);
    assert_eq!(t.store.media(photo.id).await.unwrap().unwrap().focal, None);
    t.catch_up().await;
    assert_eq!(classes(&t.get("/news/").await, ".teaser-media img"), "");
}

async fn the_admin_api_reads_and_sets_the_focal_point_by_the_same_rules(t: TestApp) {
    use common::api::{call, error_of, json_of, token_for};
    use newsdesk_core::Scope;
    let photo = fixture::photo(&t.store, &t.media, 3, "Pier", "The pier", "AP").await;
    let (_, token) = token_for(
        &t,
        "desk@example.com",
        Role::Editor,
        &[Scope::ReadContent, Scope::Media],
    )
    .await;
    let path = format!("/pictures/{}/", photo.id);
    let read = json_of(&call(&t, "GET", &path, &token, None).await);
    assert!(read["picture"]["focal_point"].is_null(), "{read}");

    let patch = |body: Value| call(&t, "PATCH", &path, &token, Some(body));
    let set = patch(serde_json::json!({"picture": {"focal_point": {"x": 0.25, "y": 0.7}}})).await;
    assert_eq!(set.status, 200, "{}", set.text());
    let point = &json_of(&set)["picture"]["focal_point"];
    assert_eq!(
        (point["x"].as_f64(), point["y"].as_f64()),
        (Some(0.25), Some(0.7))
    );
    assert_eq!(
        json_of(&set)["picture"]["caption"],
        "The pier",
        "words left out are kept"
    );

    // Out of range: refused with its field, nothing saved.
    let refused =
        patch(serde_json::json!({"picture": {"focal_point": {"x": 1.5, "y": 0.5}}})).await;
    assert_eq!(refused.status, 422);
    assert_eq!(
        error_of(&refused),
        ("invalid".to_owned(), Some("focal_point".to_owned()))
    );
    let refused =
        patch(serde_json::json!({"picture": {"focal_point": {"x": "abc", "y": 0.5}}})).await;
    assert_eq!(refused.status, 400);
    let kept = t
        .store
        .media(photo.id)
        .await
        .unwrap()
        .unwrap()
        .focal
        .unwrap();
    assert_eq!(kept.x_text(), "0.25");

    // Left out keeps it; null is the centre again.
    let words = patch(serde_json::json!({"picture": {"credit": "AP/Pool"}})).await;
    assert_eq!(
        json_of(&words)["picture"]["focal_point"]["x"].as_f64(),
        Some(0.25)
    );
    let centred = patch(serde_json::json!({"picture": {"focal_point": null}})).await;
    assert!(json_of(&centred)["picture"]["focal_point"].is_null());
    assert_eq!(t.store.media(photo.id).await.unwrap().unwrap().focal, None);
}

async fn a_picked_picture_in_a_body_is_a_figure_with_caption_and_credit(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let photo = fixture::photo(
        &t.store,
        &t.media,
        4,
        "Two boats",
        "Boats at dawn",
        "Jo Ray/AP",
    )
    .await;
    let desk = sign_in(&t, "editor@example.com", Role::Editor).await;
    let card = &json(&desk, &t, "/admin/media/pick?q=boats").await["items"][0];
    assert_eq!(card["id"], photo.id);
    let mut input = fixture::story(news.id, "Boats return", 5);
    input.body_markdown = format!(
        "Before.\n\n{}\n\nAfter.",
        card["markdown"].as_str().unwrap()
    );
    input.body_html = newsdesk_render::markdown::to_safe_html(&input.body_markdown);
    let story = t.store.create_article(&input, None).await.unwrap();
    t.catch_up().await;
    let page = t.get(&format!("/news/{}", story.slug)).await;
    let html = page.html();
    let figure = select(&html, "figure.inline-picture");
    assert_eq!(figure.len(), 1, "{}", page.text());
    let img = select(&html, "figure.inline-picture img")[0].value();
    assert_eq!(img.attr("src"), card["src"].as_str());
    assert_eq!(img.attr("alt"), Some("Two boats"));
    let words = |css: &str| common::text_of(&select(&html, css)[0]);
    assert_eq!(words("figure.inline-picture .caption"), "Boats at dawn");
    assert_eq!(words("figure.inline-picture .credit"), "Jo Ray/AP");
    // And the library knows the story uses it.
    let item = desk.get(&t, &format!("/admin/media/{}", photo.id)).await;
    assert!(item.text().contains("Boats return"));
}

/// The picker as a person uses it, in headless Chromium: the lead picture chosen with the
/// keyboard from a search, Escape closing the dialog, "Insert picture" putting a figure's
/// Markdown in the body, and no script error or blocked request on the way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a browser: apt-get install chromium chromium-driver, then run with -- --include-ignored"]
async fn the_picker_chooses_a_lead_and_inserts_a_picture_in_a_real_browser() {
    use common::browser::{
        assert_nothing_ran, click, field_value, fill, hooked_browser, serve, shot, sign_in,
        start_driver, submit, text,
    };
    use fantoccini::Locator;
    use fantoccini::key::Key;
    use std::time::{Duration, Instant};

    let (_driver, driver_port) = start_driver().await;
    let t = TestApp::start(newsdesk_store::Backend::Sqlite).await;
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let harbour = fixture::photo(&t.store, &t.media, 1, "Boats", "Harbour at dawn", "AP").await;
    let market = fixture::photo(&t.store, &t.media, 2, "Stalls", "Market stalls", "Reuters").await;
    common::browser::person(&t, "editor@example.com", "Ed", Role::Editor).await;
    t.catch_up().await;
    let base = serve(&t).await;
    let b = hooked_browser(driver_port).await;
    sign_in(&b, &base, "editor@example.com").await;
    b.goto(&format!("{base}/admin/stories/new")).await.unwrap();
    let shown = |css: &'static str| {
        let b = b.clone();
        async move {
            let el = b.find(Locator::Css(css)).await.unwrap();
            el.is_displayed().await.unwrap()
        }
    };
    let wait = |css: &'static str, n: usize| {
        let b = b.clone();
        async move {
            let deadline = Instant::now() + Duration::from_secs(10);
            while b.find_all(Locator::Css(css)).await.unwrap().len() != n {
                assert!(Instant::now() < deadline, "never {n} of {css}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    };
    assert!(
        !shown(".lead-picker").await,
        "the radio buttons give way to the picker"
    );
    assert!(!shown("#lead_media_number").await);
    assert!(shown("[data-pick-lead]").await);

    // Search, arrow down into the results, Enter chooses.
    click(&b, "[data-pick-lead]").await;
    assert!(shown("dialog.picture-picker").await);
    let search = b
        .find(Locator::Css("dialog.picture-picker input[type=search]"))
        .await
        .unwrap();
    search.send_keys("market").await.unwrap();
    search
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    wait(".picker-item", 1).await;
    shot(&b, "pictures-picker-search").await;
    search
        .send_keys(&char::from(Key::Down).to_string())
        .await
        .unwrap();
    let focused = b
        .execute("return document.activeElement.className", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "picker-item");
    b.active_element()
        .await
        .unwrap()
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    assert!(!shown("dialog.picture-picker").await, "choosing closes it");
    assert_eq!(
        field_value(&b, "#lead_media_number").await,
        market.id.to_string()
    );
    assert!(
        text(&b, "[data-lead-words]")
            .await
            .contains("Market stalls — Reuters")
    );

    // Opened again it keeps the search; Escape closes it and changes nothing.
    click(&b, "[data-pick-lead]").await;
    wait(".picker-item", 1).await;
    b.active_element()
        .await
        .unwrap()
        .send_keys(&char::from(Key::Escape).to_string())
        .await
        .unwrap();
    assert!(!shown("dialog.picture-picker").await);
    assert_eq!(
        field_value(&b, "#lead_media_number").await,
        market.id.to_string()
    );

    // "Insert picture" puts the picked picture's figure Markdown in the body.
    fill(&b, "#headline", "Boats come home").await;
    fill(&b, "#body", "First paragraph.").await;
    click(&b, ".insert-picture").await;
    fill(&b, "dialog.picture-picker input[type=search]", "").await;
    click(&b, ".picker-search button[type=submit]").await;
    wait(".picker-item", 2).await;
    let items = b.find_all(Locator::Css(".picker-item")).await.unwrap();
    let mut clicked = false;
    let mut seen = Vec::new();
    for item in items {
        let words = item.text().await.unwrap();
        seen.push(words.clone());
        if words.contains("Harbour at dawn") {
            item.click().await.unwrap();
            clicked = true;
            break;
        }
    }
    assert!(clicked, "no picture said Harbour at dawn: {seen:?}");
    let body = field_value(&b, "#body").await;
    assert!(
        body.starts_with("First paragraph.\n\n![Boats](/media/")
            && body.contains("\"Harbour at dawn | AP\")"),
        "{body}"
    );
    submit(&b, "button[value=save]").await;
    let path = b.current_url().await.unwrap().path().to_owned();
    let story = t
        .store
        .article(common::desk::story_id(&path))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(story.lead_media_id, Some(market.id));
    assert!(
        story.body_html.contains("figure class=\"inline-picture\""),
        "{}",
        story.body_html
    );
    assert!(story.body_markdown.contains(&harbour.content_hash));
    let _ = news;

    // The library's upload: a chosen photo's IPTC words fill the empty fields, to edit
    // before uploading; the typed alt text stays.
    let path = t.data_dir().join("ferries.jpg");
    std::fs::write(&path, agency_photo()).unwrap();
    b.goto(&format!("{base}/admin/media")).await.unwrap();
    fill(&b, "#alt", "Ferries at their moorings").await;
    b.find(Locator::Css("#file"))
        .await
        .unwrap()
        .send_keys(path.to_str().unwrap())
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while field_value(&b, "#credit").await.is_empty() {
        assert!(Instant::now() < deadline, "the credit was never filled in");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(field_value(&b, "#credit").await, "Ann Lee/Coast Agency");
    assert_eq!(field_value(&b, "#copyright").await, "© 2026 Coast Agency");
    assert_eq!(field_value(&b, "#alt").await, "Ferries at their moorings");
    assert!(text(&b, ".upload-status").await.contains("900 × 600"));
    shot(&b, "pictures-upload-prefilled").await;
    fill(&b, "#credit", "Ann Lee/Coast Agency for Newsdesk").await;
    submit(&b, ".picture-upload button[type=submit]").await;
    let item = b.current_url().await.unwrap().path().to_owned();
    let id: i64 = item.trim_start_matches("/admin/media/").parse().unwrap();
    let stored = t.store.media(id).await.unwrap().unwrap();
    assert_eq!(stored.credit, "Ann Lee/Coast Agency for Newsdesk");
    assert_eq!(stored.copyright, "© 2026 Coast Agency");
    assert_eq!(stored.alt, "Ferries at their moorings");

    // A click on the picture sets the focal point; saving keeps it.
    assert_eq!(field_value(&b, "#focal_x").await, "");
    click(&b, ".media-preview img").await;
    assert_eq!(
        field_value(&b, "#focal_x").await,
        "0.5",
        "a click in the middle"
    );
    assert_eq!(field_value(&b, "#focal_y").await, "0.5");
    submit(&b, "form.desk-form button[type=submit]").await;
    let stored = t.store.media(id).await.unwrap().unwrap();
    assert_eq!(stored.focal.map(|f| f.x_text()), Some("0.5".to_owned()));
    shot(&b, "pictures-focal-point").await;
    assert_nothing_ran(&b, "the editor").await;
    b.close().await.unwrap();
    t.finish().await;
}

/// The editor's other two ways in for a lead photo: dropped on the lead picture box, and
/// pasted anywhere outside a text field. Either is read before saving (its IPTC words fill
/// the empty fields, to check) and becomes the lead picture when the story is saved.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a browser: apt-get install chromium chromium-driver, then run with -- --include-ignored"]
async fn a_photo_dropped_or_pasted_in_the_editor_is_read_and_becomes_the_lead_in_a_real_browser() {
    use common::browser::{
        assert_nothing_ran, field_value, fill, hooked_browser, person, serve, shot, sign_in,
        start_driver, submit, text,
    };
    use std::time::{Duration, Instant};

    let (_driver, driver_port) = start_driver().await;
    let t = TestApp::start(newsdesk_store::Backend::Sqlite).await;
    fixture::section(&t.store, "news", "News", 0).await;
    person(&t, "editor@example.com", "Ed", Role::Editor).await;
    t.catch_up().await;
    let base = serve(&t).await;
    let b = hooked_browser(driver_port).await;
    sign_in(&b, &base, "editor@example.com").await;
    let photo = serde_json::json!(agency_photo());
    // A File made in the page from the photo's bytes, handed over as a drop or a paste.
    let hand_over = |how: &'static str| {
        let (b, photo) = (b.clone(), photo.clone());
        async move {
            b.execute(
                "const file = new File([new Uint8Array(arguments[0])], 'ferries.jpg', { type: 'image/jpeg' });
                 const data = new DataTransfer();
                 data.items.add(file);
                 if (arguments[1] === 'drop') {
                   document.querySelector('[data-lead-picture]').dispatchEvent(
                     new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
                 } else {
                   document.body.dispatchEvent(
                     new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
                 }",
                vec![photo, serde_json::json!(how)],
            )
            .await
            .unwrap();
        }
    };
    for how in ["drop", "paste"] {
        b.goto(&format!("{base}/admin/stories/new")).await.unwrap();
        fill(
            &b,
            "#headline",
            &format!("Ferries wait out the storm ({how})"),
        )
        .await;
        fill(&b, "#lead_alt", "Ferries at their moorings").await;
        hand_over(how).await;
        let deadline = Instant::now() + Duration::from_secs(10);
        while field_value(&b, "#lead_credit").await.is_empty() {
            assert!(
                Instant::now() < deadline,
                "{how}: the credit was never filled in"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(
            field_value(&b, "#lead_credit").await,
            "Ann Lee/Coast Agency"
        );
        assert_eq!(
            field_value(&b, "#lead_copyright").await,
            "© 2026 Coast Agency"
        );
        assert_eq!(
            field_value(&b, "#lead_alt").await,
            "Ferries at their moorings"
        );
        let status = text(&b, ".upload-status").await;
        assert!(status.contains("900 × 600"), "{how}: {status}");
        shot(&b, &format!("pictures-{how}-prefilled")).await;
        submit(&b, "button[value=save]").await;
        let path = b.current_url().await.unwrap().path().to_owned();
        let story = t
            .store
            .article(common::desk::story_id(&path))
            .await
            .unwrap()
            .unwrap();
        let lead = story.lead_media_id.expect("the photo is the lead picture");
        let media = t.store.media(lead).await.unwrap().unwrap();
        assert_eq!(media.credit, "Ann Lee/Coast Agency");
        assert_eq!(media.copyright, "© 2026 Coast Agency");
        assert_eq!(media.alt, "Ferries at their moorings");
        assert_eq!(media.caption, "Ferries wait out the storm in the harbour.");
    }
    assert_nothing_ran(&b, "the editor").await;
    b.close().await.unwrap();
    t.finish().await;
}

db_tests!(
    the_library_is_found_by_caption_credit_alt_and_file_name,
    library_pages_are_walked_both_ways_and_stay_put_while_pictures_arrive,
    the_picker_and_the_iptc_reader_need_a_desk_session,
    a_photos_iptc_is_read_before_saving_and_nothing_is_stored,
    credit_and_copyright_typed_or_from_the_photo_reach_the_public_page,
    the_focal_point_is_checked_and_positions_every_crop,
    a_picked_picture_in_a_body_is_a_figure_with_caption_and_credit,
    the_admin_api_reads_and_sets_the_focal_point_by_the_same_rules,
);
