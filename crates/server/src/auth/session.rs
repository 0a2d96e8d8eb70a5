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
use axum::http::{HeaderMap, header};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use axum_extra::headers::HeaderMapExt;
use axum_extra::headers::authorization::{Authorization, Bearer};
use chrono::{DateTime, Utc};

use super::token::token_hash;
use crate::AppState;
use crate::db::{Account, SessionKind};
use crate::error::AppError;
use crate::settings::Settings;

/// The session cookie's name.
pub const COOKIE: &str = "schrieb_session";

/// The name of the cookie that tells the app someone may be logged in.
pub const HINT_COOKIE: &str = "schrieb_login";

/// The session token among the request's cookies, if any.
pub fn session_token(cookies: &CookieJar) -> Option<&str> {
    cookies.get(COOKIE).map(Cookie::value).filter(|value| !value.is_empty())
}

/// The token of an `Authorization: Bearer` header, if the request has one. Another scheme
/// (a staging proxy's `Basic`) is no business of schrieb's and counts as no header; a `Bearer`
/// header whose token is empty or not text is a token that names no session.
pub fn bearer_token(headers: &HeaderMap) -> Option<String> {
    match headers.typed_try_get::<Authorization<Bearer>>() {
        Ok(found) => found.map(|Authorization(bearer)| bearer.token().trim().to_owned()),
        // The decoder refuses another scheme and a `Bearer` header without a readable token
        // alike; only the scheme tells which of the two this is.
        Err(_) => {
            let value = headers.get(header::AUTHORIZATION).map(|value| value.as_bytes()).unwrap_or_default();
            let scheme = value.split(|byte| *byte == b' ').next().unwrap_or_default();
            scheme.eq_ignore_ascii_case(b"bearer").then(String::new)
        }
    }
}

/// The cookies logging in sets: the session, `HttpOnly` (no script reads it) and
/// `SameSite=Lax` (no other site's form or fetch sends it along); and the login hint, no
/// secret and readable by the app, so that pages for readers who never logged in do not ask
/// `GET /me` (a request, and a 401, on every page view). Both `Secure` when served over HTTPS.
pub fn login_cookies(token: &str, settings: &Settings) -> CookieJar {
    CookieJar::new().add(session_cookie(token, settings)).add(hint_cookie(settings))
}

/// The cookies logging out sets: both removed. Sent whether or not the request carried them
/// (unlike [`CookieJar::remove`]): a browser that kept one it did not send still drops it.
pub fn logout_cookies(settings: &Settings) -> CookieJar {
    let removed = |mut cookie: Cookie<'static>| {
        cookie.make_removal();
        cookie
    };
    CookieJar::new().add(removed(session_cookie("", settings))).add(removed(hint_cookie(settings)))
}

fn session_cookie(token: &str, settings: &Settings) -> Cookie<'static> {
    Cookie::build((COOKIE, token.to_owned()))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(settings.secure_cookies())
        .path("/")
        .max_age(lifetime(settings))
        .build()
}

fn hint_cookie(settings: &Settings) -> Cookie<'static> {
    Cookie::build((HINT_COOKIE, "1"))
        .same_site(SameSite::Lax)
        .secure(settings.secure_cookies())
        .path("/")
        .max_age(lifetime(settings))
        .build()
}

/// A login's lifetime, in the type cookies take.
fn lifetime(settings: &Settings) -> time::Duration {
    time::Duration::seconds(settings.session_lifetime.num_seconds())
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
            if let Some(user) = lookup(state, &token, SessionKind::Bearer).await? {
                return Ok(Self(Some(user)));
            }
            // The widget's token a ban ended: the widget says why, as the site's pages do.
            return Err(banned(state, &token, true).await?.unwrap_or(AppError::InvalidToken));
        }
        let cookies = CookieJar::from_headers(&parts.headers);
        let Some(token) = session_token(&cookies) else { return Ok(Self(None)) };
        let user = lookup(state, token, SessionKind::Cookie).await?;
        // A write with a session a ban ended: its owner is told why (reading goes on as anyone).
        let reads = parts.method == axum::http::Method::GET || parts.method == axum::http::Method::HEAD;
        if user.is_none()
            && !reads
            && let Some(refusal) = banned(state, token, false).await?
        {
            return Err(refusal);
        }
        Ok(Self(user))
    }
}

/// The refusal of a session `token` (a `bearer` one, or the cookie's) that a ban ended, saying
/// why; `None` for any other.
async fn banned(state: &AppState, token: &str, bearer: bool) -> Result<Option<AppError>, AppError> {
    let ended = state.repository.ended_by_ban(&token_hash(token), Utc::now()).await?;
    Ok(ended.map(|reason| {
        let message = format!("this account is banned: {reason}");
        AppError::Banned { reason: schrieb_api::Reason::AccountBanned { reason }, message, bearer }
    }))
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
    use axum::http::HeaderValue;
    use axum::response::IntoResponse;

    use super::*;

    #[test]
    fn the_session_is_read_from_among_other_cookies() {
        let token = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::COOKIE, HeaderValue::from_static(value));
            session_token(&CookieJar::from_headers(&headers)).map(str::to_owned)
        };
        assert_eq!(token("schrieb_lang=de; schrieb_session=abc_-1; x=y").as_deref(), Some("abc_-1"));
        assert_eq!(token("schrieb_session="), None);
        assert_eq!(token("schrieb_sessions=abc"), None);
        assert_eq!(session_token(&CookieJar::new()), None);
    }

    #[test]
    fn only_a_bearer_authorization_names_a_token() {
        let token = |value: &[u8]| {
            let mut headers = HeaderMap::new();
            headers.insert(header::AUTHORIZATION, HeaderValue::from_bytes(value).unwrap());
            bearer_token(&headers)
        };
        assert_eq!(token(b"Bearer abc_-1").as_deref(), Some("abc_-1"));
        assert_eq!(token(b"bearer  abc ").as_deref(), Some("abc"), "the scheme is case-insensitive");
        assert_eq!(token(b"Bearer ").as_deref(), Some(""), "an empty token names no session, but is one");
        assert_eq!(token(b"Basic dXNlcjpwdw=="), None, "a proxy's password is not ours");
        assert_eq!(token(b"Bearer").as_deref(), Some(""), "servers trim the space after an empty token");
        assert_eq!(token(b"Bearer \xff\xfe").as_deref(), Some(""), "a token that is not text names no session");
        assert_eq!(token(b"Bearerish abc"), None);
        assert_eq!(bearer_token(&HeaderMap::new()), None);
    }

    /// The `Set-Cookie` lines of `cookies`, in name order.
    fn set_cookies(cookies: CookieJar) -> Vec<String> {
        let response = cookies.into_response();
        let mut lines: Vec<String> =
            response.headers().get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_owned()).collect();
        lines.sort();
        lines
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_over_https() {
        let plain = Settings::default();
        assert_eq!(
            set_cookies(login_cookies("tok", &plain)),
            [
                "schrieb_login=1; SameSite=Lax; Path=/; Max-Age=2592000",
                "schrieb_session=tok; HttpOnly; SameSite=Lax; Path=/; Max-Age=2592000",
            ]
        );
        let https = Settings { public_origin: Some("https://comments.example".into()), ..Settings::default() };
        assert!(set_cookies(login_cookies("tok", &https)).iter().all(|line| line.contains("; Secure")));
    }

    #[test]
    fn logging_out_removes_both_cookies_with_the_attributes_they_were_set_with() {
        let https = Settings { public_origin: Some("https://comments.example".into()), ..Settings::default() };
        let lines = set_cookies(logout_cookies(&https));
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].starts_with("schrieb_login=; SameSite=Lax; Secure; Path=/; Max-Age=0; Expires="), "{lines:?}");
        assert!(
            lines[1].starts_with("schrieb_session=; HttpOnly; SameSite=Lax; Secure; Path=/; Max-Age=0; Expires="),
            "{lines:?}"
        );
    }
}
