//! The storage interface for bulk decisions: the comments one decides, and how far it is.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{CommentId, CommentState, DecisionAction, Job, JobId, QueueFilter, QueueState, UserId};
use serde::{Deserialize, Serialize};

use super::DbError;

/// What a bulk decision decides, kept with the job (as JSON) so that any server can carry it
/// on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobPlan {
    /// Where the comments go.
    pub to: CommentState,
    /// Where each stood in the queue: one that moved meanwhile is skipped.
    pub seen: CommentState,
    /// The moderator's reason, if any.
    pub reason: Option<String>,
    /// Each comment with the edits and open reports it had when the job started: one edited or
    /// reported since is skipped, not decided unread.
    pub comments: Vec<(CommentId, u32, u32)>,
}

/// A job a server holds, and how far it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldJob {
    /// The job.
    pub id: JobId,
    /// Who started it.
    pub moderator: UserId,
    /// What it decides.
    pub plan: JobPlan,
    /// How far it is.
    pub progress: JobProgress,
    /// Until when the server holds it: its progress is recorded under this claim.
    pub claimed_until: DateTime<Utc>,
}

/// How far a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct JobProgress {
    /// The comments of the plan gone through (the next one's index).
    pub position: u32,
    /// Decided.
    pub done: u32,
    /// Skipped: decided by someone else meanwhile, edited or reported since, or failed.
    pub skipped: u32,
    /// When it ended, if it did.
    pub finished: Option<DateTime<Utc>>,
}

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

    /// Records a job of `moderator` deciding `action` by `plan`, started at `at` and held by
    /// its server until `claimed_until`.
    async fn create_job(
        &self,
        moderator: UserId,
        action: DecisionAction,
        plan: &JobPlan,
        at: DateTime<Utc>,
        claimed_until: DateTime<Utc>,
    ) -> Result<JobId, DbError>;

    /// Records how far job `id` is, if the claim `claim` still holds it, renewing the claim
    /// until `renew` (a finished job is held by nobody); `false` when another server took the
    /// job over (this claim had run out), and nothing was recorded.
    async fn job_progress(
        &self,
        id: JobId,
        progress: &JobProgress,
        claim: DateTime<Utc>,
        renew: DateTime<Utc>,
    ) -> Result<bool, DbError>;

    /// Takes over the oldest unfinished job whose claim ran out at `now` (its server died),
    /// holding it until `until`; several servers never take the same one.
    async fn take_over_job(&self, now: DateTime<Utc>, until: DateTime<Utc>) -> Result<Option<HeldJob>, DbError>;

    /// Job `id`; `None` when there is none.
    async fn job(&self, id: JobId) -> Result<Option<Job>, DbError>;
}
