//! The outgoing client against real listeners on this machine: what it refuses, that a
//! redirect hop is checked like the first request, that `outbound_allow` opens exactly what
//! it names, and that https works (a local rustls server with its own certificate).

use super::*;
use axum::response::IntoResponse;
use std::sync::atomic::{AtomicUsize, Ordering};

const SECOND: Duration = Duration::from_secs(5);

fn ranges(list: &[&str]) -> Vec<AddressRange> {
    list.iter().map(|r| r.parse().unwrap()).collect()
}

async fn get(client: &Outbound, url: &str) -> Result<Answer, OutboundError> {
    client
        .send(&Method::GET, url, &HeaderMap::new(), Bytes::new(), SECOND)
        .await
}

/// A server on `ip` answering every request with `answer`; counts the requests.
async fn server(
    ip: &str,
    answer: impl Fn() -> axum::response::Response + Clone + Send + Sync + 'static,
) -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    let app = axum::Router::new().fallback(move || {
        counted.fetch_add(1, Ordering::SeqCst);
        let answer = answer.clone();
        async move { answer() }
    });
    let listener = tokio::net::TcpListener::bind((ip, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}"), hits)
}

fn ok() -> axum::response::Response {
    "hello".into_response()
}

#[test]
fn addresses_off_the_public_internet_are_named() {
    let ip = |t: &str| t.parse::<IpAddr>().unwrap();
    for (address, what) in [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.5", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.255", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("100.64.0.1", "shared"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("255.255.255.255", "reserved"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.1.2.3", "private"),
        ("64:ff9b::a9fe:a9fe", "link-local"),
    ] {
        let why = not_public(ip(address)).unwrap_or("public");
        assert!(why.contains(what), "{address}: {why}");
    }
    for public in [
        "1.1.1.1",
        "172.32.0.1",
        "100.128.0.1",
        "2606:4700::1111",
        "::ffff:8.8.8.8",
    ] {
        assert_eq!(not_public(ip(public)), None, "{public}");
    }
}

#[tokio::test]
async fn private_addresses_are_refused_with_a_reason_and_the_key_to_allow_them() {
    let client = Outbound::new(Vec::new());
    for (url, host, what) in [
        ("http://127.0.0.1:9/", "127.0.0.1", "loopback"),
        ("http://[::1]:9/", "::1", "loopback"),
        ("http://10.0.0.5/hook", "10.0.0.5", "private"),
        (
            "http://169.254.169.254/latest/meta-data/",
            "169.254.169.254",
            "link-local",
        ),
    ] {
        let refused = get(&client, url).await.unwrap_err();
        assert!(
            matches!(&refused, OutboundError::Refused { .. }),
            "{url}: {refused:?}"
        );
        let message = refused.to_string();
        assert!(message.starts_with(host), "{message}");
        assert!(message.contains(what), "{message}");
        assert!(message.contains("outbound_allow"), "{message}");
    }
}

#[tokio::test]
async fn a_name_resolving_to_loopback_is_refused_before_connecting() {
    let (url, hits) = server("127.0.0.1", ok).await;
    let port = url.rsplit(':').next().unwrap();
    let client = Outbound::new(Vec::new());
    let refused = get(&client, &format!("http://localhost:{port}/"))
        .await
        .unwrap_err();
    let message = refused.to_string();
    assert!(message.starts_with("localhost ("), "{message}");
    assert!(message.contains("loopback"), "{message}");
    assert_eq!(hits.load(Ordering::SeqCst), 0, "nothing was sent");
}

#[tokio::test]
async fn an_allowed_address_is_reached_and_its_answer_read() {
    let (url, hits) = server("127.0.0.1", ok).await;
    let client = Outbound::new(ranges(&["127.0.0.1/32"]));
    let answer = get(&client, &url).await.unwrap();
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.excerpt, "hello");
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_long_answer_is_cut_to_the_excerpt() {
    let (url, _) = server("127.0.0.1", || "é".repeat(5000).into_response()).await;
    let client = Outbound::new(ranges(&["127.0.0.1/32"]));
    let answer = get(&client, &url).await.unwrap();
    assert_eq!(answer.excerpt, "é".repeat(EXCERPT_BYTES / 2));
}

/// The first server is allowed (exactly its address); it redirects to a second one on
/// another loopback address that is not allowed. The hop is refused and the second
/// server never hears a thing — and with both allowed, the same redirect does reach it,
/// so the refusal is the check, not an unreachable server.
#[tokio::test]
async fn every_redirect_hop_is_checked_like_the_first_request() {
    let (target, target_hits) = server("127.0.0.2", ok).await;
    let location = format!("{target}/landing");
    let (start, start_hits) = server("127.0.0.1", move || {
        axum::response::Redirect::temporary(&location).into_response()
    })
    .await;

    let strict = Outbound::new(ranges(&["127.0.0.1/32"]));
    let refused = get(&strict, &start).await.unwrap_err();
    assert!(
        matches!(&refused, OutboundError::Refused { ip, .. } if ip.to_string() == "127.0.0.2"),
        "{refused:?}"
    );
    assert_eq!(start_hits.load(Ordering::SeqCst), 1);
    assert_eq!(
        target_hits.load(Ordering::SeqCst),
        0,
        "the hop was not sent"
    );

    let open = Outbound::new(ranges(&["127.0.0.1/32", "127.0.0.2/32"]));
    let answer = get(&open, &start).await.unwrap();
    assert_eq!(answer.excerpt, "hello");
    assert_eq!(target_hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_redirect_loop_stops_after_three_hops() {
    let (start, hits) = server("127.0.0.1", || {
        axum::response::Redirect::temporary("/again").into_response()
    })
    .await;
    let client = Outbound::new(ranges(&["127.0.0.1/32"]));
    let stopped = get(&client, &start).await.unwrap_err();
    assert!(
        matches!(stopped, OutboundError::TooManyRedirects { .. }),
        "{stopped:?}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1 + MAX_REDIRECTS);
}

#[tokio::test]
async fn addresses_that_are_not_http_are_refused() {
    let client = Outbound::new(Vec::new());
    for url in ["javascript:alert(1)", "ftp://example.com/", "/relative", ""] {
        let refused = get(&client, url).await.unwrap_err();
        assert!(
            matches!(refused, OutboundError::BadUrl { .. }),
            "{url}: {refused:?}"
        );
    }
}

/// A one-shot https server with a fresh self-signed certificate for 127.0.0.1; returns
/// its address and the certificate.
async fn tls_server() -> (String, rustls::pki_types::CertificateDer<'static>) {
    use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let generated = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let cert = generated.cert.der().clone();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(generated.key_pair.serialize_der()));
    let config = rustls::ServerConfig::builder_with_provider(crypto_provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.clone()], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(socket).await else {
                    return;
                };
                let mut seen = Vec::new();
                let mut buf = [0u8; 1024];
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let answer = "HTTP/1.1 200 OK\r\ncontent-length: 14\r\nconnection: close\r\n\r\nhello over tls";
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (format!("https://{addr}/"), cert)
}

#[tokio::test]
async fn https_is_spoken_and_the_certificate_checked() {
    let (url, cert) = tls_server().await;
    let allow = ranges(&["127.0.0.1/32"]);
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert).unwrap();
    let trusting = Outbound::with_roots(allow.clone(), roots);
    let answer = get(&trusting, &url).await.unwrap();
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.excerpt, "hello over tls");

    // The built-in roots do not know a self-signed certificate: no answer is read.
    let strict = Outbound::new(allow);
    let failed = get(&strict, &url).await.unwrap_err();
    assert!(
        matches!(&failed, OutboundError::Failed { reason, .. } if reason.to_lowercase().contains("certificate")),
        "{failed:?}"
    );
}

/// A download reads the whole body when it fits, refuses one longer than the limit, names
/// an answer that is not 200, and is refused on a private address like any request.
#[tokio::test]
async fn a_download_reads_the_whole_file_up_to_its_limit() {
    let big = vec![7u8; 300_000];
    let served = big.clone();
    let (url, _) = server("127.0.0.1", move || served.clone().into_response()).await;
    let client = Outbound::new(ranges(&["127.0.0.1/32"]));
    let bytes = client.download(&url, 1_000_000, SECOND).await.unwrap();
    assert_eq!(bytes.as_ref(), big.as_slice());
    let err = client.download(&url, 100_000, SECOND).await.unwrap_err();
    assert!(
        matches!(err, OutboundError::TooLarge { limit: 100_000, .. }),
        "{err:?}"
    );

    let (gone, _) = server("127.0.0.1", || StatusCode::NOT_FOUND.into_response()).await;
    let err = client.download(&gone, 1_000, SECOND).await.unwrap_err();
    assert_eq!(err.to_string(), "127.0.0.1 answered 404 Not Found");

    let closed = Outbound::new(Vec::new());
    let err = closed.download(&url, 1_000_000, SECOND).await.unwrap_err();
    assert!(matches!(err, OutboundError::Refused { .. }), "{err:?}");
}
