//! Bulk decisions: one decision for the comments a moderator selected, or for every comment of
//! a queue that a filter picks. The comments are fixed when the job starts; each is decided as
//! one decided by hand is (its log line, its reports, its place), and one that someone else
//! decided, its author edited or readers reported again meanwhile is skipped, not overruled or
//! decided unread.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use schrieb_api::{
    CommentId, CommentState, DecisionAction, Job, JobId, JobRequest, MAX_JOB_COMMENTS, QueueState, permissions,
    permissions::Actor,
};

use crate::db::{Decided, Decision, HeldJob, JobPlan, JobProgress, JobStore, ModerationStore};
use crate::domain::DomainError;

/// How many decisions a job makes between two records of its progress.
const PROGRESS_EVERY: u32 = 20;

/// The longest a job goes without recording its progress (and renewing its claim), however
/// slowly its decisions go.
const RECORD_AT_LEAST_EVERY: Duration = Duration::from_secs(10);

/// How long a server's claim on a job lasts without renewal: when it runs out, the server is
/// taken to have died, and another carries the job on.
pub const JOB_CLAIM: chrono::Duration = chrono::Duration::seconds(60);

/// A held job's remaining decisions, to run in the background ([`JobRun::run`]).
#[derive(Debug)]
pub struct JobRun {
    held: HeldJob,
}

/// Starts the bulk decision `request` of moderator `actor` at `now`: fixes the comments it
/// decides, records the job (held by this server), and answers with it and the run that decides
/// them.
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
    let plan = JobPlan {
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
    let claimed_until = now + JOB_CLAIM;
    let job = store.create_job(actor.id, request.action, &plan, now, claimed_until).await?;
    let started = store.job(job).await?.ok_or_else(|| DomainError::NotFound(format!("no job has the id {}", job.0)))?;
    let held = HeldJob { id: job, moderator: actor.id, plan, progress: JobProgress::default(), claimed_until };
    Ok((started, JobRun { held }))
}

/// Takes over the oldest job whose server died (its claim ran out at `now`), to carry it on
/// from where it was recorded; `None` when there is none.
pub async fn take_over<S: JobStore + ?Sized>(store: &S, now: DateTime<Utc>) -> Result<Option<JobRun>, DomainError> {
    Ok(store.take_over_job(now, now + JOB_CLAIM).await?.map(|held| JobRun { held }))
}

impl JobRun {
    /// The job.
    pub fn job(&self) -> JobId {
        self.held.id
    }

    /// Decides each remaining comment in turn, recording the progress as it goes and the end;
    /// a comment that cannot be decided is skipped (and a database error logged), never the
    /// whole job. Stops when another server took the job over (this server's claim ran out).
    /// The decisions made since the last record are made again by the server that carries the
    /// job on: each finds its comment moved and counts it as skipped, so none is overruled.
    pub async fn run<S: ModerationStore + JobStore + ?Sized>(self, store: &S) {
        let HeldJob { id, moderator, plan, mut progress, mut claimed_until } = self.held;
        let mut recorded = Instant::now();
        let start = usize::try_from(progress.position).unwrap_or(usize::MAX);
        for &(comment, edits, reports) in plan.comments.iter().skip(start) {
            let decision = Decision {
                comment,
                moderator,
                to: plan.to,
                reason: plan.reason.as_deref(),
                seen_state: Some(plan.seen),
                seen_edits: Some(edits),
                seen_reports: Some(reports),
                at: Utc::now(),
            };
            match store.decide(&decision).await {
                Ok(Decided::Changed) => progress.done += 1,
                Ok(_) => progress.skipped += 1,
                Err(error) => {
                    tracing::error!(job = id.0, comment = comment.0, %error, "a bulk decision failed");
                    progress.skipped += 1;
                }
            }
            progress.position += 1;
            if progress.position % PROGRESS_EVERY == 0 || recorded.elapsed() >= RECORD_AT_LEAST_EVERY {
                let renew = Utc::now() + JOB_CLAIM;
                match store.job_progress(id, &progress, claimed_until, renew).await {
                    Ok(true) => (claimed_until, recorded) = (renew, Instant::now()),
                    Ok(false) => return tracing::warn!(job = id.0, "another server carries this job on"),
                    Err(error) => tracing::error!(job = id.0, %error, "recording a job's progress failed"),
                }
            }
        }
        progress.finished = Some(Utc::now());
        match store.job_progress(id, &progress, claimed_until, claimed_until).await {
            Ok(true) => {}
            Ok(false) => tracing::warn!(job = id.0, "another server carried this job on and records its end"),
            Err(error) => tracing::error!(job = id.0, %error, "recording a job's end failed"),
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
    use crate::db::JobProgress;
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

    /// A job whose server died (its claim ran out) is carried on by another, once; the first
    /// server, if it was only slow, decides nothing twice and records nothing over it.
    #[tokio::test]
    async fn a_job_whose_server_died_is_carried_on_once() {
        let world = World::new().await;
        let settings = ModerationSettings { mode: ModerationMode::All, ..ModerationSettings::default() };
        assert!(world.store.set_site_moderation(SITE, &settings).await.unwrap());
        let reader = world.reader("Leser").await;
        let mut ids = Vec::new();
        for n in 0..45 {
            ids.push(world.posted(reader, "Leser", &format!("Nummer {n}"), at(n)).await);
        }
        let moderator = world.moderator().await;
        let request = JobRequest {
            action: DecisionAction::Approve,
            reason: None,
            state: QueueState::Pending,
            filter: QueueFilter::default(),
            ids: None,
        };
        let started_at = Utc::now();
        let (started, first) = start_job(&world.store, moderator, &request, started_at).await.unwrap();
        assert_eq!(started.total, 45);
        assert!(take_over(&world.store, started_at + JOB_CLAIM / 2).await.unwrap().is_none(), "still held");

        // The first server recorded 20 decisions before it went silent (its own records renew
        // its claim; a record under a claim it no longer holds records nothing).
        let recorded = JobProgress { position: 20, done: 20, skipped: 0, finished: None };
        let claim = started_at + JOB_CLAIM;
        assert!(world.store.job_progress(started.id, &recorded, claim, claim).await.unwrap());
        let later = claim + chrono::Duration::seconds(1);
        let second = take_over(&world.store, later).await.unwrap().expect("the job is taken over");
        assert_eq!(second.job(), started.id);
        assert!(take_over(&world.store, later).await.unwrap().is_none(), "taken over once");
        second.run(&world.store).await;
        let ended = job(&world.store, moderator, started.id).await.unwrap();
        assert_eq!((ended.done, ended.skipped, ended.state), (45, 0, schrieb_api::JobState::Finished));
        // It went on from the recorded place: the first 20 it left as it found them (here,
        // undecided, since this first server decided nothing in fact).
        let states = states_of(&world, &ids).await;
        assert!(states[..20].iter().all(|state| *state == CommentState::Pending), "{states:?}");
        assert!(states[20..].iter().all(|state| *state == CommentState::Published), "{states:?}");

        // The first server was only slow: going on, it finds the comments the second decided
        // moved (skipped, not decided twice), and its claim gone (its counts record nothing).
        first.run(&world.store).await;
        let after = job(&world.store, moderator, started.id).await.unwrap();
        assert_eq!((after.done, after.skipped, after.state), (45, 0, schrieb_api::JobState::Finished));
        let log = world.store.moderation_log(crate::db::LogFilter::default(), 1000).await.unwrap();
        let decided = log.iter().filter(|line| line.moderator.is_some()).count();
        assert_eq!(decided, 45, "one decision for each comment: 25 by the second, 20 by the first");
    }

    async fn states_of(world: &World, ids: &[CommentId]) -> Vec<CommentState> {
        let mut states = Vec::new();
        for id in ids {
            states.push(world.comment(*id).await.state);
        }
        states
    }
}
