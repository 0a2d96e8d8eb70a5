//! People's public profiles.

use schrieb_api::{CommentId, PROFILE_COMMENTS, UserComment, UserId, UserProfile, page_of_position};
use sqlx::{FromRow, SqlitePool};

use super::rows::{count, slug, time};
use crate::db::DbError;

/// How long a profile's comment excerpts are.
const EXCERPT_CHARS: usize = 200;

#[derive(FromRow)]
struct RecentRow {
    id: i64,
    position: i64,
    body: String,
    created_at: i64,
    slug: String,
    title: String,
}

/// The profile of user `id`, with their latest comments (the author index keeps this a range
/// scan however much they wrote).
pub(super) async fn profile(pool: &SqlitePool, id: UserId) -> Result<Option<UserProfile>, DbError> {
    let mut tx = pool.begin().await?;
    let user: Option<(String, i64)> = sqlx::query_as("SELECT display_name, created_at FROM users WHERE id = ?1")
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await?;
    let Some((display_name, joined_at)) = user else { return Ok(None) };
    let comment_count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM comments WHERE author_id = ?1 AND NOT deleted")
        .bind(id.0)
        .fetch_one(&mut *tx)
        .await?;
    let rows: Vec<RecentRow> = sqlx::query_as(
        "SELECT c.id, c.position, c.body, c.created_at, a.slug, a.title FROM comments c \
         JOIN articles a ON a.id = c.article_id WHERE c.author_id = ?1 AND NOT c.deleted \
         ORDER BY c.created_at DESC, c.id DESC LIMIT ?2",
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
                page: page_of_position(count(row.position)?),
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
