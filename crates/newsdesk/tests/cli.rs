//! The `newsdesk` binary as an operator meets it: the demo command, `serve` answering on
//! its port, and start-up failures reported in one clear line.

use crate::common;

use common::process::{Server, free_port, newsdesk, request};
use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    request(port, "GET", path, &[], b"")
}

/// The one-line error a failed start prints, asserting there is no panic or backtrace.
fn failure_line(output: std::process::Output) -> String {
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one clear line, got: {stderr}");
    lines[0].to_owned()
}

#[test]
fn demo_then_serve_answers_pages() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let status = newsdesk()
        .args([
            "demo",
            "--articles",
            "24",
            "--pictures",
            "3",
            "--data-dir",
            data,
        ])
        .stdin(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    // Loading twice would mix two newsrooms: refused.
    let second = newsdesk()
        .args(["demo", "--articles", "5", "--data-dir", data])
        .output()
        .unwrap();
    assert!(failure_line(second).contains("already holds 24 stories"));

    let port = free_port();
    let child = newsdesk()
        .args([
            "serve",
            "--data-dir",
            data,
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _server = Server(child);
    let started = Instant::now();
    let mut ready = None;
    while started.elapsed() < Duration::from_secs(30) {
        if let Some(r) = http_get(port, "/healthz") {
            ready = Some(r);
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(ready.map(|r| r.0), Some(200), "serve answered /healthz");
    let (status, home) = http_get(port, "/").unwrap();
    assert_eq!(status, 200);
    // Follow the first story link (`/{section}/{slug}`) on the home page.
    let href = home
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|h| {
            let parts: Vec<&str> = h.trim_start_matches('/').split('/').collect();
            h.starts_with('/')
                && parts.len() == 2
                && !parts[1].is_empty()
                && !["tag", "author", "static", "media"].contains(&parts[0])
        })
        .expect("a story link on the home page");
    let (status, _) = http_get(port, href).unwrap();
    assert_eq!(status, 200, "{href}");

    // The first start builds the search index in the background: the story is found.
    let word = href
        .rsplit('/')
        .next()
        .unwrap()
        .split('-')
        .find(|w| w.len() > 4 && w.chars().all(|c| c.is_ascii_lowercase()))
        .expect("a word in the slug");
    let mut found = false;
    while started.elapsed() < Duration::from_secs(60) && !found {
        found = http_get(port, &format!("/search?q={word}"))
            .is_some_and(|(_, page)| page.contains(&format!("href=\"{href}\"")));
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(found, "search finds the story by the word {word:?}");

    // The index has one writer: a rebuild while serving is refused in one line.
    let busy = newsdesk()
        .args(["reindex", "--data-dir", data])
        .output()
        .unwrap();
    assert!(failure_line(busy).contains("stop it first"));
    drop(_server);
    let rebuilt = newsdesk()
        .args(["reindex", "--data-dir", data])
        .output()
        .unwrap();
    assert!(rebuilt.status.success(), "{rebuilt:?}");
    let position = std::fs::read_to_string(dir.path().join("search/newsdesk-position")).unwrap();
    assert!(
        position.trim().parse::<i64>().unwrap() > 0,
        "the rebuilt index records the change-log position it holds"
    );
}

#[test]
fn a_port_in_use_is_one_clear_line() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let output = newsdesk()
        .args([
            "serve",
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .output()
        .unwrap();
    let line = failure_line(output);
    assert!(
        line.starts_with("error: cannot listen on 127.0.0.1:"),
        "{line}"
    );
    assert!(line.to_lowercase().contains("in use"), "{line}");
}

#[test]
fn a_bad_config_value_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let output = newsdesk()
        .args(["serve", "--data-dir", dir.path().to_str().unwrap()])
        .env("NEWSDESK_PAGE_SIZE", "lots")
        .output()
        .unwrap();
    assert!(failure_line(output).contains("NEWSDESK_PAGE_SIZE"));
    let file = dir.path().join("newsdesk.toml");
    std::fs::write(&file, "cache_max_mb = 64\nlisten_on = \"x\"\n").unwrap();
    let output = newsdesk()
        .args(["serve", "--config", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(failure_line(output).contains("listen_on"));
    // A value of the wrong type names its key and the file.
    std::fs::write(&file, "cache_max_mb = \"lots\"\n").unwrap();
    let output = newsdesk()
        .args(["serve", "--config", file.to_str().unwrap()])
        .output()
        .unwrap();
    let line = failure_line(output);
    assert!(line.contains("cache_max_mb"), "{line}");
    assert!(line.contains(file.to_str().unwrap()), "{line}");
    // A setting that cannot work stops start-up, before anything is served.
    std::fs::write(&file, "purge_url = \"ftp://cache.example.com/purge\"\n").unwrap();
    let output = newsdesk()
        .args(["serve", "--config", file.to_str().unwrap()])
        .output()
        .unwrap();
    let line = failure_line(output);
    assert!(
        line.contains("purge_url") && line.contains("http://"),
        "{line}"
    );
}

#[test]
fn an_unreachable_database_is_one_clear_line_without_the_password() {
    let port = free_port();
    let output = newsdesk()
        .args(["serve", "--listen", &format!("127.0.0.1:{}", free_port())])
        .args([
            "--database-url",
            &format!("postgres://news:s3cret@127.0.0.1:{port}/news"),
        ])
        .output()
        .unwrap();
    let line = failure_line(output);
    assert!(
        line.contains("cannot open the database at postgres://news:***@127.0.0.1"),
        "{line}"
    );
    assert!(!line.contains("s3cret"), "{line}");
}

#[test]
fn serve_help_describes_what_serve_runs_today() {
    let out = newsdesk().args(["serve", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("desk"), "{text}");
    assert!(!text.to_lowercase().contains("later"), "{text}");
}

#[test]
fn listing_logins_on_an_empty_database_says_how_to_add_one() {
    let dir = tempfile::tempdir().unwrap();
    let output = newsdesk()
        .args(["user", "list", "--data-dir", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("no logins yet"), "{text}");
    assert!(text.contains("newsdesk user add"), "{text}");
    assert!(text.contains("/admin/setup"), "{text}");
}

#[test]
fn help_explains_the_commands() {
    let out = newsdesk().arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for word in ["serve", "migrate", "demo", "--data-dir", "--database-url"] {
        assert!(text.contains(word), "--help mentions {word}: {text}");
    }
}

/// A token made on the command line works against the served site at once, is listed by
/// its first characters only, and stops working when revoked.
#[test]
fn tokens_are_made_listed_and_revoked_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let mut add = newsdesk()
        .args([
            "user",
            "add",
            "--role",
            "editor",
            "wire@example.com",
            "--data-dir",
            data,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    add.stdin
        .take()
        .unwrap()
        .write_all(b"a good long password\n")
        .unwrap();
    assert!(add.wait().unwrap().success());
    let refused = newsdesk()
        .args([
            "token",
            "add",
            "wire@example.com",
            "--name",
            "Wire",
            "--scopes",
            "root",
            "--data-dir",
            data,
        ])
        .output()
        .unwrap();
    assert!(failure_line(refused).contains("unknown scope"));
    let made = newsdesk()
        .args([
            "token",
            "add",
            "wire@example.com",
            "--name",
            "Wire importer",
            "--data-dir",
            data,
        ])
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let secret = String::from_utf8(made.stdout).unwrap();
    let secret = secret.trim();
    assert!(
        secret.starts_with("nd_") && !secret.contains('\n'),
        "the token alone on stdout: {secret:?}"
    );
    let list = newsdesk()
        .args(["token", "list", "--data-dir", data])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(
        listed.contains("Wire importer") && listed.contains(&secret[..11]),
        "{listed}"
    );
    assert!(!listed.contains(secret), "never the secret: {listed}");
    assert!(listed.contains("last used never"), "{listed}");
    let id = listed.split('\t').next().unwrap().trim().to_owned();

    let port = free_port();
    let child = newsdesk()
        .args([
            "serve",
            "--data-dir",
            data,
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server(child);
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) && http_get(port, "/healthz").is_none() {
        std::thread::sleep(Duration::from_millis(50));
    }
    let bearer = format!("Bearer {secret}");
    let bearer = [("Authorization", bearer.as_str())];
    let (status, me) = request(port, "GET", "/api/admin/v1/me/", &bearer, b"").unwrap();
    assert_eq!(status, 200, "{me}");
    assert!(
        me.contains("wire@example.com") && me.contains("content:write"),
        "{me}"
    );
    let revoked = newsdesk()
        .args(["token", "revoke", &id, "--data-dir", data])
        .output()
        .unwrap();
    assert!(revoked.status.success(), "{revoked:?}");
    let (status, _) = request(port, "GET", "/api/admin/v1/me/", &bearer, b"").unwrap();
    assert_eq!(status, 401, "revoked at once, on the running server");
    drop(server);
    let list = newsdesk()
        .args(["token", "list", "--data-dir", data])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(
        listed.contains("revoked") && !listed.contains("last used never"),
        "{listed}"
    );
}
