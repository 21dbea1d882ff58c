//! What the crash and failpoint tests share: a newsroom installed as an operator installs
//! one (a data folder, and a PostgreSQL database when not SQLite), the `serve` process on
//! it — started with failpoints armed, killed with SIGKILL, started again — and an Admin
//! API client that tells an acknowledged write from one that failed or got no answer. For
//! the power-cut runs, the data folder can sit on a filesystem that loses what was not
//! fsynced ([`PowerCutDisk`]).

use super::process::{Server, add_admin, body_of, free_port, newsdesk_on, ok, request};
use newsdesk_store::{Backend, ConnectOptions, Store};
use serde_json::Value;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A newsroom's data: its folder, and its PostgreSQL database when not the folder's SQLite.
pub struct Install {
    /// The power-cut filesystem the data folder is on, if any. Declared first so that it
    /// is unmounted before `dir`, which holds it, is removed.
    pub disk: Option<PowerCutDisk>,
    pub dir: tempfile::TempDir,
    pub url: Option<String>,
}

impl Install {
    /// An empty install; on PostgreSQL a fresh database with `amcheck` in it.
    pub async fn new(backend: Backend) -> Install {
        let url = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(blank_postgres_database().await),
        };
        Install {
            disk: None,
            dir: tempfile::tempdir().unwrap(),
            url,
        }
    }

    /// An empty SQLite install whose data folder (database and media) is on a
    /// [`PowerCutDisk`] mounted in a new temporary folder.
    pub fn on_power_cut_disk() -> Install {
        let dir = tempfile::tempdir().unwrap();
        Install {
            disk: Some(PowerCutDisk::mount(dir.path())),
            dir,
            url: None,
        }
    }

    /// The data folder `newsdesk --data-dir` is given.
    pub fn data_dir(&self) -> PathBuf {
        match &self.disk {
            Some(disk) => disk.data(),
            None => self.dir.path().to_owned(),
        }
    }

    pub fn backend(&self) -> Backend {
        if self.url.is_some() {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// `newsdesk` on this install.
    pub fn cmd(&self) -> Command {
        newsdesk_on(&self.data_dir(), self.url.as_deref())
    }

    /// The database URL `serve` uses.
    pub fn database_url(&self) -> String {
        match &self.url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.data_dir().join("newsdesk.db").display()),
        }
    }

    pub async fn store(&self) -> Store {
        Store::connect(&self.database_url(), &ConnectOptions::default())
            .await
            .unwrap()
    }

    /// An administrator and an Admin API token for every write; returns the token.
    pub fn admin_token(&self) -> String {
        let mut quiet = self.cmd();
        quiet.stdout(Stdio::null());
        add_admin(quiet, "desk@example.com");
        let token = ok(self
            .cmd()
            .args([
                "token",
                "add",
                "desk@example.com",
                "--name",
                "crash",
                "--scopes",
                "content:read content:write media structure",
            ])
            .output()
            .unwrap());
        token.trim().to_owned()
    }

    /// `serve` on a free port, with `failpoints` armed (`FAILPOINTS`, empty for none);
    /// waits until it answers. `None` when it did not come up within 60 seconds.
    pub fn serve(&self, failpoints: &str) -> Option<(Server, u16)> {
        let port = free_port();
        let mut cmd = self.cmd();
        cmd.args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if !failpoints.is_empty() {
            cmd.env("FAILPOINTS", failpoints);
        }
        let mut server = Server(cmd.spawn().unwrap());
        let started = Instant::now();
        while request(port, "GET", "/healthz", &[], b"").is_none() {
            if started.elapsed() > Duration::from_secs(60)
                || server.0.try_wait().ok().flatten().is_some()
            {
                return None;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        Some((server, port))
    }

    /// `newsdesk verify`: the database's own checks and every media file's hash. `Err`
    /// carries what it said.
    pub fn verify(&self) -> Result<(), String> {
        let out = self.cmd().arg("verify").output().unwrap();
        let said = String::from_utf8_lossy(&out.stderr).into_owned();
        if out.status.success() && said.contains("verified") {
            Ok(())
        } else {
            Err(said)
        }
    }

    /// Drops the PostgreSQL database, if any, and unmounts the power-cut filesystem.
    pub async fn finish(self) {
        if let Some(url) = self.url {
            super::drop_postgres_database(&url).await;
        }
    }
}

/// A folder on the power-cut filesystem (`tests/powercut/powercut.py`, a FUSE daemon run
/// with `NEWSDESK_TEST_PYTHON`): a pass-through view of a backing folder that holds each
/// file's written data in memory until the file is fsynced. [`PowerCutDisk::cut`] is the
/// power cut: the daemon goes with the mount and whatever it held goes with it. Names
/// (create, rename, unlink, mkdir) reach the backing folder at once — see the script for
/// what that model can and cannot find.
///
/// Needs root (to mount and unmount), `/dev/fuse`, Debian's `libfuse2` and `fusepy` in
/// that Python; `.ci/run` installs them.
pub struct PowerCutDisk {
    root: PathBuf,
    daemon: Option<Child>,
}

const POWER_CUT_DAEMON: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/powercut/powercut.py");

impl PowerCutDisk {
    /// Mounts a new, empty power-cut filesystem in `root` (at `root/data`, backed by
    /// `root/backing`; the daemon's log is `root/powercut.log`).
    pub fn mount(root: &Path) -> PowerCutDisk {
        std::fs::create_dir_all(root.join("backing")).unwrap();
        std::fs::create_dir_all(root.join("data")).unwrap();
        let mut disk = PowerCutDisk {
            root: root.to_owned(),
            daemon: None,
        };
        disk.start();
        disk
    }

    /// The mounted folder.
    pub fn data(&self) -> PathBuf {
        self.root.join("data")
    }

    /// The power cut. Whatever still writes to the folder must be stopped first (the
    /// server killed): the folder is unmounted, which ends the daemon without writing
    /// anything it held and drops the kernel's cache of the mount, then mounted again
    /// over what the backing folder kept.
    pub fn cut(&mut self) {
        if let Err(e) = self.unmount() {
            panic!("the power cut: {e}");
        }
        self.start();
    }

    /// Fsyncs every file and folder under the mount, as `sync` would on a real disk. A
    /// file the running server removes meanwhile (a temporary one) is passed over.
    pub fn sync(&self) {
        fn sync_one(path: &Path) {
            match std::fs::File::open(path) {
                Ok(file) => file.sync_all().unwrap(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => panic!("{}: {e}", path.display()),
            }
        }
        fn sync_tree(dir: &Path) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    sync_tree(&path);
                } else {
                    sync_one(&path);
                }
            }
            sync_one(dir);
        }
        sync_tree(&self.data());
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.root.join("powercut.log")).unwrap_or_default()
    }

    /// Starts the daemon and waits for it to say the mount answers.
    fn start(&mut self) {
        let log = std::fs::File::options()
            .create(true)
            .append(true)
            .open(self.root.join("powercut.log"))
            .unwrap();
        let python = super::python::python();
        let mut daemon = Command::new(&python)
            .arg(POWER_CUT_DAEMON)
            .arg(self.root.join("backing"))
            .arg(self.data())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
        let mut said = String::new();
        let stdout = daemon.stdout.take().unwrap();
        let _ = std::io::BufReader::new(stdout).read_line(&mut said);
        if said.trim() != "mounted" {
            let _ = daemon.kill();
            let _ = daemon.wait();
            panic!(
                "the power-cut filesystem did not mount: it needs root, /dev/fuse, Debian's \
                 libfuse2 and fusepy==3.0.1 in {python} (`apt-get install libfuse2`, `pip \
                 install fusepy==3.0.1`, NEWSDESK_TEST_PYTHON; .ci/run does it). It said:\n{}",
                self.log()
            );
        }
        self.daemon = Some(daemon);
    }

    /// Unmounts (retrying while the kernel still finds the mount busy, for up to 10
    /// seconds) and waits for the daemon to end.
    fn unmount(&mut self) -> Result<(), String> {
        let Some(mut daemon) = self.daemon.take() else {
            return Ok(());
        };
        let started = Instant::now();
        loop {
            let out = Command::new("umount")
                .arg(self.data())
                .output()
                .map_err(|e| format!("cannot run umount: {e}"))?;
            if out.status.success() {
                break;
            }
            if started.elapsed() > Duration::from_secs(30) {
                self.daemon = Some(daemon);
                return Err(format!(
                    "umount {} failed: {}; files open under it: {:?}",
                    self.data().display(),
                    String::from_utf8_lossy(&out.stderr),
                    open_files_under(&self.data())
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let status = daemon.wait().map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!(
                "the power-cut daemon ended with {status}:\n{}",
                self.log()
            ));
        }
        Ok(())
    }
}

/// Every process's open file under `dir`, as "pid command: path": what keeps a mount busy.
fn open_files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(processes) = std::fs::read_dir("/proc") else {
        return found;
    };
    for process in processes.flatten() {
        let Ok(fds) = std::fs::read_dir(process.path().join("fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            if let Ok(target) = std::fs::read_link(fd.path())
                && target.starts_with(dir)
            {
                let command =
                    std::fs::read_to_string(process.path().join("comm")).unwrap_or_default();
                found.push(format!(
                    "{} {}: {}",
                    process.file_name().to_string_lossy(),
                    command.trim(),
                    target.display()
                ));
            }
        }
    }
    found
}

impl Drop for PowerCutDisk {
    fn drop(&mut self) {
        if self.unmount().is_err() {
            // Never leave a mount behind: detach it, and end the daemon.
            let _ = Command::new("umount").arg("-l").arg(self.data()).status();
            if let Some(mut daemon) = self.daemon.take() {
                let _ = daemon.kill();
                let _ = daemon.wait();
            }
        }
    }
}

async fn blank_postgres_database() -> String {
    let url = super::blank_postgres_database("crash").await;
    // amcheck ships with PostgreSQL; creating it takes a superuser, which the test
    // server's user is. `newsdesk verify` uses it when it is there.
    let db = Store::connect(&url, &ConnectOptions::default())
        .await
        .unwrap();
    db.execute_admin("CREATE EXTENSION IF NOT EXISTS amcheck")
        .await
        .expect("the amcheck extension (part of PostgreSQL's own package)");
    db.close().await;
    url
}

/// How an Admin API write ended, as its client saw it.
#[derive(Debug)]
pub enum Outcome {
    /// A 2xx answer, with its JSON: the write is promised.
    Acked(Value),
    /// An answer, but not a 2xx: status and body.
    Refused(u16, String),
    /// No answer at all (the connection was refused or cut): the write may or may not
    /// have happened.
    NoAnswer,
}

/// An Admin API client with one token.
#[derive(Clone)]
pub struct Client {
    pub port: u16,
    pub token: String,
}

impl Client {
    pub fn send(&self, method: &str, path: &str, body: &[u8], content_type: &str) -> Outcome {
        let bearer = format!("Bearer {}", self.token);
        let headers = [
            ("Authorization", bearer.as_str()),
            ("Content-Type", content_type),
        ];
        let Some((status, answer)) = request(
            self.port,
            method,
            &format!("/api/admin/v1{path}"),
            &headers,
            body,
        ) else {
            return Outcome::NoAnswer;
        };
        let body = body_of(&answer);
        if !(200..300).contains(&status) {
            return Outcome::Refused(status, body.to_owned());
        }
        // A 2xx whose body is cut short (the server died while sending it) still
        // promised the write; but what it promised cannot be read.
        match serde_json::from_str(body) {
            Ok(v) => Outcome::Acked(v),
            Err(_) => Outcome::NoAnswer,
        }
    }

    pub fn json(&self, method: &str, path: &str, body: &Value) -> Outcome {
        self.send(
            method,
            path,
            body.to_string().as_bytes(),
            "application/json",
        )
    }

    /// Uploads `picture` (a PNG) with `caption`.
    pub fn upload(&self, picture: &[u8], caption: &str) -> Outcome {
        let boundary = "crash-test-boundary-7c1f";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\n{caption}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.png\"\r\n\
             Content-Type: image/png\r\n\r\n"
        )
        .into_bytes();
        body.extend(picture);
        body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.send(
            "POST",
            "/pictures/",
            &body,
            &format!("multipart/form-data; boundary={boundary}"),
        )
    }

    /// Makes the section the stories go in; its id.
    pub fn section(&self, name: &str) -> i64 {
        match self.json(
            "POST",
            "/sections/",
            &serde_json::json!({"section": {"name": name}}),
        ) {
            Outcome::Acked(v) => v["section"]["id"].as_i64().unwrap(),
            other => panic!("the section was not made: {other:?}"),
        }
    }
}

/// A PNG no other call makes: `seed` colours its blocks, so each upload is a new picture
/// (content-hash names) with renditions of its own.
pub fn picture(seed: u64) -> Vec<u8> {
    // Never zero, and no two seeds alike (xorshift stays at zero once there).
    let mut state = (seed ^ 0x9E37_79B9_7F4A_7C15).max(1);
    let mut next = move || {
        // xorshift: enough to make every picture different.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let blocks: Vec<[u8; 3]> = (0..64)
        .map(|_| {
            let v = next().to_le_bytes();
            [v[0], v[1], v[2]]
        })
        .collect();
    let img = image::RgbImage::from_fn(400, 240, |x, y| {
        image::Rgb(blocks[((y / 30) * 8 + (x / 50)) as usize % blocks.len()])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A pool on the install's database for the tests' own checks, which read the tables as
/// they are rather than through the store's operations.
pub async fn raw_pool(install: &Install) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::any::AnyPoolOptions::new()
        .max_connections(2)
        .connect(&install.database_url())
        .await
        .unwrap()
}

/// What a story looks like in the database, for comparing with what was acknowledged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoryRow {
    pub version: i64,
    pub state: String,
    pub headline: String,
    pub standfirst: String,
    pub body_markdown: String,
}

/// Every way a story or a picture is torn in the database: its story row, its newest
/// revision and its change-log rows must have been written together. Precisely:
///
/// - a story at version `v` has revisions `1..=v` exactly (every save writes one; these
///   tests make no corrections, the one write that raises the version without one), and
///   the revision numbered `v` holds the story's headline, standfirst and body;
/// - it has exactly `v` change-log rows (every save appends one, in its transaction);
/// - no change-log row names a story or a picture that is not there;
/// - a picture has its renditions and exactly one change-log row.
pub async fn torn(pool: &sqlx::AnyPool) -> Vec<String> {
    use std::collections::HashMap;
    let mut torn = Vec::new();
    let stories: Vec<(i64, i64, String, String, String)> = sqlx::query_as(
        "SELECT id, version, headline, standfirst, body_markdown FROM articles ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let revisions: HashMap<i64, (i64, i64)> = sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT article_id, COUNT(*), MAX(version) FROM revisions GROUP BY article_id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .into_iter()
    .map(|(id, count, newest)| (id, (count, newest)))
    .collect();
    let newest: HashMap<i64, (String, String, String)> =
        sqlx::query_as::<_, (i64, String, String, String)>(
            "SELECT r.article_id, r.headline, r.standfirst, r.body_markdown \
             FROM revisions r JOIN articles a ON a.id = r.article_id AND r.version = a.version",
        )
        .fetch_all(pool)
        .await
        .unwrap()
        .into_iter()
        .map(|(id, h, s, b)| (id, (h, s, b)))
        .collect();
    let mut changes: HashMap<String, i64> =
        sqlx::query_as::<_, (String, i64)>("SELECT object, COUNT(*) FROM changes GROUP BY object")
            .fetch_all(pool)
            .await
            .unwrap()
            .into_iter()
            .collect();
    for (id, version, headline, standfirst, body) in stories {
        let (count, top) = revisions.get(&id).copied().unwrap_or((0, 0));
        if count != version || top != version {
            torn.push(format!(
                "story {id} is at version {version} with {count} revisions (newest {top})"
            ));
        }
        let logged = changes.remove(&format!("article:{id}")).unwrap_or(0);
        if logged != version {
            torn.push(format!(
                "story {id} is at version {version} with {logged} change-log rows"
            ));
        }
        if newest.get(&id) != Some(&(headline, standfirst, body)) {
            torn.push(format!(
                "story {id}'s revision {version} does not hold what the story holds"
            ));
        }
    }
    let pictures: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT m.id, COUNT(r.media_id) FROM media m \
         LEFT JOIN media_renditions r ON r.media_id = m.id GROUP BY m.id ORDER BY m.id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (id, renditions) in pictures {
        let logged = changes.remove(&format!("media:{id}")).unwrap_or(0);
        if renditions == 0 || logged != 1 {
            torn.push(format!(
                "picture {id} has {renditions} renditions and {logged} change-log rows"
            ));
        }
    }
    // What is left names stories or pictures that are not there.
    let mut dangling: Vec<String> = changes
        .into_keys()
        .filter(|o| o.starts_with("article:") || o.starts_with("media:"))
        .collect();
    dangling.sort();
    torn.extend(
        dangling
            .into_iter()
            .map(|object| format!("a change-log row names {object}, which is not there")),
    );
    torn
}

/// The database's own check of itself: SQLite's `PRAGMA integrity_check`, PostgreSQL's
/// `amcheck` over every B-tree index of the schema (heap included). Empty when clean.
pub async fn integrity(pool: &sqlx::AnyPool, backend: Backend) -> Vec<String> {
    match backend {
        Backend::Sqlite => {
            let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_all(pool)
                .await
                .unwrap();
            rows.into_iter().filter(|r| r != "ok").collect()
        }
        Backend::Postgres => {
            let indexes: Vec<String> = sqlx::query_scalar(
                "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) \
                 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
                 JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE a.amname = 'btree' AND n.nspname = current_schema() ORDER BY 1",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            assert!(indexes.len() > 10, "the schema's indexes: {indexes:?}");
            let mut problems = Vec::new();
            for index in indexes {
                let checked: Result<i64, sqlx::Error> = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM (SELECT bt_index_check($1::regclass, true)) AS c",
                )
                .bind(&index)
                .fetch_one(pool)
                .await;
                if let Err(e) = checked {
                    problems.push(format!("{index}: {e}"));
                }
            }
            problems
        }
    }
}

/// A story as the database holds it, or `None`.
pub async fn story_row(pool: &sqlx::AnyPool, id: i64) -> Option<StoryRow> {
    let row: Option<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT version, state, headline, standfirst, body_markdown FROM articles WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
    .unwrap();
    row.map(
        |(version, state, headline, standfirst, body_markdown)| StoryRow {
            version,
            state,
            headline,
            standfirst,
            body_markdown,
        },
    )
}
