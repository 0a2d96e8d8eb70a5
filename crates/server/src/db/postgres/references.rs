//! Quotes and mentions: stored with a comment, read back with a page of the thread (quotes as
//! stored, for the caller to decide how each stands).

use std::collections::HashMap;

use schrieb_api::{Comment, CommentId, MentionRef, ReactionCount, ReactionKind, UserId};
use sqlx::PgConnection;

use crate::db::sqlite::references::{MentionRow, QuoteRow, revision};
use crate::db::{DbError, NewQuote, SourceNow, StoredQuote};

/// The quotes of the comments whose ids are in the array `$1`, each with its source as it is
/// now. The source's body is read only when it changed since the quote was checked. A source
/// that is no longer published (held again, rejected) reads as deleted: whether the quoted
/// words are still in it would tell readers something of what it says now.
const QUOTES_QUERY: &str = "SELECT q.comment_id, q.source_id, q.source_revision, q.quoted_text, q.verified, \
     (s.deleted OR s.status <> 'published') AS source_deleted, s.edit_count AS source_edit_count, \
     CASE WHEN s.edit_count + 1 = q.source_revision OR s.status <> 'published' THEN NULL ELSE s.body END \
     AS source_body \
     FROM comment_quotes q LEFT JOIN comments s ON s.id = q.source_id \
     WHERE q.comment_id = ANY($1) ORDER BY q.comment_id, q.ordinal";

const REACTIONS_QUERY: &str = "SELECT comment_id, kind, COUNT(*) AS count FROM reactions \
     WHERE comment_id = ANY($1) GROUP BY comment_id, kind";

const MENTIONS_QUERY: &str = "SELECT comment_id, user_id, name FROM comment_mentions \
     WHERE comment_id = ANY($1) ORDER BY comment_id, user_id";

/// Fills in `mentions` and `reactions` of `comments` and reads their quotes as stored, in
/// order (deleted comments keep none: their body is gone).
pub(super) async fn attach(conn: &mut PgConnection, comments: &mut [Comment]) -> Result<Vec<StoredQuote>, DbError> {
    let index: HashMap<i64, usize> =
        comments.iter().enumerate().filter(|(_, c)| !c.deleted).map(|(at, c)| (c.id.0, at)).collect();
    if index.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = index.keys().copied().collect();
    let rows: Vec<QuoteRow> = sqlx::query_as(QUOTES_QUERY).bind(&ids).fetch_all(&mut *conn).await?;
    let mut quotes = Vec::with_capacity(rows.len());
    for row in rows {
        let source_now = match (row.source_deleted, row.source_edit_count) {
            (Some(deleted), Some(edits)) => {
                Some(SourceNow { deleted, revision: revision(edits + 1)?, body: row.source_body })
            }
            _ => None,
        };
        quotes.push(StoredQuote {
            comment: CommentId(row.comment_id),
            source: CommentId(row.source_id),
            verified: row.verified,
            quoted_revision: revision(row.source_revision)?,
            text: row.quoted_text,
            source_now,
        });
    }
    let mentions: Vec<MentionRow> = sqlx::query_as(MENTIONS_QUERY).bind(&ids).fetch_all(&mut *conn).await?;
    for row in mentions {
        if let Some(&at) = index.get(&row.comment_id) {
            comments[at].mentions.push(MentionRef { name: row.name, user: UserId(row.user_id) });
        }
    }
    let reactions: Vec<(i64, String, i64)> = sqlx::query_as(REACTIONS_QUERY).bind(&ids).fetch_all(&mut *conn).await?;
    for (comment, kind, count) in reactions {
        if let (Some(&at), Some(kind)) = (index.get(&comment), ReactionKind::from_name(&kind)) {
            let count = u32::try_from(count).map_err(|_| DbError::Corrupt(format!("reaction count {count}")))?;
            comments[at].reactions.push(ReactionCount { kind, count, mine: false });
        }
    }
    for comment in comments.iter_mut() {
        comment.reactions.sort_by_key(|reaction| reaction.kind);
    }
    Ok(quotes)
}

/// Replaces `comment`'s quotes and mentions with those of its new body (an edit).
pub(super) async fn replace(
    conn: &mut PgConnection,
    comment: i64,
    quotes: &[NewQuote],
    mentions: &[MentionRef],
) -> Result<(), DbError> {
    sqlx::query("DELETE FROM comment_quotes WHERE comment_id = $1").bind(comment).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM comment_mentions WHERE comment_id = $1").bind(comment).execute(&mut *conn).await?;
    store(conn, comment, quotes, mentions).await
}

/// Stores a new comment's quotes and mentions.
pub(super) async fn store(
    conn: &mut PgConnection,
    comment: i64,
    quotes: &[NewQuote],
    mentions: &[MentionRef],
) -> Result<(), DbError> {
    for (ordinal, quote) in quotes.iter().enumerate() {
        sqlx::query(
            "INSERT INTO comment_quotes (comment_id, ordinal, source_id, source_revision, quoted_text, verified) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(comment)
        .bind(i64::try_from(ordinal).unwrap_or(i64::MAX))
        .bind(quote.source.0)
        .bind(i64::from(quote.source_revision))
        .bind(&quote.text)
        .bind(quote.verified)
        .execute(&mut *conn)
        .await?;
    }
    for mention in mentions {
        sqlx::query(
            "INSERT INTO comment_mentions (comment_id, user_id, name) VALUES ($1, $2, $3) \
             ON CONFLICT (comment_id, user_id) DO NOTHING",
        )
        .bind(comment)
        .bind(mention.user.0)
        .bind(&mention.name)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
