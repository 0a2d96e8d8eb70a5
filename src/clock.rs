//! The app's notion of "now", shared so that every relative time ticks together.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// The current time, refreshed every 30 seconds; shared through context (see
/// [`crate::context`]).
#[derive(Debug, Clone, Copy)]
pub struct Now(pub Signal<DateTime<Utc>>);

impl Now {
    /// A clock that ticks every 30 seconds for as long as the app runs.
    pub fn ticking() -> Self {
        let (now, set_now) = signal(Utc::now());
        if let Ok(handle) =
            set_interval_with_handle(move || set_now.set(Utc::now()), std::time::Duration::from_secs(30))
        {
            on_cleanup(move || handle.clear());
        }
        Self(now.into())
    }
}

/// The current time from context; the wall clock when no [`Now`] is provided.
pub fn use_now() -> Signal<DateTime<Utc>> {
    use_context::<Now>().map_or_else(|| Signal::derive(Utc::now), |now| now.0)
}
