//! `/api/v1/auth/password-reset`: a forgotten password. Asking mails a single-use link (one
//! hour) to the address if an account has it; the answer is the same either way, so nobody
//! learns who is registered. Setting the new password with the link's token ends every
//! session of the account (whoever knew the old password is logged out).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::Utc;
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, Email, Notice, PasswordResetConfirm, PasswordResetRequest, Reason};

use super::auth::hash_blocking;
use super::extract::ApiJson;
use crate::AppState;
use crate::auth::ClientAddr;
use crate::auth::token::{new_token, token_hash};
use crate::db::TokenPurpose;
use crate::error::AppError;
use crate::limits::Action;
use crate::{mail, origin_of};

/// How long a reset link works.
const RESET_HOURS: i64 = 1;

/// What asking answers, whether an account has the address or not.
const CHECK_INBOX: &str = "If an account has this address, we sent it a link to set a new password.";

/// Mails a link to set a new password, if an account has the address. Always 202.
#[utoipa::path(post, path = Endpoint::AuthPasswordReset.template(), tag = "auth", request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "A link was mailed if an account has the address (the answer says nothing more)", body = Notice),
        (status = 422, description = "Not an email address", body = ApiError),
        (status = 429, description = "Too many requests from this address", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn request_reset(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    ApiJson(request): ApiJson<PasswordResetRequest>,
) -> Result<(StatusCode, Json<Notice>), AppError> {
    // Each request may mail someone: limited like registering, in a bucket of its own.
    state.limits.check(Action::Register, None, &format!("reset {address}")).await?;
    let email = Email::parse(&request.email).map_err(|error| schrieb_api::FieldError::new("email", error))?;
    if let Some(account) = state.repository.account_by_email(&email).await? {
        let token = new_token().map_err(|_| AppError::Internal)?;
        let expires = Utc::now() + chrono::Duration::hours(RESET_HOURS);
        state
            .repository
            .create_email_token(&token_hash(&token), account.id, TokenPurpose::PasswordReset, expires)
            .await?;
        let origin = origin_of(&headers, &state.settings);
        let mail = mail::password_reset(email.as_str(), account.language, &account.display_name, &origin, &token);
        state.mailer.queue(state.repository.as_ref(), &mail).await?;
    }
    Ok((StatusCode::ACCEPTED, Json(Notice { message: CHECK_INBOX.into() })))
}

/// Sets a new password with the token from the reset mail; every session of the account ends.
/// The link is used up, and proves the address: an unconfirmed one counts as confirmed.
#[utoipa::path(post, path = Endpoint::AuthPasswordResetConfirm.template(), tag = "auth", request_body = PasswordResetConfirm,
    responses(
        (status = 204, description = "The password is set; every session of the account ended"),
        (status = 422, description = "The password breaks a rule, or the link is unknown, used or expired", body = ApiError),
        (status = 429, description = "Too many attempts from this address", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn confirm_reset(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    ApiJson(request): ApiJson<PasswordResetConfirm>,
) -> Result<StatusCode, AppError> {
    state.limits.check(Action::Login, None, &address.to_string()).await?;
    // The password first: a link is not used up by a password the rules refuse.
    let password = request.validate()?;
    let now = Utc::now();
    let user = state
        .repository
        .take_email_token(&token_hash(request.token.trim()), TokenPurpose::PasswordReset, now)
        .await?
        .ok_or_else(|| AppError::refused(Reason::LinkExpired, "this reset link is unknown, used or expired"))?;
    let hash = hash_blocking(password.expose().to_owned()).await?;
    state.repository.set_password(user, &hash).await?;
    state.repository.confirm_email(user, now).await?;
    state.repository.delete_sessions_of(user, None).await?;
    Ok(StatusCode::NO_CONTENT)
}
