//! Articles: what the discussion is about.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Slug;

/// One entry of the article list (`GET /api/v1/articles`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleSummary {
    /// The article's slug, as in `/a/{slug}`.
    pub slug: Slug,
    /// The headline.
    pub title: String,
    /// Who wrote the article.
    pub author: String,
    /// When the article was published.
    pub published_at: DateTime<Utc>,
    /// How many comments the discussion has, not counting deleted ones.
    pub comment_count: u64,
}

/// The answer of `GET /api/v1/articles`, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleList {
    /// The articles.
    pub items: Vec<ArticleSummary>,
}

/// A whole article (`GET /api/v1/articles/{slug}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Article {
    /// The article's slug, as in `/a/{slug}`.
    pub slug: Slug,
    /// Language of the article as a BCP 47 tag (`de`, `en`).
    pub lang: String,
    /// The headline.
    pub title: String,
    /// Who wrote the article.
    pub author: String,
    /// When the article was published.
    pub published_at: DateTime<Utc>,
    /// Where the full article lives on the publisher's site.
    pub canonical_url: String,
    /// The article text (or its preview), in schrieb markup.
    pub body: String,
    /// A note shown under the body, such as "this preview may be incomplete"; the app adds a
    /// "read the full article" link to `canonical_url` after it.
    pub note: Option<String>,
    /// How many comments the discussion has, not counting deleted ones.
    pub comment_count: u64,
    /// Whether its site takes comments from guests (without an account).
    #[serde(default)]
    pub guest_comments: bool,
    /// Whether its discussion takes comments: open, closed (read-only, with a notice) or off
    /// (no discussion shown).
    #[serde(default)]
    pub discussion: crate::DiscussionState,
    /// Its site's promotions, while they are on: where the slots go between the posts and
    /// what they show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promos: Option<crate::PromoSettings>,
}
