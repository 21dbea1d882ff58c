//! Hostile content in a real browser. Every string of the OWASP XSS cheat sheet
//! (`tests/data/xss-owasp.json`) and of the Big List of Naughty Strings
//! (`tests/data/blns.json`) goes into the newsroom through its doors — the Admin API, the
//! desk's forms typed in the browser, a WordPress import run with `newsdesk import wxr` —
//! into every text field a reader or an editor sees; then headless Chromium opens every
//! page that shows it, public and desk, and the feeds as a browser shows them and as a feed
//! reader puts them in its own page. Nothing may run.
//!
//! What "run" means, and how it is seen (`common::browser`): before any page script, in
//! every document and frame, DevTools' `Page.addScriptToEvaluateOnNewDocument` installs
//! hooks recording `alert`/`confirm`/`prompt`/`print`, `window.open`, `fetch`,
//! `XMLHttpRequest`, `sendBeacon`, `WebSocket`, `EventSource`, any navigation nobody
//! clicked, any uncaught script error and any Content-Security-Policy violation. After
//! each page has loaded (and the desk's own script has drawn its live preview), the page
//! as the browser built it is audited for what would run on a click, a hover or a focus:
//! `on*=` handlers, `javascript:`-like addresses, scripts that are not the site's, frames,
//! plugins, `<base>`, `<meta http-equiv>`. Each test first proves its hooks and audit see a
//! planted payload, so a silent hook cannot pass the test.
//!
//! Pages are opened many at a time, each in a frame of one tab on the site (a frame is a
//! full page to the browser: its own document, scripts, hooks and policy); the sign-in
//! and the desk forms are used at the top level, as a person does.

use crate::common;

use common::TestApp;
use common::api::V1;
use common::browser::{
    DOM_AUDIT, audit_page, fill, hooked_browser, serve, sign_in, start_driver, submit, take_runs,
};
use fantoccini::Client;
use newsdesk_core::{Role, Scope, Scopes};
use newsdesk_newsroom::Actor;
use newsdesk_store::Backend;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// The longest name a section, topic or author may have: strings are packed into names
/// (and standalone pages' titles) up to this length, so that a few hundred pages show
/// them all; the body and the corrections hold each string alone.
const NAME_CHARS: usize = 200;
/// Name batches per story: a story's headline, standfirst, SEO words and picture words
/// carry the strings of this many names, and it is filed under their topics and bylines.
const NAMES_PER_STORY: usize = 4;
/// Every how-manyth section, topic, byline and standalone page the Admin API test opens
/// in its own desk form (all of them are on the desk's lists).
const DESK_ITEMS_EVERY: usize = 4;
/// Between two strings packed into one field.
const SEPARATOR: &str = " | ";

/// One hostile string and where it comes from (`owasp#3`, `blns#120`).
struct Hostile {
    label: String,
    text: String,
}

fn corpus() -> Vec<Hostile> {
    let mut all = Vec::new();
    for (name, file, at_least) in [("owasp", "xss-owasp.json", 100), ("blns", "blns.json", 400)] {
        let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let strings: Vec<String> = serde_json::from_str(&text).unwrap();
        assert!(strings.len() >= at_least, "{path}: {}", strings.len());
        all.extend(strings.into_iter().enumerate().map(|(i, text)| Hostile {
            label: format!("{name}#{i}"),
            text,
        }));
    }
    all
}

/// Strings packed into one field: `text` is `strings` joined by [`SEPARATOR`].
struct Batch {
    labels: Vec<String>,
    strings: Vec<String>,
    text: String,
}

impl Batch {
    fn of<'a>(items: impl IntoIterator<Item = &'a Hostile>) -> Batch {
        let (labels, strings): (Vec<String>, Vec<String>) = items
            .into_iter()
            .map(|h| (h.label.clone(), h.text.clone()))
            .unzip();
        let text = strings.join(SEPARATOR);
        Batch {
            labels,
            strings,
            text,
        }
    }
}

/// The corpus packed into names of at most [`NAME_CHARS`] characters, in order. A string
/// longer than that, or blank, is a batch of its own: it is what a name field must refuse
/// (or take) alone.
fn name_batches(corpus: &[Hostile]) -> Vec<Batch> {
    let mut batches = Vec::new();
    let mut current: Vec<&Hostile> = Vec::new();
    let len = |items: &[&Hostile]| {
        items.iter().map(|h| h.text.chars().count()).sum::<usize>()
            + SEPARATOR.len() * items.len().saturating_sub(1)
    };
    for h in corpus {
        let alone = h.text.trim().is_empty() || h.text.chars().count() > NAME_CHARS;
        let mut with = current.clone();
        with.push(h);
        if (alone || len(&with) > NAME_CHARS) && !current.is_empty() {
            batches.push(Batch::of(current.drain(..)));
        }
        if alone {
            batches.push(Batch::of([h]));
        } else {
            current.push(h);
        }
    }
    if !current.is_empty() {
        batches.push(Batch::of(current));
    }
    batches
}

/// A story body holding `s` everywhere Markdown can: as text, as raw HTML, as a link's
/// words and address, a quote, a picture's words and address, a table cell and code.
fn body_of(s: &str) -> String {
    format!(
        "{s}\n\n<div>{s}</div>\n\n[{s}]({s})\n\n> {s}\n\n![{s}]({s} \"{s}\")\n\n| {s} |\n|---|\n| {s} |\n\n`{s}`\n\n{s}"
    )
}

/// A tiny picture of its own (the library keeps one copy of the same pixels).
fn picture_bytes(i: usize) -> Vec<u8> {
    let img = image::RgbImage::from_fn(48, 32, |x, y| {
        image::Rgb([(i % 256) as u8, (i / 256) as u8, ((x * 5 + y) % 256) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// What a door made of the hostile strings, and what it refused (each refusal must be a
/// clear 4xx naming the field, never a 5xx): per field.
#[derive(Default)]
struct Tally {
    made: BTreeMap<String, usize>,
    refused: BTreeMap<String, Vec<String>>,
}

impl Tally {
    fn report(&self, door: &str) {
        eprintln!("{door}: made with a hostile string, per field:");
        for (field, n) in &self.made {
            let refused = self.refused.get(field).map_or(0, Vec::len);
            eprintln!("  {field}: {n} (refused with a clear 4xx: {refused})");
        }
        for (field, labels) in &self.refused {
            if !self.made.contains_key(field) {
                eprintln!("  {field}: 0 (refused: {})", labels.len());
            }
            eprintln!("    refused {field}: {}", labels.join(" "));
        }
    }
}

impl Tally {
    fn made(&mut self, field: &str, n: usize) {
        *self.made.entry(field.to_owned()).or_default() += n;
    }

    fn refused(&mut self, field: &str, labels: &[String]) {
        self.refused
            .entry(field.to_owned())
            .or_default()
            .extend(labels.iter().cloned());
    }
}

/// An Admin API call that must not fail on the server's side: `Ok(answer)` for 2xx,
/// `Err((field, code))` for a 4xx, which must be JSON with a code and a sentence.
async fn api(
    t: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    body: Value,
) -> Result<Value, (String, String)> {
    let res = common::api::call(t, method, path, token, Some(body)).await;
    api_answer(res, method, path)
}

fn api_answer(res: common::Response, method: &str, path: &str) -> Result<Value, (String, String)> {
    assert!(
        res.status.as_u16() < 500,
        "{method} {path}: {} {}",
        res.status,
        res.text()
    );
    let json = common::api::json_of(&res);
    if res.status.is_success() {
        return Ok(json);
    }
    let e = &json["errors"][0];
    assert!(
        e["message"].as_str().is_some_and(|m| m.len() > 10),
        "{method} {path}: a refusal says why: {json}"
    );
    Err((
        e["field"].as_str().unwrap_or("-").to_owned(),
        e["code"].as_str().unwrap_or("-").to_owned(),
    ))
}

/// Sends `body` as `{kind: body}` to `path`, its `hostile_fields` holding the strings of
/// `labels`; a field refused is noted and replaced by `plain(field)`, and the call tried
/// again. Returns the answer's object.
#[allow(clippy::too_many_arguments)]
async fn make(
    t: &TestApp,
    tally: &mut Tally,
    kind: &str,
    labels: &[String],
    method: &str,
    path: &str,
    token: &str,
    mut body: serde_json::Map<String, Value>,
    hostile_fields: &[&str],
    plain: impl Fn(&str) -> Value,
) -> Value {
    let mut replaced: Vec<String> = Vec::new();
    for _ in 0..8 {
        match api(t, method, path, token, json!({ kind: body.clone() })).await {
            Ok(answer) => {
                for f in hostile_fields {
                    if !replaced.iter().any(|r| r == f) {
                        tally.made(&format!("{kind}.{f}"), labels.len());
                    }
                }
                return answer[kind].clone();
            }
            Err((field, code)) => {
                assert!(
                    hostile_fields.contains(&field.as_str()) && !replaced.contains(&field),
                    "{method} {path} {labels:?}: refused for {field} ({code}), not a hostile field: {body:?}"
                );
                tally.refused(&format!("{kind}.{field}"), labels);
                body.insert(field.clone(), plain(&field));
                replaced.push(field);
            }
        }
    }
    panic!("{method} {path} {labels:?}: refused again and again");
}

/// An administrator who can sign in at the desk with `common::browser::PASSWORD`, and an
/// Admin API token of theirs with every scope.
async fn administrator(t: &TestApp, email: &str) -> String {
    let user = common::browser::person(t, email, "Hostile test administrator", Role::Admin).await;
    let actor = Actor::person(user.id, user.role, user.author_id);
    let (_, secret) = t
        .app
        .newsroom
        .make_token(&actor, user.id, "hostile", Scopes::from_iter(Scope::ALL))
        .await
        .unwrap();
    secret
}

/// A desk session cookie for `email` (signed in through the form, over the router).
async fn desk_cookie(t: &TestApp, email: &str) -> String {
    let res = t
        .post_form(
            "/admin/login",
            &[("email", email), ("password", common::browser::PASSWORD)],
            &[common::desk::SAME_SITE],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.text());
    res.header("set-cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// Asks the server for each page (as a browser would, with `cookie` for the desk): each
/// must answer 200 with the Content-Security-Policy, a page from the cache too.
async fn check_answers(t: &TestApp, pages: &[String], cookie: &str) {
    let policy = newsdesk_web::csp::DEFAULT_POLICY;
    for page in pages {
        let res = t.get_with(page, &[("cookie", cookie)]).await;
        assert_eq!(res.status, 200, "{page}: {}", res.text());
        assert_eq!(
            res.header("content-security-policy"),
            policy,
            "{page} carries the policy"
        );
    }
    // A public page asked twice comes from the page cache: a cached answer carries it too.
    if let Some(page) = pages.iter().rev().find(|p| p.starts_with("/h")) {
        t.get(page).await;
        let res = t.get(page).await;
        assert_eq!(res.header("x-cache"), "HIT", "{page}");
        assert_eq!(res.header("content-security-policy"), policy, "{page}");
    }
}

/// Opens every page of `paths` in `client`'s tab, `parallel` at a time, each in a frame of
/// a page of the site, waits `settle_ms` after it loaded (for late handlers, and the desk's
/// preview), audits it with [`DOM_AUDIT`] and checks it stayed where it was opened.
/// Returns every finding, with the page.
async fn open_all(
    client: &Client,
    base: &str,
    paths: &[String],
    parallel: usize,
    settle_ms: u64,
) -> Vec<String> {
    const HARNESS: &str = r#"
const [urls, parallel, settle, done] = arguments;
const found = [];
let next = 0, active = 0, finished = false;
const finish = () => { if (!finished) { finished = true; done(found); } };
const openOne = () => {
  if (next >= urls.length) { if (active === 0) finish(); return; }
  const url = new URL(urls[next++], location.href).href;
  active++;
  const frame = document.createElement("iframe");
  frame.setAttribute("data-hostile-harness", "");
  let seen = false;
  frame.addEventListener("load", () => {
    if (seen) { found.push(url + ": loaded a second document"); return; }
    seen = true;
    setTimeout(() => {
      try {
        const doc = frame.contentDocument;
        const here = frame.contentWindow.location.href;
        if (here !== url) found.push(url + ": ended at " + here);
        if (!doc || !doc.documentElement) found.push(url + ": no document");
        else found.push(...audit(doc, url));
      } catch (e) {
        found.push(url + ": could not be read: " + e);
      }
      frame.remove();
      active--;
      openOne();
    }, settle);
  });
  frame.src = url;
  document.body.appendChild(frame);
};
for (let k = 0; k < parallel; k++) openOne();
"#;
    client
        .goto(&format!("{base}/robots.txt"))
        .await
        .expect("the harness page");
    let script = format!("{DOM_AUDIT}\n{HARNESS}");
    let mut found = Vec::new();
    for chunk in paths.chunks(200) {
        let began = Instant::now();
        let urls: Vec<Value> = chunk.iter().map(|p| Value::from(p.as_str())).collect();
        let answer = client
            .execute_async(
                &script,
                vec![Value::from(urls), parallel.into(), settle_ms.into()],
            )
            .await
            .unwrap_or_else(|e| panic!("opening {} pages from {}: {e}", chunk.len(), chunk[0]));
        let mut findings: Vec<String> = serde_json::from_value(answer).unwrap_or_default();
        found.append(&mut findings);
        // The harness itself stayed put: nothing navigated the tab from a frame.
        let here = client.current_url().await.unwrap();
        assert_eq!(here.path(), "/robots.txt", "a page moved the whole tab");
        eprintln!(
            "  {} pages from {} in {:.1} s",
            chunk.len(),
            chunk[0],
            began.elapsed().as_secs_f64()
        );
    }
    found
}

/// Shows each feed as a feed reader does, in a page of another origin with no policy of
/// its own: titles and names as text, `description`/`content:encoded`, Atom `html`
/// content and JSON Feed's `content_html` as HTML. Returns the audit's findings.
async fn read_feeds(client: &Client, reader_url: &str, feeds: &[(String, String)]) -> Vec<String> {
    const READER: &str = r#"
const [feeds, done] = arguments;
const main = document.querySelector("main");
const text = (t) => { const p = document.createElement("p"); p.textContent = t || ""; main.appendChild(p); };
const html = (h) => { const d = document.createElement("div"); d.innerHTML = h || ""; main.appendChild(d); };
for (const [name, body] of feeds) {
  if (name.endsWith(".json")) {
    const feed = JSON.parse(body);
    text(feed.title); text(feed.description);
    for (const item of feed.items || []) {
      text(item.title); text(item.summary); text(item.content_text); html(item.content_html);
      for (const a of item.authors || []) text(a.name);
      for (const t of item.tags || []) text(t);
    }
    continue;
  }
  const doc = new DOMParser().parseFromString(body, "application/xml");
  const broken = doc.querySelector("parsererror");
  if (broken) { main.dataset.broken = (main.dataset.broken || "") + " " + name + ": " + broken.textContent.slice(0, 200); continue; }
  for (const el of doc.querySelectorAll("item, entry, channel > title, channel > description, feed > title, feed > subtitle")) {
    if (el.localName === "item") {
      for (const c of el.children) {
        if (c.localName === "description" || c.localName === "encoded") html(c.textContent);
        else text(c.textContent);
      }
    } else if (el.localName === "entry") {
      for (const c of el.children) {
        const type = c.getAttribute("type");
        if (type === "html") html(c.textContent);
        else if (type === "xhtml") html(new XMLSerializer().serializeToString(c));
        else text(c.textContent);
      }
    } else {
      text(el.textContent);
    }
  }
}
setTimeout(() => done(main.dataset.broken ? ["feeds that do not parse:" + main.dataset.broken] : audit(document, "reader")), 300);
"#;
    let script = format!("{DOM_AUDIT}\n{READER}");
    let mut found = Vec::new();
    for chunk in feeds.chunks(60) {
        client.goto(reader_url).await.unwrap();
        let list: Vec<Value> = chunk.iter().map(|(n, b)| json!([n, b])).collect();
        let answer = client
            .execute_async(&script, vec![Value::from(list)])
            .await
            .unwrap_or_else(|e| panic!("reading feeds: {e}"));
        let mut findings: Vec<String> = serde_json::from_value(answer).unwrap_or_default();
        found.append(&mut findings);
    }
    found
}

/// A page on another origin, with no policy: where [`read_feeds`] shows the feeds, and
/// where the hooks are proved to see a payload run.
async fn reader_origin() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/reader", listener.local_addr().unwrap());
    let reader = axum::Router::new().route(
        "/reader",
        axum::routing::get(|| async {
            axum::response::Html(
                "<!doctype html><html><head><meta charset=utf-8><title>A feed reader</title></head><body><main></main></body></html>",
            )
        }),
    );
    tokio::spawn(async move { axum::serve(listener, reader).await });
    url
}

/// The hooks and the audit see what they are for: a handler planted on a page without a
/// policy runs and is recorded; the same on the site is blocked by its policy, and the
/// violation is recorded; the audit finds a planted handler and a `javascript:` link.
async fn prove_the_hooks_see(client: &Client, base: &str, reader_url: &str) {
    const PLANT: &str = r#"const d = document.createElement("div");
        d.innerHTML = '<img src="/no-such-picture" onerror="alert(\'planted\')"><a href="javascript:void(0)">x</a>';
        document.body.appendChild(d);"#;
    client.goto(reader_url).await.unwrap();
    client.execute(PLANT, vec![]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let runs = take_runs(client).await;
    assert!(
        runs.iter().any(|r| r.starts_with("alert: planted")),
        "the hooks saw the planted alert: {runs:?}"
    );
    let found = audit_page(client).await;
    assert!(
        found.iter().any(|f| f.contains("handler onerror"))
            && found.iter().any(|f| f.contains("javascript: in href")),
        "the audit saw the planted handler and link: {found:?}"
    );
    client.goto(&format!("{base}/robots.txt")).await.unwrap();
    client.execute(PLANT, vec![]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let runs = take_runs(client).await;
    assert!(
        runs.iter().any(|r| r.starts_with("csp: script-src"))
            && !runs.iter().any(|r| r.starts_with("alert")),
        "the site's policy blocked the planted handler, and said so: {runs:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a browser: apt-get install chromium chromium-driver, then run with -- --include-ignored"]
async fn hostile_strings_through_the_admin_api_run_nothing_in_a_real_browser() {
    let started = Instant::now();
    let strings = corpus();
    let names = name_batches(&strings);
    let (_driver, driver_port) = start_driver().await;
    let settings = newsdesk_web::Settings {
        api_rate_limit: 0,
        // Every page stays in the cache once checked: the browser then waits on no render.
        cache_max_bytes: 1024 * 1024 * 1024,
        ..common::test_settings()
    };
    let t = TestApp::start_with(Backend::Sqlite, settings).await;
    let token = administrator(&t, "chief@example.com").await;
    let mut tally = Tally::default();
    site_words(&t, &token, &strings).await;

    // Sections, topics and bylines: one each per name batch, every word of theirs hostile.
    let mut public: Vec<String> = Vec::new();
    let mut desk: Vec<String> = Vec::new();
    let mut ids = Vec::new();
    for (n, batch) in names.iter().enumerate() {
        let s = Value::from(batch.text.as_str());
        let named = |what: &'static str| move |_: &str| Value::from(format!("{what} {n}"));
        let mut body = serde_json::Map::new();
        for f in ["name", "description", "seo_title", "seo_description"] {
            body.insert(f.into(), s.clone());
        }
        body.insert("slug".into(), format!("h{n}").into());
        let words = ["name", "description", "seo_title", "seo_description"];
        let section = make(
            &t,
            &mut tally,
            "section",
            &batch.labels,
            "POST",
            "/sections/",
            &token,
            body.clone(),
            &words,
            named("Section"),
        )
        .await;
        body.insert("slug".into(), format!("t{n}").into());
        let topic = make(
            &t,
            &mut tally,
            "topic",
            &batch.labels,
            "POST",
            "/topics/",
            &token,
            body,
            &words,
            named("Topic"),
        )
        .await;
        let mut body = serde_json::Map::new();
        for f in ["name", "bio", "job_title"] {
            body.insert(f.into(), s.clone());
        }
        body.insert("slug".into(), format!("a{n}").into());
        let author = make(
            &t,
            &mut tally,
            "author",
            &batch.labels,
            "POST",
            "/authors/",
            &token,
            body,
            &["name", "bio", "job_title"],
            named("Author"),
        )
        .await;
        // A standalone page: its title may be at most 300 characters, so one per name.
        let mut body = serde_json::Map::new();
        for f in ["title", "seo_title", "seo_description"] {
            body.insert(f.into(), s.clone());
        }
        let markdown: Vec<String> = batch.strings.iter().map(|x| body_of(x)).collect();
        body.insert("body_markdown".into(), markdown.join("\n\n").into());
        body.insert("slug".into(), format!("p{n}").into());
        body.insert("published".into(), true.into());
        let page = make(
            &t,
            &mut tally,
            "page",
            &batch.labels,
            "POST",
            "/pages/",
            &token,
            body,
            &["title", "seo_title", "seo_description", "body_markdown"],
            named("Page"),
        )
        .await;
        public.extend([
            format!("/h{n}/"),
            format!("/tag/t{n}"),
            format!("/author/a{n}"),
            format!("/p{n}"),
        ]);
        // Their desk pages: every one is listed, with its name, on the desk's lists; each
        // DESK_ITEMS_EVERY-th is opened on its own (the same four forms every time).
        if n % DESK_ITEMS_EVERY == 0 {
            desk.extend([
                format!("/admin/sections/{}", section["id"]),
                format!("/admin/topics/{}", topic["id"]),
                format!("/admin/authors/{}", author["id"]),
                format!("/admin/pages/{}", page["id"]),
            ]);
        }
        ids.push((
            section["id"].clone(),
            topic["id"].clone(),
            author["id"].clone(),
        ));
    }

    // Stories: one per few names, the strings of those names in every field (the body and
    // the corrections hold each string alone), under those names' topics and bylines.
    let mut editors: Vec<String> = Vec::new();
    for (k, group) in names.chunks(NAMES_PER_STORY).enumerate() {
        let batch = Batch::of(
            group
                .iter()
                .flat_map(|b| b.labels.iter().zip(&b.strings))
                .map(|(label, text)| Hostile {
                    label: label.clone(),
                    text: text.clone(),
                })
                .collect::<Vec<_>>()
                .iter(),
        );
        let s = Value::from(batch.text.as_str());
        let body_markdown: String = batch
            .strings
            .iter()
            .map(|x| body_of(x))
            .collect::<Vec<_>>()
            .join("\n\n");
        let named = |what: &'static str| move |_: &str| Value::from(format!("{what} {k}"));
        let picture = upload_picture(&t, &mut tally, &token, k, &batch).await;
        let first = k * NAMES_PER_STORY;
        let mine = &ids[first..first + group.len()];
        let mut body = serde_json::Map::new();
        for f in ["headline", "standfirst", "seo_title", "seo_description"] {
            body.insert(f.into(), s.clone());
        }
        body.insert("body_markdown".into(), body_markdown.into());
        body.insert("slug".into(), format!("story-{k}").into());
        body.insert("section_id".into(), mine[0].0.clone());
        body.insert("tag_ids".into(), mine.iter().map(|m| m.1.clone()).collect());
        body.insert(
            "author_ids".into(),
            mine.iter().map(|m| m.2.clone()).collect(),
        );
        body.insert("lead_media_id".into(), picture.into());
        body.insert("step".into(), "publish".into());
        let words = [
            "headline",
            "standfirst",
            "seo_title",
            "seo_description",
            "body_markdown",
        ];
        let story = make(
            &t,
            &mut tally,
            "story",
            &batch.labels,
            "POST",
            "/stories/",
            &token,
            body,
            &words,
            named("Story"),
        )
        .await;
        let id = story["id"].as_i64().unwrap();
        for (label, text) in batch.labels.iter().zip(&batch.strings) {
            let note = json!({"kind": "correction", "text": text});
            match api(
                &t,
                "POST",
                &format!("/stories/{id}/corrections/"),
                &token,
                note,
            )
            .await
            {
                Ok(_) => tally.made("correction.text", 1),
                Err((field, _)) => {
                    tally.refused(&format!("correction.{field}"), std::slice::from_ref(label))
                }
            }
        }
        let section_slug = format!("h{first}");
        public.extend([
            format!("/{section_slug}/story-{k}"),
            format!("/search?q={}", common::urlencode(&batch.text)),
        ]);
        tally.made("search.q", batch.labels.len());
        editors.push(format!("/admin/stories/{id}"));
        desk.extend([
            format!("/admin/media/{picture}"),
            format!("/admin/stories/{id}/revisions"),
        ]);
    }
    eprintln!(
        "{} strings in {} names and {} stories through the Admin API in {:.1} s",
        strings.len(),
        names.len(),
        editors.len(),
        started.elapsed().as_secs_f64()
    );
    tally.report("the Admin API");
    t.catch_up().await;
    public.extend([
        "/".to_owned(),
        "/search?q=alert".to_owned(),
        "/no-such-page".to_owned(),
    ]);
    let cookie = desk_cookie(&t, "chief@example.com").await;
    desk.extend(
        [
            "/admin/",
            "/admin/sections",
            "/admin/topics",
            "/admin/authors",
            "/admin/media",
            "/admin/pages",
            "/admin/audit",
            "/admin/settings",
            "/admin/stories/new",
        ]
        .map(String::from),
    );
    check_answers(&t, &public[..public.len() - 1], "").await;
    let sample: Vec<String> = desk.iter().chain(&editors).step_by(20).cloned().collect();
    check_answers(&t, &sample, &cookie).await;
    eprintln!(
        "answers checked at {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let base = serve(&t).await;
    let reader_url = reader_origin().await;
    let client = hooked_browser(driver_port).await;
    client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(300)),
            Some(Duration::from_secs(60)),
            None,
        ))
        .await
        .unwrap();
    prove_the_hooks_see(&client, &base, &reader_url).await;

    let mut found = open_all(&client, &base, &public, 8, 20).await;
    eprintln!(
        "{} public pages opened at {:.1} s",
        public.len(),
        started.elapsed().as_secs_f64()
    );
    found.extend(
        feeds_and_sitemaps(&t, &client, &base, &reader_url, names.len(), editors.len()).await,
    );
    sign_in(&client, &base, "chief@example.com").await;
    found.extend(open_all(&client, &base, &desk, 8, 20).await);
    // The editor draws the body's preview with the desk's script (300 ms after it opens,
    // from the server's own sanitizer): wait for it.
    found.extend(open_all(&client, &base, &editors, 8, 800).await);
    eprintln!(
        "{} desk pages and {} editors opened at {:.1} s",
        desk.len(),
        editors.len(),
        started.elapsed().as_secs_f64()
    );
    let runs = take_runs(&client).await;
    assert!(
        found.is_empty() && runs.is_empty(),
        "hostile content ran or could run:\n{}\n{}",
        found.join("\n"),
        runs.join("\n")
    );
    client.close().await.unwrap();
    eprintln!(
        "{} strings; {} public pages, {} desk pages, {} editors: nothing ran ({:.1} s)",
        strings.len(),
        public.len(),
        desk.len(),
        editors.len(),
        started.elapsed().as_secs_f64()
    );
}

/// The newsroom's own words, on every page: its name, tagline, description and footer
/// links hold hostile strings; addresses that would run script are refused, in words.
async fn site_words(t: &TestApp, token: &str, strings: &[Hostile]) {
    let pick = |needle: &str, max: usize| {
        strings
            .iter()
            .find(|h| h.text.contains(needle) && h.text.chars().count() <= max)
            .map(|h| h.text.clone())
            .unwrap_or_else(|| panic!("a string with {needle}"))
    };
    let footer: Vec<Value> = strings
        .iter()
        .filter(|h| h.label.starts_with("owasp"))
        .take(20)
        .map(|h| json!({"label": h.text, "url": "/search"}))
        .collect();
    let site = json!({"settings": {
        "name": pick("</title>", 120),
        "tagline": pick("<script>", 500),
        "description": pick("\"><", 500),
        "footer_links": footer,
    }});
    api(t, "PATCH", "/settings/", token, site)
        .await
        .expect("the site's words");
    for (method, path, body) in [
        (
            "PATCH",
            "/settings/",
            json!({"settings": {"footer_links": [{"label": "x", "url": "javascript:alert(1)"}]}}),
        ),
        (
            "PATCH",
            "/settings/",
            json!({"settings": {"social_profiles": ["javascript:alert(1)"]}}),
        ),
        (
            "POST",
            "/authors/",
            json!({"author": {"name": "Linked", "links": ["javascript:alert(1)"]}}),
        ),
    ] {
        assert!(
            api(t, method, path, token, body).await.is_err(),
            "{method} {path} refuses a javascript: address"
        );
    }
}

/// Uploads a picture whose alt text, caption, credit and copyright are the batch's text;
/// returns its id.
async fn upload_picture(
    t: &TestApp,
    tally: &mut Tally,
    token: &str,
    k: usize,
    batch: &Batch,
) -> i64 {
    let mut words: Vec<(&str, String)> = ["alt", "caption", "credit", "copyright"]
        .into_iter()
        .map(|f| (f, batch.text.clone()))
        .collect();
    for _ in 0..5 {
        let boundary = "----hostile-test-boundary-5c2e";
        let mut body = Vec::new();
        for (name, value) in &words {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p{k}.png\"\r\nContent-Type: image/png\r\n\r\n").as_bytes());
        body.extend(picture_bytes(k));
        body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = axum::http::Request::post(format!("{V1}/pictures/"))
            .header("authorization", format!("Bearer {token}"))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(axum::body::Body::from(body))
            .unwrap();
        match api_answer(t.send(request).await, "POST", "/pictures/") {
            Ok(answer) => {
                for (f, value) in &words {
                    if *value == batch.text {
                        tally.made(&format!("picture.{f}"), batch.labels.len());
                    }
                }
                return answer["picture"]["id"].as_i64().unwrap();
            }
            Err((field, code)) => {
                let at = words
                    .iter()
                    .position(|(f, _)| *f == field)
                    .unwrap_or_else(|| {
                        panic!(
                            "POST /pictures/ {:?}: refused for {field} ({code})",
                            batch.labels
                        )
                    });
                tally.refused(&format!("picture.{field}"), &batch.labels);
                words[at].1 = format!("Picture {k}");
            }
        }
    }
    panic!(
        "POST /pictures/ {:?}: refused again and again",
        batch.labels
    );
}

/// The feeds of the home page and of every section, topic and byline, in their three
/// kinds, read as a feed reader does; those of the home page and of the sections that
/// hold stories opened as a browser shows them, with the sitemaps.
async fn feeds_and_sitemaps(
    t: &TestApp,
    client: &Client,
    base: &str,
    reader_url: &str,
    names: usize,
    stories: usize,
) -> Vec<String> {
    let prefixes: Vec<String> = std::iter::once(String::new())
        .chain((0..names).flat_map(|n| {
            [
                format!("/h{n}"),
                format!("/tag/t{n}"),
                format!("/author/a{n}"),
            ]
        }))
        .collect();
    let mut bodies = Vec::new();
    for prefix in &prefixes {
        for kind in ["feed.xml", "atom.xml", "feed.json"] {
            let feed = format!("{prefix}/{kind}");
            let res = t.get(&feed).await;
            assert_eq!(res.status, 200, "{feed}");
            let policy = if kind.ends_with(".xml") {
                newsdesk_web::csp::XML_POLICY
            } else {
                newsdesk_web::csp::DEFAULT_POLICY
            };
            assert_eq!(res.header("content-security-policy"), policy, "{feed}");
            bodies.push((feed, res.text()));
        }
    }
    let mut found = read_feeds(client, reader_url, &bodies).await;
    let mut shown: Vec<String> = vec![
        "/feed.xml".into(),
        "/atom.xml".into(),
        "/feed.json".into(),
        "/api/content/v1/posts/".into(),
        "/sitemap.xml".into(),
        "/sitemaps/pages.xml".into(),
        "/sitemaps/news.xml".into(),
    ];
    for k in 0..stories {
        let section = k * NAMES_PER_STORY;
        shown.extend([
            format!("/h{section}/feed.xml"),
            format!("/h{section}/atom.xml"),
        ]);
    }
    found.extend(open_all(client, base, &shown, 8, 20).await);
    // As a person opens them: the browser's XML viewer draws its tree under the policy.
    for page in [
        "/feed.xml",
        "/atom.xml",
        "/sitemap.xml",
        "/sitemaps/news.xml",
    ] {
        client.goto(&format!("{base}{page}")).await.unwrap();
        tokio::time::sleep(Duration::from_millis(400)).await;
        common::browser::shot(client, &format!("hostile{}", page.replace('/', "-"))).await;
    }
    eprintln!(
        "{} feeds read, {} feeds and sitemaps opened",
        bodies.len(),
        shown.len()
    );
    found
}

/// Every how-manyth string of the corpus the desk test types into the editor's form.
const DESK_SAMPLE_EVERY: usize = 12;

/// A value into a field of the open page, as typing it would leave it: the field's value,
/// then the `input` event the desk's script listens to (autosave, the live preview, topic
/// suggestions). ChromeDriver cannot type characters outside the Basic Multilingual Plane
/// (the corpus's emoji), so every value is set this way, and sent by the form's own button.
async fn put(client: &Client, css: &str, value: &str) {
    client
        .execute(
            "const f = document.querySelector(arguments[0]); f.value = arguments[1];
             f.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![css.into(), value.into()],
        )
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a browser: apt-get install chromium chromium-driver, then run with -- --include-ignored"]
async fn hostile_strings_typed_into_the_desk_run_nothing_in_a_real_browser() {
    let started = Instant::now();
    let strings = corpus();
    let (_driver, driver_port) = start_driver().await;
    let t = TestApp::start(Backend::Sqlite).await;
    administrator(&t, "chief@example.com").await;
    let news = common::fixture::section(&t.store, "news", "News", 0).await;
    let base = serve(&t).await;
    let client = hooked_browser(driver_port).await;
    client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(300)),
            Some(Duration::from_secs(60)),
            None,
        ))
        .await
        .unwrap();
    prove_the_hooks_see(&client, &base, &reader_origin().await).await;
    sign_in(&client, &base, "chief@example.com").await;
    let photo = t.data_dir().join("photo.png");
    std::fs::write(&photo, picture_bytes(7)).unwrap();
    let mut found = Vec::new();
    let (mut published, mut refused) = (Vec::new(), Vec::new());
    for (i, h) in strings.iter().enumerate().step_by(DESK_SAMPLE_EVERY) {
        client
            .goto(&format!("{base}/admin/stories/new"))
            .await
            .unwrap();
        for css in [
            "#headline",
            "#standfirst",
            "#seo_title",
            "#seo_description",
            "#topic_names",
        ] {
            put(&client, css, &h.text).await;
        }
        put(&client, "#body", &body_of(&h.text)).await;
        client
            .execute(
                "document.querySelector('#section_id').value = arguments[0];",
                vec![news.id.to_string().into()],
            )
            .await
            .unwrap();
        // Every fourth one with a photo from disk, its words hostile too.
        if i % (4 * DESK_SAMPLE_EVERY) == 0 {
            fill(&client, "#lead_file", photo.to_str().unwrap()).await;
            put(&client, "#lead_alt", &h.text).await;
            put(&client, "#lead_caption", &h.text).await;
        }
        // A new story is saved first; its editor then offers Publish.
        submit(&client, "button[value=save]").await;
        let at = client.current_url().await.unwrap();
        if at.path().starts_with("/admin/stories/") && at.path() != "/admin/stories/new" {
            tokio::time::sleep(Duration::from_millis(700)).await;
            found.extend(audit_page(&client).await);
            submit(&client, "button[value=publish]").await;
            published.push(at.path().to_owned());
        } else {
            // Refused (a blank headline, a topic name too long): a page saying why.
            let note = common::browser::text_or_empty(&client, ".form-note").await;
            assert!(
                note.len() > 10,
                "{}: refused without a word at {at}",
                h.label
            );
            refused.push(h.label.clone());
        }
        // The editor as it came back, with its live preview drawn by the desk's script.
        tokio::time::sleep(Duration::from_millis(700)).await;
        found.extend(audit_page(&client).await);
    }
    eprintln!(
        "{} strings typed into the editor: {} published, refused {:?} ({:.1} s)",
        published.len() + refused.len(),
        published.len(),
        refused,
        started.elapsed().as_secs_f64()
    );
    // Topics and bylines added through the desk's own forms.
    for h in strings.iter().step_by(DESK_SAMPLE_EVERY * 4) {
        for (list, fields) in [
            ("/admin/topics", vec![("#new-name", h.text.as_str())]),
            (
                "/admin/authors",
                vec![
                    ("#new-name", h.text.as_str()),
                    ("#new-job", h.text.as_str()),
                ],
            ),
        ] {
            client.goto(&format!("{base}{list}")).await.unwrap();
            for (css, value) in fields {
                put(&client, css, value).await;
            }
            submit(
                &client,
                &format!("form[method=post][action='{list}'] button[type=submit]"),
            )
            .await;
            found.extend(audit_page(&client).await);
        }
    }
    t.catch_up().await;
    let mut pages: Vec<String> = vec!["/".into(), "/news/".into(), "/feed.xml".into()];
    for path in &published {
        let id: i64 = path.rsplit('/').next().unwrap().parse().unwrap();
        let story = t.store.article(id).await.unwrap().unwrap();
        pages.push(format!("/news/{}", story.slug.as_str()));
        for tag in &story.tag_ids {
            let tag = t.store.tag(*tag).await.unwrap().unwrap();
            pages.push(format!("/tag/{}", tag.slug.as_str()));
        }
        pages.push(format!("{path}/revisions"));
    }
    pages.sort();
    pages.dedup();
    pages.extend([
        "/admin/".into(),
        "/admin/topics".into(),
        "/admin/authors".into(),
        "/admin/media".into(),
    ]);
    found.extend(open_all(&client, &base, &pages, 8, 20).await);
    let runs = take_runs(&client).await;
    assert!(
        found.is_empty() && runs.is_empty(),
        "hostile content typed at the desk ran or could run:\n{}\n{}",
        found.join("\n"),
        runs.join("\n")
    );
    client.close().await.unwrap();
    eprintln!(
        "desk: {} stories typed, {} pages opened: nothing ran ({:.1} s)",
        published.len() + refused.len(),
        pages.len(),
        started.elapsed().as_secs_f64()
    );
}

/// `text` escaped for XML character data and attribute values.
fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A WordPress export holding the corpus: per name batch, a post (or every fifth, a page)
/// whose title, excerpt and author's name are the batch, whose body holds each string
/// alone as HTML and as text, filed in a category and a tag named after the batch. A
/// string with a character XML cannot carry (a terminal's ESC) cannot be in any export,
/// and is left out (returned).
fn hostile_wxr(names: &[Batch]) -> (String, Vec<String>) {
    let legal = |s: &str| {
        s.chars()
            .all(|c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..))
    };
    let mut left_out = Vec::new();
    let mut head = String::new();
    let mut items = String::new();
    for (n, batch) in names.iter().enumerate() {
        let kept: Vec<&String> = batch
            .strings
            .iter()
            .zip(&batch.labels)
            .filter_map(|(s, l)| {
                if legal(s) {
                    Some(s)
                } else {
                    left_out.push(l.clone());
                    None
                }
            })
            .collect();
        let text = xml_text(
            &kept
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(SEPARATOR),
        );
        let body: String = kept
            .iter()
            .map(|s| {
                format!(
                    "<p>{s}</p>\n{s}\n<blockquote>{}</blockquote>\n",
                    xml_text(s)
                )
            })
            .collect();
        let body = xml_text(&body);
        head.push_str(&format!(
            "<wp:author><wp:author_login>u{n}</wp:author_login><wp:author_display_name>{text}</wp:author_display_name></wp:author>\n\
             <wp:category><wp:term_id>{}</wp:term_id><wp:category_nicename>c{n}</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>{text}</wp:cat_name></wp:category>\n\
             <wp:tag><wp:term_id>{}</wp:term_id><wp:tag_slug>g{n}</wp:tag_slug><wp:tag_name>{text}</wp:tag_name></wp:tag>\n",
            10_000 + n,
            20_000 + n
        ));
        let kind = if n % 5 == 4 { "page" } else { "post" };
        items.push_str(&format!(
            "<item>\n<title>{text}</title>\n<link>https://old.example/?p={id}</link>\n\
             <pubDate>Wed, 01 Jan 2025 10:00:00 +0000</pubDate>\n<dc:creator>u{n}</dc:creator>\n\
             <guid isPermaLink=\"false\">https://old.example/?p={id}</guid>\n\
             <content:encoded>{body}</content:encoded>\n<excerpt:encoded>{text}</excerpt:encoded>\n\
             <wp:post_id>{id}</wp:post_id>\n<wp:post_date_gmt>2025-01-01 10:00:00</wp:post_date_gmt>\n\
             <wp:post_name>w{n}</wp:post_name>\n<wp:status>publish</wp:status>\n<wp:post_type>{kind}</wp:post_type>\n\
             <category domain=\"category\" nicename=\"c{n}\">{text}</category>\n\
             <category domain=\"post_tag\" nicename=\"g{n}\">{text}</category>\n</item>\n",
            id = 100 + n
        ));
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n<title>Old Gazette</title>\n<link>https://old.example</link>\n<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_blog_url>https://old.example</wp:base_blog_url>\n{head}{items}</channel>\n</rss>\n"
    );
    (xml, left_out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a browser: apt-get install chromium chromium-driver, then run with -- --include-ignored"]
async fn hostile_strings_imported_from_wordpress_run_nothing_in_a_real_browser() {
    let started = Instant::now();
    let strings = corpus();
    let names = name_batches(&strings);
    let (_driver, driver_port) = start_driver().await;
    let t = TestApp::start(Backend::Sqlite).await;
    administrator(&t, "chief@example.com").await;
    let (xml, left_out) = hostile_wxr(&names);
    let file = t.data_dir().join("hostile.xml");
    std::fs::write(&file, xml).unwrap();
    // The command as an operator runs it, on this test's database and media folder.
    let output = common::process::newsdesk_on(t.data_dir(), Some(&t.url))
        .args(["import", "wxr", "--no-fetch"])
        .arg(&file)
        .output()
        .unwrap();
    let summary = common::process::ok(output);
    eprintln!(
        "{summary}\nleft out of the export (XML cannot carry them): {left_out:?} ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    t.catch_up().await;
    let mut pages: Vec<String> = vec!["/".into(), "/feed.xml".into(), "/atom.xml".into()];
    let mut desk: Vec<String> = vec![
        "/admin/".into(),
        "/admin/sections".into(),
        "/admin/topics".into(),
        "/admin/authors".into(),
        "/admin/pages".into(),
    ];
    let (mut stories, mut standalone, mut skipped) = (0, 0, 0);
    for n in 0..names.len() {
        let id = (100 + n).to_string();
        if let Some(record) = t
            .store
            .import_record("https://old.example", "story", &id)
            .await
            .unwrap()
        {
            let story = t
                .store
                .article(record.local_id)
                .await
                .unwrap()
                .expect("the story");
            let section = t.store.section(story.section_id).await.unwrap().unwrap();
            pages.push(format!(
                "/{}/{}",
                section.slug.as_str(),
                story.slug.as_str()
            ));
            pages.push(format!("/{}/", section.slug.as_str()));
            for tag in &story.tag_ids {
                let tag = t.store.tag(*tag).await.unwrap().unwrap();
                pages.push(format!("/tag/{}", tag.slug.as_str()));
            }
            for author in &story.author_ids {
                let author = t.store.author(*author).await.unwrap().unwrap();
                pages.push(format!("/author/{}", author.slug.as_str()));
            }
            desk.push(format!("/admin/stories/{}", story.id));
            stories += 1;
        } else if let Some(record) = t
            .store
            .import_record("https://old.example", "page", &id)
            .await
            .unwrap()
        {
            desk.push(format!("/admin/pages/{}", record.local_id));
            pages.push(format!("/w{n}"));
            standalone += 1;
        } else {
            // Skipped, with its reason in the summary (a category or tag name longer than
            // any name may be, or no address could be made from it).
            skipped += 1;
        }
    }
    assert!(
        summary.contains(&format!("{skipped} skipped")),
        "every item not imported is in the summary as skipped: {summary}"
    );
    pages.sort();
    pages.dedup();
    let client = hooked_browser(driver_port).await;
    client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(300)),
            Some(Duration::from_secs(60)),
            None,
        ))
        .await
        .unwrap();
    let base = serve(&t).await;
    prove_the_hooks_see(&client, &base, &reader_origin().await).await;
    let mut found = open_all(&client, &base, &pages, 8, 20).await;
    sign_in(&client, &base, "chief@example.com").await;
    found.extend(open_all(&client, &base, &desk, 8, 700).await);
    let runs = take_runs(&client).await;
    assert!(
        found.is_empty() && runs.is_empty(),
        "hostile content imported from WordPress ran or could run:\n{}\n{}",
        found.join("\n"),
        runs.join("\n")
    );
    client.close().await.unwrap();
    eprintln!(
        "WordPress: {} strings in {stories} stories and {standalone} pages ({skipped} items skipped), {} public and {} desk pages opened: nothing ran ({:.1} s)",
        strings.len() - left_out.len(),
        pages.len(),
        desk.len(),
        started.elapsed().as_secs_f64()
    );
}
