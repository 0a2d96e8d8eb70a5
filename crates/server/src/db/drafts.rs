//! The storage interface for drafts: one unfinished reply per person and article.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{Draft, DraftBody, UserId};

use super::{ArticleKey, DbError};

/// Drafts of replies, kept per person and article.
#[async_trait]
pub trait DraftStore: Send + Sync {
    /// `user`'s draft under `article`, if they keep one.
    async fn draft(&self, user: UserId, article: ArticleKey) -> Result<Option<Draft>, DbError>;

    /// Stores `user`'s draft under `article`, replacing the one they had; answers with it as
    /// stored (the time to the millisecond, as it will read back).
    async fn save_draft(
        &self,
        user: UserId,
        article: ArticleKey,
        body: &DraftBody,
        now: DateTime<Utc>,
    ) -> Result<Draft, DbError>;

    /// Removes `user`'s draft under `article`; `false` when there was none.
    async fn delete_draft(&self, user: UserId, article: ArticleKey) -> Result<bool, DbError>;
}
