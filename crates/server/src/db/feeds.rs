//! The storage interface for feeds: the latest comments readers may see, of everything, of one
//! thread or of one person.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{CommentId, Slug, UserId};

use super::{ArticleKey, DbError};

/// Whose comments a feed holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedScope {
    /// Every article's.
    Everything,
    /// One article's thread.
    Thread(ArticleKey),
    /// One person's.
    Author(UserId),
}

/// A comment as a feed shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// The comment.
    pub id: CommentId,
    /// Its author's name: the guest's own for a guest's comment.
    pub author: String,
    /// Its body in schrieb markup.
    pub body: String,
    /// When it was posted.
    pub created_at: DateTime<Utc>,
    /// When it was last edited.
    pub edited_at: Option<DateTime<Utc>>,
    /// Its article.
    pub article_slug: Slug,
    /// Its article's title.
    pub article_title: String,
}

/// The latest comments readers may see.
#[async_trait]
pub trait FeedStore: Send + Sync {
    /// At most `limit` comments of `scope`, newest first: published and not deleted only
    /// (`domain::moderation::visibility`'s rule for anyone who is not their author).
    async fn feed_entries(&self, scope: FeedScope, limit: u32) -> Result<Vec<FeedEntry>, DbError>;
}
