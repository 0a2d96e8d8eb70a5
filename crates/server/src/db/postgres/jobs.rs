//! Bulk decisions in PostgreSQL: the comments a job decides (the queue's own queries, without a
//! page), and its progress.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{
    CommentId, DecisionAction, Job, JobId, JobState, QueueFilter, QueueReason, QueueState, Slug, UserId,
};

use super::moderation::{QUEUE_IDS, REPORTED_IDS};
use super::{PgRepository, big};
use crate::db::sqlite::jobs::action_name;
use crate::db::sqlite::rows::{millis, small, time};
use crate::db::{DbError, JobStore};

#[async_trait]
impl JobStore for PgRepository {
    async fn queue_ids(
        &self,
        state: QueueState,
        filter: &QueueFilter,
        limit: u32,
    ) -> Result<Vec<(CommentId, u32, u32)>, DbError> {
        let status = match state {
            QueueState::Pending => Some("pending"),
            QueueState::Rejected => Some("rejected"),
            QueueState::Reported => None,
        };
        let query = if status.is_some() { QUEUE_IDS } else { REPORTED_IDS };
        let mut ids = sqlx::query_as::<_, (i64, i64, i64)>(query)
            .bind(filter.article.as_ref().map(Slug::as_str))
            .bind(filter.author.map(|author| author.0))
            .bind(filter.reason.map(QueueReason::as_str))
            .bind(big(limit))
            .bind(0_i64);
        if let Some(status) = status {
            ids = ids.bind(status);
        }
        let rows = ids.fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(|(id, edits, reports)| (CommentId(id), small(edits), small(reports))).collect())
    }

    async fn create_job(
        &self,
        moderator: UserId,
        action: DecisionAction,
        total: u32,
        at: DateTime<Utc>,
    ) -> Result<JobId, DbError> {
        let id = sqlx::query_scalar(
            "INSERT INTO moderation_jobs (moderator_id, action, total, started_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(moderator.0)
        .bind(action_name(action))
        .bind(i64::from(total))
        .bind(millis(at))
        .fetch_one(&self.pool)
        .await?;
        Ok(JobId(id))
    }

    async fn job_progress(
        &self,
        id: JobId,
        done: u32,
        skipped: u32,
        finished: Option<DateTime<Utc>>,
    ) -> Result<(), DbError> {
        sqlx::query("UPDATE moderation_jobs SET done = $1, skipped = $2, finished_at = $3 WHERE id = $4")
            .bind(i64::from(done))
            .bind(i64::from(skipped))
            .bind(finished.map(millis))
            .bind(id.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn interrupt_jobs(&self, at: DateTime<Utc>) -> Result<(), DbError> {
        // Every unfinished job, as in SQLite: jobs have no owning server yet, so a server that
        // starts also marks those that servers still running are running (see the trait).
        sqlx::query("UPDATE moderation_jobs SET finished_at = $1, interrupted = TRUE WHERE finished_at IS NULL")
            .bind(millis(at))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn job(&self, id: JobId) -> Result<Option<Job>, DbError> {
        let row: Option<(String, i64, i64, i64, i64, Option<i64>, bool)> = sqlx::query_as(
            "SELECT action, total, done, skipped, started_at, finished_at, interrupted FROM moderation_jobs \
             WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?;
        let Some((action, total, done, skipped, started_at, finished_at, interrupted)) = row else { return Ok(None) };
        let action = match action.as_str() {
            "approve" => DecisionAction::Approve,
            "reject" => DecisionAction::Reject,
            other => return Err(DbError::Corrupt(format!("job action {other:?}"))),
        };
        Ok(Some(Job {
            id,
            action,
            state: match (finished_at, interrupted) {
                (_, true) => JobState::Interrupted,
                (Some(_), false) => JobState::Finished,
                (None, false) => JobState::Running,
            },
            total: small(total),
            done: small(done),
            skipped: small(skipped),
            started_at: time(started_at)?,
            finished_at: finished_at.map(time).transpose()?,
        }))
    }
}
