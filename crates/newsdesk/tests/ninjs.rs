//! IPTC ninjs, both ways. In: `newsdesk import ninjs` reads IPTC's own examples (1.6,
//! 2.1, 3.1) and hand-made files in Superdesk's 1.x shape and in 2.2 and 3.1 as agencies
//! send them (`tests/data/ninjs/`), maps each field, runs twice without making anything
//! twice, takes a newer version and refuses an older one, writes nothing from broken
//! JSON and cleans hostile HTML. Out: every public story at `?format=ninjs`, 404 for the
//! rest, valid against IPTC's published 2.2 schema (checked by Python's `jsonschema_rs`,
//! which schemathesis installs: that test is ignored by a plain `cargo test` and fails,
//! never skips, under `-- --include-ignored` when it is missing), and a story exported
//! then imported into a fresh newsroom comes back the same.

use crate::common;

use common::importing::{accounted, as_administrator as newsroom};
use common::{TestApp, fixture};
use newsdesk_core::{Article, State};
use newsdesk_import::{ImportError, NinjsOptions, Summary, import_ninjs};
use newsdesk_store::CorrectionInput;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    common::importing::data("ninjs", name)
}

async fn import(t: &TestApp, path: &Path, media: Option<&Path>) -> Result<Summary, ImportError> {
    let (newsroom, actor) = newsroom(t).await;
    let options = NinjsOptions {
        media: media.map(Path::to_owned),
    };
    import_ninjs(&newsroom, &actor, path, &options, &mut ()).await
}

/// The story an import made of the item `uri`.
async fn story_of(t: &TestApp, uri: &str) -> Article {
    let record = t
        .store
        .import_record("ninjs", "story", uri)
        .await
        .expect("read")
        .unwrap_or_else(|| panic!("{uri} was not imported"));
    t.store
        .article(record.local_id)
        .await
        .expect("read")
        .expect("the story")
}

async fn bylines(t: &TestApp, a: &Article) -> Vec<String> {
    let mut out = Vec::new();
    for id in &a.author_ids {
        out.push(t.store.author(*id).await.unwrap().unwrap().name);
    }
    out
}

async fn topics(t: &TestApp, a: &Article) -> Vec<String> {
    let mut out = Vec::new();
    for id in &a.tag_ids {
        out.push(t.store.tag(*id).await.unwrap().unwrap().name);
    }
    out
}

async fn section(t: &TestApp, a: &Article) -> String {
    t.store.section(a.section_id).await.unwrap().unwrap().name
}

/// A picture file at `dir/name`, in the format its extension names.
fn picture_file(dir: &Path, name: &str, width: u32, height: u32) {
    std::fs::create_dir_all(dir).unwrap();
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, 90])
    });
    img.save(dir.join(name)).unwrap();
}

fn file(t: &TestApp, name: &str, text: &str) -> PathBuf {
    let path = t.data_dir().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

async fn iptcs_own_examples_import_in_all_three_versions(t: TestApp) {
    // The 3.1 example is the 1.6 one in its new spelling, with the same uri: the same
    // story, updated.
    for (name, created, updated) in [
        ("iptc-1.6-complex-text-article.json", 1, 0),
        ("iptc-2.1-tt-text-image.json", 1, 0),
        ("iptc-3.1-complex-text-article.json", 0, 1),
    ] {
        let s = import(&t, &data(name), None).await.expect(name);
        accounted(&s);
        assert_eq!(
            (s.items, s.created.stories, s.updated.stories),
            (1, created, updated),
            "{name}: {s:#?}"
        );
    }
    // 1.6: `headline_main`, the HTML `body_richtext` over the plain `body_main`, the
    // byline split into two profiles, places as topics, the person it is about no byline.
    let one = story_of(&t, "http://ninjs.example.com/newsitems/20130709med123").await;
    assert_eq!(
        one.headline,
        "Captain of wrecked cruise ship on trial in Italy"
    );
    // 3.1's `application/xhtml+xml` body, over its plain one.
    assert!(
        one.body_html.contains("<p>GROSSETO, Italy (AP)"),
        "{}",
        one.body_html
    );
    assert_eq!(one.body_html.matches("<p>").count(), 4, "{}", one.body_html);
    assert_eq!(
        bylines(&t, &one).await,
        ["Paulo Santalucia", "Frances d'Emilio"]
    );
    assert_eq!(topics(&t, &one).await, ["Grossetto", "Tuscany", "Italy"]);
    assert_eq!(section(&t, &one).await, "News", "the default section");
    assert_eq!(one.state, State::Published);
    assert_eq!(one.first_published_at, Some(1_373_366_220));
    // 2.1 (TT): a whole HTML document as the body (its <head> gone), a subject and the
    // places as topics, its picture missing (nothing is downloaded).
    let tt = story_of(&t, "http://tt.se/media/text/210526-militarovning-a0f2d045").await;
    assert_eq!(tt.headline, "Militärövning i jätteformat hålls 2023");
    assert!(!tt.body_html.contains("<title"), "{}", tt.body_html);
    assert!(tt.body_html.contains("<blockquote>"), "{}", tt.body_html);
    assert!(tt.standfirst.starts_with("Pandemin satte stopp"));
    assert_eq!(
        topics(&t, &tt).await,
        [
            "Krig, konflikter och oroligheter",
            "Sverige",
            "Gotland",
            "Finland"
        ]
    );
    assert!(
        tt.author_ids.len() <= 1,
        "no byline of its own: {:?}",
        tt.author_ids
    );
    assert_eq!(tt.lead_media_id, None);
}

async fn superdesk_items_map_every_field_with_their_picture_from_the_media_folder(t: TestApp) {
    // Without its picture first: the story comes in, the picture is listed as missing.
    let media = t.data_dir().join("superdesk-media");
    let s = import(&t, &data("superdesk-1.x-text-picture.json"), Some(&media))
        .await
        .expect("imports");
    assert_eq!((s.created.stories, s.created.pictures), (1, 0), "{s:#?}");
    assert_eq!(s.missing_media.len(), 1, "{s:#?}");
    // The file arrives: the same item, run again, gets its lead picture.
    picture_file(&media, "ferry-pier.jpg", 1200, 800);
    let s = import(&t, &data("superdesk-1.x-text-picture.json"), Some(&media))
        .await
        .expect("imports");
    accounted(&s);
    assert_eq!(
        (
            s.updated.stories,
            s.created.pictures,
            s.created.stories,
            s.items_updated
        ),
        (1, 1, 0, 1),
        "{s:#?}"
    );
    assert!(s.missing_media.is_empty(), "{s:#?}");
    assert_eq!(t.store.sections().await.unwrap().len(), 1, "one section");
    assert_eq!(t.store.authors().await.unwrap().len(), 1, "one author");
    let story = story_of(
        &t,
        "urn:newsml:localhost:2024-05-02T09:12:00.000000:5b0f0e42-8f7e-4f1b-9d1c-1f2e3a4b5c6d",
    )
    .await;
    assert_eq!(story.headline, "Harbour ferry returns after storm repairs");
    assert_eq!(
        story.standfirst,
        "The cross-harbour ferry runs again on Monday after three weeks of repairs to its pier."
    );
    for kept in [
        "<h2>Timetable</h2>",
        "<strong>twenty minutes</strong>",
        "<blockquote>",
    ] {
        assert!(
            story.body_html.contains(kept),
            "{kept}: {}",
            story.body_html
        );
    }
    // The writer, not the desk's editor.
    assert_eq!(bylines(&t, &story).await, ["Ann Reporter"]);
    let ann = t.store.author(story.author_ids[0]).await.unwrap().unwrap();
    assert_eq!(ann.bio, "Ann covers transport and the harbour.");
    assert_eq!(
        section(&t, &story).await,
        "Local News",
        "the service is the section"
    );
    assert_eq!(topics(&t, &story).await, ["transport", "weather", "NSW"]);
    assert_eq!(story.state, State::Published);
    assert_eq!(
        story.first_published_at,
        Some(1_714_642_200),
        "Superdesk's firstpublished"
    );
    let lead = t
        .store
        .media(story.lead_media_id.expect("a lead picture"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        lead.caption,
        "The ferry Matilda at the repaired pier on Friday."
    );
    assert_eq!(lead.alt, "A white ferry moored at a wooden pier");
    assert_eq!(lead.credit, "Sam Photographer");
    assert_eq!(lead.copyright, "Harbour Gazette");
    assert_eq!((lead.width, lead.height), (1200, 800));
    t.catch_up().await;
    let page = t
        .get("/local-news/harbour-ferry-returns-after-storm-repairs")
        .await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Sam Photographer"));
}

async fn agency_files_of_2x_and_3x_map_states_embargoes_and_pictures(t: TestApp) {
    let media = t.data_dir().join("agency-media");
    picture_file(&media, "tram.png", 960, 600);
    picture_file(&media, "boats.jpg", 800, 500);
    let s = import(&t, &data("agency-2.2.jsonl"), Some(&media))
        .await
        .expect("JSON Lines import");
    accounted(&s);
    assert_eq!(s.items, 7);
    assert_eq!(s.created.stories, 3, "{s:#?}");
    let reasons: Vec<&str> = s.skipped.iter().map(|k| k.reason.as_str()).collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("canceled, and never imported")),
        "{reasons:?}"
    );
    assert_eq!(s.created.pictures, 1, "the picture item alone: {s:#?}");
    let reasons: Vec<&str> = s.skipped.iter().map(|k| k.reason.as_str()).collect();
    assert!(
        reasons.iter().any(|r| r.contains("a video item")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("composite")),
        "{reasons:?}"
    );
    // usable + an embargo to come: published, and embargoed.
    let embargoed = story_of(&t, "urn:agency.example:2024:0001").await;
    assert_eq!(embargoed.state, State::Published);
    assert_eq!(embargoed.embargo_until, Some(4_070_930_400));
    // withheld → unpublished; canceled, never seen → nothing (one seen: see below).
    assert_eq!(
        story_of(&t, "urn:agency.example:2024:0002").await.state,
        State::Unpublished
    );
    assert!(
        t.store
            .import_record("ninjs", "story", "urn:agency.example:2024:0003")
            .await
            .unwrap()
            .is_none()
    );
    // Plain text: a paragraph a line; a by-line of two; its picture listed as missing.
    let quay = story_of(&t, "urn:agency.example:2024:0006").await;
    assert_eq!(
        quay.body_html.matches("<p>").count(),
        3,
        "{}",
        quay.body_html
    );
    assert_eq!(bylines(&t, &quay).await, ["Lee Wire", "Kim Stringer"]);
    assert_eq!(topics(&t, &quay).await, ["Infrastructure", "Port Matilda"]);
    assert_eq!(quay.lead_media_id, None);
    assert!(
        s.missing_media
            .iter()
            .any(|m| m.url == "https://cdn.agency.example/img/0006-highres.jpg"),
        "{s:#?}"
    );
    let boats = t
        .store
        .import_record("ninjs", "picture", "urn:agency.example:2024:pic-0007")
        .await
        .unwrap()
        .expect("the picture item is in the library");
    let boats = t.store.media(boats.local_id).await.unwrap().unwrap();
    assert_eq!(
        boats.caption,
        "Fishing boats in the harbour at first light."
    );
    assert_eq!(boats.credit, "Kim Stringer/Agency");

    // 3.1: camelCase, bylines from `people` related as authors (not the mayor), the
    // section from a subject related as one, an embargo already lifted, the widest
    // rendition found by its file name.
    let s = import(&t, &data("agency-3.1.json"), Some(&media))
        .await
        .expect("3.1 imports");
    accounted(&s);
    let tram = story_of(&t, "https://agency.example/items/2024/tram-line").await;
    assert_eq!(tram.headline, "New tram line opens to the harbour");
    assert_eq!(
        tram.standfirst,
        "The first trams ran on Wednesday morning, a year late."
    );
    assert!(
        tram.body_html.contains("<em>four kilometres</em>"),
        "{}",
        tram.body_html
    );
    assert_eq!(bylines(&t, &tram).await, ["Maria Tram", "Olu Rail"]);
    assert_eq!(section(&t, &tram).await, "City");
    assert_eq!(
        topics(&t, &tram).await,
        ["Public transport", "Trams", "Port Matilda"]
    );
    assert_eq!(tram.embargo_until, None);
    assert_eq!(tram.first_published_at, Some(1_720_587_600));
    let picture = t
        .store
        .media(tram.lead_media_id.expect("lead"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((picture.width, picture.height), (960, 600));
    assert_eq!(picture.alt, "A green tram at a stop by the water");
    assert_eq!(picture.caption, "The first tram at the harbour stop.");
    // The embargoed story stays out of every public place.
    t.catch_up().await;
    let home = t.get("/").await.text();
    assert!(
        !home.contains("Budget figures"),
        "embargoed story on the home page"
    );
    assert!(home.contains("New tram line"));
}

async fn a_second_run_changes_nothing_and_only_a_newer_version_updates(t: TestApp) {
    let item = |version: &str, headline: &str| {
        json!({
            "uri": "urn:agency.example:versions:1", "type": "text", "version": version,
            "versioncreated": "2024-06-01T08:00:00Z", "pubstatus": "usable",
            "headlines": [{"value": headline}], "by": "Lee Wire",
            "subjects": [{"name": "Harbour"}],
            "bodies": [{"contenttype": "text/html", "value": format!("<p>{headline}.</p>")}],
        })
        .to_string()
    };
    let path = file(&t, "v.json", &item("2", "Second version"));
    let first = import(&t, &path, None).await.expect("first");
    assert_eq!(first.created.stories, 1);
    let before = story_of(&t, "urn:agency.example:versions:1").await;
    let again = import(&t, &path, None).await.expect("again");
    accounted(&again);
    assert_eq!(again.created, Default::default(), "{again:#?}");
    assert_eq!(again.updated, Default::default(), "{again:#?}");
    assert_eq!(again.items_unchanged, 1);
    assert_eq!(
        story_of(&t, "urn:agency.example:versions:1").await.version,
        before.version
    );
    // An older version is refused, and says why.
    let path = file(&t, "v.json", &item("1", "First version"));
    let older = import(&t, &path, None).await.expect("older");
    assert_eq!(older.items_skipped, 1, "{older:#?}");
    assert!(older.skipped[0].reason.contains("older"), "{older:#?}");
    assert_eq!(
        story_of(&t, "urn:agency.example:versions:1").await.headline,
        "Second version"
    );
    // A newer one updates the same story (an update, not a correction).
    let path = file(&t, "v.json", &item("3", "Third version"));
    let newer = import(&t, &path, None).await.expect("newer");
    assert_eq!(
        (newer.updated.stories, newer.created.stories),
        (1, 0),
        "{newer:#?}"
    );
    let after = story_of(&t, "urn:agency.example:versions:1").await;
    assert_eq!(after.id, before.id);
    assert_eq!(after.headline, "Third version");
    assert!(after.body_html.contains("Third version."));
    assert_eq!(after.state, State::Published);
    assert_eq!(after.first_published_at, before.first_published_at);
    assert!(t.store.corrections(after.id).await.unwrap().is_empty());
    assert_eq!(t.store.authors().await.unwrap().len(), 1);
    // Withheld, then canceled: unpublished, then in the trash (restorable), out of sight.
    let mut withheld: Value = serde_json::from_str(&item("6", "Sixth version")).unwrap();
    withheld["pubstatus"] = json!("withheld");
    import(&t, &file(&t, "v.json", &withheld.to_string()), None)
        .await
        .expect("withheld");
    let held = story_of(&t, "urn:agency.example:versions:1").await;
    assert_eq!(held.state, State::Unpublished);
    withheld["version"] = json!("7");
    withheld["pubstatus"] = json!("canceled");
    import(&t, &file(&t, "v.json", &withheld.to_string()), None)
        .await
        .expect("canceled");
    let killed = story_of(&t, "urn:agency.example:versions:1").await;
    assert!(killed.deleted_at.is_some(), "canceled → the trash");
    // Usable again: back out of the trash, published.
    let path = file(&t, "v.json", &item("8", "Eighth version"));
    import(&t, &path, None).await.expect("usable again");
    let back = story_of(&t, "urn:agency.example:versions:1").await;
    assert!(back.deleted_at.is_none());
    assert_eq!(back.state, State::Published);
    assert_eq!(back.headline, "Eighth version");
    // Two versions in one import: only the newest is written.
    let both = format!(
        "{}\n{}\n",
        item("10", "Tenth version"),
        item("9", "Ninth version")
    );
    let path = file(&t, "both.jsonl", &both);
    let s = import(&t, &path, None).await.expect("both");
    accounted(&s);
    assert_eq!((s.items_updated, s.items_skipped), (1, 1), "{s:#?}");
    assert_eq!(
        story_of(&t, "urn:agency.example:versions:1").await.headline,
        "Tenth version"
    );
}

async fn a_folder_imports_its_json_files_and_broken_json_writes_nothing(t: TestApp) {
    let dir = t.data_dir().join("feed");
    std::fs::create_dir_all(dir.join("older")).unwrap();
    let item = |uri: &str, headline: &str| {
        json!({"uri": uri, "headlines": [{"value": headline}], "bodies": [{"value": "<p>x</p>"}], "by": "Lee Wire"})
            .to_string()
    };
    std::fs::write(dir.join("b.json"), item("urn:x:b", "Bee")).unwrap();
    std::fs::write(
        dir.join("a.json"),
        format!(
            "[{}, {}]",
            item("urn:x:a1", "Ay one"),
            item("urn:x:a2", "Ay two")
        ),
    )
    .unwrap();
    std::fs::write(dir.join("notes.txt"), "not ninjs").unwrap();
    std::fs::write(dir.join("older/c.json"), item("urn:x:c", "Sea")).unwrap();
    // A broken file stops the whole folder: line and column, and nothing written.
    std::fs::write(
        dir.join("c.json"),
        format!(
            "{}\n{{\"uri\": \"urn:x:d\",, }}\n",
            item("urn:x:c2", "Sea two")
        ),
    )
    .unwrap();
    let err = import(&t, &dir, None).await.expect_err("refused");
    let ImportError::Json {
        ref path,
        line,
        column,
        ..
    } = err
    else {
        panic!("{err}");
    };
    assert!(path.ends_with("c.json"), "{err}");
    assert_eq!((line, column), (2, 19), "{err}");
    assert!(err.to_string().contains("Nothing was imported"), "{err}");
    assert_eq!(t.store.count_articles().await.unwrap(), 0);
    assert!(t.store.authors().await.unwrap().is_empty());
    assert!(t.store.section_choices().await.unwrap().is_empty());
    // Mended: the folder's three items, not the subfolder's, not the .txt.
    std::fs::write(dir.join("c.json"), "").unwrap();
    let s = import(&t, &dir, None).await.expect("imports");
    accounted(&s);
    assert_eq!((s.items, s.created.stories), (3, 3), "{s:#?}");
    assert!(
        t.store
            .import_record("ninjs", "story", "urn:x:c")
            .await
            .unwrap()
            .is_none()
    );
    // Something that is JSON but no ninjs item is refused the same way.
    let err = import(&t, &file(&t, "n.json", "[1, 2]"), None)
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("not a ninjs object"), "{err}");
}

async fn hostile_html_in_a_body_is_cleaned_by_the_one_sanitizer(t: TestApp) {
    let body = r#"<p onclick="steal()">Hello<script>alert(1)</script></p><iframe src="https://evil.example"></iframe><a href="javascript:alert(2)">link</a><img src="x" onerror="alert(3)"><style>body{display:none}</style><p>Kept.</p>"#;
    let item = json!({
        "guid": "urn:hostile:1", "type": "text", "headline": "<b>Bold</b> headline",
        "body_html": body, "description_html": "<p>Short <script>x()</script>words.</p>",
    });
    let s = import(&t, &file(&t, "h.json", &item.to_string()), None)
        .await
        .expect("imports");
    assert_eq!(s.created.stories, 1, "{s:#?}");
    let story = story_of(&t, "urn:hostile:1").await;
    assert_eq!(story.headline, "Bold headline");
    assert_eq!(story.standfirst, "Short words.");
    for bad in [
        "<script",
        "onclick",
        "<iframe",
        "javascript:",
        "onerror",
        "<style",
        "alert(1)",
    ] {
        assert!(
            !story.body_html.contains(bad),
            "{bad} in {}",
            story.body_html
        );
        assert!(!story.body_markdown.contains(bad), "{bad} in the source");
    }
    assert!(
        story.body_html.contains("<p>Kept.</p>"),
        "{}",
        story.body_html
    );
}

// ---------------------------------------------------------------------------------------
// Output.

const V1: &str = "/api/content/v1";

async fn ninjs_of(t: &TestApp, path: &str) -> Value {
    let res = t.get(path).await;
    assert_eq!(res.status, 200, "{path}: {}", res.text());
    assert!(res.header("content-type").starts_with("application/json"));
    assert!(!res.header("etag").is_empty());
    serde_json::from_slice(&res.body).unwrap()
}

async fn published_stories_are_served_as_ninjs_and_the_rest_is_not_found(t: TestApp) {
    let room = fixture::newsroom(&t.store, &t.media).await;
    let lead = &room.lead;
    let v = ninjs_of(&t, &format!("{V1}/posts/{}/?format=ninjs", lead.id)).await;
    let base = "http://127.0.0.1:8080";
    assert!(
        v["uri"].as_str().unwrap().starts_with("tag:127.0.0.1,"),
        "{v}"
    );
    assert!(
        v["uri"]
            .as_str()
            .unwrap()
            .ends_with(&format!(":article:{}", lead.id))
    );
    assert_eq!(v["type"], "text");
    assert_eq!(v["version"], lead.version.to_string());
    assert_eq!(v["pubstatus"], "usable");
    assert_eq!(v["language"], "en");
    assert_eq!(v["standard"]["name"], "ninjs");
    assert_eq!(v["standard"]["version"], "2.2");
    assert!(v.get("$schema").is_none() && v.get("headline").is_none());
    assert_eq!(v["headlines"][0]["value"], lead.headline);
    assert_eq!(v["descriptions"][0]["value"], lead.standfirst);
    assert_eq!(v["bodies"][0]["contenttype"], "text/html");
    assert!(
        v["bodies"][0]["value"]
            .as_str()
            .unwrap()
            .contains("What happens next</h2>")
    );
    assert_eq!(v["by"], "Jane Hollis and Sam Okafor");
    assert_eq!(v["people"][0]["name"], "Jane Hollis");
    assert_eq!(v["people"][0]["rel"], "author");
    assert_eq!(v["people"][0]["uri"], format!("{base}/author/jane-hollis"));
    let subjects: Vec<&str> = v["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(subjects, ["News", "Iraq", "Housing"]);
    assert_eq!(v["subjects"][0]["rel"], "section");
    assert_eq!(
        v["renditions"][0]["href"],
        format!("{base}/news/blast-hits-market-in-basra-as-talks-resume")
    );
    let picture = &v["associations"][0];
    assert_eq!(picture["name"], "featureimage");
    assert_eq!(picture["type"], "picture");
    assert_eq!(picture["by"], "AP");
    assert_eq!(picture["descriptions"][0]["role"], "caption");
    assert_eq!(
        picture["descriptions"][0]["value"],
        "Smoke rises over a market in Basra, Iraq."
    );
    let renditions = picture["renditions"].as_array().unwrap();
    assert!(renditions.len() > 1);
    for r in renditions {
        assert!(
            r["href"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{base}/media/"))
        );
        assert!(r["width"].as_u64().unwrap() > 0 && r["height"].as_u64().unwrap() > 0);
        assert!(r["contenttype"].as_str().unwrap().starts_with("image/"));
    }
    // By slug, the same item; a story without a picture has no associations.
    let by_slug = ninjs_of(
        &t,
        &format!("{V1}/posts/slug/{}/?format=ninjs", lead.slug.as_str()),
    )
    .await;
    assert_eq!(by_slug, v);
    let plain = ninjs_of(
        &t,
        &format!("{V1}/posts/{}/?format=ninjs", room.world_story.id),
    )
    .await;
    assert!(plain.get("associations").is_none());
    assert_eq!(plain["by"], "Sam Okafor");
    // The list: an array of items, paged as the list is.
    let list = ninjs_of(&t, &format!("{V1}/posts/?format=ninjs&limit=3")).await;
    assert_eq!(list.as_array().map(Vec::len), Some(3));
    assert_eq!(list[0]["uri"], v["uri"]);
    // `format=json` is the API's own shape; anything else is refused.
    let own = ninjs_of(&t, &format!("{V1}/posts/{}/?format=json", lead.id)).await;
    assert_eq!(own["posts"][0]["id"], lead.id);
    let bad = t.get(&format!("{V1}/posts/{}/?format=xml", lead.id)).await;
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("bad_format"));

    // A draft, an embargoed story and one in the trash are not found, as in JSON.
    let mut input = fixture::story(room.news.id, "A draft nobody may see", 5);
    input.state = State::Draft;
    input.first_published_at = None;
    input.published_at = None;
    let draft = t.store.create_article(&input, None).await.unwrap();
    let mut input = fixture::story(room.news.id, "An embargoed story", 5);
    input.embargo_until = Some(newsdesk_core::now() + 3600);
    let embargoed = t.store.create_article(&input, None).await.unwrap();
    let trashed = &room.news_others[0];
    t.store.trash_article(trashed.id, None).await.unwrap();
    t.catch_up().await;
    for story in [&draft, &embargoed, trashed] {
        for path in [
            format!("{V1}/posts/{}/?format=ninjs", story.id),
            format!("{V1}/posts/slug/{}/?format=ninjs", story.slug.as_str()),
        ] {
            let res = t.get(&path).await;
            assert_eq!(res.status, 404, "{path}");
            let json: Value = serde_json::from_slice(&res.body).unwrap();
            assert_eq!(json["errors"][0]["type"], "NotFoundError", "{path}");
        }
    }
    let list = ninjs_of(&t, &format!("{V1}/posts/?format=ninjs&limit=all")).await;
    let headlines: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["headlines"][0]["value"].as_str().unwrap())
        .collect();
    assert!(!headlines.contains(&"An embargoed story"), "{headlines:?}");
    assert!(!headlines.contains(&"A draft nobody may see"));

    // A correction: a new version, dated, at the end of the body.
    t.store
        .add_correction(
            lead.id,
            &CorrectionInput {
                kind: "correction".into(),
                body: "An earlier version misnamed the market.".into(),
                published_at: newsdesk_core::now(),
            },
        )
        .await
        .unwrap();
    t.catch_up().await;
    let corrected = ninjs_of(&t, &format!("{V1}/posts/{}/?format=ninjs", lead.id)).await;
    assert_eq!(corrected["version"], (lead.version + 1).to_string());
    let body = corrected["bodies"][0]["value"].as_str().unwrap();
    assert!(body.contains("Corrections and updates"), "{body}");
    assert!(
        body.contains("An earlier version misnamed the market."),
        "{body}"
    );
}

async fn the_ghost_door_and_other_resources_ignore_the_format(t: TestApp) {
    fixture::newsroom(&t.store, &t.media).await;
    let ghost = ninjs_of(&t, "/ghost/api/content/posts/?format=ninjs").await;
    assert!(ghost["posts"].is_array(), "{ghost}");
    let tags = ninjs_of(&t, &format!("{V1}/tags/?format=ninjs")).await;
    assert!(tags["tags"].is_array(), "{tags}");
}

async fn the_content_key_guards_ninjs_as_it_guards_json(t: TestApp) {
    const KEY: &str = "0123456789abcdef01234567ab";
    let mut settings = common::test_settings();
    settings.content_api_key = Some(KEY.into());
    let keyed = TestApp::start_with(t.store.backend(), settings).await;
    let room = fixture::newsroom(&keyed.store, &keyed.media).await;
    let path = format!("{V1}/posts/{}/?format=ninjs", room.lead.id);
    assert_eq!(keyed.get(&path).await.status, 401);
    ninjs_of(&keyed, &format!("{path}&key={KEY}")).await;
    keyed.finish().await;
}

/// A story exported as ninjs and imported into another newsroom comes back with the
/// same headline, standfirst, body, bylines, topics, section and lead picture.
async fn a_story_exported_as_ninjs_imports_into_a_fresh_newsroom_the_same(t: TestApp) {
    let room = fixture::newsroom(&t.store, &t.media).await;
    let exported = ninjs_of(&t, &format!("{V1}/posts/{}/?format=ninjs", room.lead.id)).await;
    let fresh = TestApp::start(t.store.backend()).await;
    let path = file(&fresh, "story.json", &exported.to_string());
    // The pictures' files are named by their storage keys, as the renditions' addresses.
    let media = t.data_dir().join("media");
    let s = import(&fresh, &path, Some(&media)).await.expect("imports");
    accounted(&s);
    assert_eq!((s.created.stories, s.created.pictures), (1, 1), "{s:#?}");
    let copy = story_of(&fresh, exported["uri"].as_str().unwrap()).await;
    assert_eq!(copy.headline, room.lead.headline);
    assert_eq!(copy.standfirst, room.lead.standfirst);
    assert_eq!(copy.body_html.trim(), room.lead.body_html.trim());
    assert_eq!(bylines(&fresh, &copy).await, ["Jane Hollis", "Sam Okafor"]);
    assert_eq!(topics(&fresh, &copy).await, ["Iraq", "Housing"]);
    assert_eq!(section(&fresh, &copy).await, "News");
    assert_eq!(copy.state, State::Published);
    assert_eq!(copy.first_published_at, room.lead.first_published_at);
    let picture = fresh
        .store
        .media(copy.lead_media_id.expect("lead"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(picture.caption, room.photo.caption);
    assert_eq!(picture.alt, room.photo.alt);
    assert_eq!(picture.credit, room.photo.credit);
    assert_eq!(
        (picture.width, picture.height),
        (room.photo.width, room.photo.height)
    );
    // And out again: the same words.
    fresh.catch_up().await;
    let again = ninjs_of(&fresh, &format!("{V1}/posts/{}/?format=ninjs", copy.id)).await;
    for field in ["headlines", "descriptions", "by", "people"] {
        let strip = |v: &Value| v.to_string().replace("http://127.0.0.1:8080", "");
        assert_eq!(strip(&again[field]), strip(&exported[field]), "{field}");
    }
    fresh.finish().await;
}

db_tests!(
    iptcs_own_examples_import_in_all_three_versions,
    superdesk_items_map_every_field_with_their_picture_from_the_media_folder,
    agency_files_of_2x_and_3x_map_states_embargoes_and_pictures,
    a_second_run_changes_nothing_and_only_a_newer_version_updates,
    a_folder_imports_its_json_files_and_broken_json_writes_nothing,
    hostile_html_in_a_body_is_cleaned_by_the_one_sanitizer,
    published_stories_are_served_as_ninjs_and_the_rest_is_not_found,
    the_ghost_door_and_other_resources_ignore_the_format,
    the_content_key_guards_ninjs_as_it_guards_json,
    a_story_exported_as_ninjs_imports_into_a_fresh_newsroom_the_same,
);

// ---------------------------------------------------------------------------------------
// Validation against IPTC's schema, with an independent validator.

const VALIDATE: &str = r#"
import json, sys
try:
    import jsonschema_rs
except ImportError as e:
    print(json.dumps({"missing": str(e)}))
    sys.exit(0)
if sys.argv[1] == "check":
    print(json.dumps({"ok": True}))
    sys.exit(0)
schema = json.load(open(sys.argv[1], encoding="utf-8"))
def retrieve(uri):
    if uri.startswith("https://geojson.org/"):
        return {}
    raise ValueError("not fetched: " + uri)
validator = jsonschema_rs.validator_for(schema, validate_formats=True, retriever=retrieve)
docs = json.load(sys.stdin)
print(json.dumps({"errors": [
    ["/".join(str(p) for p in e.instance_path) + ": " + e.message for e in validator.iter_errors(d)]
    for d in docs
]}))
"#;

fn run_validator(arg: &str, input: &[u8]) -> Result<Value, String> {
    common::python::run(VALIDATE, arg, input)
}

/// Fails, saying what to install, when the validator cannot run here.
fn require_validator() {
    common::python::require(
        VALIDATE,
        "Python's jsonschema_rs (schemathesis installs it)",
        "pip install schemathesis==4.32.5",
    );
}

/// Each document's errors against IPTC's ninjs 2.2 schema.
fn schema_errors(docs: &[Value]) -> Vec<Vec<String>> {
    let schema = data("ninjs-schema_2.2.json");
    let input = serde_json::to_vec(docs).unwrap();
    let v = run_validator(&schema.display().to_string(), &input)
        .unwrap_or_else(|e| panic!("the validator failed: {e}"));
    serde_json::from_value(v["errors"].clone()).unwrap_or_else(|e| panic!("{e}: {v}"))
}

async fn every_story_served_as_ninjs_is_valid_against_iptcs_schema(t: TestApp) {
    require_validator();
    // The validator is not lenient: a wrong document is caught.
    let wrong = schema_errors(&[json!({"uri": "not a uri", "headline": "1.x's field"})]);
    assert_eq!(wrong[0].len(), 2, "{wrong:?}");
    // A demo newsroom (pictures, several bylines and topics), with a corrected story and
    // one without standfirst or byline.
    newsdesk_demo::load(
        &t.store,
        &t.media,
        &newsdesk_demo::DemoOptions {
            articles: 12,
            pictures: Some(2),
            picture_width: 320,
            picture_height: 180,
            authors: 3,
            progress: false,
            ..newsdesk_demo::DemoOptions::default()
        },
    )
    .await
    .expect("demo");
    let first: Value = ninjs_of(&t, &format!("{V1}/posts/?limit=1")).await;
    let corrected = first["posts"][0]["id"].as_i64().expect("a demo story");
    let section = first["posts"][0]["section"]["id"]
        .as_i64()
        .expect("its section");
    t.store
        .add_correction(
            corrected,
            &CorrectionInput {
                kind: "update".into(),
                body: "The vote was moved to Friday <b>evening</b>.".into(),
                published_at: newsdesk_core::now(),
            },
        )
        .await
        .unwrap();
    let mut input = fixture::story(section, "No standfirst & no byline", 1);
    input.standfirst = String::new();
    t.store.create_article(&input, None).await.unwrap();
    t.catch_up().await;
    let list = ninjs_of(&t, &format!("{V1}/posts/?format=ninjs&limit=all")).await;
    let mut docs: Vec<Value> = list.as_array().unwrap().clone();
    assert_eq!(docs.len(), 13);
    docs.push(ninjs_of(&t, &format!("{V1}/posts/{corrected}/?format=ninjs")).await);
    let shapes = |pred: &dyn Fn(&Value) -> bool| docs.iter().filter(|d| pred(d)).count();
    assert!(
        shapes(&|d| d.get("associations").is_some()) > 0,
        "with a picture"
    );
    assert!(
        shapes(&|d| d.get("associations").is_none()) > 0,
        "without one"
    );
    assert!(shapes(&|d| d["people"].as_array().is_some_and(|p| p.len() > 1)) > 0);
    assert!(shapes(&|d| d["subjects"].as_array().is_some_and(|s| s.len() > 2)) > 0);
    assert!(
        shapes(&|d| d["bodies"][0]["value"]
            .as_str()
            .is_some_and(|b| b.contains("Corrections and updates")))
            > 0
    );
    assert!(shapes(&|d| d.get("descriptions").is_none()) > 0);
    let errors = schema_errors(&docs);
    for (doc, errors) in docs.iter().zip(&errors) {
        assert!(
            errors.is_empty(),
            "{} is not valid ninjs 2.2: {errors:?}",
            doc["uri"]
        );
    }
    // IPTC's own 2.x example too, as a check of the check.
    let tt: Value = serde_json::from_str(
        &std::fs::read_to_string(data("iptc-2.1-tt-text-image.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(schema_errors(&[tt]), [Vec::<String>::new()]);
}

db_tests!(mod schema, ignore = "needs Python's jsonschema_rs (NEWSDESK_TEST_PYTHON; schemathesis installs it), and PostgreSQL for its half; run with -- --include-ignored";
    every_story_served_as_ninjs_is_valid_against_iptcs_schema,
);
