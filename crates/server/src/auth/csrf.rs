//! Cross-site request forgery: every request that could change something must come from a page
//! of this site.
//!
//! Why an Origin check and no token: every browser schrieb supports sends `Origin` with each
//! `POST`, `PUT`, `PATCH` and `DELETE` (same-origin ones included), and a page on another site
//! cannot forge it. So a write is accepted when its `Origin` is this site's origin, and refused
//! with 403 when it names another. Without `Origin`, a request that carries the session cookie
//! is refused too unless `Sec-Fetch-Site` says `same-origin`: only non-browser clients omit
//! both, and they have no business riding on a browser's cookie. Requests without the cookie
//! and without `Origin` (scripts, curl) pass: they carry no ambient authority to abuse. The
//! `SameSite=Lax` session cookie is a second wall: browsers do not send it with cross-site
//! writes at all. A token would add state to every form for no protection beyond this.
//!
//! Widget tokens (`Authorization: Bearer`, see [`super::session`]) go through the same check,
//! unchanged. Forgery needs ambient authority, and a bearer token has none: the browser never
//! adds it by itself, and another site's page can neither read it nor send it (a cross-origin
//! request with `Authorization` needs a CORS preflight, which schrieb never grants for the API).
//! So the check is not what protects bearer requests, but it does not hinder them either: the
//! widget's iframe is a page of this site, so its writes carry this site's `Origin`; scripts
//! without a browser send no `Origin` and no cookie, and pass. A bearer request that names
//! another site as its `Origin` is refused like any other, which costs nothing (no page of
//! ours sends one) and keeps a token that leaked into another site's page from being used
//! there.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;

use super::session::session_token;
use crate::AppState;
use crate::error::AppError;
use crate::settings::Settings;

/// Middleware refusing cross-site writes (see the module documentation).
pub async fn refuse_cross_site_writes(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if is_safe(request.method()) || same_site(request.headers(), &state.settings) {
        next.run(request).await
    } else {
        AppError::Forbidden("cross-site request refused: writes must come from this site's own pages".into())
            .into_response()
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether a write's headers show it comes from this site (or carries no session to abuse).
pub fn same_site(headers: &HeaderMap, settings: &Settings) -> bool {
    let text = |name| headers.get(name).and_then(|value| value.to_str().ok());
    match text(header::ORIGIN.as_str()) {
        Some(origin) => match &settings.public_origin {
            Some(public) => origin == public.trim_end_matches('/'),
            // Without a configured origin: the Origin's host and port must be the Host asked for.
            None => {
                let host = origin.split_once("://").map(|(_, rest)| rest);
                host.is_some() && host == text(header::HOST.as_str())
            }
        },
        None => {
            session_token(&CookieJar::from_headers(headers)).is_none() || text("sec-fetch-site") == Some("same-origin")
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn writes_from_this_site_pass_and_from_others_do_not() {
        let settings = Settings::default();
        let ours = headers(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")]);
        assert!(same_site(&ours, &settings));
        let theirs = headers(&[("origin", "https://evil.example"), ("host", "127.0.0.1:3000")]);
        assert!(!same_site(&theirs, &settings));
        let null = headers(&[("origin", "null"), ("host", "127.0.0.1:3000")]);
        assert!(!same_site(&null, &settings), "sandboxed frames send Origin: null");
    }

    #[test]
    fn a_configured_origin_is_compared_whole() {
        let settings = Settings { public_origin: Some("https://comments.example/".into()), ..Settings::default() };
        assert!(same_site(&headers(&[("origin", "https://comments.example"), ("host", "internal:8080")]), &settings));
        assert!(!same_site(
            &headers(&[("origin", "http://comments.example"), ("host", "comments.example")]),
            &settings
        ));
    }

    #[test]
    fn without_origin_only_cookieless_or_same_origin_fetches_pass() {
        let settings = Settings::default();
        assert!(same_site(&headers(&[]), &settings), "curl without a session");
        let cookie = headers(&[("cookie", "schrieb_session=t")]);
        assert!(!same_site(&cookie, &settings));
        let fetched = headers(&[("cookie", "schrieb_session=t"), ("sec-fetch-site", "same-origin")]);
        assert!(same_site(&fetched, &settings));
        let cross = headers(&[("cookie", "schrieb_session=t"), ("sec-fetch-site", "cross-site")]);
        assert!(!same_site(&cross, &settings));
    }
}
