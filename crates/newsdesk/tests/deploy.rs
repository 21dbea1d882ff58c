//! The example deployment in `deploy/`, run whole on loopback: one PostgreSQL database,
//! one S3 bucket (s3s-fs), two `newsdesk serve` nodes started with the settings of
//! `deploy/newsdesk-node.env.example`, and Debian's Varnish 7 with xkey running
//! `deploy/varnish/newsdesk.vcl` itself (only `nodes.vcl`, the file an operator edits, is
//! written with loopback ports). A story published and edited through node A shows
//! through Varnish, served by node B, within a second, while the pages it does not touch
//! stay cached; the desk and the Admin API are never cached; only the nodes may purge.
//!
//! `#[ignore]`d because it needs PostgreSQL, an S3-compatible server and Varnish; the
//! full run (`-- --include-ignored`) fails it when any of them is missing.

use crate::common;

use common::process::{Answer, Server, add_admin, free_port, newsdesk, ok, send, upload_picture};
use common::s3::{TestBucket, test_bucket};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const VARNISHD: &str = "/usr/sbin/varnishd";
const VARNISHADM: &str = "/usr/bin/varnishadm";
const XKEY: &str = "/usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so";
const VMOD_VAR: &str = "/usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_var.so";
/// How soon a change must show through the cache.
const VISIBLE_WITHIN: Duration = Duration::from_secs(1);

/// The repository's `deploy/` folder.
fn deploy_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy")
}

/// Varnish's verdict, from the VCL's `X-Varnish-Cache`: HIT, MISS or PASS — checked
/// against Varnish's own `X-Varnish`, which names two transactions on a hit (this
/// request's and the one that stored the copy) and one otherwise.
fn cache(answer: &Answer) -> &str {
    let verdict = answer.header("x-varnish-cache");
    let ids = answer.header("x-varnish").split_whitespace().count();
    assert_eq!(
        ids == 2,
        verdict == "HIT",
        "X-Varnish {:?} but {verdict}",
        answer.header("x-varnish")
    );
    verdict
}

async fn get(port: u16, path: &str) -> Answer {
    send(port, "GET", path, &[], Vec::new()).await
}

/// A JSON call to a node's Admin API.
async fn admin(port: u16, token: &str, method: &str, path: &str, body: Value) -> Value {
    let bearer = format!("Bearer {token}");
    let answer = send(
        port,
        method,
        &format!("/api/admin/v1{path}"),
        &[
            ("Authorization", &bearer),
            ("Content-Type", "application/json"),
        ],
        serde_json::to_vec(&body).unwrap(),
    )
    .await;
    assert!(
        (200..300).contains(&answer.status),
        "{method} {path}: {} {}",
        answer.status,
        answer.text()
    );
    serde_json::from_slice(&answer.body).unwrap()
}

/// The address part of a public URL (`https://…/news/x` → `/news/x`).
fn path_of(url: &Value) -> String {
    let url = url.as_str().expect("a public address");
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or("/".to_owned(), |i| after_scheme[i..].to_owned())
}

/// `varnishd` running the committed VCL, and its folder; stopped when dropped.
struct Varnish {
    child: std::process::Child,
    dir: tempfile::TempDir,
    port: u16,
}

impl Drop for Varnish {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Varnish {
    /// `deploy/varnish/newsdesk.vcl` as committed, in front of nodes on `ports`: the
    /// example `nodes.vcl` with its two private addresses turned into loopback ones.
    fn start(ports: [u16; 2]) -> Varnish {
        for program in [VARNISHD, VARNISHADM, XKEY, VMOD_VAR] {
            assert!(
                Path::new(program).exists(),
                "this test needs {program}: apt-get install varnish varnish-modules"
            );
        }
        let varnish = deploy_dir().join("varnish");
        let example = std::fs::read_to_string(varnish.join("nodes.vcl")).unwrap();
        let mut nodes = example.clone();
        for (address, port) in [("10.0.0.11", ports[0]), ("10.0.0.12", ports[1])] {
            let backend = format!(".host = \"{address}\";\n    .port = \"8080\";");
            assert!(nodes.contains(&backend), "nodes.vcl names {address}:8080");
            nodes = nodes.replace(
                &backend,
                &format!(".host = \"127.0.0.1\";\n    .port = \"{port}\";"),
            );
            assert!(
                nodes.contains(&format!("\"{address}\";")),
                "the ACL names {address}"
            );
            nodes = nodes.replace(&format!("\"{address}\";"), "\"127.0.0.1\";");
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("nodes.vcl"), nodes).unwrap();
        let port = free_port();
        let child = Command::new(VARNISHD)
            .args(["-F", "-j", "none", "-a"])
            .arg(format!("127.0.0.1:{port}"))
            .arg("-f")
            .arg(varnish.join("newsdesk.vcl").canonicalize().unwrap())
            .arg("-p")
            .arg(format!("vcl_path={}", dir.path().display()))
            .arg("-n")
            .arg(dir.path().join("work"))
            .args(["-s", "malloc,64m"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start varnishd");
        let mut varnish = Varnish { child, dir, port };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = varnish.child.try_wait() {
                let mut why = String::new();
                if let Some(mut stderr) = varnish.child.stderr.take() {
                    use std::io::Read;
                    let _ = stderr.read_to_string(&mut why);
                }
                panic!("varnishd stopped ({status}): {why}");
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "varnishd did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        varnish
    }

    /// Runs a `varnishadm` command against this Varnish.
    fn adm(&self, args: &[&str]) -> String {
        ok(Command::new(VARNISHADM)
            .arg("-n")
            .arg(self.dir.path().join("work"))
            .args(args)
            .output()
            .unwrap())
    }
}

/// The two nodes' settings: the example env file, line by line, with the values that
/// must differ on this machine put in; every one of those must be in the example.
fn node_command(
    node: &str,
    listen: u16,
    data: &Path,
    database: &str,
    bucket: &TestBucket,
    varnish: u16,
) -> Command {
    let example = std::fs::read_to_string(deploy_dir().join("newsdesk-node.env.example")).unwrap();
    let data_dir = data.join(node);
    let here: Vec<(&str, String)> = vec![
        ("NEWSDESK_LISTEN", format!("127.0.0.1:{listen}")),
        ("NEWSDESK_SITE_URL", "https://news.example.com".to_owned()),
        ("NEWSDESK_DATA_DIR", data_dir.display().to_string()),
        (
            "NEWSDESK_SEARCH_DIR",
            data_dir.join("search").display().to_string(),
        ),
        ("NEWSDESK_DATABASE_URL", database.to_owned()),
        ("NEWSDESK_PURGE_URL", format!("http://127.0.0.1:{varnish}/")),
        ("NEWSDESK_OUTBOUND_ALLOW", "127.0.0.1/32".to_owned()),
        ("NEWSDESK_METRICS_ALLOW", "127.0.0.0/8".to_owned()),
        ("NEWSDESK_LOG_FORMAT", "text".to_owned()),
        ("NEWSDESK_LOG_LEVEL", "warn".to_owned()),
        // The bucket's own five are set by `TestBucket::configure` below.
        ("NEWSDESK_MEDIA_REGION", "us-east-1".to_owned()),
    ];
    let mut cmd = newsdesk();
    let mut seen = BTreeSet::new();
    for line in example.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once('=').expect("KEY=value lines");
        seen.insert(key);
        cmd.env(key, value);
    }
    for (key, value) in &here {
        assert!(
            seen.contains(key) || *key == "NEWSDESK_LOG_LEVEL",
            "{key} is missing from newsdesk-node.env.example"
        );
        cmd.env(key, value);
    }
    for key in [
        "NEWSDESK_MEDIA_STORE",
        "NEWSDESK_MEDIA_BUCKET",
        "NEWSDESK_MEDIA_ENDPOINT",
        "NEWSDESK_MEDIA_PREFIX",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
    ] {
        assert!(
            seen.contains(key),
            "{key} is missing from newsdesk-node.env.example"
        );
    }
    bucket.configure(&mut cmd);
    cmd
}

/// Asks for `path` through Varnish until it answers from its cache (a fresh copy after
/// a purge may be kept only briefly: see the VCL); the last answer.
async fn until_hit(port: u16, path: &str) -> Answer {
    let started = Instant::now();
    loop {
        let answer = get(port, path).await;
        assert_eq!(answer.status, 200, "{path}: {}", answer.text());
        if cache(&answer) == "HIT" {
            return answer;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "{path} never became a hit: {}",
            cache(&answer)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Reads `path` through Varnish until it shows `text`; how long that took from `since`,
/// and the node that rendered the copy seen.
async fn until_visible(port: u16, path: &str, text: &str, since: Instant) -> (Duration, String) {
    loop {
        let answer = get(port, path).await;
        if answer.status == 200 && answer.text().contains(text) {
            return (since.elapsed(), answer.header("x-served-by").to_owned());
        }
        assert!(
            since.elapsed() < Duration::from_secs(10),
            "{path} never showed {text:?} through Varnish"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A request from another loopback address (127.0.0.2): someone who is not a node.
async fn purge_from_elsewhere(port: u16, keys: &str) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.2:0".parse().unwrap()).unwrap();
    let mut stream = socket.connect(([127, 0, 0, 1], port).into()).await.unwrap();
    let request = format!(
        "PURGE / HTTP/1.1\r\nHost: localhost\r\nxkey-purge: {keys}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).await.unwrap();
    out.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// A picture sent to node A's Admin API; its original's `/media/` address.
async fn picture_through_node(port: u16, token: &str) -> String {
    let jpeg = newsdesk_media::fixtures::jpeg_sized_with(800, 500, &[]);
    let answer = upload_picture(port, token, "ferry.jpg", &jpeg).await;
    let json: Value = serde_json::from_slice(&answer.body).unwrap();
    path_of(&json["picture"]["url"])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL, an S3-compatible server and Varnish: set NEWSDESK_TEST_POSTGRES_URL and NEWSDESK_TEST_S3_URL, apt-get install varnish varnish-modules (.ci/run does all three), and run with -- --include-ignored"]
async fn two_nodes_behind_varnish_show_a_change_within_a_second() {
    let bucket = test_bucket();
    let database = common::blank_postgres_database("deploy").await;
    let data = tempfile::tempdir().unwrap();
    let (port_a, port_b) = (free_port(), free_port());
    let varnish = Varnish::start([port_a, port_b]);
    let node = |name: &str, port: u16| {
        node_command(name, port, data.path(), &database, &bucket, varnish.port)
    };

    // The first administrator and a token, as an operator makes them on one node.
    ok(node("a", port_a).arg("migrate").output().unwrap());
    add_admin(node("a", port_a), "desk@example.com");
    let token = ok(node("a", port_a)
        .args([
            "token",
            "add",
            "desk@example.com",
            "--name",
            "deploy test",
            "--scopes",
            "content:read content:write media structure",
        ])
        .output()
        .unwrap())
    .trim()
    .to_owned();
    // Both nodes as the unit starts them: `newsdesk serve`, every setting from the env.
    let serve = |name: &str, port: u16| {
        let mut cmd = node(name, port);
        cmd.arg("serve");
        Server::start(cmd, port)
    };
    let a = serve("a", port_a);
    let b = serve("b", port_b);

    // Varnish sends readers to both nodes once their /readyz answers.
    let started = Instant::now();
    let mut serving = BTreeSet::new();
    while serving.len() < 2 {
        let answer = get(varnish.port, "/healthz").await;
        assert_eq!(cache(&answer), "PASS", "health checks are never cached");
        if answer.status == 200 {
            serving.insert(answer.header("x-served-by").to_owned());
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "Varnish did not find both nodes healthy: {serving:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // The newsroom, written through node A.
    let section = |name: &str| json!({"section": {"name": name}});
    let news = admin(port_a, &token, "POST", "/sections/", section("News")).await;
    let sport = admin(port_a, &token, "POST", "/sections/", section("Sport")).await;
    let publish = |headline: &str, section: &Value, body: &str| {
        json!({"story": {"headline": headline, "section_id": section["section"]["id"],
            "body_markdown": body, "step": "publish"}})
    };
    let bridge = admin(
        port_a,
        &token,
        "POST",
        "/stories/",
        publish(
            "Harbour bridge reopens",
            &news,
            "The bridge carries traffic again.",
        ),
    )
    .await;
    let regatta = admin(
        port_a,
        &token,
        "POST",
        "/stories/",
        publish(
            "Rowing club wins the regatta",
            &sport,
            "Eight oars, one cup.",
        ),
    )
    .await;
    let picture = picture_through_node(port_a, &token).await;
    let bridge_path = path_of(&bridge["story"]["url"]);
    let regatta_path = path_of(&regatta["story"]["url"]);

    // Every public page becomes a hit, rendered by either node.
    let touched = ["/", "/news/", bridge_path.as_str(), "/feed.xml"];
    let untouched = [
        "/sport/",
        regatta_path.as_str(),
        "/sport/feed.xml",
        picture.as_str(),
    ];
    let mut rendered_by = BTreeSet::new();
    for path in touched.iter().chain(&untouched) {
        let hit = until_hit(varnish.port, path).await;
        rendered_by.insert(hit.header("x-served-by").to_owned());
        assert!(
            hit.header("xkey").is_empty(),
            "the keys stay inside Varnish"
        );
    }
    assert_eq!(
        rendered_by.len(),
        2,
        "round robin over both nodes: {rendered_by:?}"
    );
    // Each node keeps its own copy of every page (the picture is not in a node's page
    // cache) too, as after a day of traffic: the
    // copy a node that has not yet applied a change would still hand out.
    for port in [port_a, port_b] {
        for path in touched.iter().chain(&untouched[..3]) {
            let mut answer = get(port, path).await;
            if answer.header("x-cache") != "HIT" {
                answer = get(port, path).await;
            }
            assert_eq!(answer.header("x-cache"), "HIT", "{path} cached on its node");
        }
    }

    // The picture uploaded through node A is served from the bucket through Varnish.
    let media = until_hit(varnish.port, &picture).await;
    let key = picture.trim_start_matches("/media/");
    assert!(media.body == bucket.get(key).await, "the bucket's bytes");
    assert!(media.header("cache-control").contains("immutable"));

    // From here readers reach node B only; node A takes the newsroom's writes.
    varnish.adm(&["backend.set_health", "node_a", "sick"]);
    let answer = get(varnish.port, "/healthz").await;
    assert_eq!(answer.header("x-served-by"), "node_b");

    // A new story published through node A: the home page and its section front show it.
    let sent = Instant::now();
    admin(
        port_a,
        &token,
        "POST",
        "/stories/",
        publish(
            "Ferry timetable changes",
            &news,
            "Boats every twenty minutes.",
        ),
    )
    .await;
    let (home_after, home_by) =
        until_visible(varnish.port, "/", "Ferry timetable changes", sent).await;
    let (front_after, front_by) =
        until_visible(varnish.port, "/news/", "Ferry timetable changes", sent).await;
    eprintln!(
        "published through node A, visible through Varnish: home after {} ms, section front after {} ms",
        home_after.as_millis(),
        front_after.as_millis()
    );
    assert!(home_after < VISIBLE_WITHIN && front_after < VISIBLE_WITHIN);
    assert_eq!((home_by.as_str(), front_by.as_str()), ("node_b", "node_b"));

    // An edit through node A: the story's own page.
    let story = admin(
        port_a,
        &token,
        "GET",
        &format!("/stories/{}/", bridge["story"]["id"]),
        Value::Null,
    )
    .await;
    let sent = Instant::now();
    admin(
        port_a,
        &token,
        "PATCH",
        &format!("/stories/{}/", bridge["story"]["id"]),
        json!({"story": {"version": story["story"]["version"], "headline": "Harbour bridge reopens after repairs"}}),
    )
    .await;
    let (edit_after, edit_by) = until_visible(
        varnish.port,
        &bridge_path,
        "Harbour bridge reopens after repairs",
        sent,
    )
    .await;
    eprintln!(
        "edited through node A, visible through Varnish after {} ms",
        edit_after.as_millis()
    );
    assert!(edit_after < VISIBLE_WITHIN);
    assert_eq!(edit_by, "node_b");

    // Pages neither change touched were not purged: still the copies from before.
    for path in untouched {
        let answer = get(varnish.port, path).await;
        assert_eq!(cache(&answer), "HIT", "{path} stays cached");
    }

    // The desk, the Admin API and a signed-in reader are never cached.
    let bearer = format!("Bearer {token}");
    for _ in 0..2 {
        let desk = get(varnish.port, "/admin/login").await;
        assert_eq!((desk.status, cache(&desk)), (200, "PASS"));
        let me = send(
            varnish.port,
            "GET",
            "/api/admin/v1/me/",
            &[("Authorization", &bearer)],
            Vec::new(),
        )
        .await;
        assert_eq!((me.status, cache(&me)), (200, "PASS"), "{}", me.text());
        let signed_in = send(
            varnish.port,
            "GET",
            "/sport/",
            &[("Cookie", "newsdesk_session=whatever")],
            Vec::new(),
        )
        .await;
        assert_eq!(cache(&signed_in), "PASS");
    }
    // Other cookies change nothing: the cached page is served.
    let with_cookie = send(
        varnish.port,
        "GET",
        "/sport/",
        &[("Cookie", "consent=yes")],
        Vec::new(),
    )
    .await;
    assert_eq!(cache(&with_cookie), "HIT");

    // Only the nodes purge.
    assert_eq!(purge_from_elsewhere(varnish.port, "list:home").await, 403);
    assert_eq!(cache(&get(varnish.port, "/sport/").await), "HIT");

    drop((a, b, varnish));
    bucket.clear().await;
    common::drop_postgres_database(&database).await;
}
