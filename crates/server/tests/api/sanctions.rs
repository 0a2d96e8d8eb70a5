//! Sanctions through the API: a ban ends the account's sessions and keeps it out, a
//! suspension stops it taking part until it ends, pre-moderation holds its comments; each
//! change is one line of the account's log.

use chrono::{Duration, SubsecRound, Utc};
use reqwest::Method;
use schrieb_api::paths::api;
use schrieb_api::{
    AccountStanding, ApiError, Check, CommentPermalink, CommentState, ModerationLog, ReactionKind, Reason, Role,
    SanctionKind, Standing,
};
use serde_json::json;

use schrieb_server::db::SessionKind;

use crate::helpers::{Answer, PASSWORD, TestApp, User, comment_body};

const SLUG: &str = "gesperrt";

async fn sanction(app: &TestApp, by: &User, whom: &User, body: serde_json::Value) -> reqwest::Response {
    app.send(Method::PUT, &api::moderation_sanction(whom.id), Some(by), Some(body)).await
}

/// The moderation log of `whom`'s account, as `moderator` reads it.
async fn account_log(app: &TestApp, moderator: &User, whom: &User) -> ModerationLog {
    let path = format!("/api/v1/moderation/log?account={}", whom.id);
    Answer::of(app.send(Method::GET, &path, Some(moderator), None).await).await.body
}

async fn reason_of(response: reqwest::Response) -> (u16, Option<Reason>) {
    let status = response.status().as_u16();
    (status, response.json::<ApiError>().await.unwrap().reason)
}

/// Banned: its session is gone at once, logging in again is refused with the reason, and its
/// log has the line.
#[tokio::test]
async fn a_ban_ends_the_sessions_and_keeps_the_account_out() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let reader = app.user("Pöbler", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    assert_eq!(app.send(Method::GET, "/api/v1/me", Some(&reader), None).await.status().as_u16(), 200);
    let widget = app.widget_token(&reader).await;

    let banned = sanction(&app, &moderator, &reader, json!({"kind": "ban", "reason": "Beleidigt andere."})).await;
    assert_eq!(banned.status().as_u16(), 200);
    let standing: AccountStanding = banned.json().await.unwrap();
    assert_eq!(standing.sanction.map(|s| (s.kind, s.reason)), Some((SanctionKind::Ban, "Beleidigt andere.".into())));

    // The session ended; the next write with it is told why.
    let posted = app.post_comment::<ApiError>(SLUG, Some(&reader), &comment_body("Trotzdem."), None).await;
    let banned_for = Some(Reason::AccountBanned { reason: "Beleidigt andere.".into() });
    assert_eq!((posted.status, posted.body.reason.clone()), (401, banned_for.clone()));
    assert_eq!(app.send(Method::GET, "/api/v1/me", Some(&reader), None).await.status().as_u16(), 401);
    // The widget's token ended too, and says why.
    let framed = app.send_bearer(Method::GET, "/api/v1/me", &widget.token, None).await;
    assert_eq!(framed.status().as_u16(), 401);
    // Dead as any ended token is, for the widget to drop it.
    assert_eq!(framed.headers()["www-authenticate"], r#"Bearer error="invalid_token""#);
    assert_eq!(framed.json::<ApiError>().await.unwrap().reason, banned_for);
    let login = app.login::<ApiError>("pöbler@example.org", PASSWORD).await;
    assert_eq!(login.status, 403);
    assert_eq!(login.body.reason, banned_for);
    // A login that checked before the ban landed stores no session after it.
    let now = Utc::now();
    let late = app.repository.create_session("late", reader.id, SessionKind::Cookie, now, now + Duration::hours(1));
    assert!(!late.await.unwrap(), "a session of a banned account was stored");

    let log = account_log(&app, &moderator, &reader).await;
    let rows: Vec<_> = log.items.iter().map(|e| (e.from, e.to, e.account.as_ref().map(|a| a.id))).collect();
    assert_eq!(rows, [(Some(Standing::Active), Standing::Banned, Some(reader.id))]);
    // A line is about a comment or an account: asked for both at once, none is.
    let both = format!("/api/v1/moderation/log?account={}&comment=1", reader.id);
    let none: ModerationLog = Answer::of(app.send(Method::GET, &both, Some(&moderator), None).await).await.body;
    assert!(none.items.is_empty());
}

/// Suspended: no posting, editing, reacting or reporting until it ends, each refused with the
/// end and the reason; reading goes on. Lifted: back to normal, and the log has both lines.
#[tokio::test]
async fn a_suspension_stops_taking_part_until_it_is_lifted() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let reader = app.user("Hitzkopf", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let own = app.posted(SLUG, &reader, "Vorher geschrieben.").await.comment.id;
    let other = app.comment_page(SLUG, "1").await.items[0].id;
    let until = (Utc::now() + Duration::hours(24)).trunc_subsecs(3);
    let body = json!({"kind": "suspend", "until": until, "reason": "Bitte abkühlen."});
    assert_eq!(sanction(&app, &moderator, &reader, body).await.status().as_u16(), 200);

    let expected = Some(Reason::AccountSuspended { until, reason: "Bitte abkühlen.".into() });
    let attempts = [
        app.send(
            Method::POST,
            &api::article_comments(&crate::helpers::slug(SLUG)),
            Some(&reader),
            Some(json!({"body": "Neu."})),
        )
        .await,
        app.send(Method::PATCH, &api::comment(own), Some(&reader), Some(json!({"body": "Geändert."}))).await,
        app.send(Method::PUT, &api::comment_reaction(other, ReactionKind::Like), Some(&reader), None).await,
        app.send(Method::POST, &api::comment_reports(other), Some(&reader), Some(json!({"reason": "spam"}))).await,
    ];
    for attempt in attempts {
        assert_eq!(reason_of(attempt).await, (403, expected.clone()));
    }
    assert_eq!(app.send(Method::GET, "/api/v1/me", Some(&reader), None).await.status().as_u16(), 200, "still reads");

    let lifted = sanction(&app, &moderator, &reader, json!({"kind": "none", "reason": ""})).await;
    assert_eq!(lifted.json::<AccountStanding>().await.unwrap().sanction, None);
    assert_eq!(
        app.post_comment::<CommentPermalink>(SLUG, Some(&reader), &comment_body("Wieder da."), None).await.status,
        201
    );
    let log = account_log(&app, &moderator, &reader).await;
    let rows: Vec<_> = log.items.iter().map(|e| (e.from, e.to)).collect();
    assert_eq!(rows, [(Some(Standing::Suspended), Standing::Active), (Some(Standing::Active), Standing::Suspended)]);
}

/// Pre-moderated: each comment waits, the check says why, and the account's log has the line;
/// bad requests get their reasons, and staff and the guests' account are not sanctioned.
#[tokio::test]
async fn premoderation_holds_every_comment_and_staff_are_for_admins() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let reader = app.user("Neuling", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let colleague = app.user("Kollege", Role::Moderator).await;
    let admin = app.user("Admin Anna", Role::Admin).await;
    let body = json!({"kind": "premoderate", "reason": "Erst einmal prüfen."});
    assert_eq!(sanction(&app, &moderator, &reader, body.clone()).await.status().as_u16(), 200);
    let held = app.post_comment::<CommentPermalink>(SLUG, Some(&reader), &comment_body("Hallo zusammen."), None).await;
    assert_eq!((held.status, held.body.comment.state), (201, CommentState::Pending));
    let log: ModerationLog = Answer::of(
        app.send(Method::GET, &api::moderation_log(Some(held.body.comment.id)), Some(&moderator), None).await,
    )
    .await
    .body;
    assert!(log.items[0].findings.iter().any(|finding| finding.check == Check::Premoderated));
    let rows: Vec<_> = account_log(&app, &moderator, &reader).await.items.iter().map(|e| (e.from, e.to)).collect();
    assert_eq!(rows, [(Some(Standing::Active), Standing::Premoderated)]);

    let refusals = [
        (json!({"kind": "suspend", "reason": "x"}), Some(Reason::SuspensionEnd)),
        (
            json!({"kind": "suspend", "until": Utc::now() - Duration::hours(1), "reason": "x"}),
            Some(Reason::SuspensionEnd),
        ),
        (json!({"kind": "ban", "until": Utc::now() + Duration::hours(1), "reason": "x"}), Some(Reason::SuspensionEnd)),
        (json!({"kind": "ban", "reason": "  "}), Some(Reason::NoteRequired)),
        (json!({"kind": "ban", "reason": "x".repeat(501)}), Some(Reason::NoteTooLong { max: 500 })),
    ];
    for (body, reason) in refusals {
        assert_eq!(reason_of(sanction(&app, &moderator, &reader, body.clone()).await).await, (422, reason), "{body}");
    }
    for by in [&moderator, &admin] {
        let staff = sanction(&app, by, &colleague, body.clone()).await;
        assert_eq!(reason_of(staff).await, (422, Some(Reason::SanctionOfStaff)));
    }
    let nobody =
        app.send(Method::PUT, &api::moderation_sanction(schrieb_api::UserId(9_999)), Some(&admin), Some(body)).await;
    assert_eq!(nobody.status().as_u16(), 404);
}

/// A blocked email domain (and every domain under it) cannot register; the list is for admins
/// and keeps what it is sent in lower case, once each.
#[tokio::test]
async fn blocked_email_domains_keep_their_addresses_from_registering() {
    let app = TestApp::empty().await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let admin = app.user("Admin Anna", Role::Admin).await;
    let path = "/api/v1/admin/email-domains";
    let list = json!({"domains": ["Wegwerf.Example", "@wegwerf.example", "spam.example"]});
    assert_eq!(app.send(Method::PUT, path, Some(&moderator), Some(list.clone())).await.status().as_u16(), 403);
    let set: schrieb_api::BlockedDomains =
        Answer::of(app.send(Method::PUT, path, Some(&admin), Some(list)).await).await.body;
    assert_eq!(set.domains, ["spam.example", "wegwerf.example"]);
    let bad = app.send(Method::PUT, path, Some(&admin), Some(json!({"domains": ["localhost"]}))).await;
    assert_eq!(reason_of(bad).await, (422, Some(Reason::EmailDomainInvalid { domain: "localhost".into() })));

    for email in ["neu@wegwerf.example", "neu@MX.Spam.Example"] {
        let refused = app.register::<ApiError>(&crate::helpers::registration("Neuling", email), None).await;
        assert_eq!((refused.status, refused.body.reason), (422, Some(Reason::EmailDomainBlocked)), "{email}");
        assert_eq!(refused.body.field.as_deref(), Some("email"));
    }
    let welcome =
        app.register::<serde_json::Value>(&crate::helpers::registration("Neuling", "neu@example.org"), None).await;
    assert_eq!(welcome.status, 202, "a domain that merely ends the same way is not blocked: notspam.example");
    let similar =
        app.register::<serde_json::Value>(&crate::helpers::registration("Andere", "a@notspam.example"), None).await;
    assert_eq!(similar.status, 202);
}
