//! Reactions: adding and taking back one's own, who reacted how, and which reactions on a page
//! are the reader's.

use chrono::{DateTime, Utc};
use schrieb_api::{
    Comment, CommentId, CommentState, ReactionCount, ReactionKind, Reactors, UserId, permissions::Actor,
};

use super::{DomainError, Throttle, existing, read_back};
use crate::db::{CommentStore, DbError, ModerationStore, ReactionStore};
use crate::limits::Action;

/// Adds (`on`) or takes back `actor`'s reaction of `kind` to comment `id` at `now`, and answers
/// with the comment's reactions then, `actor`'s own marked. A deleted comment takes none: it
/// is not found, as it reads like a placeholder; nor does one that is not published (held or
/// rejected), whose reactions nobody would see. A banned or suspended account is refused.
/// Either way is idempotent, and counted against the rate limit.
pub async fn set_reaction<S: CommentStore + ReactionStore + ModerationStore + ?Sized>(
    store: &S,
    throttle: &dyn Throttle,
    actor: Actor,
    id: CommentId,
    kind: ReactionKind,
    on: bool,
    now: DateTime<Utc>,
) -> Result<Vec<ReactionCount>, DomainError> {
    let meta = existing(store, id).await?;
    if meta.deleted || meta.state != CommentState::Published {
        return Err(DomainError::NotFound(format!("no comment has the id {}", id.0)));
    }
    throttle.count(Action::React, Some(actor.id)).await?;
    super::moderation::sanctions::may_take_part(store, actor.id, now).await?;
    store.set_reaction(meta.id, actor.id, kind, on, now).await?;
    let mut comment = read_back(store, meta.id).await?.comment;
    mark_mine(store, actor.id, std::slice::from_mut(&mut comment)).await?;
    Ok(comment.reactions)
}

/// Who reacted to comment `id`, by kind; a comment that is not published has no public
/// reactions, and is not found for this.
pub async fn reactors<S: CommentStore + ReactionStore + ?Sized>(
    store: &S,
    id: CommentId,
) -> Result<Vec<Reactors>, DomainError> {
    let meta = existing(store, id).await?;
    if meta.state != CommentState::Published {
        return Err(DomainError::NotFound(format!("no comment has the id {}", id.0)));
    }
    Ok(store.reactors(meta.id).await?)
}

/// Marks the reactions `reader` made among `comments` as theirs (`mine`).
pub async fn mark_mine<S: ReactionStore + ?Sized>(
    store: &S,
    reader: UserId,
    comments: &mut [Comment],
) -> Result<(), DbError> {
    let ids: Vec<CommentId> = comments.iter().filter(|c| !c.reactions.is_empty()).map(|c| c.id).collect();
    if ids.is_empty() {
        return Ok(());
    }
    let mine = store.reactions_of(reader, &ids).await?;
    for comment in comments {
        for reaction in &mut comment.reactions {
            reaction.mine = mine.contains(&(comment.id, reaction.kind));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
