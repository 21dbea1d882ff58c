//! A story's day, in a real headless Chromium, as the desk's issue describes it: a reporter
//! who types no Markdown writes a story with bold, a link, a subhead, a quote, a picture
//! found by searching the library and a YouTube embed; saves with Ctrl+S and submits with
//! the keyboard; an editor finds it in review, sees the reporter still in it, and
//! publishes; the public page shows the quote, the picture with its credit and the embed's
//! placeholder, and loads nothing from another site until the reader asks. Screenshots at
//! laptop and phone widths land in `target/browser-artifacts/`.

use crate::common;

use common::browser::{
    assert_nothing_ran, click, fill, hooked_browser, person, serve, shot, sign_in, start_driver,
    submit, text, wait_for_text,
};
use common::rich::{answer, js, paste, tool, type_in};
use common::{TestApp, fixture};
use fantoccini::{Client, Locator, key::Key};
use newsdesk_core::Role;
use newsdesk_store::Backend;
use std::time::{Duration, Instant};

/// Waits until `css` on the page says `want` (after a form sent by a key, say).
async fn wait_until(client: &Client, css: &str, want: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let now = common::browser::text_or_empty(client, css).await;
        if now.contains(want) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{css} never said {want:?}: {now:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a browser: apt-get install chromium chromium-driver, then run with -- --include-ignored"]
async fn a_reporter_who_types_no_markdown_files_a_story_an_editor_publishes_it() {
    let (_driver, driver_port) = start_driver().await;
    let t = TestApp::start(Backend::Sqlite).await;
    // The one section, so the editor's section field starts on it.
    fixture::section(&t.store, "news", "News", 0).await;
    let photo = fixture::photo(
        &t.store,
        &t.media,
        9,
        "The lifeboat alongside the ferry",
        "The lifeboat reached the ferry at dawn.",
        "Coast Agency",
    )
    .await;
    // Other pictures, so that the search has something to leave out.
    for seed in 1..4 {
        fixture::photo(&t.store, &t.media, seed, "A street", "Market day", "Staff").await;
    }
    for (email, name, role) in [
        ("rania@example.com", "Rania Haddad", Role::Contributor),
        ("ed@example.com", "Ed Stone", Role::Editor),
    ] {
        person(&t, email, name, role).await;
    }
    t.catch_up().await;
    let base = serve(&t).await;

    // The reporter, in rich text (the desk's default for someone who never chose).
    let rania = hooked_browser(driver_port).await;
    sign_in(&rania, &base, "rania@example.com").await;
    js(&rania, "localStorage.removeItem('newsdesk:body-editor')").await;
    rania
        .goto(&format!("{base}/admin/stories/new"))
        .await
        .unwrap();
    fill(
        &rania,
        "#headline",
        "Lifeboat crew rescue 40 from a ferry adrift",
    )
    .await;
    fill(
        &rania,
        "#standfirst",
        "The ferry lost power in a storm off the headland.",
    )
    .await;
    click(&rania, ".desk-rich-body").await;
    // One way to add a picture in rich text: the toolbar's (the Markdown field's button hides).
    assert!(
        !rania
            .find(Locator::Css(".insert-picture"))
            .await
            .unwrap()
            .is_displayed()
            .await
            .unwrap()
    );
    let enter = String::from(char::from(Key::Enter));
    type_in(&rania, "The crew reached the ferry ").await;
    tool(&rania, "bold").await;
    type_in(&rania, "before dawn").await;
    tool(&rania, "bold").await;
    type_in(&rania, &format!(".{enter}")).await;
    tool(&rania, "h2").await;
    type_in(&rania, &format!("A long night{enter}Read the ")).await;
    tool(&rania, "link").await;
    answer(
        &rania,
        &[
            ("href", "https://example.com/coastguard"),
            ("text", "coastguard's statement"),
        ],
    )
    .await;
    type_in(&rania, &format!(".{enter}")).await;
    tool(&rania, "quote").await;
    type_in(
        &rania,
        &format!("\"The crew were magnificent,\" said one passenger.{enter}{enter}"),
    )
    .await;
    // A picture found by searching the library, in the picker the toolbar opens.
    tool(&rania, "picture").await;
    fill(
        &rania,
        "dialog.picture-picker input[type=search]",
        "lifeboat",
    )
    .await;
    click(&rania, ".picker-search button[type=submit]").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let items = rania.find_all(Locator::Css(".picker-item")).await.unwrap();
        if items.len() == 1 && items[0].text().await.unwrap().contains("Coast Agency") {
            items[0].click().await.unwrap();
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the search never found only the lifeboat"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    type_in(&rania, &format!("The ferry was towed into port.{enter}")).await;
    paste(&rania, "https://www.youtube.com/watch?v=dQw4w9WgXcQ").await;
    let body = common::browser::field_value(&rania, "#body").await;
    for part in [
        "**before dawn**",
        "## A long night",
        "[coastguard's statement](https://example.com/coastguard)",
        "> \"The crew were magnificent,\"",
        "Coast Agency\")",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    ] {
        assert!(body.contains(part), "{part:?} not in the Markdown:\n{body}");
    }
    shot(&rania, "day-0-reporter-writes").await;
    // Ctrl+S saves; the story gets its address.
    let keys = format!("{}s{}", char::from(Key::Control), char::from(Key::Null));
    type_in(&rania, &keys).await;
    wait_until(&rania, ".story-state", "Saved").await;
    // Ctrl+S is the desk's script sending the story's form: the one navigation a script
    // may start here, and the only thing the hooks may have seen so far.
    let runs = common::browser::take_runs(&rania).await;
    assert!(
        runs.len() == 1
            && runs[0].starts_with("navigation: push to ")
            && runs[0].contains("/admin/stories/new"),
        "{runs:?}"
    );
    let edit_url = rania.current_url().await.unwrap();
    assert!(
        edit_url.path().starts_with("/admin/stories/") && edit_url.path() != "/admin/stories/new",
        "{edit_url}"
    );
    let id: i64 = edit_url.path().rsplit('/').next().unwrap().parse().unwrap();
    // Submitted with the keyboard: the primary button, and Enter.
    rania
        .find(Locator::Css(
            ".editor-actions button.button-primary[value=submit]",
        ))
        .await
        .expect("Submit for review is the reporter's primary action")
        .send_keys(&enter)
        .await
        .unwrap();
    wait_until(&rania, ".story-state .state", "In review").await;
    assert_nothing_ran(&rania, "the reporter's desk").await;
    let story = t.store.article(id).await.unwrap().unwrap();
    assert_eq!(story.state, newsdesk_core::State::InReview);
    assert!(story.body_markdown.contains("**before dawn**"));

    // The editor: the story is in review, and the reporter is still in it.
    let ed = hooked_browser(driver_port).await;
    sign_in(&ed, &base, "ed@example.com").await;
    js(&ed, "localStorage.removeItem('newsdesk:body-editor')").await;
    ed.goto(&format!("{base}/admin/?view=review"))
        .await
        .unwrap();
    let row = text(&ed, ".desk-stories tbody tr").await;
    assert!(row.contains("Lifeboat crew rescue 40"), "{row}");
    assert!(row.contains("In review"), "{row}");
    assert!(row.contains("Rania Haddad is editing"), "{row}");
    shot(&ed, "day-1-editor-list").await;
    ed.goto(&format!("{base}/admin/stories/{id}"))
        .await
        .unwrap();
    assert!(
        text(&ed, ".desk-presence")
            .await
            .contains("Rania Haddad is editing this story")
    );
    // The story written in rich text opens in rich text for the editor too.
    let shown = js(
        &ed,
        "const box = document.querySelector('.rich-editor');
         return [box && !box.hidden, (document.querySelector('.rich-note') || {}).textContent || ''];",
    )
    .await;
    assert_eq!(shown[0], serde_json::json!(true), "{shown}");
    shot(&ed, "day-2-editor-sees-the-reporter").await;
    submit(&ed, "button[value=publish]").await;
    wait_until(&ed, ".story-state .state", "Published").await;
    let (width, height) = ed.get_window_size().await.unwrap();
    ed.set_window_size(390, 844).await.unwrap();
    shot(&ed, "day-3-editor-phone").await;
    ed.set_window_size(width as u32, height as u32)
        .await
        .unwrap();

    // The reader: the quote, the picture with its credit, the embed's placeholder, and
    // nothing from another site until "Load" is pressed.
    let published = t.store.article(id).await.unwrap().unwrap();
    let url = format!("{base}/news/{}", published.slug.as_str());
    let reader = hooked_browser(driver_port).await;
    wait_for_text(&reader, &url, "main article h1", "Lifeboat crew rescue 40").await;
    assert!(
        text(&reader, ".body blockquote")
            .await
            .contains("The crew were magnificent")
    );
    let picture = text(&reader, ".body figure.inline-picture").await;
    // (The theme sets credits in capitals; the words are the reporter's.)
    assert!(
        picture.contains("The lifeboat reached the ferry at dawn."),
        "{picture}"
    );
    assert!(
        text(&reader, ".body figure.inline-picture .credit")
            .await
            .eq_ignore_ascii_case("Coast Agency")
    );
    assert!(
        reader
            .find(Locator::Css(&format!(
                ".body figure.inline-picture img[src^='/media/'][alt='{}']",
                photo.alt
            )))
            .await
            .is_ok()
    );
    assert!(
        text(&reader, ".body figure.embed")
            .await
            .contains("YouTube")
    );
    let elsewhere = js(
        &reader,
        "return performance.getEntriesByType('resource').map((e) => e.name)
           .filter((u) => !u.startsWith(location.origin))",
    )
    .await;
    assert_eq!(elsewhere, serde_json::json!([]), "loaded from elsewhere");
    assert!(reader.find(Locator::Css("iframe")).await.is_err());
    assert_nothing_ran(&reader, "the article").await;
    shot(&reader, "day-4-reader").await;
    reader.set_window_size(390, 844).await.unwrap();
    shot(&reader, "day-5-reader-phone").await;
    click(&reader, ".body figure.embed .embed-load").await;
    assert!(
        reader
            .find(Locator::Css(
                ".body figure.embed iframe[src^='https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ']"
            ))
            .await
            .is_ok(),
        "the player is put in only when asked"
    );
}
