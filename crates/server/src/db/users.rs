//! The storage interface for people as others see them: names to mention, public profiles.
//! Logging in is [`super::AccountStore`]'s.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{MentionRef, UserId, UserProfile, UserSuggestion};

use super::{ArticleKey, DbError};

/// The key a display name is unique and found by: composed (NFC) and lower-cased by Unicode's
/// rules, umlauts and all, in Rust and so the same on every engine (SQLite's `lower()` folds
/// ASCII only; PostgreSQL's follows the cluster's locale). "Jürgen", "JÜRGEN" and a "Jürgen"
/// typed with a combining diaeresis are one name.
pub fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfc().flat_map(char::to_lowercase).collect()
}

/// The bounds `[low, high)` of the keys that start with `prefix`'s key: every such key sorts
/// (by code point, as SQLite's binary and PostgreSQL's "C" collation sort) at or after the key
/// itself and before it followed by the last code point there is.
pub fn name_key_range(prefix: &str) -> (String, String) {
    let low = name_key(prefix);
    let high = format!("{low}{}", char::MAX);
    (low, high)
}

/// People by name: mentions, suggestions, profiles.
#[async_trait]
pub trait UserStore: Send + Sync {
    /// The user named `display_name` (by [`name_key`]), created if missing.
    async fn ensure_user(&self, display_name: &str, now: DateTime<Utc>) -> Result<UserId, DbError>;

    /// The accounts with these display names (by [`name_key`]), each with the name as asked
    /// for.
    async fn users_named(&self, names: &[String]) -> Result<Vec<MentionRef>, DbError>;

    /// At most `limit` accounts a mention can name (the same accounts [`UserStore::users_named`]
    /// finds) whose name's key starts with `prefix`'s: those with a comment (not
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
