//! `/api/v1/auth/...`: registering, confirming the address, logging in and out, and widget
//! tokens for the embed iframe.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use schrieb_api::paths::Endpoint;
use schrieb_api::{
    ApiError, Email, LoginRequest, Me, Notice, Reason, RegisterRequest, Role, VerifyRequest, WidgetToken,
};

use super::extract::ApiJson;
use super::pages::reader_language;
use crate::AppState;
use crate::auth::session::{login_cookies, logout_cookies};
use crate::auth::token::{new_token, token_hash};
use crate::auth::{ClientAddr, CurrentUser, MaybeUser, password};
use crate::db::{Account, AccountClash, NewAccount, SessionKind, TokenPurpose};
use crate::domain::moderation::sanctions;
use crate::error::AppError;
use crate::limits::Action;
use crate::{mail, origin_of};

/// How long a confirmation link works.
const CONFIRM_HOURS: i64 = 24;

/// What registration answers, whether the address was new or not: nothing in it (or in how
/// long it took) says which.
const CHECK_INBOX: &str = "Check your inbox: we sent a link to confirm the address.";

/// Creates an account and mails a link to confirm its address; logging in needs the
/// confirmation. The answer is the same for an address that already has an account (whose
/// owner gets a mail about it instead), so the endpoint tells nobody who is registered.
#[utoipa::path(post, path = Endpoint::AuthRegister.template(), tag = "auth", request_body = RegisterRequest,
    responses(
        (status = 202, description = "A confirmation link was mailed (or the owner was told)", body = Notice),
        (status = 409, description = "The display name is taken", body = ApiError),
        (status = 422, description = "A field breaks its rule, or the address's domain is blocked; `field` names it", body = ApiError),
        (status = 429, description = "Too many registrations from this address", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn register(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    ApiJson(request): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, Json<Notice>), AppError> {
    state.limits.check(Action::Register, None, &address.to_string()).await?;
    let registration = request.validate()?;
    sanctions::may_register(state.repository.as_ref(), &registration.email).await?;
    let origin = origin_of(&headers, &state.settings);
    // Hashing happens for taken addresses too, so both answers take the same time.
    let hash = hash_blocking(registration.password.expose().to_owned()).await?;
    let account = NewAccount {
        display_name: registration.display_name.clone(),
        email: registration.email.clone(),
        password_hash: hash,
        role: Role::Reader,
        confirmed: false,
        language: reader_language(&headers),
    };
    match state.repository.create_account(&account, Utc::now()).await? {
        Ok(id) => {
            let token = new_token().map_err(|_| AppError::Internal)?;
            let expires = Utc::now() + chrono::Duration::hours(CONFIRM_HOURS);
            state.repository.create_email_token(&token_hash(&token), id, TokenPurpose::Confirm, expires).await?;
            let mail = mail::confirmation(
                account.email.as_str(),
                account.language,
                account.display_name.as_str(),
                &origin,
                &token,
            );
            state.mailer.queue(state.repository.as_ref(), &mail).await?;
        }
        Err(AccountClash::EmailTaken) => {
            let mail = mail::already_registered(account.email.as_str(), account.language, &origin);
            state.mailer.queue(state.repository.as_ref(), &mail).await?;
        }
        Err(AccountClash::NameTaken) => {
            return Err(AppError::Conflict {
                reason: Reason::NameTaken { name: account.display_name.as_str().to_owned() },
                message: format!("the display name “{}” is taken; choose another", account.display_name),
                field: Some("display_name"),
            });
        }
    }
    Ok((StatusCode::ACCEPTED, Json(Notice { message: CHECK_INBOX.into() })))
}

/// Confirms an address with the token from the mail, and logs its account in.
#[utoipa::path(post, path = Endpoint::AuthVerify.template(), tag = "auth", request_body = VerifyRequest,
    responses(
        (status = 200, description = "Confirmed and logged in; the session cookie is set", body = Me),
        (status = 403, description = "Confirmed, but the account is banned (`reason` says why)", body = ApiError),
        (status = 422, description = "The link is unknown, used or expired", body = ApiError),
        (status = 429, description = "Too many attempts from this address", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn verify(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    ApiJson(request): ApiJson<VerifyRequest>,
) -> Result<Response, AppError> {
    state.limits.check(Action::Login, None, &address.to_string()).await?;
    let now = Utc::now();
    let user = state
        .repository
        .take_email_token(&token_hash(request.token.trim()), TokenPurpose::Confirm, now)
        .await?
        .ok_or_else(|| AppError::refused(Reason::LinkExpired, "this confirmation link is unknown, used or expired"))?;
    state.repository.confirm_email(user, now).await?;
    let account = state.repository.account(user).await?.ok_or(AppError::Internal)?;
    sanctions::may_log_in(state.repository.as_ref(), account.id, now).await?;
    start_session(&state, account).await
}

/// Logs in with email address and password. Wrong address and wrong password get the same
/// answer in the same time.
#[utoipa::path(post, path = Endpoint::AuthLogin.template(), tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in; the session cookie is set", body = Me),
        (status = 401, description = "Email address and password do not match", body = ApiError),
        (status = 403, description = "Right password, but the address is not confirmed yet, or the account is banned (`reason` says why)", body = ApiError),
        (status = 429, description = "Too many attempts", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Response, AppError> {
    let wrong = || AppError::Unauthorized("the email address and password do not match".into());
    let email = Email::parse(&request.email).ok();
    let key = email.as_ref().map_or_else(|| request.email.trim().to_lowercase(), |e| e.as_str().to_owned());
    state.limits.check(Action::Login, Some(&key), &address.to_string()).await?;
    let account = match &email {
        Some(email) => state.repository.account_by_email(email).await?,
        None => None,
    };
    let stored = account.as_ref().and_then(|account| account.password_hash.clone());
    if !verify_blocking(request.password, stored).await? {
        return Err(wrong());
    }
    let account = account.ok_or_else(wrong)?;
    if !account.confirmed {
        // Only someone who knows the password learns that the account exists.
        return Err(AppError::Forbidden("confirm your address first: follow the link in the mail we sent".into()));
    }
    sanctions::may_log_in(state.repository.as_ref(), account.id, Utc::now()).await?;
    start_session(&state, account).await
}

/// Ends the session the request names, and only that one. With the cookie, the cookie is
/// removed and the session deleted on the server, so a copy of the cookie elsewhere is dead too;
/// widget tokens the session minted live on. With a widget token (`Authorization: Bearer`), that
/// token's session ends and the cookie, a session of its own, is left alone.
#[utoipa::path(post, path = Endpoint::AuthLogout.template(), tag = "auth",
    security((), ("session_cookie" = []), ("bearer" = [])),
    responses((status = 204, description = "Logged out (also when there was no session, or the token was dead already)")))]
#[tracing::instrument(skip_all)]
pub async fn logout(State(state): State<AppState>, user: Result<MaybeUser, AppError>) -> Result<Response, AppError> {
    let user = match user {
        Ok(MaybeUser(user)) => user,
        // Nothing left to end: the client drops the token either way.
        Err(AppError::InvalidToken) => return Ok(StatusCode::NO_CONTENT.into_response()),
        // A ban ended the session already; the cookie goes below.
        Err(AppError::Banned { .. }) => None,
        Err(error) => return Err(error),
    };
    if let Some(user) = &user {
        state.repository.delete_session(&user.session).await?;
    }
    if user.is_some_and(|user| user.kind == SessionKind::Bearer) {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    Ok((StatusCode::NO_CONTENT, logout_cookies(&state.settings)).into_response())
}

/// A widget token: a new session of the logged-in account for the embed widget, whose iframe
/// inside another site gets no cookie and sends `Authorization: Bearer <token>` instead. Only
/// the cookie session may ask (the login popup, a page of this site; the cross-site check
/// refuses other sites' pages as for every cookie write), never a widget token: a token that
/// leaked cannot renew itself. The token lasts as long as a login does, but never beyond the
/// cookie session that minted it, so no session outlives the password entry it came from.
#[utoipa::path(post, path = Endpoint::AuthToken.template(), tag = "auth",
    security(("session_cookie" = [])),
    responses(
        (status = 201, description = "The token (shown this once) and when it ends", body = WidgetToken,
            headers(("Cache-Control" = String, description = "`no-store`: the token is a secret"))),
        (status = 401, description = "No live cookie session", body = ApiError),
        (status = 403, description = "Asked with a widget token, or from another site's page", body = ApiError),
        (status = 429, description = "Too many tokens for this account in a short time", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn widget_token(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    user: CurrentUser,
) -> Result<Response, AppError> {
    if user.kind != SessionKind::Cookie {
        // 403, not 401: the token is fine and must be kept; it just cannot do this.
        return Err(AppError::Forbidden("a widget token cannot mint another: log in in the popup".into()));
    }
    state.limits.check(Action::WidgetToken, Some(&format!("user:{}", user.account.id)), &address.to_string()).await?;
    let token = new_token().map_err(|_| AppError::Internal)?;
    let now = Utc::now();
    let expires = (now + state.settings.session_lifetime).min(user.expires);
    if !state.repository.create_session(&token_hash(&token), user.account.id, SessionKind::Bearer, now, expires).await?
    {
        return Err(banned_meanwhile(&state, user.account.id, now).await);
    }
    // Milliseconds, as stored: the answer says exactly when the server stops taking it.
    let expires_at = chrono::DateTime::from_timestamp_millis(expires.timestamp_millis()).unwrap_or(expires);
    let no_store = [(header::CACHE_CONTROL, "no-store")];
    Ok((StatusCode::CREATED, no_store, Json(WidgetToken { token, expires_at })).into_response())
}

/// A new session for `account`, answered with the account and the cookie.
async fn start_session(state: &AppState, account: Account) -> Result<Response, AppError> {
    let token = new_token().map_err(|_| AppError::Internal)?;
    let now = Utc::now();
    let lifetime = state.settings.session_lifetime;
    if !state
        .repository
        .create_session(&token_hash(&token), account.id, SessionKind::Cookie, now, now + lifetime)
        .await?
    {
        return Err(banned_meanwhile(state, account.id, now).await);
    }
    Ok((login_cookies(&token, &state.settings), Json(me(&account, &state.settings))).into_response())
}

/// The refusal of a session the store did not make: the account was banned (or deleted) after
/// the login's own check.
async fn banned_meanwhile(state: &AppState, account: schrieb_api::UserId, now: chrono::DateTime<Utc>) -> AppError {
    match sanctions::may_log_in(state.repository.as_ref(), account, now).await {
        Err(refusal) => refusal.into(),
        // The account went meanwhile (or a ban came and went): logging in again tells which.
        Ok(()) => AppError::Unauthorized("log in again".into()),
    }
}

/// What `GET /me` shows of an account.
pub fn me(account: &Account, settings: &crate::settings::Settings) -> Me {
    Me {
        id: account.id,
        display_name: account.display_name.clone(),
        email: account.email.clone().unwrap_or_default(),
        role: account.role,
        edit_window_hours: settings.edit_window.num_hours(),
    }
}

/// Hashes off the async threads, a few at a time: argon2 takes tens of milliseconds of CPU
/// and 19 MiB.
pub async fn hash_blocking(password: String) -> Result<String, AppError> {
    password::hash_limited(password).await.map_err(|error| {
        tracing::error!(%error, "hashing a password failed");
        AppError::Internal
    })
}

/// Verifies off the async threads, a few at a time.
pub async fn verify_blocking(password: String, stored: Option<String>) -> Result<bool, AppError> {
    password::verify_limited(password, stored).await.map_err(|error| {
        tracing::error!(%error, "verifying a password failed");
        AppError::Internal
    })
}
