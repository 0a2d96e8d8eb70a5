//! `/api/v1/admin/.../webhooks`: a site's webhook endpoints and their delivery logs, for admins.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use schrieb_api::paths::Endpoint;
use schrieb_api::{
    ApiError, CreatedWebhook, PageNumber, Webhook, WebhookDeliveryPage, WebhookId, WebhookList, WebhookRequest,
};

use super::actor;
use super::extract::{ApiJson, ApiPath, ApiQuery, PageQuery};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::domain::webhooks;
use crate::error::AppError;
use crate::webhooks::{new_secret, refused_target};

/// A site's webhook endpoints, oldest first (their secrets are shown only when made).
#[utoipa::path(get, path = Endpoint::AdminSiteWebhooks.template(), tag = "moderation",
    security(("session_cookie" = []), ("bearer" = [])),
    params(("name" = String, Path, description = "The site's name")),
    responses(
        (status = 200, description = "The endpoints", body = WebhookList),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not an admin", body = ApiError),
        (status = 404, description = "No site has this name", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(name): ApiPath<String>,
) -> Result<Json<WebhookList>, AppError> {
    Ok(Json(webhooks::list(state.repository.as_ref(), actor(&user), &name).await?))
}

/// Registers an endpoint: the answer holds its signing secret, this once.
#[utoipa::path(post, path = Endpoint::AdminSiteWebhooks.template(), tag = "moderation", request_body = WebhookRequest,
    security(("session_cookie" = []), ("bearer" = [])),
    params(("name" = String, Path, description = "The site's name")),
    responses(
        (status = 201, description = "Registered", body = CreatedWebhook),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not an admin", body = ApiError),
        (status = 404, description = "No site has this name", body = ApiError),
        (status = 422, description = "Not an http(s) URL, a private or loopback address, no events, or too many endpoints", body = ApiError)))]
#[tracing::instrument(skip(state, user, request))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(name): ApiPath<String>,
    ApiJson(request): ApiJson<WebhookRequest>,
) -> Result<(StatusCode, Json<CreatedWebhook>), AppError> {
    let refused = refused_target(request.url.trim(), state.webhooks.allows_private()).await;
    let secret = new_secret().map_err(|_| AppError::Internal)?;
    let created =
        webhooks::create(state.repository.as_ref(), actor(&user), &name, &request, refused, secret, Utc::now()).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Changes an endpoint's URL, events, or whether it is on (turning one on that answered 410
/// Gone takes deliveries up again).
#[utoipa::path(put, path = Endpoint::AdminWebhook.template(), tag = "moderation", request_body = WebhookRequest,
    security(("session_cookie" = []), ("bearer" = [])),
    params(("id" = WebhookId, Path, description = "The endpoint's id")),
    responses(
        (status = 200, description = "Changed", body = Webhook),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not an admin", body = ApiError),
        (status = 404, description = "No such endpoint", body = ApiError),
        (status = 422, description = "Not an http(s) URL, a private or loopback address, or no events", body = ApiError)))]
#[tracing::instrument(skip(state, user, request))]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<WebhookRequest>,
) -> Result<Json<Webhook>, AppError> {
    let refused = refused_target(request.url.trim(), state.webhooks.allows_private()).await;
    Ok(Json(webhooks::update(state.repository.as_ref(), actor(&user), WebhookId(id), &request, refused).await?))
}

/// Deletes an endpoint; deliveries still waiting are given up.
#[utoipa::path(delete, path = Endpoint::AdminWebhook.template(), tag = "moderation",
    security(("session_cookie" = []), ("bearer" = [])),
    params(("id" = WebhookId, Path, description = "The endpoint's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not an admin", body = ApiError),
        (status = 404, description = "No such endpoint", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    webhooks::delete(state.repository.as_ref(), actor(&user), WebhookId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An endpoint's deliveries, newest first: what was sent, how often, and what it answered.
#[utoipa::path(get, path = Endpoint::AdminWebhookDeliveries.template(), tag = "moderation",
    security(("session_cookie" = []), ("bearer" = [])),
    params(("id" = WebhookId, Path, description = "The endpoint's id"),
        ("page" = Option<PageNumber>, Query, description = "Default 1. Past the last page the list is empty.")),
    responses(
        (status = 200, description = "The page", body = WebhookDeliveryPage),
        (status = 400, description = "The page number is not a whole number in its range", body = ApiError),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not an admin", body = ApiError),
        (status = 404, description = "No such endpoint", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn deliveries(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<WebhookDeliveryPage>, AppError> {
    let page = query.page()?;
    Ok(Json(webhooks::delivery_log(state.repository.as_ref(), actor(&user), WebhookId(id), page.get()).await?))
}
