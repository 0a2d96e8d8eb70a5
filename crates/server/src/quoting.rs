//! Verified quotes: checking a quote against its source when a comment is saved, and telling
//! how it stands when the thread is read.
//!
//! A quote is checked once, on save, against the source as it reads then; the revision it was
//! checked against is stored with the words. On read the source may have changed since: if the
//! words are still in it the quote is still verified, otherwise it is marked edited (with the
//! revision it quoted, which the history shows). Deciding on read keeps the answer right
//! however the source changes, and costs nothing for the usual case of an unedited source.

use std::collections::HashMap;

use schrieb_api::{CommentId, QuoteStatus};
use schrieb_markup::{Document, normalize_whitespace, quote_occurs_in};

use crate::db::{DbError, NewQuote, QuotedComment, Repository};

/// How strictly quotes are checked on save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotePolicy {
    /// Comments written here: every quote must quote its source as it reads now.
    Strict,
    /// Comments imported from elsewhere: a quote that does not check out is kept, marked
    /// unverified.
    Import,
}

/// Why a quote was refused. The messages say which quote and what to do.
#[derive(Debug, thiserror::Error)]
pub enum QuoteError {
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
    /// Reading the sources failed.
    #[error(transparent)]
    Database(#[from] DbError),
}

/// Checks the outer quotes with source of `document` (a quote inside a quote is the quoted
/// comment's own quote, checked when that comment was saved) and returns them for storing,
/// in body order.
pub async fn check_quotes(
    repository: &dyn Repository,
    document: &Document,
    policy: QuotePolicy,
) -> Result<Vec<NewQuote>, QuoteError> {
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
            None => Err(QuoteError::NoSuchComment(id)),
            Some(source) if source.deleted => Err(QuoteError::Deleted(id)),
            Some(source) if !source.author.eq_ignore_ascii_case(&quote.source.author) => {
                Err(QuoteError::WrongAuthor { id, named: quote.source.author.clone(), actual: source.author.clone() })
            }
            Some(source) => {
                let document = parsed.entry(id).or_insert_with(|| schrieb_markup::parse(&source.body));
                if quote_occurs_in(&quote.text, document) {
                    Ok(source.revision)
                } else {
                    Err(QuoteError::NotInSource { id, author: source.author.clone() })
                }
            }
        };
        let text = normalize_whitespace(&quote.text);
        match (verdict, policy) {
            (Ok(revision), _) => {
                checked.push(NewQuote { source: CommentId(id), source_revision: revision, text, verified: true })
            }
            (Err(QuoteError::Database(error)), _) => return Err(error.into()),
            (Err(error), QuotePolicy::Strict) => return Err(error),
            (Err(_), QuotePolicy::Import) => {
                let revision = sources.get(&id).map_or(1, |source| source.revision);
                checked.push(NewQuote { source: CommentId(id), source_revision: revision, text, verified: false });
            }
        }
    }
    Ok(checked)
}

/// A stored quote with its source as it is now, as the thread query reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredQuote {
    /// Whether the quote was checked on save.
    pub verified: bool,
    /// The revision it was checked against.
    pub quoted_revision: u32,
    /// The quoted words, white space collapsed.
    pub text: String,
    /// The source now: `None` when it no longer exists.
    pub source: Option<SourceNow>,
}

/// A quoted comment as it is when the thread is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceNow {
    /// Whether it was deleted.
    pub deleted: bool,
    /// Its current revision.
    pub revision: u32,
    /// Its current body; only read when it changed since the quote was checked.
    pub body: Option<String>,
}

/// How a stored quote stands now.
pub fn status(quote: &StoredQuote) -> QuoteStatus {
    let Some(source) = &quote.source else {
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
mod tests {
    use super::*;

    fn stored(verified: bool, quoted_revision: u32, source: Option<SourceNow>) -> StoredQuote {
        StoredQuote { verified, quoted_revision, text: "die Lizenz bleibt".into(), source }
    }

    fn now(deleted: bool, revision: u32, body: Option<&str>) -> Option<SourceNow> {
        Some(SourceNow { deleted, revision, body: body.map(str::to_owned) })
    }

    #[test]
    fn unchanged_sources_verify() {
        assert_eq!(status(&stored(true, 1, now(false, 1, None))), QuoteStatus::Verified);
    }

    #[test]
    fn an_edit_that_keeps_the_words_still_verifies() {
        let source = now(false, 2, Some("Ich glaube, **die Lizenz** bleibt, sagt sie."));
        assert_eq!(status(&stored(true, 1, source)), QuoteStatus::Verified);
    }

    #[test]
    fn an_edit_that_removes_the_words_marks_the_quote_edited() {
        let source = now(false, 3, Some("Ich habe mich geirrt."));
        assert_eq!(status(&stored(true, 1, source)), QuoteStatus::Edited);
    }

    #[test]
    fn deleted_sources_say_so_whatever_else_holds() {
        assert_eq!(status(&stored(true, 1, now(true, 1, None))), QuoteStatus::Deleted);
        assert_eq!(status(&stored(false, 1, now(true, 1, None))), QuoteStatus::Deleted);
        assert_eq!(status(&stored(true, 1, None)), QuoteStatus::Deleted);
    }

    #[test]
    fn imported_quotes_that_did_not_check_out_stay_unverified() {
        assert_eq!(status(&stored(false, 1, now(false, 1, None))), QuoteStatus::Unverified);
        assert_eq!(status(&stored(false, 1, None)), QuoteStatus::Unverified);
    }
}
