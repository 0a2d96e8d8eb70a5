//! The two schemas hold the same: every table with the same columns (name, type family,
//! nullability), the same primary keys, unique constraints, foreign keys and indexes (name,
//! uniqueness, columns or expressions, and whether partial). Each engine's migrations are run
//! on a fresh database and the results read back from its own catalogue, so a migration added
//! to one folder and not the other fails here.

use std::collections::BTreeMap;

use sqlx::{PgPool, Row, SqlitePool};

use crate::helpers::postgres_database;

/// What a table holds, engine-neutral: columns, keys, foreign keys, indexes.
#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    /// Column → (type family, NOT NULL).
    columns: BTreeMap<String, (&'static str, bool)>,
    /// The primary key's columns, in order.
    primary_key: Vec<String>,
    /// (column, referenced table, referenced column).
    foreign_keys: Vec<(String, String, String)>,
    /// Index name → (unique, key expression as written, partial).
    indexes: BTreeMap<String, (bool, String, bool)>,
    /// Unique constraints declared on the table (not as indexes): their column lists.
    unique: Vec<Vec<String>>,
}

/// The type family of a declared type: what the server reads it as.
fn family(declared: &str) -> &'static str {
    match declared.to_ascii_lowercase().as_str() {
        "integer" | "bigint" | "int8" | "int4" => "integer",
        "text" | "character varying" => "text",
        "boolean" | "bool" => "boolean",
        "blob" | "bytea" => "bytes",
        other => panic!("a column type the schemas should not use: {other}"),
    }
}

/// `(lower(display_name))`, `( lower ( display_name ) )` and `(lower("display_name"))` alike: no
/// spaces, no identifier quotes, lower case.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '"').flat_map(char::to_lowercase).collect()
}

/// The key of an index definition: the first parenthesised group, after the table's name
/// (`ON t (…)`, `ON public.t USING btree (…)`); a partial index's `WHERE` comes after it.
fn index_key(definition: &str) -> String {
    let after_on = squeezed(definition);
    let start = after_on.find('(').expect("an index has a key");
    let mut depth = 0;
    for (at, c) in after_on[start..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return after_on[start + 1..start + at].to_owned();
                }
            }
            _ => {}
        }
    }
    panic!("an index key without its closing parenthesis: {definition}")
}

async fn sqlite_tables() -> BTreeMap<String, Table> {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("schema.db").display());
    let pool = SqlitePool::connect(&url).await.expect("SQLite opens");
    sqlx::migrate!("./migrations/sqlite").run(&pool).await.expect("SQLite migrates");
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(&pool)
    .await
    .expect("tables");
    let mut tables = BTreeMap::new();
    for name in names {
        let mut table = Table::default();
        let mut key: Vec<(i64, String)> = Vec::new();
        for row in sqlx::query("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1)")
            .bind(&name)
            .fetch_all(&pool)
            .await
            .expect("columns")
        {
            let column: String = row.get("name");
            let pk: i64 = row.get("pk");
            // SQLite lets a primary key be NULL unless it says NOT NULL; PostgreSQL never does.
            let not_null = row.get::<i64, _>("notnull") == 1 || pk > 0;
            table.columns.insert(column.clone(), (family(row.get("type")), not_null));
            if pk > 0 {
                key.push((pk, column));
            }
        }
        key.sort();
        table.primary_key = key.into_iter().map(|(_, column)| column).collect();
        for row in sqlx::query("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?1)")
            .bind(&name)
            .fetch_all(&pool)
            .await
            .expect("foreign keys")
        {
            table.foreign_keys.push((row.get("from"), row.get("table"), row.get("to")));
        }
        table.foreign_keys.sort();
        for row in sqlx::query("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1)")
            .bind(&name)
            .fetch_all(&pool)
            .await
            .expect("indexes")
        {
            let index: String = row.get("name");
            let origin: String = row.get("origin");
            match origin.as_str() {
                // Made by CREATE INDEX: compared by name and definition.
                "c" => {
                    let sql: String = sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = ?1")
                        .bind(&index)
                        .fetch_one(&pool)
                        .await
                        .expect("index sql");
                    let unique = row.get::<i64, _>("unique") == 1;
                    let partial = row.get::<i64, _>("partial") == 1;
                    table.indexes.insert(index, (unique, index_key(&sql), partial));
                }
                // A UNIQUE constraint of the table.
                "u" => {
                    let columns: Vec<String> =
                        sqlx::query_scalar("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")
                            .bind(&index)
                            .fetch_all(&pool)
                            .await
                            .expect("index columns");
                    table.unique.push(columns);
                }
                // The primary key's own index.
                _ => {}
            }
        }
        table.unique.sort();
        tables.insert(name, table);
    }
    tables
}

async fn postgres_tables(pool: &PgPool) -> BTreeMap<String, Table> {
    sqlx::migrate!("./migrations/postgres").run(pool).await.expect("PostgreSQL migrates");
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    for row in sqlx::query(
        "SELECT table_name::TEXT AS t, column_name::TEXT AS c, data_type::TEXT AS ty, is_nullable::TEXT AS n \
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .expect("columns")
    {
        let table = tables.entry(row.get("t")).or_default();
        table.columns.insert(row.get("c"), (family(row.get("ty")), row.get::<String, _>("n") == "NO"));
    }
    // Keys and references, from the constraints; column lists in the constraint's order.
    for row in sqlx::query(
        "SELECT c.conrelid::regclass::TEXT AS t, c.contype::TEXT AS kind, \
                ARRAY(SELECT a.attname::TEXT FROM unnest(c.conkey) WITH ORDINALITY k(n, o) \
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o) AS cols, \
                c.confrelid::regclass::TEXT AS ref, \
                ARRAY(SELECT a.attname::TEXT FROM unnest(c.confkey) WITH ORDINALITY k(n, o) \
                      JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o) AS ref_cols \
         FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace \
         WHERE s.nspname = 'public' AND c.contype IN ('p', 'u', 'f')",
    )
    .fetch_all(pool)
    .await
    .expect("constraints")
    {
        // The migrations' own bookkeeping table is not the schema's.
        let Some(table) = tables.get_mut(&row.get::<String, _>("t")) else { continue };
        let columns: Vec<String> = row.get("cols");
        match row.get::<String, _>("kind").as_str() {
            "p" => table.primary_key = columns,
            "u" => table.unique.push(columns),
            _ => {
                let referenced: Vec<String> = row.get("ref_cols");
                table.foreign_keys.push((columns[0].clone(), row.get("ref"), referenced[0].clone()));
            }
        }
    }
    // Indexes made by CREATE INDEX (not those behind a constraint).
    for row in sqlx::query(
        "SELECT i.tablename::TEXT AS t, i.indexname::TEXT AS name, i.indexdef AS def, x.indisunique AS is_unique, \
                x.indpred IS NOT NULL AS partial \
         FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid \
         WHERE i.schemaname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)",
    )
    .fetch_all(pool)
    .await
    .expect("indexes")
    {
        let Some(table) = tables.get_mut(&row.get::<String, _>("t")) else { continue };
        let definition: String = row.get("def");
        table.indexes.insert(row.get("name"), (row.get("is_unique"), index_key(&definition), row.get("partial")));
    }
    for table in tables.values_mut() {
        table.foreign_keys.sort();
        table.unique.sort();
    }
    tables
}

/// Tables of PostgreSQL's alone, each for a reason: `rate_limits` holds the counts servers
/// share, where a server on SQLite, the only one, keeps them in memory.
const POSTGRES_ONLY: [&str; 1] = ["rate_limits"];

#[tokio::test]
async fn both_schemas_hold_the_same_tables_columns_keys_and_indexes() {
    let sqlite = sqlite_tables().await;
    let (pool, _database) = postgres_database().await;
    let mut postgres = postgres_tables(&pool).await;
    for name in POSTGRES_ONLY {
        assert!(postgres.remove(name).is_some(), "{name} is still PostgreSQL's");
    }
    assert_eq!(sqlite.keys().collect::<Vec<_>>(), postgres.keys().collect::<Vec<_>>(), "the same tables");
    for (name, table) in &sqlite {
        assert_eq!(table, &postgres[name], "table {name}: SQLite (left) and PostgreSQL (right) differ");
    }
}
