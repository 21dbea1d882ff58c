//! Operations endpoints: liveness, readiness, metrics.

use crate::App;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

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

pub async fn metrics(State(app): State<App>) -> impl IntoResponse {
    app.metrics.cached_pages.set(app.cache.len() as i64);
    app.metrics.cached_bytes.set(app.cache.weight() as i64);
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        app.metrics.encode(),
    )
}
