//! A real headless Chromium (Debian's `chromium` and `chromium-driver`) for the browser
//! tests: starting chromedriver, a session, the real server on a local port, typing and
//! clicking as a person does — and, for the hostile-content test, hooks that notice any
//! script a page was not meant to run (see [`install_hooks`]).
//!
//! The tests using it are `#[ignore]`d by a plain `cargo test` (the machine may have no
//! browser); with `-- --include-ignored` a missing browser fails them.

use super::TestApp;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const PASSWORD: &str = "browser test password";

/// A login who signs in with [`PASSWORD`].
pub async fn person(
    t: &TestApp,
    email: &str,
    name: &str,
    role: newsdesk_core::Role,
) -> newsdesk_store::User {
    let hash = newsdesk_auth::hash_password(PASSWORD).unwrap();
    let new = newsdesk_store::NewUser {
        email,
        name,
        password_hash: &hash,
        role,
    };
    t.store.create_user(&new, None).await.unwrap()
}

pub struct Driver(Child);

impl Drop for Driver {
    /// Ends chromedriver and every browser it started (its process group), even when the
    /// test failed before closing its sessions.
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-9", "--", &group]).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Where screenshots land: `target/browser-artifacts/`.
pub fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/browser-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub async fn start_driver() -> (Driver, u16) {
    assert!(
        Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists(),
        "this test needs {CHROMIUM} and {CHROMEDRIVER}: apt-get install chromium chromium-driver"
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (Driver(child), port)
}

pub async fn browser(driver_port: u16) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "chrome".into());
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": CHROMIUM,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--no-first-run",
                     "--disable-sync", "--window-size=1280,1600"]
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .expect("a browser session")
}

/// The app on a local port, as in production: the real server, following its change log.
/// Returns the site's address (`http://127.0.0.1:PORT`).
pub async fn serve(t: &TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let service = t
        .router
        .clone()
        .into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    tokio::spawn(t.app.clone().follow_changes());
    base
}

pub async fn shot(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    std::fs::write(artifacts().join(format!("{name}.png")), png).unwrap();
}

pub async fn fill(client: &Client, css: &str, text: &str) {
    let field = client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

pub async fn click(client: &Client, css: &str) {
    match client.find(Locator::Css(css)).await {
        Ok(el) => el.click().await.unwrap(),
        Err(e) => {
            let url = client
                .current_url()
                .await
                .map(|u| u.to_string())
                .unwrap_or_default();
            let source = client.source().await.unwrap_or_default();
            panic!("{css}: {e}\nat {url}:\n{source}");
        }
    }
}

/// Clicks a button that submits a form, and waits until the next page has loaded.
pub async fn submit(client: &Client, css: &str) {
    let old_page = client.find(Locator::Css("html")).await.unwrap();
    click(client, css).await;
    // Generous: a busy CI machine can take seconds to answer a publish.
    let deadline = Instant::now() + Duration::from_secs(30);
    while old_page.tag_name().await.is_ok() {
        assert!(
            Instant::now() < deadline,
            "{css} did not lead to a new page"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    loop {
        let state = client
            .execute("return document.readyState", vec![])
            .await
            .unwrap();
        if state == "complete" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the page after {css} never finished loading"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

pub async fn text(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

/// The current value of a form field (what is typed, not the HTML attribute).
pub async fn field_value(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

pub async fn text_or_empty(client: &Client, css: &str) -> String {
    match client.find(Locator::Css(css)).await {
        Ok(el) => el.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Signs in at the desk's form with [`PASSWORD`].
pub async fn sign_in(client: &Client, base: &str, email: &str) {
    client.goto(&format!("{base}/admin/login")).await.unwrap();
    fill(client, "#email", email).await;
    fill(client, "#password", PASSWORD).await;
    submit(client, ".desk-form button[type=submit]").await;
    assert_eq!(
        client.current_url().await.unwrap().path(),
        "/admin/",
        "{email} is signed in"
    );
    // The tests type Markdown into the body field itself, so they write in Markdown mode,
    // as a person who chose it once would (tests/rich_text.rs uses the rich editor).
    client
        .execute(
            "localStorage.setItem('newsdesk:body-editor', 'markdown')",
            vec![],
        )
        .await
        .unwrap();
}

pub async fn sign_out(client: &Client, base: &str) {
    client.goto(&format!("{base}/admin/")).await.unwrap();
    submit(client, "form[action='/admin/logout'] button").await;
}

/// Opens `url` and reloads it until its page shows `text` (the change log reaches every
/// page within a poll or two); fails with the page after 10 s. A reload, not a second
/// visit: pages may be kept by the browser for a minute (`max-age=60`), and a reload asks
/// the server again.
pub async fn wait_for_text(client: &Client, url: &str, css: &str, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    client.goto(url).await.unwrap();
    loop {
        if text_or_empty(client, css).await.contains(text) {
            return;
        }
        if Instant::now() > deadline {
            let source = client.source().await.unwrap_or_default();
            panic!("{url}: {css} never showed {text:?}:\n{source}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        client.refresh().await.unwrap();
    }
}

/// One Chrome DevTools command, sent through chromedriver's own endpoint for them
/// (`POST /session/{id}/goog/cdp/execute`), which WebDriver itself has no word for.
#[derive(Debug)]
struct DevTools {
    cmd: &'static str,
    params: serde_json::Value,
}

impl WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = serde_json::json!({"cmd": self.cmd, "params": self.params});
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

/// The hooks, run by the browser in every document and frame before any of the page's
/// own scripts (DevTools' `Page.addScriptToEvaluateOnNewDocument`). Whatever a page's
/// content makes the browser do that the site's own script does not, is written down in
/// the tab's `sessionStorage` (so a record survives the page navigating away):
/// - `alert`, `confirm`, `prompt`, `print` and `window.open` are replaced by recorders;
/// - `fetch`, `XMLHttpRequest`, `navigator.sendBeacon`, `WebSocket` and `EventSource` are
///   wrapped; only the desk's own requests on this origin (`/admin/markdown`,
///   `/admin/topics/suggest`, the picture picker's `/admin/media/pick` and
///   `/admin/media/prepare`, and an open editor's edit lease at `/admin/stories/N/lease`
///   and `…/lease/release`) go unrecorded;
/// - every navigation not started by the person (a WebDriver click is one; `location =`,
///   `<meta http-equiv=refresh>`, `form.submit()` are not) is recorded from the
///   Navigation API's `navigate` event;
/// - every Content-Security-Policy violation (`securitypolicyviolation`): an inline script
///   or handler the policy stopped, or a page of the site's own the policy breaks;
/// - every uncaught script error (a payload that ran and failed also ran).
const HOOKS: &str = r#"
(() => {
  if (window.__hostileHooks) return;
  window.__hostileHooks = true;
  const KEY = "__hostile_runs";
  const note = (kind, detail) => {
    const entry = kind + ": " + String(detail).slice(0, 300) + " @ " + location.href;
    try {
      const runs = JSON.parse(sessionStorage.getItem(KEY) || "[]");
      runs.push(entry);
      sessionStorage.setItem(KEY, JSON.stringify(runs));
    } catch (e) {
      (window.__hostileUnstored = window.__hostileUnstored || []).push(entry);
    }
  };
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = function (message) {
      note(name, message);
      return name === "confirm" ? false : null;
    };
  }
  window.open = function (url) {
    note("window.open", url);
    return null;
  };
  const own = (url) => {
    try {
      const u = new URL(url, location.href);
      return u.origin === location.origin &&
        (["/admin/markdown", "/admin/topics/suggest", "/admin/media/pick", "/admin/media/prepare"]
          .includes(u.pathname) || /^\/admin\/stories\/[0-9]+\/lease(\/release)?$/.test(u.pathname));
    } catch (e) {
      return false;
    }
  };
  const realFetch = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === "string" ? input : (input && input.url) || String(input);
    if (!own(url)) note("fetch", url);
    return realFetch.apply(this, arguments);
  };
  const realOpen = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    note("XMLHttpRequest", method + " " + url);
    return realOpen.apply(this, arguments);
  };
  if (navigator.sendBeacon) {
    const realBeacon = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = function (url, data) {
      if (!own(url)) {
        note("sendBeacon", url);
        return false;
      }
      return realBeacon(url, data);
    };
  }
  for (const name of ["WebSocket", "EventSource"]) {
    const Real = window[name];
    if (!Real) continue;
    window[name] = function (url) {
      note(name, url);
      return new Real(...arguments);
    };
  }
  if (window.navigation) {
    navigation.addEventListener("navigate", (e) => {
      if (!e.userInitiated) note("navigation", e.navigationType + " to " + e.destination.url);
    });
  }
  document.addEventListener("securitypolicyviolation", (e) => {
    note("csp", e.effectiveDirective + " blocked " + (e.blockedURI || "inline") +
      " in " + e.sourceFile + ":" + e.lineNumber + " " + (e.sample || ""));
  }, true);
  window.addEventListener("error", (e) => {
    if (e instanceof ErrorEvent) note("script error", e.message + " " + e.filename + ":" + e.lineno);
  });
})();
"#;

/// Installs [`HOOKS`] in `client`'s tab for every document it opens from now on.
pub async fn install_hooks(client: &Client) {
    let answer = client
        .issue_cmd(DevTools {
            cmd: "Page.addScriptToEvaluateOnNewDocument",
            params: serde_json::json!({"source": HOOKS}),
        })
        .await
        .expect("chromedriver takes DevTools commands");
    assert!(answer["identifier"].is_string(), "{answer}");
}

/// What the hooks recorded in this tab since the last call (the list is emptied), plus
/// any record the page could not store.
pub async fn take_runs(client: &Client) -> Vec<String> {
    let runs = client
        .execute(
            r#"let runs = [];
               try {
                 runs = JSON.parse(sessionStorage.getItem("__hostile_runs") || "[]");
                 sessionStorage.removeItem("__hostile_runs");
               } catch (e) {}
               return runs.concat(window.__hostileUnstored || []);"#,
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("reading the hooks' records: {e}"));
    serde_json::from_value(runs).unwrap_or_default()
}

/// Checks, in the page as the browser built it (after its own script ran), everything that
/// would run on a click, a hover or a focus: any `on*=` attribute, any `javascript:`,
/// `vbscript:` or `data:text/html` address, any `<script>` other than the desk's own file
/// and well-formed JSON-LD, and the elements content must never bring (frames, plugins,
/// `<base>`, `<meta http-equiv>`, forms sending elsewhere). Looks into same-origin frames.
/// Returns one line per finding.
pub const DOM_AUDIT: &str = r#"
const audit = (doc, where) => {
  const found = [];
  const say = (what, el) => found.push(where + ": " + what + " on <" + el.localName + "> " +
    (el.outerHTML || "").slice(0, 200));
  const urlAttrs = ["href", "src", "srcset", "action", "formaction", "poster", "background",
    "data", "xlink:href", "codebase", "dynsrc", "lowsrc", "ping", "cite", "longdesc"];
  for (const el of doc.querySelectorAll("*")) {
    for (const a of Array.from(el.attributes)) {
      const name = a.name.toLowerCase();
      if (name.startsWith("on")) say("handler " + name, el);
      if (name === "srcdoc") say("srcdoc", el);
      if (urlAttrs.includes(name)) {
        // What the browser itself makes of the address (it drops tabs and line breaks,
        // and nothing else, from inside a scheme): only a real `javascript:` runs.
        const urls = name === "srcset" ? a.value.split(",").map((u) => u.trim().split(/\s+/)[0]) : [a.value];
        for (const u of urls) {
          let protocol = "", rest = "";
          try {
            const parsed = new URL(u, doc.baseURI);
            protocol = parsed.protocol;
            rest = parsed.pathname.toLowerCase();
          } catch (e) {
            continue;
          }
          if (["javascript:", "vbscript:", "livescript:"].includes(protocol) ||
              (protocol === "data:" && /^(text\/html|image\/svg|application\/xhtml|text\/xml)/.test(rest))) {
            say(protocol + " in " + name, el);
          }
        }
      }
    }
    const tag = el.localName.toLowerCase();
    if (tag === "script") {
      const type = (el.getAttribute("type") || "").toLowerCase();
      const src = el.getAttribute("src");
      if (type === "application/ld+json" && !src) {
        try { JSON.parse(el.textContent); } catch (e) { say("JSON-LD that does not parse", el); }
      } else if (!(["/static/desk.js", "/static/embed.js", "/static/desk-editor.js"].includes(src) && el.namespaceURI === "http://www.w3.org/1999/xhtml")) {
        say("a script that is not the site's", el);
      }
    }
    if (["iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "template"].includes(tag) &&
        !el.hasAttribute("data-hostile-harness")) {
      say("<" + tag + ">", el);
    }
    if (tag === "meta" && el.hasAttribute("http-equiv")) say("meta http-equiv", el);
    if (tag === "link" && /import|preload|modulepreload|prefetch/i.test(el.getAttribute("rel") || "") ) {
      say("link rel=" + el.getAttribute("rel"), el);
    }
    if (tag === "form") {
      try {
        const target = new URL(el.getAttribute("action") || "", doc.baseURI);
        if (target.origin !== location.origin) say("a form sending to " + target.origin, el);
      } catch (e) { say("a form with an unreadable action", el); }
    }
  }
  return found;
};
"#;

/// Runs [`DOM_AUDIT`] on the page in `client`'s tab: its findings.
pub async fn audit_page(client: &Client) -> Vec<String> {
    let script = format!("{DOM_AUDIT}\nreturn audit(document, location.href);");
    let found = client
        .execute(&script, vec![])
        .await
        .unwrap_or_else(|e| panic!("auditing the page: {e}"));
    serde_json::from_value(found).unwrap_or_default()
}

/// A browser session with [`HOOKS`] installed.
pub async fn hooked_browser(driver_port: u16) -> Client {
    let client = browser(driver_port).await;
    install_hooks(&client).await;
    client
}

/// Fails with what the hooks recorded in `client`'s tab, if anything: a script the site did
/// not mean to run, a request it did not mean to send, a navigation nobody asked for, a
/// script error, or something the Content-Security-Policy blocked.
pub async fn assert_nothing_ran(client: &Client, what: &str) {
    let runs = take_runs(client).await;
    assert!(runs.is_empty(), "{what}: {runs:#?}");
}
