//! Mail: unsubscribing by a mailed link, and what admins see of the queue.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{MailLanguage, NotificationKind, Slug};

/// What an unsubscribe link stops, as its page offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnsubscribeScope {
    /// Everything from the mail's thread (the thread is muted).
    Thread,
    /// Mails of the mail's kind, or the digest (notifications stay in the app).
    Kind,
    /// Every mail but those one asks for (confirmations, password resets).
    All,
}

/// `GET /api/v1/mail/unsubscribe?token=…`: what the link in a mail can stop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnsubscribeOffer {
    /// The kind of mail the link came with; none for the daily digest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<NotificationKind>,
    /// The thread it was about, if any: its slug and title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<UnsubscribeThread>,
    /// The language the mail was written in, for the page's words.
    pub language: MailLanguage,
}

/// The thread an unsubscribe link was mailed about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnsubscribeThread {
    /// Its article's slug.
    pub slug: Slug,
    /// Its article's title.
    pub title: String,
}

/// `POST /api/v1/mail/unsubscribe`: stop what `scope` names, by the mailed `token` (no login).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UnsubscribeRequest {
    /// The token from the mail's link.
    pub token: String,
    /// What to stop.
    pub scope: UnsubscribeScope,
}

/// A mail that could not be sent, as admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailFailure {
    /// The outbox's number for it.
    pub id: i64,
    /// The recipient.
    pub to: String,
    /// Its subject.
    pub subject: String,
    /// How often sending was tried.
    pub attempts: u32,
    /// What the mail server (or the connection) last said.
    pub error: String,
    /// When it was given up.
    pub at: DateTime<Utc>,
}

/// `GET /api/v1/admin/mail`: how the outbox stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailStatus {
    /// Which transport sends: `log` (development: mails go to the server's log) or `smtp`.
    pub transport: String,
    /// Mails waiting to be sent (including those waiting for another try).
    pub queued: u64,
    /// Mails given up on, newest first (at most [`MAX_MAIL_FAILURES`]).
    pub failed: Vec<MailFailure>,
}

/// How many failed mails `GET /api/v1/admin/mail` lists.
pub const MAX_MAIL_FAILURES: u32 = 50;
