//! Writes to the server as the forms and buttons make them: each a Leptos [`Action`], whose
//! state (under way, failed, done) is read from the action instead of signals of every form's
//! own.

use std::future::Future;

use leptos::prelude::*;

use crate::api::ClientError;

/// A write made by [`use_write`] (or an errand by [`use_errand`]): sent with [`UseWrite::send`], and its state for the view.
pub struct UseWrite<I: 'static, T: Send + Sync + 'static, E: Send + Sync + 'static = ClientError> {
    /// The action itself: [`Action::dispatch_local`] sends even while another write is under
    /// way (for writes that may overlap), and [`Action::version`] counts the finished ones.
    pub action: Action<I, Result<T, E>>,
    /// Whether a write is under way: forms disable their button meanwhile.
    pub pending: Memo<bool>,
    /// Why the last write failed; `None` while the next one is under way and after a success.
    pub failure: Signal<Option<E>>,
    /// What the last write answered, if it succeeded; `None` while the next one is under way.
    pub success: Signal<Option<T>>,
}

impl<I, T: Send + Sync, E: Send + Sync> Clone for UseWrite<I, T, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I, T: Send + Sync, E: Send + Sync> Copy for UseWrite<I, T, E> {}

impl<I, T: Send + Sync, E: Send + Sync> UseWrite<I, T, E> {
    /// Sends `input`, unless a write is under way: a double click or a second Enter sends once.
    pub fn send(&self, input: I) {
        if !self.pending.get_untracked() {
            self.action.dispatch_local(input);
        }
    }
}

/// Makes `write` an action. `write` is the request and what follows its answer (the session
/// learns who logged in, the editor is emptied, the thread is told): that follows the answer
/// in the same task, once per write, even if the reader has moved on meanwhile. The view reads
/// the rest from [`UseWrite`]. Futures need not be `Send` (gloo-net's are not): the action runs
/// them on this thread.
pub fn use_write<I, T, F, Fu>(write: F) -> UseWrite<I, T>
where
    I: 'static,
    T: Clone + Send + Sync + 'static,
    F: Fn(&I) -> Fu + 'static,
    Fu: Future<Output = Result<T, ClientError>> + 'static,
{
    use_errand(write)
}

/// [`use_write`] for an errand whose failure is not the API client's (the service worker's
/// outbox answers with its own errors).
pub fn use_errand<I, T, E, F, Fu>(errand: F) -> UseWrite<I, T, E>
where
    I: 'static,
    T: Clone + Send + Sync + 'static,
    E: Clone + Send + Sync + 'static,
    F: Fn(&I) -> Fu + 'static,
    Fu: Future<Output = Result<T, E>> + 'static,
{
    let action = Action::new_local(errand);
    let pending = action.pending();
    let last = action.value();
    let failure = Signal::derive(move || match (pending.get(), &*last.read()) {
        (false, Some(Err(error))) => Some(error.clone()),
        _ => None,
    });
    let success = Signal::derive(move || match (pending.get(), &*last.read()) {
        (false, Some(Ok(answer))) => Some(answer.clone()),
        _ => None,
    });
    UseWrite { action, pending, failure, success }
}

#[cfg(test)]
#[cfg(target_arch = "wasm32")]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use leptos::task::tick;
    use wasm_bindgen::JsValue;
    use wasm_bindgen_futures::JsFuture;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    /// Answers the server has not given yet: each write waits for its own.
    type Unanswered = Rc<RefCell<Vec<js_sys::Function>>>;

    /// A write whose answers the test gives: `ok` succeeds with the input, anything else fails.
    fn write_answered_by_test() -> (UseWrite<u32, u32>, Unanswered) {
        let unanswered = Unanswered::default();
        let waiting = unanswered.clone();
        let write = use_write(move |input: &u32| {
            let input = *input;
            let answer = js_sys::Promise::new(&mut |resolve, _| waiting.borrow_mut().push(resolve));
            async move {
                match JsFuture::from(answer).await.ok().and_then(|answer| answer.as_string()).as_deref() {
                    Some("ok") => Ok(input),
                    _ => Err(ClientError::Network("refused by the test".to_owned())),
                }
            }
        });
        (write, unanswered)
    }

    /// Gives the oldest unanswered write `answer`, and lets the action hear it.
    async fn answer(unanswered: &Unanswered, answer: &str) {
        let resolve = unanswered.borrow_mut().remove(0);
        resolve.call1(&JsValue::NULL, &JsValue::from_str(answer)).unwrap();
        for _ in 0..3 {
            tick().await;
        }
    }

    #[wasm_bindgen_test]
    async fn a_write_is_pending_until_answered_sends_once_meanwhile_and_keeps_only_the_last_outcome() {
        // Mounting starts Leptos's executor, which actions and effects run on.
        leptos::mount::mount_to_body(|| ());
        let owner = Owner::new();
        owner.set();
        let (write, unanswered) = write_answered_by_test();
        assert!(!write.pending.get_untracked());

        write.send(1);
        assert!(write.pending.get_untracked(), "pending as soon as it is sent");
        write.send(2);
        assert_eq!(unanswered.borrow().len(), 1, "a second send while pending is not sent");

        answer(&unanswered, "refused").await;
        assert!(!write.pending.get_untracked());
        assert_eq!(write.failure.get_untracked(), Some(ClientError::Network("refused by the test".to_owned())));
        assert_eq!(write.success.get_untracked(), None);

        write.send(3);
        assert_eq!(write.failure.get_untracked(), None, "the old failure goes while the next write is under way");
        answer(&unanswered, "ok").await;
        assert_eq!(write.success.get_untracked(), Some(3));
        assert_eq!(write.failure.get_untracked(), None);
        assert_eq!(write.action.version().get_untracked(), 2, "two writes finished");
    }
}
