//! `schrieb-server db copy --from DB --to DB`: a site's whole database moved to another
//! database, of either engine (SQLite to PostgreSQL when a site outgrows one machine, and back).
//!
//! Both databases are opened as a server opens them, which migrates them, so both hold this
//! version's schema. The target must hold no data. Tables and columns are read from the
//! catalogues, never listed here: a column a migration adds is copied without a change to this
//! module. What only the target has (a table one engine needs and the other does not) keeps what
//! its migrations made; what only the source has stops the copy, which would lose it. The whole
//! copy is one transaction on the target, the whole read one snapshot of the source.

mod catalogue;
mod source;
mod target;
mod value;

use std::collections::BTreeSet;

use futures_util::TryStreamExt;

use self::source::Source;
use self::target::Target;
use super::{DbError, DbLocation};

/// Why a copy did not happen. Nothing was written to the target in any case.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// The source names a SQLite file that is not there (opening it would make an empty one).
    #[error("there is no database at {0}")]
    NoSource(String),
    /// Source and target are the same.
    #[error("the source and the target are the same database")]
    SameDatabase,
    /// The target's tables named hold rows: a copy goes into an empty database only.
    #[error("the target already holds data (in {}): copy into an empty database", .0.join(", "))]
    TargetHoldsData(Vec<String>),
    /// The two schemas do not match (one was changed by hand).
    #[error("the source and the target hold different tables: {0}")]
    SchemaDiffers(String),
    /// A field the target's column cannot take.
    #[error("{table}.{column} holds {found}, which the target's column does not take")]
    Unfit {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// What the field holds.
        found: &'static str,
    },
    /// A column type the copy does not convert.
    #[error("{column} is of type {kind}, which the copy does not convert")]
    Unsupported {
        /// `table.column`, or the column alone.
        column: String,
        /// The type as the engine names it.
        kind: String,
    },
    /// Foreign keys that refer round in a cycle: no order of tables satisfies them.
    #[error("the foreign keys of these tables refer round in a cycle: {}", .0.join(", "))]
    Cycle(Vec<String>),
    /// Rows of the source that refer to rows it does not hold.
    #[error("the source holds rows that refer to rows it does not hold: {0}")]
    Dangling(String),
    /// Opening or migrating a database failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// A statement failed.
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
}

/// How far the copy is: reported every [`PROGRESS_EVERY`] rows of a table and when it is done.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    /// The table being copied.
    pub table: &'a str,
    /// Its rows copied so far.
    pub rows: u64,
    /// Whether that is all of them.
    pub done: bool,
}

/// Rows between two progress reports within a table.
pub const PROGRESS_EVERY: u64 = 100_000;

/// What was copied: each table's rows, in the order the tables were filled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Copied {
    /// Table and rows.
    pub tables: Vec<(String, u64)>,
}

impl Copied {
    /// All rows copied.
    pub fn total(&self) -> u64 {
        self.tables.iter().map(|(_, rows)| rows).sum()
    }
}

/// Copies every row of the database `from` into the empty database `to` (`--db` values, see
/// [`DbLocation::parse`]), telling `progress` as it goes.
pub async fn copy(from: &str, to: &str, progress: &mut dyn FnMut(Progress<'_>)) -> Result<Copied, CopyError> {
    let (from_location, to_location) = (DbLocation::parse(from)?, DbLocation::parse(to)?);
    if from_location == to_location {
        return Err(CopyError::SameDatabase);
    }
    if let DbLocation::Sqlite(url) = &from_location
        && let Some(path) = sqlite_file(url).filter(|path| !std::path::Path::new(path).exists())
    {
        return Err(CopyError::NoSource(path.to_owned()));
    }
    let mut target = match &to_location {
        DbLocation::Sqlite(url) => Target::sqlite(url).await?,
        DbLocation::Postgres(url) => Target::postgres(url).await?,
    };
    let mut source = match &from_location {
        DbLocation::Sqlite(url) => Source::sqlite(url).await?,
        DbLocation::Postgres(url) => Source::postgres(url).await?,
    };
    let tables = catalogue::shared(&source.tables().await?, &target.tables().await?)?;
    let seeded = seeded_tables().await?;
    let mut holding = Vec::new();
    for table in tables.keys().filter(|table| !seeded.contains(*table)) {
        if target.holds_rows(table).await? {
            holding.push(table.clone());
        }
    }
    if !holding.is_empty() {
        return Err(CopyError::TargetHoldsData(holding));
    }
    let mut copied = Copied::default();
    for table in catalogue::fill_order(&tables)? {
        if seeded.contains(&table) {
            target.clear(&table).await?;
        }
        let rows = copy_table(&mut source, &mut target, &table, &tables[&table], progress).await?;
        copied.tables.push((table, rows));
    }
    target.finish().await?;
    Ok(copied)
}

/// Copies the rows of `table` in statements of many rows each, as they are read: how many.
async fn copy_table(
    source: &mut Source,
    target: &mut Target,
    name: &str,
    table: &catalogue::Table,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<u64, CopyError> {
    let columns = &table.columns;
    let names: Vec<String> = columns.iter().map(|(name, _)| name.clone()).collect();
    let select = source::select(name, &names, &table.primary_key);
    let batch_size = Target::rows_per_statement(columns.len());
    let mut rows = source.rows(&select);
    let (mut batch, mut count) = (Vec::with_capacity(batch_size), 0_u64);
    while let Some(row) = rows.try_next().await? {
        batch.push(fit(name, columns, row)?);
        if batch.len() == batch_size {
            target.insert(name, columns, std::mem::replace(&mut batch, Vec::with_capacity(batch_size))).await?;
            count += batch_size as u64;
            if count % PROGRESS_EVERY < batch_size as u64 {
                progress(Progress { table: name, rows: count, done: false });
            }
        }
    }
    if !batch.is_empty() {
        count += batch.len() as u64;
        target.insert(name, columns, batch).await?;
    }
    progress(Progress { table: name, rows: count, done: true });
    Ok(count)
}

/// `row` as the target's `columns` take it.
fn fit(
    table: &str,
    columns: &[(String, value::Family)],
    row: Vec<value::Value>,
) -> Result<Vec<value::Value>, CopyError> {
    row.into_iter()
        .zip(columns)
        .map(|(field, (column, family))| {
            let found = field.kind();
            field.fit(*family).ok_or_else(|| CopyError::Unfit { table: table.into(), column: column.clone(), found })
        })
        .collect()
}

/// The tables the migrations themselves put rows in (the event-log readers' places): a
/// freshly migrated target holds those rows, which the source's replace. Found by migrating an
/// empty database in memory rather than listed here, so a reader added later is found too;
/// both engines' migrations make the same tables and rows (`tests/api/schema.rs`).
async fn seeded_tables() -> Result<BTreeSet<String>, CopyError> {
    let fresh = super::sqlite::SqliteRepository::connect("sqlite::memory:").await?;
    let mut conn = fresh.pool().acquire().await?;
    let mut seeded = BTreeSet::new();
    for table in catalogue::sqlite(&mut conn).await?.into_keys() {
        let query = format!("SELECT EXISTS (SELECT 1 FROM {})", quoted(&table));
        if sqlx::query_scalar(&query).fetch_one(&mut *conn).await? {
            seeded.insert(table);
        }
    }
    Ok(seeded)
}

/// The file a SQLite `--db` value names, if it names one (not `:memory:`).
fn sqlite_file(raw: &str) -> Option<&str> {
    let path = raw.strip_prefix("sqlite://").or_else(|| raw.strip_prefix("sqlite:")).unwrap_or(raw);
    let path = path.split('?').next().unwrap_or(path);
    (!path.is_empty() && !path.contains(":memory:")).then_some(path)
}

/// `name` as an SQL identifier: in double quotes, which both engines read alike.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_of_a_sqlite_location() {
        assert_eq!(sqlite_file("data/schrieb.db"), Some("data/schrieb.db"));
        assert_eq!(sqlite_file("sqlite://data/schrieb.db?mode=rwc"), Some("data/schrieb.db"));
        assert_eq!(sqlite_file("sqlite:x.db"), Some("x.db"));
        assert_eq!(sqlite_file("sqlite::memory:"), None);
    }

    #[tokio::test]
    async fn the_migrations_fill_the_log_readers_places_and_nothing_else() {
        let seeded = seeded_tables().await.unwrap();
        let expected = ["notification_cursor", "preview_cursor", "reactions_cursor", "webhook_cursor"];
        assert_eq!(seeded.iter().map(String::as_str).collect::<Vec<_>>(), expected);
    }
}
