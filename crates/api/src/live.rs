//! Live threads (`GET /api/v1/articles/{slug}/events`): the changes of one thread as a stream
//! of Server-Sent Events, each a [`LiveEvent`] with the event log's number as its `id:`.
//!
//! A reader who lost the stream sends the last number it saw (`Last-Event-ID`, or `?after=`)
//! and gets exactly what it missed, then what follows. When it missed more than the server
//! replays ([`MAX_REPLAY`]), it gets one `reset` event instead and loads the thread again.

use serde::{Deserialize, Serialize};

use crate::Comment;

/// The most events one reconnection replays; a reader further behind is told to reload
/// (the SSE event named [`RESET_EVENT`]).
pub const MAX_REPLAY: u32 = 500;

/// The SSE event name of "you missed too much: load the thread again" (its data is `{}`).
pub const RESET_EVENT: &str = "reset";

/// The name of the events of `GET /api/v1/me/events`: data `{"unread": N}`, the reader's unread
/// notifications, sent at once and whenever the count changes.
pub const UNREAD_EVENT: &str = "unread";

/// What happened to a comment of the thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LiveKind {
    /// It was published: it took the thread's next place (posted, or approved by a moderator).
    Published,
    /// Its body was edited.
    Edited,
    /// It was deleted; its place stays.
    Deleted,
    /// It was brought back.
    Restored,
    /// Its reactions changed.
    Reacted,
    /// It was held for review: its place shows empty.
    Held,
    /// A moderator approved it again after a hold.
    Approved,
}

/// One change of a thread, as anyone may read it: the comment as it stands now (a held or
/// rejected comment's words left out, reactions not marked as anybody's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiveEvent {
    /// Its number in the event log (also the SSE `id:`): only grows.
    pub seq: u64,
    /// What happened.
    pub kind: LiveKind,
    /// The comment as it stands now.
    pub comment: Comment,
    /// The page of the thread it stands on.
    pub page: u32,
    /// The thread's comment count now (deleted and held ones not counted).
    pub count: u64,
}
