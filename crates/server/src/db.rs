//! The data layer: one [`Repository`] trait, one implementation per database engine.
//!
//! Handlers only see the trait, so PostgreSQL joins by adding an implementation beside
//! [`sqlite::SqliteRepository`]; the SQL is kept portable for that reason.

mod accounts;
mod drafts;
mod repository;
mod sites;
pub mod sqlite;

pub use accounts::{Account, AccountClash, Accounts, Mail, NewAccount, Session, SessionKind, TokenPurpose};
pub use drafts::Drafts;
pub use repository::{
    Appended, ArticleKey, CommentEdit, CommentMeta, DbError, KeyedComment, NewArticle, NewComment, NewQuote, Posted,
    QuotedComment, Repository,
};
pub use sites::{EmbedSite, OriginTaken, Sites};

use std::sync::Arc;

/// Opens the database at `url` (for now `sqlite://path` or a plain file path), creating and
/// migrating it as needed.
pub async fn connect(url: &str) -> Result<Arc<dyn Repository>, DbError> {
    let repository = sqlite::SqliteRepository::connect(url).await?;
    Ok(Arc::new(repository))
}
