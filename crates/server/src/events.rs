//! The event log as this server follows it: every change readers may see, in order, handed
//! to what depends on it: the answer cache, then the threads' live readers (notifications
//! read the same log).
//!
//! A server reads the log after each write it answers (so the writer's next read shows the
//! write) and every [`FOLLOW_EVERY`] (so writes through other servers or the command line on
//! the same database reach it too; on PostgreSQL, when its `LISTEN/NOTIFY` says that any server
//! appended events). Each read takes every event after the last one it saw, one query for any
//! number of events: the log stays the source, a notice only says when to read it.

use std::sync::Arc;
use std::time::Duration;

use crate::answers::AnswerCache;
use crate::db::{DbError, EventStore, NotificationStore, ThreadEvent};
use crate::live::{LiveFrame, LiveHub};

/// How often the log is read for changes made elsewhere, where the store sends no notices.
pub const FOLLOW_EVERY: Duration = Duration::from_millis(500);

/// How often the log is read besides the store's notices of new events, unless the settings
/// say otherwise: a notice lost costs at most this.
pub const FOLLOW_WITH_NOTICES_EVERY: Duration = Duration::from_secs(5);

/// Events read from the log at once.
const BATCH: u32 = 1000;

/// This server's place in the log.
#[derive(Debug)]
pub struct Feed {
    last: tokio::sync::Mutex<i64>,
    answers: Arc<AnswerCache>,
    live: Arc<LiveHub>,
}

impl Feed {
    /// Following the log from event `last` (the newest when the server started), for `answers`
    /// and the threads' `live` readers.
    pub fn new(last: i64, answers: Arc<AnswerCache>, live: Arc<LiveHub>) -> Self {
        Self { last: tokio::sync::Mutex::new(last), answers, live }
    }

    /// Reads every event after the last one seen and hands them on, then makes the
    /// notifications of the events not notified yet (from the log's own place for them, which
    /// survives restarts). Concurrent calls take turns, so each event is handed on once.
    pub async fn catch_up<L: EventStore + NotificationStore + ?Sized>(&self, log: &L) -> Result<(), DbError> {
        let mut last = self.last.lock().await;
        // Notifications first: a reader told of a new comment live may ask for theirs at once.
        if let Err(error) = crate::domain::notifications::notify(log, chrono::Utc::now()).await {
            tracing::warn!(%error, "making notifications failed; trying again with the next events");
        }
        self.hand_on(log, &mut last).await
    }

    async fn hand_on<L: EventStore + ?Sized>(&self, log: &L, last: &mut i64) -> Result<(), DbError> {
        loop {
            let events = log.events_after(*last, BATCH).await?;
            let Some(newest) = events.last() else { return Ok(()) };
            *last = newest.seq;
            self.answers.forget(&events);
            self.hand_to_readers(log, &events).await;
            if events.len() < BATCH as usize {
                return Ok(());
            }
        }
    }

    /// Sends the events of threads somebody reads live here to their readers: each comment
    /// read once, whatever the number of readers.
    async fn hand_to_readers<L: EventStore + ?Sized>(&self, log: &L, events: &[ThreadEvent]) {
        let read: Vec<ThreadEvent> = events
            .iter()
            .filter(|event| event.article.as_ref().is_some_and(|(article, _)| self.live.is_read(*article)))
            .cloned()
            .collect();
        if read.is_empty() {
            return;
        }
        match crate::domain::live::live_events(log, &read).await {
            Ok(live) => {
                for (article, event) in live {
                    match serde_json::to_string(&event) {
                        Ok(json) => self.live.publish(article, LiveFrame { seq: event.seq, json }),
                        Err(error) => tracing::error!(%error, "encoding a live event failed"),
                    }
                }
            }
            Err(error) => {
                // Their streams would miss these events: ending them makes them read the log.
                tracing::warn!(%error, "reading live events failed; readers reconnect");
                self.live.close_all();
            }
        }
    }

    /// Catches up for as long as the server runs: when the store says events were appended
    /// (PostgreSQL's notices, from any server), and every [`FOLLOW_EVERY`] where it cannot say
    /// (SQLite), or every `besides_notices` where it can, in case a notice was lost.
    pub fn follow(self: Arc<Self>, log: Arc<dyn crate::db::Repository>, besides_notices: Duration) {
        tokio::spawn(async move {
            let mut notices = log.event_notices();
            let period = if notices.is_some() { besides_notices } else { FOLLOW_EVERY };
            let mut every = tokio::time::interval(period);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                let listening = match notices.as_mut() {
                    Some(notices) => tokio::select! {
                        _ = every.tick() => true,
                        changed = notices.changed() => changed.is_ok(),
                    },
                    None => {
                        every.tick().await;
                        false
                    }
                };
                if !listening && notices.is_some() {
                    // The listener stopped (the store is closing): the timer alone goes on.
                    notices = None;
                    every = tokio::time::interval(FOLLOW_EVERY);
                    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                }
                if let Err(error) = self.catch_up(log.as_ref()).await {
                    tracing::warn!(%error, "reading the event log failed; trying again");
                }
                self.live.prune();
            }
        });
    }
}
