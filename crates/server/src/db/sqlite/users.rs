//! People in SQLite: the names mentions resolve to, their public profiles, and the accounts
//! suggested while a mention is typed.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{
    CommentId, MentionRef, PROFILE_COMMENTS, UserComment, UserId, UserProfile, UserSuggestion, page_of_position,
};
use sqlx::{FromRow, SqlitePool};

use super::SqliteRepository;
use super::rows::{count, millis, slug, time};
use crate::db::users::{name_key, name_key_range};
use crate::db::{ArticleKey, DbError, UserStore};

#[async_trait]
impl UserStore for SqliteRepository {
    async fn ensure_user(&self, display_name: &str, now: DateTime<Utc>) -> Result<UserId, DbError> {
        let key = name_key(display_name);
        sqlx::query(
            "INSERT INTO users (display_name, name_key, created_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (name_key) DO NOTHING",
        )
        .bind(display_name)
        .bind(&key)
        .bind(millis(now))
        .execute(&self.writer)
        .await?;
        let id =
            sqlx::query_scalar("SELECT id FROM users WHERE name_key = ?1").bind(&key).fetch_one(&self.pool).await?;
        Ok(UserId(id))
    }

    async fn users_named(&self, names: &[String]) -> Result<Vec<MentionRef>, DbError> {
        let keys: Vec<String> = names.iter().map(|name| name_key(name)).collect();
        let wanted = serde_json::to_string(&keys).map_err(|error| DbError::Corrupt(format!("names: {error}")))?;
        let users: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, name_key FROM users WHERE name_key IN (SELECT value FROM json_each(?1))")
                .bind(wanted)
                .fetch_all(&self.pool)
                .await?;
        // Each name as the body wrote it, paired with the account its key names.
        Ok(names
            .iter()
            .zip(&keys)
            .filter_map(|(name, key)| {
                let (id, _) = users.iter().find(|(_, found)| found == key)?;
                Some(MentionRef { name: name.clone(), user: UserId(*id) })
            })
            .collect())
    }

    async fn suggest_users(
        &self,
        prefix: &str,
        thread: Option<ArticleKey>,
        limit: u32,
    ) -> Result<Vec<UserSuggestion>, DbError> {
        suggestions(&self.pool, prefix, thread, limit).await
    }

    async fn user_profile(&self, id: UserId) -> Result<Option<UserProfile>, DbError> {
        profile(&self.pool, id).await
    }
}

/// How long a profile's comment excerpts are.
pub(in crate::db) const EXCERPT_CHARS: usize = 200;

#[derive(FromRow)]
pub(in crate::db) struct RecentRow {
    pub(in crate::db) id: i64,
    pub(in crate::db) position: Option<i64>,
    pub(in crate::db) body: String,
    pub(in crate::db) created_at: i64,
    pub(in crate::db) slug: String,
    pub(in crate::db) title: String,
}

/// The profile of user `id`, with their latest comments (the author index keeps this a range
/// scan however much they wrote).
async fn profile(pool: &SqlitePool, id: UserId) -> Result<Option<UserProfile>, DbError> {
    let mut tx = pool.begin().await?;
    let user: Option<(String, i64)> =
        sqlx::query_as("SELECT display_name, created_at FROM users WHERE id = ?1 AND deleted_at IS NULL")
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((display_name, joined_at)) = user else { return Ok(None) };
    // A profile is public: published comments only (`domain::moderation::visibility`).
    let comment_count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM comments WHERE author_id = ?1 AND NOT deleted AND status = 'published'",
    )
    .bind(id.0)
    .fetch_one(&mut *tx)
    .await?;
    let rows: Vec<RecentRow> = sqlx::query_as(
        "SELECT c.id, c.position, c.body, c.created_at, a.slug, a.title FROM comments c \
         JOIN articles a ON a.id = c.article_id WHERE c.author_id = ?1 AND NOT c.deleted \
         AND c.status = 'published' ORDER BY c.created_at DESC, c.id DESC LIMIT ?2",
    )
    .bind(id.0)
    .bind(i64::from(PROFILE_COMMENTS))
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let recent = rows
        .into_iter()
        .map(|row| {
            Ok(UserComment {
                id: CommentId(row.id),
                article_slug: slug(row.slug)?,
                article_title: row.title,
                // Published comments all have a place.
                page: page_of_position(row.position.map(count).transpose()?.unwrap_or(1)),
                created_at: time(row.created_at)?,
                excerpt: schrieb_markup::excerpt(&schrieb_markup::parse(&row.body), EXCERPT_CHARS),
            })
        })
        .collect::<Result<_, DbError>>()?;
    Ok(Some(UserProfile {
        id,
        display_name,
        joined_at: time(joined_at)?,
        comment_count: count(comment_count)?,
        recent,
    }))
}

/// Accounts whose name's key falls in `[?1, ?3)` (the keys starting with a prefix's, see
/// [`name_key_range`]: a range of the unique index, however many accounts there are), with
/// whether they wrote in thread `?2`, at most `?4`, by key. The shared guest account ("Gast",
/// which guests' comments belong to) is nobody to mention. The thread's authors are one pass
/// over the thread, not one lookup per matching account.
pub(in crate::db) const SUGGEST_QUERY: &str = "SELECT u.id, u.display_name, \
     u.id IN (SELECT c.author_id FROM comments c WHERE c.article_id = ?2 AND NOT c.deleted \
     AND c.status = 'published') AS in_thread \
     FROM users u WHERE u.name_key >= ?1 AND u.name_key < ?3 AND u.name_key <> 'gast' \
     ORDER BY in_thread DESC, u.name_key, u.id LIMIT ?4";

#[derive(FromRow)]
pub(in crate::db) struct SuggestionRow {
    pub(in crate::db) id: i64,
    pub(in crate::db) display_name: String,
    pub(in crate::db) in_thread: bool,
}

/// See [`UserStore::suggest_users`]. Every account is a candidate, as every account
/// is one a mention resolves to (`users_named` matches the whole table too).
async fn suggestions(
    pool: &SqlitePool,
    prefix: &str,
    thread: Option<ArticleKey>,
    limit: u32,
) -> Result<Vec<UserSuggestion>, DbError> {
    let (low, high) = name_key_range(prefix);
    let rows: Vec<SuggestionRow> = sqlx::query_as(SUGGEST_QUERY)
        .bind(low)
        .bind(thread.map(|key| key.0))
        .bind(high)
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| UserSuggestion { id: UserId(row.id), display_name: row.display_name, in_thread: row.in_thread })
        .collect())
}

/// Gives the names with letters beyond ASCII the key the server computes: the migration that
/// made the keys could only lower-case ASCII (and a database copied from elsewhere may have
/// keys of another fold). Two accounts whose names were told apart before and are one name now
/// keep apart: the later one's key gets its id appended, and a warning says so.
pub(in crate::db) async fn refold_names(pool: &SqlitePool) -> Result<(), DbError> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, display_name, name_key FROM users WHERE display_name GLOB '*[^ -~]*' ORDER BY id")
            .fetch_all(pool)
            .await?;
    for (id, name, stored) in rows {
        let key = name_key(&name);
        if key == stored {
            continue;
        }
        let set = |key: String| sqlx::query("UPDATE users SET name_key = ?1 WHERE id = ?2").bind(key).bind(id);
        match set(key.clone()).execute(pool).await {
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                tracing::warn!(id, name, "two accounts' names are one now; this one keeps a key of its own");
                set(format!("{key}#{id}")).execute(pool).await?;
            }
            other => {
                other?;
            }
        }
    }
    Ok(())
}
