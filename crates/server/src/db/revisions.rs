//! The storage interface for edits: a comment's new body, and the bodies it had before.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{CommentId, Finding, MentionRef, RevisionHistory};

use super::{DbError, NewQuote};

/// A new body for a comment; the one it replaces becomes a revision.
#[derive(Debug, Clone)]
pub struct CommentEdit {
    /// The new body.
    pub body: String,
    /// When it was written.
    pub at: DateTime<Utc>,
    /// Its outer quotes with source, checked, in body order.
    pub quotes: Vec<NewQuote>,
    /// Its mentions of people with an account.
    pub mentions: Vec<MentionRef>,
    /// What the checks found in the new body (kept when there is anything).
    pub findings: Vec<Finding>,
    /// Whether the checks hold it: a published comment then waits for a moderator again
    /// (readers see its place empty), with a line in the moderation log.
    pub hold: bool,
}

/// A comment's revision history as stored, with which of its bodies no moderator approved.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRevisions {
    /// Every revision, oldest first.
    pub history: RevisionHistory,
    /// The numbers of the revisions written while the comment was held or rejected and
    /// replaced before a moderator approved it: for its author and moderators only.
    pub unreviewed: Vec<u32>,
}

/// Edits and the revision history they leave.
#[async_trait]
pub trait RevisionStore: Send + Sync {
    /// Replaces a comment's body, keeping the old one as a revision; `false` when no comment
    /// has the id.
    async fn edit_comment(&self, id: CommentId, edit: &CommentEdit) -> Result<bool, DbError>;

    /// A comment's revisions, oldest first, without their changes (the caller diffs them).
    async fn revisions(&self, id: CommentId) -> Result<Option<StoredRevisions>, DbError>;
}
