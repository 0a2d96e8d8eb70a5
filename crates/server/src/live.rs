//! Live threads inside one server: who reads which thread's events, and handing each event to
//! them. One small interface for the event stream's handlers (`subscribe`) and for the log's
//! follower (`publish`); what wakes the follower (this server's writes and a timer now,
//! PostgreSQL's `LISTEN/NOTIFY` with many servers) does not change it.
//!
//! Each thread read live has one broadcast channel. An event is read from the database and
//! encoded once per server, and only for a thread somebody reads, then shared by all its
//! readers as an `Arc`. A reader too slow for the channel's [`CAPACITY`] reads what it
//! missed from the log instead ([`tokio::sync::broadcast::error::RecvError::Lagged`]).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::broadcast;

use crate::db::ArticleKey;

/// Events a thread's channel holds for its slowest reader.
pub const CAPACITY: usize = 256;

/// One event of a thread, ready to send: its number in the log and its JSON, encoded once.
#[derive(Debug)]
pub struct LiveFrame {
    /// Its number in the event log.
    pub seq: u64,
    /// The `schrieb_api::LiveEvent`, as JSON.
    pub json: String,
}

/// The threads this server's readers follow live.
#[derive(Debug, Default)]
pub struct LiveHub {
    threads: Mutex<HashMap<ArticleKey, broadcast::Sender<Arc<LiveFrame>>>>,
    /// Set when the server stops: streams end, so that it can.
    stopping: AtomicBool,
}

impl LiveHub {
    /// A receiver of `article`'s events from now on.
    pub fn subscribe(&self, article: ArticleKey) -> broadcast::Receiver<Arc<LiveFrame>> {
        // Under the lock `stop` sets the flag under: no channel is made after it cleared them.
        let mut threads = self.threads.lock().unwrap_or_else(PoisonError::into_inner);
        if self.stopping.load(Ordering::Acquire) {
            // Closed at once: the stream sends what the log holds and ends.
            return broadcast::channel(1).1;
        }
        threads.entry(article).or_insert_with(|| broadcast::channel(CAPACITY).0).subscribe()
    }

    /// Whether anybody reads `article` live here.
    pub fn is_read(&self, article: ArticleKey) -> bool {
        let threads = self.threads.lock().unwrap_or_else(PoisonError::into_inner);
        threads.get(&article).is_some_and(|sender| sender.receiver_count() > 0)
    }

    /// Hands `frame` to `article`'s readers; forgets the thread when nobody reads it anymore.
    pub fn publish(&self, article: ArticleKey, frame: LiveFrame) {
        let mut threads = self.threads.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(sender) = threads.get(&article)
            && sender.send(Arc::new(frame)).is_err()
        {
            threads.remove(&article);
        }
    }

    /// Ends every reader's stream: after the log could not be read, their events would have a
    /// gap. They reconnect with the last number they saw and read the rest from the log.
    pub fn close_all(&self) {
        self.threads.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }

    /// Ends every stream for good: the server stops, and waits for open answers to end.
    pub fn stop(&self) {
        let mut threads = self.threads.lock().unwrap_or_else(PoisonError::into_inner);
        self.stopping.store(true, Ordering::Release);
        threads.clear();
    }

    /// Forgets threads nobody reads anymore.
    pub fn prune(&self) {
        self.threads.lock().unwrap_or_else(PoisonError::into_inner).retain(|_, sender| sender.receiver_count() > 0);
    }

    /// How many readers follow threads here.
    pub fn readers(&self) -> usize {
        self.threads
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .map(broadcast::Sender::receiver_count)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(seq: u64) -> LiveFrame {
        LiveFrame { seq, json: format!("{{\"seq\":{seq}}}") }
    }

    #[tokio::test]
    async fn readers_get_their_threads_events_only() {
        let hub = LiveHub::default();
        let mut first = hub.subscribe(ArticleKey(1));
        let mut second = hub.subscribe(ArticleKey(2));
        assert!(hub.is_read(ArticleKey(1)) && !hub.is_read(ArticleKey(3)));
        hub.publish(ArticleKey(1), frame(7));
        hub.publish(ArticleKey(3), frame(8));
        assert_eq!(first.recv().await.unwrap().seq, 7);
        assert!(second.try_recv().is_err());
        assert_eq!(hub.readers(), 2);
    }

    #[tokio::test]
    async fn a_thread_nobody_reads_is_forgotten() {
        let hub = LiveHub::default();
        drop(hub.subscribe(ArticleKey(1)));
        assert!(!hub.is_read(ArticleKey(1)));
        hub.publish(ArticleKey(1), frame(1));
        assert!(hub.threads.lock().unwrap().is_empty(), "sending to nobody forgets the thread");
        drop(hub.subscribe(ArticleKey(2)));
        let _kept = hub.subscribe(ArticleKey(3));
        hub.prune();
        let threads = hub.threads.lock().unwrap();
        assert_eq!(threads.keys().copied().collect::<Vec<_>>(), [ArticleKey(3)], "pruning forgets the unread");
    }

    #[tokio::test]
    async fn a_stopping_server_ends_new_streams_too() {
        let hub = LiveHub::default();
        hub.stop();
        let mut reader = hub.subscribe(ArticleKey(1));
        assert_eq!(reader.recv().await.unwrap_err(), broadcast::error::RecvError::Closed);
    }

    #[tokio::test]
    async fn closing_ends_every_stream() {
        let hub = LiveHub::default();
        let mut reader = hub.subscribe(ArticleKey(1));
        hub.close_all();
        assert_eq!(reader.recv().await.unwrap_err(), broadcast::error::RecvError::Closed);
    }
}
