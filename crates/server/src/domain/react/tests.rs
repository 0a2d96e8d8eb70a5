//! Reactions, without HTTP: a deleted comment takes none, each is counted, and the answer marks
//! the reader's own.

use schrieb_api::ReactionKind;

use super::*;
use crate::domain::delete_comment;
use crate::domain::testing::{Counting, World, at};

#[tokio::test]
async fn reactions_are_counted_and_the_readers_own_marked() {
    let world = World::new().await;
    let martin = world.reader("Martin").await;
    let anna = world.reader("Anna").await;
    let id = world.posted(martin, "Martin", "Gefällt?", at(0)).await;
    let throttle = Counting::default();
    set_reaction(&world.store, &throttle, anna, id, ReactionKind::Like, true, at(1)).await.unwrap();
    let counts = set_reaction(&world.store, &throttle, martin, id, ReactionKind::Love, true, at(2)).await.unwrap();
    let seen: Vec<_> = counts.iter().map(|count| (count.kind, count.count, count.mine)).collect();
    assert_eq!(seen, [(ReactionKind::Like, 1, false), (ReactionKind::Love, 1, true)]);
    assert_eq!(throttle.counted(), [(Action::React, Some(anna.id)), (Action::React, Some(martin.id))]);

    let counts = set_reaction(&world.store, &throttle, anna, id, ReactionKind::Like, false, at(3)).await.unwrap();
    assert_eq!(counts.iter().map(|count| count.kind).collect::<Vec<_>>(), [ReactionKind::Love]);
}

#[tokio::test]
async fn a_deleted_comment_takes_no_reactions_and_is_not_counted() {
    let world = World::new().await;
    let martin = world.reader("Martin").await;
    let id = world.posted(martin, "Martin", "Weg.", at(0)).await;
    delete_comment(&world.store, martin, id).await.unwrap();
    let throttle = Counting::default();
    let refused = set_reaction(&world.store, &throttle, martin, id, ReactionKind::Like, true, at(1)).await;
    assert!(
        matches!(refused, Err(DomainError::NotFound(ref message)) if message == &format!("no comment has the id {}", id.0))
    );
    assert_eq!(throttle.counted(), []);
    assert!(reactors(&world.store, id).await.unwrap().is_empty());
}
