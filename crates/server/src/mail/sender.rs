//! Sending the queue: claim what is due, hand it to the transport, record what came of it.

use chrono::{DateTime, Duration, Utc};

use super::{MailTransport, SendError};
use crate::db::{DbError, OutboxStore};

/// Attempts before a mail is given up: pauses of 1, 2, 4 ... 256 minutes between them, some
/// eight and a half hours in all.
pub const MAX_ATTEMPTS: u32 = 10;

/// How long a claim holds a mail: longer than any SMTP conversation takes.
const CLAIM: Duration = Duration::minutes(5);

/// Mails claimed at once.
const BATCH: u32 = 20;

/// The pause after attempt `attempts + 1` failed.
pub fn retry_pause(attempts: u32) -> Duration {
    Duration::minutes(1_i64 << attempts.min(8))
}

/// Sends the mails due at `now`, batch by batch; how many went.
pub async fn send_due(
    store: &dyn OutboxStore,
    transport: &dyn MailTransport,
    now: DateTime<Utc>,
) -> Result<usize, DbError> {
    let mut sent = 0;
    let started = std::time::Instant::now();
    loop {
        // Each batch is claimed from the time it is claimed: a claim counted from the start of a
        // long run could run out while its mails are still being sent, and another server would
        // send them again.
        let at = now + Duration::from_std(started.elapsed()).unwrap_or(CLAIM);
        let claimed = store.claim_mails(at, at + CLAIM, BATCH).await?;
        let full = claimed.len() == BATCH as usize;
        let batch_started = std::time::Instant::now();
        for queued in claimed {
            // A slow mail server can make a batch outlast its claim, and another server would
            // send what is left too: past half the claim, the rest waits for its claim to run
            // out and is sent by whichever server takes it then.
            if Duration::from_std(batch_started.elapsed()).unwrap_or(CLAIM) > CLAIM / 2 {
                tracing::warn!(id = queued.id, "a batch of mails ran long; the rest is sent later");
                continue;
            }
            match transport.send(&queued.mail).await {
                Ok(()) => {
                    store.mail_sent(&queued, Utc::now()).await?;
                    sent += 1;
                }
                Err(SendError::Transient(error)) if queued.attempts + 1 < MAX_ATTEMPTS => {
                    tracing::warn!(id = queued.id, attempts = queued.attempts + 1, %error, "a mail was not sent; tried again later");
                    let retry_at = Utc::now() + retry_pause(queued.attempts);
                    store.mail_not_sent(&queued, &error, Some(retry_at), Utc::now()).await?;
                }
                Err(error) => {
                    tracing::error!(id = queued.id, attempts = queued.attempts + 1, %error, "a mail was given up");
                    store.mail_not_sent(&queued, &error.to_string(), None, Utc::now()).await?;
                }
            }
        }
        if !full {
            return Ok(sent);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_double_up_to_four_hours() {
        assert_eq!(retry_pause(0), Duration::minutes(1));
        assert_eq!(retry_pause(3), Duration::minutes(8));
        assert_eq!(retry_pause(8), Duration::minutes(256));
        assert_eq!(retry_pause(30), Duration::minutes(256));
        let total: i64 = (0..MAX_ATTEMPTS - 1).map(|attempt| retry_pause(attempt).num_minutes()).sum();
        assert!((8 * 60..10 * 60).contains(&total), "{total} minutes of retries");
    }
}
