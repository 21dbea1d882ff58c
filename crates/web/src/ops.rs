//! Operations endpoints: liveness, readiness, metrics.
//!
//! `/metrics` says how busy each route is and how the caches behave: useful to an
//! attacker timing their traffic, so it answers only the address ranges in
//! `Settings::metrics_allow` (loopback by default) or a request bearing
//! `Settings::metrics_token`.

use crate::App;
use crate::rejections::say;
use axum::Extension;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};

/// The process is up and answering.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// The node can serve: its database answers.
pub async fn readyz(State(app): State<App>) -> impl IntoResponse {
    match app.store.ping().await {
        Ok(()) => (StatusCode::OK, "ready\n"),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
        }
    }
}

pub async fn metrics(
    State(app): State<App>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
) -> Response {
    let client = crate::desk::client_addr(
        connect.as_ref().map(|c| &c.0),
        &headers,
        app.settings.trust_proxy,
    );
    if !may_read_metrics(&app.settings, client, &headers) {
        return say(
            StatusCode::FORBIDDEN,
            "The metrics are open only to the addresses in metrics_allow, or to a request bearing metrics_token; ask whoever runs this site.",
        );
    }
    app.metrics.cached_pages.set(app.cache.len() as i64);
    app.metrics.cached_bytes.set(app.cache.weight() as i64);
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        app.metrics.encode(),
    )
        .into_response()
}

fn may_read_metrics(
    settings: &crate::Settings,
    client: Option<IpAddr>,
    headers: &HeaderMap,
) -> bool {
    if let Some(token) = settings.metrics_token.as_deref().filter(|t| !t.is_empty()) {
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        // Compared by hash, so the time taken says nothing about the token.
        if bearer.is_some_and(|b| newsdesk_auth::token_hash(b) == newsdesk_auth::token_hash(token))
        {
            return true;
        }
    }
    client.is_some_and(|ip| {
        settings
            .metrics_allow
            .iter()
            .any(|range| range.contains(ip))
    })
}

/// A block of client addresses, `10.0.0.0/8` or `::1/128`; a bare address is a block of one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddressRange {
    network: IpAddr,
    prefix: u8,
}

impl AddressRange {
    /// Loopback, IPv4 and IPv6: the default reader of `/metrics`.
    pub fn loopback() -> Vec<AddressRange> {
        vec![
            AddressRange {
                network: IpAddr::from([127, 0, 0, 0]),
                prefix: 8,
            },
            AddressRange {
                network: IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
                prefix: 128,
            },
        ]
    }

    /// Whether `ip` is in this block. An IPv4 client seen over IPv6 (`::ffff:10.0.0.1`)
    /// counts as its IPv4 address.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl std::str::FromStr for AddressRange {
    type Err = String;

    fn from_str(text: &str) -> Result<AddressRange, String> {
        let text = text.trim();
        let (address, prefix) = text
            .split_once('/')
            .map_or((text, None), |(a, p)| (a, Some(p)));
        let network: IpAddr = address
            .parse()
            .map_err(|_| format!("{text:?} is not an address or a range like 10.0.0.0/8"))?;
        let most = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => most,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= most)
                .ok_or_else(|| format!("{text:?}: the part after / must be 0 to {most}"))?,
        };
        Ok(AddressRange { network, prefix })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(text: &str) -> AddressRange {
        text.parse().unwrap()
    }

    #[test]
    fn address_ranges_hold_what_they_say() {
        let ip = |t: &str| t.parse::<IpAddr>().unwrap();
        assert!(range("10.0.0.0/8").contains(ip("10.200.3.4")));
        assert!(!range("10.0.0.0/8").contains(ip("11.0.0.1")));
        assert!(range("192.168.1.7").contains(ip("192.168.1.7")));
        assert!(!range("192.168.1.7").contains(ip("192.168.1.8")));
        assert!(range("0.0.0.0/0").contains(ip("203.0.113.9")));
        assert!(range("fd00::/8").contains(ip("fd12::1")));
        assert!(range("10.0.0.0/8").contains(ip("::ffff:10.0.0.1")));
        assert!(!range("::/0").contains(ip("10.0.0.1")));
        for bad in ["10.0.0.0/33", "ten", "10.0.0.0/", "::1/129"] {
            assert!(bad.parse::<AddressRange>().is_err(), "{bad}");
        }
    }
}
