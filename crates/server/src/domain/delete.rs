//! Deleting a comment (its author or a moderator) and bringing it back (moderators). Deleting
//! is soft: the thread keeps a placeholder in its place, so page numbers, permalinks and quotes
//! of it stay valid.

use schrieb_api::{CommentId, CommentPermalink, permissions};

use super::{DomainError, existing, facts, read_back};
use crate::db::CommentStore;

/// Deletes comment `id` on behalf of `actor`. Deleting a deleted comment changes nothing.
pub async fn delete_comment<S: CommentStore + ?Sized>(
    store: &S,
    actor: permissions::Actor,
    id: CommentId,
) -> Result<(), DomainError> {
    let meta = existing(store, id).await?;
    permissions::may_delete(actor, facts(&meta))?;
    store.delete_comment(meta.id, actor.id).await?;
    Ok(())
}

/// Brings comment `id` back on behalf of `actor` and answers with it as it reads then.
/// Restoring a comment that is not deleted changes nothing.
pub async fn restore_comment<S: CommentStore + ?Sized>(
    store: &S,
    actor: permissions::Actor,
    id: CommentId,
) -> Result<CommentPermalink, DomainError> {
    let meta = existing(store, id).await?;
    permissions::may_restore(actor)?;
    store.restore_comment(meta.id).await?;
    read_back(store, meta.id).await
}

#[cfg(test)]
mod tests;
