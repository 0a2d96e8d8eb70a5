//! Rate limits that every server shares: the counts of [`crate::limits`] kept in the database.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::DbError;

/// Counts of rate limits in a store every server reads and writes.
#[async_trait]
pub trait SharedLimits: Send + Sync {
    /// Counts one more for `key` at `now` against a limit of `count` in `per` (GCRA: each
    /// request moves the key's theoretical arrival time on by `per / count`, and is refused
    /// while that time would be more than `count` such steps ahead of now); `Err(wait)` when
    /// spent, with how long until one more would pass. A refused request counts nothing.
    async fn spend(
        &self,
        key: &str,
        count: u32,
        per: std::time::Duration,
        now: DateTime<Utc>,
    ) -> Result<Result<(), std::time::Duration>, DbError>;

    /// Forgets the keys that have fully recovered at `now`; how many.
    async fn forget_recovered(&self, now: DateTime<Utc>) -> Result<u64, DbError>;
}

/// Where a store wants the rate limits kept.
pub trait LimitStore {
    /// The limits as every server shares them; `None` where one server keeps them in memory
    /// (SQLite: one server writes a database file).
    fn shared_limits(&self) -> Option<Arc<dyn SharedLimits>> {
        None
    }
}
