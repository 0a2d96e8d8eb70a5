//! What running the server needs to know of the database: whether it answers, how its
//! connection pools stand, and how much work waits in the queues it holds.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::DbError;

/// One connection pool's state at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStatus {
    /// Which pool: `main` where an engine has one, `reader` and `writer` for SQLite's two.
    pub name: &'static str,
    /// Connections open now, idle or in use.
    pub size: u32,
    /// Open connections nobody uses now.
    pub idle: u32,
    /// The most connections the pool opens.
    pub max: u32,
}

/// The work the database holds for the background senders, at a moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueDepths {
    /// Mails in the outbox not sent yet, those waiting for another attempt included.
    pub mails_queued: u64,
    /// Mails given up on (the admin page lists them).
    pub mails_failed: u64,
    /// Notifications whose mail is not decided yet: they wait out the mail delay.
    pub notifications_unmailed: u64,
    /// Webhook deliveries not made yet, those waiting for another attempt included.
    pub webhook_deliveries_pending: u64,
    /// Bulk moderation decisions a server holds and carries out.
    pub moderation_jobs_running: u64,
    /// Bulk moderation decisions not finished that no server holds (their server stopped):
    /// the next server to look takes them over.
    pub moderation_jobs_waiting: u64,
}

/// The database as operators see it (`/healthz`, `/metrics`).
#[async_trait]
pub trait OperationsStore: Send + Sync {
    /// Runs the cheapest query there is: `Ok` when the database answers.
    async fn ping(&self) -> Result<(), DbError>;

    /// Each connection pool's state; no query, so it answers even when the database does not.
    fn pool_status(&self) -> Vec<PoolStatus>;

    /// How many mails, deliveries and jobs wait at `now`, in one query.
    async fn queue_depths(&self, now: DateTime<Utc>) -> Result<QueueDepths, DbError>;
}

/// The queue depths at `$1` (milliseconds), in SQL both engines read alike: each count is
/// served by a partial index (`outbox_due`, `outbox_failed`, `notifications_mail_due`,
/// `webhook_deliveries_due`, `moderation_jobs_unfinished`).
pub(super) const QUEUE_DEPTHS: &str = "SELECT \
     (SELECT COUNT(*) FROM outbox WHERE status = 'queued'), \
     (SELECT COUNT(*) FROM outbox WHERE status = 'failed'), \
     (SELECT COUNT(*) FROM notifications WHERE mail IS NULL), \
     (SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'pending'), \
     (SELECT COUNT(*) FROM moderation_jobs WHERE finished_at IS NULL AND claimed_until >= $1), \
     (SELECT COUNT(*) FROM moderation_jobs WHERE finished_at IS NULL AND (claimed_until IS NULL OR claimed_until < $1))";

/// [`QUEUE_DEPTHS`]' row: one count a column.
pub(super) type QueueCounts = (i64, i64, i64, i64, i64, i64);

/// [`QUEUE_DEPTHS`]' row as [`QueueDepths`]; a count is never negative.
pub(super) fn queue_depths(counts: QueueCounts) -> QueueDepths {
    let (mails_queued, mails_failed, unmailed, deliveries, running, waiting) = counts;
    let count = |value: i64| u64::try_from(value).unwrap_or(0);
    QueueDepths {
        mails_queued: count(mails_queued),
        mails_failed: count(mails_failed),
        notifications_unmailed: count(unmailed),
        webhook_deliveries_pending: count(deliveries),
        moderation_jobs_running: count(running),
        moderation_jobs_waiting: count(waiting),
    }
}
