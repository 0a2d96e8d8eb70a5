//! The SQLite implementation of [`Repository`](super::Repository): the embedded default. Each
//! area's trait is implemented in the file of its name.

use std::str::FromStr;
use std::time::Duration;

pub(in crate::db) mod accounts;
mod appending;
mod articles;
pub(in crate::db) mod comments;
mod drafts;
pub(in crate::db) mod events;
pub(in crate::db) mod feeds;
pub(in crate::db) mod jobs;
pub(in crate::db) mod moderation;
pub(in crate::db) mod notification_mail;
pub(in crate::db) mod notifications;
mod operations;
pub(in crate::db) mod outbox;
mod personal;
pub(in crate::db) mod portable;
mod previews;
mod reactions;
pub(in crate::db) mod records;
pub(in crate::db) mod references;
pub(in crate::db) mod reports;
mod revisions;
pub(in crate::db) mod rows;
pub(in crate::db) mod sanctions;
pub(in crate::db) mod sessions;
mod sites;
pub(in crate::db) mod users;
pub(in crate::db) mod webhooks;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::DbError;

/// SQLite in WAL mode: a pool of readers, which never wait for the writer, and one writer
/// connection. SQLite takes one write at a time anyway; queueing writes for the one connection
/// in the pool (an async wait) replaces the busy-wait sleeps that competing writers would get
/// from SQLite's busy handler, which under load cost far more than the writes themselves.
#[derive(Debug, Clone)]
pub struct SqliteRepository {
    pool: SqlitePool,
    writer: SqlitePool,
}

/// One server writes a SQLite file: it keeps its rate limits in memory.
impl crate::db::LimitStore for SqliteRepository {}

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
        users::refold_names(&writer).await?;
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

/// Begins the transaction that moves a reader of the log from `from` to `to`: the one row of
/// `place` (`table.column`, named by us, never by a request). `None`, with nothing begun, when
/// the place is not at `from` anymore: another server moved it, and its work is stored.
pub(super) async fn move_place(
    writer: &SqlitePool,
    place: (&'static str, &'static str),
    from: i64,
    to: i64,
) -> Result<Option<sqlx::Transaction<'static, sqlx::Sqlite>>, DbError> {
    let (table, column) = place;
    let mut tx = writer.begin_with("BEGIN IMMEDIATE").await?;
    let moved = sqlx::query(&format!("UPDATE {table} SET {column} = ?2 WHERE id = 1 AND {column} = ?1"))
        .bind(from)
        .bind(to)
        .execute(&mut *tx)
        .await?;
    Ok((moved.rows_affected() > 0).then_some(tx))
}

/// Ids as a JSON array, for `IN (SELECT value FROM json_each(?))`: one statement for any
/// number of ids.
pub(super) fn json_ids(ids: impl Iterator<Item = i64>) -> Result<String, DbError> {
    serde_json::to_string(&ids.collect::<Vec<_>>()).map_err(|error| DbError::Corrupt(format!("ids: {error}")))
}

#[cfg(test)]
mod tests;
