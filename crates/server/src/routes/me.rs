//! `/api/v1/me`: the account logged in, and changing its password.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, ChangePasswordRequest, Me, Reason};

use super::auth::{hash_blocking, me, verify_blocking};
use super::extract::ApiJson;
use crate::AppState;
use crate::auth::CurrentUser;
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
