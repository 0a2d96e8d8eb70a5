//! Bulk decisions in SQLite: the comments a job decides (the queue's own queries, without a
//! page), and its progress.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{
    CommentId, DecisionAction, Job, JobId, JobState, QueueFilter, QueueReason, QueueState, Slug, UserId,
};

use super::SqliteRepository;
use super::moderation::{QUEUE_IDS, REPORTED_IDS};
use super::rows::{millis, small, time};
use crate::db::{DbError, HeldJob, JobPlan, JobProgress, JobStore};

/// Records a job's progress under its server's claim (`?6`), renewing it (`?7`); a finished
/// job is held by nobody.
const PROGRESS: &str = "UPDATE moderation_jobs SET position = ?2, done = ?3, skipped = ?4, \
     finished_at = ?5, claimed_until = CASE WHEN ?5 IS NULL THEN ?7 END \
     WHERE id = ?1 AND claimed_until = ?6 AND finished_at IS NULL";

/// A job's plan as stored.
pub(in crate::db) fn plan_json(plan: &JobPlan) -> Result<String, DbError> {
    serde_json::to_string(plan).map_err(|error| DbError::Corrupt(format!("job plan: {error}")))
}

/// A job as a server takes it over.
#[derive(sqlx::FromRow)]
pub(in crate::db) struct HeldRow {
    id: i64,
    moderator_id: i64,
    plan: String,
    position: i64,
    done: i64,
    skipped: i64,
}

impl HeldRow {
    /// The job, held until `until`.
    pub(in crate::db) fn held(self, until: DateTime<Utc>) -> Result<HeldJob, DbError> {
        let plan = serde_json::from_str(&self.plan).map_err(|error| DbError::Corrupt(format!("job plan: {error}")))?;
        Ok(HeldJob {
            id: JobId(self.id),
            moderator: UserId(self.moderator_id),
            plan,
            progress: JobProgress {
                position: small(self.position),
                done: small(self.done),
                skipped: small(self.skipped),
                finished: None,
            },
            claimed_until: until,
        })
    }
}

pub(in crate::db) fn action_name(action: DecisionAction) -> &'static str {
    match action {
        DecisionAction::Approve => "approve",
        DecisionAction::Reject => "reject",
    }
}

#[async_trait]
impl JobStore for SqliteRepository {
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
            .bind(limit)
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
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        )
        .bind(moderator.0)
        .bind(action_name(action))
        .bind(i64::try_from(plan.comments.len()).unwrap_or(i64::MAX))
        .bind(millis(at))
        .bind(plan_json(plan)?)
        .bind(millis(claimed_until))
        .fetch_one(&self.writer)
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
        let recorded = sqlx::query(PROGRESS)
            .bind(id.0)
            .bind(progress.position)
            .bind(progress.done)
            .bind(progress.skipped)
            .bind(progress.finished.map(millis))
            .bind(millis(claim))
            .bind(millis(renew))
            .execute(&self.writer)
            .await?;
        Ok(recorded.rows_affected() == 1)
    }

    async fn take_over_job(&self, now: DateTime<Utc>, until: DateTime<Utc>) -> Result<Option<HeldJob>, DbError> {
        // One statement on the one writer: no two servers on the file take the same job.
        let row: Option<HeldRow> = sqlx::query_as(
            "UPDATE moderation_jobs SET claimed_until = ?2 WHERE id = \
             (SELECT id FROM moderation_jobs WHERE finished_at IS NULL AND plan IS NOT NULL \
              AND claimed_until <= ?1 ORDER BY id LIMIT 1) \
             RETURNING id, moderator_id, plan, position, done, skipped",
        )
        .bind(millis(now))
        .bind(millis(until))
        .fetch_optional(&self.writer)
        .await?;
        row.map(|row| row.held(until)).transpose()
    }

    async fn job(&self, id: JobId) -> Result<Option<Job>, DbError> {
        let row: Option<(String, i64, i64, i64, i64, Option<i64>, bool)> = sqlx::query_as(
            "SELECT action, total, done, skipped, started_at, finished_at, interrupted FROM moderation_jobs \
             WHERE id = ?1",
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
