//! `/api/v1/me`: the account logged in, changing its password, everything stored about it,
//! and deleting it.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, ChangePasswordRequest, DeleteAccountRequest, Me, PersonalData, Reason};

use super::auth::{hash_blocking, me, verify_blocking};
use super::extract::ApiJson;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::auth::session::logout_cookies;
use crate::db::SessionKind;
use crate::domain::personal;
use crate::error::AppError;

/// The account logged in.
#[utoipa::path(get, path = Endpoint::Me.template(), tag = "auth",
    security(("session_cookie" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "The account of this session", body = Me),
        (status = 401, description = "Not logged in", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn get_me(State(state): State<AppState>, user: CurrentUser) -> Json<Me> {
    Json(me(&user.account, &state.settings))
}

/// Changes the password, given the current one. Every other session of the account ends.
#[utoipa::path(put, path = Endpoint::MePassword.template(), tag = "auth", request_body = ChangePasswordRequest,
    security(("session_cookie" = []), ("bearer" = [])),
    responses(
        (status = 204, description = "Changed; other sessions ended"),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 422, description = "The current password is wrong, or the new one breaks a rule", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<ChangePasswordRequest>,
) -> Result<StatusCode, AppError> {
    let new = request.validate()?;
    if !verify_blocking(request.current_password, user.account.password_hash.clone()).await? {
        return Err(AppError::Refused {
            reason: Reason::PasswordWrong,
            message: "the current password is wrong".into(),
            field: Some("current_password".into()),
        });
    }
    let hash = hash_blocking(new.expose().to_owned()).await?;
    state.repository.set_password(user.account.id, &hash).await?;
    state.repository.delete_sessions_of(user.account.id, Some(&user.session)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Everything schrieb holds about the account logged in, as a JSON file to keep (GDPR Art. 15
/// and 20): the account, every comment with its earlier versions, reactions, drafts,
/// notification settings, followed threads, reports and sessions.
#[utoipa::path(get, path = Endpoint::MeExport.template(), tag = "auth",
    security(("session_cookie" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "The export, as a download (`Content-Disposition: attachment`)", body = PersonalData),
        (status = 401, description = "Not logged in", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn export_me(State(state): State<AppState>, user: CurrentUser) -> Result<Response, AppError> {
    let now = Utc::now();
    let data = personal::personal_data(state.repository.as_ref(), user.account.id, now)
        .await?
        .ok_or_else(|| AppError::Unauthorized("the account is gone".into()))?;
    let name = format!("attachment; filename=\"schrieb-{}-{}.json\"", user.account.id.0, now.format("%Y-%m-%d"));
    Ok(([(header::CONTENT_DISPOSITION, name), (header::CACHE_CONTROL, "no-store".to_owned())], Json(data))
        .into_response())
}

/// Deletes the account logged in, for good, given its password: its comments stay signed
/// "deleted account" or are removed (`comments`), everything else about it is deleted, every
/// session of it ends, and mentions of it no longer name it.
#[utoipa::path(delete, path = Endpoint::Me.template(), tag = "auth", request_body = DeleteAccountRequest,
    security(("session_cookie" = []), ("bearer" = [])),
    responses(
        (status = 204, description = "Deleted; the session cookie is removed"),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 409, description = "The only administrator cannot go (`last_admin`)", body = ApiError),
        (status = 422, description = "The password is wrong (`password_wrong`)", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn delete_me(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<DeleteAccountRequest>,
) -> Result<Response, AppError> {
    if !verify_blocking(request.password, user.account.password_hash.clone()).await? {
        return Err(AppError::Refused {
            reason: Reason::PasswordWrong,
            message: "the password is wrong".into(),
            field: Some("password".into()),
        });
    }
    personal::delete_account(state.repository.as_ref(), user.account.id, request.comments, Utc::now()).await?;
    tracing::info!(user = user.account.id.0, comments = ?request.comments, "account deleted");
    if user.kind == SessionKind::Bearer {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    Ok((StatusCode::NO_CONTENT, logout_cookies(&state.settings)).into_response())
}
