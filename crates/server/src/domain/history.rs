//! A comment's revision history, as a reader may read it.

use schrieb_api::{CommentId, CommentState, RevisionHistory};

use super::DomainError;
use super::moderation::visibility::{Viewer, may_read};
use crate::db::{RevisionStore, StoredRevisions};
use crate::diff::word_changes;

/// Every body comment `id` has had that `viewer` may read, oldest first, each with its
/// word-level changes against the one before. What a held comment says, now and before, is for
/// its author and moderators; so are the bodies it had while held, after it is approved: no
/// moderator saw them.
pub async fn revision_history<S: RevisionStore + ?Sized>(
    store: &S,
    viewer: Viewer,
    id: CommentId,
) -> Result<RevisionHistory, DomainError> {
    let missing = || DomainError::NotFound(format!("no comment has the id {}", id.0));
    let StoredRevisions { mut history, unreviewed } = store.revisions(id).await?.ok_or_else(missing)?;
    if !may_read(viewer, history.state, history.author.id) {
        return Err(missing());
    }
    if !may_read(viewer, CommentState::Pending, history.author.id) {
        history.revisions.retain(|revision| !unreviewed.contains(&revision.number));
    }
    for at in 1..history.revisions.len() {
        let changes = word_changes(&history.revisions[at - 1].body, &history.revisions[at].body);
        history.revisions[at].changes = changes;
    }
    Ok(history)
}
