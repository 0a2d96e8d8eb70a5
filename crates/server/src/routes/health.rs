//! `/healthz`: for load balancers and uptime checks.

/// Answers `ok` while the server runs.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "The server is up", body = String, content_type = "text/plain")))]
pub async fn health() -> &'static str {
    "ok"
}
