//! `/api/v1/me/notifications`: the logged-in reader's notifications, and marking them read.

use axum::Json;
use axum::extract::State;
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, MarkReadRequest, NotificationPage, PageNumber, UnreadCount};

use super::extract::{ApiJson, ApiQuery, PageQuery};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::domain::notifications;
use crate::error::AppError;

/// The reader's notifications, newest first, twenty a page, with how many are unread.
#[utoipa::path(get, path = Endpoint::MeNotifications.template(), tag = "auth",
    security(("session_cookie" = []), ("bearer" = [])),
    params(("page" = Option<PageNumber>, Query, description = "Default 1. Past the last page the list is empty.")),
    responses(
        (status = 200, description = "The page", body = NotificationPage),
        (status = 400, description = "The page number is not a whole number in its range", body = ApiError),
        (status = 401, description = "Not logged in", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn get_notifications(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<NotificationPage>, AppError> {
    let page = query.page()?;
    let viewer = super::viewer(Some(&user));
    let found = notifications::notifications(state.repository.as_ref(), user.account.id, viewer, page.get()).await?;
    Ok(Json(found))
}

/// How many of the reader's notifications are unread: the bell's one cheap read.
#[utoipa::path(get, path = Endpoint::MeNotificationsUnread.template(), tag = "auth",
    security(("session_cookie" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "The unread count", body = UnreadCount),
        (status = 401, description = "Not logged in", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn get_unread(State(state): State<AppState>, user: CurrentUser) -> Result<Json<UnreadCount>, AppError> {
    Ok(Json(UnreadCount { unread: state.repository.unread(user.account.id).await? }))
}

/// Marks notifications read: some by id (the reader's own; others' ids change nothing), or
/// all of them. Answers how many are unread now.
#[utoipa::path(post, path = Endpoint::MeNotificationsRead.template(), tag = "auth", request_body = MarkReadRequest,
    security(("session_cookie" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "Marked; the unread count now", body = UnreadCount),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 422, description = "Neither ids nor `all: true`, both, or more than 100 ids", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn mark_read(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<MarkReadRequest>,
) -> Result<Json<UnreadCount>, AppError> {
    request.check()?;
    let ids = request.ids.as_deref().filter(|_| request.all != Some(true));
    let unread = state.repository.mark_read(user.account.id, ids, chrono::Utc::now()).await?;
    Ok(Json(UnreadCount { unread }))
}
