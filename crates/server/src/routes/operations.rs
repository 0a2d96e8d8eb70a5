//! Running the server: `/healthz` for uptime checks, `/readyz` for load balancers, `/metrics`
//! for Prometheus, and the API's own OpenAPI document.

use std::sync::LazyLock;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use schrieb_api::ApiError;
use schrieb_api::paths::Endpoint;
use utoipa::openapi::OpenApi;

use crate::AppState;
use crate::error::AppError;

/// The document, built once from the same route list the router uses.
static DOCUMENT: LazyLock<OpenApi> = LazyLock::new(|| super::api().1);

/// How long the health check waits for the database: less than a balancer's check waits for
/// the answer, so that a stuck database is a 503 rather than no answer.
const PING_WAIT: Duration = Duration::from_secs(3);

/// The content type of Prometheus' text format.
const PROMETHEUS_TEXT: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Answers `ok` while the server runs and its database answers.
#[utoipa::path(get, path = Endpoint::Health.template(), tag = "operations",
    responses(
        (status = 200, description = "The server is up and its database answers", body = String, content_type = "text/plain"),
        (status = 503, description = "The database does not answer, or not within 3 seconds", body = ApiError)))]
pub async fn health(State(state): State<AppState>) -> Result<&'static str, AppError> {
    match tokio::time::timeout(PING_WAIT, state.repository.ping()).await {
        Ok(Ok(())) => Ok("ok"),
        Ok(Err(error)) => {
            tracing::error!(%error, "health check: the database does not answer");
            Err(AppError::Unavailable("the database does not answer".into()))
        }
        Err(_) => {
            tracing::error!(wait = ?PING_WAIT, "health check: the database did not answer in time");
            Err(AppError::Unavailable("the database did not answer in time".into()))
        }
    }
}

/// Answers `ready` while the server takes new traffic. Once it shuts down, this answers 503
/// at once while everything else is still served for the grace period
/// (`--shutdown-grace-seconds`): the balancer's signal to send traffic elsewhere. The database
/// is not checked here (`/healthz` does): every server shares it, and taking them all out of
/// the balancer would not help.
#[utoipa::path(get, path = Endpoint::Ready.template(), tag = "operations",
    responses(
        (status = 200, description = "The server takes new traffic", body = String, content_type = "text/plain"),
        (status = 503, description = "The server is shutting down: send new traffic elsewhere", body = ApiError)))]
pub async fn ready(State(state): State<AppState>) -> Result<&'static str, AppError> {
    if state.readiness.is_ready() {
        Ok("ready")
    } else {
        Err(AppError::Unavailable("the server is shutting down".into()))
    }
}

/// This server's metrics in Prometheus' text format: requests by method, route template and
/// status, their latency by route, the database's connection pools, the live streams open and
/// the queues of mails, webhook deliveries and bulk decisions. Each server of several counts
/// its own; the queues are the shared database's.
#[utoipa::path(get, path = Endpoint::Metrics.template(), tag = "operations",
    security((), ("metrics_token" = [])),
    responses(
        (status = 200, description = "The metrics (Prometheus text format 0.0.4)", body = String, content_type = "text/plain"),
        (status = 401, description = "The server asks for a metrics token (`--metrics-token`) and the request's \
            `Authorization: Bearer` header does not name it", body = ApiError)))]
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(token) = &state.settings.metrics_token {
        let authorization = headers.get(header::AUTHORIZATION).and_then(|value| value.to_str().ok());
        if !token.admits(authorization) {
            return Err(AppError::Unauthorized("the metrics need the server's metrics token as a bearer token".into()));
        }
    }
    let text = crate::metrics::scrape(&state).await;
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static(PROMETHEUS_TEXT))], text).into_response())
}

/// The OpenAPI 3 document of this API, generated from its handlers and types.
#[utoipa::path(get, path = Endpoint::OpenApi.template(), tag = "operations",
    responses((status = 200, description = "This document", body = Object, content_type = "application/json")))]
pub async fn openapi_json() -> Json<&'static OpenApi> {
    Json(&DOCUMENT)
}

/// The `metrics_token` scheme `/metrics` names: the token the server was given
/// (`--metrics-token`), when it was given one.
pub struct MetricsTokenScheme;

impl utoipa::Modify for MetricsTokenScheme {
    fn modify(&self, openapi: &mut OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some(
                "The server's metrics token (`--metrics-token`, `SCHRIEB_METRICS_TOKEN`), for `/metrics` only; \
                 a server given none serves its metrics to anyone",
            ))
            .build();
        components.add_security_scheme("metrics_token", SecurityScheme::Http(scheme));
    }
}
