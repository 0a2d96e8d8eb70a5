//! Deleting, restoring and reacting, and what deciding who may do it needs.

use chrono::{DateTime, Utc};
use schrieb_api::{CommentId, ReactionKind, Reactors, UserId};
use sqlx::SqlitePool;

use super::json_ids;
use super::rows::{millis, time};
use crate::db::{ArticleKey, CommentMeta, DbError};

pub(super) async fn comment_meta(pool: &SqlitePool, id: CommentId) -> Result<Option<CommentMeta>, DbError> {
    let row: Option<(i64, i64, i64, i64, Option<i64>, bool)> =
        sqlx::query_as("SELECT id, article_id, author_id, created_at, deleted_by, deleted FROM comments WHERE id = ?1")
            .bind(id.0)
            .fetch_optional(pool)
            .await?;
    row.map(|(id, article, author, created_at, deleted_by, deleted)| {
        Ok(CommentMeta {
            id: CommentId(id),
            article: ArticleKey(article),
            author: UserId(author),
            created_at: time(created_at)?,
            deleted_by: deleted_by.map(UserId),
            deleted,
        })
    })
    .transpose()
}

pub(super) async fn latest_body_of(pool: &SqlitePool, author: UserId) -> Result<Option<String>, DbError> {
    Ok(sqlx::query_scalar("SELECT body FROM comments WHERE author_id = ?1 ORDER BY created_at DESC, id DESC LIMIT 1")
        .bind(author.0)
        .fetch_optional(pool)
        .await?)
}

/// Flips `deleted` and keeps the article's comment count in step, in one transaction.
pub(super) async fn set_deleted(pool: &SqlitePool, id: CommentId, by: Option<UserId>) -> Result<bool, DbError> {
    let deleting = by.is_some();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let article: Option<i64> = sqlx::query_scalar(
        "UPDATE comments SET deleted = ?1, deleted_by = ?2 WHERE id = ?3 AND deleted = ?4 RETURNING article_id",
    )
    .bind(deleting)
    .bind(by.map(|user| user.0))
    .bind(id.0)
    .bind(!deleting)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(article) = article else { return Ok(false) };
    sqlx::query("UPDATE articles SET comment_count = comment_count + ?1 WHERE id = ?2")
        .bind(if deleting { -1 } else { 1 })
        .bind(article)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

pub(super) async fn set_reaction(
    pool: &SqlitePool,
    comment: CommentId,
    user: UserId,
    kind: ReactionKind,
    on: bool,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let query = if on {
        "INSERT INTO reactions (comment_id, kind, user_id, created_at) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (comment_id, kind, user_id) DO NOTHING"
    } else {
        "DELETE FROM reactions WHERE comment_id = ?1 AND kind = ?2 AND user_id = ?3"
    };
    sqlx::query(query).bind(comment.0).bind(kind.as_str()).bind(user.0).bind(millis(now)).execute(pool).await?;
    Ok(())
}

pub(super) async fn reactions_of(
    pool: &SqlitePool,
    user: UserId,
    comments: &[CommentId],
) -> Result<Vec<(CommentId, ReactionKind)>, DbError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT comment_id, kind FROM reactions WHERE user_id = ?1 AND comment_id IN (SELECT value FROM json_each(?2))",
    )
    .bind(user.0)
    .bind(json_ids(comments.iter().map(|id| id.0))?)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().filter_map(|(id, kind)| Some((CommentId(id), ReactionKind::from_name(&kind)?))).collect())
}

pub(super) async fn reactors(pool: &SqlitePool, comment: CommentId) -> Result<Vec<Reactors>, DbError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT r.kind, u.display_name FROM reactions r JOIN users u ON u.id = r.user_id \
         WHERE r.comment_id = ?1 ORDER BY r.created_at, r.user_id",
    )
    .bind(comment.0)
    .fetch_all(pool)
    .await?;
    let mut by_kind: Vec<Reactors> = Vec::new();
    for kind in ReactionKind::ALL {
        let names: Vec<String> =
            rows.iter().filter(|(k, _)| k == kind.as_str()).map(|(_, name)| name.clone()).collect();
        if !names.is_empty() {
            by_kind.push(Reactors { kind, names });
        }
    }
    Ok(by_kind)
}
