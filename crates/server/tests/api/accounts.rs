//! Registering, confirming, logging in and out, changing the password; what an attacker can
//! and cannot learn or do.

use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, ErrorKind, Me, Notice, RegisterRequest, Role};
use serde_json::json;

use crate::helpers::{Answer, PASSWORD, TestApp, User, registration, session_cookie};

/// The token of the newest confirmation mail to `email`.
async fn mailed_token(app: &TestApp, email: &str) -> String {
    let mails = app.repository.mails_to(email).await.unwrap();
    let body = &mails.last().expect("a mail was sent").body;
    schrieb_server::mail::token_in(body).expect("the mail carries a link").to_owned()
}

#[tokio::test]
async fn register_confirm_log_in_and_out() {
    let app = TestApp::empty().await;
    let answer = app.register::<Notice>(&registration("Frau Holle", "Holle@Example.org"), None).await;
    assert_eq!(answer.status, 202);

    // Not before the address is confirmed, even with the right password.
    let early = app.login::<ApiError>("holle@example.org", PASSWORD).await;
    assert_eq!((early.status, early.body.error), (403, ErrorKind::Forbidden));

    let token = mailed_token(&app, "holle@example.org").await;
    let confirmed = app.verify::<Me>(&token).await;
    assert_eq!(confirmed.status, 200);
    let set_cookies: Vec<String> =
        confirmed.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    let session = set_cookies.iter().find(|c| c.starts_with("schrieb_session=")).unwrap();
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"), "{session}");
    let hint = set_cookies.iter().find(|c| c.starts_with("schrieb_login=1")).expect("the login hint for the app");
    assert!(!hint.contains("HttpOnly"), "the app reads the hint: {hint}");
    let me = confirmed.body;
    assert_eq!(
        (me.display_name.as_str(), me.email.as_str(), me.role),
        ("Frau Holle", "holle@example.org", Role::Reader)
    );
    let again = app.verify::<ApiError>(&token).await;
    assert_eq!((again.status, again.body.error), (422, ErrorKind::Validation), "a link works once");

    let login = app.login::<Me>(" HOLLE@example.org", PASSWORD).await;
    assert_eq!(login.status, 200);
    let cookie = session_cookie(&login.headers).unwrap();
    let user = User { id: me.id, cookie };
    assert_eq!(app.me::<Me>(&user).await.body, me);

    let logout = app.logout(&user).await;
    assert_eq!(logout.status().as_u16(), 204);
    let cleared: Vec<&str> = logout.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
    assert_eq!(cleared.len(), 2);
    assert!(cleared.iter().all(|c| c.contains("Max-Age=0")), "{cleared:?}");
    // A copy of the cookie is dead too: the session is gone on the server.
    let after = app.me::<ApiError>(&user).await;
    assert_eq!((after.status, after.body.error), (401, ErrorKind::Unauthorized));
}

#[tokio::test]
async fn registration_tells_nobody_whether_an_address_is_taken() {
    let app = TestApp::empty().await;
    let first = app.register::<serde_json::Value>(&registration("Martin", "martin@example.org"), None).await;
    let second = app.register::<serde_json::Value>(&registration("Jemand Anderes", "MARTIN@example.org"), None).await;
    assert_eq!((first.status, second.status), (202, 202));
    assert_eq!(first.body, second.body, "the same answer, word for word");
    let mails = app.repository.mails_to("martin@example.org").await.unwrap();
    assert_eq!(mails.len(), 2);
    assert!(mails[1].subject.contains("bereits ein Konto"), "the owner is told instead, in German by default");
    assert!(schrieb_server::mail::token_in(&mails[1].body).is_none());

    // Unknown address and wrong password: one answer.
    let unknown = app.login::<ApiError>("nobody@example.org", PASSWORD).await;
    let wrong = app.login::<ApiError>("martin@example.org", "falsch-falsch").await;
    assert_eq!((unknown.status, unknown.body.error), (401, ErrorKind::Unauthorized));
    assert_eq!((wrong.status, &wrong.body.message), (401, &unknown.body.message));
}

#[tokio::test]
async fn bad_registrations_name_the_field() {
    let app = TestApp::with_demo().await;
    let refused = |body: serde_json::Value| {
        let app = &app;
        async move { app.register::<ApiError>(&body, None).await }
    };
    let as_json = |request: RegisterRequest| serde_json::to_value(request).unwrap();
    let taken = refused(as_json(registration("onkel otto", "otto@example.org"))).await;
    assert_eq!(
        (taken.status, taken.body.error, taken.body.field.as_deref()),
        (409, ErrorKind::Conflict, Some("display_name"))
    );
    // One name in any case, umlauts included, on either store.
    let first = app.register::<Notice>(&registration("Jürgen Ölß", "juergen@example.org"), None).await;
    assert_eq!(first.status, 202);
    let shouted = refused(as_json(registration("JÜRGEN ÖLß", "juergen2@example.org"))).await;
    assert_eq!((shouted.status, shouted.body.field.as_deref()), (409, Some("display_name")), "{:?}", shouted.body);
    let guest = refused(as_json(registration("Gast 7", "gast@example.org"))).await;
    assert_eq!((guest.status, guest.body.field.as_deref()), (422, Some("display_name")));
    let short = refused(json!({"display_name": "Neu", "email": "neu@example.org", "password": "kurz"})).await;
    assert_eq!((short.status, short.body.field.as_deref()), (422, Some("password")));
    assert!(short.body.message.contains("at least 10 characters"));
    let email = refused(as_json(registration("Neu", "keine-adresse"))).await;
    assert_eq!((email.status, email.body.field.as_deref()), (422, Some("email")));
    let missing = refused(json!({"display_name": "Neu"})).await;
    assert_eq!((missing.status, missing.body.error), (422, ErrorKind::Validation));

    let malformed = app
        .client_raw()
        .post(format!("{}{}", app.address, Endpoint::AuthRegister.template()))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status().as_u16(), 400);
    let over = schrieb_server::limits::MAX_BODY_BYTES + 1;
    let huge = refused(json!({"display_name": "x".repeat(over), "email": "a@b.de", "password": PASSWORD})).await;
    assert_eq!((huge.status, huge.body.error), (413, ErrorKind::PayloadTooLarge));
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions() {
    let app = TestApp::empty().await;
    let here = app.user("Lizenzlotse", Role::Reader).await;
    let login = app.login::<Me>("lizenzlotse@example.org", PASSWORD).await;
    let elsewhere = User { cookie: session_cookie(&login.headers).unwrap(), ..here.clone() };

    let wrong =
        Answer::<ApiError>::of(app.change_password(Some(&here), "falsch-falsch", "ganz-neu-und-lang").await).await;
    assert_eq!((wrong.status, wrong.body.field.as_deref()), (422, Some("current_password")));
    let changed = app.change_password(Some(&here), PASSWORD, "ganz-neu-und-lang").await;
    assert_eq!(changed.status().as_u16(), 204);
    assert_eq!(app.me::<Me>(&here).await.status, 200);
    assert_eq!(app.me::<ApiError>(&elsewhere).await.status, 401);
    let old = app.login::<ApiError>("lizenzlotse@example.org", PASSWORD).await;
    assert_eq!(old.status, 401);
    let new = app.login::<Me>("lizenzlotse@example.org", "ganz-neu-und-lang").await;
    assert_eq!(new.status, 200);
}

#[tokio::test]
async fn cross_site_writes_are_refused() {
    let app = TestApp::empty().await;
    let user = app.user("Martin", Role::Reader).await;
    let url = format!("{}{}", app.address, Endpoint::AuthLogout.template());
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
    assert_eq!(app.me::<Me>(&user).await.status, 200, "still logged in");
}

#[tokio::test]
async fn repeated_attempts_are_rate_limited() {
    let app = TestApp::empty().await;
    app.user("Martin", Role::Reader).await;
    let attempt = || app.login::<ApiError>("martin@example.org", "falsch-falsch");
    // The successful login above counted too: four more wrong ones fill the minute's five.
    for _ in 0..4 {
        assert_eq!(attempt().await.status, 401);
    }
    let limited = attempt().await;
    assert_eq!(limited.status, 429);
    let retry: u64 = limited.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    assert_eq!(limited.body.error, ErrorKind::RateLimited);

    for n in 0..10 {
        let newcomer = registration(&format!("Neu {n}"), &format!("neu{n}@example.org"));
        assert_eq!(app.register::<Notice>(&newcomer, None).await.status, 202);
    }
    let eleventh = app.register::<ApiError>(&registration("Neu 11", "neu11@example.org"), None).await;
    assert_eq!(eleventh.status, 429);
}

/// Servers sharing PostgreSQL share the limits: attempts spread over two (as a balancer spreads
/// them) meet one limit, not one each. A server on SQLite is the only one and counts alone.
#[tokio::test]
async fn servers_sharing_the_database_share_the_limits() {
    let app = TestApp::empty().await;
    let other = app.beside().await;
    if !app.on_postgres() {
        assert!(app.repository.shared_limits().is_none(), "SQLite's server keeps its limits in memory");
        return;
    }
    app.user("Martin", Role::Reader).await;
    // The login above counted: four wrong ones, alternating between the servers, fill the five.
    for n in 0..4 {
        let server = if n % 2 == 0 { &app } else { &other };
        assert_eq!(server.login::<ApiError>("martin@example.org", "falsch-falsch").await.status, 401);
    }
    for server in [&app, &other] {
        let limited = server.login::<ApiError>("martin@example.org", "falsch-falsch").await;
        assert_eq!(limited.status, 429, "the sixth attempt, through either server");
        let retry: u64 = limited.headers["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&retry), "{retry}");
    }
}

#[tokio::test]
async fn a_spoofed_forwarded_for_does_not_escape_the_limits() {
    let app = TestApp::empty().await;
    for n in 0..10 {
        let forwarded = format!("198.51.100.{n}");
        let newcomer = registration(&format!("Neu {n}"), &format!("neu{n}@example.org"));
        let answer = app.register::<Notice>(&newcomer, Some(&forwarded)).await;
        assert_eq!(answer.status, 202);
    }
    let spoofed = app.register::<ApiError>(&registration("Neu 11", "neu11@example.org"), Some("203.0.113.77")).await;
    assert_eq!(spoofed.status, 429, "the peer is no trusted proxy: its header is ignored");
}
