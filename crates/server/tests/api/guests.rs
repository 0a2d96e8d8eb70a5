//! Guest comments: off unless the site turns them on; marked as a guest's; never in the name
//! of an account; and guests get no control over them afterwards.

use reqwest::Method;
use schrieb_api::{ApiError, CommentPermalink, ErrorKind, Role};
use schrieb_server::settings::Settings;
use serde_json::json;

use crate::helpers::TestApp;

const THREAD: &str = "/api/v1/articles/genau-vierzig/comments";

#[tokio::test]
async fn guests_write_only_where_the_site_allows_and_are_marked() {
    let app = TestApp::with_settings(Settings { rate_limits: false, ..Settings::default() }).await;
    app.article_with_comments("genau-vierzig", 2).await;
    let guest = json!({"body": "Ich schreibe ohne Konto.", "guest_name": "Zaungast Zora"});
    let refused = app.send_json::<ApiError>(Method::POST, THREAD, None, Some(guest.clone())).await;
    assert_eq!((refused.status, refused.body.error), (401, ErrorKind::Unauthorized), "off by default");
    let article = app.get_json::<schrieb_api::Article>("/api/v1/articles/genau-vierzig").await.body;
    assert!(!article.guest_comments);

    assert!(app.repository.set_guest_comments("test", true).await.unwrap());
    assert!(app.get_json::<schrieb_api::Article>("/api/v1/articles/genau-vierzig").await.body.guest_comments);
    let posted = app.send_json::<CommentPermalink>(Method::POST, THREAD, None, Some(guest)).await;
    assert_eq!(posted.status, 201);
    let author = &posted.body.comment.author;
    assert_eq!((author.display_name.as_str(), author.guest), ("Zaungast Zora", true));

    let nameless = app.send_json::<ApiError>(Method::POST, THREAD, None, Some(json!({"body": "anonym"}))).await;
    assert_eq!(nameless.status, 401, "a guest gives a name");
    let bad_name =
        app.send_json::<ApiError>(Method::POST, THREAD, None, Some(json!({"body": "x", "guest_name": "G"}))).await;
    assert_eq!((bad_name.status, bad_name.body.field.as_deref()), (422, Some("guest_name")));

    app.user("Martin", Role::Reader).await;
    let impostor = app
        .send_json::<ApiError>(
            Method::POST,
            THREAD,
            None,
            Some(json!({"body": "Ich bin Martin", "guest_name": "martin"})),
        )
        .await;
    assert_eq!(
        (impostor.status, impostor.body.error, impostor.body.field.as_deref()),
        (409, ErrorKind::Conflict, Some("guest_name"))
    );

    // A logged-in reader posts as themself, whatever guest name the body carries.
    let reader = app.user("Leserin", Role::Reader).await;
    let own = app
        .send_json::<CommentPermalink>(
            Method::POST,
            THREAD,
            Some(&reader),
            Some(json!({"body": "mit Konto", "guest_name": "Egal"})),
        )
        .await;
    assert_eq!((own.body.comment.author.display_name.as_str(), own.body.comment.author.guest), ("Leserin", false));

    // Nobody can edit a guest comment but moderators.
    let id = posted.body.comment.id;
    let path = format!("/api/v1/comments/{id}");
    assert_eq!(app.send(Method::PATCH, &path, None, Some(json!({"body": "geändert"}))).await.status().as_u16(), 401);
    assert_eq!(
        app.send(Method::PATCH, &path, Some(&reader), Some(json!({"body": "geändert"}))).await.status().as_u16(),
        403
    );
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    assert_eq!(app.send(Method::DELETE, &path, Some(&moderator), None).await.status().as_u16(), 204);
}

#[tokio::test]
async fn the_shared_guest_account_is_nobody_to_mention() {
    let app = TestApp::with_settings(Settings { rate_limits: false, ..Settings::default() }).await;
    app.article_with_comments("genau-vierzig", 1).await;
    assert!(app.repository.set_guest_comments("test", true).await.unwrap());
    let guest = json!({"body": "Grüße vom Zaun.", "guest_name": "Zaungast Zora"});
    assert_eq!(app.send_json::<CommentPermalink>(Method::POST, THREAD, None, Some(guest)).await.status, 201);
    app.user("Gabi", Role::Reader).await;
    let suggested = app.suggestions("prefix=ga&article=genau-vierzig").await;
    let names: Vec<_> = suggested.iter().map(|user| user.display_name.as_str()).collect();
    assert_eq!(names, ["Gabi"], "the account guests write under is not a person");
}
