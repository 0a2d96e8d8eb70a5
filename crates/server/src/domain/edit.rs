//! Editing a comment: its author within the edit window, moderators at any time. The body it
//! had becomes a revision.

use chrono::{DateTime, Duration, Utc};
use schrieb_api::{CommentId, CommentPermalink, permissions};

use super::references::{References, checked};
use super::{DomainError, Throttle, existing, facts, read_back};
use crate::db::{CommentEdit, CommentStore, RevisionStore, UserStore};
use crate::limits::Action;

/// The storage areas editing reads and writes.
pub trait EditStore: CommentStore + RevisionStore + UserStore {}

impl<T: CommentStore + RevisionStore + UserStore + ?Sized> EditStore for T {}

/// Gives comment `id` the body `raw`, written by `actor` at `now`, and answers with the comment
/// as it reads then. Authors may edit for `edit_window` after posting, moderators always, nobody
/// while it is deleted.
///
/// In this order: the comment, the permission, the rate limit (a refused edit is not counted),
/// the content rules as posting has them. The same body again changes nothing: no revision, no
/// "last edited".
pub async fn edit_comment<S: EditStore + ?Sized>(
    store: &S,
    throttle: &dyn Throttle,
    actor: permissions::Actor,
    id: CommentId,
    raw: &str,
    edit_window: Duration,
    now: DateTime<Utc>,
) -> Result<CommentPermalink, DomainError> {
    let meta = existing(store, id).await?;
    permissions::may_edit(actor, facts(&meta), now, edit_window)?;
    throttle.count(Action::Write, Some(actor.id))?;
    let (body, References { quotes, mentions }) = checked(store, raw).await?;
    let current = read_back(store, meta.id).await?;
    if current.comment.body == body.as_str() {
        return Ok(current);
    }
    let edit = CommentEdit { body: body.as_str().to_owned(), at: now, quotes, mentions };
    store.edit_comment(meta.id, &edit).await?;
    read_back(store, meta.id).await
}

#[cfg(test)]
mod tests;
