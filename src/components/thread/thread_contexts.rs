use leptos::prelude::provide_context;
use schrieb_api::Slug;

use crate::components::editor::Composer;
use crate::components::quote::{Authors, MultiQuote};

/// Provides the contexts of `slug`'s thread, together (the list is in [`crate::context`]): the
/// reply box's [`Composer`], the [`MultiQuote`] collection and the register of [`Authors`].
/// Called by the discussion, whose parts quote into the reply box from anywhere in the thread.
pub fn provide_thread_contexts(slug: &Slug) {
    provide_context(Composer::empty());
    provide_context(MultiQuote::load(slug));
    provide_context(Authors::empty());
}
