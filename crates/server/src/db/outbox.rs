//! The storage interface for the mail outbox: the durable queue every mail is sent from.
//!
//! A mail is queued in the transaction that decides it; a sender claims due mails for a while
//! (`claimed_until`), so that several servers never send one mail twice, and records what
//! came of each: sent, another try later, or given up.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{MailFailure, MailLanguage};

use super::DbError;

/// A mail as the outbox keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// The recipient.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// Plain text.
    pub body: String,
    /// The same as HTML, for mails that show a comment.
    pub html: Option<String>,
    /// The language it is written in.
    pub lang: MailLanguage,
    /// The `List-Unsubscribe` header's value, for mails one can stop.
    pub list_unsubscribe: Option<String>,
}

impl Mail {
    /// A plain-text mail in `lang` that cannot be unsubscribed from (one the person asked for).
    pub fn text(to: &str, lang: MailLanguage, subject: String, body: String) -> Self {
        Self { to: to.to_owned(), subject, body, html: None, lang, list_unsubscribe: None }
    }
}

/// A mail a sender claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    /// Its number in the outbox.
    pub id: i64,
    /// How often it was tried before this claim.
    pub attempts: u32,
    /// When this claim runs out. Settling the mail names it: a sender whose claim ran out (and
    /// another server's claim replaced) settles nothing.
    pub claimed_until: DateTime<Utc>,
    /// The mail.
    pub mail: Mail,
}

/// The outbox.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Queues `mail`, to be sent from `now` on; its number.
    async fn queue_mail(&self, mail: &Mail, now: DateTime<Utc>) -> Result<i64, DbError>;

    /// The mails queued for `address`, oldest first, whatever became of them (for tests and
    /// `schrieb-server outbox`).
    async fn mails_to(&self, address: &str) -> Result<Vec<Mail>, DbError>;

    /// Claims up to `limit` queued mails due at `now` that nobody holds, for this sender until
    /// `until`, counting the attempt.
    async fn claim_mails(
        &self,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<QueuedMail>, DbError>;

    /// Records that `claimed` was sent, if the claim is still the sender's.
    async fn mail_sent(&self, claimed: &QueuedMail, now: DateTime<Utc>) -> Result<(), DbError>;

    /// Records that sending `claimed` failed with `error`: tried again from `retry_at`, or given
    /// up (`None`); if the claim is still the sender's.
    async fn mail_not_sent(
        &self,
        claimed: &QueuedMail,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(), DbError>;

    /// How many mails wait, and the newest `limit` given up on.
    async fn mail_status(&self, limit: u32) -> Result<(u64, Vec<MailFailure>), DbError>;
}
