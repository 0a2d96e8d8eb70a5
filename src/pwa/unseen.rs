//! What the worker did not see: reads the page made before a service worker took it over (the
//! first visit, before the worker is installed), and the answers the page arrived with (the
//! server rendered them into it). The worker keeps both for offline reading once it is the
//! page's worker: it fetches the reads, and is handed the answers, so a thread read on the
//! first visit is readable offline too, and what the page arrived with is not fetched again.

use std::cell::RefCell;

use schrieb_api::paths::Endpoint;
use schrieb_api::worker::PageAnswer;

use super::outbox::{keep, store};
use super::worker::controls_page;
use crate::api;

/// How many are remembered: pages that never get a worker (the widget) would collect forever.
const MAX_UNSEEN: usize = 100;

/// What the worker is to be told of.
enum Unseen {
    /// A read to fetch and keep.
    Read(String),
    /// An answer to keep as it is.
    Arrived(PageAnswer),
}

thread_local! {
    static UNSEEN: RefCell<Vec<Unseen>> = const { RefCell::new(Vec::new()) };
}

/// The API client's requests as the worker's side hears of them: set as the app starts.
pub(super) struct RequestWatch;

impl api::Watcher for RequestWatch {
    fn worker_sees(&self) -> bool {
        controls_page()
    }

    fn unseen(&self, url: String, write: bool) {
        if !write {
            unseen_by_worker(Unseen::Read(url));
        } else if [Endpoint::AuthLogin, Endpoint::AuthVerify].iter().any(|logs_in| url.ends_with(logs_in.template())) {
            // Logged in: who is logged in is kept, for writing offline.
            unseen_by_worker(Unseen::Read(Endpoint::Me.template().to_owned()));
        }
    }

    fn arrived(&self, answer: PageAnswer) {
        unseen_by_worker(Unseen::Arrived(answer));
    }
}

/// Tells the worker of `unseen` at once when it controls the page (or took it over while the
/// request was under way), else remembers it for [`hand_over`].
fn unseen_by_worker(unseen: Unseen) {
    if controls_page() {
        tell(vec![unseen]);
        return;
    }
    UNSEEN.with(|remembered| {
        let mut remembered = remembered.borrow_mut();
        if remembered.len() < MAX_UNSEEN {
            remembered.push(unseen);
        }
    });
}

/// Gives the worker that has just taken the page over what it did not see.
pub(super) fn hand_over() {
    tell(UNSEEN.with(|remembered| std::mem::take(&mut *remembered.borrow_mut())));
}

fn tell(unseen: Vec<Unseen>) {
    let (mut reads, mut answers) = (Vec::new(), Vec::new());
    for item in unseen {
        match item {
            Unseen::Read(url) => reads.push(url),
            Unseen::Arrived(answer) => answers.push(answer),
        }
    }
    leptos::task::spawn_local(async move {
        // Nothing to do about a worker that cannot keep them: the page reads on as before.
        let _ = store(answers).await;
        let _ = keep(reads).await;
    });
}
