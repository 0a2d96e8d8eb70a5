//! The logged-in reader's unread notifications, as the bell shows them: loaded once the app
//! has the page, every [`EVERY`] while the page is visible, and at once when something says
//! there may be new ones (a live event of the thread that answers or mentions the reader, or
//! the notifications page marking some read).

use std::time::Duration;

use leptos::prelude::*;

/// How often the count is read while the page is visible.
pub const EVERY: Duration = Duration::from_secs(30);

/// The unread count, shared through context (see [`crate::context`]); `Copy`.
#[derive(Debug, Clone, Copy)]
pub struct Unread {
    /// The count; `None` until it was first read (the server renders the bell without it).
    pub count: RwSignal<Option<u64>>,
    /// Bumped to read it again now.
    again: RwSignal<u64>,
}

impl Unread {
    /// Not read yet.
    pub fn new() -> Self {
        Self { count: RwSignal::new(None), again: RwSignal::new(0) }
    }

    /// Reads the count again now.
    pub fn refresh(&self) {
        self.again.update(|again| *again += 1);
    }

    /// The reads asked for with [`Unread::refresh`] (tracked).
    pub fn asked(&self) -> u64 {
        self.again.get()
    }
}

impl Default for Unread {
    fn default() -> Self {
        Self::new()
    }
}

/// The count provided at the root, or one of its own (component tests, the widget).
pub fn use_unread() -> Unread {
    use_context::<Unread>().unwrap_or_default()
}
