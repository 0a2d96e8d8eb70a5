//! The storage interface for the event log: every change readers may see, in the order it was
//! made. The write that changes something appends its event in its own transaction (each
//! engine's write methods do), so the log and the data never disagree; this trait reads it.

use async_trait::async_trait;
use schrieb_api::{CommentId, Slug};

use super::{ArticleKey, DbError};

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
}

/// The event log, read in order.
#[async_trait]
pub trait EventStore: Send + Sync {
    /// Up to `limit` events after `seq`, oldest first.
    async fn events_after(&self, seq: i64, limit: u32) -> Result<Vec<ThreadEvent>, DbError>;

    /// The number of the newest event, 0 for an empty log.
    async fn last_event(&self) -> Result<i64, DbError>;
}
