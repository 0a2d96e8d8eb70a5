//! The storage interface for sites: whether they take guests' comments, and for sites that embed
//! threads their origins and the threads of their pages, found by page address.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{Article, PageUrl};

use super::{ArticleKey, DbError, NewArticle};

/// A site as the embed widget sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedSite {
    /// Its key.
    pub id: i64,
    /// Its name, the author of the threads its pages get.
    pub name: String,
    /// Every origin its pages are served from, in the order they were registered.
    pub origins: Vec<String>,
}

/// An origin that belongs to another site already.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin} is registered to the site {site:?} already")]
pub struct OriginTaken {
    /// The origin.
    pub origin: String,
    /// The site it belongs to.
    pub site: String,
}

/// Sites, their settings, their origins and their pages' threads.
#[async_trait]
pub trait SiteStore: Send + Sync {
    /// The site named `name`, created if missing.
    async fn ensure_site(&self, name: &str, now: DateTime<Utc>) -> Result<i64, DbError>;

    /// Whether the site of `article` takes comments from guests.
    async fn guest_comments_allowed(&self, article: ArticleKey) -> Result<bool, DbError>;

    /// Lets the site named `site` take guest comments, or stops it; `false` when no site has
    /// the name.
    async fn set_guest_comments(&self, site: &str, allowed: bool) -> Result<bool, DbError>;

    /// The promotions of the site named `name`; `None` when no site has the name.
    async fn site_promos(&self, name: &str) -> Result<Option<schrieb_api::PromoSettings>, DbError>;

    /// Replaces the promotions of the site named `name` (its threads' readers hear of it);
    /// `false` when no site has the name.
    async fn set_site_promos(&self, name: &str, promos: &schrieb_api::PromoSettings) -> Result<bool, DbError>;

    /// Creates the site `name` if missing and registers `origins` (normalized `scheme://host[:port]`)
    /// for it, all or none: an origin of another site refuses the whole call. Answers with the
    /// site as it is then.
    async fn register_origins(
        &self,
        name: &str,
        origins: &[String],
        now: DateTime<Utc>,
    ) -> Result<Result<EmbedSite, OriginTaken>, DbError>;

    /// The site whose pages are served from `origin`, if one is registered.
    async fn site_of_origin(&self, origin: &str) -> Result<Option<EmbedSite>, DbError>;

    /// The thread of the page `url` of `site`, if it has one.
    async fn page_thread(&self, site: i64, url: &PageUrl) -> Result<Option<Article>, DbError>;

    /// Stores `article` as the thread of the page at its `canonical_url` unless that page has
    /// one already (a concurrent first view made it), and answers with the page's one thread.
    async fn create_page_thread(&self, article: &NewArticle) -> Result<Article, DbError>;

    /// How many comments (not deleted) the threads of `urls` have, by normalized address, in
    /// one query; pages without a thread or of unregistered origins are left out.
    async fn page_counts(&self, urls: &[PageUrl]) -> Result<HashMap<String, u64>, DbError>;
}
