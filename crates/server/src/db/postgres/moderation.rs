//! Moderation in PostgreSQL: the rules and records the checks read, decisions with their log
//! entries, and the queues.
//!
//! A write that reads a row to decide what it writes locks that row first (`FOR NO KEY
//! UPDATE`, the lock an `UPDATE` of the row takes): a second server deciding the same comment
//! at once waits for the first to commit and then reads what it stored, as SQLite's single
//! writer would have it. That lock keeps out other writers of the row, but not the inserts that
//! merely point at it (a log line, an event, a reaction): those may hold the event log's lock
//! (see [`super::lock_event_log`]) while they check their foreign key, and would otherwise wait
//! for a decider that waits for that lock in turn.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{
    AccountRecord, CommentId, CommentState, DiscussionState, Finding, LogActor, LogEntry, ModerationSettings,
    ModeratorNote, PER_PAGE, PageNumber, QueueCounts, QueueFilter, QueueItem, QueueReason, QueueSort, QueueState, Role,
    Sanction, Slug, Standing, UserId, WordEntry, WordSeverity,
};
use sqlx::{FromRow, PgConnection};

use super::{PgRepository, events, records, references, reports, sanctions};
use crate::db::sqlite::moderation::{COUNTS_QUERY, LOG_SELECT, LogRow, corrupt};
pub(super) use crate::db::sqlite::moderation::{LogLine, Subject};
use crate::db::sqlite::rows::{CommentRow, body_hash, count, millis, slug, small, state, time};
use crate::db::{
    ArticleKey, AuthorRecord, DbError, Decided, Decision, EventKind, LogFilter, ModerationStore, NewReport,
    NewSanction, QueuePage, Reported, Rules, WithStoredQuotes,
};

/// Appends `line` to the log, on the connection of the write that makes the change.
pub(super) async fn log(tx: &mut PgConnection, line: &LogLine<'_>) -> Result<i64, DbError> {
    let findings = line.findings.map(serde_json::to_string).transpose().map_err(corrupt)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO moderation_log (at, moderator_id, comment_id, account_id, from_state, to_state, reason, findings) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(millis(line.at))
    .bind(line.moderator.map(|user| user.0))
    .bind(match line.subject {
        Subject::Comment(id) => Some(id),
        Subject::Account(_) => None,
    })
    .bind(match line.subject {
        Subject::Account(id) => Some(id),
        Subject::Comment(_) => None,
    })
    .bind(line.from.map(Standing::as_str))
    .bind(line.to.as_str())
    .bind(line.reason)
    .bind(findings)
    .fetch_one(tx)
    .await?;
    Ok(id)
}

/// Keeps what the checks found when `comment` was saved as `revision`.
pub(super) async fn store_findings(
    tx: &mut PgConnection,
    comment: i64,
    revision: i64,
    findings: &[Finding],
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO comment_checks (comment_id, revision, findings) VALUES ($1, $2, $3) \
         ON CONFLICT (comment_id, revision) DO UPDATE SET findings = excluded.findings",
    )
    .bind(comment)
    .bind(revision)
    .bind(serde_json::to_string(findings).map_err(corrupt)?)
    .execute(tx)
    .await?;
    Ok(())
}

/// Holds published comment `id` of `article` for review; `counted` when the article counts it.
pub(super) async fn hold_published(tx: &mut PgConnection, id: i64, article: i64, counted: bool) -> Result<(), DbError> {
    sqlx::query("UPDATE comments SET status = 'pending' WHERE id = $1").bind(id).execute(&mut *tx).await?;
    if counted {
        sqlx::query("UPDATE articles SET comment_count = comment_count - 1 WHERE id = $1")
            .bind(article)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Sets comment `id`'s state to `to`, with the moderator's reason.
async fn set_state(tx: &mut PgConnection, id: i64, to: CommentState, reason: Option<&str>) -> Result<(), DbError> {
    sqlx::query("UPDATE comments SET status = $1, status_reason = $2 WHERE id = $3")
        .bind(to.as_str())
        .bind(reason)
        .bind(id)
        .execute(tx)
        .await?;
    Ok(())
}

/// The moderator who decided about `comment` last: in the log, or by settling its reports.
async fn last_decider(tx: &mut PgConnection, comment: i64) -> Result<Option<LogActor>, DbError> {
    let logged = latest_entry(tx, comment).await?;
    let settled = reports::last_settled_by(tx, comment).await?;
    Ok(match (logged, settled) {
        (Some(entry), Some((actor, at))) if at > entry.at => Some(actor),
        (Some(entry), _) => entry.moderator,
        (None, settled) => settled.map(|(actor, _)| actor),
    })
}

/// The newest log entry of `comment`.
async fn latest_entry(tx: &mut PgConnection, comment: i64) -> Result<Option<LogEntry>, DbError> {
    let row: Option<LogRow> =
        sqlx::query_as(&format!("{LOG_SELECT} WHERE l.comment_id = $1 ORDER BY l.id DESC LIMIT 1"))
            .bind(comment)
            .fetch_optional(tx)
            .await?;
    row.map(LogRow::into_entry).transpose()
}

/// Bumps the site's word lists' version and tells every server (`Site` event).
async fn words_changed(tx: &mut PgConnection, site: i64) -> Result<(), DbError> {
    sqlx::query("UPDATE sites SET words_version = words_version + 1 WHERE id = $1")
        .bind(site)
        .execute(&mut *tx)
        .await?;
    events::append(tx, EventKind::Site, None, None).await
}

/// The filter of every queue query, on the `comments` rows its ids are picked from: `$1` an
/// article's slug, `$2` an author's id, `$3` a reason (a check that held or refused the comment
/// as last saved, open reports for `reports` (their hold is logged, not saved with the body), or
/// a reason of an open or upheld report); each `NULL` when not asked for. The findings are
/// stored as JSON text: `::jsonb` reads them as an array.
macro_rules! queue_filter {
    () => {
        concat!(
            " AND ($1 IS NULL OR article_id = (SELECT a.id FROM articles a WHERE a.slug = $1))",
            " AND ($2 IS NULL OR author_id = $2)",
            " AND ($3 IS NULL OR ($3 = 'reports' AND open_reports > 0)",
            " OR EXISTS (SELECT 1 FROM jsonb_array_elements((SELECT k.findings FROM comment_checks k",
            " WHERE k.comment_id = comments.id ORDER BY k.revision DESC LIMIT 1)::jsonb) AS j (value)",
            " WHERE j.value ->> 'check' = $3 AND j.value ->> 'outcome' <> 'pass')",
            " OR EXISTS (SELECT 1 FROM comment_reports r WHERE r.comment_id = comments.id AND r.reason = $3",
            " AND (r.outcome IS NULL OR r.outcome = 'upheld')))"
        )
    };
}

/// How many reports of comment `$table.id` the desk shows: those open and those a rejection
/// upheld.
macro_rules! report_count {
    ($table:literal) => {
        concat!(
            "(SELECT COUNT(*) FROM comment_reports r WHERE r.comment_id = ",
            $table,
            ".id AND (r.outcome IS NULL OR r.outcome = 'upheld'))"
        )
    };
}

/// The comments of a held queue (`$6`, or `$4` in a count: not published; one its author
/// deleted waits for nobody). The `<>` lets PostgreSQL use the partial index of comments that
/// are not published (it cannot tell that of a bound parameter alone, in a generic plan).
macro_rules! held {
    ($status:literal) => {
        concat!(held_rows!($status), queue_filter!())
    };
}

/// The rows of held queue `$status`, unfiltered.
macro_rules! held_rows {
    ($status:literal) => {
        concat!("FROM comments WHERE status = ", $status, " AND status <> 'published' AND NOT deleted")
    };
}

/// The comments of the reported queue: published, with open reports, off their partial index.
macro_rules! reported {
    () => {
        concat!(reported_rows!(), queue_filter!())
    };
}

/// The rows of the reported queue, unfiltered.
macro_rules! reported_rows {
    () => {
        "FROM comments WHERE open_reports > 0 AND status = 'published' AND NOT deleted"
    };
}

/// How many comments of the held queue `$4` the filter picks.
pub(super) const QUEUE_COUNT: &str = concat!("SELECT COUNT(*) ", held!("$4"));

/// How many published comments with open reports the filter picks.
pub(super) const REPORTED_COUNT: &str = concat!("SELECT COUNT(*) ", reported!());

/// A page of a queue: the comments whose ids `$ids` picks (`$4` of them from the `$5`th), in
/// `$order`, each with its article and what the checks last found. The page's ids are found
/// first, on an index alone: the rows an offset skips are never joined.
macro_rules! queue_page {
    ($ids:expr, $order:expr) => {
        concat!(
            "SELECT c.id, c.position, c.author_id, u.display_name, u.deleted_at IS NOT NULL AS author_deleted, c.body, ",
            "c.created_at, c.edited_at, ",
            "c.edit_count, c.deleted, c.guest_name, c.status, c.status_reason, c.previews, a.slug, a.title, ",
            "(SELECT k.findings FROM comment_checks k WHERE k.comment_id = c.id ORDER BY k.revision DESC LIMIT 1) ",
            "AS findings, c.open_reports FROM comments c JOIN users u ON u.id = c.author_id JOIN articles a ON a.id = c.article_id ",
            "WHERE c.id IN (",
            $ids,
            " LIMIT $4 OFFSET $5) ORDER BY ",
            $order
        )
    };
}

/// A page of the held queue `$6`, oldest first. The query-plan test runs these constants.
pub(super) const QUEUE_QUERY: &str =
    queue_page!(concat!("SELECT id ", held!("$6"), " ORDER BY created_at, id"), "c.created_at, c.id");

/// A page of the held queue `$6`, most reported first.
pub(super) const QUEUE_MOST_REPORTED: &str = queue_page!(
    concat!("SELECT id ", held!("$6"), " ORDER BY ", report_count!("comments"), " DESC, created_at, id"),
    concat!(report_count!("c"), " DESC, c.created_at, c.id")
);

/// A page of the reported queue, oldest report first.
pub(super) const REPORTED_QUERY: &str =
    queue_page!(concat!("SELECT id ", reported!(), " ORDER BY reported_at, id"), "c.reported_at, c.id");

/// A page of the reported queue, most reported first.
pub(super) const REPORTED_MOST_REPORTED: &str = queue_page!(
    concat!("SELECT id ", reported!(), " ORDER BY ", report_count!("comments"), " DESC, reported_at, id"),
    concat!(report_count!("c"), " DESC, c.reported_at, c.id")
);

/// Every comment of the held queue `$6` that the filter picks, oldest first (`$4` of them from
/// the `$5`th): what a bulk decision decides. Read without locks: the job decides each comment
/// with [`ModerationStore::decide`], which locks it and checks what the job saw.
pub(super) const QUEUE_IDS: &str =
    concat!("SELECT id, edit_count, open_reports ", held!("$6"), " ORDER BY created_at, id LIMIT $4 OFFSET $5");

/// Every comment of the reported queue that the filter picks, by first open report.
pub(super) const REPORTED_IDS: &str =
    concat!("SELECT id, edit_count, open_reports ", reported!(), " ORDER BY reported_at, id LIMIT $4 OFFSET $5");

/// In how many threads but `$4` author `$1` wrote the body `$5` (of hash `$2`) since `$3`: one
/// range of the body-hash index. The query-plan test runs this constant.
pub(super) const SAME_BODY_QUERY: &str = "SELECT COUNT(DISTINCT article_id) FROM comments WHERE author_id = $1 \
     AND body_hash = $2 AND created_at >= $3 AND article_id <> $4 AND body = $5";

#[async_trait]
impl ModerationStore for PgRepository {
    async fn rules(&self, article: ArticleKey) -> Result<Option<Rules>, DbError> {
        let row: Option<(i64, String, Option<String>, i64)> = sqlx::query_as(
            "SELECT a.site_id, s.moderation, a.discussion, s.words_version FROM articles a \
             JOIN sites s ON s.id = a.site_id WHERE a.id = $1",
        )
        .bind(article.0)
        .fetch_optional(&self.pool)
        .await?;
        let Some((site, json, own, words_version)) = row else { return Ok(None) };
        let settings: ModerationSettings = serde_json::from_str(&json).map_err(corrupt)?;
        let discussion = crate::db::sqlite::rows::discussion(own.as_deref(), &json)?;
        Ok(Some(Rules { site, settings, discussion, words_version }))
    }

    async fn site_words(&self, site: i64) -> Result<(i64, Vec<WordEntry>), DbError> {
        // The version and the words of one snapshot: never a version with another's words.
        let mut tx = super::read_snapshot(&self.pool).await?;
        let version: i64 =
            sqlx::query_scalar("SELECT words_version FROM sites WHERE id = $1").bind(site).fetch_one(&mut *tx).await?;
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT entry, severity FROM site_words WHERE site_id = $1 ORDER BY entry COLLATE \"C\"")
                .bind(site)
                .fetch_all(&mut *tx)
                .await?;
        tx.commit().await?;
        let entries = rows
            .into_iter()
            .map(|(entry, severity)| {
                let severity = WordSeverity::from_name(&severity)
                    .ok_or_else(|| DbError::Corrupt(format!("word severity {severity:?}")))?;
                Ok(WordEntry { entry, severity })
            })
            .collect::<Result<_, DbError>>()?;
        Ok((version, entries))
    }

    async fn site_words_named(&self, name: &str) -> Result<Option<Vec<WordEntry>>, DbError> {
        let site: Option<i64> =
            sqlx::query_scalar("SELECT id FROM sites WHERE name = $1").bind(name).fetch_optional(&self.pool).await?;
        match site {
            Some(site) => Ok(Some(self.site_words(site).await?.1)),
            None => Ok(None),
        }
    }

    async fn set_site_words(&self, name: &str, words: &[WordEntry]) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        // The site's row stays locked to the end: a second list set at once waits, and then
        // replaces this one whole (without the lock, its delete would miss the rows this one
        // inserts, and the two lists would merge).
        let site: Option<i64> = sqlx::query_scalar("SELECT id FROM sites WHERE name = $1 FOR NO KEY UPDATE")
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(site) = site else { return Ok(false) };
        sqlx::query("DELETE FROM site_words WHERE site_id = $1").bind(site).execute(&mut *tx).await?;
        for word in words {
            // An entry listed twice keeps its most severe listing.
            sqlx::query(
                "INSERT INTO site_words (site_id, entry, severity) VALUES ($1, $2, $3) \
                 ON CONFLICT (site_id, entry) DO UPDATE SET severity = CASE WHEN excluded.severity = 'banned' \
                 THEN 'banned' ELSE site_words.severity END",
            )
            .bind(site)
            .bind(&word.entry)
            .bind(word.severity.as_str())
            .execute(&mut *tx)
            .await?;
        }
        words_changed(&mut tx, site).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn site_names(&self) -> Result<Vec<String>, DbError> {
        Ok(sqlx::query_scalar("SELECT name FROM sites ORDER BY name COLLATE \"C\"").fetch_all(&self.pool).await?)
    }

    async fn site_moderation(&self, name: &str) -> Result<Option<ModerationSettings>, DbError> {
        let json: Option<String> = sqlx::query_scalar("SELECT moderation FROM sites WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        json.map(|json| serde_json::from_str(&json).map_err(corrupt)).transpose()
    }

    async fn set_site_moderation(&self, name: &str, settings: &ModerationSettings) -> Result<bool, DbError> {
        let json = serde_json::to_string(settings).map_err(corrupt)?;
        // One statement writes what nothing read: the update locks the site's row itself.
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE sites SET moderation = $1 WHERE name = $2")
            .bind(json)
            .bind(name)
            .execute(&mut *tx)
            .await?;
        let changed = done.rows_affected() > 0;
        if changed {
            events::append(&mut tx, EventKind::Site, None, None).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    async fn set_discussion(&self, wanted: &Slug, discussion: Option<DiscussionState>) -> Result<bool, DbError> {
        // One statement writes what nothing read: the update locks the article's row itself.
        let mut tx = self.pool.begin().await?;
        let article: Option<i64> =
            sqlx::query_scalar("UPDATE articles SET discussion = $1 WHERE slug = $2 RETURNING id")
                .bind(discussion.map(DiscussionState::as_str))
                .bind(wanted.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        let Some(article) = article else { return Ok(false) };
        events::append(&mut tx, EventKind::Site, Some(article), None).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn author_record(&self, author: UserId) -> Result<AuthorRecord, DbError> {
        let (created_at, approved): (i64, i64) = sqlx::query_as(
            "SELECT u.created_at, (SELECT COUNT(*) FROM comments c WHERE c.author_id = u.id \
             AND c.status = 'published' AND NOT c.deleted) FROM users u WHERE u.id = $1",
        )
        .bind(author.0)
        .fetch_one(&self.pool)
        .await?;
        Ok(AuthorRecord { created_at: time(created_at)?, approved: small(approved) })
    }

    async fn same_body_elsewhere(
        &self,
        author: UserId,
        body: &str,
        except: ArticleKey,
        since: DateTime<Utc>,
    ) -> Result<u32, DbError> {
        let threads: i64 = sqlx::query_scalar(SAME_BODY_QUERY)
            .bind(author.0)
            .bind(body_hash(body))
            .bind(millis(since))
            .bind(except.0)
            .bind(body)
            .fetch_one(&self.pool)
            .await?;
        Ok(small(threads))
    }

    async fn standing_of(&self, id: CommentId) -> Result<Option<(CommentState, u32, u32, bool)>, DbError> {
        let found: Option<(String, i64, i64, bool)> =
            sqlx::query_as("SELECT status, edit_count, open_reports, deleted FROM comments WHERE id = $1")
                .bind(id.0)
                .fetch_optional(&self.pool)
                .await?;
        found
            .map(|(status, edits, reports, deleted)| Ok((state(&status)?, small(edits), small(reports), deleted)))
            .transpose()
    }

    async fn decide(&self, decision: &Decision<'_>) -> Result<Decided, DbError> {
        let mut tx = self.pool.begin().await?;
        // The comment's row stays locked to the end: a second moderator deciding it at once, on
        // any server, waits here and then reads the first one's result (and is told who decided).
        // Reports of it wait too (see `reports::report`), so the open reports read here are
        // the ones this decision settles.
        let found: Option<(i64, Option<i64>, String, bool, i64, i64)> = sqlx::query_as(
            "SELECT article_id, position, status, deleted, open_reports, edit_count FROM comments WHERE id = $1 \
             FOR NO KEY UPDATE",
        )
        .bind(decision.comment.0)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((article, position, status, deleted, open_reports, edits)) = found else {
            return Ok(Decided::Missing);
        };
        let id = decision.comment.0;
        let from = state(&status)?;
        let reported = open_reports > 0 && !deleted;
        if decision.seen_state.is_some_and(|seen| seen != from) {
            return Ok(Decided::Already(last_decider(&mut tx, id).await?));
        }
        let edits = small(edits);
        if decision.seen_edits.is_some_and(|seen| seen != edits) {
            return Ok(Decided::Edited(edits));
        }
        let open = small(open_reports);
        if decision.seen_reports.is_some_and(|seen| seen != open) {
            return Ok(Decided::Reported(open));
        }
        // Approving: a held comment, or a rejected one on second thought, by a moderator who saw
        // it rejected (one who did not may be the loser of a race).
        let approvable = from == CommentState::Pending
            || (from == CommentState::Rejected && decision.seen_state == Some(CommentState::Rejected));
        match (from, decision.to) {
            // First seen by readers now: it takes the thread's next place (the update locks the
            // article's row, so no other comment takes the same place).
            (_, CommentState::Published) if approvable && position.is_none() => {
                let place: i64 = sqlx::query_scalar(
                    "UPDATE articles SET thread_length = thread_length + 1, \
                     comment_count = comment_count + $1 WHERE id = $2 RETURNING thread_length",
                )
                .bind(i64::from(!deleted))
                .bind(article)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE comments SET status = 'published', status_reason = NULL, body_public = TRUE, position = $1 \
                     WHERE id = $2",
                )
                .bind(place)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                events::append(&mut tx, EventKind::Published, Some(article), Some(id)).await?;
            }
            // Back in its place.
            (_, CommentState::Published) if approvable => {
                sqlx::query("UPDATE articles SET comment_count = comment_count + $1 WHERE id = $2")
                    .bind(i64::from(!deleted))
                    .bind(article)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "UPDATE comments SET status = 'published', status_reason = NULL, body_public = TRUE WHERE id = $1",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
                events::append(&mut tx, EventKind::Approved, Some(article), Some(id)).await?;
            }
            // Readers saw nothing of it, and still do not.
            (CommentState::Pending, to) => set_state(&mut tx, id, to, decision.reason).await?,
            // Reported, and kept as it is: only the reports are settled.
            (CommentState::Published, CommentState::Published) if reported => {}
            // Reported, and taken from readers: its place stays empty.
            (CommentState::Published, to) if reported => {
                set_state(&mut tx, id, to, decision.reason).await?;
                if position.is_some() {
                    sqlx::query("UPDATE articles SET comment_count = comment_count - 1 WHERE id = $1")
                        .bind(article)
                        .execute(&mut *tx)
                        .await?;
                }
                events::append(&mut tx, EventKind::Held, Some(article), Some(id)).await?;
            }
            _ => return Ok(Decided::Already(last_decider(&mut tx, id).await?)),
        }
        if from != decision.to {
            let line = LogLine {
                at: decision.at,
                moderator: Some(decision.moderator),
                subject: Subject::Comment(id),
                from: Some(from.into()),
                to: decision.to.into(),
                reason: decision.reason,
                findings: None,
            };
            let line = log(&mut tx, &line).await?;
            // Its author is told: notifications read the decision from this very log line.
            events::append_decision(&mut tx, article, id, line).await?;
        }
        if from == CommentState::Rejected && decision.to == CommentState::Published {
            // Approved after all: the reports its rejection upheld were wrong after all.
            reports::overturn(&mut tx, id, decision.moderator, decision.at).await?;
        }
        if open_reports > 0 {
            let outcome = if decision.to == CommentState::Rejected {
                reports::Settled::Upheld
            } else {
                reports::Settled::Dismissed
            };
            reports::settle(&mut tx, id, outcome, Some(decision.moderator), decision.at).await?;
        }
        tx.commit().await?;
        Ok(Decided::Changed)
    }

    async fn sanction(&self, account: UserId) -> Result<Option<Sanction>, DbError> {
        sanctions::of(&mut *self.pool.acquire().await?, account).await
    }

    async fn sanctioned(&self, account: UserId) -> Result<Option<(LogActor, Role, Option<Sanction>)>, DbError> {
        sanctions::account(&mut *self.pool.acquire().await?, account).await
    }

    async fn set_sanction(&self, change: &NewSanction<'_>) -> Result<(), DbError> {
        // `sanctions::set` locks the account's row before it reads the sanction it replaces.
        let mut tx = self.pool.begin().await?;
        sanctions::set(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn blocked_email_domains(&self) -> Result<Vec<String>, DbError> {
        sanctions::blocked_domains(&mut *self.pool.acquire().await?).await
    }

    async fn set_blocked_email_domains(&self, domains: &[String]) -> Result<(), DbError> {
        // `sanctions::set_blocked_domains` locks the list against other writers first.
        let mut tx = self.pool.begin().await?;
        sanctions::set_blocked_domains(&mut tx, domains).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn email_domain_blocked(&self, domains: &[String]) -> Result<bool, DbError> {
        sanctions::domain_blocked(&mut *self.pool.acquire().await?, domains).await
    }

    async fn report(&self, report: &NewReport<'_>) -> Result<Reported, DbError> {
        // `reports::report` locks the comment's row before it reads how the comment stands.
        let mut tx = self.pool.begin().await?;
        let reported = reports::report(&mut tx, report).await?;
        if matches!(reported, Reported::Received { .. }) {
            tx.commit().await?;
        }
        Ok(reported)
    }

    async fn queue(
        &self,
        wanted: QueueState,
        page: PageNumber,
        filter: &QueueFilter,
    ) -> Result<WithStoredQuotes<QueuePage>, DbError> {
        #[derive(FromRow)]
        struct Row {
            #[sqlx(flatten)]
            comment: CommentRow,
            slug: String,
            title: String,
            findings: Option<String>,
            open_reports: i64,
        }
        let offset = i64::from(page.get() - 1) * i64::from(PER_PAGE);
        let status = match wanted {
            QueueState::Pending => Some(CommentState::Pending.as_str()),
            QueueState::Rejected => Some(CommentState::Rejected.as_str()),
            QueueState::Reported => None,
        };
        let (count_query, page_query) = match (status, filter.sort) {
            (Some(_), QueueSort::Oldest) => (QUEUE_COUNT, QUEUE_QUERY),
            (Some(_), QueueSort::MostReported) => (QUEUE_COUNT, QUEUE_MOST_REPORTED),
            (None, QueueSort::Oldest) => (REPORTED_COUNT, REPORTED_QUERY),
            (None, QueueSort::MostReported) => (REPORTED_COUNT, REPORTED_MOST_REPORTED),
        };
        let article = filter.article.as_ref().map(Slug::as_str);
        let author = filter.author.map(|author| author.0);
        let reason = filter.reason.map(QueueReason::as_str);
        // The total, the page and what it shows of each comment, from one snapshot.
        let mut tx = super::read_snapshot(&self.pool).await?;
        let mut counting = sqlx::query_scalar(count_query).bind(article).bind(author).bind(reason);
        if let Some(status) = status {
            counting = counting.bind(status);
        }
        let total: i64 = counting.fetch_one(&mut *tx).await?;
        let mut rows = sqlx::query_as::<_, Row>(page_query)
            .bind(article)
            .bind(author)
            .bind(reason)
            .bind(i64::from(PER_PAGE))
            .bind(offset);
        if let Some(status) = status {
            rows = rows.bind(status);
        }
        let rows = rows.fetch_all(&mut *tx).await?;
        let mut comments = Vec::with_capacity(rows.len());
        let mut rest = Vec::with_capacity(rows.len());
        for row in rows {
            comments.push(row.comment.into_comment()?);
            let reasons: Vec<Finding> = match row.findings {
                Some(json) => serde_json::from_str(&json).map_err(corrupt)?,
                None => Vec::new(),
            };
            let open = small(row.open_reports);
            rest.push((slug(row.slug)?, row.title, reasons, open));
        }
        let quotes = references::attach(&mut tx, &mut comments).await?;
        let ids: Vec<CommentId> = comments.iter().map(|comment| comment.id).collect();
        let mut reports = reports::of_comments(&mut tx, &ids).await?;
        // Guests share one account: its record is nobody's.
        let members = comments.iter().filter(|comment| !comment.author.guest).map(|comment| comment.author.id);
        let records = records::of_accounts(&mut tx, members.collect::<Vec<_>>()).await?;
        tx.commit().await?;
        let items = comments
            .into_iter()
            .zip(rest)
            .map(|(comment, (article_slug, article_title, reasons, open_reports))| QueueItem {
                reports: reports.remove(&comment.id).unwrap_or_default(),
                record: records.get(&comment.author.id).cloned(),
                open_reports,
                comment,
                article_slug,
                article_title,
                reasons,
            })
            .collect();
        Ok(WithStoredQuotes { read: QueuePage { items, total: count(total)? }, quotes })
    }

    async fn queue_counts(&self) -> Result<QueueCounts, DbError> {
        let (pending, reported, rejected): (i64, i64, i64) = sqlx::query_as(COUNTS_QUERY).fetch_one(&self.pool).await?;
        Ok(QueueCounts { pending: count(pending)?, reported: count(reported)?, rejected: count(rejected)? })
    }

    async fn account_record(&self, account: UserId) -> Result<Option<AccountRecord>, DbError> {
        let mut tx = super::read_snapshot(&self.pool).await?;
        let record = records::of(&mut tx, account).await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn add_note(
        &self,
        account: UserId,
        moderator: UserId,
        body: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<ModeratorNote>, DbError> {
        // One statement decides and writes (a note only on an account that exists, and accounts
        // are never removed): nothing to lock beforehand.
        let mut tx = self.pool.begin().await?;
        let note = records::add_note(&mut tx, account, moderator, body, at).await?;
        if note.is_some() {
            tx.commit().await?;
        }
        Ok(note)
    }

    async fn moderation_log(&self, filter: LogFilter, limit: u32) -> Result<Vec<LogEntry>, DbError> {
        // One comment's or account's entries by their index, or the newest of all; one query
        // with `$1 IS NULL OR` would read the whole log for any of them.
        let which = match (filter.comment, filter.account) {
            (Some(_), Some(_)) => "WHERE l.comment_id = $1 AND l.account_id = $2",
            (Some(_), None) => "WHERE l.comment_id = $1 AND $2::BIGINT IS NULL",
            (None, Some(_)) => "WHERE l.account_id = $2 AND $1::BIGINT IS NULL",
            (None, None) => "WHERE $1::BIGINT IS NULL AND $2::BIGINT IS NULL",
        };
        let rows: Vec<LogRow> = sqlx::query_as(&format!("{LOG_SELECT} {which} ORDER BY l.id DESC LIMIT $3"))
            .bind(filter.comment.map(|id| id.0))
            .bind(filter.account.map(|id| id.0))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(LogRow::into_entry).collect()
    }

    async fn findings(&self, comment: CommentId) -> Result<Vec<Finding>, DbError> {
        let json: Option<String> = sqlx::query_scalar(
            "SELECT findings FROM comment_checks WHERE comment_id = $1 ORDER BY revision DESC LIMIT 1",
        )
        .bind(comment.0)
        .fetch_optional(&self.pool)
        .await?;
        json.map(|json| serde_json::from_str(&json).map_err(corrupt)).transpose().map(Option::unwrap_or_default)
    }
}
