//! People: the public profile a mention links to (`GET /api/v1/users/{id}`) and the
//! suggestions offered while an @mention is typed (`GET /api/v1/users?prefix=`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{CommentId, Slug, UserId};

/// How many recent comments a profile lists.
pub const PROFILE_COMMENTS: u32 = 20;

/// What anyone may see of a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserProfile {
    /// The account.
    pub id: UserId,
    /// The name shown with their comments.
    pub display_name: String,
    /// When the account was created.
    pub joined_at: DateTime<Utc>,
    /// How many comments they have written (deleted ones not counted).
    pub comment_count: u64,
    /// Their latest comments, newest first, at most [`PROFILE_COMMENTS`].
    pub recent: Vec<UserComment>,
}

/// A comment as a profile lists it: where it stands and how it begins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserComment {
    /// The comment.
    pub id: CommentId,
    /// The slug of its article.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub article_slug: Slug,
    /// The headline of its article.
    pub article_title: String,
    /// The page of the thread it stands on.
    pub page: u32,
    /// When it was posted.
    pub created_at: DateTime<Utc>,
    /// Its first words as plain text (no markup, quotes of others left out).
    pub excerpt: String,
}

/// The most suggestions `GET /api/v1/users?prefix=` answers with: enough to pick from while
/// typing, few enough not to list the membership.
pub const MAX_USER_SUGGESTIONS: u32 = 8;

/// One suggestion for an @mention being typed (`GET /api/v1/users?prefix=…&article=…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSuggestion {
    /// The account.
    pub id: UserId,
    /// The name to write after the `@`.
    pub display_name: String,
    /// Whether they have a comment (not deleted) in the thread being replied to; these come first.
    pub in_thread: bool,
}
