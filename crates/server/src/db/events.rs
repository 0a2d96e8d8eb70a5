//! The storage interface for the event log: every change readers may see, in the order it was
//! made. The write that changes something appends its event in its own transaction (each
//! engine's write methods do), so the log and the data never disagree; this trait reads it.

use async_trait::async_trait;
use schrieb_api::{Comment, CommentId, Slug};

use super::{ArticleKey, DbError, WithStoredQuotes};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// A comment was posted (or imported).
    Published,
    /// A comment's body was replaced.
    Edited,
    /// A comment was deleted.
    Deleted,
    /// A deleted comment was brought back.
    Restored,
    /// A comment's reactions changed.
    Reacted,
    /// A site's settings changed (who may write in its threads), or, with an article, whether
    /// its discussion is open.
    Site,
    /// A published comment was held for review (readers see its place empty).
    Held,
    /// A moderator approved a held comment that had a place already.
    Approved,
    /// A moderator decided about a comment (its author is told); readers see its change, if
    /// any, as its own event.
    Decided,
    /// An import added comments to the thread (no comment named): pages showing it are stale,
    /// but nobody is notified of a discussion that happened elsewhere, years ago perhaps.
    Imported,
    /// A comment's author deleted their account and left the comment in its thread: it is
    /// signed "deleted account" now. Readers redraw it; nobody is notified.
    AuthorGone,
    /// A comment's link preview cards changed: made once the linked pages were read, or
    /// removed. Readers redraw it; nobody is notified.
    Previewed,
}

impl EventKind {
    /// The name the log stores.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Published => "published",
            Self::Edited => "edited",
            Self::Deleted => "deleted",
            Self::Restored => "restored",
            Self::Reacted => "reacted",
            Self::Site => "site",
            Self::Held => "held",
            Self::Approved => "approved",
            Self::Decided => "decided",
            Self::Imported => "imported",
            Self::AuthorGone => "author_gone",
            Self::Previewed => "previewed",
        }
    }

    /// The kind a stored name names.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            Self::Published,
            Self::Edited,
            Self::Deleted,
            Self::Restored,
            Self::Reacted,
            Self::Site,
            Self::Held,
            Self::Approved,
            Self::Decided,
            Self::Imported,
            Self::AuthorGone,
            Self::Previewed,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == name)
    }
}

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadEvent {
    /// Its place in the log: only grows.
    pub seq: i64,
    /// What happened.
    pub kind: EventKind,
    /// The thread it happened in, with its slug; `None` for a site's settings.
    pub article: Option<(ArticleKey, Slug)>,
    /// The comment it happened to, if one.
    pub comment: Option<CommentId>,
    /// For a moderator's decision, its line of the moderation log.
    pub decision: Option<i64>,
}

/// A comment an event names, as stored, with where it stands now.
#[derive(Debug, Clone, PartialEq)]
pub struct EventComment {
    /// The comment (mentions and reactions filled in, quotes not).
    pub comment: Comment,
    /// Its thread.
    pub article: ArticleKey,
    /// The page of the thread it stands on (the last page for one without a place).
    pub page: u32,
    /// Its thread's comment count now.
    pub count: u64,
}

/// The event log, read in order.
#[async_trait]
pub trait EventStore: Send + Sync {
    /// Up to `limit` events after `seq`, oldest first.
    async fn events_after(&self, seq: i64, limit: u32) -> Result<Vec<ThreadEvent>, DbError>;

    /// Up to `limit` events of `article`'s thread after `seq`, oldest first.
    async fn article_events_after(
        &self,
        article: ArticleKey,
        seq: i64,
        limit: u32,
    ) -> Result<Vec<ThreadEvent>, DbError>;

    /// The comments with these ids as they stand now, in one read, for the events naming them.
    async fn event_comments(&self, ids: &[CommentId]) -> Result<WithStoredQuotes<Vec<EventComment>>, DbError>;

    /// The number of the newest event, 0 for an empty log.
    async fn last_event(&self) -> Result<i64, DbError>;

    /// A count that moves when events may have been appended by any server: the followers of
    /// the log wake on it instead of waiting for their next round. `None` where the store
    /// cannot tell (SQLite: its followers read the log on a short timer). The log stays the
    /// source: a notice says only "read the log", and a lost one costs a round's delay.
    fn event_notices(&self) -> Option<tokio::sync::watch::Receiver<u64>> {
        None
    }
}
