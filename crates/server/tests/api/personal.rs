//! A reader's own data: the export of everything stored about them, and deleting their
//! account with their comments kept or removed.

use reqwest::Method;
use schrieb_api::paths::{Endpoint, api};
use schrieb_api::{
    ApiError, CommentPage, CommentPermalink, ErrorKind, FollowChoice, PERSONAL_DATA_FORMAT, PersonalData, QuoteStatus,
    ReactionKind, Reason, Role,
};
use serde_json::json;

use crate::helpers::{Answer, PASSWORD, TestApp, User, slug};

const SLUG: &str = "eigene-daten";

async fn export(app: &TestApp, user: Option<&User>) -> reqwest::Response {
    app.send(Method::GET, Endpoint::MeExport.template(), user, None).await
}

async fn delete(app: &TestApp, user: &User, password: &str, comments: &str) -> reqwest::Response {
    app.send(
        Method::DELETE,
        Endpoint::Me.template(),
        Some(user),
        Some(json!({"password": password, "comments": comments})),
    )
    .await
}

async fn page(app: &TestApp) -> CommentPage {
    app.comment_page(SLUG, "1").await
}

#[tokio::test]
async fn an_export_holds_everything_about_me_and_nothing_of_others() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let anna = app.user("Anna Export", Role::Reader).await;
    let bert = app.user("Bert Export", Role::Reader).await;
    let first = app.posted(SLUG, &anna, "Meine erste Fassung.").await.comment.id;
    let edited = app.edit_comment::<CommentPermalink>(first, Some(&anna), "Meine zweite Fassung.").await;
    assert_eq!(edited.status, 200);
    let other = app.posted(SLUG, &bert, "Bert schreibt etwas.").await.comment.id;
    let like = app.send(Method::PUT, &api::comment_reaction(other, ReactionKind::Like), Some(&anna), None).await;
    assert!(like.status().is_success());
    app.put_draft(SLUG, &anna, "Ein Entwurf, halb fertig").await;
    let follow = api::article_follow(&slug(SLUG));
    assert_eq!(app.send(Method::PUT, &follow, Some(&anna), Some(json!({"state": "mute"}))).await.status(), 200);
    let report = json!({"reason": "off_topic", "note": "passt nicht hierher"});
    assert_eq!(app.send(Method::POST, &api::comment_reports(other), Some(&anna), Some(report)).await.status(), 201);

    assert_eq!(export(&app, None).await.status(), 401);
    let response = export(&app, Some(&anna)).await;
    assert_eq!(response.status(), 200);
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment; filename=\"schrieb-"), "{disposition}");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let text = response.text().await.unwrap();
    let data: PersonalData = serde_json::from_str(&text).unwrap();
    assert_eq!((data.format.as_str(), data.version), (PERSONAL_DATA_FORMAT, 1));
    assert_eq!(data.account.id, anna.id);
    assert_eq!(data.account.display_name, "Anna Export");
    assert_eq!(data.account.email.as_deref(), Some("anna.export@example.org"));
    let [comment] = data.comments.as_slice() else { panic!("one comment: {:?}", data.comments) };
    assert_eq!((comment.id, comment.body.as_str()), (first, "Meine zweite Fassung."));
    assert_eq!(comment.article.slug.as_str(), SLUG);
    let earlier: Vec<&str> = comment.revisions.iter().map(|revision| revision.body.as_str()).collect();
    assert_eq!(earlier, ["Meine erste Fassung."]);
    let [reaction] = data.reactions.as_slice() else { panic!("one reaction") };
    assert_eq!((reaction.comment, reaction.kind), (other, ReactionKind::Like));
    let [draft] = data.drafts.as_slice() else { panic!("one draft") };
    assert_eq!(draft.body, "Ein Entwurf, halb fertig");
    let [follow] = data.follows.as_slice() else { panic!("one follow") };
    assert_eq!(follow.choice, FollowChoice::Mute);
    let [report] = data.reports.as_slice() else { panic!("one report") };
    assert_eq!((report.comment, report.note.as_deref()), (other, Some("passt nicht hierher")));
    assert!(!data.sessions.is_empty(), "the session of this very request");
    // Keys are not data: no hash of the password or of a session; and nothing of Bert's.
    for secret in ["$argon2", "token", "bert.export@example.org", "Bert schreibt"] {
        assert!(!text.contains(secret), "the export holds {secret:?}");
    }
}

#[tokio::test]
async fn a_deleted_account_leaves_its_comments_signed_deleted_account() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let anna = app.user("Anna Geht", Role::Reader).await;
    let bert = app.user("Bert Bleibt", Role::Reader).await;
    let mine = app.posted(SLUG, &anna, "Das schreibe ich, bevor ich gehe.").await.comment.id;
    let mention = app.posted(SLUG, &bert, "Danke, @\"Anna Geht\"!").await.comment.id;
    let like = app.send(Method::PUT, &api::comment_reaction(mention, ReactionKind::Like), Some(&anna), None).await;
    assert!(like.status().is_success());
    let before = page(&app).await;
    let named = before.items.iter().find(|comment| comment.id == mention).unwrap();
    assert_eq!(named.mentions.len(), 1, "the mention names Anna while she has an account");

    // A wrong password changes nothing.
    let wrong: Answer<ApiError> = Answer::of(delete(&app, &anna, "falsch-falsch", "keep").await).await;
    assert_eq!((wrong.status, wrong.body.reason), (422, Some(Reason::PasswordWrong)));
    assert_eq!(app.me::<serde_json::Value>(&anna).await.status, 200);

    let deleted = delete(&app, &anna, PASSWORD, "keep").await;
    assert_eq!(deleted.status(), 204);
    let cleared: Vec<&str> = deleted.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
    assert!(!cleared.is_empty() && cleared.iter().all(|c| c.contains("Max-Age=0")), "{cleared:?}");
    app.settle().await;

    let after = page(&app).await;
    let kept = after.items.iter().find(|comment| comment.id == mine).unwrap();
    assert_eq!(kept.body, "Das schreibe ich, bevor ich gehe.", "the words stay");
    assert!(kept.author.deleted && kept.author.display_name.is_empty(), "{:?}", kept.author);
    let answer = after.items.iter().find(|comment| comment.id == mention).unwrap();
    assert!(answer.mentions.is_empty(), "the mention no longer names anyone");
    assert!(answer.reactions.is_empty(), "her reaction went with her");
    assert_eq!(after.total, before.total, "no comment went");

    // Her words can still be quoted: the quote names nobody, as the app writes it.
    let quote = format!("[quote={mine} author=\"\"]\nbevor ich gehe\n[/quote]\n\nSchade.");
    let quoting = app.posted(SLUG, &bert, &quote).await.comment;
    assert_eq!(quoting.quotes[0].status, QuoteStatus::Verified);

    // Nobody is left to be: no session, no login, no profile; name and address are free.
    assert_eq!(app.me::<ApiError>(&anna).await.status, 401);
    assert_eq!(app.login::<ApiError>("anna.geht@example.org", PASSWORD).await.status, 401);
    assert_eq!(app.error(&api::user(anna.id)).await.status, 404);
    let again = app.user("Anna Geht", Role::Reader).await;
    assert_ne!(again.id, anna.id);
    // Deleting twice is not possible: the session is gone.
    assert_eq!(delete(&app, &anna, PASSWORD, "keep").await.status(), 401);
}

#[tokio::test]
async fn a_deleted_account_can_take_its_comments_with_it() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let anna = app.user("Anna Nimmt", Role::Reader).await;
    let bert = app.user("Bert Zitiert", Role::Reader).await;
    let mine = app.posted(SLUG, &anna, "Erste Fassung meines Gedankens.").await.comment.id;
    let edited = app.edit_comment::<CommentPermalink>(mine, Some(&anna), "Mein Gedanke, gut überlegt.").await;
    assert_eq!(edited.status, 200);
    let quote = format!("[quote={mine} author=\"Anna Nimmt\"]\nMein Gedanke, gut überlegt.\n[/quote]\n\nGenau.");
    let quoting = app.posted(SLUG, &bert, &quote).await.comment.id;
    let count = app.articles().await.items.iter().find(|a| a.slug.as_str() == SLUG).unwrap().comment_count;

    assert_eq!(delete(&app, &anna, PASSWORD, "remove").await.status(), 204);
    app.settle().await;

    let after = page(&app).await;
    let gone = after.items.iter().find(|comment| comment.id == mine).unwrap();
    assert!(gone.deleted && gone.body.is_empty(), "a placeholder keeps its place: {gone:?}");
    let answer = after.items.iter().find(|comment| comment.id == quoting).unwrap();
    assert_eq!(answer.quotes[0].status, QuoteStatus::Deleted, "the quote says its source is gone");
    let now = app.articles().await.items.iter().find(|a| a.slug.as_str() == SLUG).unwrap().comment_count;
    assert_eq!(now, count - 1);

    // The words are gone from the database too, earlier versions included.
    let sql = app.sql().await;
    let kept: (String, i64) = sqlx::query_as(&format!(
        "SELECT body, (SELECT COUNT(*) FROM comment_revisions WHERE comment_id = {0}) FROM comments WHERE id = {0}",
        mine.0
    ))
    .fetch_one(&sql)
    .await
    .unwrap();
    assert_eq!(kept, (String::new(), 0));
    let history = app.send(Method::GET, &api::comment_revisions(mine), None, None).await;
    assert!(history.status().is_success(), "the placeholder's history still answers");
    let history = history.text().await.unwrap();
    assert!(!history.contains("Gedanke"), "{history}");
}

#[tokio::test]
async fn the_last_administrator_cannot_go() {
    let app = TestApp::empty().await;
    let admin = app.user("Alleinige Admin", Role::Admin).await;
    let refused: Answer<ApiError> = Answer::of(delete(&app, &admin, PASSWORD, "keep").await).await;
    assert_eq!(
        (refused.status, refused.body.error, refused.body.reason),
        (409, ErrorKind::Conflict, Some(Reason::LastAdmin))
    );
    assert_eq!(app.me::<serde_json::Value>(&admin).await.status, 200, "still there");

    app.user("Zweite Admin", Role::Admin).await;
    assert_eq!(delete(&app, &admin, PASSWORD, "keep").await.status(), 204);
}

#[tokio::test]
async fn a_widget_token_can_delete_the_account_too() {
    let app = TestApp::empty().await;
    let anna = app.user("Anna Widget", Role::Reader).await;
    let token = app.widget_token(&anna).await;
    let body = json!({"password": PASSWORD, "comments": "keep"});
    let deleted = app.send_bearer(Method::DELETE, Endpoint::Me.template(), &token.token, Some(body)).await;
    assert_eq!(deleted.status(), 204);
    assert!(deleted.headers().get("set-cookie").is_none(), "a token's answer sets no cookie");
    assert_eq!(app.me::<ApiError>(&anna).await.status, 401, "the cookie session ended too");
}

#[tokio::test]
async fn bad_deletion_requests_are_refused_in_words() {
    let app = TestApp::empty().await;
    let anna = app.user("Anna Tippt", Role::Reader).await;
    let unknown = app
        .send(
            Method::DELETE,
            Endpoint::Me.template(),
            Some(&anna),
            Some(json!({"password": PASSWORD, "comments": "burn"})),
        )
        .await;
    assert_eq!(unknown.status(), 422);
    let empty: Answer<ApiError> = Answer::of(delete(&app, &anna, "", "remove").await).await;
    assert_eq!((empty.status, empty.body.field.as_deref()), (422, Some("password")));
    assert_eq!(app.me::<serde_json::Value>(&anna).await.status, 200);
}
