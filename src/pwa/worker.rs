//! Talking to the service worker: a [`WorkerRequest`] through a `MessageChannel`, its
//! [`WorkerAnswer`] as JSON text (the worker's side is `handle` in `sw.js`).

use schrieb_api::worker::{WorkerAnswer, WorkerFailure, WorkerRequest};
use wasm_bindgen::{JsCast, JsValue};

/// Why the service worker gave no usable answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WorkerError {
    /// No worker controls this page (the first visit before it is installed, a browser without
    /// service workers, a page over plain HTTP).
    #[error("no service worker controls this page")]
    Absent,
    /// The question could not be sent, or no answer came in time.
    #[error("the service worker did not answer: {0}")]
    NoAnswer(String),
    /// An answer that is not what was asked for.
    #[error("the service worker's answer did not decode: {0}")]
    Garbled(String),
    /// The worker could not do it, and says why (its storage refused, …).
    #[error("{0}")]
    Failed(WorkerFailure),
}

/// How long an answer may take; the worker may have to start first.
const ANSWER_WITHIN_MS: i32 = 10_000;

/// The browser's service worker container, where it has one: browsers offer it only to secure
/// pages (HTTPS, or `localhost`), and `navigator.serviceWorker` is missing elsewhere.
pub fn container() -> Option<web_sys::ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    let present = js_sys::Reflect::get(&navigator, &JsValue::from_str("serviceWorker"))
        .is_ok_and(|value| !value.is_undefined() && !value.is_null());
    present.then(|| navigator.service_worker())
}

/// Whether a service worker controls this page, and so can keep a reply until it can be sent.
pub fn controls_page() -> bool {
    container().and_then(|container| container.controller()).is_some()
}

/// Asks the worker that controls this page and waits for its answer.
pub async fn ask(question: &WorkerRequest) -> Result<WorkerAnswer, WorkerError> {
    let worker = container().and_then(|container| container.controller()).ok_or(WorkerError::Absent)?;
    let text = serde_json::to_string(question).map_err(|error| WorkerError::Garbled(error.to_string()))?;
    let channel = web_sys::MessageChannel::new().map_err(unanswered)?;
    let port = channel.port1();
    // Resolved by the answer (setting `onmessage` also starts the port), rejected by the timer.
    let answer = js_sys::Promise::new(&mut |resolve, reject| {
        port.set_onmessage(Some(&resolve));
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_1(
                &reject,
                ANSWER_WITHIN_MS,
                &JsValue::from_str("no answer in time"),
            );
        }
    });
    worker
        .post_message_with_transferable(&JsValue::from_str(&text), &js_sys::Array::of1(&channel.port2()))
        .map_err(unanswered)?;
    let answered = wasm_bindgen_futures::JsFuture::from(answer).await;
    port.set_onmessage(None);
    port.close();
    let event = answered.map_err(unanswered)?;
    let data = event
        .dyn_into::<web_sys::MessageEvent>()
        .ok()
        .and_then(|event| event.data().as_string())
        .ok_or_else(|| WorkerError::Garbled("an answer that is not text".to_owned()))?;
    serde_json::from_str(&data).map_err(|error| WorkerError::Garbled(error.to_string()))
}

fn unanswered(error: JsValue) -> WorkerError {
    WorkerError::NoAnswer(error.as_string().unwrap_or_else(|| format!("{error:?}")))
}
