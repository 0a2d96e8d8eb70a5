//! Stopping behind a load balancer without dropping a request. Once told to stop, the server
//! says so at `/readyz` at once but goes on serving for a grace period, long enough for the
//! balancer to notice and send traffic elsewhere; then it stops taking connections, ends the
//! live streams (they never end on their own) and waits for the requests in flight.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::AppState;

/// Whether the server takes new traffic: what `/readyz` answers.
#[derive(Debug)]
pub struct Readiness {
    ready: AtomicBool,
}

impl Default for Readiness {
    fn default() -> Self {
        Self { ready: AtomicBool::new(true) }
    }
}

impl Readiness {
    /// Whether the server takes new traffic.
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }

    /// From now on `/readyz` answers 503; everything else is served as before.
    pub fn shutting_down(&self) {
        self.ready.store(false, Ordering::Release);
    }
}

/// Completes when the server should stop taking connections: after `signal`, the grace period
/// (cut short by a second `signal`), with the live streams ended. Give it to
/// [`crate::serve`], which then waits for the requests in flight.
pub async fn after_grace<S, F>(state: AppState, grace: Duration, signal: S)
where
    S: Fn() -> F,
    F: Future<Output = ()>,
{
    signal().await;
    state.readiness.shutting_down();
    tracing::info!(
        grace_seconds = grace.as_secs_f64(),
        "shutting down: /readyz answers 503 while requests are served for the grace period (signal again to stop now)"
    );
    tokio::select! {
        () = tokio::time::sleep(grace) => {}
        () = signal() => tracing::info!("signalled again: stopping now"),
    }
    tracing::info!("no more connections taken; ending live streams and waiting for the requests in flight");
    state.live.stop();
    state.bell.stop();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_until_shutting_down() {
        let readiness = Readiness::default();
        assert!(readiness.is_ready());
        readiness.shutting_down();
        assert!(!readiness.is_ready());
    }
}
