//! A forgotten password: asking always answers 202 and mails only an address with an account;
//! the mailed token sets a new password once, within the hour, and ends every session.

use chrono::{Duration, Utc};
use reqwest::Method;
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, Me, Notice, Reason, Role};
use schrieb_server::auth::token::token_hash;
use schrieb_server::db::TokenPurpose;
use serde_json::json;

use crate::helpers::{Answer, PASSWORD, TestApp};

const NEW_PASSWORD: &str = "ein-ganz-neues-passwort";

async fn ask(app: &TestApp, email: &str) -> Answer<Notice> {
    Answer::of(
        app.send(Method::POST, Endpoint::AuthPasswordReset.template(), None, Some(json!({ "email": email }))).await,
    )
    .await
}

async fn confirm(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
    let body = json!({ "token": token, "password": password });
    app.send(Method::POST, Endpoint::AuthPasswordResetConfirm.template(), None, Some(body)).await
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once_and_ends_every_session() {
    let app = TestApp::empty().await;
    let user = app.user("Vergesslich", Role::Reader).await;
    let email = "vergesslich@example.org";

    let unknown = ask(&app, "niemand@example.org").await;
    let known = ask(&app, email).await;
    assert_eq!((unknown.status, known.status), (202, 202));
    assert_eq!(unknown.body, known.body, "the answer says nothing of who is registered");
    assert!(app.repository.mails_to("niemand@example.org").await.unwrap().is_empty());
    let mails = app.repository.mails_to(email).await.unwrap();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].body.contains("/password-reset#token="), "{}", mails[0].body);
    let token = schrieb_server::mail::token_in(&mails[0].body).expect("a token").to_owned();

    // A password the rules refuse leaves the link usable.
    let weak: Answer<ApiError> = Answer::of(confirm(&app, &token, "kurz").await).await;
    assert_eq!((weak.status, weak.body.field.as_deref()), (422, Some("password")));
    assert_eq!(confirm(&app, &token, NEW_PASSWORD).await.status(), 204);
    let again: Answer<ApiError> = Answer::of(confirm(&app, &token, NEW_PASSWORD).await).await;
    assert_eq!((again.status, again.body.reason), (422, Some(Reason::LinkExpired)), "single use");

    assert_eq!(app.me::<ApiError>(&user).await.status, 401, "the old session ended");
    assert_eq!(app.login::<ApiError>(email, PASSWORD).await.status, 401, "the old password is gone");
    assert_eq!(app.login::<Me>(email, NEW_PASSWORD).await.status, 200);
}

#[tokio::test]
async fn an_expired_or_unknown_link_sets_nothing() {
    let app = TestApp::empty().await;
    let user = app.user("Spaet", Role::Reader).await;
    let past = Utc::now() - Duration::minutes(1);
    app.repository
        .create_email_token(&token_hash("abgelaufen"), user.id, TokenPurpose::PasswordReset, past)
        .await
        .unwrap();
    // A confirmation token is not a reset token.
    let later = Utc::now() + Duration::hours(1);
    app.repository
        .create_email_token(&token_hash("bestaetigung"), user.id, TokenPurpose::Confirm, later)
        .await
        .unwrap();
    for token in ["abgelaufen", "bestaetigung", "gibt-es-nicht"] {
        let refused: Answer<ApiError> = Answer::of(confirm(&app, token, NEW_PASSWORD).await).await;
        assert_eq!((refused.status, refused.body.reason), (422, Some(Reason::LinkExpired)), "{token}");
    }
    assert_eq!(app.me::<Me>(&user).await.status, 200, "nothing ended");
    let body = json!({ "email": "keine-adresse" });
    let malformed = app.send(Method::POST, Endpoint::AuthPasswordReset.template(), None, Some(body)).await;
    assert_eq!(malformed.status(), 422);
}
