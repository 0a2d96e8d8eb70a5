//! The protocol between the app's pages and its service worker (`crates/server/assets/sw.js`).
//!
//! A page asks with a [`WorkerRequest`] through a `MessageChannel` and gets one
//! [`WorkerAnswer`] back; the worker tells every page its [`WorkerNews`]. All three travel as
//! JSON text. Every failure is an explicit answer ([`WorkerAnswer::Failed`]), so a page can
//! never read a failed errand as done: the first data-loss bug of this project was a worker
//! answering `{"failed": …}` that the page decoded as success and then emptied the editor.
//!
//! The worker is plain JavaScript. The server puts the wire names of these messages in front of
//! it (see [`protocol_names`]), and `crates/api/tests/contract/worker.json` holds one written-down
//! example of every message, which the Rust tests decode and re-encode and the end-to-end test
//! sends to (and expects from) the real worker in Chromium.

use serde::{Deserialize, Serialize};

use crate::{ApiError, CommentId, IdempotencyKey, Slug};

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

/// A reply written without a connection, as the worker keeps it in its outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedReply {
    /// Its `Idempotency-Key`, also its key in the outbox: sent twice, it is published once.
    pub key: IdempotencyKey,
    /// The article it answers.
    pub slug: Slug,
    /// The body as written.
    pub body: String,
    /// The name of a guest writing without an account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guest_name: Option<String>,
    /// Who wrote it, shown while it waits.
    pub author: String,
    /// How long the editor was open before it was sent, in milliseconds: the spam signal a
    /// reply sent at once carries too (`CommentRequest::compose_ms`), sent along when the
    /// worker posts it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compose_ms: Option<u64>,
    /// When it was written, in milliseconds since 1970: replies are sent in this order.
    pub queued_at: u64,
    /// Where it stands.
    pub state: QueueState,
    /// Why the server refused it, when it did.
    #[serde(default)]
    pub error: Option<ApiError>,
}

/// An article the worker keeps for reading offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadableArticle {
    /// Its slug.
    pub slug: Slug,
    /// Its title.
    pub title: String,
}

/// What a page asks the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum WorkerRequest {
    /// A new version waiting to take over should do so now (the reader chose to reload). Sent
    /// to the waiting worker without a channel: there is no answer.
    SkipWaiting,
    /// Keep `item` in the outbox and send it when there is a connection. Answered
    /// [`WorkerAnswer::Queued`] only once it is stored.
    Queue {
        /// The reply (boxed: it is by far the largest request, and serde reads a box as its
        /// content).
        item: Box<QueuedReply>,
    },
    /// The replies to `slug` in the outbox, oldest first: [`WorkerAnswer::Outbox`].
    Outbox {
        /// The article.
        slug: Slug,
    },
    /// Send a refused reply again.
    Retry {
        /// The reply's key.
        key: IdempotencyKey,
    },
    /// Drop a reply from the outbox.
    Discard {
        /// The reply's key.
        key: IdempotencyKey,
    },
    /// Send what waits now (the connection is back).
    Flush,
    /// Fetch and keep these reads (made before the worker controlled the page) for offline
    /// reading.
    Keep {
        /// Same-origin paths of API reads.
        urls: Vec<String>,
    },
    /// The articles that can be read offline: [`WorkerAnswer::Readable`].
    Readable,
    /// Keep these answers for offline reading as the worker keeps what it fetched: the page
    /// arrived with them (the server rendered them into it), so nobody fetches them again.
    Store {
        /// The answers.
        answers: Vec<PageAnswer>,
    },
}

/// An API read a page arrived with, as the API would have answered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageAnswer {
    /// The read's same-origin path (and query).
    pub url: String,
    /// Its answer's JSON body.
    pub json: String,
}

/// The worker's answer to one [`WorkerRequest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "kebab-case")]
pub enum WorkerAnswer {
    /// The reply is stored in the outbox.
    Queued {
        /// Its key.
        key: IdempotencyKey,
    },
    /// The replies asked for, oldest first.
    Outbox {
        /// The replies.
        items: Vec<QueuedReply>,
    },
    /// The articles kept for offline reading, by title.
    Readable {
        /// The articles.
        articles: Vec<ReadableArticle>,
    },
    /// Done (retry, discard, flush, keep, store). Sending may still wait for the connection; the
    /// outcome comes as [`WorkerNews`].
    Done,
    /// The errand failed; nothing was changed.
    Failed {
        /// Why.
        failure: WorkerFailure,
    },
}

/// Why the worker could not do what it was asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum WorkerFailure {
    /// The browser's storage refused (full, or not allowed in a private window). `name` is the
    /// `DOMException`'s name (`QuotaExceededError`, `InvalidStateError`, …).
    #[error("the browser's storage refused: {name}: {message}")]
    Storage {
        /// The exception's name.
        name: String,
        /// The browser's words.
        message: String,
    },
    /// The worker does not know this request (a page of another version asked).
    #[error("the service worker does not know the request {request}")]
    UnknownRequest {
        /// The request's `type`, as sent.
        request: String,
    },
    /// Anything else that broke in the worker.
    #[error("the service worker failed: {message}")]
    Other {
        /// The error's words.
        message: String,
    },
}

/// What the worker tells every page of the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum WorkerNews {
    /// A kept answer was revalidated and has changed: what was read from the cache is read
    /// again.
    Fresh {
        /// The address whose answer changed.
        url: String,
    },
    /// The outbox changed (a reply queued, refused or dropped).
    Outbox,
    /// A reply from the outbox was published.
    Sent(SentReply),
}

/// A reply from the outbox that the worker has published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentReply {
    /// Its idempotency key (its key in the outbox).
    pub key: IdempotencyKey,
    /// The article.
    pub slug: Slug,
    /// The page of the thread it is on.
    pub page: u32,
    /// The published comment.
    pub id: CommentId,
}

/// The wire names of every message, for the worker's script: `{"request": {"Queue": "queue",
/// …}, "answer": {…}, "failure": {…}, "news": {…}, "state": {…}}`, keyed by the Rust variant. The worker
/// switches on `REQUEST.Queue`, not on a string of its own, so a name changed here changes
/// there too, and a variant removed here leaves the worker a name that matches nothing (which
/// the contract test catches).
pub fn protocol_names() -> String {
    fn group(names: &[(&str, &str)]) -> String {
        let pairs: Vec<String> = names.iter().map(|(variant, wire)| format!("\"{variant}\":\"{wire}\"")).collect();
        format!("{{{}}}", pairs.join(","))
    }
    format!(
        "{{\"request\":{},\"answer\":{},\"failure\":{},\"news\":{},\"state\":{}}}",
        group(&REQUEST_NAMES),
        group(&ANSWER_NAMES),
        group(&FAILURE_NAMES),
        group(&NEWS_NAMES),
        group(&STATE_NAMES)
    )
}

/// The wire name of each request variant (checked against serde by the tests below).
const REQUEST_NAMES: [(&str, &str); 9] = [
    ("SkipWaiting", "skip-waiting"),
    ("Queue", "queue"),
    ("Outbox", "outbox"),
    ("Retry", "retry"),
    ("Discard", "discard"),
    ("Flush", "flush"),
    ("Keep", "keep"),
    ("Readable", "readable"),
    ("Store", "store"),
];
const ANSWER_NAMES: [(&str, &str); 5] =
    [("Queued", "queued"), ("Outbox", "outbox"), ("Readable", "readable"), ("Done", "done"), ("Failed", "failed")];
const FAILURE_NAMES: [(&str, &str); 3] =
    [("Storage", "storage"), ("UnknownRequest", "unknown-request"), ("Other", "other")];
const NEWS_NAMES: [(&str, &str); 3] = [("Fresh", "fresh"), ("Outbox", "outbox"), ("Sent", "sent")];
const STATE_NAMES: [(&str, &str); 2] = [("Waiting", "waiting"), ("Failed", "failed")];

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    /// The written-down examples, shared with the end-to-end contract test.
    fn contract() -> Value {
        serde_json::from_str(include_str!("../tests/contract/worker.json")).unwrap()
    }

    /// Each example decodes into `T` and encodes back to exactly itself, and its tag is one of
    /// `names` (so the names handed to the worker are serde's own).
    fn round_trip<T: Serialize + for<'de> Deserialize<'de>>(examples: &Value, tag: &str, names: &[(&str, &str)]) {
        let examples = examples.as_array().unwrap();
        let mut seen: Vec<&str> = Vec::new();
        for example in examples {
            let decoded: T = serde_json::from_value(example.clone()).unwrap_or_else(|e| panic!("{example}: {e}"));
            assert_eq!(&serde_json::to_value(&decoded).unwrap(), example);
            let name = example[tag].as_str().unwrap();
            assert!(names.iter().any(|(_, wire)| *wire == name), "{name} is not among {names:?}");
            seen.push(name);
        }
        for (_, wire) in names {
            assert!(seen.contains(wire), "no example of {wire}");
        }
    }

    #[test]
    fn every_request_round_trips() {
        let contract = contract();
        let requests: Vec<Value> = contract["exchanges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|exchange| exchange["request"].clone())
            .chain(std::iter::once(contract["skip_waiting"].clone()))
            .collect();
        round_trip::<WorkerRequest>(&Value::Array(requests), "type", &REQUEST_NAMES);
    }

    #[test]
    fn every_answer_round_trips_failures_included() {
        let contract = contract();
        let exchanges = contract["exchanges"].as_array().unwrap().iter().chain(contract["unknown"].as_array().unwrap());
        let answers: Vec<Value> = exchanges.map(|exchange| exchange["answer"].clone()).collect();
        let failures: Vec<Value> =
            answers.iter().filter(|a| a["answer"] == "failed").map(|a| a["failure"].clone()).collect();
        round_trip::<WorkerAnswer>(&Value::Array(answers), "answer", &ANSWER_NAMES);
        round_trip::<WorkerFailure>(&Value::Array(failures), "kind", &FAILURE_NAMES);
    }

    #[test]
    fn every_news_round_trips() {
        round_trip::<WorkerNews>(&contract()["news"], "type", &NEWS_NAMES);
    }

    #[test]
    fn queue_state_names_are_serdes() {
        for (state, (_, wire)) in [QueueState::Waiting, QueueState::Failed].iter().zip(STATE_NAMES) {
            assert_eq!(serde_json::to_value(state).unwrap(), wire);
        }
    }

    #[test]
    fn the_names_handed_to_the_worker_are_json() {
        let names: Value = serde_json::from_str(&protocol_names()).unwrap();
        assert_eq!(names["request"]["Queue"], "queue");
        assert_eq!(names["answer"]["Failed"], "failed");
        assert_eq!(names["failure"]["Storage"], "storage");
        assert_eq!(names["news"]["Sent"], "sent");
    }
}
