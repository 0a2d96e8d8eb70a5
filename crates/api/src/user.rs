//! People: the public profile a mention links to (`GET /api/v1/users/{id}`) and the
//! suggestions offered while an @mention is typed (`GET /api/v1/users?prefix=`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{CommentId, MAX_NAME_CHARS, MIN_NAME_CHARS, Slug, TextRule, UserId};

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

/// The start of a display name as typed after `@`, for `GET /api/v1/users?prefix=`: 2 to 40
/// characters. Shorter would list half the membership; longer can match no name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionPrefix(String);

/// Why a mention prefix was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("give {MIN_NAME_CHARS} to {MAX_NAME_CHARS} characters of the name")]
pub struct MentionPrefixError;

impl MentionPrefix {
    /// The prefix rules as the OpenAPI document states them: exactly what
    /// [`MentionPrefix::parse`] checks.
    pub const RULE: TextRule = TextRule { pattern: None, min_chars: MIN_NAME_CHARS, max_chars: Some(MAX_NAME_CHARS) };

    /// Checks `raw`, taken as typed.
    pub fn parse(raw: &str) -> Result<Self, MentionPrefixError> {
        let chars = raw.chars().count();
        if (MIN_NAME_CHARS..=MAX_NAME_CHARS).contains(&chars) {
            Ok(Self(raw.to_owned()))
        } else {
            Err(MentionPrefixError)
        }
    }

    /// The prefix as typed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_have_two_to_forty_characters() {
        assert_eq!(MentionPrefix::parse("Ön").unwrap().as_str(), "Ön");
        assert_eq!(MentionPrefix::parse("O"), Err(MentionPrefixError));
        assert_eq!(MentionPrefix::parse(&"x".repeat(41)), Err(MentionPrefixError));
        assert_eq!(MentionPrefixError.to_string(), "give 2 to 40 characters of the name");
    }

    #[test]
    fn the_documented_rule_is_the_rule() {
        use crate::text_rule::check::*;
        let lengths = [0, 1, 2, 40, 41].map(|length| "ä".repeat(length));
        agrees_exactly(&MentionPrefix::RULE, lengths, |text| MentionPrefix::parse(text).is_ok());
    }
}
