//! Notifications through the API: made once per trigger from the event log, never for one's
//! own actions, nothing from a held comment until it is approved, moderators' decisions told
//! to the author, and marking read.

use reqwest::Method;
use schrieb_api::paths::{Endpoint, api};
use schrieb_api::{
    ApiError, CommentPermalink, CommentState, ModerationMode, ModerationSettings, NotificationKind, NotificationPage,
    Reason, Role, UnreadCount,
};
use serde_json::json;

use crate::helpers::{Answer, TestApp, User, comment_body, published};

const SLUG: &str = "benachrichtigt";

async fn inbox(app: &TestApp, user: &User) -> NotificationPage {
    let answer: Answer<NotificationPage> =
        Answer::of(app.send(Method::GET, &api::notifications(1), Some(user), None).await).await;
    assert_eq!(answer.status, 200);
    answer.body
}

fn kinds(page: &NotificationPage) -> Vec<NotificationKind> {
    page.items.iter().map(|item| item.kind).collect()
}

fn quote_of(posted: &CommentPermalink, author: &str, words: &str) -> String {
    format!("[quote={} author=\"{author}\"]\n{words}\n[/quote]\n\n", posted.comment.id)
}

/// A reply that quotes Anna and mentions Carla, in a thread Dora wrote in: Anna is answered,
/// Carla mentioned, Dora told of a new comment in a thread she follows; Bert, who wrote it,
/// nothing. Each once, however often the log is read, by however many servers.
#[tokio::test]
async fn a_comment_notifies_each_person_concerned_once() {
    let app = TestApp::empty().await;
    let thread = app.article_with_comments(SLUG, 1).await;
    let anna = app.user("Anna", Role::Reader).await;
    let bert = app.user("Bert", Role::Reader).await;
    let carla = app.user("Carla", Role::Reader).await;
    let dora = app.user("Dora", Role::Reader).await;
    let first = app.posted(SLUG, &anna, "Ein Satz von Anna.").await;
    app.posted(SLUG, &dora, "Dora war auch hier.").await;
    assert_eq!(kinds(&inbox(&app, &anna).await), [NotificationKind::Followed], "Dora wrote in Anna's thread");

    let body = format!("{}Genau, @Carla, sieh dir das an.", quote_of(&first, "Anna", "Ein Satz von Anna."));
    let reply = app.posted(SLUG, &bert, &body).await;
    // A comment stored through neither server (as by a third): both find it in the log at
    // once, and its notifications are stored once.
    let other = app.beside().await;
    let pool = app.sql().await;
    let count = || sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM notifications").fetch_one(&pool);
    assert_eq!(count().await.unwrap(), 4, "Anna: Dora's arrival and the reply; Carla; Dora");
    let now = chrono::Utc::now();
    let author = app.repository.ensure_user("Testerin", now).await.unwrap();
    let elsewhere = published(author, "Von nebenan.", now);
    app.repository.append_comments(thread, &[elsewhere]).await.unwrap();
    tokio::join!(other.settle(), app.settle());
    assert_eq!(count().await.unwrap(), 7, "Anna, Bert and Dora follow the thread: one each");
    let anna_inbox = inbox(&app, &anna).await;
    assert_eq!(kinds(&anna_inbox), [NotificationKind::Followed, NotificationKind::Reply, NotificationKind::Followed]);
    let answer = &anna_inbox.items[1];
    assert_eq!((answer.comment, answer.page, answer.actor.as_deref()), (reply.comment.id, 1, Some("Bert")));
    assert_eq!(answer.excerpt, "Genau, @Carla, sieh dir das an.", "the reply's own words");
    assert!(answer.visible && !answer.read);
    assert_eq!(anna_inbox.unread, 3);
    assert_eq!(kinds(&inbox(&app, &carla).await), [NotificationKind::Mention]);
    assert_eq!(kinds(&inbox(&app, &dora).await), [NotificationKind::Followed, NotificationKind::Followed]);
    assert_eq!(kinds(&inbox(&app, &bert).await), [NotificationKind::Followed], "nothing for one's own comment");

    // An edit notifies only whom it adds.
    let edited = format!("{body} Und @Dora auch.");
    assert_eq!(app.edit_comment::<CommentPermalink>(reply.comment.id, Some(&bert), &edited).await.status, 200);
    assert_eq!(kinds(&inbox(&app, &carla).await), [NotificationKind::Mention]);
    assert_eq!(
        kinds(&inbox(&app, &dora).await),
        [NotificationKind::Mention, NotificationKind::Followed, NotificationKind::Followed]
    );

    // Deleted since: still listed, its words gone.
    assert_eq!(app.delete_comment(reply.comment.id, Some(&bert)).await.status(), 204);
    let gone = &inbox(&app, &carla).await.items[0];
    assert!(!gone.visible && gone.excerpt.is_empty());
}

/// A held comment notifies nobody; its approval tells its author and then notifies as a
/// publication; a removal tells the author why.
#[tokio::test]
async fn held_comments_notify_on_approval_and_decisions_reach_their_author() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let settings = ModerationSettings { mode: ModerationMode::All, ..ModerationSettings::default() };
    assert!(app.repository.set_site_moderation("test", &settings).await.unwrap());
    let writer = app.user("Neu", Role::Reader).await;
    let named = app.user("Genannt", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;

    let held = app.post_comment::<CommentPermalink>(SLUG, Some(&writer), &comment_body("Hallo @Genannt."), None).await;
    assert_eq!(held.body.comment.state, CommentState::Pending);
    let rejected = app
        .post_comment::<CommentPermalink>(SLUG, Some(&writer), &comment_body("Zweiter Versuch, @Genannt."), None)
        .await;
    app.settle().await;
    assert!(inbox(&app, &named).await.items.is_empty(), "nothing while held");

    for (id, action) in [(held.body.comment.id, "approve"), (rejected.body.comment.id, "reject")] {
        let body = json!({"action": action, "reason": "Nicht zum Thema."});
        let decided = app.send(Method::POST, &api::moderation_decision(id), Some(&moderator), Some(body)).await;
        assert!(decided.status().is_success(), "{action}: {}", decided.status());
    }
    assert_eq!(kinds(&inbox(&app, &named).await), [NotificationKind::Mention]);
    let told = inbox(&app, &writer).await;
    assert_eq!(kinds(&told), [NotificationKind::Moderation, NotificationKind::Moderation]);
    let (removal, approval) = (&told.items[0], &told.items[1]);
    assert_eq!((removal.outcome, removal.reason.as_deref()), (Some(CommentState::Rejected), Some("Nicht zum Thema.")));
    assert!(removal.visible, "the author still reads their removed comment");
    assert_eq!(
        (approval.outcome, approval.comment, approval.actor.as_deref()),
        (Some(CommentState::Published), held.body.comment.id, None)
    );
}

/// Marking read: by id (only one's own), all, and what bad requests get.
#[tokio::test]
async fn notifications_are_marked_read_by_id_or_all() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let anna = app.user("Anna", Role::Reader).await;
    let bert = app.user("Bert", Role::Reader).await;
    app.posted(SLUG, &anna, "Anna fängt an.").await;
    for n in 0..3 {
        app.posted(SLUG, &bert, &format!("Bert, zum {n}. Mal.")).await;
    }
    let before = inbox(&app, &anna).await;
    assert_eq!((before.unread, before.total, before.pages), (3, 3, 1));
    async fn mark<T: serde::de::DeserializeOwned>(app: &TestApp, user: &User, body: serde_json::Value) -> Answer<T> {
        Answer::of(app.send(Method::POST, Endpoint::MeNotificationsRead.template(), Some(user), Some(body)).await).await
    }
    let one = before.items[0].id;
    let answer: Answer<UnreadCount> = mark(&app, &bert, json!({"ids": [one]})).await;
    assert_eq!((answer.status, answer.body.unread), (200, 0), "Bert has none, and Anna's is not his to mark");
    let answer: Answer<UnreadCount> = mark(&app, &anna, json!({"ids": [one]})).await;
    assert_eq!(answer.body.unread, 2);
    assert!(inbox(&app, &anna).await.items[0].read);
    let unread: Answer<UnreadCount> =
        Answer::of(app.send(Method::GET, Endpoint::MeNotificationsUnread.template(), Some(&anna), None).await).await;
    assert_eq!((unread.status, unread.body.unread), (200, 2));
    let answer: Answer<UnreadCount> = mark(&app, &anna, json!({"all": true})).await;
    assert_eq!(answer.body.unread, 0);

    for bad in [json!({}), json!({"ids": [one], "all": true}), json!({"all": false})] {
        let refused: Answer<ApiError> = mark(&app, &anna, bad.clone()).await;
        assert_eq!((refused.status, refused.body.reason), (422, Some(Reason::MarkReadWhich)), "{bad}");
    }
    let many: Vec<i64> = (0..101).collect();
    let refused: Answer<ApiError> = mark(&app, &anna, json!({"ids": many})).await;
    assert_eq!(refused.body.reason, Some(Reason::TooManySelected { max: 100 }));
    assert_eq!(app.send(Method::GET, &api::notifications(1), None, None).await.status(), 401);
    assert_eq!(app.send(Method::GET, "/api/v1/me/notifications?page=0", Some(&anna), None).await.status(), 400);
}

/// Following a thread notifies every new comment; muting it, nothing (an answer neither);
/// "default" forgets the choice.
#[tokio::test]
async fn a_thread_is_followed_or_muted_by_choice() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let anna = app.user("Anna", Role::Reader).await;
    let bert = app.user("Bert", Role::Reader).await;
    let path = api::article_follow(&crate::helpers::slug(SLUG));
    let choose = |state: &'static str| app.send(Method::PUT, &path, Some(&anna), Some(json!({"state": state})));
    let read =
        async || -> serde_json::Value { app.send(Method::GET, &path, Some(&anna), None).await.json().await.unwrap() };
    assert_eq!(read().await, json!({"state": "default"}));

    assert_eq!(choose("follow").await.status(), 200);
    assert_eq!(read().await, json!({"state": "follow"}));
    app.posted(SLUG, &bert, "Bert schreibt.").await;
    assert_eq!(kinds(&inbox(&app, &anna).await), [NotificationKind::Followed]);

    let mine = app.posted(SLUG, &anna, "Anna schreibt.").await;
    assert_eq!(choose("mute").await.status(), 200);
    let body = format!("{}Und @Anna?", quote_of(&mine, "Anna", "Anna schreibt."));
    app.posted(SLUG, &bert, &body).await;
    assert_eq!(inbox(&app, &anna).await.items.len(), 1, "nothing from a muted thread");

    assert_eq!(choose("default").await.status(), 200);
    assert_eq!(read().await, json!({"state": "default"}));
    assert_eq!(choose("loud").await.status(), 422);
    assert_eq!(app.send(Method::GET, &path, None, None).await.status(), 401);
    let unknown = api::article_follow(&crate::helpers::slug("gibt-es-nicht"));
    assert_eq!(app.send(Method::GET, &unknown, Some(&anna), None).await.status(), 404);
}
