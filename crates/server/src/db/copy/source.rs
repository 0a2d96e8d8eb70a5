//! The database copied from, read in one snapshot: a site that keeps taking comments during the
//! copy still gives a copy as of one moment, every reference in it whole.
//!
//! It is migrated as a server opens it, then read through a connection of its own that logs no
//! statements: reading a table of millions of rows is one statement that runs for minutes,
//! which a server's connection would report as slow.

use std::str::FromStr;

use futures_util::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{ConnectOptions, Postgres, Sqlite, Transaction};

use super::catalogue::{self, Tables};
use super::value::{self, Value};
use super::{CopyError, quoted};
use crate::db::postgres::PgRepository;
use crate::db::sqlite::SqliteRepository;

/// An open read transaction on either engine.
pub enum Source {
    /// SQLite: a read transaction sees one snapshot of the WAL from its first read on.
    Sqlite(Transaction<'static, Sqlite>),
    /// PostgreSQL: REPEATABLE READ is one snapshot for the whole transaction.
    Postgres(Transaction<'static, Postgres>),
}

impl Source {
    /// Opens (and migrates, as any server opening it would) the SQLite database at `url`.
    pub async fn sqlite(url: &str) -> Result<Self, CopyError> {
        SqliteRepository::connect(url).await?;
        let url = if url.starts_with("sqlite:") { url.to_owned() } else { format!("sqlite://{url}") };
        let options = SqliteConnectOptions::from_str(&url)?.disable_statement_logging();
        let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await?;
        Ok(Self::Sqlite(pool.begin().await?))
    }

    /// Opens (and migrates) the PostgreSQL database at `url`.
    pub async fn postgres(url: &str) -> Result<Self, CopyError> {
        PgRepository::connect_with(url, 1).await?;
        let options = PgConnectOptions::from_str(url)?.application_name("schrieb db copy").disable_statement_logging();
        let pool = PgPoolOptions::new().max_connections(1).connect_with(options).await?;
        Ok(Self::Postgres(pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY").await?))
    }

    /// The tables, from the catalogue.
    pub async fn tables(&mut self) -> Result<Tables, CopyError> {
        match self {
            Self::Sqlite(tx) => catalogue::sqlite(tx).await,
            Self::Postgres(tx) => catalogue::postgres(tx).await,
        }
    }

    /// The rows `select` (from [`select`]) reads, as a stream. The rows are read as they are
    /// written, never all held at once: a site's comments may be millions.
    pub fn rows<'a>(&'a mut self, select: &'a str) -> BoxStream<'a, Result<Vec<Value>, CopyError>> {
        match self {
            Self::Sqlite(tx) => sqlx::query(select)
                .fetch(&mut **tx)
                .map_err(CopyError::from)
                .and_then(|row| async move { value::sqlite_row(&row) })
                .boxed(),
            Self::Postgres(tx) => sqlx::query(select)
                .fetch(&mut **tx)
                .map_err(CopyError::from)
                .and_then(|row| async move { value::postgres_row(&row) })
                .boxed(),
        }
    }
}

/// The query for the rows of `table`, `columns` in order, in the order of `key` (parents before
/// their children in a table referring to itself).
pub fn select(table: &str, columns: &[String], key: &[String]) -> String {
    let listed = |names: &[String]| names.iter().map(|name| quoted(name)).collect::<Vec<_>>().join(", ");
    let mut select = format!("SELECT {} FROM {}", listed(columns), quoted(table));
    if !key.is_empty() {
        select.push_str(" ORDER BY ");
        select.push_str(&listed(key));
    }
    select
}
