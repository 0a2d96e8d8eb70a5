//! The database as operators see it, in PostgreSQL: the one pool this server keeps.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::PgRepository;
use crate::db::operations::{QUEUE_DEPTHS, QueueCounts, queue_depths};
use crate::db::sqlite::rows::millis;
use crate::db::{DbError, OperationsStore, PoolStatus, QueueDepths};

#[async_trait]
impl OperationsStore for PgRepository {
    async fn ping(&self) -> Result<(), DbError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    fn pool_status(&self) -> Vec<PoolStatus> {
        vec![PoolStatus {
            name: "main",
            size: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
            max: self.pool.options().get_max_connections(),
        }]
    }

    async fn queue_depths(&self, now: DateTime<Utc>) -> Result<QueueDepths, DbError> {
        let counts: QueueCounts = sqlx::query_as(QUEUE_DEPTHS).bind(millis(now)).fetch_one(&self.pool).await?;
        Ok(queue_depths(counts))
    }
}
