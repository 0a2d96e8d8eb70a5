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
use crate::db::{ArticleKey, DbError, UserStore};

#[async_trait]
impl UserStore for PgRepository {
    async fn ensure_user(&self, display_name: &str, now: DateTime<Utc>) -> Result<UserId, DbError> {
        sqlx::query(
            "INSERT INTO users (display_name, created_at) VALUES ($1, $2) \
             ON CONFLICT (lower(display_name)) DO NOTHING",
        )
        .bind(display_name)
        .bind(millis(now))
        .execute(&self.pool)
        .await?;
        let id = sqlx::query_scalar("SELECT id FROM users WHERE lower(display_name) = lower($1)")
            .bind(display_name)
            .fetch_one(&self.pool)
            .await?;
        Ok(UserId(id))
    }

    async fn users_named(&self, names: &[String]) -> Result<Vec<MentionRef>, DbError> {
        // Each name as the body wrote it, paired with the account it names, in the order of
        // `names`. The pairing is PostgreSQL's: its lower() folds Unicode, as the unique index
        // of lower-cased names does, so "ölsardine" names "Ölsardine" (a fold in Rust could
        // differ from the database's in a few letters, and the index is what says who is who).
        let found: Vec<(String, i64)> = sqlx::query_as(
            "SELECT n.name, u.id FROM unnest($1::TEXT[]) WITH ORDINALITY AS n (name, ord) \
             JOIN users u ON lower(u.display_name) = lower(n.name) ORDER BY n.ord",
        )
        .bind(names)
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
    let user: Option<(String, i64)> = sqlx::query_as("SELECT display_name, created_at FROM users WHERE id = $1")
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

/// Accounts whose lower-cased name starts with the lower-cased LIKE-escaped prefix `$1`, with
/// whether they wrote in thread `$2`, at most `$3`. PostgreSQL's lower() folds Unicode (the
/// cluster's locale is UTF-8), so this is a prefix match in any case, umlauts included: no
/// case classes as SQLite's GLOB needs. The shared guest account ("Gast", which guests'
/// comments belong to) is nobody to mention. The thread's authors are one pass over the
/// thread, not one lookup per matching account. The order is by the lower-cased name's code
/// points (`COLLATE "C"`), as SQLite's binary collation orders, whatever the database's
/// collation.
pub(super) const SUGGEST_QUERY: &str = "SELECT u.id, u.display_name, \
     u.id IN (SELECT c.author_id FROM comments c WHERE c.article_id = $2 AND NOT c.deleted \
     AND c.status = 'published') AS in_thread \
     FROM users u WHERE lower(u.display_name) LIKE (lower($1) || '%') ESCAPE '\\' \
     AND lower(u.display_name) <> 'gast' \
     ORDER BY in_thread DESC, lower(u.display_name) COLLATE \"C\", u.id LIMIT $3";

/// See [`UserStore::suggest_users`]. Every account is a candidate, as every account
/// is one a mention resolves to (`users_named` matches the whole table too).
async fn suggestions(
    pool: &PgPool,
    prefix: &str,
    thread: Option<ArticleKey>,
    limit: u32,
) -> Result<Vec<UserSuggestion>, DbError> {
    let rows: Vec<SuggestionRow> = sqlx::query_as(SUGGEST_QUERY)
        .bind(like_escaped(prefix))
        .bind(thread.map(|key| key.0))
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| UserSuggestion { id: UserId(row.id), display_name: row.display_name, in_thread: row.in_thread })
        .collect())
}

/// `prefix` as the literal start of a LIKE pattern: LIKE's `%` and `_`, and `\`, its escape
/// character, each match only themselves behind a `\`. GLOB's `*`, `?` and `[` mean nothing to
/// LIKE and match only themselves as they are.
fn like_escaped(prefix: &str) -> String {
    let mut pattern = String::with_capacity(prefix.len() + 4);
    for c in prefix.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_like_prefix_escapes_the_wildcards_and_nothing_else() {
        assert_eq!(like_escaped("On"), "On");
        assert_eq!(like_escaped("öl"), "öl");
        assert_eq!(like_escaped("a%_\\"), "a\\%\\_\\\\");
        assert_eq!(like_escaped("x*?[]"), "x*?[]");
        assert_eq!(like_escaped("ß1 "), "ß1 ");
    }
}
