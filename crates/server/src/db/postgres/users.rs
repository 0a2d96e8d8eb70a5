//! People in PostgreSQL: the names mentions resolve to, their public profiles, and the accounts
//! suggested while a mention is typed.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{
    CommentId, MentionRef, PROFILE_COMMENTS, UserComment, UserId, UserProfile, UserSuggestion, page_of_position,
};
use sqlx::PgPool;

use super::PgRepository;
use crate::db::sqlite::rows::{count, millis, slug, time};
use crate::db::sqlite::users::{EXCERPT_CHARS, RecentRow, SuggestionRow};
use crate::db::users::{name_key, name_key_range};
use crate::db::{ArticleKey, DbError, UserStore};

#[async_trait]
impl UserStore for PgRepository {
    async fn ensure_user(&self, display_name: &str, now: DateTime<Utc>) -> Result<UserId, DbError> {
        let key = name_key(display_name);
        sqlx::query(
            "INSERT INTO users (display_name, name_key, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name_key) DO NOTHING",
        )
        .bind(display_name)
        .bind(&key)
        .bind(millis(now))
        .execute(&self.pool)
        .await?;
        let id =
            sqlx::query_scalar("SELECT id FROM users WHERE name_key = $1").bind(&key).fetch_one(&self.pool).await?;
        Ok(UserId(id))
    }

    async fn users_named(&self, names: &[String]) -> Result<Vec<MentionRef>, DbError> {
        // Each name as the body wrote it, paired with the account its key names, in the order
        // of `names`.
        let keys: Vec<String> = names.iter().map(|name| name_key(name)).collect();
        let found: Vec<(String, i64)> = sqlx::query_as(
            "SELECT n.name, u.id FROM unnest($1::TEXT[], $2::TEXT[]) WITH ORDINALITY AS n (name, key, ord) \
             JOIN users u ON u.name_key = n.key ORDER BY n.ord",
        )
        .bind(names)
        .bind(&keys)
        .fetch_all(&self.pool)
        .await?;
        Ok(found.into_iter().map(|(name, id)| MentionRef { name, user: UserId(id) }).collect())
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

/// The profile of user `id`, with their latest comments (the author index keeps this a range
/// scan however much they wrote).
async fn profile(pool: &PgPool, id: UserId) -> Result<Option<UserProfile>, DbError> {
    // One snapshot for the count and the list, as SQLite's read transaction gives: READ
    // COMMITTED would take a new one for each statement. Read-only, it never fails to commit.
    let mut tx = super::read_snapshot(pool).await?;
    let user: Option<(String, i64)> =
        sqlx::query_as("SELECT display_name, created_at FROM users WHERE id = $1 AND deleted_at IS NULL")
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((display_name, joined_at)) = user else { return Ok(None) };
    // A profile is public: published comments only (`domain::moderation::visibility`).
    let comment_count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM comments WHERE author_id = $1 AND NOT deleted AND status = 'published'",
    )
    .bind(id.0)
    .fetch_one(&mut *tx)
    .await?;
    let rows: Vec<RecentRow> = sqlx::query_as(
        "SELECT c.id, c.position, c.body, c.created_at, a.slug, a.title FROM comments c \
         JOIN articles a ON a.id = c.article_id WHERE c.author_id = $1 AND NOT c.deleted \
         AND c.status = 'published' ORDER BY c.created_at DESC, c.id DESC LIMIT $2",
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

/// Accounts whose name's key falls in `[$1, $3)` (the keys starting with a prefix's, see
/// [`name_key_range`]), compared byte by byte (`COLLATE "C"`, as SQLite's binary collation
/// compares, whatever the database's collation), with whether they wrote in thread `$2`, at
/// most `$4`, by key. The shared guest account ("Gast", which guests' comments belong to) is
/// nobody to mention. The thread's authors are one pass over the thread, not one lookup per
/// matching account.
pub(super) const SUGGEST_QUERY: &str = "SELECT u.id, u.display_name, \
     u.id IN (SELECT c.author_id FROM comments c WHERE c.article_id = $2 AND NOT c.deleted \
     AND c.status = 'published') AS in_thread \
     FROM users u WHERE u.name_key COLLATE \"C\" >= $1 AND u.name_key COLLATE \"C\" < $3 \
     AND u.name_key <> 'gast' \
     ORDER BY in_thread DESC, u.name_key COLLATE \"C\", u.id LIMIT $4";

/// See [`UserStore::suggest_users`]. Every account is a candidate, as every account
/// is one a mention resolves to (`users_named` matches the whole table too).
async fn suggestions(
    pool: &PgPool,
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

/// Gives the names with letters beyond ASCII the key the server computes (see the SQLite
/// store's `refold_names`): PostgreSQL's lower() that made the keys follows the cluster's
/// locale, which may fold no further than ASCII.
pub(super) async fn refold_names(pool: &PgPool) -> Result<(), DbError> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, display_name, name_key FROM users WHERE display_name ~ '[^ -~]' ORDER BY id")
            .fetch_all(pool)
            .await?;
    for (id, name, stored) in rows {
        let key = name_key(&name);
        if key == stored {
            continue;
        }
        let set = |key: String| sqlx::query("UPDATE users SET name_key = $1 WHERE id = $2").bind(key).bind(id);
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
