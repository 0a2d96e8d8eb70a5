//! Guest comments: off unless the site turns them on; marked as a guest's; never in the name
//! of an account; and guests get no control over them afterwards.

use schrieb_api::paths::api;
use schrieb_api::{ApiError, Article, CommentPermalink, ErrorKind, Role};
use schrieb_server::settings::Settings;
use serde_json::json;

use crate::helpers::{TestApp, slug};

const SLUG: &str = "der-faden";

async fn article(app: &TestApp) -> Article {
    app.get_json::<Article>(&api::article(&slug(SLUG))).await.body
}

#[tokio::test]
async fn guests_write_only_where_the_site_allows_and_are_marked() {
    let app = TestApp::with_settings(Settings { rate_limits: false, ..Settings::default() }).await;
    app.article_with_comments(SLUG, 2).await;
    let guest = json!({"body": "Ich schreibe ohne Konto.", "guest_name": "Zaungast Zora"});
    let refused = app.post_comment::<ApiError>(SLUG, None, &guest, None).await;
    assert_eq!((refused.status, refused.body.error), (401, ErrorKind::Unauthorized), "off by default");
    assert!(!article(&app).await.guest_comments);

    assert!(app.repository.set_guest_comments("test", true).await.unwrap());
    assert!(article(&app).await.guest_comments);
    let posted = app.post_comment::<CommentPermalink>(SLUG, None, &guest, None).await;
    assert_eq!(posted.status, 201);
    let author = &posted.body.comment.author;
    assert_eq!((author.display_name.as_str(), author.guest), ("Zaungast Zora", true));

    let nameless = app.post_comment::<ApiError>(SLUG, None, &json!({"body": "anonym"}), None).await;
    assert_eq!(nameless.status, 401, "a guest gives a name");
    let bad_name = app.post_comment::<ApiError>(SLUG, None, &json!({"body": "x", "guest_name": "G"}), None).await;
    assert_eq!((bad_name.status, bad_name.body.field.as_deref()), (422, Some("guest_name")));

    app.user("Martin", Role::Reader).await;
    let impostor = app
        .post_comment::<ApiError>(SLUG, None, &json!({"body": "Ich bin Martin", "guest_name": "martin"}), None)
        .await;
    assert_eq!(
        (impostor.status, impostor.body.error, impostor.body.field.as_deref()),
        (409, ErrorKind::Conflict, Some("guest_name"))
    );

    // A logged-in reader posts as themself, whatever guest name the body carries.
    let reader = app.user("Leserin", Role::Reader).await;
    let own = app
        .post_comment::<CommentPermalink>(
            SLUG,
            Some(&reader),
            &json!({"body": "mit Konto", "guest_name": "Egal"}),
            None,
        )
        .await;
    assert_eq!((own.body.comment.author.display_name.as_str(), own.body.comment.author.guest), ("Leserin", false));

    // Nobody can edit a guest comment but moderators.
    let id = posted.body.comment.id;
    assert_eq!(app.edit_comment::<ApiError>(id, None, "geändert").await.status, 401);
    assert_eq!(app.edit_comment::<ApiError>(id, Some(&reader), "geändert").await.status, 403);
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    assert_eq!(app.delete_comment(id, Some(&moderator)).await.status().as_u16(), 204);
}

#[tokio::test]
async fn the_shared_guest_account_is_nobody_to_mention() {
    let app = TestApp::with_settings(Settings { rate_limits: false, ..Settings::default() }).await;
    app.article_with_comments(SLUG, 1).await;
    assert!(app.repository.set_guest_comments("test", true).await.unwrap());
    let guest = json!({"body": "Grüße vom Zaun.", "guest_name": "Zaungast Zora"});
    assert_eq!(app.post_comment::<CommentPermalink>(SLUG, None, &guest, None).await.status, 201);
    app.user("Gabi", Role::Reader).await;
    let suggested = app.suggestions("prefix=ga&article=der-faden").await;
    let names: Vec<_> = suggested.iter().map(|user| user.display_name.as_str()).collect();
    assert_eq!(names, ["Gabi"], "the account guests write under is not a person");
}
