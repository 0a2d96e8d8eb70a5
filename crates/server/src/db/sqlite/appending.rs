//! Appending comments to a thread: in batches (the demo, imports) and one by one as people post,
//! where an idempotency key makes a repeated post store nothing.

use schrieb_api::{CommentId, CommentState, IdempotencyKey, UserId};
use sqlx::{FromRow, SqliteConnection, SqlitePool};

use super::rows::{body_hash, count, millis};
use super::{events, moderation, references};
use crate::db::{Appended, ArticleKey, DbError, EventKind, KeyedComment, NewComment, Posted};

/// Appends `comments` to the thread of `article` in one transaction, in order, the first
/// stored with `key` if given.
pub(in crate::db) async fn append(
    writer: &SqlitePool,
    article: ArticleKey,
    comments: &[NewComment],
    key: Option<&IdempotencyKey>,
) -> Result<Vec<Appended>, DbError> {
    // BEGIN IMMEDIATE takes the write lock up front, so two appenders cannot both read the
    // same MAX(position) and then collide on the unique index.
    let mut tx = writer.begin_with("BEGIN IMMEDIATE").await?;
    let mut position: i64 = sqlx::query_scalar("SELECT thread_length FROM articles WHERE id = ?1")
        .bind(article.0)
        .fetch_one(&mut *tx)
        .await?;
    let mut ids = Vec::with_capacity(comments.len());
    let mut published = 0;
    for (index, comment) in comments.iter().enumerate() {
        let key = if index == 0 { key.map(IdempotencyKey::as_str) } else { None };
        // A held comment gets no place, is not counted, and readers are told nothing of it;
        // the moderation log says why it waits.
        let place = if comment.state == CommentState::Published {
            position += 1;
            published += 1;
            Some(position)
        } else {
            None
        };
        let id = insert(&mut tx, article, place, comment, key).await?;
        if !comment.findings.is_empty() {
            moderation::store_findings(&mut tx, id, 1, &comment.findings).await?;
        }
        match place {
            Some(_) => events::append(&mut tx, EventKind::Published, Some(article.0), Some(id)).await?,
            None => {
                let entry = moderation::LogLine {
                    at: comment.created_at,
                    moderator: None,
                    subject: moderation::Subject::Comment(id),
                    from: None,
                    to: comment.state.into(),
                    reason: None,
                    findings: Some(&comment.findings),
                };
                moderation::log(&mut tx, &entry).await?;
            }
        }
        ids.push(Appended { id: CommentId(id), position: place.map(count).transpose()? });
    }
    sqlx::query("UPDATE articles SET comment_count = comment_count + ?1, thread_length = ?2 WHERE id = ?3")
        .bind(published)
        .bind(position)
        .bind(article.0)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(ids)
}

async fn insert(
    tx: &mut SqliteConnection,
    article: ArticleKey,
    position: Option<i64>,
    comment: &NewComment,
    key: Option<&str>,
) -> Result<i64, DbError> {
    let edit_count = i64::try_from(comment.earlier.len()).unwrap_or(i64::MAX);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO comments (article_id, position, author_id, body, created_at, edited_at, edit_count, \
         guest_name, idempotency_key, status, body_hash, body_public) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         RETURNING id",
    )
    .bind(article.0)
    .bind(position)
    .bind(comment.author_id.0)
    .bind(&comment.body)
    .bind(millis(comment.created_at))
    .bind(comment.edited_at.map(millis))
    .bind(edit_count)
    .bind(&comment.guest_name)
    .bind(key)
    .bind(comment.state.as_str())
    .bind(body_hash(&comment.body))
    .bind(comment.state == CommentState::Published)
    .fetch_one(&mut *tx)
    .await?;
    for (revision, (body, written_at)) in comment.earlier.iter().enumerate() {
        sqlx::query("INSERT INTO comment_revisions (comment_id, revision, body, created_at) VALUES (?, ?, ?, ?)")
            .bind(id)
            .bind(i64::try_from(revision).unwrap_or(i64::MAX) + 1)
            .bind(body)
            .bind(millis(*written_at))
            .execute(&mut *tx)
            .await?;
    }
    references::store(tx, id, &comment.quotes, &comment.mentions).await?;
    Ok(id)
}

/// Appends one posted comment. The unique index on (author, key) decides which of two racing
/// posts with one key is stored: the other fails on it, and is answered with the one stored.
pub(in crate::db) async fn post(
    writer: &SqlitePool,
    reader: &SqlitePool,
    article: ArticleKey,
    comment: &NewComment,
    key: Option<&IdempotencyKey>,
) -> Result<Posted, DbError> {
    match (append(writer, article, std::slice::from_ref(comment), key).await, key) {
        (Ok(appended), _) => appended.first().copied().map(Posted::New).ok_or_else(|| DbError::Corrupt("no id".into())),
        (Err(DbError::Sqlx(sqlx::Error::Database(error))), Some(key)) if error.is_unique_violation() => {
            // The winner has committed: SQLite's one writer ended its transaction before this
            // one began.
            match by_key(reader, comment.author_id, key).await? {
                Some(existing) => Ok(Posted::Existing(existing)),
                // Another unique index failed (none should): that error stands.
                None => Err(DbError::Sqlx(sqlx::Error::Database(error))),
            }
        }
        (Err(error), _) => Err(error),
    }
}

/// `author`'s comment with idempotency key `key`, with its body as first posted (revision 1
/// once it has been edited).
pub(in crate::db) async fn by_key(
    pool: &SqlitePool,
    author: UserId,
    key: &IdempotencyKey,
) -> Result<Option<KeyedComment>, DbError> {
    #[derive(FromRow)]
    struct Row {
        id: i64,
        article_id: i64,
        body: String,
        guest_name: Option<String>,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT c.id, c.article_id, COALESCE(r.body, c.body) AS body, c.guest_name FROM comments c \
         LEFT JOIN comment_revisions r ON r.comment_id = c.id AND r.revision = 1 \
         WHERE c.author_id = ?1 AND c.idempotency_key = ?2",
    )
    .bind(author.0)
    .bind(key.as_str())
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| KeyedComment {
        id: CommentId(row.id),
        article: ArticleKey(row.article_id),
        body: row.body,
        guest_name: row.guest_name,
    }))
}
