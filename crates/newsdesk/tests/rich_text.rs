//! The desk's rich-text editor stores exactly what the Markdown field would: for a corpus
//! of real-shaped bodies, the Markdown the shipped editor (`/static/desk-editor.js`, run
//! with Node by `theme/editor/test/roundtrip.mjs`) writes back for a body renders, through
//! the server's one renderer, to the same HTML as the body itself. A body the editor
//! refuses stays in Markdown mode untouched, so refusing is always safe; accepting is what
//! is checked.
//!
//! The corpus: the demo newsroom's generated stories, the hand-written edge cases of
//! `theme/editor/test/corpus.md`, the Markdown cases of `render::markdown`'s own tests, the
//! WordPress fixtures' bodies as the importer converts them, and every string of the OWASP
//! XSS cheat sheet and the Big List of Naughty Strings typed as a body.

use crate::common;

use common::browser::{
    assert_nothing_ran, click, field_value, fill, hooked_browser, person, serve, shot, sign_in,
    start_driver, submit,
};
use common::rich::{answer, js, paste, tool, type_in};
use common::{TestApp, fixture};
use fantoccini::{Locator, key::Key};
use newsdesk_core::Role;
use newsdesk_import::body;
use newsdesk_import::wxr::{Entry, WxrReader};
use newsdesk_render::markdown::to_safe_html;
use newsdesk_store::Backend;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

const EDITOR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../render/theme/editor");
const CORPUS: &str = include_str!("../../render/theme/editor/test/corpus.md");

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// Must open in rich text.
    Rich,
    /// Must be refused (kept in Markdown).
    Markdown,
    /// Either; when accepted, it must render the same.
    Either,
}

struct Body {
    name: String,
    markdown: String,
    expect: Expect,
}

fn body(name: impl Into<String>, markdown: impl Into<String>, expect: Expect) -> Body {
    Body {
        name: name.into(),
        markdown: markdown.into(),
        expect,
    }
}

/// `corpus.md`: sections opened by `=== name`, `(markdown)` after the name for a refusal.
fn hand_written() -> Vec<Body> {
    let mut out: Vec<Body> = Vec::new();
    for line in CORPUS.split('\n') {
        if let Some(head) = line.strip_prefix("=== ").filter(|h| !h.is_empty()) {
            let (name, expect) = match head.strip_suffix(" (markdown)") {
                Some(name) => (name, Expect::Markdown),
                None => (head, Expect::Rich),
            };
            out.push(body(format!("corpus: {name}"), "", expect));
        } else if let Some(last) = out.last_mut() {
            last.markdown.push_str(line);
            last.markdown.push('\n');
        }
    }
    for b in &mut out {
        b.markdown = b.markdown.trim_end_matches('\n').to_owned();
    }
    assert!(out.len() >= 20, "corpus.md has {} bodies", out.len());
    out
}

fn demo_stories() -> Vec<Body> {
    let mut out = Vec::new();
    for seed in 0..4u64 {
        let mut rng = fastrand::Rng::with_seed(seed);
        for section in newsdesk_demo::prose::sections() {
            for i in 0..3 {
                let story = newsdesk_demo::prose::story(&mut rng, section);
                out.push(body(
                    format!("demo {seed}/{}/{i}: {}", section.slug, story.headline),
                    story.body_markdown,
                    Expect::Rich,
                ));
            }
        }
    }
    out
}

/// The Markdown of `render::markdown`'s own tests.
fn renderer_cases() -> Vec<Body> {
    [
        (
            "Para one.\n\n## Subhead\n\n> \"Quote,\" she said.\n\nPara *two*.",
            Expect::Rich,
        ),
        ("<aside class=\"pullquote evil\">Words</aside>", Expect::Markdown),
        (
            "<a href=java&#1&#2&#3&#11&#12script:javascript:alert(1)>XXX</a> <img src=\"x\u{7}y\">",
            Expect::Markdown,
        ),
        (
            "<script>alert(1)</script><img src=x onerror=alert(1)>\n\n\
             [x](javascript:alert(1)) <a href=\"vbscript:x\">v</a> <a href=\"data:text/html,x\">d</a>",
            Expect::Markdown,
        ),
        ("[x](javascript:alert(1)) and [y](data:text/html,x)", Expect::Rich),
        ("[site](https://example.com)", Expect::Rich),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (md, expect))| body(format!("render test {i}"), md, expect))
    .collect()
}

fn wordpress_bodies() -> Vec<Body> {
    let mut out = Vec::new();
    let none: HashMap<String, String> = HashMap::new();
    for file in [
        "wordpress-theme-preview.xml",
        "wordpress-block-test-data.xml",
    ] {
        let path = format!("{}/tests/data/wxr/{file}", env!("CARGO_MANIFEST_DIR"));
        let input = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut reader = WxrReader::new(std::io::BufReader::new(input));
        while let Some(entry) = reader.next_entry().expect("the fixture reads") {
            if let Entry::Item(item) = entry
                && matches!(item.post_type.as_str(), "post" | "page")
                && !item.content.trim().is_empty()
            {
                out.push(body(
                    format!("{file}: {}", item.title),
                    body::convert(&item.content, &none),
                    Expect::Either,
                ));
            }
        }
    }
    assert!(out.len() > 50, "only {} WordPress bodies", out.len());
    out
}

fn hostile_strings() -> Vec<Body> {
    let mut out = Vec::new();
    for file in ["xss-owasp.json", "blns.json"] {
        let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let strings: Vec<String> = serde_json::from_str(&text).expect("a list of strings");
        for (i, s) in strings.into_iter().enumerate() {
            out.push(body(format!("{file}#{i}"), s, Expect::Either));
        }
    }
    out
}

/// Runs the editor over `bodies`: for each, whether it opens as rich text, the Markdown it
/// writes back, and whether that Markdown is stable (md' → doc → md'' gives md' again).
fn through_the_editor(bodies: &[Body]) -> Vec<Value> {
    let input: Vec<Value> = bodies
        .iter()
        .map(|b| json!({ "name": b.name, "markdown": b.markdown }))
        .collect();
    let mut child = Command::new("node")
        .arg(format!("{EDITOR}/test/roundtrip.mjs"))
        .arg("--json")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("this test needs Node (`node` on the PATH): {e}"));
    let mut stdin = child.stdin.take().expect("piped");
    let payload = serde_json::to_vec(&input).expect("json");
    let writer = std::thread::spawn(move || stdin.write_all(&payload));
    let output = child.wait_with_output().expect("node ran");
    writer.join().expect("writer").expect("written");
    assert!(
        output.status.success(),
        "roundtrip.mjs failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "roundtrip.mjs printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    assert_eq!(results.len(), bodies.len());
    results
}

/// HTML with runs of ASCII whitespace as one space and none between tags, except inside
/// `<pre>`, where every space counts.
fn normalized(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while !rest.is_empty() {
        let (outside, pre) = match rest.find("<pre") {
            Some(at) => {
                let end = rest[at..].find("</pre>").map_or(rest.len(), |e| at + e + 6);
                (&rest[..at], &rest[at..end])
            }
            None => (rest, ""),
        };
        let collapsed = outside
            .split(|c: char| c.is_ascii_whitespace())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&collapsed.replace("> <", "><"));
        out.push_str(pre);
        rest = &rest[outside.len() + pre.len()..];
    }
    out.trim().to_owned()
}

#[test]
#[ignore = "needs Node (`node` on the PATH); run with -- --include-ignored"]
fn what_the_rich_editor_writes_renders_as_the_markdown_it_was_given() {
    let mut bodies = hand_written();
    bodies.extend(demo_stories());
    bodies.extend(renderer_cases());
    bodies.extend(wordpress_bodies());
    bodies.extend(hostile_strings());
    let results = through_the_editor(&bodies);
    let mut failures = Vec::new();
    let mut accepted = 0;
    for (b, r) in bodies.iter().zip(&results) {
        let ok = r["ok"].as_bool() == Some(true);
        match (b.expect, ok) {
            (Expect::Rich, false) => failures.push(format!(
                "{}: refused ({}), but it must open in rich text",
                b.name, r["reasons"]
            )),
            (Expect::Markdown, true) => failures.push(format!(
                "{}: opened in rich text, but it must stay in Markdown",
                b.name
            )),
            _ => {}
        }
        if !ok {
            continue;
        }
        accepted += 1;
        let written = r["markdown"].as_str().expect("markdown");
        if r["stable"].as_bool() != Some(true) {
            failures.push(format!(
                "{}: not stable: a second trip changes {written:?}",
                b.name
            ));
        }
        let before = normalized(&to_safe_html(&b.markdown));
        let after = normalized(&to_safe_html(written));
        if before != after {
            failures.push(format!(
                "{}: renders differently\n  given:   {:?}\n  written: {:?}\n  html given:   {before}\n  html written: {after}",
                b.name, b.markdown, written
            ));
        }
    }
    eprintln!(
        "{} bodies: {accepted} open in rich text, {} stay in Markdown",
        bodies.len(),
        bodies.len() - accepted
    );
    assert!(
        failures.is_empty(),
        "{} of {} bodies:\n{}",
        failures.len(),
        bodies.len(),
        failures.join("\n")
    );
}

#[test]
fn insignificant_whitespace_only_is_normalized() {
    assert_eq!(
        normalized("<p>a\nb</p>\n<ul>\n<li>x</li>\n</ul>"),
        "<p>a b</p><ul><li>x</li></ul>"
    );
    assert_eq!(
        normalized("<p>a</p>\n<pre><code>x\n  y\n</code></pre>\n<p>b  c</p>"),
        "<p>a</p><pre><code>x\n  y\n</code></pre><p>b c</p>"
    );
    assert_ne!(normalized("<p>ab</p>"), normalized("<p>a b</p>"));
}

// ---------------------------------------------------------------------------------------
// In a real browser: a reporter who types no Markdown.

const WRITTEN: &str = "The ferry lost power **after midnight**.

## A long night

Passengers thanked [the coastguard](https://example.com/coastguard) at dawn.

> \"The crew were magnificent,\" said one passenger.

### Rescued

![Passengers on the quay](/media/quay.jpg \"Passengers come ashore | Ledger staff\")

The operator said it would review the night.

https://www.youtube.com/watch?v=dQw4w9WgXcQ";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a browser: apt-get install chromium chromium-driver, then run with -- --include-ignored"]
async fn a_reporter_who_types_no_markdown_writes_a_story_with_the_toolbar() {
    let (_driver, driver_port) = start_driver().await;
    let t = TestApp::start(Backend::Sqlite).await;
    fixture::section(&t.store, "news", "News", 0).await;
    person(&t, "reporter@example.com", "Reporter", Role::Contributor).await;
    t.catch_up().await;
    let base = serve(&t).await;
    let c = hooked_browser(driver_port).await;
    sign_in(&c, &base, "reporter@example.com").await;
    // Someone who has never chosen gets rich text.
    js(&c, "localStorage.removeItem('newsdesk:body-editor')").await;
    c.goto(&format!("{base}/admin/stories/new")).await.unwrap();
    assert_eq!(
        js(&c, "return [document.querySelector('textarea#body').hidden, document.querySelector('.rich-editor').hidden]").await,
        serde_json::json!([true, false]),
        "the Markdown field is hidden and the rich editor shown"
    );
    fill(
        &c,
        "#headline",
        "Ferry passengers rescued after a night at sea",
    )
    .await;
    c.find(Locator::Css(".desk-rich-body"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let enter = String::from(char::from(Key::Enter));

    // Bold from the toolbar, on and off again.
    type_in(&c, "The ferry lost power ").await;
    tool(&c, "bold").await;
    assert_eq!(
        js(
            &c,
            "return document.querySelector('[data-tool=bold]').getAttribute('aria-pressed')"
        )
        .await,
        "true"
    );
    type_in(&c, "after midnight").await;
    tool(&c, "bold").await;
    type_in(&c, &format!(".{enter}")).await;
    // A subhead from the toolbar.
    tool(&c, "h2").await;
    type_in(&c, &format!("A long night{enter}Passengers thanked ")).await;
    // A link from its dialog, with the words to show.
    tool(&c, "link").await;
    answer(
        &c,
        &[("href", "javascript:alert(1)"), ("text", "the coastguard")],
    )
    .await;
    let refusal = common::browser::text(&c, "dialog.rich-dialog .rich-dialog-error").await;
    assert!(refusal.contains("not to “javascript:”"), "{refusal}");
    answer(&c, &[("href", "example.com/coastguard")]).await;
    type_in(&c, &format!(" at dawn.{enter}")).await;
    // A quote from the toolbar; Enter on its empty last line leaves it.
    tool(&c, "quote").await;
    type_in(
        &c,
        &format!("\"The crew were magnificent,\" said one passenger.{enter}{enter}"),
    )
    .await;
    // A smaller subhead the Markdown way, for those who know it.
    type_in(&c, &format!("### Rescued{enter}")).await;
    // A picture by its address and words: the fallback the toolbar uses where the desk's
    // library picker is absent (taken away here; tests/pictures.rs drives the picker).
    js(&c, "delete window.newsdeskPickPicture").await;
    tool(&c, "picture").await;
    answer(
        &c,
        &[
            ("src", "/media/quay.jpg"),
            ("alt", "Passengers on the quay"),
            ("caption", "Passengers come ashore"),
            ("credit", "Ledger staff"),
        ],
    )
    .await;
    type_in(
        &c,
        &format!("The operator said it would review the night.{enter}"),
    )
    .await;
    // A YouTube address pasted alone on the empty line becomes an embed.
    paste(&c, "https://www.youtube.com/watch?v=dQw4w9WgXcQ").await;
    assert_eq!(
        common::browser::text(&c, ".desk-rich-body .desk-embed-provider").await,
        "YouTube embed"
    );
    assert_eq!(field_value(&c, "#body").await, WRITTEN);
    shot(&c, "rich-text-0-written").await;

    // Saved: the story holds exactly that Markdown.
    submit(&c, "button[value=save]").await;
    let at = c.current_url().await.unwrap();
    let id: i64 = at
        .path()
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("saved, at {at}"));
    let story = t.store.article(id).await.unwrap().expect("saved");
    // A form sends a textarea's line breaks as CR LF, as it does for the Markdown field.
    assert_eq!(story.body_markdown.replace("\r\n", "\n"), WRITTEN);

    // Back in the editor, in rich text again; the Markdown switch shows the same text.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        js(&c, "return document.querySelectorAll('.desk-rich-body .desk-picture img, .desk-rich-body .desk-embed, .desk-rich-body h2, .desk-rich-body h3, .desk-rich-body blockquote, .desk-rich-body a[href=\"https://example.com/coastguard\"]').length").await,
        6
    );
    click(&c, ".rich-switch button:nth-child(2)").await;
    assert_eq!(
        js(&c, "return [document.querySelector('textarea#body').hidden, localStorage.getItem('newsdesk:body-editor')]").await,
        serde_json::json!([false, "markdown"])
    );
    assert_eq!(
        field_value(&c, "#body").await.replace("\r\n", "\n"),
        WRITTEN
    );
    // Markdown typed in Markdown mode reads as rich text.
    fill(&c, "#body", "Typed *in* Markdown.\n\n- one\n- two").await;
    click(&c, ".rich-switch button:nth-child(1)").await;
    assert_eq!(
        js(
            &c,
            "return document.querySelector('.desk-rich-body').innerHTML"
        )
        .await,
        "<p>Typed <em>in</em> Markdown.</p><ul><li><p>one</p></li><li><p>two</p></li></ul>"
    );
    assert_nothing_ran(&c, "writing in rich text").await;

    // A body rich text cannot show stays in Markdown, saying why.
    fill(&c, "#headline", "A table").await;
    js(
        &c,
        "const f = document.querySelector('#body');
         f.value = '| Year | Level |\\n| --- | --- |\\n| 2000 | 5.3 m |';
         f.dispatchEvent(new Event('input', { bubbles: true }));",
    )
    .await;
    let note = common::browser::text(&c, ".rich-note").await;
    assert!(
        note.contains("a table") && note.contains("stays in Markdown"),
        "{note}"
    );
    assert_eq!(
        js(&c, "return [document.querySelector('textarea#body').hidden, document.querySelector('.rich-switch button').getAttribute('aria-disabled')]").await,
        serde_json::json!([false, "true"])
    );
    shot(&c, "rich-text-1-kept-in-markdown").await;
    assert_nothing_ran(&c, "a body kept in Markdown").await;
    c.close().await.unwrap();
    t.finish().await;
}

// ---------------------------------------------------------------------------------------
// Served: compressed when the browser takes it so, and loaded by the two body editors only.

async fn the_editor_is_served_compressed_to_the_body_editors_only(t: TestApp) {
    let plain = t.get("/static/desk-editor.js").await;
    assert_eq!(plain.status, 200);
    assert_eq!(
        plain.header("content-type"),
        "text/javascript; charset=utf-8"
    );
    assert_eq!(plain.text(), newsdesk_render::DESK_EDITOR_JS);
    let gzip = t
        .get_with("/static/desk-editor.js", &[("accept-encoding", "gzip")])
        .await;
    assert_eq!(gzip.header("content-encoding"), "gzip");
    assert_eq!(gzip.header("vary"), "Accept-Encoding");
    assert!(
        gzip.body.len() * 2 < plain.body.len(),
        "{}",
        gzip.body.len()
    );
    let mut unpacked = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&gzip.body[..]),
        &mut unpacked,
    )
    .unwrap();
    assert_eq!(unpacked, newsdesk_render::DESK_EDITOR_JS);

    let admin = common::desk::sign_in(&t, "admin@example.com", Role::Admin).await;
    let tag = r#"<script src="/static/desk-editor.js" defer></script>"#;
    for (path, loads) in [
        ("/admin/stories/new", true),
        ("/admin/pages/new", true),
        ("/admin/", false),
        ("/admin/media", false),
    ] {
        let page = t.get_with(path, &[("cookie", &admin.cookie)]).await;
        assert_eq!(page.status, 200, "{path}");
        assert_eq!(page.text().contains(tag), loads, "{path}");
    }
    assert!(!t.get("/").await.text().contains("desk-editor"));
}

db_tests!(the_editor_is_served_compressed_to_the_body_editors_only);
