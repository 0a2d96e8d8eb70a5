//! The logged-in reader's unread notifications, as the bell shows them.
//!
//! In the app the count arrives live: `GET /api/v1/me/events` sends it when the stream opens
//! and whenever it changes. The stream is held only while the page is visible: a browser gives
//! a site six connections over HTTP/1.1, and every background tab holding one would starve the
//! rest. While no stream is open (connecting, broken, a proxy that refuses event streams) the
//! count is read every [`EVERY`] instead, and the stream is tried again then. It is read at
//! once, too, when something says there may be new ones (a live event of the thread that
//! answers or mentions the reader, the notifications page marking some read). The widget
//! always reads: its token is a header an `EventSource` cannot send.
//!
//! Hand-written over web-sys rather than leptos-use's `use_event_source`: that one sets its
//! signals from the browser's callbacks and its reconnect timer after the bell that made it is
//! gone (logged out, the menu drawn again), which panics in the app. Here the stream belongs
//! to the bell: dropped with it, it is closed, and its callbacks only ever `try_set`.

use std::time::Duration;

use leptos::prelude::*;
use leptos_use::{use_document_visibility, use_interval_fn};
use schrieb_api::paths::Endpoint;
use schrieb_api::{UNREAD_EVENT, UnreadCount};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::{api, credentials};

/// How often the count is read while the page is visible and no stream is open.
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

/// Keeps `unread.count` current for as long as the calling component lives (the bell, shown
/// while someone is logged in): live where it can be, read where it cannot, as the module says.
pub fn keep_unread_current(unread: Unread) {
    // Only the newest read's answer counts: an older one may come back after it.
    let latest = StoredValue::new(0_u64);
    Effect::new(move |_| {
        let asked = unread.asked();
        latest.set_value(asked);
        leptos::task::spawn_local(async move {
            if let Ok(answer) = api::unread().await
                && latest.try_get_value() == Some(asked)
            {
                unread.count.try_set(Some(answer.unread));
            }
        });
    });
    let streaming = RwSignal::new(false);
    let stream = StoredValue::new_local(None::<CountStream>);
    let visibility = use_document_visibility();
    // Effects run in the browser only, where the widget's token can be asked for.
    let follow = move || {
        let wanted = visibility.get_untracked() == web_sys::VisibilityState::Visible && credentials::bearer().is_none();
        let closed = stream.with_value(|held| held.as_ref().is_none_or(CountStream::is_closed));
        if !wanted {
            stream.set_value(None);
            streaming.set(false);
        } else if closed {
            stream.set_value(CountStream::open(unread, streaming));
        }
    };
    Effect::new(move |_| {
        visibility.track();
        follow();
    });
    // Pausing on cleanup is leptos-use's: the round ends with the bell.
    let _round = use_interval_fn(
        move || {
            if !document().hidden() && streaming.try_get_untracked() == Some(false) {
                unread.refresh();
                follow();
            }
        },
        u64::try_from(EVERY.as_millis()).unwrap_or(u64::MAX),
    );
    // Logged out (the bell goes): the next account starts without this one's count.
    on_cleanup(move || {
        unread.count.try_set(None);
        stream.try_update_value(|held| *held = None);
    });
}

/// A listener the browser calls with an event.
type Listener = Closure<dyn FnMut(web_sys::Event)>;

/// The open count stream; closed when dropped.
struct CountStream {
    source: web_sys::EventSource,
    /// Kept alive while `source` may call them.
    _listeners: Vec<Listener>,
}

impl CountStream {
    /// Opens the stream, which sets `unread.count` from its events and `streaming` while it is
    /// open. `None` where the browser refuses to make one.
    fn open(unread: Unread, streaming: RwSignal<bool>) -> Option<Self> {
        let source = web_sys::EventSource::new(Endpoint::MeEvents.template()).ok()?;
        let on_count: Listener = Closure::new(move |event: web_sys::Event| {
            let data = event.dyn_ref::<web_sys::MessageEvent>().and_then(|message| message.data().as_string());
            if let Some(count) = data.and_then(|data| serde_json::from_str::<UnreadCount>(&data).ok()) {
                unread.count.try_set(Some(count.unread));
            }
        });
        let on_open: Listener = Closure::new(move |_: web_sys::Event| {
            streaming.try_set(true);
        });
        // Lost: the browser tries again by itself (still "connecting"), or gave up ("closed",
        // after a refusal), and then the bell's round opens it again.
        let on_error: Listener = Closure::new(move |_: web_sys::Event| {
            streaming.try_set(false);
        });
        for (name, listener) in [(UNREAD_EVENT, &on_count), ("open", &on_open), ("error", &on_error)] {
            let _ = source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
        Some(Self { source, _listeners: vec![on_count, on_open, on_error] })
    }

    /// Whether the browser gave it up (it does not try again after a refusal).
    fn is_closed(&self) -> bool {
        self.source.ready_state() == web_sys::EventSource::CLOSED
    }
}

impl Drop for CountStream {
    fn drop(&mut self) {
        self.source.close();
    }
}
