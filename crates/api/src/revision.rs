//! A comment's revision history (`GET /api/v1/comments/{id}/revisions`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Author, CommentId, Slug};

/// Every body a comment has had, oldest first, each with what changed from the one before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionHistory {
    /// The comment.
    pub comment: CommentId,
    /// Who wrote it.
    pub author: Author,
    /// The slug of the article it belongs to.
    pub article_slug: Slug,
    /// The page of the thread it stands on.
    pub page: u32,
    /// Whether it was deleted; its revisions are then not shown.
    pub deleted: bool,
    /// Where it stands with moderation (only its author and moderators get the history of a
    /// comment that is not published).
    #[serde(default)]
    pub state: crate::CommentState,
    /// The revisions, from the body as first posted to the current one; empty when `deleted`.
    pub revisions: Vec<Revision>,
}

/// One body a comment had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revision {
    /// Its number: 1 is the body as first posted.
    pub number: u32,
    /// The body, in schrieb markup.
    pub body: String,
    /// When it was written.
    pub written_at: DateTime<Utc>,
    /// Word by word, how it differs from the revision before; empty for the first.
    pub changes: Vec<Change>,
}

/// A run of words in a word-level diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// Whether the run was kept, added or removed.
    pub kind: ChangeKind,
    /// The words, with the white space between them, as written in the markup.
    pub text: String,
}

/// What happened to a run of words between two revisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// In both revisions.
    Kept,
    /// Only in the newer one.
    Added,
    /// Only in the older one.
    Removed,
}
