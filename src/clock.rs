//! The app's notion of "now", shared so that every relative time ticks together.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// The current time, refreshed every 30 seconds; shared through context (see
/// [`crate::context`]).
#[derive(Debug, Clone, Copy)]
pub struct Now(pub Signal<DateTime<Utc>>);

impl Now {
    /// A clock that starts at `start` and, in the browser, ticks every 30 seconds for as long
    /// as the app runs. A page the server rendered starts at the server's "now", so the
    /// relative times the app takes over read as the server wrote them; the first tick moves
    /// them on.
    pub fn ticking(start: DateTime<Utc>) -> Self {
        let (now, set_now) = signal(start);
        // An effect runs only in the browser, after the page has been taken over.
        Effect::new(move |_| {
            if let Ok(handle) =
                set_interval_with_handle(move || set_now.set(Utc::now()), std::time::Duration::from_secs(30))
            {
                on_cleanup(move || handle.clear());
            }
        });
        Self(now.into())
    }
}

/// The current time from context; the wall clock when no [`Now`] is provided.
pub fn use_now() -> Signal<DateTime<Utc>> {
    use_context::<Now>().map_or_else(|| Signal::derive(Utc::now), |now| now.0)
}
