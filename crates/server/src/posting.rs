//! What the server works out about a comment body before storing it: its checked quotes and
//! the accounts it mentions. Posting, editing, the demo and imports all go through here.

use schrieb_api::MentionRef;
use schrieb_markup::Document;

use crate::db::{NewQuote, Repository};
use crate::quoting::{QuoteError, QuotePolicy, check_quotes};

/// A body's references, ready to store with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct References {
    /// Its outer quotes with source, checked, in body order.
    pub quotes: Vec<NewQuote>,
    /// Its mentions that name an account. A mention of a name nobody has stays plain text.
    pub mentions: Vec<MentionRef>,
}

/// Checks the quotes of `document` (a comment body) under `policy` and resolves its mentions
/// to accounts.
pub async fn references(
    repository: &dyn Repository,
    document: &Document,
    policy: QuotePolicy,
) -> Result<References, QuoteError> {
    let quotes = check_quotes(repository, document, policy).await?;
    let names = document.mentions();
    let mentions = if names.is_empty() { Vec::new() } else { repository.users_named(&names).await? };
    Ok(References { quotes, mentions })
}
