//! `Idempotency-Key` on posting: a reply sent twice (a lost answer, an offline queue flushed by
//! two senders at once) is published once, and the repeat gets the comment back.

use schrieb_api::{ApiError, CommentPermalink, ErrorKind, Role};
use schrieb_server::settings::Settings;
use serde_json::json;

use crate::helpers::{TestApp, comment_body};

const SLUG: &str = "der-faden";
const KEY: &str = "3b241101-e2bb-4255-8caf-4136c566a962";

async fn thread_length(app: &TestApp) -> u64 {
    app.comment_page(SLUG, "1").await.total
}

#[tokio::test]
async fn the_same_key_twice_posts_once_and_answers_200_with_the_comment() {
    // Rate limits on: repeats must not count against them.
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 3).await;
    let reader = app.user("Leserin", Role::Reader).await;
    let reply = json!({"body": "Offline geschrieben, später gesendet."});

    let first = app.post_comment::<CommentPermalink>(SLUG, Some(&reader), &reply, Some(KEY)).await;
    assert_eq!(first.status, 201);
    // The answer was lost, the draft was saved again meanwhile: the repeat still removes it.
    app.put_draft(SLUG, &reader, "Offline geschrieben, später gesendet.").await;
    // More repeats than the 5 posts a minute an account may make: none is counted, none is
    // refused as the same comment twice in a row.
    for _ in 0..8 {
        let again = app.post_comment::<CommentPermalink>(SLUG, Some(&reader), &reply, Some(KEY)).await;
        assert_eq!(again.status, 200);
        assert_eq!(again.body, first.body, "the same JSON as the first answer");
    }
    assert_eq!(thread_length(&app).await, 4);
    assert_eq!(app.draft(SLUG, &reader).await.body, None, "the repeat removed the draft");

    // Without a key the old rule stands: the same comment twice in a row is a 409.
    let twice = app.post_comment::<ApiError>(SLUG, Some(&reader), &reply, None).await;
    assert_eq!((twice.status, twice.body.error), (409, ErrorKind::Conflict));
    let fresh = app
        .post_comment::<CommentPermalink>(SLUG, Some(&reader), &comment_body("Noch einer."), Some("zweiter-schluessel"))
        .await;
    assert_eq!(fresh.status, 201, "the repeats left the rate limit untouched");
}

#[tokio::test]
async fn two_racing_posts_with_one_key_store_one_comment() {
    let app = TestApp::with_settings(Settings { rate_limits: false, ..Settings::default() }).await;
    app.article_with_comments(SLUG, 1).await;
    let reader = app.user("Leserin", Role::Reader).await;
    for round in 0..5 {
        let key = format!("racing-key-{round:04}");
        let reply = json!({"body": format!("Zweimal gesendet, Runde {round}")});
        let (one, two) = tokio::join!(
            app.post_comment::<CommentPermalink>(SLUG, Some(&reader), &reply, Some(&key)),
            app.post_comment::<CommentPermalink>(SLUG, Some(&reader), &reply, Some(&key)),
        );
        let mut statuses = [one.status, two.status];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 201], "round {round}: one stored it, the other got it back");
        assert_eq!(one.body.comment.id, two.body.comment.id, "round {round}");
    }
    assert_eq!(thread_length(&app).await, 6);
}

#[tokio::test]
async fn different_keys_post_different_comments() {
    let app = TestApp::with_settings(Settings { rate_limits: false, ..Settings::default() }).await;
    app.article_with_comments(SLUG, 1).await;
    let reader = app.user("Leserin", Role::Reader).await;
    let first = app
        .post_comment::<CommentPermalink>(SLUG, Some(&reader), &comment_body("Erste Antwort"), Some("key-one-0001"))
        .await;
    let second = app
        .post_comment::<CommentPermalink>(SLUG, Some(&reader), &comment_body("Zweite Antwort"), Some("key-two-0002"))
        .await;
    assert_eq!((first.status, second.status), (201, 201));
    assert_ne!(first.body.comment.id, second.body.comment.id);
    // Another account may happen on the same key: keys are per account.
    let other = app.user("Jemand", Role::Reader).await;
    let theirs = app
        .post_comment::<CommentPermalink>(SLUG, Some(&other), &comment_body("Erste Antwort"), Some("key-one-0001"))
        .await;
    assert_eq!(theirs.status, 201);
    assert_eq!(thread_length(&app).await, 4);
}

#[tokio::test]
async fn a_malformed_key_is_a_400_naming_the_header() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let reader = app.user("Leserin", Role::Reader).await;
    for key in ["x", "kurz", "spaces not allowed", &"k".repeat(65), "schlüssel-mit-umlaut"] {
        let refused = app.post_comment::<ApiError>(SLUG, Some(&reader), &comment_body("Antwort"), Some(key)).await;
        assert_eq!((refused.status, refused.body.error), (400, ErrorKind::BadRequest), "{key}");
        assert!(refused.body.message.contains("Idempotency-Key"), "{key}: {}", refused.body.message);
    }
    assert_eq!(thread_length(&app).await, 1, "nothing was stored");
}

#[tokio::test]
async fn the_same_key_for_another_comment_is_a_422() {
    let app = TestApp::with_settings(Settings { rate_limits: false, ..Settings::default() }).await;
    app.article_with_comments(SLUG, 1).await;
    app.article_with_comments("anderer-artikel", 1).await;
    let reader = app.user("Leserin", Role::Reader).await;
    let first =
        app.post_comment::<CommentPermalink>(SLUG, Some(&reader), &comment_body("Das Original"), Some(KEY)).await;
    assert_eq!(first.status, 201);

    let swapped = app.post_comment::<ApiError>(SLUG, Some(&reader), &comment_body("Ein anderer Text"), Some(KEY)).await;
    assert_eq!((swapped.status, swapped.body.error), (422, ErrorKind::Validation));
    assert_eq!(swapped.body.message, "this Idempotency-Key was used for another comment");
    let original = comment_body("Das Original");
    let elsewhere = app.post_comment::<ApiError>("anderer-artikel", Some(&reader), &original, Some(KEY)).await;
    assert_eq!(elsewhere.status, 422, "the same key under another article");
    assert_eq!(thread_length(&app).await, 2);

    // Line endings and trailing space are normalized as the first post's were.
    let same =
        app.post_comment::<CommentPermalink>(SLUG, Some(&reader), &comment_body("Das Original \r\n"), Some(KEY)).await;
    assert_eq!(same.status, 200);
    // An edit since does not make the first request another comment.
    let edited = app.edit_comment::<CommentPermalink>(first.body.comment.id, Some(&reader), "Nachgebessert").await;
    assert_eq!(edited.status, 200);
    let after_edit =
        app.post_comment::<CommentPermalink>(SLUG, Some(&reader), &comment_body("Das Original"), Some(KEY)).await;
    assert_eq!((after_edit.status, after_edit.body.comment.body.as_str()), (200, "Nachgebessert"));
}

#[tokio::test]
async fn a_guest_repeat_gets_the_guest_comment_back() {
    let app = TestApp::with_settings(Settings { rate_limits: false, ..Settings::default() }).await;
    app.article_with_comments(SLUG, 1).await;
    assert!(app.repository.set_guest_comments("test", true).await.unwrap());
    let reply = json!({"body": "Ohne Konto, zweimal gesendet.", "guest_name": "Zaungast Zora"});
    let first = app.post_comment::<CommentPermalink>(SLUG, None, &reply, Some(KEY)).await;
    assert_eq!(first.status, 201);
    let again = app.post_comment::<CommentPermalink>(SLUG, None, &reply, Some(KEY)).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.body, first.body);
    let author = &again.body.comment.author;
    assert_eq!((author.display_name.as_str(), author.guest), ("Zaungast Zora", true));

    // Another guest with its own key and the same words is another comment.
    let other = json!({"body": "Ohne Konto, zweimal gesendet.", "guest_name": "Gustav Graf"});
    assert_eq!(app.post_comment::<CommentPermalink>(SLUG, None, &other, Some("gustavs-key-01")).await.status, 201);
    // The same key under another guest name is not the first guest's comment.
    let impostor = json!({"body": "Ohne Konto, zweimal gesendet.", "guest_name": "Gustav Graf"});
    assert_eq!(app.post_comment::<ApiError>(SLUG, None, &impostor, Some(KEY)).await.status, 422);
    assert_eq!(thread_length(&app).await, 3);
}
