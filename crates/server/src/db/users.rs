//! The storage interface for people as others see them: names to mention, public profiles.
//! Logging in is [`super::AccountStore`]'s.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{MentionRef, UserId, UserProfile, UserSuggestion};

use super::{ArticleKey, DbError};

/// People by name: mentions, suggestions, profiles.
#[async_trait]
pub trait UserStore: Send + Sync {
    /// The user named `display_name` (case-insensitively), created if missing.
    async fn ensure_user(&self, display_name: &str, now: DateTime<Utc>) -> Result<UserId, DbError>;

    /// The accounts with these display names (case-insensitively), each with the name as
    /// asked for.
    async fn users_named(&self, names: &[String]) -> Result<Vec<MentionRef>, DbError>;

    /// At most `limit` accounts a mention can name (the same accounts [`UserStore::users_named`]
    /// finds) whose display name starts with `prefix` in any case: those with a comment (not
    /// deleted) in the thread of `thread` first, then the others, each group by name.
    async fn suggest_users(
        &self,
        prefix: &str,
        thread: Option<ArticleKey>,
        limit: u32,
    ) -> Result<Vec<UserSuggestion>, DbError>;

    /// A person's public profile with their latest comments.
    async fn user_profile(&self, id: UserId) -> Result<Option<UserProfile>, DbError>;
}
