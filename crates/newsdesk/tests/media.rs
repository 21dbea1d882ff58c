//! The media library over HTTP: uploads (the photo's own words fill the caption, location
//! data never served, WebP beside JPEG), refusals that say why and store nothing, a photo
//! uploaded from the editor becoming the lead image, who may change a picture's words,
//! and "where used".

use crate::common;

use common::desk::{Browser, sign_in, story_id};
use common::{TestApp, fixture, select};
use image::{DynamicImage, ImageFormat, RgbImage};
use newsdesk_core::Role;
use newsdesk_media::fixtures;
use std::io::Cursor;

fn jpeg(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([seed, (x % 200) as u8, (y % 200) as u8])
    });
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
        .unwrap();
    out
}

/// A JPEG as an agency sends it: IPTC caption, byline, credit and copyright, and EXIF with
/// a GPS block naming where it was taken (`SECRETPLACE!`).
fn agency_photo() -> Vec<u8> {
    let iptc = fixtures::iptc_app13(&[
        (120, "Rescuers search the collapsed market in Antakya."),
        (80, "Jane Doe"),
        (110, "Agence Exemple"),
        (116, "© 2026 Agence Exemple"),
    ]);
    // Stored upright (turned by its EXIF orientation): 700×1000.
    let exif = fixtures::exif_rotated_with_location();
    fixtures::jpeg_sized_with(1000, 700, &[(0xE1, exif), (0xED, iptc)])
}

fn media_files(t: &TestApp) -> usize {
    std::fs::read_dir(t.data_dir().join("media")).map_or(0, |d| d.count())
}

async fn upload(b: &Browser, t: &TestApp, name: &str, bytes: &[u8]) -> common::Response {
    b.post_multipart(t, "/admin/media", &[], Some(("file", name, bytes)))
        .await
}

async fn an_agency_photo_fills_its_own_caption_and_loses_its_location(t: TestApp) {
    let reporter = sign_in(&t, "reporter@example.com", Role::Contributor).await;
    let res = upload(&reporter, &t, "AFP_123.jpg", &agency_photo()).await;
    assert_eq!(res.status, 303, "{}", res.text());
    let item_url = res.header("location").to_owned();
    assert!(item_url.starts_with("/admin/media/"), "{item_url}");

    let page = reporter.get(&t, &item_url).await;
    assert_eq!(page.status, 200);
    assert_eq!(
        common::input_value(&page, "textarea#caption"),
        "Rescuers search the collapsed market in Antakya."
    );
    assert_eq!(
        common::input_value(&page, "input#credit"),
        "Jane Doe/Agence Exemple"
    );
    assert_eq!(
        common::input_value(&page, "input#copyright"),
        "© 2026 Agence Exemple"
    );

    // Every stored file: WebP and JPEG at each width, none carrying EXIF or the place.
    let files: Vec<String> = select(&page.html(), "details a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    assert!(files.iter().any(|f| f.ends_with("-640.webp")), "{files:?}");
    assert!(files.iter().any(|f| f.ends_with("-640.jpg")), "{files:?}");
    for file in &files {
        let served = t.get(file).await;
        assert_eq!(served.status, 200, "{file}");
        let expected = if file.ends_with(".webp") {
            "image/webp"
        } else {
            "image/jpeg"
        };
        assert_eq!(served.header("content-type"), expected);
        let has = |needle: &[u8]| served.body.windows(needle.len()).any(|w| w == needle);
        assert!(
            !has(b"Exif\0\0") && !has(b"SECRETPLACE"),
            "{file} keeps EXIF"
        );
    }

    // The library lists it, and finds it by the words of its caption or its file name.
    let library = reporter.get(&t, "/admin/media?q=antakya").await;
    assert_eq!(select(&library.html(), ".media-grid li").len(), 1);
    let library = reporter.get(&t, "/admin/media?q=afp_123").await;
    assert_eq!(select(&library.html(), ".media-grid li").len(), 1);
    let library = reporter.get(&t, "/admin/media?q=nothing%25like_this").await;
    assert_eq!(select(&library.html(), ".media-grid li").len(), 0);

    // The same photo again is the same picture, not a copy.
    let again = upload(&reporter, &t, "copy.jpg", &agency_photo()).await;
    assert_eq!(again.header("location"), item_url);
}

async fn refused_uploads_say_why_and_store_nothing(t: TestApp) {
    let reporter = sign_in(&t, "reporter@example.com", Role::Contributor).await;
    let before = media_files(&t);
    let svg =
        br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#;
    let cases: [(&str, &[u8], u16, &str); 4] = [
        ("logo.svg", svg, 415, "SVG"),
        ("bomb.png", &fixtures::png_bomb(), 422, "65535"),
        ("report.pdf", b"%PDF-1.7\n", 415, "JPEG, PNG, WebP or GIF"),
        (
            "cut.jpg",
            &jpeg(300, 200, 1)[..200],
            422,
            "damaged or incomplete",
        ),
    ];
    for (name, bytes, status, says) in cases {
        let res = upload(&reporter, &t, name, bytes).await;
        assert_eq!(res.status.as_u16(), status, "{name}: {}", res.text());
        let note = select(&res.html(), ".form-note")
            .first()
            .map(common::text_of)
            .unwrap_or_default();
        assert!(note.contains(says), "{name}: {note}");
    }
    let empty = reporter
        .post_multipart(&t, "/admin/media", &[("alt", "x")], None)
        .await;
    assert_eq!(empty.status, 422);
    assert_eq!(
        t.store.media_library("", 1, 10).await.unwrap().0.len(),
        0,
        "no record"
    );
    assert_eq!(media_files(&t), before, "no file");
}

async fn a_photo_uploaded_in_the_editor_becomes_the_lead_image(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    t.catch_up().await;
    let section = news.id.to_string();
    let reporter = sign_in(&t, "reporter@example.com", Role::Contributor).await;
    let edit_url = reporter
        .new_story(
            &t,
            &[("headline", "Quake rescue"), ("section_id", &section)],
        )
        .await;
    let id = story_id(&edit_url);

    // The editor's form is multipart once it can carry a photo; the text goes with it.
    let saved = reporter
        .post_multipart(
            &t,
            &edit_url,
            &[
                ("version", "1"),
                ("action", "submit"),
                ("headline", "Quake rescue goes on through the night"),
                ("body", "Teams worked under floodlights."),
                ("section_id", &section),
                ("lead_alt", "Rescuers on a collapsed building"),
            ],
            Some(("lead_file", "rescue.jpg", &agency_photo())),
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.text());
    let story = t.store.article(id).await.unwrap().unwrap();
    let lead = story.lead_media_id.expect("the upload is the lead image");
    let media = t.store.media(lead).await.unwrap().unwrap();
    assert_eq!(media.alt, "Rescuers on a collapsed building");
    assert_eq!(
        media.caption,
        "Rescuers search the collapsed market in Antakya."
    );
    assert_eq!(story.headline, "Quake rescue goes on through the night");

    // The editor shows it chosen; an editor publishes; readers get WebP first.
    let editor = sign_in(&t, "editor@example.com", Role::Editor).await;
    let form = editor.get(&t, &edit_url).await;
    let form = form.html();
    let checked = select(&form, "input[name=lead_media_id][checked]");
    assert_eq!(
        checked[0].value().attr("value"),
        Some(lead.to_string().as_str())
    );
    let version = story.version.to_string();
    let published = editor
        .post(
            &t,
            &edit_url,
            &[
                ("version", &version),
                ("action", "publish"),
                ("headline", &story.headline),
                ("section_id", &section),
            ],
        )
        .await;
    assert_eq!(published.status, 303, "{}", published.text());
    t.catch_up().await;
    let public = t.get(&format!("/news/{}", story.slug)).await;
    assert_eq!(public.status, 200);
    let html = public.html();
    let source = select(&html, ".lead picture source[type=\"image/webp\"]");
    assert_eq!(source.len(), 1, "{}", public.text());
    assert!(
        source[0]
            .value()
            .attr("srcset")
            .unwrap()
            .contains(".webp 640w")
    );
    let img = select(&html, ".lead picture img");
    assert_eq!(
        img[0].value().attr("alt"),
        Some("Rescuers on a collapsed building")
    );

    // Where used: the library item lists the story as a lead image.
    let item = editor.get(&t, &format!("/admin/media/{lead}")).await;
    let uses: Vec<String> = select(&item.html(), "#uses-heading + ul li")
        .iter()
        .map(common::text_of)
        .collect();
    assert_eq!(uses.len(), 1, "{uses:?} {}", item.text());
    assert!(uses[0].contains("Quake rescue goes on") && uses[0].contains("lead image"));

    // Better words from the photo desk reach the published page at once.
    let fixed = editor
        .post(
            &t,
            &format!("/admin/media/{lead}"),
            &[
                ("alt", "Rescuers lift a slab from the market roof"),
                ("caption", media.caption.as_str()),
                ("credit", "Jane Doe/Agence Exemple"),
                ("copyright", ""),
            ],
        )
        .await;
    assert_eq!(fixed.status, 200);
    t.catch_up().await;
    let public = t.get(&format!("/news/{}", story.slug)).await;
    let img = select(&public.html(), ".lead picture img")[0]
        .value()
        .attr("alt")
        .unwrap()
        .to_owned();
    assert_eq!(img, "Rescuers lift a slab from the market roof");
}

async fn a_refused_photo_in_the_editor_keeps_the_typed_story(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    t.catch_up().await;
    let section = news.id.to_string();
    let reporter = sign_in(&t, "reporter@example.com", Role::Contributor).await;
    let edit_url = reporter
        .new_story(&t, &[("headline", "Budget day"), ("section_id", &section)])
        .await;
    let id = story_id(&edit_url);
    let typed = "Three paragraphs I would hate to type again.";
    let res = reporter
        .post_multipart(
            &t,
            &edit_url,
            &[
                ("version", "1"),
                ("action", "save"),
                ("headline", "Budget day: what it means for you"),
                ("body", typed),
                ("section_id", &section),
            ],
            Some(("lead_file", "chart.svg", b"<svg onload=alert(1)></svg>")),
        )
        .await;
    assert_eq!(res.status, 415);
    assert!(res.text().contains("SVG"));
    assert_eq!(
        common::input_value(&res, "#headline"),
        "Budget day: what it means for you"
    );
    assert_eq!(common::input_value(&res, "textarea#body"), typed);
    let story = t.store.article(id).await.unwrap().unwrap();
    assert_eq!(
        (story.version, story.headline.as_str()),
        (1, "Budget day"),
        "nothing was saved"
    );
}

async fn only_editors_and_the_uploader_change_a_pictures_words(t: TestApp) {
    let one = sign_in(&t, "one@example.com", Role::Contributor).await;
    let two = sign_in(&t, "two@example.com", Role::Contributor).await;
    let editor = sign_in(&t, "ed@example.com", Role::Editor).await;
    let res = upload(&one, &t, "a.jpg", &jpeg(400, 300, 9)).await;
    let item_url = res.header("location").to_owned();
    let id: i64 = item_url
        .trim_start_matches("/admin/media/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let words = |alt: &'static str| [("alt", alt), ("caption", "c"), ("credit", "")];
    let item = format!("/admin/media/{id}");
    assert_eq!(two.post(&t, &item, &words("two")).await.status, 403);
    assert_eq!(
        select(&two.get(&t, &item).await.html(), "form input#alt").len(),
        0,
        "no form for those who may not use it"
    );
    assert_eq!(one.post(&t, &item, &words("one")).await.status, 200);
    assert_eq!(editor.post(&t, &item, &words("editor")).await.status, 200);
    assert_eq!(t.store.media(id).await.unwrap().unwrap().alt, "editor");
    let too_long = "x".repeat(2001);
    let res = editor
        .post(&t, &item, &[("alt", too_long.as_str()), ("caption", "")])
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(t.store.media(id).await.unwrap().unwrap().alt, "editor");
    assert_eq!(t.get("/admin/media/999999").await.status, 303, "signed out");
    assert_eq!(editor.get(&t, "/admin/media/999999").await.status, 404);
}

db_tests!(
    an_agency_photo_fills_its_own_caption_and_loses_its_location,
    refused_uploads_say_why_and_store_nothing,
    a_photo_uploaded_in_the_editor_becomes_the_lead_image,
    a_refused_photo_in_the_editor_keeps_the_typed_story,
    only_editors_and_the_uploader_change_a_pictures_words,
);
