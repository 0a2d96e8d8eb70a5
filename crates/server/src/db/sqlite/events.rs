//! The event log in SQLite: appended inside the writes' transactions, read in order.

use std::sync::LazyLock;

use async_trait::async_trait;
use chrono::Utc;
use schrieb_api::{CommentId, page_of_position};
use sqlx::{FromRow, SqliteConnection};

use super::comments::COMMENT_COLUMNS;
use super::rows::{CommentRow, count, millis, slug};
use super::{SqliteRepository, json_ids, references};
use crate::db::{ArticleKey, DbError, EventComment, EventKind, EventStore, ThreadEvent, WithStoredQuotes};

/// Appends a moderator's decision about `comment`, logged as line `log_id` of the moderation
/// log, on the connection of the transaction that decides.
pub(in crate::db) async fn append_decision(
    tx: &mut SqliteConnection,
    article: i64,
    comment: i64,
    log_id: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO thread_events (article_id, comment_id, kind, at, log_id) VALUES (?1, ?2, 'decided', ?3, ?4)",
    )
    .bind(article)
    .bind(comment)
    .bind(millis(Utc::now()))
    .bind(log_id)
    .execute(tx)
    .await?;
    Ok(())
}

/// The log's columns, with the thread's slug.
pub(in crate::db) const EVENT_COLUMNS: &str = "SELECT e.seq, e.kind, e.article_id, a.slug, e.comment_id, e.log_id FROM thread_events e \
     LEFT JOIN articles a ON a.id = e.article_id";

/// The comments of `?1` (a JSON array of ids) with their thread's length and count.
static EVENT_COMMENTS_QUERY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {COMMENT_COLUMNS}, c.article_id, a.thread_length, a.comment_count FROM comments c \
         JOIN users u ON u.id = c.author_id JOIN articles a ON a.id = c.article_id \
         WHERE c.id IN (SELECT value FROM json_each(?1))"
    )
});

#[derive(FromRow)]
pub(in crate::db) struct EventRow {
    pub(in crate::db) seq: i64,
    pub(in crate::db) kind: String,
    pub(in crate::db) article_id: Option<i64>,
    pub(in crate::db) slug: Option<String>,
    pub(in crate::db) comment_id: Option<i64>,
    pub(in crate::db) log_id: Option<i64>,
}

impl EventRow {
    pub(in crate::db) fn into_event(self) -> Result<ThreadEvent, DbError> {
        let kind =
            EventKind::from_name(&self.kind).ok_or_else(|| DbError::Corrupt(format!("event kind {:?}", self.kind)))?;
        let article = match (self.article_id, self.slug) {
            (Some(id), Some(name)) => Some((ArticleKey(id), slug(name)?)),
            _ => None,
        };
        Ok(ThreadEvent { seq: self.seq, kind, article, comment: self.comment_id.map(CommentId), decision: self.log_id })
    }
}

/// Appends an event for `kind` in `article` (of `comment`) to the log, on the connection of
/// the write transaction that makes the change.
pub(in crate::db) async fn append(
    tx: &mut SqliteConnection,
    kind: EventKind,
    article: Option<i64>,
    comment: Option<i64>,
) -> Result<(), DbError> {
    sqlx::query("INSERT INTO thread_events (article_id, comment_id, kind, at) VALUES (?1, ?2, ?3, ?4)")
        .bind(article)
        .bind(comment)
        .bind(kind.as_str())
        .bind(millis(Utc::now()))
        .execute(tx)
        .await?;
    Ok(())
}

#[async_trait]
impl EventStore for SqliteRepository {
    async fn events_after(&self, seq: i64, limit: u32) -> Result<Vec<ThreadEvent>, DbError> {
        let rows: Vec<EventRow> = sqlx::query_as(&format!("{EVENT_COLUMNS} WHERE e.seq > ?1 ORDER BY e.seq LIMIT ?2"))
            .bind(seq)
            .bind(limit)
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
            sqlx::query_as(&format!("{EVENT_COLUMNS} WHERE e.article_id = ?1 AND e.seq > ?2 ORDER BY e.seq LIMIT ?3"))
                .bind(article.0)
                .bind(seq)
                .bind(limit)
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
            .bind(json_ids(ids.iter().map(|id| id.0))?)
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
}
