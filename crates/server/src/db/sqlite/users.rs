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
use crate::db::{ArticleKey, DbError, UserStore};

#[async_trait]
impl UserStore for SqliteRepository {
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
    let user: Option<(String, i64)> = sqlx::query_as("SELECT display_name, created_at FROM users WHERE id = ?1")
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

/// Accounts whose name matches the GLOB pattern `?1`, with whether they wrote in thread `?2`.
/// The shared guest account ("Gast", which guests' comments belong to) is nobody to mention.
/// The thread's authors are one pass over the thread, not one lookup per matching account.
const SUGGEST_SELECT: &str = "SELECT u.id, u.display_name, \
     u.id IN (SELECT c.author_id FROM comments c WHERE c.article_id = ?2 AND NOT c.deleted \
     AND c.status = 'published') AS in_thread \
     FROM users u WHERE u.display_name GLOB ?1 AND lower(u.display_name) <> 'gast'";

/// Narrows [`SUGGEST_SELECT`] to the range `?3..?4` of the lower-cased-name index, so that a
/// prefix starting with ASCII letters reads only the names it can match.
const SUGGEST_RANGE: &str = " AND lower(u.display_name) >= ?3 AND lower(u.display_name) < ?4";

const SUGGEST_ORDER: &str = " ORDER BY in_thread DESC, lower(u.display_name), u.id LIMIT ?5";

/// The suggestion query, with the index range when the prefix starts with ASCII (seen by the
/// query-plan test).
pub(in crate::db) fn suggest_query(ranged: bool) -> String {
    format!("{SUGGEST_SELECT}{}{SUGGEST_ORDER}", if ranged { SUGGEST_RANGE } else { "" })
}

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
    let range = ascii_range(prefix);
    let query = suggest_query(range.is_some());
    let (low, high) = range.unzip();
    let rows: Vec<SuggestionRow> = sqlx::query_as(&query)
        .bind(case_insensitive_glob(prefix))
        .bind(thread.map(|key| key.0))
        .bind(low)
        .bind(high)
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| UserSuggestion { id: UserId(row.id), display_name: row.display_name, in_thread: row.in_thread })
        .collect())
}

/// A GLOB pattern for names starting with `prefix` in any case. GLOB rather than LIKE: SQLite's
/// LIKE folds ASCII case only, so "öl" would miss "Ölsardine", while a GLOB class `[öÖ]` matches
/// both; and GLOB has no escape character, so the prefix's own `*`, `?` and `[` become one-letter
/// classes. LIKE's `%`, `_` and `\` mean nothing to GLOB and match only themselves.
fn case_insensitive_glob(prefix: &str) -> String {
    let mut pattern = String::with_capacity(prefix.len() * 2 + 1);
    for c in prefix.chars() {
        let mut forms = vec![c];
        // Only one-to-one mappings: "ß" upper-cases to "SS", which one class cannot say.
        for other in [single(c.to_lowercase()), single(c.to_uppercase())].into_iter().flatten() {
            if !forms.contains(&other) {
                forms.push(other);
            }
        }
        if forms.len() > 1 {
            // Cased letters are never `]`, `^` or `-`, the characters a class treats specially.
            pattern.push('[');
            pattern.extend(forms);
            pattern.push(']');
        } else if matches!(c, '*' | '?' | '[') {
            pattern.extend(['[', c, ']']);
        } else {
            pattern.push(c);
        }
    }
    pattern.push('*');
    pattern
}

fn single(mut chars: impl Iterator<Item = char>) -> Option<char> {
    let first = chars.next()?;
    chars.next().is_none().then_some(first)
}

/// For a prefix starting with ASCII, the bounds `[low, high)` its lower-cased names fall into
/// (SQLite's `lower()` folds ASCII only, so only the ASCII start can be bounded): "On" gives
/// `["on", "oo")`.
fn ascii_range(prefix: &str) -> Option<(String, String)> {
    let low: String = prefix.chars().take_while(char::is_ascii).map(|c| c.to_ascii_lowercase()).collect();
    let last = low.chars().last()?;
    // The next character after an ASCII one always exists (after DEL comes U+0080).
    let next = char::from_u32(u32::from(last) + 1)?;
    let high = format!("{}{next}", &low[..low.len() - 1]);
    Some((low, high))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glob_pattern_matches_any_case_and_nothing_else() {
        assert_eq!(case_insensitive_glob("On"), "[Oo][nN]*");
        assert_eq!(case_insensitive_glob("öl"), "[öÖ][lL]*");
        assert_eq!(case_insensitive_glob("a%_\\"), "[aA]%_\\*");
        assert_eq!(case_insensitive_glob("x*?[]"), "[xX][*][?][[]]*");
        assert_eq!(case_insensitive_glob("ß1 "), "ß1 *");
    }

    #[test]
    fn the_index_range_covers_the_ascii_start() {
        assert_eq!(ascii_range("On"), Some(("on".into(), "oo".into())));
        assert_eq!(ascii_range("Anna Lö"), Some(("anna l".into(), "anna m".into())));
        assert_eq!(ascii_range("Öl"), None);
        assert_eq!(ascii_range("z~"), Some(("z~".into(), "z\u{7f}".into())));
    }
}
