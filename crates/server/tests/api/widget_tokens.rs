//! Widget tokens: the embed iframe gets no cookie inside another site's page, so the login
//! popup mints a token with the cookie session and the iframe sends it as
//! `Authorization: Bearer`. Who may mint, what a token may do, and how it ends.

use chrono::{Duration, Utc};
use reqwest::Method;
use schrieb_api::paths::{Endpoint, api};
use schrieb_api::{ApiError, CommentPage, CommentPermalink, ErrorKind, Me, ReactionKind, Role, WidgetToken};
use schrieb_server::auth::token::{new_token, token_hash};
use schrieb_server::db::SessionKind;
use schrieb_server::settings::Settings;
use serde_json::json;

use crate::helpers::{Answer, PASSWORD, TestApp, User, comment_body, slug};

const TOKEN: &str = Endpoint::AuthToken.template();
const ME: &str = Endpoint::Me.template();
const SLUG: &str = "widget-artikel";

fn thread() -> String {
    api::article_comments(&slug(SLUG))
}

/// `GET /api/v1/me` with `token`: the status and the answer's text.
async fn me_with(app: &TestApp, token: &str) -> (u16, String) {
    let response = app.send_bearer(Method::GET, ME, token, None).await;
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The token in `user`'s `schrieb_session=…` cookie.
fn cookie_token(user: &User) -> &str {
    user.cookie.strip_prefix("schrieb_session=").unwrap()
}

/// Asserts a 401 that tells the widget its token is dead.
async fn assert_dead_token(response: reqwest::Response, what: &str) {
    assert_eq!(response.status().as_u16(), 401, "{what}");
    let challenge = response.headers().get("www-authenticate").map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(challenge.as_deref(), Some(r#"Bearer error="invalid_token""#), "{what}");
    let error: ApiError = response.json().await.expect("the shared error shape");
    assert_eq!(error.error, ErrorKind::Unauthorized, "{what}");
}

#[tokio::test]
async fn minting_needs_a_cookie_session() {
    let app = TestApp::empty().await;
    let anonymous = app.send_json::<ApiError>(Method::POST, TOKEN, None, None).await;
    assert_eq!((anonymous.status, anonymous.body.error), (401, ErrorKind::Unauthorized));

    let user = app.user("Widgetine", Role::Reader).await;
    let before = Utc::now();
    let response = app.send(Method::POST, TOKEN, Some(&user), None).await;
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.headers()["cache-control"], "no-store", "the token is a secret");
    assert!(response.headers().get("set-cookie").is_none(), "minting changes no cookie");
    let minted: WidgetToken = response.json().await.unwrap();
    assert_eq!(minted.token.len(), 43);
    assert_ne!(minted.token, cookie_token(&user), "a session of its own");
    // As long as a login lasts, and no longer than the cookie session that minted it.
    let lifetime = Settings::default().session_lifetime;
    assert!(minted.expires_at <= Utc::now() + lifetime, "{}", minted.expires_at);
    assert!(minted.expires_at >= before + lifetime - Duration::seconds(5), "{}", minted.expires_at);
}

#[tokio::test]
async fn another_sites_page_cannot_mint() {
    let app = TestApp::empty().await;
    let user = app.user("Widgetine", Role::Reader).await;
    let url = format!("{}{TOKEN}", app.address);
    let forged = app
        .client_raw()
        .post(&url)
        .header("origin", "https://blog.example")
        .header("cookie", &user.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 403);
    assert_eq!(forged.json::<ApiError>().await.unwrap().error, ErrorKind::Forbidden);
    let originless = app.client_raw().post(&url).header("cookie", &user.cookie).send().await.unwrap();
    assert_eq!(originless.status().as_u16(), 403, "a cookie without Origin or Sec-Fetch-Site");
    let sandboxed =
        app.client_raw().post(&url).header("origin", "null").header("cookie", &user.cookie).send().await.unwrap();
    assert_eq!(sandboxed.status().as_u16(), 403, "a sandboxed frame's Origin: null");
}

#[tokio::test]
async fn the_token_alone_acts_for_the_account() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 3).await;
    let user = app.user("Widgetine", Role::Reader).await;
    let token = app.widget_token(&user).await.token;

    let (status, body) = me_with(&app, &token).await;
    assert_eq!(status, 200, "{body}");
    let me: Me = serde_json::from_str(&body).unwrap();
    assert_eq!((me.id, me.display_name.as_str()), (user.id, "Widgetine"));

    let body = serde_json::to_value(comment_body("Aus dem Widget")).unwrap();
    let posted = Answer::<CommentPermalink>::of(app.send_bearer(Method::POST, &thread(), &token, Some(body)).await);
    let posted = posted.await;
    assert_eq!(posted.status, 201);
    let posted = posted.body;
    assert_eq!((posted.comment.author.id, posted.comment.author.guest), (user.id, false));

    let path = api::comment(posted.comment.id);
    let body = serde_json::to_value(comment_body("Aus dem Widget, geändert")).unwrap();
    let edited = Answer::<CommentPermalink>::of(app.send_bearer(Method::PATCH, &path, &token, Some(body)).await);
    let edited = edited.await;
    assert_eq!(edited.status, 200);
    assert_eq!(edited.body.comment.body, "Aus dem Widget, geändert");

    // Where logging in is optional, the token counts too: the reaction shows as the reader's.
    let react = api::comment_reaction(posted.comment.id, ReactionKind::Like);
    assert_eq!(app.send_bearer(Method::PUT, &react, &token, None).await.status().as_u16(), 200);
    let page: CommentPage = app.send_bearer(Method::GET, &thread(), &token, None).await.json().await.unwrap();
    let mine = page.items.iter().find(|c| c.id == posted.comment.id).unwrap();
    assert!(mine.reactions.iter().any(|r| r.mine), "{:?}", mine.reactions);
}

#[tokio::test]
async fn a_token_cannot_mint_another() {
    let app = TestApp::empty().await;
    let user = app.user("Widgetine", Role::Reader).await;
    let token = app.widget_token(&user).await.token;
    let refused = app.send_bearer(Method::POST, TOKEN, &token, None).await;
    assert_eq!(refused.status().as_u16(), 403, "the token is fine, it just may not do this");
    assert_eq!(refused.json::<ApiError>().await.unwrap().error, ErrorKind::Forbidden);
    assert_eq!(me_with(&app, &token).await.0, 200, "and it still works");
}

#[tokio::test]
async fn a_session_answers_only_the_way_its_token_travels() {
    let app = TestApp::empty().await;
    let user = app.user("Widgetine", Role::Reader).await;
    let token = app.widget_token(&user).await.token;

    // The cookie's token is no bearer token...
    assert_dead_token(app.send_bearer(Method::GET, ME, cookie_token(&user), None).await, "cookie as bearer").await;
    // ...and the widget token, which scripts can read, cannot pass for the cookie that mints.
    let as_cookie = User { cookie: format!("schrieb_session={token}"), ..user.clone() };
    let me = app.me::<ApiError>(&as_cookie).await;
    assert_eq!((me.status, me.body.error), (401, ErrorKind::Unauthorized));
    let mint = app.send_json::<ApiError>(Method::POST, TOKEN, Some(&as_cookie), None).await;
    assert_eq!((mint.status, mint.body.error), (401, ErrorKind::Unauthorized));
}

#[tokio::test]
async fn the_bearer_token_wins_over_the_cookie() {
    let app = TestApp::empty().await;
    let cookie_user = app.user("Keksine", Role::Reader).await;
    let token_user = app.user("Widgetine", Role::Reader).await;
    let token = app.widget_token(&token_user).await.token;
    let both = |token: String| {
        app.client_raw()
            .get(format!("{}{ME}", app.address))
            .header("cookie", &cookie_user.cookie)
            .bearer_auth(token)
            .send()
    };
    let me: Me = both(token).await.unwrap().json().await.unwrap();
    assert_eq!(me.id, token_user.id, "the header the code chose, not the cookie the browser added");
    assert_dead_token(both("kaputt".into()).await.unwrap(), "a dead token beside a live cookie").await;
}

#[tokio::test]
async fn logging_out_ends_only_the_session_named() {
    let app = TestApp::empty().await;
    let user = app.user("Widgetine", Role::Reader).await;
    let cookie_me = || app.me::<serde_json::Value>(&user);
    let logout = Endpoint::AuthLogout.template();

    let first = app.widget_token(&user).await.token;
    let out = app.send_bearer(Method::POST, logout, &first, None).await;
    assert_eq!(out.status().as_u16(), 204);
    assert!(out.headers().get("set-cookie").is_none(), "the cookie is another session's, and stays");
    assert_dead_token(app.send_bearer(Method::GET, ME, &first, None).await, "after its logout").await;
    assert_eq!(cookie_me().await.status, 200, "the cookie session lives on");
    let again = app.send_bearer(Method::POST, logout, &first, None).await;
    assert_eq!(again.status().as_u16(), 204, "a dead token logs out as nothing");

    let second = app.widget_token(&user).await.token;
    let out = app.logout(&user).await;
    assert_eq!(out.status().as_u16(), 204);
    assert_eq!(cookie_me().await.status, 401, "the cookie session ended");
    assert_eq!(me_with(&app, &second).await.0, 200, "the widget's session is its own");
}

#[tokio::test]
async fn a_dead_token_is_a_401_even_where_logging_in_is_optional() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let garbage = "kein-token-von-uns";
    assert_dead_token(app.send_bearer(Method::GET, ME, garbage, None).await, "/me").await;
    assert_dead_token(app.send_bearer(Method::GET, &thread(), garbage, None).await, "the thread").await;
    let post = app.send_bearer(Method::POST, &thread(), garbage, Some(json!({"body": "Hallo"}))).await;
    assert_dead_token(post, "posting").await;
    assert_dead_token(app.send_bearer(Method::GET, ME, "", None).await, "an empty token").await;

    // Without a bearer token the thread is anyone's to read; another scheme is not ours.
    assert_eq!(app.send(Method::GET, &thread(), None, None).await.status().as_u16(), 200);
    let basic = app
        .client_raw()
        .get(format!("{}{}", app.address, thread()))
        .basic_auth("staging", Some("proxy-password"))
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status().as_u16(), 200, "a proxy's Basic credentials are ignored");
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let app = TestApp::empty().await;
    let user = app.user("Widgetine", Role::Reader).await;
    let token = new_token().unwrap();
    let past = Utc::now() - Duration::hours(2);
    app.repository
        .create_session(&token_hash(&token), user.id, SessionKind::Bearer, past, past + Duration::hours(1))
        .await
        .unwrap();
    assert_dead_token(app.send_bearer(Method::GET, ME, &token, None).await, "expired").await;

    // A shorter login makes shorter tokens.
    let app = TestApp::with_settings(Settings { session_lifetime: Duration::hours(1), ..Settings::default() }).await;
    let user = app.user("Widgetine", Role::Reader).await;
    let minted = app.widget_token(&user).await;
    assert!(minted.expires_at <= Utc::now() + Duration::hours(1), "{}", minted.expires_at);
    assert!(minted.expires_at > Utc::now() + Duration::minutes(59), "{}", minted.expires_at);
}

#[tokio::test]
async fn changing_the_password_ends_the_widget_tokens() {
    let app = TestApp::empty().await;
    let user = app.user("Widgetine", Role::Reader).await;
    let token = app.widget_token(&user).await.token;
    let changed = app.change_password(Some(&user), PASSWORD, "ganz-neu-und-lang").await;
    assert_eq!(changed.status().as_u16(), 204);
    assert_dead_token(app.send_bearer(Method::GET, ME, &token, None).await, "after a new password").await;
}

#[tokio::test]
async fn minting_is_rate_limited_per_account() {
    let app = TestApp::empty().await;
    let user = app.user("Widgetine", Role::Reader).await;
    for _ in 0..5 {
        app.widget_token(&user).await;
    }
    let limited = app.send_json::<ApiError>(Method::POST, TOKEN, Some(&user), None).await;
    assert_eq!((limited.status, limited.body.error), (429, ErrorKind::RateLimited));
    let other = app.user("Keksine", Role::Reader).await;
    app.widget_token(&other).await;
}
