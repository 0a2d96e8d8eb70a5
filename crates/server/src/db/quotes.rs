//! Quotes with source as the database keeps them: what is stored when a comment is saved, what
//! checking a new quote reads, and what is read back with a thread. How a stored quote stands
//! now (verified, edited, deleted) is a rule, and the domain layer (`domain/quotes.rs`) applies it, not this layer.

use schrieb_api::CommentId;

/// A quote with source as checked when its comment was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewQuote {
    /// The quoted comment.
    pub source: CommentId,
    /// The source's revision the quote was checked against.
    pub source_revision: u32,
    /// The quoted words, white space collapsed.
    pub text: String,
    /// False when it could not be checked (imports).
    pub verified: bool,
}

/// A comment as a quote of it is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotedComment {
    /// Its id.
    pub id: CommentId,
    /// Its author's display name.
    pub author: String,
    /// Its current body.
    pub body: String,
    /// Its current revision (1 until it is edited).
    pub revision: u32,
    /// Whether it was deleted.
    pub deleted: bool,
}

/// A stored quote with its source as it is now, as the thread query reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredQuote {
    /// The comment whose body holds the quote.
    pub comment: CommentId,
    /// The quoted comment.
    pub source: CommentId,
    /// Whether the quote was checked on save.
    pub verified: bool,
    /// The revision it was checked against.
    pub quoted_revision: u32,
    /// The quoted words, white space collapsed.
    pub text: String,
    /// The source now: `None` when it no longer exists.
    pub source_now: Option<SourceNow>,
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

/// Comments as read (a page of a thread, a permalink) with their quotes as stored. The
/// comments' own `quotes` are left empty: each quote's status is for the caller to decide (the
/// domain layer's `ThreadReader` does, and is what handlers call).
#[derive(Debug, Clone, PartialEq)]
pub struct WithStoredQuotes<T> {
    /// The comments, mentions and reactions filled in, quotes not.
    pub read: T,
    /// The quotes of the comments that are not deleted, by comment and in body order.
    pub quotes: Vec<StoredQuote>,
}
