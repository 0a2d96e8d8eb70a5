//! Bulk decisions in PostgreSQL: the comments a job decides (the queue's own queries, without a
//! page), and its progress.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{
    CommentId, DecisionAction, Job, JobId, JobState, QueueFilter, QueueReason, QueueState, Slug, UserId,
};

use super::moderation::{QUEUE_IDS, REPORTED_IDS};
use super::{PgRepository, big};
use crate::db::sqlite::jobs::{HeldRow, action_name, plan_json};
use crate::db::sqlite::rows::{millis, small, time};
use crate::db::{DbError, HeldJob, JobPlan, JobProgress, JobStore};

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
        plan: &JobPlan,
        at: DateTime<Utc>,
        claimed_until: DateTime<Utc>,
    ) -> Result<JobId, DbError> {
        let id = sqlx::query_scalar(
            "INSERT INTO moderation_jobs (moderator_id, action, total, started_at, plan, claimed_until) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(moderator.0)
        .bind(action_name(action))
        .bind(i64::try_from(plan.comments.len()).unwrap_or(i64::MAX))
        .bind(millis(at))
        .bind(plan_json(plan)?)
        .bind(millis(claimed_until))
        .fetch_one(&self.pool)
        .await?;
        Ok(JobId(id))
    }

    async fn job_progress(
        &self,
        id: JobId,
        progress: &JobProgress,
        claim: DateTime<Utc>,
        renew: DateTime<Utc>,
    ) -> Result<bool, DbError> {
        // A finished job is held by nobody. The row's lock orders this against a takeover: one
        // that ran first moved the claim, and this records nothing.
        let recorded = sqlx::query(
            "UPDATE moderation_jobs SET position = $2, done = $3, skipped = $4, finished_at = $5, \
             claimed_until = CASE WHEN $5::BIGINT IS NULL THEN $7 END \
             WHERE id = $1 AND claimed_until = $6 AND finished_at IS NULL",
        )
        .bind(id.0)
        .bind(i64::from(progress.position))
        .bind(i64::from(progress.done))
        .bind(i64::from(progress.skipped))
        .bind(progress.finished.map(millis))
        .bind(millis(claim))
        .bind(millis(renew))
        .execute(&self.pool)
        .await?;
        Ok(recorded.rows_affected() == 1)
    }

    async fn take_over_job(&self, now: DateTime<Utc>, until: DateTime<Utc>) -> Result<Option<HeldJob>, DbError> {
        // The job is locked as it is picked; one another server is taking over at this moment
        // is skipped, not waited for, so no two servers take the same job.
        let row: Option<HeldRow> = sqlx::query_as(
            "UPDATE moderation_jobs SET claimed_until = $2 WHERE id = \
             (SELECT id FROM moderation_jobs WHERE finished_at IS NULL AND plan IS NOT NULL \
              AND claimed_until <= $1 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) \
             RETURNING id, moderator_id, plan, position, done, skipped",
        )
        .bind(millis(now))
        .bind(millis(until))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| row.held(until)).transpose()
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
