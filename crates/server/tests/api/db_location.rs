//! `--db` on the command line: a scheme the server does not speak is refused at start-up with
//! what to give instead, and nothing is made on disk (it used to become a folder named after
//! the scheme, with a SQLite file in it); a PostgreSQL URL is a server to connect to, never a
//! path; a plain path still makes its folder.

use std::process::Command;

const SERVER: &str = env!("CARGO_BIN_EXE_schrieb-server");

/// Runs `schrieb-server migrate --db DB` in an empty folder: whether it succeeded, what it
/// said on stderr, and what it left in the folder.
fn migrate(db: &str) -> (bool, String, Vec<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = Command::new(SERVER)
        .args(["migrate", "--db", db])
        .current_dir(dir.path())
        .env("RUST_LOG", "warn")
        .output()
        .expect("the server runs");
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("the folder reads")
        .map(|entry| entry.expect("an entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned(), left)
}

#[test]
fn an_unknown_scheme_is_refused_and_makes_nothing() {
    for db in ["mysql://schrieb:pw@db.example/schrieb", "postgress://db.example/schrieb", "redis:6379"] {
        let (ok, said, left) = migrate(db);
        assert!(!ok, "{db} was taken");
        assert!(said.contains("no database schrieb speaks"), "{db}: {said}");
        assert!(said.contains("postgres://"), "{db}: the error says what to give instead: {said}");
        assert!(left.is_empty(), "{db} left {left:?}");
    }
}

#[test]
fn a_postgres_url_is_not_taken_for_a_file() {
    // Nothing listens there: the server says it could not open that database, and makes no
    // folder named `postgres:`.
    let (ok, said, left) = migrate("postgres://schrieb:pw@127.0.0.1:1/schrieb");
    assert!(!ok);
    assert!(said.contains("opening database postgres://"), "{said}");
    assert!(left.is_empty(), "left {left:?}");
}

#[test]
fn a_plain_path_makes_its_folder_and_database() {
    let (ok, said, left) = migrate("data/schrieb.db");
    assert!(ok, "{said}");
    assert_eq!(left, ["data"]);
}
