//! Bulk decisions: one decision for the comments a moderator selected, or for every comment of
//! a queue that a filter picks. The comments are fixed when the job starts; each is decided as
//! one decided by hand is (its log line, its reports, its place), and one that someone else
//! decided, its author edited or readers reported again meanwhile is skipped, not overruled or
//! decided unread.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use schrieb_api::{
    CommentId, CommentState, DecisionAction, Job, JobId, JobRequest, MAX_JOB_COMMENTS, QueueState, UserId, permissions,
    permissions::Actor,
};

use crate::db::{Decided, Decision, JobStore, ModerationStore};
use crate::domain::DomainError;

/// How many decisions a job makes between two records of its progress.
const PROGRESS_EVERY: u32 = 20;

/// A started job's decisions, to run in the background ([`JobRun::run`]).
#[derive(Debug)]
pub struct JobRun {
    job: JobId,
    moderator: UserId,
    to: CommentState,
    seen: CommentState,
    reason: Option<String>,
    /// Each comment with the edits and open reports it had when the job started: one edited or
    /// reported since is skipped, not decided unread.
    comments: Vec<(CommentId, u32, u32)>,
}

/// Starts the bulk decision `request` of moderator `actor` at `now`: fixes the comments it
/// decides, records the job, and answers with it and the run that decides them.
pub async fn start_job<S: ModerationStore + JobStore + ?Sized>(
    store: &S,
    actor: Actor,
    request: &JobRequest,
    now: DateTime<Utc>,
) -> Result<(Job, JobRun), DomainError> {
    permissions::may_moderate(actor)?;
    request.check()?;
    let limit = u32::try_from(MAX_JOB_COMMENTS).unwrap_or(u32::MAX);
    let mut comments = store.queue_ids(request.state, &request.filter, limit).await?;
    if let Some(chosen) = &request.ids {
        let chosen: HashSet<CommentId> = chosen.iter().copied().collect();
        comments.retain(|(id, ..)| chosen.contains(id));
    }
    let total = u32::try_from(comments.len()).unwrap_or(u32::MAX);
    let job = store.create_job(actor.id, request.action, total, now).await?;
    let started = store.job(job).await?.ok_or_else(|| DomainError::NotFound(format!("no job has the id {}", job.0)))?;
    let run = JobRun {
        job,
        moderator: actor.id,
        to: match request.action {
            DecisionAction::Approve => CommentState::Published,
            DecisionAction::Reject => CommentState::Rejected,
        },
        // A comment decided meanwhile no longer stands where the queue had it: skipped.
        seen: match request.state {
            QueueState::Pending => CommentState::Pending,
            QueueState::Rejected => CommentState::Rejected,
            QueueState::Reported => CommentState::Published,
        },
        reason: request.trimmed_reason().map(str::to_owned),
        comments,
    };
    Ok((started, run))
}

impl JobRun {
    /// Decides each comment in turn, recording the progress as it goes and the end; a comment
    /// that cannot be decided is skipped (and a database error logged), never the whole job.
    pub async fn run<S: ModerationStore + JobStore + ?Sized>(self, store: &S) {
        let (mut done, mut skipped) = (0_u32, 0_u32);
        for (index, &(comment, edits, reports)) in self.comments.iter().enumerate() {
            let decision = Decision {
                comment,
                moderator: self.moderator,
                to: self.to,
                reason: self.reason.as_deref(),
                seen_state: Some(self.seen),
                seen_edits: Some(edits),
                seen_reports: Some(reports),
                at: Utc::now(),
            };
            match store.decide(&decision).await {
                Ok(Decided::Changed) => done += 1,
                Ok(_) => skipped += 1,
                Err(error) => {
                    tracing::error!(job = self.job.0, comment = comment.0, %error, "a bulk decision failed");
                    skipped += 1;
                }
            }
            let decided = u32::try_from(index + 1).unwrap_or(u32::MAX);
            if decided % PROGRESS_EVERY == 0
                && let Err(error) = store.job_progress(self.job, done, skipped, None).await
            {
                tracing::error!(job = self.job.0, %error, "recording a job's progress failed");
            }
        }
        if let Err(error) = store.job_progress(self.job, done, skipped, Some(Utc::now())).await {
            tracing::error!(job = self.job.0, %error, "recording a job's end failed");
        }
    }
}

/// Job `id`, for moderators.
pub async fn job<S: JobStore + ?Sized>(store: &S, actor: Actor, id: JobId) -> Result<Job, DomainError> {
    permissions::may_moderate(actor)?;
    store.job(id).await?.ok_or_else(|| DomainError::NotFound(format!("no job has the id {}", id.0)))
}

#[cfg(test)]
mod tests {
    use schrieb_api::{CommentState, ModerationMode, ModerationSettings, QueueFilter};

    use super::*;
    use crate::domain::testing::{SITE, World, at};

    /// A comment another moderator decides between the job's start and its turn is skipped:
    /// the job does not overrule them, and says so in its count.
    #[tokio::test]
    async fn a_comment_decided_meanwhile_is_skipped() {
        let world = World::new().await;
        let settings = ModerationSettings { mode: ModerationMode::All, ..ModerationSettings::default() };
        assert!(world.store.set_site_moderation(SITE, &settings).await.unwrap());
        let reader = world.reader("Leser").await;
        let ids = [
            world.posted(reader, "Leser", "eins", at(1)).await,
            world.posted(reader, "Leser", "zwei", at(2)).await,
            world.posted(reader, "Leser", "drei", at(3)).await,
        ];
        let moderator = world.moderator().await;
        let request = JobRequest {
            action: DecisionAction::Reject,
            reason: Some("  ".into()),
            state: QueueState::Pending,
            filter: QueueFilter::default(),
            ids: None,
        };
        let (started, run) = start_job(&world.store, moderator, &request, at(4)).await.unwrap();
        assert_eq!((started.total, started.done, started.state), (3, 0, schrieb_api::JobState::Running));
        let by_hand = Decision {
            comment: ids[1],
            moderator: moderator.id,
            to: CommentState::Published,
            reason: None,
            seen_state: Some(CommentState::Pending),
            seen_edits: None,
            seen_reports: None,
            at: at(5),
        };
        assert_eq!(world.store.decide(&by_hand).await.unwrap(), Decided::Changed);
        run.run(&world.store).await;
        let ended = job(&world.store, moderator, started.id).await.unwrap();
        assert_eq!((ended.done, ended.skipped, ended.state), (2, 1, schrieb_api::JobState::Finished));
        let states: Vec<CommentState> = states_of(&world, &ids).await;
        assert_eq!(states, [CommentState::Rejected, CommentState::Published, CommentState::Rejected]);
        // Readers cannot start one.
        let refused = start_job(&world.store, reader, &request, at(6)).await;
        assert!(matches!(refused, Err(DomainError::Denied(_))), "{refused:?}");
    }

    async fn states_of(world: &World, ids: &[CommentId]) -> Vec<CommentState> {
        let mut states = Vec::new();
        for id in ids {
            states.push(world.comment(*id).await.state);
        }
        states
    }
}
