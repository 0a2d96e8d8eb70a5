//! The tables as each engine's own catalogue lists them: the copy takes its columns, their
//! types, keys and references from here, so a column a migration adds needs no change to it.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::{PgConnection, Row, SqliteConnection};

use super::CopyError;
use super::value::Family;

/// The migrations' own bookkeeping: each database keeps its own, made as it was migrated.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// A table as the catalogue describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Its columns in the order they were declared, with what each takes.
    pub columns: Vec<(String, Family)>,
    /// The primary key's columns, in key order (empty when it has none).
    pub primary_key: Vec<String>,
    /// The tables its foreign keys refer to (itself included, when it does).
    pub references: BTreeSet<String>,
}

/// Every table of a database by name.
pub type Tables = BTreeMap<String, Table>;

/// The tables of a SQLite database (its own and the migrations' left out).
pub async fn sqlite(conn: &mut SqliteConnection) -> Result<Tables, CopyError> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
         AND name <> ?1",
    )
    .bind(MIGRATIONS_TABLE)
    .fetch_all(&mut *conn)
    .await?;
    let mut tables = Tables::new();
    for name in names {
        let mut table = Table::default();
        let mut key: Vec<(i64, String)> = Vec::new();
        for row in sqlx::query("SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid")
            .bind(&name)
            .fetch_all(&mut *conn)
            .await?
        {
            let column: String = row.try_get("name")?;
            let position: i64 = row.try_get("pk")?;
            if position > 0 {
                key.push((position, column.clone()));
            }
            table.columns.push((column, Family::of_sqlite(row.try_get("type")?)));
        }
        key.sort();
        table.primary_key = key.into_iter().map(|(_, column)| column).collect();
        table.references = sqlx::query_scalar("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)")
            .bind(&name)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect();
        tables.insert(name, table);
    }
    Ok(tables)
}

/// The tables of the PostgreSQL schema the connection works in (`current_schema()`), its
/// unlogged ones left out.
pub async fn postgres(conn: &mut PgConnection) -> Result<Tables, CopyError> {
    let mut tables = Tables::new();
    // Generated columns take no value of their own: the target computes them again. Unlogged
    // tables (`relpersistence = 'u'`) hold what PostgreSQL itself may lose at a crash, such as
    // the rate limits the servers share: working state, not the site's data.
    for row in sqlx::query(
        "SELECT c.table_name::TEXT AS t, c.column_name::TEXT AS c, c.data_type::TEXT AS ty \
         FROM information_schema.columns c \
           JOIN pg_namespace n ON n.nspname = c.table_schema \
           JOIN pg_class k ON k.relnamespace = n.oid AND k.relname = c.table_name \
         WHERE c.table_schema = current_schema() AND k.relkind = 'r' AND k.relpersistence = 'p' \
           AND c.table_name <> $1 AND c.is_generated = 'NEVER' \
         ORDER BY c.table_name, c.ordinal_position",
    )
    .bind(MIGRATIONS_TABLE)
    .fetch_all(&mut *conn)
    .await?
    {
        let (name, column, data_type): (String, String, String) =
            (row.try_get("t")?, row.try_get("c")?, row.try_get("ty")?);
        let family = Family::of_postgres(&data_type)
            .ok_or_else(|| CopyError::Unsupported { column: format!("{name}.{column}"), kind: data_type })?;
        tables.entry(name).or_default().columns.push((column, family));
    }
    for row in sqlx::query(
        "SELECT s.relname::TEXT AS t, c.contype::TEXT AS kind, r.relname::TEXT AS ref, \
                ARRAY(SELECT a.attname::TEXT FROM unnest(c.conkey) WITH ORDINALITY k(n, o) \
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o) AS cols \
         FROM pg_constraint c JOIN pg_class s ON s.oid = c.conrelid \
           JOIN pg_namespace n ON n.oid = s.relnamespace LEFT JOIN pg_class r ON r.oid = c.confrelid \
         WHERE n.nspname = current_schema() AND c.contype IN ('p', 'f')",
    )
    .fetch_all(&mut *conn)
    .await?
    {
        let Some(table) = tables.get_mut(&row.try_get::<String, _>("t")?) else { continue };
        if row.try_get::<String, _>("kind")? == "p" {
            table.primary_key = row.try_get("cols")?;
        } else {
            table.references.insert(row.try_get("ref")?);
        }
    }
    Ok(tables)
}

/// The tables and columns to copy: the target's, as far as the source has them, with the
/// target's types. A table or column the target lacks is an error: its data would be lost.
pub fn shared(source: &Tables, target: &Tables) -> Result<Tables, CopyError> {
    let missing: Vec<&str> = source.keys().filter(|name| !target.contains_key(*name)).map(String::as_str).collect();
    if !missing.is_empty() {
        return Err(CopyError::SchemaDiffers(format!("the target has no table {}", missing.join(", "))));
    }
    let mut shared = Tables::new();
    for (name, table) in target {
        let Some(from) = source.get(name) else { continue };
        let has = |column: &str| table.columns.iter().any(|(name, _)| name == column);
        if let Some((column, _)) = from.columns.iter().find(|(column, _)| !has(column)) {
            return Err(CopyError::SchemaDiffers(format!("the target's table {name} has no column {column}")));
        }
        let in_source = |column: &str| from.columns.iter().any(|(name, _)| name == column);
        let columns = table.columns.iter().filter(|(column, _)| in_source(column)).cloned().collect();
        shared.insert(name.clone(), Table { columns, ..table.clone() });
    }
    Ok(shared)
}

/// The order to fill `tables` in: every table after the tables it refers to, so each row's
/// references exist when it is inserted (PostgreSQL checks a foreign key at once: ours are not
/// deferrable). A table referring to itself comes in primary-key order (a row can only name a
/// row that existed before it, with a smaller id). Ties go by name, so the order is the same
/// every time. References that go round in a cycle are an error: no order fills those.
pub fn fill_order(tables: &Tables) -> Result<Vec<String>, CopyError> {
    let mut waiting: BTreeMap<&str, BTreeSet<&str>> = tables
        .iter()
        .map(|(name, table)| {
            let others = table
                .references
                .iter()
                .map(String::as_str)
                .filter(|referenced| *referenced != name && tables.contains_key(*referenced))
                .collect();
            (name.as_str(), others)
        })
        .collect();
    let mut order = Vec::with_capacity(tables.len());
    while !waiting.is_empty() {
        let ready: Vec<&str> = waiting.iter().filter(|(_, needs)| needs.is_empty()).map(|(name, _)| *name).collect();
        if ready.is_empty() {
            return Err(CopyError::Cycle(waiting.keys().map(|name| (*name).to_owned()).collect()));
        }
        for name in ready {
            waiting.remove(name);
            for needs in waiting.values_mut() {
                needs.remove(name);
            }
            order.push(name.to_owned());
        }
    }
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(references: &[&str]) -> Table {
        Table { references: references.iter().map(|name| (*name).to_owned()).collect(), ..Table::default() }
    }

    #[test]
    fn referenced_tables_come_first_and_self_references_do_not_hold_a_table_back() {
        let tables = Tables::from([
            ("comments".to_owned(), table(&["articles", "users", "comments"])),
            ("articles".to_owned(), table(&["sites"])),
            ("users".to_owned(), table(&[])),
            ("sites".to_owned(), table(&[])),
            ("reactions".to_owned(), table(&["comments", "users"])),
        ]);
        assert_eq!(fill_order(&tables).unwrap(), ["sites", "users", "articles", "comments", "reactions"]);
    }

    fn columns(table: &mut Table, names: &[&str]) {
        table.columns = names.iter().map(|name| ((*name).to_owned(), Family::Integer)).collect();
    }

    #[test]
    fn what_only_the_target_has_is_left_and_what_only_the_source_has_is_refused() {
        let (mut users, mut fewer) = (table(&[]), table(&[]));
        columns(&mut users, &["id", "name", "added"]);
        columns(&mut fewer, &["id", "name"]);
        let target = Tables::from([("users".to_owned(), users.clone()), ("limits".to_owned(), table(&[]))]);
        let source = Tables::from([("users".to_owned(), fewer.clone())]);
        assert_eq!(shared(&source, &target).unwrap(), Tables::from([("users".to_owned(), fewer.clone())]));

        let with_more = Tables::from([("users".to_owned(), fewer.clone()), ("extra".to_owned(), table(&[]))]);
        assert!(matches!(shared(&with_more, &target), Err(CopyError::SchemaDiffers(_))));
        let narrow = Tables::from([("users".to_owned(), fewer)]);
        let wide = Tables::from([("users".to_owned(), users)]);
        assert!(matches!(shared(&wide, &narrow), Err(CopyError::SchemaDiffers(_))));
    }

    #[test]
    fn a_cycle_is_named() {
        let tables = Tables::from([
            ("a".to_owned(), table(&["b"])),
            ("b".to_owned(), table(&["a"])),
            ("c".to_owned(), table(&[])),
        ]);
        let Err(CopyError::Cycle(names)) = fill_order(&tables) else { panic!("a cycle is no order") };
        assert_eq!(names, ["a", "b"]);
    }
}
