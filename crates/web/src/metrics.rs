//! Prometheus metrics: requests and latencies by route, page cache hits and misses,
//! renders. Exposed at `/metrics` in the text format.

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::Arc;
use std::time::Instant;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub route: &'static str,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PageLabels {
    pub kind: &'static str,
}

fn latency_histogram() -> Histogram {
    // 50 µs … ~1.6 s
    Histogram::new(exponential_buckets(0.000_05, 2.0, 16))
}

/// The meters a cache hit touches, resolved once per rendered page so a hit does no label
/// lookups: hits of its kind, and requests and latency of its route with status 200.
pub struct PageMeters {
    pub route: &'static str,
    pub kind: &'static str,
    hits: Counter,
    ok_requests: Counter,
    ok_latency: Histogram,
}

impl PageMeters {
    pub fn hit(&self, metrics: &Metrics, status: u16, started: Instant) {
        self.hits.inc();
        if status == 200 {
            self.ok_latency.observe(started.elapsed().as_secs_f64());
            self.ok_requests.inc();
        } else {
            metrics.observe(self.route, status, started);
        }
    }
}

pub struct Metrics {
    registry: Registry,
    pub requests: Family<RouteLabels, Counter>,
    pub latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    pub cache_hits: Family<PageLabels, Counter>,
    pub cache_misses: Family<PageLabels, Counter>,
    pub render_seconds: Family<PageLabels, Histogram, fn() -> Histogram>,
    pub invalidated_pages: Counter,
    pub change_log_position: Gauge,
    pub change_notices: Counter,
    pub cached_pages: Gauge,
    pub cached_bytes: Gauge,
    pub purged_keys: Counter,
    pub purge_failures: Counter,
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("newsdesk");
        let requests = Family::<RouteLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        let cache_hits = Family::<PageLabels, Counter>::default();
        let cache_misses = Family::<PageLabels, Counter>::default();
        let render_seconds =
            Family::<PageLabels, Histogram, fn() -> Histogram>::new_with_constructor(
                latency_histogram,
            );
        let invalidated_pages = Counter::default();
        let change_log_position = Gauge::default();
        let change_notices = Counter::default();
        let cached_pages = Gauge::default();
        let cached_bytes = Gauge::default();
        let purged_keys = Counter::default();
        let purge_failures = Counter::default();
        registry.register(
            "http_cache_purged_keys",
            "Surrogate keys sent to the HTTP cache in front to purge",
            purged_keys.clone(),
        );
        registry.register(
            "http_cache_purge_failures",
            "Purge requests the HTTP cache in front did not accept",
            purge_failures.clone(),
        );
        registry.register(
            "http_requests",
            "HTTP requests answered, by route and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer, by route and status",
            latency.clone(),
        );
        registry.register(
            "page_cache_hits",
            "Pages served from the page cache",
            cache_hits.clone(),
        );
        registry.register(
            "page_cache_misses",
            "Pages rendered because the cache did not hold them",
            cache_misses.clone(),
        );
        registry.register(
            "page_render_duration_seconds",
            "Time to load and render a page on a miss",
            render_seconds.clone(),
        );
        registry.register(
            "page_cache_invalidated_pages",
            "Cached pages dropped by changes",
            invalidated_pages.clone(),
        );
        registry.register(
            "change_log_position",
            "Last change-log row this node has applied",
            change_log_position.clone(),
        );
        registry.register(
            "change_notices",
            "Times this node woke on a PostgreSQL notice of new change-log rows",
            change_notices.clone(),
        );
        registry.register(
            "page_cache_pages",
            "Pages in the page cache",
            cached_pages.clone(),
        );
        registry.register(
            "page_cache_bytes",
            "Weight of the page cache in bytes",
            cached_bytes.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            cache_hits,
            cache_misses,
            render_seconds,
            invalidated_pages,
            change_log_position,
            change_notices,
            cached_pages,
            cached_bytes,
            purged_keys,
            purge_failures,
        }
    }

    pub fn page_meters(
        &self,
        route: &'static str,
        kind: &'static str,
    ) -> std::sync::Arc<PageMeters> {
        let ok = RouteLabels { route, status: 200 };
        std::sync::Arc::new(PageMeters {
            route,
            kind,
            hits: self.cache_hits.get_or_create(&PageLabels { kind }).clone(),
            ok_requests: self.requests.get_or_create(&ok).clone(),
            ok_latency: self.latency.get_or_create(&ok).clone(),
        })
    }

    /// Counts one answered request and its latency under `route`.
    pub fn observe(&self, route: &'static str, status: u16, started: Instant) {
        let labels = RouteLabels { route, status };
        self.latency
            .get_or_create(&labels)
            .observe(started.elapsed().as_secs_f64());
        self.requests.get_or_create(&labels).inc();
    }

    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Encoding into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

/// Counts and times every request under its route pattern (`/{section}/{slug}`), so the
/// label set stays small whatever paths clients send.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |m| crate::route::label(m.as_str()));
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.observe(route, response.status().as_u16(), started);
    response
}
