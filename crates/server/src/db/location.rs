//! Where the data lives, as `--db` (or `SCHRIEB_DB`) names it.

use std::path::Path;

use super::DbError;

/// The engine and address a `--db` value names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbLocation {
    /// A SQLite database: `sqlite://PATH`, `sqlite:PATH`, `sqlite::memory:`, or a plain file
    /// path (the zero-setup default).
    Sqlite(String),
    /// A PostgreSQL server: `postgres://…` or `postgresql://…`.
    Postgres(String),
}

impl DbLocation {
    /// Reads a `--db` value. A value that starts like a URL with a scheme schrieb does not
    /// speak (`mysql://…`, `postgress://…`, `redis:…`) is an error: taken as a file path, it
    /// would quietly become a folder named after the scheme with a SQLite file in it.
    pub fn parse(raw: &str) -> Result<Self, DbError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(DbError::Location("no database given".into()));
        }
        match scheme(raw) {
            Some(scheme) if scheme.eq_ignore_ascii_case("sqlite") => Ok(Self::Sqlite(raw.to_owned())),
            Some(scheme) if scheme.eq_ignore_ascii_case("postgres") || scheme.eq_ignore_ascii_case("postgresql") => {
                Ok(Self::Postgres(raw.to_owned()))
            }
            Some(scheme) => Err(DbError::Location(format!(
                "`{scheme}:` is no database schrieb speaks: give a file path or `sqlite://PATH` for SQLite, \
                 or `postgres://USER:PASSWORD@HOST/DATABASE` for PostgreSQL"
            ))),
            None => Ok(Self::Sqlite(raw.to_owned())),
        }
    }

    /// The folder a SQLite file given as a plain path lives in, which may need to be made
    /// first; `None` for URLs and servers.
    pub fn folder_to_make(&self) -> Option<&Path> {
        match self {
            Self::Sqlite(raw) if scheme(raw).is_none() => {
                Path::new(raw).parent().filter(|folder| !folder.as_os_str().is_empty())
            }
            _ => None,
        }
    }
}

/// The URL scheme `raw` starts with (`postgres` of `postgres://…`), if it starts like a URL:
/// letters, then letters, digits, `+`, `-` or `.`, then a colon. One letter before the colon
/// is a Windows drive (`C:\…`), not a scheme.
fn scheme(raw: &str) -> Option<&str> {
    let (scheme, _) = raw.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let well_formed = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && scheme.len() > 1;
    well_formed.then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_sqlite_urls_are_sqlite() {
        for raw in [
            "schrieb.db",
            "data/schrieb.db",
            "/var/lib/schrieb/schrieb.db",
            "./a:b.db",
            "sqlite://x.db",
            "sqlite::memory:",
            "SQLITE:x.db",
        ] {
            assert!(matches!(DbLocation::parse(raw), Ok(DbLocation::Sqlite(_))), "{raw}");
        }
    }

    #[test]
    fn postgres_urls_are_postgres() {
        for raw in ["postgres://u:p@db.example/schrieb", "postgresql://localhost/schrieb", "POSTGRES://h/d"] {
            assert_eq!(DbLocation::parse(raw).unwrap(), DbLocation::Postgres(raw.to_owned()), "{raw}");
        }
    }

    #[test]
    fn other_schemes_are_refused_with_what_to_give_instead() {
        for raw in ["mysql://u@h/d", "postgress://h/d", "redis:6379", "file:///x.db", "http://x"] {
            let refused = DbLocation::parse(raw).expect_err(raw).to_string();
            assert!(
                refused.contains("no database schrieb speaks") && refused.contains("postgres://"),
                "{raw}: {refused}"
            );
        }
        assert!(DbLocation::parse("  ").is_err());
    }

    #[test]
    fn only_a_plain_path_asks_for_a_folder() {
        let folder = |raw: &str| DbLocation::parse(raw).unwrap().folder_to_make().map(Path::to_path_buf);
        assert_eq!(folder("data/schrieb.db"), Some("data".into()));
        assert_eq!(folder("schrieb.db"), None);
        assert_eq!(folder("sqlite://data/schrieb.db"), None);
        assert_eq!(folder("postgres://h/d"), None);
    }
}
