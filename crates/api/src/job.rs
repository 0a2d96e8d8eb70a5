//! Bulk decisions (`/api/v1/moderation/jobs`): one decision for the comments a moderator
//! selected, or for every comment of a queue a filter picks, run in the background with its
//! progress to read.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{CommentId, DecisionAction, FieldError, JobId, MAX_DECISION_REASON_CHARS, QueueFilter, QueueState, Reason};

/// The most comments a selection may name.
pub const MAX_JOB_IDS: usize = 500;

/// The most comments one job decides: a filter that picks more decides the oldest this many,
/// and the moderator starts another for the rest.
pub const MAX_JOB_COMMENTS: usize = 50_000;

/// `POST /api/v1/moderation/jobs`: decide `action` for the comments of queue `state` that
/// `filter` picks (its order aside) and, when `ids` is sent, that it names. The comments are
/// those that match when the job starts; one decided meanwhile by someone else is skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct JobRequest {
    /// Approve (keep) or reject (remove) them all.
    pub action: DecisionAction,
    /// Why, for each author of a rejected comment; at most [`MAX_DECISION_REASON_CHARS`]
    /// characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: Option<String>,
    /// The queue.
    pub state: QueueState,
    /// Which of its comments.
    #[serde(default)]
    pub filter: QueueFilter,
    /// Only these of them (a moderator's selection), at most [`MAX_JOB_IDS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub ids: Option<Vec<CommentId>>,
}

impl JobRequest {
    /// The request's rules: a reason of at most [`MAX_DECISION_REASON_CHARS`] characters, a
    /// selection of at most [`MAX_JOB_IDS`].
    pub fn check(&self) -> Result<(), FieldError> {
        if self.reason.as_deref().is_some_and(|reason| reason.chars().count() > MAX_DECISION_REASON_CHARS) {
            return Err(FieldError {
                field: "reason",
                reason: Reason::NoteTooLong { max: MAX_DECISION_REASON_CHARS },
                message: format!("a reason has at most {MAX_DECISION_REASON_CHARS} characters"),
            });
        }
        if self.ids.as_ref().is_some_and(|ids| ids.len() > MAX_JOB_IDS) {
            return Err(FieldError {
                field: "ids",
                reason: Reason::TooManySelected { max: MAX_JOB_IDS },
                message: format!("a selection has at most {MAX_JOB_IDS} comments"),
            });
        }
        Ok(())
    }

    /// The reason with its white space trimmed, `None` when there is nothing left.
    pub fn trimmed_reason(&self) -> Option<&str> {
        self.reason.as_deref().map(str::trim).filter(|reason| !reason.is_empty())
    }
}

/// Whether a job is still deciding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Deciding.
    Running,
    /// Done: every comment is decided or skipped.
    Finished,
    /// The server stopped before it was done: the comments it had not reached are still in
    /// their queue, for another job.
    Interrupted,
}

/// A bulk decision and how far it is (`GET /api/v1/moderation/jobs/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Job {
    /// Its id.
    pub id: JobId,
    /// What it decides.
    pub action: DecisionAction,
    /// Running or finished.
    pub state: JobState,
    /// How many comments it decides.
    pub total: u32,
    /// How many it has decided.
    pub done: u32,
    /// How many it left as they were (decided by someone else meanwhile, or gone).
    pub skipped: u32,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it finished.
    pub finished_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_takes_a_filter_and_a_selection_within_their_limits() {
        let request: JobRequest = serde_json::from_str(
            r#"{"action":"reject","reason":"Spamwelle","state":"pending","filter":{"reason":"duplicate"},"ids":[1,2]}"#,
        )
        .unwrap();
        assert_eq!(request.filter.reason, Some(crate::QueueReason::Duplicate));
        assert_eq!(request.trimmed_reason(), Some("Spamwelle"));
        assert!(request.check().is_ok());
        let many = JobRequest { ids: Some((0..=MAX_JOB_IDS as i64).map(CommentId).collect()), ..request.clone() };
        assert_eq!(many.check().unwrap_err().reason, Reason::TooManySelected { max: MAX_JOB_IDS });
        let long = JobRequest { reason: Some("x".repeat(501)), ..request };
        assert_eq!(long.check().unwrap_err().reason, Reason::NoteTooLong { max: MAX_DECISION_REASON_CHARS });
    }
}
