//! Editing's rules, without HTTP: the edit window, who may edit, what is counted, and an edit
//! that changes nothing.

use chrono::Duration;
use schrieb_api::permissions::Denied;

use super::*;
use crate::domain::testing::{Counting, World, at};

const DAY: Duration = Duration::hours(24);

#[tokio::test]
async fn authors_edit_within_the_window_and_moderators_after_it() {
    let world = World::new().await;
    let martin = world.reader("Martin").await;
    let id = world.posted(martin, "Martin", "Erste Fassung.", at(0)).await;
    let edit = |actor, body: &'static str, minutes| {
        let world = &world;
        async move {
            edit_comment(
                &world.store,
                &world.checks,
                &Counting::default(),
                actor,
                Edit { id, body, window: DAY },
                at(minutes),
            )
            .await
        }
    };

    let within = edit(martin, "Zweite Fassung.", 24 * 60).await.unwrap();
    assert_eq!((within.comment.body.as_str(), within.comment.edit_count), ("Zweite Fassung.", 1));
    let late = edit(martin, "Dritte Fassung.", 24 * 60 + 1).await.unwrap_err();
    assert!(matches!(late, DomainError::Denied(Denied::EditWindowClosed { hours: 24 })), "{late:?}");
    let by_moderator = edit(world.moderator().await, "Vom Moderator.", 99 * 60).await.unwrap();
    assert_eq!(by_moderator.comment.body, "Vom Moderator.");
    assert_eq!(world.comment(id).await.edit_count, 2);
}

#[tokio::test]
async fn someone_elses_comment_is_refused_before_anything_is_counted() {
    let world = World::new().await;
    let martin = world.reader("Martin").await;
    let mallory = world.reader("Mallory").await;
    let id = world.posted(martin, "Martin", "Mein Text.", at(0)).await;
    let throttle = Counting::default();
    let refused = edit_comment(
        &world.store,
        &world.checks,
        &throttle,
        mallory,
        Edit { id, body: "Dein Text.", window: DAY },
        at(1),
    )
    .await
    .unwrap_err();
    assert!(matches!(refused, DomainError::Denied(Denied::NotAuthor)), "{refused:?}");
    assert_eq!(throttle.counted(), []);
    assert_eq!(world.comment(id).await.body, "Mein Text.");
}

#[tokio::test]
async fn the_same_body_again_leaves_no_revision() {
    let world = World::new().await;
    let martin = world.reader("Martin").await;
    let id = world.posted(martin, "Martin", "Unverändert.", at(0)).await;
    let same = edit_comment(
        &world.store,
        &world.checks,
        &Counting::default(),
        martin,
        Edit { id, body: "Unverändert.", window: DAY },
        at(5),
    )
    .await;
    let same = same.unwrap().comment;
    assert_eq!((same.edit_count, same.edited_at), (0, None));
    assert_eq!(world.store.revisions(id).await.unwrap().unwrap().history.revisions.len(), 1);
}

#[tokio::test]
async fn an_unknown_comment_is_not_found() {
    let world = World::new().await;
    let martin = world.reader("Martin").await;
    let missing = edit_comment(
        &world.store,
        &world.checks,
        &Counting::default(),
        martin,
        Edit { id: CommentId(404), body: "x", window: DAY },
        at(0),
    )
    .await;
    assert!(matches!(missing, Err(DomainError::NotFound(ref message)) if message == "no comment has the id 404"));
}
