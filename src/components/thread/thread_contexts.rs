use leptos::prelude::{Signal, provide_context};
use schrieb_api::Slug;

use crate::components::editor::Composer;
use crate::components::quote::{Authors, MultiQuote};
use crate::session::use_session;

/// Provides the contexts of `slug`'s thread, together (the list is in [`crate::context`]): the
/// reply box's [`Composer`], the [`MultiQuote`] collection and the register of [`Authors`].
/// Called by the discussion, whose parts quote into the reply box from anywhere in the thread;
/// `guests` says whether its site takes comments from guests (else only accounts may write).
pub fn provide_thread_contexts(slug: &Slug, guests: bool) {
    let session = use_session();
    provide_context(Composer::new(Signal::derive(move || session.logged_in() || guests)));
    provide_context(MultiQuote::load(slug));
    provide_context(Authors::empty());
}
