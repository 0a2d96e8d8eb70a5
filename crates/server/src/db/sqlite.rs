//! The SQLite implementation of [`Repository`]: the embedded default.

use std::str::FromStr;
use std::time::Duration;

mod accounts;
mod appending;
mod drafts;
mod moderation;
mod references;
mod revisions;
mod rows;
mod sites;
mod users;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rows::{ARTICLE_COLUMNS, ArticleRow, CommentRow, SummaryRow, count, millis, slug, time};
use schrieb_api::{
    Article, ArticleSummary, CommentId, CommentPage, CommentPermalink, IdempotencyKey, MentionRef, PER_PAGE,
    PageNumber, ReactionKind, Reactors, RevisionHistory, Slug, UserId, UserProfile, UserSuggestion, page_count,
    page_of_position,
};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{FromRow, SqlitePool};

use super::{
    Appended, ArticleKey, CommentEdit, CommentMeta, DbError, KeyedComment, NewArticle, NewComment, Posted,
    QuotedComment, Repository,
};

/// A page of a thread: the comments at positions `?2..=?3` of article `?1`, in order. The
/// query-plan test runs this very constant.
const PAGE_QUERY: &str = "SELECT c.id, c.position, c.author_id, u.display_name, c.body, c.created_at, \
     c.edited_at, c.edit_count, c.deleted, c.guest_name FROM comments c JOIN users u ON u.id = c.author_id \
     WHERE c.article_id = ?1 AND c.position BETWEEN ?2 AND ?3 ORDER BY c.position";

/// One comment with its article's slug.
const PERMALINK_QUERY: &str = "SELECT c.id, c.position, c.author_id, u.display_name, c.body, c.created_at, \
     c.edited_at, c.edit_count, c.deleted, c.guest_name, a.slug FROM comments c JOIN users u ON u.id = c.author_id \
     JOIN articles a ON a.id = c.article_id WHERE c.id = ?1";

/// SQLite in WAL mode: a pool of readers, which never wait for the writer, and one writer
/// connection. SQLite takes one write at a time anyway; queueing writes for the one connection
/// in the pool (an async wait) replaces the busy-wait sleeps that competing writers would get
/// from SQLite's busy handler, which under load cost far more than the writes themselves.
#[derive(Debug, Clone)]
pub struct SqliteRepository {
    pool: SqlitePool,
    writer: SqlitePool,
}

impl SqliteRepository {
    /// Opens (creating if missing) and migrates the database at `url`: `sqlite://path`,
    /// `sqlite::memory:` or a plain file path.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        let url = if url.starts_with("sqlite:") { url.to_owned() } else { format!("sqlite://{url}") };
        let options = SqliteConnectOptions::from_str(&url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // With WAL, NORMAL is durable across application crashes and much faster than FULL.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let writer = SqlitePoolOptions::new().max_connections(1).connect_with(options.clone()).await?;
        sqlx::migrate!("./migrations/sqlite").run(&writer).await?;
        // An in-memory database exists once per connection: there, everything shares the writer.
        let pool = if url.contains(":memory:") {
            writer.clone()
        } else {
            SqlitePoolOptions::new().max_connections(8).connect_with(options).await?
        };
        Ok(Self { pool, writer })
    }

    /// The pool, for tests that inspect the database directly.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

#[async_trait]
impl Repository for SqliteRepository {
    async fn list_articles(&self) -> Result<Vec<ArticleSummary>, DbError> {
        let rows: Vec<SummaryRow> = sqlx::query_as(
            "SELECT slug, title, author, published_at, comment_count FROM articles \
             ORDER BY published_at DESC, id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(ArticleSummary {
                    slug: slug(row.slug)?,
                    title: row.title,
                    author: row.author,
                    published_at: time(row.published_at)?,
                    comment_count: count(row.comment_count)?,
                })
            })
            .collect()
    }

    async fn find_article(&self, wanted: &Slug) -> Result<Option<Article>, DbError> {
        let row: Option<ArticleRow> = sqlx::query_as(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN sites s ON s.id = a.site_id WHERE a.slug = ?"
        ))
        .bind(wanted.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(ArticleRow::into_article).transpose()
    }

    async fn comment_page(&self, wanted: &Slug, page: PageNumber) -> Result<Option<CommentPage>, DbError> {
        let (first, last) = page.positions();
        // One read transaction: the thread length and the page come from the same snapshot.
        let mut tx = self.pool.begin().await?;
        let article: Option<(i64, i64)> = sqlx::query_as("SELECT id, thread_length FROM articles WHERE slug = ?1")
            .bind(wanted.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        let Some((id, thread_length)) = article else { return Ok(None) };
        let rows: Vec<CommentRow> =
            sqlx::query_as(PAGE_QUERY).bind(id).bind(first).bind(last).fetch_all(&mut *tx).await?;
        let mut items = rows.into_iter().map(CommentRow::into_comment).collect::<Result<Vec<_>, _>>()?;
        references::attach(&mut tx, &mut items).await?;
        tx.commit().await?;
        let total = count(thread_length)?;
        Ok(Some(CommentPage { items, page: page.get(), pages: page_count(total), total, per_page: PER_PAGE }))
    }

    async fn find_comment(&self, id: CommentId) -> Result<Option<CommentPermalink>, DbError> {
        #[derive(FromRow)]
        struct Row {
            #[sqlx(flatten)]
            comment: CommentRow,
            slug: String,
        }
        let mut conn = self.pool.acquire().await?;
        let row: Option<Row> = sqlx::query_as(PERMALINK_QUERY).bind(id.0).fetch_optional(&mut *conn).await?;
        let Some(row) = row else { return Ok(None) };
        let mut comment = [row.comment.into_comment()?];
        references::attach(&mut conn, &mut comment).await?;
        let [comment] = comment;
        let page = page_of_position(comment.position);
        Ok(Some(CommentPermalink { comment, article_slug: slug(row.slug)?, page }))
    }

    async fn is_empty(&self) -> Result<bool, DbError> {
        let any: Option<i64> = sqlx::query_scalar("SELECT id FROM articles LIMIT 1").fetch_optional(&self.pool).await?;
        Ok(any.is_none())
    }

    async fn ensure_site(&self, name: &str, now: DateTime<Utc>) -> Result<i64, DbError> {
        sqlx::query("INSERT INTO sites (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(millis(now))
            .execute(&self.writer)
            .await?;
        Ok(sqlx::query_scalar("SELECT id FROM sites WHERE name = ?").bind(name).fetch_one(&self.pool).await?)
    }

    async fn ensure_user(&self, display_name: &str, now: DateTime<Utc>) -> Result<UserId, DbError> {
        sqlx::query(
            "INSERT INTO users (display_name, created_at) VALUES (?, ?) \
             ON CONFLICT (lower(display_name)) DO NOTHING",
        )
        .bind(display_name)
        .bind(millis(now))
        .execute(&self.writer)
        .await?;
        let id = sqlx::query_scalar("SELECT id FROM users WHERE lower(display_name) = lower(?)")
            .bind(display_name)
            .fetch_one(&self.pool)
            .await?;
        Ok(UserId(id))
    }

    async fn insert_article(&self, article: &NewArticle) -> Result<ArticleKey, DbError> {
        let id = sqlx::query_scalar(
            "INSERT INTO articles (site_id, slug, lang, canonical_url, title, author, published_at, body, note) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(article.site_id)
        .bind(article.slug.as_str())
        .bind(&article.lang)
        .bind(&article.canonical_url)
        .bind(&article.title)
        .bind(&article.author)
        .bind(millis(article.published_at))
        .bind(&article.body)
        .bind(&article.note)
        .fetch_one(&self.writer)
        .await?;
        Ok(ArticleKey(id))
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

    async fn edit_comment(&self, id: CommentId, edit: &CommentEdit) -> Result<bool, DbError> {
        revisions::edit(&self.writer, id, edit).await
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
             JOIN users u ON u.id = c.author_id WHERE c.id IN (SELECT value FROM json_each(?1))",
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

    async fn users_named(&self, names: &[String]) -> Result<Vec<MentionRef>, DbError> {
        let wanted = serde_json::to_string(names).map_err(|error| DbError::Corrupt(format!("names: {error}")))?;
        let users: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, display_name FROM users WHERE lower(display_name) IN (SELECT lower(value) FROM json_each(?1))",
        )
        .bind(wanted)
        .fetch_all(&self.pool)
        .await?;
        // Each name as the body wrote it, paired with the account it names (SQLite's lower()
        // folds ASCII only, and so does this match).
        Ok(names
            .iter()
            .filter_map(|name| {
                let (id, _) = users.iter().find(|(_, display)| display.eq_ignore_ascii_case(name))?;
                Some(MentionRef { name: name.clone(), user: UserId(*id) })
            })
            .collect())
    }

    async fn revisions(&self, id: CommentId) -> Result<Option<RevisionHistory>, DbError> {
        revisions::history(&self.pool, id).await
    }

    async fn suggest_users(
        &self,
        prefix: &str,
        thread: Option<ArticleKey>,
        limit: u32,
    ) -> Result<Vec<UserSuggestion>, DbError> {
        users::suggestions(&self.pool, prefix, thread, limit).await
    }

    async fn user_profile(&self, id: UserId) -> Result<Option<UserProfile>, DbError> {
        users::profile(&self.pool, id).await
    }

    async fn article_key(&self, slug: &Slug) -> Result<Option<ArticleKey>, DbError> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE slug = ?1")
            .bind(slug.as_str())
            .fetch_optional(&self.pool)
            .await?;
        Ok(id.map(ArticleKey))
    }

    async fn guest_comments_allowed(&self, article: ArticleKey) -> Result<bool, DbError> {
        let allowed: Option<bool> = sqlx::query_scalar(
            "SELECT s.guest_comments FROM articles a JOIN sites s ON s.id = a.site_id WHERE a.id = ?1",
        )
        .bind(article.0)
        .fetch_optional(&self.pool)
        .await?;
        Ok(allowed.unwrap_or(false))
    }

    async fn set_guest_comments(&self, site: &str, allowed: bool) -> Result<bool, DbError> {
        let done = sqlx::query("UPDATE sites SET guest_comments = ?1 WHERE name = ?2")
            .bind(allowed)
            .bind(site)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn comment_meta(&self, id: CommentId) -> Result<Option<CommentMeta>, DbError> {
        moderation::comment_meta(&self.pool, id).await
    }

    async fn latest_body_of(&self, author: UserId) -> Result<Option<String>, DbError> {
        moderation::latest_body_of(&self.pool, author).await
    }

    async fn delete_comment(&self, id: CommentId, by: UserId) -> Result<bool, DbError> {
        moderation::set_deleted(&self.writer, id, Some(by)).await
    }

    async fn restore_comment(&self, id: CommentId) -> Result<bool, DbError> {
        moderation::set_deleted(&self.writer, id, None).await
    }

    async fn set_reaction(
        &self,
        comment: CommentId,
        user: UserId,
        kind: ReactionKind,
        on: bool,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        moderation::set_reaction(&self.writer, comment, user, kind, on, now).await
    }

    async fn reactions_of(
        &self,
        user: UserId,
        comments: &[CommentId],
    ) -> Result<Vec<(CommentId, ReactionKind)>, DbError> {
        moderation::reactions_of(&self.pool, user, comments).await
    }

    async fn reactors(&self, comment: CommentId) -> Result<Vec<Reactors>, DbError> {
        moderation::reactors(&self.pool, comment).await
    }
}

/// Ids as a JSON array, for `IN (SELECT value FROM json_each(?))`: one statement for any
/// number of ids.
pub(super) fn json_ids(ids: impl Iterator<Item = i64>) -> Result<String, DbError> {
    serde_json::to_string(&ids.collect::<Vec<_>>()).map_err(|error| DbError::Corrupt(format!("ids: {error}")))
}

#[cfg(test)]
mod tests;
