//! Every context of the app, in one place. A component reads one with its `use_…` function,
//! which has a fallback for views rendered without it (component tests, the widget).
//!
//! App-wide, provided once at the root by [`provide_app_contexts`]:
//!
//! | context | what | read with |
//! |---|---|---|
//! | [`Now`] | one ticking "now", so every relative time moves together | [`crate::clock::use_now`] |
//! | [`TakenOver`] | whether the app has taken the page over (browser-only state may show) | [`crate::takeover::use_taken_over`] |
//! | [`Pwa`] | the service worker: fresher answers, the outbox, a new version waiting | [`crate::pwa::use_pwa`] |
//! | [`Session`] | who is logged in | [`crate::session::use_session`] |
//! | [`Unread`] | the bell's count of unread notifications | [`crate::unread::use_unread`] |
//! | [`FirstAnswers`] | the API answers the server rendered the page from | [`crate::first_screen::use_first_answers`] |
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
//!
//! **The first render is the server's.** A page the server rendered ([`FirstScreen`]) is taken
//! over, not drawn anew: the app's first render must produce the very HTML the server did, or
//! hydration fails. So what only the browser knows (the worker, storage, the reader's time
//! zone, a session token) starts at the value the server rendered with, and changes in an
//! `Effect`, which runs only in the browser and only after that first render.

use leptos::prelude::provide_context;
use leptos_meta::provide_meta_context;

use crate::clock::Now;
use crate::first_screen::{FirstAnswers, FirstScreen};
use crate::pwa::Pwa;
use crate::session::Session;
use crate::takeover::TakenOver;
use crate::unread::Unread;

/// Provides the app-wide contexts from what the server rendered the page from, if it did;
/// called once, by [`crate::App`].
pub fn provide_app_contexts(first: Option<FirstScreen>) {
    provide_meta_context();
    let now = first.as_ref().map_or_else(chrono::Utc::now, |first| first.now);
    provide_context(Now::ticking(now));
    provide_context(TakenOver::after_first_render(first.is_some()));
    // The server renders for a browser it does not know: no worker, and the session of the
    // request's cookie.
    let rendered_me = first.as_ref().map(|first| first.me.clone());
    #[cfg(feature = "ssr")]
    {
        provide_context(Pwa::inert());
        provide_context(Session::rendered(rendered_me.flatten()));
    }
    #[cfg(not(feature = "ssr"))]
    {
        // Before the first request goes out: it starts hearing of the API client's requests.
        provide_context(Pwa::start());
        provide_context(Session::load(rendered_me));
        // Effects run once the first render is in the page (and the server's HTML taken over).
        leptos::prelude::Effect::new(|_| crate::dom::announce_ready());
    }
    provide_context(Unread::new());
    provide_context(FirstAnswers::new(first));
}
