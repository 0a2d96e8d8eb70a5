//! The one error of the data layer.

/// Errors of the data layer. Handlers turn them into an internal error: the details are
/// logged, never shown.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The database driver failed (connection, query, constraint).
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    /// The embedded migrations could not be applied.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A value in the database breaks an invariant (a malformed slug, a negative count).
    #[error("corrupt row: {0}")]
    Corrupt(String),
    /// `--db` names no database this server can open (a scheme it does not speak).
    #[error("{0}")]
    Location(String),
}
