//! Edits in PostgreSQL, and the revision history they leave.

use async_trait::async_trait;
use schrieb_api::{CommentId, Revision, RevisionHistory, page_of_position};
use schrieb_api::{CommentState, Standing};
use sqlx::{FromRow, PgPool};

use super::comments::PERMALINK_QUERY;
use super::{PgRepository, events, moderation, references};
use crate::db::sqlite::moderation::{LogLine, Subject};
use crate::db::sqlite::rows::{CommentRow, body_hash, count, millis, slug, state, time};
use crate::db::{CommentEdit, DbError, EventKind, RevisionStore, StoredRevisions};

#[async_trait]
impl RevisionStore for PgRepository {
    async fn edit_comment(&self, id: CommentId, edit: &CommentEdit) -> Result<bool, DbError> {
        replace_body(&self.pool, id, edit).await
    }

    async fn revisions(&self, id: CommentId) -> Result<Option<StoredRevisions>, DbError> {
        history(&self.pool, id).await
    }
}

/// Replaces the body of comment `id`; the body it had becomes revision `edit_count + 1`.
async fn replace_body(pool: &PgPool, id: CommentId, edit: &CommentEdit) -> Result<bool, DbError> {
    let mut tx = pool.begin().await?;
    #[derive(FromRow)]
    struct Current {
        body: String,
        created_at: i64,
        edited_at: Option<i64>,
        edit_count: i64,
        article_id: i64,
        status: String,
        position: Option<i64>,
        deleted: bool,
        body_public: bool,
    }
    // The comment's row is locked as it is read, to the end of the transaction: what is written
    // depends on it (the revision's number, whether the comment stays published), and another
    // edit, a moderator's decision or a deletion on any server waits until this one is stored.
    // FOR NO KEY UPDATE is the lock the UPDATE below takes anyway; it leaves alone the inserts
    // that merely refer to the comment (a reaction, an event).
    let current: Option<Current> = sqlx::query_as(
        "SELECT body, created_at, edited_at, edit_count, article_id, status, position, deleted, body_public \
         FROM comments WHERE id = $1 FOR NO KEY UPDATE",
    )
    .bind(id.0)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(Current {
        body,
        created_at,
        edited_at,
        edit_count,
        article_id: article,
        status,
        position,
        deleted,
        body_public,
    }) = current
    else {
        return Ok(false);
    };
    // A body readers never saw (written while the comment was held or rejected, and replaced
    // before a moderator approved it) is not theirs to see later.
    let unreviewed = !body_public;
    // The new body is seen at once only if the comment stays published.
    let seen = state(&status)? == CommentState::Published && !edit.hold;
    sqlx::query(
        "INSERT INTO comment_revisions (comment_id, revision, body, created_at, unreviewed) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id.0)
    .bind(edit_count + 1)
    .bind(body)
    .bind(edited_at.unwrap_or(created_at))
    .bind(unreviewed)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE comments SET body = $1, edited_at = $2, edit_count = edit_count + 1, body_hash = $3, \
         body_public = $4 WHERE id = $5",
    )
    .bind(&edit.body)
    .bind(millis(edit.at))
    .bind(body_hash(&edit.body))
    .bind(seen)
    .bind(id.0)
    .execute(&mut *tx)
    .await?;
    references::replace(&mut tx, id.0, &edit.quotes, &edit.mentions).await?;
    // Kept even when empty: the queue shows what the checks found in the body as it is now.
    moderation::store_findings(&mut tx, id.0, edit_count + 2, &edit.findings).await?;
    let kind = if edit.hold && state(&status)? == CommentState::Published {
        moderation::hold_published(&mut tx, id.0, article, position.is_some() && !deleted).await?;
        let line = LogLine {
            at: edit.at,
            moderator: None,
            subject: Subject::Comment(id.0),
            from: Some(Standing::Published),
            to: Standing::Pending,
            reason: None,
            findings: Some(&edit.findings),
        };
        moderation::log(&mut tx, &line).await?;
        EventKind::Held
    } else {
        EventKind::Edited
    };
    events::append(&mut tx, kind, Some(article), Some(id.0)).await?;
    tx.commit().await?;
    Ok(true)
}

/// Every body comment `id` has had, oldest first, the current one last; `changes` are left
/// empty for the caller to fill.
async fn history(pool: &PgPool, id: CommentId) -> Result<Option<StoredRevisions>, DbError> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        comment: CommentRow,
        slug: String,
        thread_length: i64,
    }
    // One snapshot for the comment and its earlier bodies: an edit in between would otherwise
    // show one body twice.
    let mut tx = super::read_snapshot(pool).await?;
    let row: Option<Row> = sqlx::query_as(PERMALINK_QUERY.as_str()).bind(id.0).fetch_optional(&mut *tx).await?;
    let Some(row) = row else { return Ok(None) };
    let article_slug = slug(row.slug)?;
    let thread_length = count(row.thread_length)?;
    let deleted = row.comment.deleted;
    let mut revisions = Vec::new();
    let mut unreviewed = Vec::new();
    if !deleted {
        let earlier: Vec<(i64, String, i64, bool)> = sqlx::query_as(
            "SELECT revision, body, created_at, unreviewed FROM comment_revisions WHERE comment_id = $1 \
             ORDER BY revision",
        )
        .bind(id.0)
        .fetch_all(&mut *tx)
        .await?;
        for (number, body, written_at, held) in earlier {
            let number = u32::try_from(number).map_err(|_| DbError::Corrupt(format!("revision {number}")))?;
            if held {
                unreviewed.push(number);
            }
            revisions.push(Revision { number, body, written_at: time(written_at)?, changes: Vec::new() });
        }
    }
    tx.commit().await?;
    let comment = row.comment.into_comment()?;
    if !deleted {
        revisions.push(Revision {
            number: comment.edit_count + 1,
            body: comment.body,
            written_at: comment.edited_at.unwrap_or(comment.created_at),
            changes: Vec::new(),
        });
    }
    let history = RevisionHistory {
        comment: comment.id,
        author: comment.author,
        article_slug,
        // A comment without a place is shown under the last page.
        page: page_of_position(comment.position.unwrap_or(thread_length.max(1))),
        state: comment.state,
        deleted,
        revisions,
    };
    Ok(Some(StoredRevisions { history, unreviewed }))
}
