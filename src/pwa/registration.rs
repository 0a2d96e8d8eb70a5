//! Installing the service worker and hearing from it: news of fresher threads, of the
//! outbox, and of a new version waiting to take over.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use leptos::prelude::*;
use leptos_use::{UseServiceWorkerOptions, UseServiceWorkerReturn, use_service_worker_with_options};
use schrieb_api::{CommentId, Slug};
use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::worker::container;

/// A reply from the outbox that the worker has published.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SentReply {
    /// Its idempotency key (its key in the outbox).
    pub key: String,
    /// The article.
    pub slug: Slug,
    /// The page of the thread it is on.
    pub page: u32,
    /// The published comment.
    pub id: CommentId,
}

/// What the worker tells the pages (`broadcast` in `sw.js`).
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
enum News {
    /// A kept answer was revalidated and has changed.
    Fresh,
    /// The outbox changed (a reply queued, refused or dropped).
    Outbox,
    /// A reply was published.
    Sent(SentReply),
}

/// The service worker as the pages see it, shared through context.
#[derive(Clone, Copy)]
pub struct Pwa {
    /// Bumped when a kept answer turned out stale: what was read from the cache is read again.
    pub fresh: RwSignal<u64>,
    /// Bumped when the outbox changes.
    pub outbox: RwSignal<u64>,
    /// The reply the worker published last.
    pub sent: RwSignal<Option<SentReply>>,
    /// Whether a new version of the app is installed and waits for a reload.
    pub update_ready: Signal<bool>,
    reload: Callback<()>,
}

impl Pwa {
    /// A `Pwa` without a worker: nothing ever changes.
    fn inert() -> Self {
        Self {
            fresh: RwSignal::new(0),
            outbox: RwSignal::new(0),
            sent: RwSignal::new(None),
            update_ready: Signal::stored(false),
            reload: Callback::new(|()| {}),
        }
    }

    /// Lets the waiting version take over, and reloads the page when it has.
    pub fn reload_into_update(&self) {
        self.reload.run(());
    }
}

/// Installs the worker (not in the embed widget or its login popup, which live in other sites'
/// pages) and provides [`Pwa`].
pub fn provide_pwa() {
    let path = window().location().pathname().unwrap_or_default();
    let wanted = container().is_some() && !path.starts_with("/embed") && !path.starts_with("/widget-login");
    let pwa = Pwa::inert();
    if !wanted {
        provide_context(pwa);
        return;
    }
    // The page reloads when the new version takes over because the reader asked for it; not
    // when the first version claims the page on the first visit.
    let asked = Arc::new(AtomicBool::new(false));
    let reload_when_asked = asked.clone();
    let UseServiceWorkerReturn { waiting, skip_waiting, .. } = use_service_worker_with_options(
        UseServiceWorkerOptions::default()
            .script_url("/sw.js")
            .skip_waiting_message(r#"{"type":"skip-waiting"}"#)
            .on_controller_change(move || {
                if reload_when_asked.load(Ordering::Relaxed) {
                    let _ = window().location().reload();
                } else {
                    // The first version took this page over: it keeps what the page read before.
                    super::unseen::hand_over();
                }
            }),
    );
    let pwa = Pwa {
        update_ready: waiting,
        reload: Callback::new(move |()| {
            asked.store(true, Ordering::Relaxed);
            skip_waiting();
        }),
        ..pwa
    };
    provide_context(pwa);
    listen(pwa);
}

/// The worker's news, and the connection coming back. Both listeners live as long as the page.
fn listen(pwa: Pwa) {
    let Some(container) = container() else { return };
    let on_news = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let Some(news) = event.data().as_string().and_then(|text| serde_json::from_str::<News>(&text).ok()) else {
            return;
        };
        match news {
            News::Fresh => pwa.fresh.update(|n| *n += 1),
            News::Outbox => pwa.outbox.update(|n| *n += 1),
            News::Sent(sent) => {
                // The thread is read from the server again, with the reply on it.
                crate::api::note_write();
                pwa.sent.set(Some(sent));
                pwa.outbox.update(|n| *n += 1);
            }
        }
    });
    // `onmessage` (not addEventListener) also starts the delivery of the worker's messages.
    container.set_onmessage(Some(on_news.as_ref().unchecked_ref()));
    on_news.forget();

    let flush = || {
        leptos::task::spawn_local(async {
            let _ = super::flush().await;
        })
    };
    let on_online = Closure::<dyn Fn()>::new(flush);
    let _ = window().add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
    on_online.forget();
    // Replies left from an earlier visit go out now (browsers without Background Sync).
    if window().navigator().on_line() {
        flush();
    }
}

/// The [`Pwa`] provided by [`provide_pwa`].
pub fn use_pwa() -> Pwa {
    use_context::<Pwa>().unwrap_or_else(Pwa::inert)
}
