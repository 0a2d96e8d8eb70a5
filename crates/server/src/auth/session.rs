//! The session cookie and the extractors that turn it into the account making a request.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use chrono::Utc;

use super::token::token_hash;
use crate::AppState;
use crate::db::Account;
use crate::error::AppError;
use crate::settings::Settings;

/// The session cookie's name.
pub const COOKIE: &str = "schrieb_session";

/// The session token the request's cookie carries, if any.
pub fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

/// `Set-Cookie` for a new session: `HttpOnly` (no script reads it), `SameSite=Lax` (no other
/// site's form or fetch sends it along), `Secure` when served over HTTPS.
pub fn set_cookie(token: &str, settings: &Settings) -> HeaderValue {
    let secure = if settings.secure_cookies() { "; Secure" } else { "" };
    let max_age = settings.session_lifetime.num_seconds();
    // The token is base64url: nothing in it needs quoting.
    HeaderValue::from_str(&format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"))
        .unwrap_or_else(|_| HeaderValue::from_static("schrieb_session=; Path=/; Max-Age=0"))
}

/// The name of the cookie that tells the app someone may be logged in.
pub const HINT_COOKIE: &str = "schrieb_login";

/// `Set-Cookie` for the login hint: no secret, readable by the app, so that pages for readers
/// who never logged in do not ask `GET /me` (a request, and a 401, on every page view).
pub fn set_hint(settings: &Settings) -> HeaderValue {
    let secure = if settings.secure_cookies() { "; Secure" } else { "" };
    let max_age = settings.session_lifetime.num_seconds();
    HeaderValue::from_str(&format!("{HINT_COOKIE}=1; Path=/; SameSite=Lax; Max-Age={max_age}{secure}"))
        .unwrap_or_else(|_| HeaderValue::from_static("schrieb_login=; Path=/; Max-Age=0"))
}

/// `Set-Cookie` that removes the login hint.
pub fn clear_hint() -> HeaderValue {
    HeaderValue::from_static("schrieb_login=; Path=/; SameSite=Lax; Max-Age=0")
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(settings: &Settings) -> HeaderValue {
    if settings.secure_cookies() {
        HeaderValue::from_static("schrieb_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure")
    } else {
        HeaderValue::from_static("schrieb_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
    }
}

/// The logged-in account making the request; a request without a live session is refused
/// with 401.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The account.
    pub account: Account,
    /// The hash of its session token (to end this session, or all others).
    pub session: String,
}

/// The logged-in account, if there is one.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(token) = session_token(&parts.headers) else { return Ok(Self(None)) };
        let session = token_hash(token);
        let account = state.repository.session_account(&session, Utc::now()).await?;
        Ok(Self(account.map(|account| CurrentUser { account, session })))
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        MaybeUser::from_request_parts(parts, state)
            .await?
            .0
            .ok_or_else(|| AppError::Unauthorized("log in first; the session has ended or there is none".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_is_read_from_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("schrieb_lang=de; schrieb_session=abc_-1; x=y"));
        assert_eq!(session_token(&headers), Some("abc_-1"));
        headers.insert(header::COOKIE, HeaderValue::from_static("schrieb_session="));
        assert_eq!(session_token(&headers), None);
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_over_https() {
        let plain = Settings::default();
        let cookie = set_cookie("tok", &plain);
        assert_eq!(cookie.to_str().unwrap(), "schrieb_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000");
        let https = Settings { public_origin: Some("https://comments.example".into()), ..Settings::default() };
        assert!(set_cookie("tok", &https).to_str().unwrap().ends_with("; Secure"));
        assert!(clear_cookie(&https).to_str().unwrap().contains("Max-Age=0"));
    }
}
