//! Verified quotes: checking a quote against its source when a comment is saved, and telling
//! how it stands when the thread is read.
//!
//! A quote is checked once, on save, against the source as it reads then; the revision it was
//! checked against is stored with the words. On read the source may have changed since: if the
//! words are still in it the quote is still verified, otherwise it is marked edited (with the
//! revision it quoted, which the history shows). Deciding on read keeps the answer right
//! however the source changes, and costs nothing for the usual case of an unedited source.
//!
//! The database only stores and reads quotes ([`StoredQuote`]); [`status`] is the rule, and
//! [`ThreadReader`] is how the rest of the server reads comments with it applied.

use std::collections::HashMap;

use schrieb_api::{CommentId, QuoteStatus, Reason};
use schrieb_markup::{Document, normalize_whitespace, quote_occurs_in};

use super::{DomainError, Refusal};
use crate::db::{CommentStore, NewQuote, QuotedComment, StoredQuote};

mod reads;

pub(crate) use reads::decide_quotes;

pub use reads::ThreadReader;

/// How strictly quotes are checked on save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotePolicy {
    /// Comments written here: every quote must quote its source as it reads now.
    Strict,
    /// Comments imported from elsewhere: a quote that does not check out is kept, marked
    /// unverified.
    Import,
}

/// Why a quote does not check out. The messages say which quote and what to do; a refused
/// save is a [`DomainError::Refused`] of the body carrying one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Misquote {
    /// The quote names a comment that does not exist.
    #[error("the quote of comment {0} names a comment that does not exist")]
    NoSuchComment(i64),
    /// The quoted comment was deleted.
    #[error("comment {0} was deleted and can no longer be quoted")]
    Deleted(i64),
    /// The quote names someone else as the author.
    #[error("the quote of comment {id} names “{named}” as its author, but “{actual}” wrote it")]
    WrongAuthor {
        /// The quoted comment.
        id: i64,
        /// Who the quote says wrote it.
        named: String,
        /// Who did.
        actual: String,
    },
    /// The quoted words are not in the source.
    #[error(
        "the quote of comment {id} by “{author}” has words that comment does not contain; quote its text as written"
    )]
    NotInSource {
        /// The quoted comment.
        id: i64,
        /// Its author.
        author: String,
    },
}

impl From<Misquote> for Refusal {
    fn from(misquote: Misquote) -> Self {
        let message = misquote.to_string();
        // Which quote and what is wrong with it: the writer can fix it.
        let reason = match misquote {
            Misquote::NoSuchComment(comment) => Reason::QuoteUnknown { comment },
            Misquote::Deleted(comment) => Reason::QuoteOfDeleted { comment },
            Misquote::WrongAuthor { id, named, actual } => Reason::QuoteWrongAuthor { comment: id, named, actual },
            Misquote::NotInSource { id, author } => Reason::QuoteNotInSource { comment: id, author },
        };
        Refusal { reason, message, field: Some("body") }
    }
}

impl From<Misquote> for DomainError {
    fn from(misquote: Misquote) -> Self {
        Self::Refused(misquote.into())
    }
}

/// Checks the outer quotes with source of `document` (a quote inside a quote is the quoted
/// comment's own quote, checked when that comment was saved) and returns them for storing,
/// in body order.
pub async fn check_quotes<S: CommentStore + ?Sized>(
    repository: &S,
    document: &Document,
    policy: QuotePolicy,
) -> Result<Vec<NewQuote>, DomainError> {
    let quotes: Vec<_> = document.quotes().into_iter().filter(|quote| !quote.nested).collect();
    if quotes.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids: Vec<CommentId> = quotes.iter().map(|quote| CommentId(quote.source.comment)).collect();
    ids.sort_unstable_by_key(|id| id.0);
    ids.dedup();
    let sources: HashMap<i64, QuotedComment> =
        repository.quoted_comments(&ids).await?.into_iter().map(|source| (source.id.0, source)).collect();
    let mut parsed: HashMap<i64, Document> = HashMap::new();
    let mut checked = Vec::with_capacity(quotes.len());
    for quote in quotes {
        let id = quote.source.comment;
        let verdict = match sources.get(&id) {
            None => Err(Misquote::NoSuchComment(id)),
            Some(source) if source.deleted => Err(Misquote::Deleted(id)),
            Some(source) if !source.author.eq_ignore_ascii_case(&quote.source.author) => {
                Err(Misquote::WrongAuthor { id, named: quote.source.author.clone(), actual: source.author.clone() })
            }
            Some(source) => {
                let document = parsed.entry(id).or_insert_with(|| schrieb_markup::parse(&source.body));
                if quote_occurs_in(&quote.text, document) {
                    Ok(source.revision)
                } else {
                    Err(Misquote::NotInSource { id, author: source.author.clone() })
                }
            }
        };
        let text = normalize_whitespace(&quote.text);
        match (verdict, policy) {
            (Ok(revision), _) => {
                checked.push(NewQuote { source: CommentId(id), source_revision: revision, text, verified: true })
            }
            (Err(misquote), QuotePolicy::Strict) => return Err(misquote.into()),
            (Err(_), QuotePolicy::Import) => {
                let revision = sources.get(&id).map_or(1, |source| source.revision);
                checked.push(NewQuote { source: CommentId(id), source_revision: revision, text, verified: false });
            }
        }
    }
    Ok(checked)
}

/// How a stored quote stands now.
pub fn status(quote: &StoredQuote) -> QuoteStatus {
    let Some(source) = &quote.source_now else {
        return if quote.verified { QuoteStatus::Deleted } else { QuoteStatus::Unverified };
    };
    if source.deleted {
        QuoteStatus::Deleted
    } else if !quote.verified {
        QuoteStatus::Unverified
    } else if source.revision == quote.quoted_revision {
        QuoteStatus::Verified
    } else {
        // Edited since: still verified if the words survived the edit.
        match &source.body {
            Some(body) if quote_occurs_in(&quote.text, &schrieb_markup::parse(body)) => QuoteStatus::Verified,
            _ => QuoteStatus::Edited,
        }
    }
}

#[cfg(test)]
mod tests;
