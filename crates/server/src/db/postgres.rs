//! The PostgreSQL implementation of [`Repository`](super::Repository): the scale-out store,
//! which any number of schrieb servers share. Each area's trait is implemented in the file of
//! its name, as in [`super::sqlite`], whose row types and conversions it shares
//! ([`super::sqlite::rows`]: they are SQL-free).
//!
//! Where the SQLite store leans on SQLite's single writer (`BEGIN IMMEDIATE`: nothing else
//! writes while a transaction reads and then writes), this one locks what it reads to write:
//! the article's row before a thread's position is taken, a reader's place in the log before it
//! moves, and the event log itself (see [`lock_event_log`]).

use std::str::FromStr;
use std::time::Duration;

mod accounts;
mod appending;
mod articles;
mod comments;
mod drafts;
mod events;
mod feeds;
mod jobs;
mod limits;
mod moderation;
mod notices;
mod notification_mail;
mod notifications;
mod operations;
mod outbox;
mod personal;
mod portable;
mod previews;
mod reactions;
mod records;
mod references;
mod reports;
mod revisions;
mod sanctions;
mod sessions;
mod sites;
mod users;
mod webhooks;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgConnection, PgPool};

use super::DbError;

/// Connections a server keeps to PostgreSQL. Several servers share the database's
/// `max_connections` (100 by default): ten servers at 16 stay well inside it.
pub const DEFAULT_POOL_SIZE: u32 = 16;

/// The key of the transaction-level advisory lock that orders the event log (see
/// [`lock_event_log`]); any number, the same on every server.
const EVENT_LOG_LOCK: i64 = 0x7363_6872_6965_6201;

/// A pool of connections to one PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgRepository {
    pool: PgPool,
    /// This server's listener for new events (`LISTEN`), started when first asked for.
    notices: notices::Notices,
}

impl PgRepository {
    /// Connects to the database at `url` (`postgres://…`) and migrates it. Several servers
    /// starting at once migrate once: sqlx holds an advisory lock while it migrates.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        Self::connect_with(url, DEFAULT_POOL_SIZE).await
    }

    /// [`PgRepository::connect`] with a pool of `size` connections.
    pub async fn connect_with(url: &str, size: u32) -> Result<Self, DbError> {
        let options = PgConnectOptions::from_str(url)?.application_name("schrieb");
        let pool = PgPoolOptions::new()
            .max_connections(size)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        users::refold_names(&pool).await?;
        Ok(Self { pool, notices: notices::Notices::default() })
    }

    /// The pool, for tests that inspect the database directly.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// Takes the event log's lock for the rest of the transaction on `tx`, before it appends an
/// event. Sequence numbers are handed out when a row is inserted but become visible when its
/// transaction commits, and two transactions can commit in the other order: a reader that
/// saw event 8 and not yet 7 would pass 7 by for good. Holding this lock from the append to
/// the commit makes the log's order the commit order, so "everything after the last number I
/// saw" is exact on PostgreSQL too. Writes that append no event never take it.
pub(super) async fn lock_event_log(tx: &mut PgConnection) -> Result<(), DbError> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(EVENT_LOG_LOCK).execute(tx).await?;
    Ok(())
}

/// Begins the transaction that moves a reader of the log from `from` to `to`: the one row of
/// `place` (`table.column`, named by us, never by a request). `None`, with nothing begun, when
/// the place is not at `from` anymore: another server moved it, and its work is stored. The
/// row stays locked until the transaction ends, so a second server waits and then finds it
/// moved.
pub(super) async fn move_place(
    pool: &PgPool,
    place: (&'static str, &'static str),
    from: i64,
    to: i64,
) -> Result<Option<sqlx::Transaction<'static, sqlx::Postgres>>, DbError> {
    let (table, column) = place;
    let mut tx = pool.begin().await?;
    let moved = sqlx::query(&format!("UPDATE {table} SET {column} = $2 WHERE id = 1 AND {column} = $1"))
        .bind(from)
        .bind(to)
        .execute(&mut *tx)
        .await?;
    if moved.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(None);
    }
    Ok(Some(tx))
}

/// Begins a transaction that reads from one snapshot throughout, as a read transaction of
/// SQLite's sees the database: PostgreSQL's default (READ COMMITTED) takes a new snapshot for
/// each statement, so a page and its total could disagree.
pub(super) async fn read_snapshot(pool: &PgPool) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, DbError> {
    Ok(pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY").await?)
}

/// A count or limit as PostgreSQL takes it: sqlx binds no unsigned integers there.
pub(super) fn big(value: impl Into<u64>) -> i64 {
    i64::try_from(value.into()).unwrap_or(i64::MAX)
}
