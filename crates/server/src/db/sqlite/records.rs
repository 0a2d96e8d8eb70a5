//! Authors' records in SQLite, as moderators weigh their comments: how many stand where, the
//! sanction, and moderators' notes. A queue page's authors are read together, in three queries
//! whatever their number.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use schrieb_api::{AccountRecord, CommentState, LogActor, ModeratorNote, UserId};
use sqlx::{FromRow, SqliteConnection};

use super::rows::{millis, small, state, time};
use super::{json_ids, sanctions};
use crate::db::DbError;

/// How many notes a record carries, newest first: enough to read, not a whole history.
pub(in crate::db) const NOTES_SHOWN: u32 = 50;

/// The record of `account`; `None` when there is no such account.
pub(in crate::db) async fn of(conn: &mut SqliteConnection, account: UserId) -> Result<Option<AccountRecord>, DbError> {
    Ok(of_accounts(conn, [account]).await?.remove(&account))
}

/// The records of `accounts`, by account (those that exist).
pub(in crate::db) async fn of_accounts(
    conn: &mut SqliteConnection,
    accounts: impl IntoIterator<Item = UserId>,
) -> Result<HashMap<UserId, AccountRecord>, DbError> {
    let mut ids: Vec<i64> = accounts.into_iter().map(|account| account.0).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let ids = json_ids(ids.into_iter())?;
    #[derive(FromRow)]
    struct User {
        id: i64,
        display_name: String,
        created_at: i64,
        sanction: Option<String>,
        sanction_until: Option<i64>,
        sanction_reason: Option<String>,
    }
    let users: Vec<User> = sqlx::query_as(
        "SELECT id, display_name, created_at, sanction, sanction_until, sanction_reason FROM users \
         WHERE id IN (SELECT value FROM json_each(?1))",
    )
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await?;
    let mut records = HashMap::with_capacity(users.len());
    for user in users {
        let sanction = sanctions::sanction((user.sanction, user.sanction_until, user.sanction_reason))?;
        let id = UserId(user.id);
        records.insert(
            id,
            AccountRecord {
                user: LogActor { id, display_name: user.display_name },
                created_at: time(user.created_at)?,
                published: 0,
                pending: 0,
                rejected: 0,
                sanction,
                notes: Vec::new(),
            },
        );
    }
    // Off the index of authors' comments by standing alone.
    let counts: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT author_id, status, COUNT(*) FROM comments \
         WHERE author_id IN (SELECT value FROM json_each(?1)) AND NOT deleted GROUP BY author_id, status",
    )
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await?;
    for (author, status, count) in counts {
        let Some(record) = records.get_mut(&UserId(author)) else { continue };
        match state(&status)? {
            CommentState::Published => record.published = small(count),
            CommentState::Pending => record.pending = small(count),
            CommentState::Rejected => record.rejected = small(count),
        }
    }
    let notes: Vec<(i64, i64, i64, String, String)> = sqlx::query_as(
        "SELECT n.account_id, n.at, n.moderator_id, u.display_name, n.body FROM ( \
           SELECT id, account_id, at, moderator_id, body, \
             ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY id DESC) AS newest \
           FROM moderator_notes WHERE account_id IN (SELECT value FROM json_each(?1))) n \
         JOIN users u ON u.id = n.moderator_id WHERE n.newest <= ?2 ORDER BY n.account_id, n.id DESC",
    )
    .bind(&ids)
    .bind(NOTES_SHOWN)
    .fetch_all(&mut *conn)
    .await?;
    for (account, at, moderator, display_name, body) in notes {
        if let Some(record) = records.get_mut(&UserId(account)) {
            let moderator = LogActor { id: UserId(moderator), display_name };
            record.notes.push(ModeratorNote { at: time(at)?, moderator, body });
        }
    }
    Ok(records)
}

/// Adds moderator `moderator`'s note `body` on `account` at `at`, and answers with it; `None`
/// when there is no such account.
pub(in crate::db) async fn add_note(
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
