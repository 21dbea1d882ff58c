//! Media on S3-compatible object storage, against a real S3 server (s3s-fs, which `.ci/run`
//! starts on loopback): two `newsdesk serve` processes sharing one database and one
//! bucket, the picture uploaded through one and served byte for byte by the other, which
//! makes no rendition of its own; the public-URL redirect; backup, verify, restore, export
//! and import with the pictures in the bucket; a missing object answering 404.
//!
//! Every test here is `#[ignore]`d, because it needs the server; the full run
//! (`-- --include-ignored`) fails them when `NEWSDESK_TEST_S3_URL` is not set.

use crate::common;

use common::process::{
    Answer, Server, add_admin, free_port, newsdesk_on, ok, refused, send, upload_picture,
};
use common::s3::{TestBucket, test_bucket};
use newsdesk_store::{Backend, ConnectOptions, Store};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

async fn get(port: u16, path: &str) -> Answer {
    send(port, "GET", path, &[], Vec::new()).await
}

/// A newsroom whose media are in a bucket: a data folder per node, one database (the
/// first node's SQLite file, or a PostgreSQL database), one prefix in the bucket.
struct Install {
    dir: tempfile::TempDir,
    database_url: String,
    postgres: bool,
    bucket: TestBucket,
}

impl Install {
    async fn new(backend: Backend, bucket: TestBucket) -> Install {
        let dir = tempfile::tempdir().unwrap();
        let (database_url, postgres) = match backend {
            Backend::Sqlite => (
                format!("sqlite://{}", dir.path().join("newsdesk.db").display()),
                false,
            ),
            Backend::Postgres => (common::blank_postgres_database("s3").await, true),
        };
        Install {
            dir,
            database_url,
            postgres,
            bucket,
        }
    }

    /// A node's own folder (search index; no media, which are in the bucket).
    fn node_dir(&self, node: &str) -> PathBuf {
        self.dir.path().join(node)
    }

    /// `newsdesk` as node `node` runs it.
    fn cmd(&self, node: &str) -> Command {
        let mut cmd = newsdesk_on(&self.node_dir(node), Some(&self.database_url));
        self.bucket.configure(&mut cmd);
        cmd
    }

    fn serve(&self, node: &str, extra: &[(&str, &str)]) -> (Server, u16) {
        let port = free_port();
        let mut cmd = self.cmd(node);
        cmd.args(["serve", "--listen", &format!("127.0.0.1:{port}")]);
        for (name, value) in extra {
            cmd.env(name, value);
        }
        (Server::start(cmd, port), port)
    }

    /// The first administrator and an Admin API token for uploads.
    fn admin_token(&self) -> String {
        ok(self.cmd("a").arg("migrate").output().unwrap());
        add_admin(self.cmd("a"), "desk@example.com");
        let token = ok(self
            .cmd("a")
            .args([
                "token",
                "add",
                "desk@example.com",
                "--name",
                "pictures",
                "--scopes",
                "content:read content:write media",
            ])
            .output()
            .unwrap());
        token.trim().to_owned()
    }

    async fn store(&self) -> Store {
        Store::connect(&self.database_url, &ConnectOptions::default())
            .await
            .unwrap()
    }

    /// Leaves nothing behind: the prefix's objects and the PostgreSQL database.
    async fn finish(self) {
        self.bucket.clear().await;
        if self.postgres {
            common::drop_postgres_database(&self.database_url).await;
        }
    }
}

/// A picture wide enough for three rendition widths, sent to the Admin API; the keys
/// of every file the answer names (original first).
async fn upload(port: u16, token: &str) -> Vec<String> {
    let jpeg = newsdesk_media::fixtures::jpeg_sized_with(1100, 700, &[]);
    let answer = upload_picture(port, token, "harbour.jpg", &jpeg).await;
    let json: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
    let picture = &json["picture"];
    let key_of = |url: &serde_json::Value| {
        url.as_str()
            .and_then(|u| u.rsplit_once("/media/"))
            .map(|(_, key)| key.to_owned())
            .unwrap_or_else(|| panic!("no media URL in {json}"))
    };
    let mut keys = vec![key_of(&picture["url"])];
    for rendition in picture["renditions"].as_array().expect("renditions") {
        let key = key_of(&rendition["url"]);
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// Whether a node kept anything in a local media folder (it must not: the bucket holds all).
fn local_media_files(node_dir: &Path) -> usize {
    std::fs::read_dir(node_dir.join("media")).map_or(0, |d| d.count())
}

async fn two_nodes_serve_the_same_files_and_only_the_uploading_node_makes_renditions(
    backend: Backend,
) {
    let install = Install::new(backend, test_bucket()).await;
    let token = install.admin_token();
    let (_a, port_a) = install.serve("a", &[]);
    let (_b, port_b) = install.serve("b", &[]);

    let keys = upload(port_a, &token).await;
    // 1100 px wide: the original and 320, 640 and 960, each in JPEG and WebP.
    assert_eq!(keys.len(), 8, "{keys:?}");
    let mut stored = install.bucket.keys().await;
    let mut expected = keys.clone();
    expected.sort();
    assert_eq!(
        stored, expected,
        "the bucket holds exactly the picture's files"
    );

    for key in &keys {
        let in_bucket = install.bucket.get(key).await;
        let from_b = get(port_b, &format!("/media/{key}")).await;
        assert_eq!(from_b.status, 200, "{key}: {}", from_b.text());
        assert!(from_b.body == in_bucket, "{key}: node B's bytes differ");
        assert_eq!(from_b.header("content-length"), in_bucket.len().to_string());
        assert_eq!(
            from_b.header("content-type"),
            newsdesk_media::content_type_of(key)
        );
        assert_eq!(
            from_b.header("cache-control"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(from_b.header("etag"), format!("\"{key}\""));
        let from_a = get(port_a, &format!("/media/{key}")).await;
        assert!(from_a.body == in_bucket, "{key}: node A's bytes differ");
        // A browser that has it is told so, without the file.
        let etag = format!("\"{key}\"");
        let again = send(
            port_b,
            "GET",
            &format!("/media/{key}"),
            &[("If-None-Match", &etag)],
            Vec::new(),
        )
        .await;
        assert_eq!(again.status, 304);
        assert!(again.body.is_empty());
    }
    // Serving made nothing: the renditions were made once, by the node that took the
    // upload, and neither node wrote a file of its own.
    stored = install.bucket.keys().await;
    assert_eq!(stored, expected);
    assert_eq!(local_media_files(&install.node_dir("a")), 0);
    assert_eq!(local_media_files(&install.node_dir("b")), 0);
    // The same picture sent again through node B is the same files: nothing new.
    let again = upload(port_b, &token).await;
    assert_eq!(again, keys);
    assert_eq!(install.bucket.keys().await, expected);

    // An object gone from the bucket is "not found" on every node, not a server error;
    // so is a name that was never stored.
    let lost = &keys[1];
    install.bucket.delete(lost).await;
    for port in [port_a, port_b] {
        let gone = get(port, &format!("/media/{lost}")).await;
        assert_eq!(gone.status, 404, "{}", gone.text());
        let never = get(port, "/media/0123456789abcdef0123456789abcdef.jpg").await;
        assert_eq!(never.status, 404);
        let climbing = get(port, "/media/..%2Fsecrets.jpg").await;
        assert_eq!(climbing.status, 404);
    }
    // The other files are still served.
    assert_eq!(
        get(port_b, &format!("/media/{}", keys[0])).await.status,
        200
    );
    drop((_a, _b));
    install.finish().await;
}

async fn backup_verify_restore_export_and_import_keep_the_bucket_files(backend: Backend) {
    let live = Install::new(backend, test_bucket()).await;
    let token = live.admin_token();
    let (server, port) = live.serve("a", &[]);
    let keys = upload(port, &token).await;
    drop(server);
    let mut expected = keys.clone();
    expected.sort();

    // verify reads every file from the bucket and checks it against its recorded hash.
    let said = live.cmd("a").arg("verify").output().unwrap();
    let stderr = String::from_utf8_lossy(&said.stderr).into_owned();
    assert!(
        said.status.success() && stderr.contains("verified"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("all {} media files match", keys.len())),
        "{stderr}"
    );

    // A backup is a folder on this machine: the bucket's files land in it as plain files.
    let work = tempfile::tempdir().unwrap();
    let backup = work.path().join("nightly");
    ok(live.cmd("a").arg("backup").arg(&backup).output().unwrap());
    for key in &keys {
        let copied = std::fs::read(backup.join("media").join(key)).unwrap();
        assert!(copied == live.bucket.get(key).await, "{key} in the backup");
    }
    // So is an export.
    let export = work.path().join("export");
    ok(live.cmd("a").arg("export").arg(&export).output().unwrap());
    for key in &keys {
        let copied = std::fs::read(export.join("media").join(key)).unwrap();
        assert!(copied == live.bucket.get(key).await, "{key} in the export");
    }

    // Restored into a new database and an empty prefix: the same files, verified.
    let restored = Install::new(backend, live.bucket.another_prefix()).await;
    ok(restored
        .cmd("a")
        .arg("restore")
        .arg(&backup)
        .output()
        .unwrap());
    assert_eq!(restored.bucket.keys().await, expected);
    for key in &keys {
        assert!(
            restored.bucket.get(key).await == live.bucket.get(key).await,
            "{key}"
        );
    }
    let said = restored.cmd("a").arg("verify").output().unwrap();
    let stderr = String::from_utf8_lossy(&said.stderr).into_owned();
    assert!(
        said.status.success() && stderr.contains("verified"),
        "{stderr}"
    );
    let store = restored.store().await;
    assert_eq!(store.media_files().await.unwrap().len(), keys.len());
    store.close().await;
    // The restored newsroom serves its pictures from its own prefix.
    let (server, port) = restored.serve("b", &[]);
    let served = get(port, &format!("/media/{}", keys[0])).await;
    assert!(served.body == live.bucket.get(&keys[0]).await);
    drop(server);

    // A restore never mixes two newsrooms: into a blank database but a prefix that
    // holds pictures, it is refused, naming the bucket.
    let mut same_prefix = test_bucket();
    same_prefix.prefix = restored.bucket.prefix.clone();
    let mixing = Install::new(backend, same_prefix).await;
    let said = refused(
        mixing
            .cmd("a")
            .arg("restore")
            .arg(&backup)
            .output()
            .unwrap(),
    );
    assert!(
        said.contains("not empty") && said.contains("s3://"),
        "{said}"
    );

    // verify catches a file changed in the bucket, and one missing from it.
    let (changed, lost) = (&keys[0], &keys[1]);
    let mut bytes = restored.bucket.get(changed).await;
    let last = bytes.len() - 1;
    bytes[last] ^= 0xFF;
    restored.bucket.put(changed, bytes).await;
    restored.bucket.delete(lost).await;
    let caught = refused(restored.cmd("a").arg("verify").output().unwrap());
    assert!(
        caught.contains(changed) && caught.contains("changed"),
        "{caught}"
    );
    assert!(
        caught.contains(lost) && caught.contains("missing"),
        "{caught}"
    );
    // A backup of an install whose bucket lost a file says which.
    let partial = work.path().join("partial");
    let said = refused(
        restored
            .cmd("a")
            .arg("backup")
            .arg(&partial)
            .output()
            .unwrap(),
    );
    assert!(said.contains(changed) || said.contains(lost), "{said}");

    // The export loads into a new database, its pictures written to the bucket.
    let loaded = Install::new(backend, live.bucket.another_prefix()).await;
    ok(loaded.cmd("a").arg("migrate").output().unwrap());
    ok(loaded
        .cmd("a")
        .args(["import", "newsdesk"])
        .arg(&export)
        .output()
        .unwrap());
    assert_eq!(loaded.bucket.keys().await, expected);
    for key in &keys {
        assert!(
            loaded.bucket.get(key).await == live.bucket.get(key).await,
            "{key}"
        );
    }

    for install in [live, restored, mixing, loaded] {
        install.finish().await;
    }
}

/// Where files are public elsewhere, a node answers `/media/KEY` with a redirect there
/// and reads nothing from the bucket.
async fn a_public_url_turns_media_answers_into_redirects() {
    let install = Install::new(Backend::Sqlite, test_bucket()).await;
    ok(install.cmd("a").arg("migrate").output().unwrap());
    let (_server, port) = install.serve(
        "a",
        &[(
            "NEWSDESK_MEDIA_PUBLIC_URL",
            "https://cdn.example.com/pictures/",
        )],
    );
    let key = "0123456789abcdef0123456789abcdef-640.webp";
    let answer = get(port, &format!("/media/{key}")).await;
    assert_eq!(answer.status, 302);
    assert_eq!(
        answer.header("location"),
        format!("https://cdn.example.com/pictures/{key}")
    );
    assert_eq!(answer.header("cache-control"), "public, max-age=86400");
    // A name that could never be a media file is not sent on.
    let answer = get(port, "/media/not..a.key").await;
    assert_eq!(answer.status, 404);
    drop(_server);
    install.finish().await;
}

/// A wrong secret stops `serve` at start, with the reason, instead of failing every
/// picture later.
async fn a_bucket_that_refuses_the_credentials_stops_serve_with_the_reason() {
    let install = Install::new(Backend::Sqlite, test_bucket()).await;
    ok(install.cmd("a").arg("migrate").output().unwrap());
    let mut cmd = install.cmd("a");
    install.bucket.configure_with_wrong_secret(&mut cmd);
    let port = free_port();
    let mut child = cmd
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("serve kept running with a wrong secret");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!said.contains("panicked"), "{said}");
    assert!(
        said.contains("media bucket") && said.contains(&install.bucket.prefix),
        "{said}"
    );
    install.finish().await;
}

macro_rules! s3_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                #[ignore = "needs an S3-compatible server: set NEWSDESK_TEST_S3_URL (.ci/run starts s3s-fs) and run `cargo test --workspace -- --include-ignored`"]
                async fn $name() {
                    super::$name(newsdesk_store::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                #[ignore = "needs an S3-compatible server and PostgreSQL: set NEWSDESK_TEST_S3_URL and NEWSDESK_TEST_POSTGRES_URL (.ci/run starts both) and run `cargo test --workspace -- --include-ignored`"]
                async fn $name() {
                    super::$name(newsdesk_store::Backend::Postgres).await;
                }
            )*
        }
    };
}

s3_tests!(
    two_nodes_serve_the_same_files_and_only_the_uploading_node_makes_renditions,
    backup_verify_restore_export_and_import_keep_the_bucket_files,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an S3-compatible server: set NEWSDESK_TEST_S3_URL (.ci/run starts s3s-fs) and run `cargo test --workspace -- --include-ignored`"]
async fn public_url_turns_media_answers_into_redirects() {
    a_public_url_turns_media_answers_into_redirects().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an S3-compatible server: set NEWSDESK_TEST_S3_URL (.ci/run starts s3s-fs) and run `cargo test --workspace -- --include-ignored`"]
async fn a_wrong_secret_stops_serve_with_the_reason() {
    a_bucket_that_refuses_the_credentials_stops_serve_with_the_reason().await;
}
