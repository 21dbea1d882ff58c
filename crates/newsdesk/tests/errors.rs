//! Errors a person can act on: whatever goes wrong — an address that cannot name anything,
//! a form too large or unreadable, a photo that cannot be stored or is cut short — the
//! answer is the site's or the desk's own page, with a proper status and one sentence on
//! what happened and what to do. Never the framework's text, never an internal cause.

use crate::common;

use axum::body::Body;
use axum::http::Request;
use common::desk::{SAME_SITE, sign_in, story_id};
use common::{Response, TestApp, fixture, select, text_of};
use image::{DynamicImage, ImageFormat};
use newsdesk_core::Role;
use newsdesk_media::fixtures;

/// Words from axum's own rejections and from decoders, none of which may reach a person.
const FRAMEWORK_WORDS: [&str; 9] = [
    "Invalid URL",
    "Invalid UTF-8",
    "Cannot parse",
    "Failed to",
    "length limit",
    "Content-Type",
    "deserialize",
    "multipart",
    "i64",
];

/// The answer is one of our HTML pages, says `says`, and nothing of the framework's.
fn assert_page(res: &Response, status: u16, says: &str) {
    let text = res.text();
    assert_eq!(res.status.as_u16(), status, "{text}");
    assert!(
        res.header("content-type").starts_with("text/html"),
        "{}: {text}",
        res.header("content-type")
    );
    assert!(text.contains("<main"), "not a page of ours: {text}");
    assert!(text.contains(says), "expected {says:?} in {text}");
    for word in FRAMEWORK_WORDS {
        assert!(!text.contains(word), "{word:?} reached the client: {text}");
    }
}

fn message(res: &Response) -> String {
    select(&res.html(), "[role=alert], .form-note")
        .first()
        .map(text_of)
        .unwrap_or_default()
}

async fn an_address_that_cannot_name_a_page_gets_the_sites_404(t: TestApp) {
    let res = t.get("/news/%ff%fe").await;
    assert_page(&res, 404, "Page not found");
    let res = t.get("/tag/%c3%28").await;
    assert_page(&res, 404, "Page not found");
}

async fn a_desk_address_with_no_such_story_says_so_in_the_desk(t: TestApp) {
    let res = t.get("/admin/stories/abc").await;
    assert_page(&res, 404, "There is no story “abc”");
    assert!(
        res.text().contains("href=\"/static/desk.css\""),
        "desk frame"
    );
    let res = t.get("/admin/media/%ff").await;
    assert_page(&res, 404, "There is no picture");
    let editor = sign_in(&t, "ed@example.com", Role::Editor).await;
    let res = editor
        .post(&t, "/admin/stories/abc/revisions/2/restore", &[])
        .await;
    assert_page(&res, 404, "There is no story “abc”");
}

async fn a_form_too_large_is_refused_with_a_page_and_nothing_saved(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    t.catch_up().await;
    let section = news.id.to_string();
    let reporter = sign_in(&t, "reporter@example.com", Role::Contributor).await;
    let edit_url = reporter
        .new_story(&t, &[("headline", "Budget day"), ("section_id", &section)])
        .await;
    let id = story_id(&edit_url);
    // 50 MB of story text: over the limit of any form, pictures included.
    let huge = "x".repeat(50 * 1024 * 1024);
    let res = reporter
        .post(
            &t,
            &edit_url,
            &[("version", "1"), ("action", "save"), ("body", &huge)],
        )
        .await;
    assert_page(&res, 413, "too large");
    assert!(
        message(&res).contains("nothing was saved"),
        "{}",
        message(&res)
    );
    // The same as a picture sent with the form.
    let res = reporter
        .post_multipart(
            &t,
            &edit_url,
            &[("version", "1"), ("action", "save")],
            Some(("lead_file", "huge.jpg", huge.as_bytes())),
        )
        .await;
    assert_page(&res, 413, "nothing was saved");
    let story = t.store.article(id).await.unwrap().unwrap();
    assert_eq!(story.version, 1, "nothing was saved");
}

async fn a_form_that_cannot_be_read_gets_a_page_saying_so(t: TestApp) {
    // The wrong type of body.
    let request = Request::post("/admin/login")
        .header("content-type", "text/plain")
        .header(SAME_SITE.0, SAME_SITE.1)
        .body(Body::from("email=a@b.c"))
        .unwrap();
    let res = t.send(request).await;
    assert_page(&res, 415, "reload the page");
    // A multipart body that breaks off.
    let reporter = sign_in(&t, "reporter@example.com", Role::Contributor).await;
    let request = Request::post("/admin/media")
        .header("content-type", "multipart/form-data; boundary=XYZ")
        .header(SAME_SITE.0, SAME_SITE.1)
        .header("cookie", &reporter.cookie)
        .body(Body::from(
            "--XYZ\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nunfinished",
        ))
        .unwrap();
    let res = t.send(request).await;
    assert_page(
        &res,
        400,
        "The form could not be read, so nothing was saved",
    );
    assert!(
        res.text().contains("href=\"/static/desk.css\""),
        "desk frame"
    );
    // A method the route does not take.
    let res = t
        .send(Request::delete("/search").body(Body::empty()).unwrap())
        .await;
    assert_page(&res, 405, "cannot be used that way");
    assert!(!res.header("allow").is_empty(), "405 names what is allowed");
}

async fn a_refusal_by_the_policy_is_a_desk_page_in_words(t: TestApp) {
    let reporter = sign_in(&t, "reporter@example.com", Role::Contributor).await;
    let res = reporter.get(&t, "/admin/audit").await;
    assert_page(&res, 403, "Your role does not allow this");
    // A form from elsewhere says that instead.
    let res = t
        .post_form(
            "/admin/login",
            &[("email", "a@b.c")],
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_page(&res, 403, "not sent from this site");
}

fn photo() -> Vec<u8> {
    fixtures::encoded(
        DynamicImage::ImageRgb8(fixtures::sample(800, 600)),
        ImageFormat::Jpeg,
    )
}

async fn a_photo_that_cannot_be_stored_keeps_the_typed_story(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    t.catch_up().await;
    let section = news.id.to_string();
    let reporter = sign_in(&t, "reporter@example.com", Role::Contributor).await;
    let edit_url = reporter
        .new_story(&t, &[("headline", "Budget day"), ("section_id", &section)])
        .await;
    let id = story_id(&edit_url);
    // Tests run as root, whom a read-only folder does not stop: a file where the media
    // folder should be makes every write under it fail.
    let media = t.data_dir().join("media");
    let _ = std::fs::remove_dir_all(&media);
    std::fs::write(&media, b"not a folder").unwrap();
    let typed = "Three paragraphs I would hate to type again.";
    let fields = [
        ("version", "1"),
        ("action", "save"),
        ("headline", "Budget day: what it means for you"),
        ("body", typed),
        ("section_id", section.as_str()),
    ];
    let jpeg = photo();
    let res = reporter
        .post_multipart(&t, &edit_url, &fields, Some(("lead_file", "a.jpg", &jpeg)))
        .await;
    assert_eq!(res.status, 507, "{}", res.text());
    assert!(
        message(&res).contains("photo was not saved"),
        "{}",
        message(&res)
    );
    assert_eq!(
        common::input_value(&res, "#headline"),
        "Budget day: what it means for you"
    );
    assert_eq!(common::input_value(&res, "textarea#body"), typed);
    let story = t.store.article(id).await.unwrap().unwrap();
    assert_eq!(story.version, 1, "nothing was saved");
    assert_eq!(t.store.media_library("", 1, 10).await.unwrap().0.len(), 0);
    // The library says the same.
    let res = reporter
        .post_multipart(&t, "/admin/media", &[], Some(("file", "a.jpg", &jpeg)))
        .await;
    assert_eq!(res.status, 507, "{}", res.text());
    assert!(
        message(&res).contains("photo was not saved"),
        "{}",
        message(&res)
    );

    // Once the folder is back, the same form goes through.
    std::fs::remove_file(&media).unwrap();
    let res = reporter
        .post_multipart(&t, &edit_url, &fields, Some(("lead_file", "a.jpg", &jpeg)))
        .await;
    assert_eq!(res.status, 303, "{}", res.text());
}

async fn a_photo_cut_short_is_refused_in_words_not_stored_grey(t: TestApp) {
    let reporter = sign_in(&t, "reporter@example.com", Role::Contributor).await;
    let whole = photo();
    let png = fixtures::encoded(
        DynamicImage::ImageRgb8(fixtures::sample(800, 600)),
        ImageFormat::Png,
    );
    for (name, bytes) in [
        ("half.jpg", &whole[..whole.len() / 2]),
        ("half.png", &png[..png.len() / 2]),
    ] {
        let res = reporter
            .post_multipart(&t, "/admin/media", &[], Some(("file", name, bytes)))
            .await;
        assert_eq!(res.status, 422, "{name}: {}", res.text());
        let said = message(&res);
        assert!(said.contains("damaged or incomplete"), "{name}: {said}");
        for word in ["decode", "Format error", "EOF", "unexpected"] {
            assert!(
                !res.text().contains(word),
                "{name}: {word} reached the client"
            );
        }
    }
    assert_eq!(t.store.media_library("", 1, 10).await.unwrap().0.len(), 0);
}

/// Not an error answer, but a wrong fact a person would act on: the media page gave a
/// thumbnail's size as the picture's.
async fn the_media_page_gives_the_pictures_own_size(t: TestApp) {
    let reporter = sign_in(&t, "reporter@example.com", Role::Contributor).await;
    let big = fixtures::encoded(
        DynamicImage::ImageRgb8(fixtures::sample(1500, 1000)),
        ImageFormat::Jpeg,
    );
    let res = reporter
        .post_multipart(&t, "/admin/media", &[], Some(("file", "big.jpg", &big)))
        .await;
    assert_eq!(res.status, 303, "{}", res.text());
    let page = reporter.get(&t, res.header("location")).await;
    let caption = select(&page.html(), ".media-preview figcaption")
        .first()
        .map(text_of)
        .unwrap_or_default();
    assert!(caption.starts_with("1500 × 1000 pixels"), "{caption}");
}

/// A GET of `/metrics` from `peer`, with extra headers, to an app with `settings`.
async fn metrics_from(router: &axum::Router, peer: [u8; 4], headers: &[(&str, &str)]) -> Response {
    let mut request = Request::get("/metrics");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut request = request.body(Body::empty()).unwrap();
    let peer = std::net::SocketAddr::from((peer, 40_000));
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    common::send_to(router, request).await
}

async fn metrics_answer_only_the_allowed_addresses_or_the_token(t: TestApp) {
    // Loopback by default.
    let res = metrics_from(&t.router, [127, 0, 0, 1], &[]).await;
    assert_eq!(res.status, 200);
    assert!(res.text().contains("# EOF"));
    let res = metrics_from(&t.router, [203, 0, 113, 9], &[]).await;
    assert_page(&res, 403, "metrics_allow");
    assert!(!res.text().contains("# EOF"));

    let settings = newsdesk_web::Settings {
        metrics_allow: vec!["10.0.0.0/8".parse().unwrap()],
        metrics_token: Some("s3cret-token".into()),
        trust_proxy: true,
        ..common::test_settings()
    };
    let templates = newsdesk_render::Templates::new(None).unwrap();
    let app = newsdesk_web::App::new(t.store.clone(), templates, t.media.clone(), settings)
        .await
        .unwrap();
    let router = app.router();
    assert_eq!(metrics_from(&router, [10, 1, 2, 3], &[]).await.status, 200);
    assert_eq!(metrics_from(&router, [127, 0, 0, 1], &[]).await.status, 403);
    // Behind the trusted proxy, the client is the address it forwarded for — the proxy's
    // own address opens nothing, and neither does what a client claims further left.
    let forwarded = [("x-forwarded-for", "10.9.9.9, 203.0.113.9")];
    assert_eq!(
        metrics_from(&router, [10, 0, 0, 2], &forwarded)
            .await
            .status,
        403
    );
    let forwarded = [("x-forwarded-for", "10.9.9.9")];
    assert_eq!(
        metrics_from(&router, [10, 0, 0, 2], &forwarded)
            .await
            .status,
        200
    );
    // The token opens it from anywhere; a wrong one does not.
    let bearer = [("authorization", "Bearer s3cret-token")];
    assert_eq!(
        metrics_from(&router, [203, 0, 113, 9], &bearer)
            .await
            .status,
        200
    );
    let wrong = [("authorization", "Bearer guess")];
    assert_eq!(
        metrics_from(&router, [203, 0, 113, 9], &wrong).await.status,
        403
    );
}

db_tests!(
    an_address_that_cannot_name_a_page_gets_the_sites_404,
    a_desk_address_with_no_such_story_says_so_in_the_desk,
    a_form_too_large_is_refused_with_a_page_and_nothing_saved,
    a_form_that_cannot_be_read_gets_a_page_saying_so,
    a_refusal_by_the_policy_is_a_desk_page_in_words,
    a_photo_that_cannot_be_stored_keeps_the_typed_story,
    a_photo_cut_short_is_refused_in_words_not_stored_grey,
    the_media_page_gives_the_pictures_own_size,
    metrics_answer_only_the_allowed_addresses_or_the_token,
);
