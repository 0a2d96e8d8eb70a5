//! Posting's rules, without HTTP: the same comment twice, repeats by idempotency key, guests,
//! drafts, the rate limit, and the answer being what is stored.

use schrieb_api::{DraftBody, IdempotencyKey, Reason};

use super::*;
use crate::db::SiteStore;
use crate::domain::testing::{Counting, SITE, Spend, World, at};
use crate::limits::Spent;

fn key(text: &str) -> IdempotencyKey {
    IdempotencyKey::parse(text).unwrap()
}

fn refusal(error: DomainError) -> (Reason, Option<&'static str>) {
    match error {
        DomainError::Refused(refusal) | DomainError::Conflict(refusal) => (refusal.reason, refusal.field),
        other => panic!("not a refusal: {other:?}"),
    }
}

fn permalink(outcome: PostOutcome) -> CommentPermalink {
    match outcome {
        PostOutcome::Posted(posted) => posted,
        PostOutcome::Repeated(earlier) => panic!("a repeat: {earlier:?}"),
    }
}

#[tokio::test]
async fn the_same_comment_twice_in_a_row_is_a_conflict_but_not_from_two_guests() {
    let world = World::new().await;
    let martin = world.reader("Martin").await;
    world.post(Some((martin, "Martin")), None, "Hallo.", None, at(1)).await.unwrap();
    let again = world.post(Some((martin, "Martin")), None, "Hallo.", None, at(2)).await.unwrap_err();
    assert!(matches!(again, DomainError::Conflict(_)), "{again:?}");
    assert_eq!(refusal(again), (Reason::SameAsLast, Some("body")));
    world.post(Some((martin, "Martin")), None, "Etwas anderes.", None, at(3)).await.unwrap();
    world.post(Some((martin, "Martin")), None, "Hallo.", None, at(4)).await.unwrap();

    // Guests share one account: two of them may say the same.
    world.store.set_guest_comments(SITE, true).await.unwrap();
    world.post(None, Some("Anna"), "Gleich.", None, at(5)).await.unwrap();
    world.post(None, Some("Berta"), "Gleich.", None, at(6)).await.unwrap();
    assert_eq!(world.thread().await.len(), 5);
}

#[tokio::test]
async fn a_repeat_is_answered_with_the_first_comment_uncounted_and_stores_nothing() {
    let world = World::new().await;
    let martin = world.reader("Martin").await;
    let throttle = Counting::default();
    let first = key("first-key");
    let posted = permalink(
        world.post_counted(&throttle, Some((martin, "Martin")), None, "Einmal.", Some(&first), at(1)).await.unwrap(),
    );
    let repeat = world.post_counted(&throttle, Some((martin, "Martin")), None, "Einmal.", Some(&first), at(2)).await;
    assert_eq!(repeat.unwrap(), PostOutcome::Repeated(posted));
    assert_eq!(throttle.counted(), [(Action::Write, Some(martin.id))], "only the first post counts");
    assert_eq!(world.thread().await.len(), 1);
}

#[tokio::test]
async fn a_key_used_for_another_comment_is_refused() {
    let world = World::new().await;
    let martin = world.reader("Martin").await;
    let used = key("used-key-1");
    world.post(Some((martin, "Martin")), None, "Erster.", Some(&used), at(1)).await.unwrap();
    let other_body = world.post(Some((martin, "Martin")), None, "Zweiter.", Some(&used), at(2)).await.unwrap_err();
    assert_eq!(refusal(other_body), (Reason::KeyReused, None));

    // Guests share one account, so the name they gave is part of what must match.
    world.store.set_guest_comments(SITE, true).await.unwrap();
    let shared = key("guest-key-1");
    world.post(None, Some("Anna"), "Von Anna.", Some(&shared), at(3)).await.unwrap();
    let other_guest = world.post(None, Some("Berta"), "Von Anna.", Some(&shared), at(4)).await.unwrap_err();
    assert_eq!(refusal(other_guest), (Reason::KeyReused, None));
    assert_eq!(world.thread().await.len(), 2);
}

#[tokio::test]
async fn guests_post_where_the_site_allows_under_a_name_no_account_has() {
    let world = World::new().await;
    world.reader("Martin").await;
    let closed = world.post(None, Some("Anna"), "Hallo.", None, at(1)).await.unwrap_err();
    assert!(matches!(closed, DomainError::LoginRequired), "{closed:?}");
    world.store.set_guest_comments(SITE, true).await.unwrap();
    let nameless = world.post(None, None, "Hallo.", None, at(1)).await.unwrap_err();
    assert!(matches!(nameless, DomainError::LoginRequired), "{nameless:?}");

    let taken = world.post(None, Some("martin"), "Hallo.", None, at(2)).await.unwrap_err();
    assert!(matches!(taken, DomainError::Conflict(_)), "{taken:?}");
    assert_eq!(refusal(taken), (Reason::NameOfAccount { name: "martin".into() }, Some("guest_name")));

    let posted = permalink(world.post(None, Some("Anna"), "Hallo.", None, at(3)).await.unwrap());
    let guests = world.store.ensure_user(GUEST_ACCOUNT, at(3)).await.unwrap();
    assert_eq!(posted.comment.author, Author { id: guests, display_name: "Anna".into(), guest: true, deleted: false });
}

#[tokio::test]
async fn posting_removes_the_posters_draft() {
    let world = World::new().await;
    let martin = world.reader("Martin").await;
    let draft = DraftBody::parse("Halb fertig").unwrap();
    world.store.save_draft(martin.id, world.article, &draft, at(1)).await.unwrap();
    world.post(Some((martin, "Martin")), None, "Fertig.", None, at(2)).await.unwrap();
    assert_eq!(world.store.draft(martin.id, world.article).await.unwrap(), None);
}

#[tokio::test]
async fn the_answer_is_the_comment_as_it_reads_back() {
    let world = World::new().await;
    let martin = world.reader("Martin").await;
    let source = world.posted(martin, "Martin", "Die Lizenz bleibt frei.", at(1)).await;
    let body = format!("[quote={} author=\"Martin\"]\nbleibt frei\n[/quote]\n\n@Martin stimmt.", source.0);
    // A time with more precision than the database keeps.
    let now = at(2) + chrono::Duration::nanoseconds(123_456_789);
    let posted = permalink(world.post(Some((martin, "Martin")), None, &body, None, now).await.unwrap());
    assert_eq!(posted.comment, world.comment(posted.comment.id).await);
    assert_eq!((posted.article_slug, posted.page), (world.slug.clone(), 1));
}

#[tokio::test]
async fn a_spent_limit_refuses_and_guests_are_counted_by_address_only() {
    let world = World::new().await;
    let martin = world.reader("Martin").await;
    let spent = world.post_counted(&Spend, Some((martin, "Martin")), None, "Hallo.", None, at(1)).await.unwrap_err();
    assert!(matches!(spent, DomainError::RateLimited(Spent { retry_after: 7 })), "{spent:?}");
    assert!(world.thread().await.is_empty());

    world.store.set_guest_comments(SITE, true).await.unwrap();
    let throttle = Counting::default();
    world.post_counted(&throttle, None, Some("Anna"), "Hallo.", None, at(2)).await.unwrap();
    assert_eq!(throttle.counted(), [(Action::Write, None)]);
}
