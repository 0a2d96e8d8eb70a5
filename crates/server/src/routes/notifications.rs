//! `/api/v1/me/notifications`: the logged-in reader's notifications, and marking them read.

use std::convert::Infallible;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderValue;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, MarkReadRequest, NotificationPage, PageNumber, UNREAD_EVENT, UnreadCount};

use super::extract::{ApiJson, ApiQuery, PageQuery};
use crate::AppState;
use crate::auth::{ClientAddr, CurrentUser};
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

/// The reader's unread count as Server-Sent Events (the bell, live): an event named `unread`
/// with `{"unread": N}` at once, and again whenever the count changes (a notification made by
/// any server, a mark read in another tab), within a second. Comment lines keep an idle stream
/// open. It does not end on its own.
#[utoipa::path(get, path = Endpoint::MeEvents.template(), tag = "auth",
    security(("session_cookie" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "The stream", content_type = "text/event-stream", body = UnreadCount),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 429, description = "This client holds as many event streams open as it may", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn unread_events(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    user: CurrentUser,
) -> Result<Response, AppError> {
    let slot = state.limits.open_stream(address)?;
    let now = state.repository.unread(user.account.id).await?;
    let receiver = state.bell.subscribe(user.account.id, now);
    let events = futures_util::stream::unfold((receiver, slot, true), |(mut receiver, slot, first)| async move {
        if !first && receiver.changed().await.is_err() {
            // The server is stopping.
            return None;
        }
        let unread = *receiver.borrow_and_update();
        let data = serde_json::to_string(&UnreadCount { unread }).ok()?;
        let event = Event::default().event(UNREAD_EVENT).data(data);
        Some((Ok::<_, Infallible>(event), (receiver, slot, false)))
    });
    let mut response = Sse::new(events).keep_alive(KeepAlive::new().interval(super::live::HEARTBEAT)).into_response();
    // Proxies that buffer answers (nginx) would hold the events back.
    response.headers_mut().insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(response)
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
