//! Comments and pages of a thread.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{CommentId, Slug, UserId};

/// Who wrote a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Author {
    /// The author's account.
    pub id: UserId,
    /// The name shown with the comment.
    pub display_name: String,
}

/// One comment of a thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    /// The comment's id.
    pub id: CommentId,
    /// Its place in the thread, counted from 1; kept when the comment is deleted.
    pub position: u64,
    /// Who wrote it.
    pub author: Author,
    /// The body as written, in schrieb markup; empty when `deleted`.
    pub body: String,
    /// When it was posted.
    pub created_at: DateTime<Utc>,
    /// When it was last edited, if ever.
    pub edited_at: Option<DateTime<Utc>>,
    /// How often it was edited; each edit keeps the earlier body as a revision.
    pub edit_count: u32,
    /// Whether it was deleted: the thread then shows a placeholder in its place.
    pub deleted: bool,
}

/// One page of a thread (`GET /api/v1/articles/{slug}/comments?page=N`), oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentPage {
    /// The comments on this page; empty past the last page.
    pub items: Vec<Comment>,
    /// This page's number, from 1.
    pub page: u32,
    /// How many pages the thread has (at least 1).
    pub pages: u32,
    /// How many places the thread has, deleted placeholders included.
    pub total: u64,
    /// How many places a page holds.
    pub per_page: u32,
}

/// A comment with where it stands (`GET /api/v1/comments/{id}`), for permalinks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentPermalink {
    /// The comment.
    pub comment: Comment,
    /// The slug of the article it belongs to.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub article_slug: Slug,
    /// The page of the thread it stands on.
    pub page: u32,
}
