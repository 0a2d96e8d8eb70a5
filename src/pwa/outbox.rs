//! The worker's errands. Above all replies written without a connection: kept by the service
//! worker in IndexedDB until they can be sent, each with the `Idempotency-Key` that makes the
//! server publish it once however often it arrives. Also what it keeps for offline reading.
//!
//! The messages are `schrieb_api::worker`'s: every errand is answered with exactly one
//! [`WorkerAnswer`], and a failed one is an error here, never a success.

use schrieb_api::worker::{PageAnswer, QueueState, QueuedReply, ReadableArticle, WorkerAnswer, WorkerRequest};
use schrieb_api::{IdempotencyKey, Slug};

use super::worker::{WorkerError, ask};

/// A reply written now, waiting, under the idempotency `key` of its first try.
pub fn waiting_reply(
    key: IdempotencyKey,
    slug: Slug,
    body: String,
    guest_name: Option<String>,
    author: String,
    compose_ms: Option<u64>,
) -> QueuedReply {
    QueuedReply {
        key,
        slug,
        body,
        guest_name,
        author,
        compose_ms,
        queued_at: js_sys::Date::now() as u64,
        state: QueueState::Waiting,
        error: None,
    }
}

/// A fresh idempotency key (a random UUID).
pub fn new_key() -> IdempotencyKey {
    web_sys::window()
        .and_then(|window| window.crypto().ok())
        .and_then(|crypto| IdempotencyKey::parse(&crypto.random_uuid()).ok())
        // Only pages over plain HTTP lack `randomUUID`, and they have no service worker either.
        .unwrap_or_else(|| {
            let high = (js_sys::Math::random() * 2f64.powi(52)) as u128;
            let low = (js_sys::Math::random() * 2f64.powi(52)) as u128;
            IdempotencyKey::from_random(high << 64 | low ^ js_sys::Date::now() as u128)
        })
}

/// The articles that can be read without a connection, by title.
pub async fn readable() -> Result<Vec<ReadableArticle>, WorkerError> {
    match ask(&WorkerRequest::Readable).await? {
        WorkerAnswer::Readable { articles } => Ok(articles),
        other => Err(unexpected(other)),
    }
}

/// Puts `reply` in the outbox; the worker sends it when it can. `Ok` only once it is stored.
pub async fn queue(reply: &QueuedReply) -> Result<(), WorkerError> {
    match ask(&WorkerRequest::Queue { item: Box::new(reply.clone()) }).await? {
        WorkerAnswer::Queued { key } if key == reply.key => Ok(()),
        other => Err(unexpected(other)),
    }
}

/// The replies to `slug` in the outbox, oldest first.
pub async fn queued_for(slug: &Slug) -> Result<Vec<QueuedReply>, WorkerError> {
    match ask(&WorkerRequest::Outbox { slug: slug.clone() }).await? {
        WorkerAnswer::Outbox { items } => Ok(items),
        other => Err(unexpected(other)),
    }
}

/// Sends a refused reply again.
pub async fn retry(key: &IdempotencyKey) -> Result<(), WorkerError> {
    done(ask(&WorkerRequest::Retry { key: key.clone() }).await?)
}

/// Drops a reply from the outbox.
pub async fn discard(key: &IdempotencyKey) -> Result<(), WorkerError> {
    done(ask(&WorkerRequest::Discard { key: key.clone() }).await?)
}

/// Asks the worker to keep the answers to these reads for offline reading.
pub async fn keep(urls: Vec<String>) -> Result<(), WorkerError> {
    if urls.is_empty() {
        return Ok(());
    }
    done(ask(&WorkerRequest::Keep { urls }).await?)
}

/// Hands the worker answers the page arrived with, to keep for offline reading.
pub async fn store(answers: Vec<PageAnswer>) -> Result<(), WorkerError> {
    if answers.is_empty() {
        return Ok(());
    }
    done(ask(&WorkerRequest::Store { answers }).await?)
}

/// Asks the worker to send what waits now (the connection is back).
pub async fn flush() -> Result<(), WorkerError> {
    done(ask(&WorkerRequest::Flush).await?)
}

fn done(answer: WorkerAnswer) -> Result<(), WorkerError> {
    match answer {
        WorkerAnswer::Done => Ok(()),
        other => Err(unexpected(other)),
    }
}

/// A failure as the worker reported it, or an answer to another question.
fn unexpected(answer: WorkerAnswer) -> WorkerError {
    match answer {
        WorkerAnswer::Failed { failure } => WorkerError::Failed(failure),
        other => WorkerError::Garbled(format!("an answer to another question: {other:?}")),
    }
}
