//! The storage interface for notifications by mail: those whose mail is due, what became of
//! it, the daily digests, visits to threads (one mail per thread until the next), and the
//! links in mails that stop them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{Delivery, MailLanguage, NotificationId, NotificationKind, Slug, UserId};

use super::{ArticleKey, DbError, Mail, StoredNotification};

/// Whom a mail goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailRecipient {
    /// Their account.
    pub id: UserId,
    /// Their address, once confirmed (no mail goes to an unconfirmed one).
    pub email: Option<String>,
    /// Their name.
    pub display_name: String,
    /// The language of their mails.
    pub language: MailLanguage,
}

/// A notification whose mail is due, with what deciding it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct DueNotification {
    /// The notification, its comment as it stands now.
    pub notification: StoredNotification,
    /// For whom.
    pub recipient: MailRecipient,
    /// The comment's thread.
    pub article: ArticleKey,
    /// The delivery they chose for its kind now (`None`: the default).
    pub delivery: Option<Delivery>,
    /// When they last opened the thread.
    pub visited_at: Option<DateTime<Utc>>,
    /// When a mail last told them of the thread.
    pub mailed_at: Option<DateTime<Utc>>,
}

/// What became of a notification's mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailOutcome {
    /// Sent (queued in the outbox).
    Sent,
    /// None: they chose the app only (or the digest) since.
    App,
    /// Waits for the daily digest.
    Digest,
    /// None: they read it in the app first.
    Read,
    /// None: the comment is not to be read anymore.
    Gone,
    /// None: a mail about the thread went already, and they have not been back since.
    Waiting,
}

impl MailOutcome {
    /// The name the database stores.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::App => "app",
            Self::Digest => "digest",
            Self::Read => "read",
            Self::Gone => "gone",
            Self::Waiting => "waiting",
        }
    }
}

/// A person whose daily digest is due, with what it gathers.
#[derive(Debug, Clone, PartialEq)]
pub struct DueDigest {
    /// For whom.
    pub recipient: MailRecipient,
    /// The notifications waiting for it, oldest first.
    pub notifications: Vec<StoredNotification>,
}

/// What a mailed unsubscribe link may stop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsubscribeGrant {
    /// Whose mails.
    pub user: UserId,
    /// The kind of the mail it came with; `None` for the digest.
    pub kind: Option<NotificationKind>,
    /// The thread the mail was about: its key, slug and title.
    pub thread: Option<(ArticleKey, Slug, String)>,
    /// The language of the person's mails.
    pub language: MailLanguage,
}

/// Notifications by mail.
#[async_trait]
pub trait NotificationMailStore: Send + Sync {
    /// Up to `limit` notifications whose mail waits for a decision, made at or before
    /// `made_before`, oldest first.
    async fn due_notifications(&self, made_before: DateTime<Utc>, limit: u32) -> Result<Vec<DueNotification>, DbError>;

    /// Settles notification `id`'s mail as `outcome`, unless it is settled already (`false`):
    /// with `mail` queued and the thread noted as mailed to the person, in one transaction.
    async fn settle_notification_mail(
        &self,
        id: NotificationId,
        outcome: MailOutcome,
        mail: Option<(&Mail, ArticleKey)>,
        now: DateTime<Utc>,
    ) -> Result<bool, DbError>;

    /// Up to `limit` people with notifications waiting for the digest whose last digest was
    /// made before `since` (or never).
    async fn due_digests(&self, since: DateTime<Utc>, limit: u32) -> Result<Vec<DueDigest>, DbError>;

    /// Marks `notifications` digested and queues `mail` (none: nothing of them is to be read
    /// anymore), and notes the digest was made for `user` at `now`; `false` when another server
    /// made it since `since`.
    async fn settle_digest(
        &self,
        user: UserId,
        notifications: &[NotificationId],
        mail: Option<&Mail>,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool, DbError>;

    /// Notes that `user` opened the thread of article `slug` at `now`.
    async fn visited(&self, user: UserId, slug: &Slug, now: DateTime<Utc>) -> Result<(), DbError>;

    /// Keeps an unsubscribe link's token (its hash) for `user`'s mails of `kind` (`None`: the
    /// digest) about `thread`.
    async fn issue_unsubscribe(
        &self,
        token_hash: &str,
        user: UserId,
        kind: Option<NotificationKind>,
        thread: Option<ArticleKey>,
        now: DateTime<Utc>,
    ) -> Result<(), DbError>;

    /// What the link with the token hashed as `token_hash` may stop.
    async fn unsubscribe_grant(&self, token_hash: &str) -> Result<Option<UnsubscribeGrant>, DbError>;
}
