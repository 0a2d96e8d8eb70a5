//! Editing a comment: its author within the edit window, moderators at any time. The body it
//! had becomes a revision.

use chrono::{DateTime, Duration, Utc};
use schrieb_api::{CommentId, CommentPermalink, permissions};

use super::moderation::pipeline::{Checks, Submission, Writer};
use super::references::{References, checked};
use super::{DomainError, Throttle, existing, facts, read_back};
use crate::db::{CommentEdit, CommentStore, ModerationStore, RevisionStore, UserStore};
use crate::limits::Action;

/// The storage areas editing reads and writes.
pub trait EditStore: CommentStore + RevisionStore + UserStore + ModerationStore {}

impl<T: CommentStore + RevisionStore + UserStore + ModerationStore + ?Sized> EditStore for T {}

/// An edit as the request asks it.
#[derive(Debug, Clone, Copy)]
pub struct Edit<'a> {
    /// The comment.
    pub id: CommentId,
    /// Its new body, as written.
    pub body: &'a str,
    /// How long its author may edit it after posting.
    pub window: Duration,
}

/// Gives comment `edit.id` the body `edit.body`, written by `actor` at `now`, and answers with the comment
/// as it reads then. Authors may edit for `edit.window` after posting, moderators always, nobody
/// while it is deleted.
///
/// In this order: the comment, the permission, the rate limit (a refused edit is not counted),
/// the content rules as posting has them, the moderation checks (without the spam signals,
/// which are for new comments): they may refuse the edit, or hold a published comment for
/// review again. The same body again changes nothing: no revision, no "last edited".
pub async fn edit_comment<S: EditStore + ?Sized>(
    store: &S,
    checks: &Checks,
    throttle: &dyn Throttle,
    actor: permissions::Actor,
    edit: Edit<'_>,
    now: DateTime<Utc>,
) -> Result<CommentPermalink, DomainError> {
    let Edit { id, body: raw, window: edit_window } = edit;
    let meta = existing(store, id).await?;
    permissions::may_edit(actor, facts(&meta), now, edit_window)?;
    throttle.count(Action::Write, Some(actor.id)).await?;
    let (body, References { quotes, mentions }) = checked(store, raw).await?;
    let current = read_back(store, meta.id).await?;
    if current.comment.body == body.as_str() {
        return Ok(current);
    }
    let writer = if actor.role.moderates() { Writer::Moderator } else { Writer::Member };
    let submission = Submission { article: meta.article, writer, author: meta.author, body: &body, signals: None, now };
    let verdict = checks.run(store, &submission).await?;
    let hold = verdict.holds();
    let edit =
        CommentEdit { body: body.as_str().to_owned(), at: now, quotes, mentions, findings: verdict.findings, hold };
    store.edit_comment(meta.id, &edit).await?;
    read_back(store, meta.id).await
}

#[cfg(test)]
mod tests;
