//! How the reader hears of notifications (`/api/v1/me/notification-settings`), and stopping
//! mails by the link in one, without logging in (`/api/v1/mail/unsubscribe`, and the one-click
//! `POST /unsubscribe` of RFC 8058 that mail programs send).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, NotificationSettings, UnsubscribeOffer, UnsubscribeRequest, UnsubscribeScope};

use super::extract::{ApiJson, ApiQuery};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::auth::token::token_hash;
use crate::domain::notification_mail;
use crate::error::AppError;

/// The token of an unsubscribe link (`?token=…`).
#[derive(Debug, serde::Deserialize)]
pub struct TokenQuery {
    token: String,
}

/// How the reader hears of each kind of notification, the language of their mails, and
/// whether writing in a thread follows it.
#[utoipa::path(get, path = Endpoint::MeNotificationSettings.template(), tag = "auth",
    security(("session_cookie" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "The settings (defaults where none was chosen)", body = NotificationSettings),
        (status = 401, description = "Not logged in", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn get_settings(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<NotificationSettings>, AppError> {
    Ok(Json(notification_mail::settings(state.repository.as_ref(), user.account.id).await?))
}

/// Replaces the reader's notification settings; answers them as stored.
#[utoipa::path(put, path = Endpoint::MeNotificationSettings.template(), tag = "auth", request_body = NotificationSettings,
    security(("session_cookie" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "Stored", body = NotificationSettings),
        (status = 401, description = "Not logged in", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn put_settings(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(settings): ApiJson<NotificationSettings>,
) -> Result<Json<NotificationSettings>, AppError> {
    state.repository.put_notification_settings(user.account.id, &settings).await?;
    Ok(Json(notification_mail::settings(state.repository.as_ref(), user.account.id).await?))
}

/// What the unsubscribe link of a mail can stop: its kind of mail (or the digest), its thread.
/// Needs no login: the link's token is the proof. Changes nothing.
#[utoipa::path(get, path = Endpoint::MailUnsubscribe.template(), tag = "auth",
    params(("token" = String, Query, description = "The token from the mail's link")),
    responses(
        (status = 200, description = "What the link can stop", body = UnsubscribeOffer),
        (status = 400, description = "No token", body = ApiError),
        (status = 404, description = "The link is unknown", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn get_offer(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<TokenQuery>,
) -> Result<Json<UnsubscribeOffer>, AppError> {
    let hash = token_hash(query.token.trim());
    Ok(Json(notification_mail::offer(state.repository.as_ref(), &hash).await?))
}

/// Stops what the reader chose on the unsubscribe page: the thread (muted), mails of the kind
/// (or the digest), or all mail. Needs no login: the link's token is the proof.
#[utoipa::path(post, path = Endpoint::MailUnsubscribe.template(), tag = "auth", request_body = UnsubscribeRequest,
    responses(
        (status = 204, description = "Stopped"),
        (status = 404, description = "The link is unknown", body = ApiError),
        (status = 422, description = "A digest's link names no thread to mute", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn post_unsubscribe(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<UnsubscribeRequest>,
) -> Result<StatusCode, AppError> {
    let hash = token_hash(request.token.trim());
    notification_mail::unsubscribe(state.repository.as_ref(), &hash, request.scope).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// RFC 8058's one-click unsubscribe: a mail program posts `List-Unsubscribe=One-Click` to the
/// link of the `List-Unsubscribe` header, without a session; mails of the kind stop (the
/// notifications stay in the app). Plain visits of the same address get the app's page of
/// choices, which changes nothing until one is made.
pub async fn one_click(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<TokenQuery>,
    body: String,
) -> Result<StatusCode, AppError> {
    let one_click = body.split('&').any(|pair| pair.trim() == "List-Unsubscribe=One-Click");
    if !one_click {
        return Err(AppError::refused(
            schrieb_api::Reason::Malformed { detail: "expected List-Unsubscribe=One-Click".into() },
            "a one-click unsubscribe posts List-Unsubscribe=One-Click",
        ));
    }
    let hash = token_hash(query.token.trim());
    notification_mail::unsubscribe(state.repository.as_ref(), &hash, UnsubscribeScope::Kind).await?;
    Ok(StatusCode::OK)
}
