//! The installed app: the service worker (`/sw.js`, which the server serves with the app's
//! file list) keeps the app and the threads read for offline use, revalidates them, and sends
//! replies written offline. This module is the pages' side of it.

mod outbox;
mod registration;
mod unseen;
mod worker;

pub use outbox::{discard, flush, new_key, queue, queued_for, readable, retry, waiting_reply};
pub use registration::{Pwa, use_pwa};
pub use worker::{WorkerError, controls_page};
