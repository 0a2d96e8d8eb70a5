//! The worker's errands. Above all replies written without a connection: kept by the service
//! worker in IndexedDB until they can be sent, each with the `Idempotency-Key` that makes the
//! server publish it once however often it arrives. Also what it keeps for offline reading.

use schrieb_api::{ApiError, Slug};
use serde::{Deserialize, Serialize};

use super::worker::{WorkerError, ask};

/// Where a queued reply stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueState {
    /// Sent as soon as there is a connection.
    Waiting,
    /// The server refused it after the connection came back (`error` says why); kept until
    /// the reader sends it again, takes it back into the editor or drops it.
    Failed,
}

/// A reply waiting in the outbox, as the worker stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedReply {
    /// Its `Idempotency-Key`, also its key in the outbox.
    pub key: String,
    /// The article it answers.
    pub slug: Slug,
    /// The body as written.
    pub body: String,
    /// The name of a guest writing without an account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guest_name: Option<String>,
    /// Who wrote it, shown while it waits.
    pub author: String,
    /// When it was written (milliseconds since 1970): replies are sent in this order.
    pub queued_at: f64,
    /// Where it stands.
    pub state: QueueState,
    /// Why the server refused it, when it did.
    #[serde(default)]
    pub error: Option<ApiError>,
}

impl QueuedReply {
    /// A reply written now, waiting, under the idempotency `key` of its first try.
    pub fn new(key: String, slug: Slug, body: String, guest_name: Option<String>, author: String) -> Self {
        Self {
            key,
            slug,
            body,
            guest_name,
            author,
            queued_at: js_sys::Date::now(),
            state: QueueState::Waiting,
            error: None,
        }
    }
}

/// A fresh idempotency key (a random UUID).
pub fn new_key() -> String {
    web_sys::window()
        .and_then(|window| window.crypto().ok())
        .map(|crypto| crypto.random_uuid())
        // Only pages over plain HTTP lack `randomUUID`, and they have no service worker either.
        .unwrap_or_else(|| format!("k{:x}{:x}", js_sys::Date::now() as u64, (js_sys::Math::random() * 1e15) as u64))
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
enum Question<'a> {
    Queue { item: &'a QueuedReply },
    Outbox { slug: &'a Slug },
    Retry { key: &'a str },
    Discard { key: &'a str },
    Flush,
    Keep { urls: Vec<String> },
    Readable,
}

/// An article the worker keeps for reading offline.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ReadableArticle {
    /// Its slug.
    pub slug: Slug,
    /// Its title.
    pub title: String,
}

/// The articles that can be read without a connection, by title.
pub async fn readable() -> Result<Vec<ReadableArticle>, WorkerError> {
    ask(&Question::Readable).await
}

/// Puts `reply` in the outbox; the worker sends it when it can.
pub async fn queue(reply: &QueuedReply) -> Result<(), WorkerError> {
    ask::<serde_json::Value>(&Question::Queue { item: reply }).await.map(drop)
}

/// The replies to `slug` in the outbox, oldest first.
pub async fn queued_for(slug: &Slug) -> Result<Vec<QueuedReply>, WorkerError> {
    ask(&Question::Outbox { slug }).await
}

/// Sends a refused reply again.
pub async fn retry(key: &str) -> Result<(), WorkerError> {
    ask::<serde_json::Value>(&Question::Retry { key }).await.map(drop)
}

/// Drops a reply from the outbox.
pub async fn discard(key: &str) -> Result<(), WorkerError> {
    ask::<serde_json::Value>(&Question::Discard { key }).await.map(drop)
}

/// Asks the worker to keep the answers to these reads for offline reading.
pub async fn keep(urls: Vec<String>) -> Result<(), WorkerError> {
    if urls.is_empty() {
        return Ok(());
    }
    ask::<serde_json::Value>(&Question::Keep { urls }).await.map(drop)
}

/// Asks the worker to send what waits now (the connection is back).
pub async fn flush() -> Result<(), WorkerError> {
    ask::<serde_json::Value>(&Question::Flush).await.map(drop)
}
