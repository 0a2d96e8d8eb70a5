//! The bell's live count: each logged-in reader with the app open holds a stream of their
//! unread count (`GET /api/v1/me/events`). The server reads the counts of those readers in one
//! query a second and passes on what changed, so a notification stored by any server, or a mark
//! read in another tab, reaches the bell within a second.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use schrieb_api::UserId;
use tokio::sync::watch;

use crate::db::{DbError, NotificationStore};

/// How often the counts of the readers with a stream are read.
const READ_EVERY: Duration = Duration::from_secs(1);

/// The readers with a stream here, each with their count.
#[derive(Debug, Default)]
pub struct BellHub {
    readers: Mutex<HashMap<UserId, watch::Sender<u64>>>,
    stopping: AtomicBool,
}

impl BellHub {
    /// A receiver of `user`'s unread count, starting at `now`.
    pub fn subscribe(&self, user: UserId, now: u64) -> watch::Receiver<u64> {
        let mut readers = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
        if self.stopping.load(Ordering::Acquire) {
            // Its sender gone at once: the stream sends the count and ends.
            return watch::channel(now).1;
        }
        let sender = readers.entry(user).or_insert_with(|| watch::channel(now).0);
        sender.send_if_modified(|count| std::mem::replace(count, now) != now);
        sender.subscribe()
    }

    /// Reads the counts of the readers with a stream and passes on those that changed;
    /// forgets readers whose streams all ended.
    pub async fn refresh(&self, store: &dyn NotificationStore) -> Result<(), DbError> {
        let users: Vec<UserId> = {
            let mut readers = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
            readers.retain(|_, sender| sender.receiver_count() > 0);
            readers.keys().copied().collect()
        };
        if users.is_empty() {
            return Ok(());
        }
        let counts = store.unread_counts(&users).await?;
        let readers = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
        for user in users {
            let now = counts.iter().find(|(who, _)| *who == user).map_or(0, |(_, count)| *count);
            if let Some(sender) = readers.get(&user) {
                sender.send_if_modified(|count| std::mem::replace(count, now) != now);
            }
        }
        Ok(())
    }

    /// Reads the counts every [`READ_EVERY`] for as long as the server runs.
    pub fn follow(self: Arc<Self>, store: Arc<dyn crate::db::Repository>) {
        tokio::spawn(async move {
            let mut every = tokio::time::interval(READ_EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            while !self.stopping.load(Ordering::Acquire) {
                every.tick().await;
                if let Err(error) = self.refresh(store.as_ref()).await {
                    tracing::warn!(%error, "reading the bells' counts failed; the next round tries again");
                }
            }
        });
    }

    /// How many bell streams are open here (a reader with two tabs has two), for `/metrics`.
    pub fn readers(&self) -> usize {
        let readers = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
        readers.values().map(watch::Sender::receiver_count).sum()
    }

    /// Ends every stream, so that the server can stop.
    pub fn stop(&self) {
        let mut readers = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
        self.stopping.store(true, Ordering::Release);
        readers.clear();
    }
}
