//! The storage interface for bulk decisions: the comments one decides, and how far it is.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{CommentId, DecisionAction, Job, JobId, QueueFilter, QueueState, UserId};

use super::DbError;

/// Bulk decisions' reads and writes (each decision itself is [`super::ModerationStore::decide`]).
#[async_trait]
pub trait JobStore: Send + Sync {
    /// The comments in queue `state` that `filter` picks, oldest first, at most `limit`, each
    /// as it stands now: its id, edits and open reports.
    async fn queue_ids(
        &self,
        state: QueueState,
        filter: &QueueFilter,
        limit: u32,
    ) -> Result<Vec<(CommentId, u32, u32)>, DbError>;

    /// Records a job of `moderator` deciding `action` for `total` comments, started at `at`.
    async fn create_job(
        &self,
        moderator: UserId,
        action: DecisionAction,
        total: u32,
        at: DateTime<Utc>,
    ) -> Result<JobId, DbError>;

    /// Records how far job `id` is; finished at `finished`, if it is.
    async fn job_progress(
        &self,
        id: JobId,
        done: u32,
        skipped: u32,
        finished: Option<DateTime<Utc>>,
    ) -> Result<(), DbError>;

    /// Marks every job that has not finished as interrupted at `at`: a server starting runs
    /// none, and those it ran before stopped with it. (With many servers, each job will need
    /// its owner.)
    async fn interrupt_jobs(&self, at: DateTime<Utc>) -> Result<(), DbError>;

    /// Job `id`; `None` when there is none.
    async fn job(&self, id: JobId) -> Result<Option<Job>, DbError>;
}
