//! Installing the service worker and hearing from it: news of fresher threads, of the
//! outbox, and of a new version waiting to take over.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use leptos::ev;
use leptos::prelude::*;
use leptos_use::use_event_listener;
use leptos_use::{UseServiceWorkerOptions, UseServiceWorkerReturn, use_service_worker_with_options};
use schrieb_api::paths::NOT_SHELL_PAGES;
use schrieb_api::worker::{SentReply, WorkerNews, WorkerRequest};
use wasm_bindgen::{JsCast, JsValue};

use super::unseen::RequestWatch;
use super::worker::container;
use crate::api;

/// The service worker as the pages see it, shared through context (see [`crate::context`]).
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
    /// A `Pwa` without a worker: nothing ever changes (and what the server renders with).
    pub fn inert() -> Self {
        Self {
            fresh: RwSignal::new(0),
            outbox: RwSignal::new(0),
            sent: RwSignal::new(None),
            update_ready: Signal::stored(false),
            reload: Callback::new(|()| {}),
        }
    }

    /// Starts the pages' side: hears of the API client's requests (to keep what the worker did
    /// not see), and installs the worker and listens to it (not in the embed widget or its
    /// login popup, which live in other sites' pages). Called once, as the app starts.
    pub fn start() -> Self {
        api::set_watcher(&RequestWatch);
        let path = window().location().pathname().unwrap_or_default();
        let wanted = container().is_some() && !NOT_SHELL_PAGES.iter().any(|page| path.starts_with(page));
        let pwa = Self::inert();
        if !wanted {
            return pwa;
        }
        // The page reloads when the new version takes over because the reader asked for it;
        // not when the first version claims the page on the first visit.
        let asked = Arc::new(AtomicBool::new(false));
        let reload_when_asked = asked.clone();
        let UseServiceWorkerReturn { waiting, skip_waiting, .. } = use_service_worker_with_options(
            UseServiceWorkerOptions::default()
                .script_url("/sw.js")
                .skip_waiting_message(serde_json::to_string(&WorkerRequest::SkipWaiting).unwrap_or_default())
                .on_controller_change(move || {
                    if reload_when_asked.load(Ordering::Relaxed) {
                        let _ = window().location().reload();
                    } else {
                        // The first version took this page over: it keeps what the page read before.
                        super::unseen::hand_over();
                    }
                }),
        );
        let pwa = Self {
            update_ready: waiting,
            reload: Callback::new(move |()| {
                asked.store(true, Ordering::Relaxed);
                skip_waiting();
            }),
            ..pwa
        };
        listen(pwa);
        pwa
    }

    /// Lets the waiting version take over, and reloads the page when it has.
    pub fn reload_into_update(&self) {
        self.reload.run(());
    }
}

/// The worker's news, and the connection coming back, heard as long as the app runs.
fn listen(pwa: Pwa) {
    let Some(container) = container() else { return };
    let _ = use_event_listener(
        web_sys::EventTarget::from(container.clone()),
        ev::message,
        move |event: web_sys::MessageEvent| {
            let Some(news) = event.data().as_string().and_then(|text| serde_json::from_str::<WorkerNews>(&text).ok())
            else {
                return;
            };
            match news {
                WorkerNews::Fresh { .. } => pwa.fresh.update(|n| *n += 1),
                WorkerNews::Outbox => pwa.outbox.update(|n| *n += 1),
                WorkerNews::Sent(sent) => {
                    // The thread is read from the server again, with the reply on it.
                    api::note_write();
                    pwa.sent.set(Some(sent));
                    pwa.outbox.update(|n| *n += 1);
                }
            }
        },
    );
    // The worker's messages are held back until the page says it listens: `startMessages()`
    // (which setting `onmessage` would imply; web-sys does not bind it yet).
    if let Ok(start) = js_sys::Reflect::get(&container, &JsValue::from_str("startMessages"))
        && let Some(start) = start.dyn_ref::<js_sys::Function>()
    {
        let _ = start.call0(&container);
    }
    let flush = || {
        leptos::task::spawn_local(async {
            let _ = super::flush().await;
        })
    };
    let _ = use_event_listener(window(), ev::online, move |_| flush());
    // Replies left from an earlier visit go out now (browsers without Background Sync).
    if window().navigator().on_line() {
        flush();
    }
}

/// The [`Pwa`] provided at the app's root ([`crate::context::provide_app_contexts`]).
pub fn use_pwa() -> Pwa {
    use_context::<Pwa>().unwrap_or_else(Pwa::inert)
}
