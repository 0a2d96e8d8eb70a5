//! Authors' records in SQLite, as moderators weigh their comments: how many stand where, the
//! sanction, and moderators' notes.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use schrieb_api::{AccountRecord, CommentState, LogActor, ModeratorNote, UserId};
use sqlx::SqliteConnection;

use super::rows::{millis, state, time};
use super::sanctions;
use crate::db::DbError;

/// How many notes a record carries, newest first: enough to read, not a whole history.
pub(super) const NOTES_SHOWN: u32 = 50;

/// The record of `account`; `None` when there is no such account.
pub(super) async fn of(conn: &mut SqliteConnection, account: UserId) -> Result<Option<AccountRecord>, DbError> {
    let Some((user, _, sanction)) = sanctions::account(&mut *conn, account).await? else { return Ok(None) };
    let created_at: i64 =
        sqlx::query_scalar("SELECT created_at FROM users WHERE id = ?1").bind(account.0).fetch_one(&mut *conn).await?;
    let counts: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM comments WHERE author_id = ?1 AND NOT deleted GROUP BY status")
            .bind(account.0)
            .fetch_all(&mut *conn)
            .await?;
    let mut record = AccountRecord {
        user,
        created_at: time(created_at)?,
        published: 0,
        pending: 0,
        rejected: 0,
        sanction,
        notes: notes(&mut *conn, account).await?,
    };
    for (status, count) in counts {
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        match state(&status)? {
            CommentState::Published => record.published = count,
            CommentState::Pending => record.pending = count,
            CommentState::Rejected => record.rejected = count,
        }
    }
    Ok(Some(record))
}

/// The records of `accounts` (each once), by account.
pub(super) async fn of_accounts(
    conn: &mut SqliteConnection,
    accounts: impl IntoIterator<Item = UserId>,
) -> Result<HashMap<UserId, AccountRecord>, DbError> {
    let mut records = HashMap::new();
    for account in accounts {
        if records.contains_key(&account) {
            continue;
        }
        if let Some(record) = of(&mut *conn, account).await? {
            records.insert(account, record);
        }
    }
    Ok(records)
}

/// The newest [`NOTES_SHOWN`] notes on `account`.
async fn notes(conn: &mut SqliteConnection, account: UserId) -> Result<Vec<ModeratorNote>, DbError> {
    let rows: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT n.at, n.moderator_id, u.display_name, n.body FROM moderator_notes n \
         JOIN users u ON u.id = n.moderator_id WHERE n.account_id = ?1 ORDER BY n.id DESC LIMIT ?2",
    )
    .bind(account.0)
    .bind(NOTES_SHOWN)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(at, moderator, display_name, body)| {
            Ok(ModeratorNote { at: time(at)?, moderator: LogActor { id: UserId(moderator), display_name }, body })
        })
        .collect()
}

/// Adds moderator `moderator`'s note `body` on `account` at `at`, and answers with it; `None`
/// when there is no such account.
pub(super) async fn add_note(
    tx: &mut SqliteConnection,
    account: UserId,
    moderator: UserId,
    body: &str,
    at: DateTime<Utc>,
) -> Result<Option<ModeratorNote>, DbError> {
    let added = sqlx::query(
        "INSERT INTO moderator_notes (account_id, moderator_id, at, body) \
         SELECT id, ?2, ?3, ?4 FROM users WHERE id = ?1",
    )
    .bind(account.0)
    .bind(moderator.0)
    .bind(millis(at))
    .bind(body)
    .execute(&mut *tx)
    .await?;
    if added.rows_affected() == 0 {
        return Ok(None);
    }
    let display_name: String =
        sqlx::query_scalar("SELECT display_name FROM users WHERE id = ?1").bind(moderator.0).fetch_one(tx).await?;
    // As stored: to the millisecond.
    let at = time(millis(at))?;
    Ok(Some(ModeratorNote { at, moderator: LogActor { id: moderator, display_name }, body: body.to_owned() }))
}
