//! Registering, confirming, logging in and out, changing the password; what an attacker can
//! and cannot learn or do.

use reqwest::Method;
use schrieb_api::{ApiError, ErrorKind, Me, Notice, Role};
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, session_cookie};

fn registration(name: &str, email: &str) -> serde_json::Value {
    json!({"display_name": name, "email": email, "password": PASSWORD})
}

/// The token of the newest confirmation mail to `email`.
async fn mailed_token(app: &TestApp, email: &str) -> String {
    let mails = app.repository.mails_to(email).await.unwrap();
    let body = &mails.last().expect("a mail was sent").body;
    schrieb_server::mail::token_in(body).expect("the mail carries a link").to_owned()
}

#[tokio::test]
async fn register_confirm_log_in_and_out() {
    let app = TestApp::empty().await;
    let answer = app
        .send_json::<Notice>(
            Method::POST,
            "/api/v1/auth/register",
            None,
            Some(registration("Frau Holle", "Holle@Example.org")),
        )
        .await;
    assert_eq!(answer.status, 202);

    // Not before the address is confirmed, even with the right password.
    let early = app
        .send_json::<ApiError>(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "holle@example.org", "password": PASSWORD})),
        )
        .await;
    assert_eq!((early.status, early.body.error), (403, ErrorKind::Forbidden));

    let token = mailed_token(&app, "holle@example.org").await;
    let confirmed = app.send(Method::POST, "/api/v1/auth/verify", None, Some(json!({"token": token}))).await;
    assert_eq!(confirmed.status().as_u16(), 200);
    let set_cookies: Vec<String> =
        confirmed.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    let session = set_cookies.iter().find(|c| c.starts_with("schrieb_session=")).unwrap();
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"), "{session}");
    let hint = set_cookies.iter().find(|c| c.starts_with("schrieb_login=1")).expect("the login hint for the app");
    assert!(!hint.contains("HttpOnly"), "the app reads the hint: {hint}");
    let me: Me = confirmed.json().await.unwrap();
    assert_eq!(
        (me.display_name.as_str(), me.email.as_str(), me.role),
        ("Frau Holle", "holle@example.org", Role::Reader)
    );
    let again =
        app.send_json::<ApiError>(Method::POST, "/api/v1/auth/verify", None, Some(json!({"token": token}))).await;
    assert_eq!((again.status, again.body.error), (422, ErrorKind::Validation), "a link works once");

    let login = app
        .send(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": " HOLLE@example.org", "password": PASSWORD})),
        )
        .await;
    assert_eq!(login.status().as_u16(), 200);
    let cookie = session_cookie(&login).unwrap();
    let user = crate::helpers::User { id: me.id, cookie };
    assert_eq!(app.send_json::<Me>(Method::GET, "/api/v1/me", Some(&user), None).await.body, me);

    let logout = app.send(Method::POST, "/api/v1/auth/logout", Some(&user), None).await;
    assert_eq!(logout.status().as_u16(), 204);
    let cleared: Vec<&str> = logout.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
    assert_eq!(cleared.len(), 2);
    assert!(cleared.iter().all(|c| c.contains("Max-Age=0")), "{cleared:?}");
    // A copy of the cookie is dead too: the session is gone on the server.
    let after = app.send_json::<ApiError>(Method::GET, "/api/v1/me", Some(&user), None).await;
    assert_eq!((after.status, after.body.error), (401, ErrorKind::Unauthorized));
}

#[tokio::test]
async fn registration_tells_nobody_whether_an_address_is_taken() {
    let app = TestApp::empty().await;
    let first =
        app.send(Method::POST, "/api/v1/auth/register", None, Some(registration("Martin", "martin@example.org"))).await;
    let second = app
        .send(Method::POST, "/api/v1/auth/register", None, Some(registration("Jemand Anderes", "MARTIN@example.org")))
        .await;
    assert_eq!((first.status().as_u16(), second.status().as_u16()), (202, 202));
    assert_eq!(first.text().await.unwrap(), second.text().await.unwrap(), "the same answer, word for word");
    let mails = app.repository.mails_to("martin@example.org").await.unwrap();
    assert_eq!(mails.len(), 2);
    assert!(mails[1].subject.contains("already have an account"), "the owner is told instead");
    assert!(schrieb_server::mail::token_in(&mails[1].body).is_none());

    // Unknown address and wrong password: one answer.
    let unknown = app
        .send_json::<ApiError>(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "nobody@example.org", "password": PASSWORD})),
        )
        .await;
    let wrong = app
        .send_json::<ApiError>(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "martin@example.org", "password": "falsch-falsch"})),
        )
        .await;
    assert_eq!((unknown.status, unknown.body.error), (401, ErrorKind::Unauthorized));
    assert_eq!((wrong.status, &wrong.body.message), (401, &unknown.body.message));
}

#[tokio::test]
async fn bad_registrations_name_the_field() {
    let app = TestApp::with_demo().await;
    let refused = |body: serde_json::Value| {
        let app = &app;
        async move { app.send_json::<ApiError>(Method::POST, "/api/v1/auth/register", None, Some(body)).await }
    };
    let taken = refused(registration("onkel otto", "otto@example.org")).await;
    assert_eq!(
        (taken.status, taken.body.error, taken.body.field.as_deref()),
        (409, ErrorKind::Conflict, Some("display_name"))
    );
    let guest = refused(registration("Gast 7", "gast@example.org")).await;
    assert_eq!((guest.status, guest.body.field.as_deref()), (422, Some("display_name")));
    let short = refused(json!({"display_name": "Neu", "email": "neu@example.org", "password": "kurz"})).await;
    assert_eq!((short.status, short.body.field.as_deref()), (422, Some("password")));
    assert!(short.body.message.contains("at least 10 characters"));
    let email = refused(registration("Neu", "keine-adresse")).await;
    assert_eq!((email.status, email.body.field.as_deref()), (422, Some("email")));
    let missing = refused(json!({"display_name": "Neu"})).await;
    assert_eq!((missing.status, missing.body.error), (422, ErrorKind::Validation));

    let malformed = app
        .client_raw()
        .post(format!("{}/api/v1/auth/register", app.address))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status().as_u16(), 400);
    let over = schrieb_server::routes::MAX_BODY_BYTES + 1;
    let huge = refused(json!({"display_name": "x".repeat(over), "email": "a@b.de", "password": PASSWORD})).await;
    assert_eq!((huge.status, huge.body.error), (413, ErrorKind::PayloadTooLarge));
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions() {
    let app = TestApp::empty().await;
    let here = app.user("Lizenzlotse", Role::Reader).await;
    let login = app
        .send(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "lizenzlotse@example.org", "password": PASSWORD})),
        )
        .await;
    let elsewhere = crate::helpers::User { cookie: session_cookie(&login).unwrap(), ..here.clone() };

    let wrong = app
        .send_json::<ApiError>(
            Method::PUT,
            "/api/v1/me/password",
            Some(&here),
            Some(json!({"current_password": "falsch-falsch", "new_password": "ganz-neu-und-lang"})),
        )
        .await;
    assert_eq!((wrong.status, wrong.body.field.as_deref()), (422, Some("current_password")));
    let changed = app
        .send(
            Method::PUT,
            "/api/v1/me/password",
            Some(&here),
            Some(json!({"current_password": PASSWORD, "new_password": "ganz-neu-und-lang"})),
        )
        .await;
    assert_eq!(changed.status().as_u16(), 204);
    assert_eq!(app.send(Method::GET, "/api/v1/me", Some(&here), None).await.status().as_u16(), 200);
    assert_eq!(app.send(Method::GET, "/api/v1/me", Some(&elsewhere), None).await.status().as_u16(), 401);
    let old = app
        .send(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "lizenzlotse@example.org", "password": PASSWORD})),
        )
        .await;
    assert_eq!(old.status().as_u16(), 401);
    let new = app
        .send(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "lizenzlotse@example.org", "password": "ganz-neu-und-lang"})),
        )
        .await;
    assert_eq!(new.status().as_u16(), 200);
}

#[tokio::test]
async fn cross_site_writes_are_refused() {
    let app = TestApp::empty().await;
    let user = app.user("Martin", Role::Reader).await;
    let url = format!("{}/api/v1/auth/logout", app.address);
    let forged = app
        .client_raw()
        .post(&url)
        .header("origin", "https://evil.example")
        .header("cookie", &user.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 403);
    let body: ApiError = forged.json().await.unwrap();
    assert_eq!(body.error, ErrorKind::Forbidden);
    let originless = app.client_raw().post(&url).header("cookie", &user.cookie).send().await.unwrap();
    assert_eq!(originless.status().as_u16(), 403, "a cookie without Origin or Sec-Fetch-Site is refused");
    assert_eq!(app.send(Method::GET, "/api/v1/me", Some(&user), None).await.status().as_u16(), 200, "still logged in");
}

#[tokio::test]
async fn repeated_attempts_are_rate_limited() {
    let app = TestApp::empty().await;
    app.user("Martin", Role::Reader).await;
    let attempt = || {
        app.send(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "martin@example.org", "password": "falsch-falsch"})),
        )
    };
    // The successful login above counted too: four more wrong ones fill the minute's five.
    for _ in 0..4 {
        assert_eq!(attempt().await.status().as_u16(), 401);
    }
    let limited = attempt().await;
    assert_eq!(limited.status().as_u16(), 429);
    let retry: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    let body: ApiError = limited.json().await.unwrap();
    assert_eq!(body.error, ErrorKind::RateLimited);

    for n in 0..10 {
        let answer = app
            .send(
                Method::POST,
                "/api/v1/auth/register",
                None,
                Some(registration(&format!("Neu {n}"), &format!("neu{n}@example.org"))),
            )
            .await;
        assert_eq!(answer.status().as_u16(), 202);
    }
    let eleventh =
        app.send(Method::POST, "/api/v1/auth/register", None, Some(registration("Neu 11", "neu11@example.org"))).await;
    assert_eq!(eleventh.status().as_u16(), 429);
}

#[tokio::test]
async fn a_spoofed_forwarded_for_does_not_escape_the_limits() {
    let app = TestApp::empty().await;
    for n in 0..10 {
        let answer = app
            .client_raw()
            .post(format!("{}/api/v1/auth/register", app.address))
            .header("x-forwarded-for", format!("198.51.100.{n}"))
            .json(&registration(&format!("Neu {n}"), &format!("neu{n}@example.org")))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 202);
    }
    let spoofed = app
        .client_raw()
        .post(format!("{}/api/v1/auth/register", app.address))
        .header("x-forwarded-for", "203.0.113.77")
        .json(&registration("Neu 11", "neu11@example.org"))
        .send()
        .await
        .unwrap();
    assert_eq!(spoofed.status().as_u16(), 429, "the peer is no trusted proxy: its header is ignored");
}
