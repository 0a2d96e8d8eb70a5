//! What the page read before a service worker took it over (the first visit, before the worker
//! is installed): the worker never saw those answers, so it fetches and keeps them once it is
//! the page's worker, and a thread read on the first visit is readable offline too.

use std::cell::RefCell;

use schrieb_api::paths::Endpoint;

use super::outbox::keep;
use super::worker::controls_page;
use crate::api;

/// How many are remembered: pages that never get a worker (the widget) would collect forever.
const MAX_UNSEEN: usize = 100;

thread_local! {
    static UNSEEN: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// The API client's requests as the worker's side hears of them: set as the app starts.
pub(super) struct RequestWatch;

impl api::Watcher for RequestWatch {
    fn worker_sees(&self) -> bool {
        controls_page()
    }

    fn unseen(&self, url: String, write: bool) {
        if !write {
            unseen_by_worker(url);
        } else if [Endpoint::AuthLogin, Endpoint::AuthVerify].iter().any(|logs_in| url.ends_with(logs_in.template())) {
            // Logged in: who is logged in is kept, for writing offline.
            unseen_by_worker(Endpoint::Me.template().to_owned());
        }
    }
}

/// An answer to `url` the worker did not see. Kept at once when the worker took the page over
/// meanwhile (the request was under way), else remembered for [`hand_over`].
fn unseen_by_worker(url: String) {
    if controls_page() {
        leptos::task::spawn_local(async move {
            let _ = keep(vec![url]).await;
        });
        return;
    }
    UNSEEN.with(|unseen| {
        let mut unseen = unseen.borrow_mut();
        if unseen.len() < MAX_UNSEEN {
            unseen.push(url);
        }
    });
}

/// Gives the worker that has just taken the page over what it did not see.
pub(super) fn hand_over() {
    let urls = UNSEEN.with(|unseen| std::mem::take(&mut *unseen.borrow_mut()));
    leptos::task::spawn_local(async move {
        let _ = keep(urls).await;
    });
}
