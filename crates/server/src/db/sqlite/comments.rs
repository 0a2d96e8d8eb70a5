//! Comments in SQLite: pages of a thread, permalinks, appending (in `appending.rs`), deleting
//! and restoring.

use std::sync::LazyLock;

use async_trait::async_trait;
use schrieb_api::{
    CommentId, CommentPage, CommentPermalink, CommentState, IdempotencyKey, PER_PAGE, PageNumber, Slug, UserId,
    page_count, page_of_position,
};
use sqlx::{FromRow, SqliteConnection, SqlitePool};

use super::rows::{CommentRow, count, slug, state, time};
use super::{SqliteRepository, appending, events, json_ids, references, reports};
use crate::db::{
    Appended, ArticleKey, CommentMeta, CommentStore, DbError, EventKind, HeldFor, KeyedComment, NewComment, Posted,
    QuotedComment, WithStoredQuotes,
};

/// The columns of a [`CommentRow`], for a query over `comments c JOIN users u`.
pub(in crate::db) const COMMENT_COLUMNS: &str = "c.id, c.position, c.author_id, u.display_name, \
     u.deleted_at IS NOT NULL AS author_deleted, c.body, c.created_at, c.edited_at, \
     c.edit_count, c.deleted, c.guest_name, c.status, c.status_reason, c.previews";

/// A page of a thread: the comments at positions `?2..=?3` of article `?1`, in order. The
/// query-plan test runs this very constant.
pub(in crate::db) static PAGE_QUERY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {COMMENT_COLUMNS} FROM comments c JOIN users u ON u.id = c.author_id \
         WHERE c.article_id = ?1 AND c.position BETWEEN ?2 AND ?3 ORDER BY c.position"
    )
});

/// The comments of article `?1` without a place (held), of author `?2` or, when `?3`, of
/// everyone; oldest first.
static HELD_QUERY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {COMMENT_COLUMNS} FROM comments c JOIN users u ON u.id = c.author_id \
         WHERE c.article_id = ?1 AND c.position IS NULL AND (c.author_id = ?2 OR ?3) ORDER BY c.created_at, c.id"
    )
});

/// One comment with its article's slug and thread length.
pub(in crate::db) static PERMALINK_QUERY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {COMMENT_COLUMNS}, a.slug, a.thread_length FROM comments c \
         JOIN users u ON u.id = c.author_id JOIN articles a ON a.id = c.article_id WHERE c.id = ?1"
    )
});

#[async_trait]
impl CommentStore for SqliteRepository {
    async fn thread_page(
        &self,
        wanted: &Slug,
        page: PageNumber,
        held: HeldFor,
    ) -> Result<Option<WithStoredQuotes<CommentPage>>, DbError> {
        let (first, last) = page.positions();
        // One read transaction: the thread length and the page come from the same snapshot.
        let mut tx = self.pool.begin().await?;
        let article: Option<(i64, i64, i64)> = sqlx::query_as(
            "SELECT id, thread_length, (SELECT COALESCE(MAX(e.seq), 0) FROM thread_events e \
             WHERE e.article_id = articles.id) FROM articles WHERE slug = ?1",
        )
        .bind(wanted.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, thread_length, event)) = article else { return Ok(None) };
        let rows: Vec<CommentRow> =
            sqlx::query_as(PAGE_QUERY.as_str()).bind(id).bind(first).bind(last).fetch_all(&mut *tx).await?;
        let mut items = rows.into_iter().map(CommentRow::into_comment).collect::<Result<Vec<_>, _>>()?;
        let total = count(thread_length)?;
        let pages = page_count(total);
        // Comments without a place are shown under the last page, where new ones appear.
        let held_rows: Vec<CommentRow> = match held {
            HeldFor::Author(_) | HeldFor::Everyone if page.get() == pages => {
                let author = if let HeldFor::Author(author) = held { author.0 } else { 0 };
                sqlx::query_as(HELD_QUERY.as_str())
                    .bind(id)
                    .bind(author)
                    .bind(held == HeldFor::Everyone)
                    .fetch_all(&mut *tx)
                    .await?
            }
            _ => Vec::new(),
        };
        let placed = items.len();
        items.extend(held_rows.into_iter().map(CommentRow::into_comment).collect::<Result<Vec<_>, _>>()?);
        let quotes = references::attach(&mut tx, &mut items).await?;
        tx.commit().await?;
        let held = items.split_off(placed);
        let read =
            CommentPage { items, page: page.get(), pages, total, per_page: PER_PAGE, held, event: count(event)? };
        Ok(Some(WithStoredQuotes { read, quotes }))
    }

    async fn permalink(&self, id: CommentId) -> Result<Option<WithStoredQuotes<CommentPermalink>>, DbError> {
        #[derive(FromRow)]
        struct Row {
            #[sqlx(flatten)]
            comment: CommentRow,
            slug: String,
            thread_length: i64,
        }
        let mut conn = self.pool.acquire().await?;
        let row: Option<Row> = sqlx::query_as(PERMALINK_QUERY.as_str()).bind(id.0).fetch_optional(&mut *conn).await?;
        let Some(row) = row else { return Ok(None) };
        let mut comment = [row.comment.into_comment()?];
        let quotes = references::attach(&mut conn, &mut comment).await?;
        let [comment] = comment;
        // A comment without a place is shown under the last page.
        let page = page_of_position(comment.position.unwrap_or(count(row.thread_length)?.max(1)));
        let read = CommentPermalink { comment, article_slug: slug(row.slug)?, page };
        Ok(Some(WithStoredQuotes { read, quotes }))
    }

    async fn append_comments(&self, article: ArticleKey, comments: &[NewComment]) -> Result<Vec<Appended>, DbError> {
        appending::append(&self.writer, article, comments, None).await
    }

    async fn post_comment(
        &self,
        article: ArticleKey,
        comment: &NewComment,
        key: Option<&IdempotencyKey>,
    ) -> Result<Posted, DbError> {
        appending::post(&self.writer, &self.pool, article, comment, key).await
    }

    async fn comment_by_key(&self, author: UserId, key: &IdempotencyKey) -> Result<Option<KeyedComment>, DbError> {
        appending::by_key(&self.pool, author, key).await
    }

    async fn quoted_comments(&self, ids: &[CommentId]) -> Result<Vec<QuotedComment>, DbError> {
        #[derive(FromRow)]
        struct Row {
            id: i64,
            display_name: String,
            body: String,
            edit_count: i64,
            deleted: bool,
        }
        let ids = json_ids(ids.iter().map(|id| id.0))?;
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT c.id, u.display_name, c.body, c.edit_count, c.deleted FROM comments c \
             JOIN users u ON u.id = c.author_id WHERE c.id IN (SELECT value FROM json_each(?1)) \
             AND c.status = 'published'",
        )
        .bind(ids)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(QuotedComment {
                    id: CommentId(row.id),
                    author: row.display_name,
                    body: row.body,
                    revision: u32::try_from(row.edit_count + 1).map_err(|_| DbError::Corrupt("edit_count".into()))?,
                    deleted: row.deleted,
                })
            })
            .collect()
    }

    async fn comment_meta(&self, id: CommentId) -> Result<Option<CommentMeta>, DbError> {
        let row: Option<(i64, i64, i64, i64, Option<i64>, bool, String)> = sqlx::query_as(
            "SELECT id, article_id, author_id, created_at, deleted_by, deleted, status FROM comments WHERE id = ?1",
        )
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, article, author, created_at, deleted_by, deleted, status)| {
            Ok(CommentMeta {
                id: CommentId(id),
                article: ArticleKey(article),
                author: UserId(author),
                created_at: time(created_at)?,
                deleted_by: deleted_by.map(UserId),
                deleted,
                state: state(&status)?,
            })
        })
        .transpose()
    }

    async fn latest_body_of(&self, author: UserId) -> Result<Option<String>, DbError> {
        Ok(sqlx::query_scalar(
            "SELECT body FROM comments WHERE author_id = ?1 ORDER BY created_at DESC, id DESC LIMIT 1",
        )
        .bind(author.0)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn delete_comment(&self, id: CommentId, by: UserId) -> Result<bool, DbError> {
        set_deleted(&self.writer, id, Some(by)).await
    }

    async fn restore_comment(&self, id: CommentId) -> Result<bool, DbError> {
        set_deleted(&self.writer, id, None).await
    }
}

/// Flips `deleted` and keeps the article's comment count in step, in one transaction.
async fn set_deleted(pool: &SqlitePool, id: CommentId, by: Option<UserId>) -> Result<bool, DbError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let changed = mark_deleted(&mut tx, id, by).await?;
    tx.commit().await?;
    Ok(changed)
}

/// Within `tx`: deletes comment `id` (by `by`), or restores it (`None`), settling its open
/// reports, keeping its article's count and logging the change; false when it already was so.
pub(in crate::db) async fn mark_deleted(
    tx: &mut SqliteConnection,
    id: CommentId,
    by: Option<UserId>,
) -> Result<bool, DbError> {
    let deleting = by.is_some();
    let changed: Option<(i64, String, i64, i64)> = sqlx::query_as(
        "UPDATE comments SET deleted = ?1, deleted_by = ?2 WHERE id = ?3 AND deleted = ?4 \
         RETURNING article_id, status, author_id, open_reports",
    )
    .bind(deleting)
    .bind(by.map(|user| user.0))
    .bind(id.0)
    .bind(!deleting)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((article, status, author, open_reports)) = changed else { return Ok(false) };
    // A deleted comment is out of the reported queue: its open reports are settled now, upheld
    // when a moderator took it down, withdrawn when its author did.
    if let Some(by) = by.filter(|_| open_reports > 0) {
        let (outcome, decider) =
            if by.0 == author { (reports::Settled::Withdrawn, None) } else { (reports::Settled::Upheld, Some(by)) };
        reports::settle(&mut *tx, id.0, outcome, decider, chrono::Utc::now()).await?;
    }
    // Only published comments are counted.
    if state(&status)? == CommentState::Published {
        sqlx::query("UPDATE articles SET comment_count = comment_count + ?1 WHERE id = ?2")
            .bind(if deleting { -1 } else { 1 })
            .bind(article)
            .execute(&mut *tx)
            .await?;
    }
    let kind = if deleting { EventKind::Deleted } else { EventKind::Restored };
    events::append(&mut *tx, kind, Some(article), Some(id.0)).await?;
    Ok(true)
}
