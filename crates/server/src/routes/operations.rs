//! Running the server: `/healthz` for load balancers and uptime checks, and the API's own
//! OpenAPI document.

use std::sync::LazyLock;

use axum::Json;
use schrieb_api::paths::Endpoint;
use utoipa::openapi::OpenApi;

/// The document, built once from the same route list the router uses.
static DOCUMENT: LazyLock<OpenApi> = LazyLock::new(|| super::api().1);

/// Answers `ok` while the server runs.
#[utoipa::path(get, path = Endpoint::Health.template(), tag = "operations",
    responses((status = 200, description = "The server is up", body = String, content_type = "text/plain")))]
pub async fn health() -> &'static str {
    "ok"
}

/// The OpenAPI 3 document of this API, generated from its handlers and types.
#[utoipa::path(get, path = Endpoint::OpenApi.template(), tag = "operations",
    responses((status = 200, description = "This document", body = Object, content_type = "application/json")))]
pub async fn openapi_json() -> Json<&'static OpenApi> {
    Json(&DOCUMENT)
}
