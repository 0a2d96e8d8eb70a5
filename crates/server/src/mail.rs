//! Mail the server sends, through a durable queue.
//!
//! Every mail is queued in the outbox first (in the transaction that decides it, where there
//! is one), then sent by [`Mailer::run`]'s rounds through the configured [`MailTransport`]:
//! the log (development, the default) or SMTP. A round also settles the notifications whose
//! mail is due and makes the day's digests. A mail that fails is tried again with growing
//! pauses, and given up after [`sender::MAX_ATTEMPTS`] (admins see it on `/admin`); a server
//! claims the mails it sends for a while, so several servers never send one twice.

mod account;
mod notification;
pub mod sender;
pub mod transport;
mod words;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::sync::Notify;

pub use account::{already_registered, confirmation, password_reset, token_in};
pub use notification::{digests, notification_mails};
pub use transport::{LogTransport, MailTransport, SendError, SmtpTransport};

use crate::db::{DbError, Mail, OutboxStore, Repository};

/// How mails are made and when.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// The sender, as `Name <address>` or `address`; also the `mailto:` of unsubscribe links.
    pub from: String,
    /// How long a notification waits before its mail goes (read in the app first, none goes).
    pub delay: chrono::Duration,
    /// The hour (UTC) the daily digests are made.
    pub digest_hour: u32,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self { from: "schrieb <noreply@localhost>".into(), delay: chrono::Duration::minutes(10), digest_hour: 7 }
    }
}

/// The mail queue's sender, and the rules of when notifications are mailed.
pub struct Mailer {
    transport: Arc<dyn MailTransport>,
    wake: Notify,
    /// How mails are made and when.
    pub config: MailConfig,
}

/// How often a round runs when nothing wakes the sender: due notifications and retries wait
/// at most this long. A round that finds nothing costs three indexed reads and one claim.
const ROUND_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

impl Mailer {
    /// A mailer sending through `transport`.
    pub fn new(transport: Arc<dyn MailTransport>, config: MailConfig) -> Self {
        Self { transport, wake: Notify::new(), config }
    }

    /// The transport's name: `log` or `smtp`.
    pub fn transport_name(&self) -> &'static str {
        self.transport.name()
    }

    /// Queues `mail` and wakes the sender.
    pub async fn queue(&self, store: &dyn OutboxStore, mail: &Mail) -> Result<(), DbError> {
        store.queue_mail(mail, Utc::now()).await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Runs rounds until the server stops: every [`ROUND_EVERY`], and whenever a mail is queued.
    /// Links in mails point to `origin`.
    pub fn run(self: Arc<Self>, repository: Arc<dyn Repository>, origin: String) {
        tokio::spawn(async move {
            loop {
                if let Err(error) = self.round(repository.as_ref(), &origin, Utc::now()).await {
                    tracing::error!(%error, "a round of the mail queue failed; the next one tries again");
                }
                let _ = tokio::time::timeout(ROUND_EVERY, self.wake.notified()).await;
            }
        });
    }

    /// One round at `now`: settles the notifications whose mail is due, makes due digests,
    /// then sends what is due in the queue. How many mails were sent.
    pub async fn round(&self, repository: &dyn Repository, origin: &str, now: DateTime<Utc>) -> Result<usize, DbError> {
        notification_mails(repository, &self.config, origin, now).await?;
        digests(repository, &self.config, origin, now).await?;
        sender::send_due(repository, self.transport.as_ref(), now).await
    }
}
