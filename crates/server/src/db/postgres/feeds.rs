//! Feeds in PostgreSQL: the SQLite store's query, whose `$N` parameters read alike here.

use async_trait::async_trait;

use super::PgRepository;
use crate::db::sqlite::feeds::{FEED_QUERY, FeedRow, condition};
use crate::db::{DbError, FeedEntry, FeedScope, FeedStore};

#[async_trait]
impl FeedStore for PgRepository {
    async fn feed_entries(&self, scope: FeedScope, limit: u32) -> Result<Vec<FeedEntry>, DbError> {
        let (condition, parameter) = condition(scope);
        let query = format!("{FEED_QUERY}{condition} ORDER BY c.created_at DESC, c.id DESC LIMIT $2");
        let rows: Vec<FeedRow> =
            sqlx::query_as(&query).bind(parameter).bind(i64::from(limit)).fetch_all(&self.pool).await?;
        rows.into_iter().map(FeedRow::entry).collect()
    }
}
