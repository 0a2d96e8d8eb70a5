//! A thread's live events from the server: one `EventSource`, opened again after a failure
//! from the last event seen, with growing pauses.
//!
//! Hand-written over web-sys rather than leptos-use's `use_event_source`: that one reopens the
//! same address after an error, at a fixed interval, so a reader who was offline would start
//! over from "now" and miss what happened meanwhile. This one asks for everything after the
//! last number it saw (`?after=`), waits 1, 2, 4 … 30 seconds between tries, and tries again
//! at once when the browser is back online.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::{TimeoutHandle, set_timeout_with_handle, window};
use schrieb_api::paths::api;
use schrieb_api::{LiveEvent, RESET_EVENT, Slug};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The longest pause between two tries.
const MAX_PAUSE_S: u32 = 30;

/// How the connection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamStatus {
    /// Opening.
    Connecting,
    /// Open: events arrive as they happen.
    Open,
    /// Lost; tried again in this many seconds.
    Lost(u32),
    /// The browser is offline: tried again when it is back.
    Offline,
}

/// What the stream tells its owner.
pub struct StreamHandlers {
    /// An event of the thread.
    pub on_event: Box<dyn Fn(LiveEvent)>,
    /// The reader missed more than the server replays: load the thread again, then
    /// [`LiveStream::restart`] from the page loaded.
    pub on_reset: Box<dyn Fn()>,
    /// The connection changed.
    pub on_status: Box<dyn Fn(StreamStatus)>,
}

/// A listener the browser calls with an event.
type Listener = Closure<dyn FnMut(web_sys::Event)>;

/// A thread's live events, for as long as it is kept; closed when dropped.
pub struct LiveStream {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    slug: Slug,
    /// The number of the last event handed on.
    last: u64,
    /// Failed tries since the last open connection.
    failures: u32,
    source: Option<web_sys::EventSource>,
    retry: Option<TimeoutHandle>,
    /// Kept alive while `source` may call them.
    callbacks: Vec<Listener>,
    /// The window's `online` and `offline` listeners.
    network: Vec<(&'static str, Listener)>,
    handlers: Rc<StreamHandlers>,
}

impl LiveStream {
    /// Follows `slug`'s events after number `after`.
    pub fn open(slug: Slug, after: u64, handlers: StreamHandlers) -> Self {
        let inner = Rc::new(RefCell::new(Inner {
            slug,
            last: after,
            failures: 0,
            source: None,
            retry: None,
            callbacks: Vec::new(),
            network: Vec::new(),
            handlers: Rc::new(handlers),
        }));
        // Back online: try now rather than at the end of the pause.
        let weak = Rc::downgrade(&inner);
        let online = Listener::new(move |_| {
            if let Some(inner) = weak.upgrade() {
                connect(&inner);
            }
        });
        // Offline: a connection that seems open would hear nothing; it is closed, and the
        // reader told, until the browser is back.
        let weak = Rc::downgrade(&inner);
        let offline = Listener::new(move |_| {
            if let Some(inner) = weak.upgrade() {
                let handlers = {
                    let mut inner = inner.borrow_mut();
                    disconnect(&mut inner);
                    inner.handlers.clone()
                };
                (handlers.on_status)(StreamStatus::Offline);
            }
        });
        for (name, listener) in [("online", &online), ("offline", &offline)] {
            let _ = window().add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
        inner.borrow_mut().network = vec![("online", online), ("offline", offline)];
        if window().navigator().on_line() {
            connect(&inner);
        } else {
            let handlers = inner.borrow().handlers.clone();
            (handlers.on_status)(StreamStatus::Offline);
        }
        Self { inner }
    }

    /// Follows on from number `after` (a page loaded after a reset), on a new connection.
    pub fn restart(&self, after: u64) {
        disconnect(&mut self.inner.borrow_mut());
        self.inner.borrow_mut().last = after;
        connect(&self.inner);
    }
}

impl Drop for LiveStream {
    fn drop(&mut self) {
        let mut inner = self.inner.borrow_mut();
        disconnect(&mut inner);
        for (name, listener) in inner.network.drain(..) {
            let _ = window().remove_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
    }
}

/// Closes the connection and forgets a planned try.
fn disconnect(inner: &mut Inner) {
    if let Some(source) = inner.source.take() {
        source.close();
    }
    if let Some(retry) = inner.retry.take() {
        retry.clear();
    }
    // This may run inside one of them (a `reset` event): they are dropped once it returned.
    let callbacks = std::mem::take(&mut inner.callbacks);
    if !callbacks.is_empty() {
        leptos::prelude::set_timeout(move || drop(callbacks), Duration::ZERO);
    }
}

/// Opens the connection from the last number seen.
fn connect(cell: &Rc<RefCell<Inner>>) {
    let mut inner = cell.borrow_mut();
    disconnect(&mut inner);
    let Ok(source) = web_sys::EventSource::new(&api::article_events(&inner.slug, inner.last)) else {
        drop(inner);
        return fail(cell);
    };
    let weak = Rc::downgrade(cell);
    let opened = Listener::new(move |_| {
        if let Some(cell) = weak.upgrade() {
            let handlers = {
                let mut inner = cell.borrow_mut();
                inner.failures = 0;
                inner.handlers.clone()
            };
            (handlers.on_status)(StreamStatus::Open);
        }
    });
    let weak = Rc::downgrade(cell);
    let message = Listener::new(move |event: web_sys::Event| {
        let Some(cell) = weak.upgrade() else { return };
        let Some(data) = event.dyn_ref::<web_sys::MessageEvent>().and_then(|event| event.data().as_string()) else {
            return;
        };
        let Ok(live) = serde_json::from_str::<LiveEvent>(&data) else { return };
        let handlers = {
            let mut inner = cell.borrow_mut();
            // The server sends each number once; a number seen already is not handed on twice.
            if live.seq <= inner.last {
                return;
            }
            inner.last = live.seq;
            inner.handlers.clone()
        };
        (handlers.on_event)(live);
    });
    let weak = Rc::downgrade(cell);
    let reset = Listener::new(move |_| {
        if let Some(cell) = weak.upgrade() {
            let handlers = {
                let mut inner = cell.borrow_mut();
                disconnect(&mut inner);
                inner.handlers.clone()
            };
            (handlers.on_reset)();
        }
    });
    let weak = Rc::downgrade(cell);
    let failed = Listener::new(move |_| {
        if let Some(cell) = weak.upgrade() {
            fail(&cell);
        }
    });
    source.set_onopen(Some(opened.as_ref().unchecked_ref()));
    source.set_onmessage(Some(message.as_ref().unchecked_ref()));
    source.set_onerror(Some(failed.as_ref().unchecked_ref()));
    let _ = source.add_event_listener_with_callback(RESET_EVENT, reset.as_ref().unchecked_ref());
    inner.callbacks = vec![opened, message, reset, failed];
    inner.source = Some(source);
    // Told with nothing borrowed: what it does may reach the stream again.
    let handlers = inner.handlers.clone();
    drop(inner);
    (handlers.on_status)(StreamStatus::Connecting);
}

/// The connection failed: closes it (the browser's own retry would not resume from our
/// number after a server restart that refused it) and tries again after a pause.
fn fail(cell: &Rc<RefCell<Inner>>) {
    let (pause, handlers) = {
        let mut inner = cell.borrow_mut();
        if let Some(source) = inner.source.take() {
            source.close();
        }
        let pause = 1_u32.checked_shl(inner.failures).unwrap_or(MAX_PAUSE_S).min(MAX_PAUSE_S);
        inner.failures = inner.failures.saturating_add(1);
        (pause, inner.handlers.clone())
    };
    (handlers.on_status)(StreamStatus::Lost(pause));
    let weak = Rc::downgrade(cell);
    let retry = set_timeout_with_handle(
        move || {
            if let Some(cell) = weak.upgrade() {
                cell.borrow_mut().retry = None;
                connect(&cell);
            }
        },
        Duration::from_secs(u64::from(pause)),
    );
    cell.borrow_mut().retry = retry.ok();
}
