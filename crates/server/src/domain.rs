//! The domain layer: what the server does with comments, as use cases the HTTP handlers (and
//! anything else: the CLI, a later importer) call. Posting, editing, deleting and restoring,
//! reacting, and the quoting rules each live here, once.
//!
//! Each use case is a function over the storage areas it needs (the `db` traits), the one who
//! acts ([`permissions::Actor`] or, for posting, [`LoggedIn`]), the request as the API defines
//! it, and `now`; it answers with API types or a [`DomainError`]. It knows nothing of HTTP:
//! status codes, headers and extractors are the handlers' (`routes`), and the error's answer
//! is `error.rs`'s. Layers: `routes → domain → db`, never back.
//!
//! Posting and editing run a comment's content through one function, [`references::checked`]
//! (the body rules, then its quotes and mentions), after the permission and rate checks: the
//! place where further checks of what a comment says join in the same order for both. What a
//! use case changed is known at its end, which is where a record of it (for live threads and
//! notifications) belongs.

mod delete;
mod edit;
mod error;
mod history;
pub mod live;
pub mod moderation;
pub mod notification_mail;
pub mod notifications;
pub mod personal;
mod post;
pub mod previews;
pub mod promos;
pub mod quotes;
mod react;
pub mod references;
mod throttle;
pub mod webhooks;

pub use delete::{delete_comment, restore_comment};
pub use edit::{Edit, EditStore, edit_comment};
pub use error::{DomainError, Refusal};
pub use history::revision_history;
pub use post::{GUEST_ACCOUNT, LoggedIn, NewPost, PostOutcome, PostStore, post_comment};
pub use quotes::{Misquote, QuotePolicy, ThreadReader, check_quotes};
pub use react::{mark_mine, reactors, set_reaction};
pub use references::{References, references};
pub use throttle::{ClientLimits, Throttle};

use schrieb_api::{CommentId, CommentPermalink, permissions};

use crate::db::{CommentMeta, CommentStore};
use moderation::visibility::Viewer;

/// Who wrote comment `id` and its state, or [`DomainError::NotFound`] naming the id.
async fn existing<S: CommentStore + ?Sized>(store: &S, id: CommentId) -> Result<CommentMeta, DomainError> {
    store.comment_meta(id).await?.ok_or_else(|| DomainError::NotFound(format!("no comment has the id {}", id.0)))
}

/// The permission rules' view of a comment.
fn facts(meta: &CommentMeta) -> permissions::CommentFacts {
    permissions::CommentFacts { author: meta.author, created_at: meta.created_at, deleted: meta.deleted }
}

/// Comment `id` as its writer sees it, read back after a write to it; it was there a moment ago.
async fn read_back<S: CommentStore + ?Sized>(store: &S, id: CommentId) -> Result<CommentPermalink, DomainError> {
    match store.find_comment(id, Viewer::System).await? {
        Some(found) => Ok(found),
        None => {
            tracing::error!(comment = id.0, "a comment vanished while it was written");
            Err(DomainError::Vanished(id))
        }
    }
}

#[cfg(test)]
mod testing;
