//! Notices of new events from every server: one `LISTEN schrieb_events` connection per server
//! (the migrations' trigger on `thread_events` notifies at each commit that appended events),
//! turned into a count that the log's followers watch.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::{oneshot, watch};

/// The channel the trigger notifies on.
const CHANNEL: &str = "schrieb_events";

/// The pause before listening again after the connection failed.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// A repository's listener, started when first asked for; it stops when the last clone of the
/// repository is dropped (its stop sender goes with it), and with the pool.
#[derive(Debug, Default, Clone)]
pub(super) struct Notices {
    started: Arc<OnceLock<Started>>,
}

#[derive(Debug)]
struct Started {
    count: watch::Receiver<u64>,
    /// Dropped with the repository: the listener's task ends then.
    _stop: oneshot::Sender<()>,
}

impl Notices {
    /// The count of notices, listening from now on (the first call starts the listener).
    pub(super) fn receiver(&self, pool: &PgPool) -> watch::Receiver<u64> {
        self.started
            .get_or_init(|| {
                let (count, receiver) = watch::channel(0);
                let (stop, stopped) = oneshot::channel();
                tokio::spawn(listen(pool.clone(), count, stopped));
                Started { count: receiver, _stop: stop }
            })
            .count
            .clone()
    }
}

/// Counts the notices on [`CHANNEL`] until `stopped`. Every lost connection also counts as a
/// notice, once listening again: notices sent meanwhile are lost, and the followers' catch-up
/// from the log finds what they said.
async fn listen(pool: PgPool, count: watch::Sender<u64>, mut stopped: oneshot::Receiver<()>) {
    let mut listener: Option<PgListener> = None;
    loop {
        let listening = match listener.as_mut() {
            Some(listening) => listening,
            None => match start(&pool).await {
                Ok(started) => {
                    count.send_modify(|n| *n += 1);
                    listener.insert(started)
                }
                Err(error) => {
                    if pool.is_closed() {
                        return;
                    }
                    tracing::warn!(%error, "listening for new events failed; trying again");
                    tokio::select! {
                        _ = &mut stopped => return,
                        () = tokio::time::sleep(RETRY_AFTER) => continue,
                    }
                }
            },
        };
        let received = tokio::select! {
            _ = &mut stopped => return,
            received = listening.try_recv() => received,
        };
        match received {
            Ok(_) => count.send_modify(|n| *n += 1),
            Err(sqlx::Error::PoolClosed) => return,
            Err(error) => {
                tracing::warn!(%error, "the connection listening for new events failed; listening again");
                listener = None;
            }
        }
    }
}

async fn start(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}
