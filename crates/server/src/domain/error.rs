//! The one error of the domain layer: why a use case did not do what it was asked.

use schrieb_api::{BodyError, CommentId, FieldError, Reason, permissions};

use crate::db::DbError;
use crate::limits::Spent;

/// A rule the request broke, or what it clashes with: the rule as data for the client to word,
/// the same in English, and the request field at fault when one is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The rule, for the client to word in the reader's language.
    pub reason: Reason,
    /// The same in English, for logs and `curl`.
    pub message: String,
    /// The request field at fault (`body`, `guest_name`), if one is.
    pub field: Option<&'static str>,
}

/// Why a use case refused or failed. The HTTP edge answers each with its status
/// (`From<DomainError> for AppError`); nothing here knows about statuses.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// What the request names does not exist; the message says what was looked for.
    #[error("{0}")]
    NotFound(String),
    /// Nobody is logged in, and the thread takes no guest comments (or no guest name was given).
    #[error("log in to comment here")]
    LoginRequired,
    /// The one acting may not do this to this comment.
    #[error(transparent)]
    Denied(#[from] permissions::Denied),
    /// The request breaks a rule: the body's, a quote's, a name's, or a reused idempotency key.
    #[error("{}", .0.message)]
    Refused(Refusal),
    /// The request clashes with what is stored: the author's last comment again, a guest
    /// taking an account's name.
    #[error("{}", .0.message)]
    Conflict(Refusal),
    /// The account is banned or suspended: it may not take part now.
    #[error("{}", .0.message)]
    Barred(Refusal),
    /// A rate limit is spent.
    #[error("too many requests of this kind; try again in {} seconds", .0.retry_after)]
    RateLimited(Spent),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] DbError),
    /// A comment just written could not be read back (logged where it happened).
    #[error("comment {} vanished while it was written", .0.0)]
    Vanished(CommentId),
}

impl From<Spent> for DomainError {
    fn from(spent: Spent) -> Self {
        Self::RateLimited(spent)
    }
}

impl From<FieldError> for DomainError {
    fn from(error: FieldError) -> Self {
        Self::Refused(Refusal { reason: error.reason, message: error.message, field: Some(error.field) })
    }
}

impl From<BodyError> for DomainError {
    fn from(error: BodyError) -> Self {
        FieldError::new("body", error).into()
    }
}
