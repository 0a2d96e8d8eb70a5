//! The event log in SQLite: appended inside the writes' transactions, read in order.

use async_trait::async_trait;
use chrono::Utc;
use schrieb_api::CommentId;
use sqlx::{FromRow, SqliteConnection};

use super::SqliteRepository;
use super::rows::{millis, slug};
use crate::db::{ArticleKey, DbError, EventKind, EventStore, ThreadEvent};

/// Appends an event for `kind` in `article` (of `comment`) to the log, on the connection of
/// the write transaction that makes the change.
pub(super) async fn append(
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
        #[derive(FromRow)]
        struct Row {
            seq: i64,
            kind: String,
            article_id: Option<i64>,
            slug: Option<String>,
            comment_id: Option<i64>,
        }
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT e.seq, e.kind, e.article_id, a.slug, e.comment_id FROM thread_events e \
             LEFT JOIN articles a ON a.id = e.article_id WHERE e.seq > ?1 ORDER BY e.seq LIMIT ?2",
        )
        .bind(seq)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                let kind = EventKind::from_name(&row.kind)
                    .ok_or_else(|| DbError::Corrupt(format!("event kind {:?}", row.kind)))?;
                let article = match (row.article_id, row.slug) {
                    (Some(id), Some(name)) => Some((ArticleKey(id), slug(name)?)),
                    _ => None,
                };
                Ok(ThreadEvent { seq: row.seq, kind, article, comment: row.comment_id.map(CommentId) })
            })
            .collect()
    }

    async fn last_event(&self) -> Result<i64, DbError> {
        Ok(sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM thread_events").fetch_one(&self.pool).await?)
    }
}
