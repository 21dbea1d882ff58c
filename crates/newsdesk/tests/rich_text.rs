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

use newsdesk_import::body;
use newsdesk_import::wxr::{Entry, WxrReader};
use newsdesk_render::markdown::to_safe_html;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};

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
        let path = format!(
            "{}/tests/data/wxr/{file}",
            env!("CARGO_MANIFEST_DIR")
        );
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
