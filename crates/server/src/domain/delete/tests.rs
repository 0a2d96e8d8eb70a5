//! Deleting and restoring, without HTTP: who may, and what a deleted comment still allows.

use chrono::Duration;
use schrieb_api::permissions::Denied;

use super::*;
use crate::domain::edit_comment;
use crate::domain::testing::{Counting, World, at};

#[tokio::test]
async fn authors_and_moderators_delete_and_others_do_not() {
    let world = World::new().await;
    let martin = world.reader("Martin").await;
    let mallory = world.reader("Mallory").await;
    let mine = world.posted(martin, "Martin", "Meins.", at(0)).await;
    let other = world.posted(martin, "Martin", "Auch meins.", at(1)).await;

    let refused = delete_comment(&world.store, mallory, mine).await.unwrap_err();
    assert!(matches!(refused, DomainError::Denied(Denied::NotAuthor)), "{refused:?}");
    assert!(!world.comment(mine).await.deleted);
    delete_comment(&world.store, martin, mine).await.unwrap();
    assert!(world.comment(mine).await.deleted);
    delete_comment(&world.store, world.moderator().await, other).await.unwrap();
    assert!(world.comment(other).await.deleted);
    // Again: nothing changes, nothing is refused.
    delete_comment(&world.store, martin, mine).await.unwrap();
}

#[tokio::test]
async fn a_deleted_comment_is_edited_by_nobody_until_a_moderator_restores_it() {
    let world = World::new().await;
    let martin = world.reader("Martin").await;
    let id = world.posted(martin, "Martin", "Gelöscht.", at(0)).await;
    delete_comment(&world.store, martin, id).await.unwrap();
    let window = Duration::hours(24);
    for actor in [martin, world.moderator().await] {
        let edit = edit_comment(
            &world.store,
            &world.checks,
            &Counting::default(),
            actor,
            crate::domain::Edit { id, body: "Neu.", window },
            at(1),
        )
        .await;
        assert!(matches!(edit, Err(DomainError::Denied(Denied::Deleted))), "{edit:?}");
    }

    let refused = restore_comment(&world.store, martin, id).await.unwrap_err();
    assert!(matches!(refused, DomainError::Denied(Denied::NotModerator)), "{refused:?}");
    assert!(world.comment(id).await.deleted);
    let restored = restore_comment(&world.store, world.moderator().await, id).await.unwrap();
    assert!(!restored.comment.deleted);
    assert_eq!(restored.comment.body, "Gelöscht.");
}

#[tokio::test]
async fn unknown_comments_are_not_found_before_anyone_is_asked() {
    let world = World::new().await;
    let martin = world.reader("Martin").await;
    // A reader may not restore, but a comment that does not exist is the first thing wrong.
    let restore = restore_comment(&world.store, martin, CommentId(404)).await;
    assert!(matches!(restore, Err(DomainError::NotFound(_))), "{restore:?}");
    let delete = delete_comment(&world.store, martin, CommentId(404)).await;
    assert!(matches!(delete, Err(DomainError::NotFound(_))), "{delete:?}");
}
