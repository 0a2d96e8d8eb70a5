//! Notifications (`/api/v1/me/notifications`): what happened that concerns the reader, from
//! the event log: answers to their comments, quotes of them elsewhere, mentions, new comments
//! in threads they follow, and moderators' decisions about their comments.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{CommentId, CommentState, FieldError, NotificationId, Reason, Slug};

/// The most notifications one request marks read by id.
pub const MAX_MARK_READ: usize = 100;

/// Notifications a page holds.
pub const NOTIFICATIONS_PER_PAGE: u32 = 20;

/// What a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// A comment in the same thread quotes yours: an answer to you.
    Reply,
    /// A comment in another thread quotes yours.
    Quote,
    /// A comment mentions you (`@name`).
    Mention,
    /// A new comment in a thread you follow.
    Followed,
    /// A moderator approved or removed your comment.
    Moderation,
    /// Reactions to your comments (the daily digest).
    Reactions,
}

impl NotificationKind {
    /// Every kind, in the order the settings list them.
    pub const ALL: [Self; 6] =
        [Self::Reply, Self::Quote, Self::Mention, Self::Followed, Self::Moderation, Self::Reactions];

    /// The name the API and the database use.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reply => "reply",
            Self::Quote => "quote",
            Self::Mention => "mention",
            Self::Followed => "followed",
            Self::Moderation => "moderation",
            Self::Reactions => "reactions",
        }
    }

    /// The kind `name` names.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// One notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    /// Its id.
    pub id: NotificationId,
    /// What it is about.
    pub kind: NotificationKind,
    /// The comment it is about: the new comment, or (moderation) yours.
    pub comment: CommentId,
    /// The slug of that comment's article.
    pub article_slug: Slug,
    /// That article's title.
    pub article_title: String,
    /// The page of the thread the comment stands on.
    pub page: u32,
    /// Who wrote the comment (for moderation: nobody named).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The first words of the comment, as the reader may read it now; empty when it is gone
    /// (deleted, or held since).
    pub excerpt: String,
    /// Whether the reader may still read the comment.
    pub visible: bool,
    /// For a moderator's decision: what they decided, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<CommentState>,
    /// The moderator's reason, for a removal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Whether the reader has seen it.
    pub read: bool,
    /// When it happened.
    pub at: DateTime<Utc>,
}

/// `GET /api/v1/me/notifications?page=N`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationPage {
    /// This page's notifications, newest first.
    pub items: Vec<Notification>,
    /// How many are unread in all.
    pub unread: u64,
    /// This page's number, from 1.
    pub page: u32,
    /// How many pages there are (at least 1).
    pub pages: u32,
    /// How many there are in all.
    pub total: u64,
}

/// `POST /api/v1/me/notifications/read`: `{"ids": [...]}` or `{"all": true}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MarkReadRequest {
    /// These notifications (at most [`MAX_MARK_READ`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub ids: Option<Vec<NotificationId>>,
    /// All of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<bool>,
}

impl MarkReadRequest {
    /// The request's rule: ids (at most [`MAX_MARK_READ`]) or `all: true`, not both.
    pub fn check(&self) -> Result<(), FieldError> {
        match (&self.ids, self.all) {
            (Some(ids), None | Some(false)) if ids.len() <= MAX_MARK_READ => Ok(()),
            (Some(_), None | Some(false)) => Err(FieldError {
                field: "ids",
                reason: Reason::TooManySelected { max: MAX_MARK_READ },
                message: format!("at most {MAX_MARK_READ} notifications at once"),
            }),
            (None, Some(true)) => Ok(()),
            _ => Err(FieldError {
                field: "ids",
                reason: Reason::MarkReadWhich,
                message: "name the notifications (`ids`) or send `all: true`, one of them".into(),
            }),
        }
    }
}

/// How a reader is notified of a thread (`GET`/`PUT /api/v1/articles/{slug}/follow`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FollowChoice {
    /// As it comes: answers and mentions; writing in the thread follows it.
    #[default]
    Default,
    /// Every new comment too.
    Follow,
    /// Nothing from this thread.
    Mute,
}

/// A reader's choice for one thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ThreadFollow {
    /// The choice.
    pub state: FollowChoice,
}

/// The answer to marking read: how many are unread now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    /// Unread notifications.
    pub unread: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_or_all_not_both_not_neither() {
        let ids = |n: i64| Some((0..n).map(NotificationId).collect::<Vec<_>>());
        assert!(MarkReadRequest { ids: ids(3), all: None }.check().is_ok());
        assert!(MarkReadRequest { ids: None, all: Some(true) }.check().is_ok());
        assert!(MarkReadRequest { ids: ids(101), all: None }.check().is_err());
        assert!(MarkReadRequest { ids: ids(1), all: Some(true) }.check().is_err());
        assert!(MarkReadRequest { ids: None, all: None }.check().is_err());
        assert!(MarkReadRequest { ids: None, all: Some(false) }.check().is_err());
    }

    #[test]
    fn kinds_read_back_from_their_names() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::from_name(kind.as_str()), Some(kind));
        }
    }
}
