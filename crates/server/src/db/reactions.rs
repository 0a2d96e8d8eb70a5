//! The storage interface for reactions to comments.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{CommentId, ReactionKind, Reactors, UserId};

use super::DbError;

/// Reactions: at most one of each kind per person and comment. Their counts come with the
/// comments themselves ([`super::CommentStore`]).
#[async_trait]
pub trait ReactionStore: Send + Sync {
    /// Adds (`on`) or removes `user`'s reaction of `kind` to a comment; either is idempotent.
    async fn set_reaction(
        &self,
        comment: CommentId,
        user: UserId,
        kind: ReactionKind,
        on: bool,
        now: DateTime<Utc>,
    ) -> Result<(), DbError>;

    /// Which of `comments` `user` reacted to, and how.
    async fn reactions_of(
        &self,
        user: UserId,
        comments: &[CommentId],
    ) -> Result<Vec<(CommentId, ReactionKind)>, DbError>;

    /// Who reacted to a comment, by kind.
    async fn reactors(&self, comment: CommentId) -> Result<Vec<Reactors>, DbError>;
}
