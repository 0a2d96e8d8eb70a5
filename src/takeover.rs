//! Whether the app has taken the page over: what only the browser knows (the reader's time
//! zone, the address's `#fragment`, stored drafts) may show from then on. In the server's
//! render, and in the app's first render of a page the server rendered (which must be the
//! server's HTML), it may not.

use leptos::prelude::*;

/// The app's takeover, shared through context (see [`crate::context`]).
#[derive(Debug, Clone, Copy)]
pub struct TakenOver(pub Signal<bool>);

impl TakenOver {
    /// At once for a page the app renders itself; right after the first render for one the
    /// server rendered (an effect runs only in the browser, and only after that render).
    pub fn after_first_render(server_rendered: bool) -> Self {
        let taken = RwSignal::new(!server_rendered);
        if server_rendered {
            Effect::new(move |_| taken.set(true));
        }
        Self(taken.into())
    }
}

/// Whether the app has taken the page over; yes without a [`TakenOver`] (component tests).
pub fn use_taken_over() -> Signal<bool> {
    use_context::<TakenOver>().map_or_else(|| Signal::stored(true), |taken| taken.0)
}
