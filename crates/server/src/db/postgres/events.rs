//! The event log in PostgreSQL: appended inside the writes' transactions, under the log's lock
//! (see [`super::lock_event_log`]), read in order.

use std::sync::LazyLock;

use async_trait::async_trait;
use chrono::Utc;
use schrieb_api::{CommentId, page_of_position};
use sqlx::{FromRow, PgConnection};

use super::comments::COMMENT_COLUMNS;
use super::{PgRepository, references};
use crate::db::sqlite::events::{EVENT_COLUMNS, EventRow};
use crate::db::sqlite::rows::{CommentRow, count, millis};
use crate::db::{ArticleKey, DbError, EventComment, EventKind, EventStore, ThreadEvent, WithStoredQuotes};

/// Appends a moderator's decision about `comment`, logged as line `log_id` of the moderation
/// log, on the connection of the transaction that decides. Takes the log's lock first, held to
/// the transaction's end.
pub(super) async fn append_decision(
    tx: &mut PgConnection,
    article: i64,
    comment: i64,
    log_id: i64,
) -> Result<(), DbError> {
    super::lock_event_log(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO thread_events (article_id, comment_id, kind, at, log_id) VALUES ($1, $2, 'decided', $3, $4)",
    )
    .bind(article)
    .bind(comment)
    .bind(millis(Utc::now()))
    .bind(log_id)
    .execute(tx)
    .await?;
    Ok(())
}

/// The comments of `$1` (an array of ids) with their thread's length and count.
static EVENT_COMMENTS_QUERY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {COMMENT_COLUMNS}, c.article_id, a.thread_length, a.comment_count FROM comments c \
         JOIN users u ON u.id = c.author_id JOIN articles a ON a.id = c.article_id \
         WHERE c.id = ANY($1)"
    )
});

/// Appends an event for `kind` in `article` (of `comment`) to the log, on the connection of
/// the write transaction that makes the change. Takes the log's lock first, held to the
/// transaction's end.
pub(super) async fn append(
    tx: &mut PgConnection,
    kind: EventKind,
    article: Option<i64>,
    comment: Option<i64>,
) -> Result<(), DbError> {
    super::lock_event_log(&mut *tx).await?;
    sqlx::query("INSERT INTO thread_events (article_id, comment_id, kind, at) VALUES ($1, $2, $3, $4)")
        .bind(article)
        .bind(comment)
        .bind(kind.as_str())
        .bind(millis(Utc::now()))
        .execute(tx)
        .await?;
    Ok(())
}

#[async_trait]
impl EventStore for PgRepository {
    async fn events_after(&self, seq: i64, limit: u32) -> Result<Vec<ThreadEvent>, DbError> {
        let rows: Vec<EventRow> = sqlx::query_as(&format!("{EVENT_COLUMNS} WHERE e.seq > $1 ORDER BY e.seq LIMIT $2"))
            .bind(seq)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(EventRow::into_event).collect()
    }

    async fn article_events_after(
        &self,
        article: ArticleKey,
        seq: i64,
        limit: u32,
    ) -> Result<Vec<ThreadEvent>, DbError> {
        let rows: Vec<EventRow> =
            sqlx::query_as(&format!("{EVENT_COLUMNS} WHERE e.article_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3"))
                .bind(article.0)
                .bind(seq)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(EventRow::into_event).collect()
    }

    async fn event_comments(&self, ids: &[CommentId]) -> Result<WithStoredQuotes<Vec<EventComment>>, DbError> {
        #[derive(FromRow)]
        struct Row {
            #[sqlx(flatten)]
            comment: CommentRow,
            article_id: i64,
            thread_length: i64,
            comment_count: i64,
        }
        let mut conn = self.pool.acquire().await?;
        let rows: Vec<Row> = sqlx::query_as(EVENT_COMMENTS_QUERY.as_str())
            .bind(ids.iter().map(|id| id.0).collect::<Vec<i64>>())
            .fetch_all(&mut *conn)
            .await?;
        let mut places = Vec::with_capacity(rows.len());
        let mut comments = Vec::with_capacity(rows.len());
        for row in rows {
            places.push((ArticleKey(row.article_id), count(row.thread_length)?, count(row.comment_count)?));
            comments.push(row.comment.into_comment()?);
        }
        let quotes = references::attach(&mut conn, &mut comments).await?;
        let read = comments
            .into_iter()
            .zip(places)
            .map(|(comment, (article, length, count))| {
                // A comment without a place is shown under the last page.
                let page = page_of_position(comment.position.unwrap_or(length.max(1)));
                EventComment { comment, article, page, count }
            })
            .collect();
        Ok(WithStoredQuotes { read, quotes })
    }

    async fn last_event(&self) -> Result<i64, DbError> {
        Ok(sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM thread_events").fetch_one(&self.pool).await?)
    }

    fn event_notices(&self) -> Option<tokio::sync::watch::Receiver<u64>> {
        Some(self.notices.receiver(&self.pool))
    }
}
