//! The session cookie, the widget's bearer token, and the extractors that turn them into the
//! account making a request.
//!
//! Two ways to name a session, each bound to its own sessions ([`SessionKind`]): the `HttpOnly`
//! cookie that logging in sets, and `Authorization: Bearer <token>` for the embed widget, whose
//! iframe inside another site gets no cookie. When a request carries both, the bearer token
//! counts and the cookie is ignored: the header is what the calling code chose to send, the
//! cookie is whatever the browser adds by itself (an iframe on a page of the same site gets
//! both), and logging out with the token must end the token's session, not the cookie's.
//!
//! A cookie naming no live session makes an anonymous request, as always: the browser keeps
//! sending a stale cookie and the app cannot read it. A bearer token naming no live session is
//! a 401 ([`AppError::InvalidToken`]) even where logging in is optional: the widget chose to
//! send it, and must learn to drop it rather than, say, post as a guest unawares.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use chrono::{DateTime, Utc};

use super::token::token_hash;
use crate::AppState;
use crate::db::{Account, SessionKind};
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

/// The token of an `Authorization: Bearer` header, if the request has one. Another scheme
/// (a staging proxy's `Basic`) is no business of schrieb's and counts as no header; a `Bearer`
/// header whose token is empty or not text is a token that names no session.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.as_bytes();
    let (scheme, token) = value.split_at(value.iter().position(|byte| *byte == b' ').unwrap_or(value.len()));
    scheme.eq_ignore_ascii_case(b"bearer").then(|| std::str::from_utf8(token).unwrap_or_default().trim())
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
    /// How the request named the session: cookie or bearer token.
    pub kind: SessionKind,
    /// When the session ends.
    pub expires: DateTime<Utc>,
}

/// The logged-in account, if there is one. A bearer token that names no live session is still
/// refused with 401 (see the module documentation).
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(token) = bearer_token(&parts.headers) {
            let user = lookup(state, token, SessionKind::Bearer).await?;
            return user.map(|user| Self(Some(user))).ok_or(AppError::InvalidToken);
        }
        let Some(token) = session_token(&parts.headers) else { return Ok(Self(None)) };
        Ok(Self(lookup(state, token, SessionKind::Cookie).await?))
    }
}

/// The live session `token` names, if it is one of `kind`.
async fn lookup(state: &AppState, token: &str, kind: SessionKind) -> Result<Option<CurrentUser>, AppError> {
    let session = token_hash(token);
    let found = state.repository.session(&session, kind, Utc::now()).await?;
    Ok(found.map(|found| CurrentUser { account: found.account, session, kind, expires: found.expires }))
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
    fn only_a_bearer_authorization_names_a_token() {
        let token = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::AUTHORIZATION, HeaderValue::from_static(value));
            bearer_token(&headers).map(str::to_owned)
        };
        assert_eq!(token("Bearer abc_-1").as_deref(), Some("abc_-1"));
        assert_eq!(token("bearer  abc ").as_deref(), Some("abc"), "the scheme is case-insensitive");
        assert_eq!(token("Bearer ").as_deref(), Some(""), "an empty token names no session, but is one");
        assert_eq!(token("Basic dXNlcjpwdw=="), None, "a proxy's password is not ours");
        assert_eq!(token("Bearer").as_deref(), Some(""), "servers trim the space after an empty token");
        assert_eq!(token("Bearerish abc"), None);
        assert_eq!(bearer_token(&HeaderMap::new()), None);
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
