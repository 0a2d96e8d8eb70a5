//! Readers' reports in PostgreSQL: taking one (and holding its comment at the threshold),
//! settling a comment's open reports when a moderator decides, and reading them for the queues.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use schrieb_api::{
    Check, CommentId, CommentState, Finding, LogActor, Outcome, Report, ReportReason, ReporterRecord, Standing, UserId,
};
use sqlx::{FromRow, PgConnection};

use super::events;
use super::moderation::{LogLine, Subject, hold_published, log};
// How a moderator's decision settles a comment's open reports: one type for both stores.
pub(super) use crate::db::sqlite::reports::Settled;
use crate::db::sqlite::rows::{millis, small, state, time};
use crate::db::{DbError, EventKind, NewReport, Reported};

/// Records `report` and, at the threshold, holds its comment; see
/// [`crate::db::ModerationStore::report`].
pub(super) async fn report(tx: &mut PgConnection, report: &NewReport<'_>) -> Result<Reported, DbError> {
    // The comment's row stays locked to the end: a moderator deciding it, or another report,
    // waits for this one, so the count of open reports and the hold at the threshold are
    // decided on the comment as it stands (a second report at once sees this one's count).
    let found: Option<(i64, Option<i64>, i64, String, bool)> = sqlx::query_as(
        "SELECT article_id, position, author_id, status, deleted FROM comments WHERE id = $1 FOR NO KEY UPDATE",
    )
    .bind(report.comment.0)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((article, position, author, status, deleted)) = found else { return Ok(Reported::Unavailable) };
    if deleted || state(&status)? != CommentState::Published {
        return Ok(Reported::Unavailable);
    }
    if author == report.reporter.0 {
        return Ok(Reported::Own);
    }
    let taken = sqlx::query(
        "INSERT INTO comment_reports (comment_id, reporter_id, reason, note, at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (comment_id, reporter_id) DO NOTHING",
    )
    .bind(report.comment.0)
    .bind(report.reporter.0)
    .bind(report.reason.as_str())
    .bind(report.note)
    .bind(millis(report.at))
    .execute(&mut *tx)
    .await?;
    if taken.rows_affected() == 0 {
        return Ok(Reported::Already);
    }
    let open: i64 = sqlx::query_scalar(
        "UPDATE comments SET open_reports = open_reports + 1, reported_at = COALESCE(reported_at, $1) \
         WHERE id = $2 RETURNING open_reports",
    )
    .bind(millis(report.at))
    .bind(report.comment.0)
    .fetch_one(&mut *tx)
    .await?;
    let reports = small(open);
    let held = report.threshold > 0 && reports >= report.threshold;
    if held {
        hold_published(tx, report.comment.0, article, position.is_some()).await?;
        let findings =
            [Finding { outcome: Outcome::Hold, check: Check::Reports { reports, threshold: report.threshold } }];
        let line = LogLine {
            at: report.at,
            moderator: None,
            subject: Subject::Comment(report.comment.0),
            from: Some(Standing::Published),
            to: Standing::Pending,
            reason: None,
            findings: Some(&findings),
        };
        log(tx, &line).await?;
        events::append(tx, EventKind::Held, Some(article), Some(report.comment.0)).await?;
    }
    Ok(Reported::Received { held })
}

/// Settles every open report of `comment` as `outcome`, decided by `moderator` (`None` when
/// nobody decided: its author withdrew the comment) at `at`.
pub(super) async fn settle(
    tx: &mut PgConnection,
    comment: i64,
    outcome: Settled,
    moderator: Option<UserId>,
    at: DateTime<Utc>,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE comment_reports SET outcome = $1, decided_by = $2, decided_at = $3 \
         WHERE comment_id = $4 AND outcome IS NULL",
    )
    .bind(outcome.as_str())
    .bind(moderator.map(|moderator| moderator.0))
    .bind(millis(at))
    .bind(comment)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE comments SET open_reports = 0, reported_at = NULL WHERE id = $1")
        .bind(comment)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Turns the reports of `comment` a rejection upheld into dismissed ones, as moderator
/// `moderator` approves it after all at `at`: their reporters' records count them so.
pub(super) async fn overturn(
    tx: &mut PgConnection,
    comment: i64,
    moderator: UserId,
    at: DateTime<Utc>,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE comment_reports SET outcome = 'dismissed', decided_by = $1, decided_at = $2 \
         WHERE comment_id = $3 AND outcome = 'upheld'",
    )
    .bind(moderator.0)
    .bind(millis(at))
    .bind(comment)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The moderator who last settled reports of `comment`, and when.
pub(super) async fn last_settled_by(
    tx: &mut PgConnection,
    comment: i64,
) -> Result<Option<(LogActor, DateTime<Utc>)>, DbError> {
    let row: Option<(i64, String, i64)> = sqlx::query_as(
        "SELECT r.decided_by, u.display_name, r.decided_at FROM comment_reports r \
         JOIN users u ON u.id = r.decided_by WHERE r.comment_id = $1 AND r.decided_at IS NOT NULL \
         ORDER BY r.decided_at DESC LIMIT 1",
    )
    .bind(comment)
    .fetch_optional(&mut *tx)
    .await?;
    row.map(|(id, display_name, at)| Ok((LogActor { id: UserId(id), display_name }, time(at)?))).transpose()
}

/// The reports moderators weigh for each of `comments`: the open ones, and those a rejection
/// upheld; oldest first, each with its reporter's record.
pub(super) async fn of_comments(
    tx: &mut PgConnection,
    comments: &[CommentId],
) -> Result<HashMap<CommentId, Vec<Report>>, DbError> {
    #[derive(FromRow)]
    struct Row {
        comment_id: i64,
        reporter_id: i64,
        display_name: String,
        reason: String,
        note: Option<String>,
        at: i64,
        upheld: i64,
        dismissed: i64,
    }
    let mut found: HashMap<CommentId, Vec<Report>> = HashMap::new();
    if comments.is_empty() {
        return Ok(found);
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.comment_id, r.reporter_id, u.display_name, r.reason, r.note, r.at, \
         (SELECT COUNT(*) FROM comment_reports x WHERE x.reporter_id = r.reporter_id AND x.outcome = 'upheld') \
         AS upheld, \
         (SELECT COUNT(*) FROM comment_reports x WHERE x.reporter_id = r.reporter_id AND x.outcome = 'dismissed') \
         AS dismissed \
         FROM comment_reports r JOIN users u ON u.id = r.reporter_id \
         WHERE r.comment_id = ANY($1) AND (r.outcome IS NULL OR r.outcome = 'upheld') \
         ORDER BY r.comment_id, r.at, r.reporter_id",
    )
    .bind(comments.iter().map(|id| id.0).collect::<Vec<i64>>())
    .fetch_all(&mut *tx)
    .await?;
    for row in rows {
        let reason = ReportReason::from_name(&row.reason)
            .ok_or_else(|| DbError::Corrupt(format!("report reason {:?}", row.reason)))?;
        let record = ReporterRecord { upheld: small(row.upheld), dismissed: small(row.dismissed) };
        found.entry(CommentId(row.comment_id)).or_default().push(Report {
            reporter: LogActor { id: UserId(row.reporter_id), display_name: row.display_name },
            record,
            reason,
            note: row.note,
            at: time(row.at)?,
        });
    }
    Ok(found)
}
