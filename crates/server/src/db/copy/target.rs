//! The database copied into: one transaction, so a copy that fails half-way leaves it as empty
//! as it was found.

use sqlx::{Postgres, QueryBuilder, Row, Sqlite, Transaction};

use super::catalogue::{self, Tables};
use super::value::{self, Family, Value};
use super::{CopyError, quoted};
use crate::db::postgres::PgRepository;
use crate::db::sqlite::SqliteRepository;

/// Bound values in one statement: within SQLite's limit (32766) and PostgreSQL's (65535).
const VALUES_PER_STATEMENT: usize = 30_000;

/// Rows in one statement at most, however few their columns.
const ROWS_PER_STATEMENT: usize = 1_000;

/// An open write transaction on either engine.
pub enum Target {
    /// SQLite, the file locked for writing from the start (`BEGIN IMMEDIATE`).
    Sqlite(Transaction<'static, Sqlite>),
    /// PostgreSQL.
    Postgres(Transaction<'static, Postgres>),
}

impl Target {
    /// Opens (creating if missing) and migrates the SQLite database at `url`.
    pub async fn sqlite(url: &str) -> Result<Self, CopyError> {
        let repository = SqliteRepository::connect(url).await?;
        let mut tx = repository.pool().begin_with("BEGIN IMMEDIATE").await?;
        // Checked at the commit, and by `finish` before it with a clearer message: rows come
        // in an order that satisfies them, but SQLite lets a database hold rows that do not.
        sqlx::query("PRAGMA defer_foreign_keys = ON").execute(&mut *tx).await?;
        Ok(Self::Sqlite(tx))
    }

    /// Connects to and migrates the PostgreSQL database at `url`.
    pub async fn postgres(url: &str) -> Result<Self, CopyError> {
        let repository = PgRepository::connect_with(url, 1).await?;
        Ok(Self::Postgres(repository.pool().begin().await?))
    }

    /// The tables, from the catalogue.
    pub async fn tables(&mut self) -> Result<Tables, CopyError> {
        match self {
            Self::Sqlite(tx) => catalogue::sqlite(tx).await,
            Self::Postgres(tx) => catalogue::postgres(tx).await,
        }
    }

    /// Whether `table` holds any row.
    pub async fn holds_rows(&mut self, table: &str) -> Result<bool, CopyError> {
        let query = format!("SELECT EXISTS (SELECT 1 FROM {})", quoted(table));
        Ok(match self {
            Self::Sqlite(tx) => sqlx::query_scalar(&query).fetch_one(&mut **tx).await?,
            Self::Postgres(tx) => sqlx::query_scalar(&query).fetch_one(&mut **tx).await?,
        })
    }

    /// Removes the rows of `table`: those the migrations made, which the source's replace.
    pub async fn clear(&mut self, table: &str) -> Result<(), CopyError> {
        let delete = format!("DELETE FROM {}", quoted(table));
        match self {
            Self::Sqlite(tx) => {
                sqlx::query(&delete).execute(&mut **tx).await?;
            }
            Self::Postgres(tx) => {
                sqlx::query(&delete).execute(&mut **tx).await?;
            }
        }
        Ok(())
    }

    /// How many rows of `columns` fields one statement inserts.
    pub fn rows_per_statement(columns: usize) -> usize {
        (VALUES_PER_STATEMENT / columns.max(1)).clamp(1, ROWS_PER_STATEMENT)
    }

    /// Inserts `rows` (each fit to `columns`, in order) into `table`, in one statement.
    pub async fn insert(
        &mut self,
        table: &str,
        columns: &[(String, Family)],
        rows: Vec<Vec<Value>>,
    ) -> Result<(), CopyError> {
        let listed = columns.iter().map(|(name, _)| quoted(name)).collect::<Vec<_>>().join(", ");
        let head = format!("INSERT INTO {} ({listed}) ", quoted(table));
        match self {
            Self::Sqlite(tx) => {
                let mut insert = QueryBuilder::<Sqlite>::new(head);
                insert.push_values(rows, |mut fields, row| {
                    for (value, (_, family)) in row.into_iter().zip(columns) {
                        value::bind(&mut fields, value, *family);
                    }
                });
                insert.build().execute(&mut **tx).await?;
            }
            Self::Postgres(tx) => {
                let mut insert = QueryBuilder::<Postgres>::new(head);
                insert.push_values(rows, |mut fields, row| {
                    for (value, (_, family)) in row.into_iter().zip(columns) {
                        value::bind(&mut fields, value, *family);
                    }
                });
                insert.build().execute(&mut **tx).await?;
            }
        }
        Ok(())
    }

    /// Checks what the copy leaves and commits it. On SQLite, every reference must hold; on
    /// PostgreSQL (which checked each row as it came), every identity moves past the highest
    /// id copied, or the next comment posted would be given an id a copied one has.
    pub async fn finish(self) -> Result<(), CopyError> {
        match self {
            Self::Sqlite(mut tx) => {
                let dangling = sqlx::query("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
                    .fetch_all(&mut *tx)
                    .await?;
                if let Some(row) = dangling.first() {
                    let (table, rowid, parent): (String, Option<i64>, String) =
                        (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
                    return Err(CopyError::Dangling(format!(
                        "{} rows, the first in {table} (rowid {}) referring to {parent}",
                        dangling.len(),
                        rowid.map_or_else(|| "none".to_owned(), |id| id.to_string())
                    )));
                }
                tx.commit().await?;
            }
            Self::Postgres(mut tx) => {
                let identities: Vec<(String, String)> = sqlx::query_as(
                    "SELECT table_name::TEXT, column_name::TEXT FROM information_schema.columns \
                     WHERE table_schema = current_schema() \
                       AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')",
                )
                .fetch_all(&mut *tx)
                .await?;
                for (table, column) in identities {
                    // `false`: the next value handed out is this one, the highest id plus one.
                    let move_past = format!(
                        "SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX({}), 0) + 1, false) FROM {}",
                        quoted(&column),
                        quoted(&table)
                    );
                    sqlx::query(&move_past).bind(quoted(&table)).bind(&column).execute(&mut *tx).await?;
                }
                tx.commit().await?;
            }
        }
        Ok(())
    }
}
