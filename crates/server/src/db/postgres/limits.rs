//! Rate limits in PostgreSQL, shared by every server (`rate_limits`, unlogged).

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::PgRepository;
use crate::db::sqlite::rows::millis;
use crate::db::{DbError, LimitStore, SharedLimits};

impl LimitStore for PgRepository {
    fn shared_limits(&self) -> Option<Arc<dyn SharedLimits>> {
        Some(Arc::new(PgLimits { pool: self.pool.clone() }))
    }
}

/// The shared counts.
struct PgLimits {
    pool: PgPool,
}

#[async_trait]
impl SharedLimits for PgLimits {
    async fn spend(
        &self,
        key: &str,
        count: u32,
        per: std::time::Duration,
        now: DateTime<Utc>,
    ) -> Result<Result<(), std::time::Duration>, DbError> {
        let step = i64::try_from((per / count.max(1)).as_millis()).unwrap_or(i64::MAX).max(1);
        let room = step.saturating_mul(i64::from(count.max(1)));
        let now = millis(now);
        // One statement: the key's row is locked from the read of its time to the write, so
        // two servers counting at once count twice, never once.
        let counted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO rate_limits AS r (key, tat) VALUES ($1, $2 + $3) \
             ON CONFLICT (key) DO UPDATE SET tat = GREATEST(r.tat, $2) + $3 \
             WHERE GREATEST(r.tat, $2) + $3 - $2 <= $4 RETURNING tat",
        )
        .bind(key)
        .bind(now)
        .bind(step)
        .bind(room)
        .fetch_optional(&self.pool)
        .await?;
        if counted.is_some() {
            return Ok(Ok(()));
        }
        let tat: Option<i64> = sqlx::query_scalar("SELECT tat FROM rate_limits WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        // One more passes once the time less its room, one step included, is no longer ahead.
        let wait = tat.map_or(0, |tat| tat + step - room - now).max(0);
        Ok(Err(std::time::Duration::from_millis(u64::try_from(wait).unwrap_or(0))))
    }

    async fn forget_recovered(&self, now: DateTime<Utc>) -> Result<u64, DbError> {
        let gone = sqlx::query("DELETE FROM rate_limits WHERE tat <= $1").bind(millis(now)).execute(&self.pool).await?;
        Ok(gone.rows_affected())
    }
}
