//! The storage interface for articles: the pages whose threads schrieb keeps.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{Article, ArticleSummary, Slug};

use super::DbError;

/// The database key of an article; never leaves the server (the API names articles by slug).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArticleKey(pub i64);

/// An article to store.
#[derive(Debug, Clone)]
pub struct NewArticle {
    /// The site it belongs to.
    pub site_id: i64,
    /// Its slug.
    pub slug: Slug,
    /// Its language tag.
    pub lang: String,
    /// Headline.
    pub title: String,
    /// Its author's name.
    pub author: String,
    /// Publication time.
    pub published_at: DateTime<Utc>,
    /// Where the full article lives.
    pub canonical_url: String,
    /// Body in schrieb markup.
    pub body: String,
    /// The note under the body.
    pub note: Option<String>,
}

/// Articles, found by slug. The threads of embedding sites' pages are articles too, found by
/// page address in [`super::SiteStore`].
#[async_trait]
pub trait ArticleStore: Send + Sync {
    /// All articles, newest first.
    async fn list_articles(&self) -> Result<Vec<ArticleSummary>, DbError>;

    /// The article with this slug.
    async fn find_article(&self, slug: &Slug) -> Result<Option<Article>, DbError>;

    /// The key of the article with this slug.
    async fn article_key(&self, slug: &Slug) -> Result<Option<ArticleKey>, DbError>;

    /// Whether the database holds no articles yet (so demo content may be loaded).
    async fn is_empty(&self) -> Result<bool, DbError>;

    /// Stores an article.
    async fn insert_article(&self, article: &NewArticle) -> Result<ArticleKey, DbError>;
}
