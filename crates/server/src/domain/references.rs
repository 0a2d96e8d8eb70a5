//! What the server works out about a comment body before storing it: its checked quotes and
//! the accounts it mentions. Posting, editing, the demo and imports all go through here.

use schrieb_api::{CommentBody, MentionRef};
use schrieb_markup::Document;

use super::DomainError;
use super::quotes::{QuotePolicy, check_quotes};
use crate::db::{CommentStore, NewQuote, UserStore};

/// A body's references, ready to store with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct References {
    /// Its outer quotes with source, checked, in body order.
    pub quotes: Vec<NewQuote>,
    /// Its mentions that name an account. A mention of a name nobody has stays plain text.
    pub mentions: Vec<MentionRef>,
}

/// Checks the quotes of `document` (a comment body) under `policy` and resolves its mentions
/// to accounts. Under [`QuotePolicy::Strict`] a quote that does not check out is a
/// [`DomainError::Refused`] naming it.
pub async fn references<S: CommentStore + UserStore + ?Sized>(
    store: &S,
    document: &Document,
    policy: QuotePolicy,
) -> Result<References, DomainError> {
    let quotes = check_quotes(store, document, policy).await?;
    let names = document.mentions();
    let mentions = if names.is_empty() { Vec::new() } else { store.users_named(&names).await? };
    Ok(References { quotes, mentions })
}

/// What a comment written here must pass before it is stored, posted or edited alike, in this
/// order: the body rules, then its quotes against their sources (strictly); its mentions are
/// resolved on the way.
pub async fn checked<S: CommentStore + UserStore + ?Sized>(
    store: &S,
    raw: &str,
) -> Result<(CommentBody, References), DomainError> {
    let body = CommentBody::parse(raw)?;
    let references = references(store, body.document(), QuotePolicy::Strict).await?;
    Ok((body, references))
}
