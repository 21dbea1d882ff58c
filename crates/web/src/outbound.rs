//! Requests Newsdesk itself sends: purges to the HTTP cache in front and webhooks to a
//! newsroom's integrations. One client for both, speaking `http://` and `https://`
//! (rustls with Mozilla's roots built in: no OpenSSL, no system store to keep current).
//!
//! Anyone who may add a webhook chooses where the server sends requests, so every request
//! is first checked against server-side request forgery: each address the host resolves to
//! must be on the public internet (not loopback, private, link-local — where cloud metadata
//! answers — shared, multicast or reserved) unless `outbound_allow` names it. The vetted
//! addresses are the ones connected to: the name is resolved once per connection, so a
//! DNS answer cannot change between the check and the connection. Redirects are followed
//! by hand, at most three, and each hop is checked the same way.

use crate::AddressRange;
use axum::body::{Bytes, HttpBody};
use axum::http::{HeaderMap, Method, Request, StatusCode, Uri, header};
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::dns::Name;
use hyper_util::rt::TokioExecutor;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
const MAX_REDIRECTS: usize = 3;
/// What is kept of an answer's body: enough to show an endpoint's error message.
pub const EXCERPT_BYTES: usize = 1024;

/// Why a request was not sent, or got no answer. The messages name the host and say
/// what to do; the caller puts what the address is for in front ("webhook endpoint …").
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OutboundError {
    #[error("{url:?} is not an http:// or https:// address")]
    BadUrl { url: String },
    #[error("{} is {why}; set outbound_allow = [\"{ip}/{}\"] in the configuration to allow it", shown(host, *ip), if ip.is_ipv4() { 32 } else { 128 })]
    Refused {
        host: String,
        ip: IpAddr,
        why: &'static str,
    },
    #[error("{host} cannot be found: {reason}")]
    Unresolved { host: String, reason: String },
    #[error("{host} did not answer within {seconds} s")]
    Timeout { host: String, seconds: u64 },
    #[error("{host} sent more than {MAX_REDIRECTS} redirects")]
    TooManyRedirects { host: String },
    #[error("{host} redirected to {location:?}, which is not an http:// or https:// address")]
    BadRedirect { host: String, location: String },
    #[error("{host} answered {status}")]
    Status { host: String, status: StatusCode },
    #[error("{host} sent more than the {limit} bytes allowed")]
    TooLarge { host: String, limit: u64 },
    #[error("{host} could not be reached: {reason}")]
    Failed { host: String, reason: String },
}

/// `10.0.0.5`, or `intranet (10.0.0.5)` for a name.
fn shown(host: &str, ip: IpAddr) -> String {
    if host.parse::<IpAddr>().is_ok() {
        ip.to_string()
    } else {
        format!("{host} ({ip})")
    }
}

/// An endpoint's answer: its status and the start of its body, as text.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: StatusCode,
    /// At most [`EXCERPT_BYTES`] of the body (cut at a character boundary).
    pub excerpt: String,
}

type Connector = HttpsConnector<HttpConnector<VettingResolver>>;

/// The one outgoing client; cheap to clone (connections are pooled and shared).
#[derive(Clone)]
pub struct Outbound {
    client: Client<Connector, Full<Bytes>>,
    allow: Arc<[AddressRange]>,
}

impl Outbound {
    /// A client trusting Mozilla's roots, refusing non-public addresses outside `allow`.
    pub fn new(allow: Vec<AddressRange>) -> Outbound {
        let roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        Outbound::with_roots(allow, roots)
    }

    /// A client trusting exactly `roots`: tests add their own self-signed certificate.
    fn with_roots(allow: Vec<AddressRange>, roots: rustls::RootCertStore) -> Outbound {
        let allow: Arc<[AddressRange]> = allow.into();
        let mut http = HttpConnector::new_with_resolver(VettingResolver {
            allow: allow.clone(),
        });
        http.enforce_http(false);
        http.set_connect_timeout(Some(CONNECT_TIMEOUT));
        let tls = rustls::ClientConfig::builder_with_provider(crypto_provider())
            .with_safe_default_protocol_versions()
            // Fixed at build time: ring implements every default protocol version.
            .expect("the ring provider supports TLS 1.2 and 1.3")
            .with_root_certificates(roots)
            .with_no_client_auth();
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(https);
        Outbound { client, allow }
    }

    /// Refuses at once an address that could never be sent to: not http(s), or written
    /// as an IP address that is not public. (A name is checked at each send.)
    pub fn check(&self, url: &str) -> Result<(), OutboundError> {
        let uri = parse_url(url)?;
        let host = bare_host(&uri);
        match host.parse::<IpAddr>() {
            Ok(ip) => vet(host, ip, &self.allow),
            Err(_) => Ok(()),
        }
    }

    /// Sends one request and reads the start of the answer, following up to three
    /// redirects (same method, headers and body; each hop checked); everything, redirects
    /// included, within `timeout`.
    pub async fn send(
        &self,
        method: &Method,
        url: &str,
        headers: &HeaderMap,
        body: Bytes,
        timeout: Duration,
    ) -> Result<Answer, OutboundError> {
        let uri = parse_url(url)?;
        let host = uri.host().unwrap_or_default().to_owned();
        let work = async {
            let answer = self.follow(method, uri, headers, body).await?;
            let status = answer.status();
            let excerpt = excerpt(answer.into_body()).await;
            Ok(Answer { status, excerpt })
        };
        tokio::time::timeout(timeout, work)
            .await
            .map_err(|_| OutboundError::Timeout {
                host,
                seconds: timeout.as_secs(),
            })?
    }

    /// Fetches a file (a picture an import names): `GET`, redirects followed and checked
    /// as for [`Outbound::send`], the whole body read — but never more than `max_bytes`,
    /// and everything within `timeout`. Any answer but 200 is an error naming it.
    pub async fn download(
        &self,
        url: &str,
        max_bytes: u64,
        timeout: Duration,
    ) -> Result<Bytes, OutboundError> {
        let uri = parse_url(url)?;
        let host = bare_host(&uri).to_owned();
        let timed_out = || OutboundError::Timeout {
            host: host.clone(),
            seconds: timeout.as_secs(),
        };
        let work = async {
            let answer = self
                .follow(&Method::GET, uri, &HeaderMap::new(), Bytes::new())
                .await?;
            if answer.status() != StatusCode::OK {
                return Err(OutboundError::Status {
                    host: host.clone(),
                    status: answer.status(),
                });
            }
            whole(answer.into_body(), max_bytes, &host).await
        };
        tokio::time::timeout(timeout, work)
            .await
            .map_err(|_| timed_out())?
    }

    /// Sends the request, following redirects, and gives back the final answer unread.
    async fn follow(
        &self,
        method: &Method,
        mut uri: Uri,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Result<axum::http::Response<axum::body::Body>, OutboundError> {
        for _ in 0..=MAX_REDIRECTS {
            let host = bare_host(&uri).to_owned();
            // The connector only resolves names; an address written as such is checked here.
            if let Ok(ip) = host.parse::<IpAddr>() {
                vet(&host, ip, &self.allow)?;
            }
            let mut request = Request::builder()
                .method(method.clone())
                .uri(uri.clone())
                .body(Full::new(body.clone()))
                .map_err(|e| OutboundError::Failed {
                    host: host.clone(),
                    reason: e.to_string(),
                })?;
            request.headers_mut().extend(headers.clone());
            let answer = self
                .client
                .request(request)
                .await
                .map_err(|e| why_not_sent(&host, &e))?;
            let location = answer
                .status()
                .is_redirection()
                .then(|| answer.headers().get(header::LOCATION))
                .flatten();
            if let Some(location) = location {
                uri = next_hop(&uri, location.to_str().unwrap_or_default())?;
                continue;
            }
            return Ok(answer.map(axum::body::Body::new));
        }
        Err(OutboundError::TooManyRedirects {
            host: bare_host(&uri).to_owned(),
        })
    }
}

/// rustls with *ring*: it builds with nothing but a C compiler (aws-lc-rs wants cmake and
/// takes minutes), at the cost of post-quantum key exchange, which is why rustls marks
/// this provider deprecated. Webhooks and purges carry no long-lived secrets worth it.
#[allow(deprecated)]
pub(crate) fn crypto_provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn parse_url(url: &str) -> Result<Uri, OutboundError> {
    url.trim()
        .parse::<Uri>()
        .ok()
        .filter(|u| matches!(u.scheme_str(), Some("http" | "https")))
        .filter(|u| u.host().is_some_and(|h| !h.is_empty()))
        .ok_or_else(|| OutboundError::BadUrl {
            url: url.to_owned(),
        })
}

/// The host of `uri` without the brackets of an IPv6 address.
fn bare_host(uri: &Uri) -> &str {
    let host = uri.host().unwrap_or_default();
    host.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host)
}

/// Where a `Location` sends the next request: an absolute http(s) address, or a path on
/// the same host. Anything else is refused rather than guessed at.
fn next_hop(from: &Uri, location: &str) -> Result<Uri, OutboundError> {
    let bad = || OutboundError::BadRedirect {
        host: bare_host(from).to_owned(),
        location: location.to_owned(),
    };
    if location.starts_with('/') && !location.starts_with("//") {
        let mut parts = from.clone().into_parts();
        parts.path_and_query = Some(location.parse().map_err(|_| bad())?);
        return Uri::from_parts(parts).map_err(|_| bad());
    }
    parse_url(location).map_err(|_| bad())
}

/// The refusal or failure behind a client error: a refusal raised by the resolver is
/// found in the error's chain of causes and reported as itself.
fn why_not_sent(host: &str, error: &(dyn std::error::Error + 'static)) -> OutboundError {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    let mut deepest = error.to_string();
    while let Some(e) = cause {
        if let Some(ours) = e.downcast_ref::<OutboundError>() {
            return ours.clone();
        }
        deepest = e.to_string();
        cause = e.source();
    }
    OutboundError::Failed {
        host: host.to_owned(),
        reason: deepest,
    }
}

/// Reads at most [`EXCERPT_BYTES`] of a body, then stops: a huge answer costs nothing.
async fn excerpt<B>(mut body: B) -> String
where
    B: HttpBody<Data = Bytes> + Unpin,
{
    let mut bytes = Vec::new();
    while bytes.len() < EXCERPT_BYTES {
        match body.frame().await {
            Some(Ok(frame)) => {
                if let Some(data) = frame.data_ref() {
                    bytes.extend_from_slice(data);
                }
            }
            _ => break,
        }
    }
    bytes.truncate(EXCERPT_BYTES);
    let mut text = String::from_utf8_lossy(&bytes).into_owned();
    // A multi-byte character cut at the limit shows as one replacement character.
    if text.ends_with('\u{fffd}') && bytes.len() == EXCERPT_BYTES {
        text.pop();
    }
    text
}

/// Reads a whole body, refusing one longer than `limit` bytes as soon as it is.
async fn whole<B>(mut body: B, limit: u64, host: &str) -> Result<Bytes, OutboundError>
where
    B: HttpBody<Data = Bytes> + Unpin,
    B::Error: std::fmt::Display,
{
    let mut bytes = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| OutboundError::Failed {
            host: host.to_owned(),
            reason: e.to_string(),
        })?;
        if let Some(data) = frame.data_ref() {
            if (bytes.len() + data.len()) as u64 > limit {
                return Err(OutboundError::TooLarge {
                    host: host.to_owned(),
                    limit,
                });
            }
            bytes.extend_from_slice(data);
        }
    }
    Ok(Bytes::from(bytes))
}

/// Resolves names for the connector and refuses the answer when any address in it is not
/// public (a name with one public and one private address is refused: the connection
/// could use either).
#[derive(Clone)]
struct VettingResolver {
    allow: Arc<[AddressRange]>,
}

impl tower::Service<Name> for VettingResolver {
    type Response = std::vec::IntoIter<SocketAddr>;
    type Error = OutboundError;
    type Future =
        Pin<Box<dyn Future<Output = Result<Self::Response, OutboundError>> + Send + 'static>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), OutboundError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        let allow = self.allow.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let unresolved = |reason: String| OutboundError::Unresolved {
                host: host.clone(),
                reason,
            };
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|e| unresolved(e.to_string()))?
                .collect();
            if addrs.is_empty() {
                return Err(unresolved("the name has no addresses".into()));
            }
            for addr in &addrs {
                vet(&host, addr.ip(), &allow)?;
            }
            Ok(addrs.into_iter())
        })
    }
}

/// Refuses `ip` unless it is public or `allow` names it.
fn vet(host: &str, ip: IpAddr, allow: &[AddressRange]) -> Result<(), OutboundError> {
    if allow.iter().any(|range| range.contains(ip)) {
        return Ok(());
    }
    match not_public(ip) {
        Some(why) => Err(OutboundError::Refused {
            host: host.to_owned(),
            ip,
            why,
        }),
        None => Ok(()),
    }
}

/// What `ip` is when it is not an address on the public internet; `None` when it is.
pub(crate) fn not_public(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => not_public_v4(v4),
        IpAddr::V6(v6) => not_public_v6(v6),
    }
}

fn not_public_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b) {
        (0, _) => "an unspecified address",
        (127, _) => "a loopback address",
        (10, _) | (192, 168) => "a private address",
        (172, 16..=31) => "a private address",
        (169, 254) => "a link-local address (where cloud metadata services answer)",
        (100, 64..=127) => "a shared address (carrier-grade NAT)",
        (192, 0) if c == 0 => "a reserved address",
        (198, 18..=19) => "a reserved address (benchmarking)",
        (224..=239, _) => "a multicast address",
        (240..=255, _) => "a reserved address",
        _ => return None,
    })
}

fn not_public_v6(ip: Ipv6Addr) -> Option<&'static str> {
    if ip.is_loopback() {
        return Some("a loopback address");
    }
    if ip.is_unspecified() {
        return Some("an unspecified address");
    }
    // Forms that carry an IPv4 address reach that address: judge it.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return not_public_v4(v4);
    }
    let s = ip.segments();
    let embedded = Ipv4Addr::from(((u32::from(s[6])) << 16) | u32::from(s[7]));
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] || s[..6] == [0; 6] {
        // NAT64 (64:ff9b::/96) and the old IPv4-compatible form (::a.b.c.d).
        return not_public_v4(embedded);
    }
    Some(match s[0] {
        0xff00..=0xffff => "a multicast address",
        0xfc00..=0xfdff => "a private address",
        0xfe80..=0xfebf => "a link-local address",
        0xfec0..=0xfeff => "a private address (site-local)",
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
