//! The database as operators see it, in SQLite: both pools, the readers' and the writer's.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::SqliteRepository;
use super::rows::millis;
use crate::db::operations::{QUEUE_DEPTHS, QueueCounts, queue_depths};
use crate::db::{DbError, OperationsStore, PoolStatus, QueueDepths};

#[async_trait]
impl OperationsStore for SqliteRepository {
    async fn ping(&self) -> Result<(), DbError> {
        // A reader: the writer may be busy with a long write, which says nothing of health.
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    fn pool_status(&self) -> Vec<PoolStatus> {
        [("reader", &self.pool), ("writer", &self.writer)]
            .into_iter()
            .map(|(name, pool)| PoolStatus {
                name,
                size: pool.size(),
                idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
                max: pool.options().get_max_connections(),
            })
            .collect()
    }

    async fn queue_depths(&self, now: DateTime<Utc>) -> Result<QueueDepths, DbError> {
        let counts: QueueCounts = sqlx::query_as(QUEUE_DEPTHS).bind(millis(now)).fetch_one(&self.pool).await?;
        Ok(queue_depths(counts))
    }
}
