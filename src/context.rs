//! Every context of the app, in one place. A component reads one with its `use_…` function,
//! which has a fallback for views rendered without it (component tests, the widget).
//!
//! App-wide, provided once at the root by [`provide_app_contexts`]:
//!
//! | context | what | read with |
//! |---|---|---|
//! | [`Now`] | one ticking "now", so every relative time moves together | [`crate::clock::use_now`] |
//! | [`Pwa`] | the service worker: fresher answers, the outbox, a new version waiting | [`crate::pwa::use_pwa`] |
//! | [`Session`] | who is logged in | [`crate::session::use_session`] |
//! | `leptos_meta`'s | the document's `<title>` | `leptos_meta::Title` |
//!
//! Two more come from components in [`crate::App`], because they are components: the
//! translations (`I18nContextProvider`, which also sets `<html lang>`; read with
//! `crate::i18n::use_i18n`) and the router's (`<Router>`; read with `leptos_router::hooks`).
//!
//! Per thread, provided together by `components::thread::provide_thread_contexts` (the
//! discussion calls it), for the parts that quote into the reply box from anywhere in the
//! thread:
//!
//! | context | what | read with |
//! |---|---|---|
//! | `Composer` | the reply box's editor, as quoting reaches it | `components::editor::use_composer` |
//! | `MultiQuote` | the quotes collected with "+ Zitat" | `components::quote::use_multi_quote` |
//! | `Authors` | who wrote the comments shown and quoted | `components::quote::use_authors` |
//!
//! What a comment's controls change (edited, deleted, restored) is not a context: they report
//! it to the thread through a callback (`on_change`), and the thread decides what to load again.

use leptos::prelude::provide_context;
use leptos_meta::provide_meta_context;

use crate::clock::Now;
use crate::pwa::Pwa;
use crate::session::Session;

/// Provides the app-wide contexts; called once, by [`crate::App`].
pub fn provide_app_contexts() {
    provide_meta_context();
    provide_context(Now::ticking());
    // Before the first request goes out: it starts hearing of the API client's requests.
    provide_context(Pwa::start());
    provide_context(Session::load());
}
