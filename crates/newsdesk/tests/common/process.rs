//! Running the `newsdesk` binary as an operator does, and speaking plain HTTP/1.1 to the
//! server it starts: for the tests of commands (`cli.rs`, `backup.rs`).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

/// The binary, with none of the operator's `NEWSDESK_*` settings leaking in.
pub fn newsdesk() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsdesk"));
    for (key, _) in std::env::vars() {
        if key.starts_with("NEWSDESK_") {
            cmd.env_remove(key);
        }
    }
    cmd.env_remove("RUST_LOG");
    cmd.env("NEWSDESK_LOG_LEVEL", "warn");
    cmd
}

/// The binary, on a data folder (and a database URL, when not the folder's SQLite).
pub fn newsdesk_on(data: &Path, database_url: Option<&str>) -> Command {
    let mut cmd = newsdesk();
    cmd.arg("--data-dir").arg(data);
    if let Some(url) = database_url {
        cmd.arg("--database-url").arg(url);
    }
    cmd
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running `serve`, stopped when dropped.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Server {
    /// Starts `command` (a `serve`) and waits until it answers `/healthz` on `port`.
    pub fn start(mut command: Command, port: u16) -> Server {
        let server = Server(command.stderr(std::process::Stdio::null()).spawn().unwrap());
        let started = Instant::now();
        while request(port, "GET", "/healthz", &[], b"").is_none() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "serve did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }
}

/// One HTTP/1.1 request; the status and the whole answer (head and body).
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .ok()?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body).ok()?;
    let mut out = Vec::new();
    stream.read_to_end(&mut out).ok()?;
    let out = String::from_utf8_lossy(&out).into_owned();
    let status = out.split(' ').nth(1)?.parse().ok()?;
    Some((status, out))
}

/// The body of an answer from [`request`].
pub fn body_of(answer: &str) -> &str {
    answer.split_once("\r\n\r\n").map_or("", |(_, b)| b)
}

/// A command's standard output, after checking it succeeded (showing both streams if not).
pub fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A command's standard error, after checking it refused — with a message, not a panic.
pub fn refused(output: Output) -> String {
    assert!(!output.status.success(), "expected a refusal");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// Runs `newsdesk user add --role admin EMAIL` through `cmd` (a `newsdesk` command with
/// its data folder set), the password given on standard input as a script would.
pub fn add_admin(mut cmd: Command, email: &str) {
    let mut add = cmd
        .args(["user", "add", "--role", "admin", email])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    add.stdin
        .take()
        .unwrap()
        .write_all(b"a long enough password\n")
        .unwrap();
    assert!(add.wait().unwrap().success());
}

/// An answer, whole: status, headers and the exact bytes.
pub struct Answer {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request to a server on this machine, read to the last byte (binary-safe, and
/// whatever framing the server chose).
pub async fn send(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> Answer {
    use http_body_util::{BodyExt, Full};
    use hyper_util::client::legacy::Client;
    use hyper_util::client::legacy::connect::HttpConnector;
    use hyper_util::rt::TokioExecutor;
    let client: Client<HttpConnector, Full<bytes::Bytes>> =
        Client::builder(TokioExecutor::new()).build_http();
    let mut request = axum::http::Request::builder()
        .method(method)
        .uri(format!("http://127.0.0.1:{port}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(Full::new(bytes::Bytes::from(body))).unwrap();
    let response = client.request(request).await.expect("the server answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("the whole body")
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

/// Uploads `jpeg` as `file_name` through the Admin API of the server on `port`; the
/// answer must be 201.
pub async fn upload_picture(port: u16, token: &str, file_name: &str, jpeg: &[u8]) -> Answer {
    let boundary = "newsdesk-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    body.extend(jpeg);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    let bearer = format!("Bearer {token}");
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let answer = send(
        port,
        "POST",
        "/api/admin/v1/pictures/",
        &[("Authorization", &bearer), ("Content-Type", &content_type)],
        body,
    )
    .await;
    assert_eq!(answer.status, 201, "{}", answer.text());
    answer
}
