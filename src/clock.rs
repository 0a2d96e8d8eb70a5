//! The app's notion of "now", shared so that every relative time ticks together.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// The current time, refreshed every 30 seconds.
#[derive(Debug, Clone, Copy)]
pub struct Now(pub Signal<DateTime<Utc>>);

/// Provides a ticking [`Now`] to the app.
pub fn provide_clock() {
    let (now, set_now) = signal(Utc::now());
    if let Ok(handle) = set_interval_with_handle(move || set_now.set(Utc::now()), std::time::Duration::from_secs(30)) {
        on_cleanup(move || handle.clear());
    }
    provide_context(Now(now.into()));
}

/// The current time from context; the wall clock when no [`Now`] is provided.
pub fn use_now() -> Signal<DateTime<Utc>> {
    use_context::<Now>().map_or_else(|| Signal::derive(Utc::now), |now| now.0)
}
