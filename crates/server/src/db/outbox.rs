//! The storage interface for the mail outbox: every mail the server sends is kept there.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

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
}

/// The outbox, which tests and `schrieb-server outbox` read.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Keeps a mail in the outbox.
    async fn store_mail(&self, mail: &Mail, now: DateTime<Utc>) -> Result<(), DbError>;

    /// The mails sent to `address`, oldest first.
    async fn mails_to(&self, address: &str) -> Result<Vec<Mail>, DbError>;
}
