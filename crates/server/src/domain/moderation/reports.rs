//! Readers' reports: a signed-in reader reports someone else's published comment once, with a
//! reason; enough open reports hold it for review (the site's threshold).

use chrono::{DateTime, Utc};
use schrieb_api::{CommentId, Reason, ReportReceipt, ReportRequest, permissions::Actor};

use crate::db::{CommentStore, ModerationStore, NewReport, Reported};
use crate::domain::{DomainError, Refusal, Throttle, existing};
use crate::limits::Action;

/// Records `actor`'s report of comment `id` at `now`, holding the comment when its open reports
/// reach its site's threshold. A comment readers cannot see (deleted, held, rejected) is not
/// found; the reader's own is refused, and so is a second report of the same comment, and any
/// report of a banned or suspended account.
pub async fn report<S: CommentStore + ModerationStore + ?Sized>(
    store: &S,
    throttle: &dyn Throttle,
    actor: Actor,
    id: CommentId,
    request: &ReportRequest,
    now: DateTime<Utc>,
) -> Result<ReportReceipt, DomainError> {
    request.check()?;
    let not_found = || DomainError::NotFound(format!("no comment has the id {}", id.0));
    let meta = existing(store, id).await?;
    let rules = store.rules(meta.article).await?.ok_or_else(not_found)?;
    throttle.count(Action::Report, Some(actor.id)).await?;
    super::sanctions::may_take_part(store, actor.id, now).await?;
    let report = NewReport {
        comment: meta.id,
        reporter: actor.id,
        reason: request.reason,
        note: request.trimmed_note(),
        at: now,
        threshold: rules.settings.report_threshold,
    };
    match store.report(&report).await? {
        Reported::Received { held } => {
            tracing::info!(comment = id.0, reason = request.reason.as_str(), held, "comment reported");
            Ok(ReportReceipt { comment: id, reason: request.reason, at: now })
        }
        Reported::Already => Err(DomainError::Conflict(Refusal {
            reason: Reason::AlreadyReported,
            message: "you have reported this comment already".into(),
            field: None,
        })),
        Reported::Own => Err(DomainError::Refused(Refusal {
            reason: Reason::OwnComment,
            message: "readers report others' comments, not their own".into(),
            field: None,
        })),
        Reported::Unavailable => Err(not_found()),
    }
}
