//! Feeds in SQLite.

use async_trait::async_trait;
use schrieb_api::{CommentId, UserId};
use sqlx::FromRow;

use super::SqliteRepository;
use super::rows::{slug, time};
use crate::db::{DbError, FeedEntry, FeedScope, FeedStore};

/// A feed's row, as either engine reads it.
#[derive(FromRow)]
pub(in crate::db) struct FeedRow {
    id: i64,
    author: String,
    body: String,
    created_at: i64,
    edited_at: Option<i64>,
    slug: String,
    title: String,
}

impl FeedRow {
    pub(in crate::db) fn entry(self) -> Result<FeedEntry, DbError> {
        Ok(FeedEntry {
            id: CommentId(self.id),
            author: self.author,
            body: self.body,
            created_at: time(self.created_at)?,
            edited_at: self.edited_at.map(time).transpose()?,
            article_slug: slug(self.slug)?,
            article_title: self.title,
        })
    }
}

/// The columns and joins of a feed's query; the caller adds the scope's condition (on `$1`,
/// which is -1 for every article) and the limit (`$2`). `$N` reads as a numbered parameter on
/// both engines.
pub(in crate::db) const FEED_QUERY: &str = "SELECT c.id, COALESCE(c.guest_name, u.display_name) AS author, c.body, \
     c.created_at, c.edited_at, a.slug, a.title FROM comments c JOIN users u ON u.id = c.author_id \
     JOIN articles a ON a.id = c.article_id WHERE c.status = 'published' AND NOT c.deleted AND ";

/// The condition of `scope` and its parameter.
pub(in crate::db) fn condition(scope: FeedScope) -> (&'static str, i64) {
    match scope {
        FeedScope::Everything => ("$1 = -1", -1),
        FeedScope::Thread(article) => ("c.article_id = $1", article.0),
        FeedScope::Author(UserId(id)) => ("c.author_id = $1", id),
    }
}

#[async_trait]
impl FeedStore for SqliteRepository {
    async fn feed_entries(&self, scope: FeedScope, limit: u32) -> Result<Vec<FeedEntry>, DbError> {
        let (condition, parameter) = condition(scope);
        let query = format!("{FEED_QUERY}{condition} ORDER BY c.created_at DESC, c.id DESC LIMIT $2");
        let rows: Vec<FeedRow> =
            sqlx::query_as(&query).bind(parameter).bind(i64::from(limit)).fetch_all(&self.pool).await?;
        rows.into_iter().map(FeedRow::entry).collect()
    }
}
