//! What the page read before a service worker took it over (the first visit, before the worker
//! is installed): the worker never saw those answers, so it fetches and keeps them once it is
//! the page's worker, and a thread read on the first visit is readable offline too.

use std::cell::RefCell;

use super::outbox::keep;
use super::worker::controls_page;

/// How many are remembered: pages that never get a worker (the widget) would collect forever.
const MAX_UNSEEN: usize = 100;

thread_local! {
    static UNSEEN: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// An answer to `url` the worker did not see. Kept at once when the worker took the page over
/// meanwhile (the request was under way), else remembered for [`hand_over`].
pub fn unseen_by_worker(url: String) {
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
