//! schrieb's server: the HTTP API over the database, and the web app's files.
//!
//! [`app`] builds the whole router from an [`AppState`]; `main` only reads the configuration
//! and serves it. Integration tests call [`app`] the same way.

pub mod config;
pub mod db;
pub mod demo;
pub mod diff;
pub mod error;
pub mod noscript;
pub mod posting;
pub mod quoting;
pub mod routes;
pub mod synthetic;

use std::sync::Arc;

use axum::Router;
use axum::extract::MatchedPath;
use axum::http::Request;
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use routes::{AssetError, Assets};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The data layer.
    pub repository: Arc<dyn db::Repository>,
}

/// The application: API, health, OpenAPI document and (when built) the web app, with tracing
/// and response compression.
pub fn app(state: AppState, assets: Option<Assets>) -> Router {
    routes::router(state, assets)
        // JSON answers are compressed on the fly; the app's files are precompressed on disk.
        .layer(CompressionLayer::new().br(true).gzip(true))
        // A panicking handler answers 500 in the shared shape instead of dropping the connection.
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let matched = request.extensions().get::<MatchedPath>().map(MatchedPath::as_str);
            tracing::info_span!("request", method = %request.method(), path = matched.unwrap_or("(unmatched)"))
        }))
}

fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = detail, "a request handler panicked");
    error::AppError::Internal.into_response()
}

/// Serves `app` on `listener` until `shutdown` completes; in-flight requests finish first.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}
