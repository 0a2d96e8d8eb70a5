//! An API answer a view shows, loaded again when what it answers changes.
//!
//! Why not a `LocalResource` under `<Transition>`: a page the server rendered holds its
//! answers already ([`crate::first_screen`]). A `LocalResource` waits a tick even for a ready
//! answer, so its first render would be the loading skeleton where the server's HTML shows
//! the comments, and the app could not take that HTML over. [`use_loaded`] starts from the
//! answer when there is one, synchronously, and fetches only what the page does not hold.

use std::future::Future;

use leptos::prelude::*;

use crate::api::ClientError;

/// The state of one loaded answer; `Copy`, for views and effects to share.
pub struct Loaded<T: Send + Sync + 'static> {
    /// The latest answer, kept while the next one loads (as a `<Transition>` keeps its page);
    /// `None` until the first arrives.
    answer: RwSignal<Option<Result<T, ClientError>>>,
    /// Bumped to load the same answer again.
    again: RwSignal<u64>,
}

impl<T: Send + Sync + 'static> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loaded<T> {}

impl<T: Clone + Send + Sync + 'static> Loaded<T> {
    /// The latest answer (tracked); `None` until one has arrived.
    pub fn get(&self) -> Option<Result<T, ClientError>> {
        self.answer.get()
    }
}

impl<T: Send + Sync + 'static> Loaded<T> {
    /// Loads the answer for the current key again (after a write, or a fresher copy).
    pub fn reload(&self) {
        self.again.update(|again| *again += 1);
    }
}

/// Loads `fetch(key())` now and whenever `key()` changes or [`Loaded::reload`] is called, in
/// the browser. With `first` (the server's answer for the first key), the first render shows
/// it and nothing is fetched for that key. An answer that arrives after a newer request went
/// out is dropped, so a quick second page change never shows the first page's answer last.
pub fn use_loaded<K, T, Fut>(
    key: impl Fn() -> K + 'static,
    first: Option<T>,
    fetch: impl Fn(K) -> Fut + 'static,
) -> Loaded<T>
where
    K: 'static,
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    let held = first.is_some();
    let loaded = Loaded { answer: RwSignal::new(first.map(Ok)), again: RwSignal::new(0) };
    let latest = StoredValue::new(0_u64);
    // Effects run only in the browser, after the first render: the server renders `first`.
    Effect::new(move |previous: Option<()>| {
        loaded.again.track();
        let key = key();
        if previous.is_none() && held {
            return;
        }
        let request = latest.get_value() + 1;
        latest.set_value(request);
        let answer = fetch(key);
        leptos::task::spawn_local(async move {
            let answer = answer.await;
            if latest.try_get_value() == Some(request) {
                loaded.answer.try_set(Some(answer));
            }
        });
    });
    loaded
}
