use leptos::prelude::*;
use schrieb_api::Slug;

use super::ThreadLinks;

/// What a thread's parts need from the page showing it: its article, a way to load the shown
/// page again after a comment was posted, edited, deleted or restored, and the comment count.
#[derive(Debug, Clone)]
pub struct ThreadControl {
    /// The article's slug.
    pub slug: Slug,
    /// Where the thread's pages and permalinks are.
    pub links: ThreadLinks,
    /// Whether its site takes comments from guests.
    pub guests: bool,
    /// Bumped to load the shown page again: the page's comments depend on it. A signal of
    /// the page, not a callback, so it outlives every view that uses it.
    pub version: RwSignal<u64>,
    /// How many comments the thread has (deleted ones not counted), kept as comments come
    /// and go, for the heading.
    pub comment_count: RwSignal<u64>,
}

impl ThreadControl {
    /// Loads the shown page of the thread again.
    pub fn reload(&self) {
        self.version.update(|version| *version += 1);
    }
}
