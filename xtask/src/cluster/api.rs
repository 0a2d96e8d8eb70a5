//! The API as the multi-server test and the cluster benchmarks speak it (blocking reqwest):
//! logging in, posting a comment with an idempotency key, reading a thread page, following a
//! thread's events.

use std::io::{BufRead, BufReader};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use reqwest::blocking::Client;
use serde_json::json;

/// A client whose requests give up after `timeout` (connecting, sending and reading the whole
/// answer).
pub fn client(timeout: Duration) -> anyhow::Result<Client> {
    Ok(Client::builder().timeout(timeout).connect_timeout(Duration::from_secs(2)).build()?)
}

/// Logs in at `base` and returns the session cookie, `schrieb_session=…`.
pub fn login(http: &Client, base: &str, email: &str, password: &str) -> anyhow::Result<String> {
    let answer = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({ "email": email, "password": password }))
        .send()
        .with_context(|| format!("logging in at {base}"))?;
    if !answer.status().is_success() {
        bail!("logging in as {email} at {base} answered {}: {}", answer.status(), answer.text().unwrap_or_default());
    }
    answer
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("schrieb_session="))
        .and_then(|value| value.split(';').next())
        .map(str::to_owned)
        .with_context(|| format!("logging in as {email} at {base} set no session cookie"))
}

/// A comment the server confirmed it stored.
#[derive(Debug, Clone)]
pub struct Acknowledged {
    /// The comment's id.
    pub id: u64,
    /// Its body as stored.
    pub body: String,
    /// `201` (stored by this request) rather than `200` (the key's earlier comment given back).
    pub created: bool,
}

/// What one attempt at posting came to.
#[derive(Debug)]
pub enum Attempt {
    /// `201` or `200` with the comment.
    Acknowledged(Acknowledged),
    /// No answer, a broken one, or a `5xx`: the comment may or may not be stored, and the
    /// same request with the same key settles it.
    Unsettled(String),
}

/// Posts `body` to `slug`'s thread at `base` as the session `cookie`, under `key`. An answer
/// that refuses the comment (a `4xx`) is an error: repeating would not help.
pub fn post_comment(
    http: &Client,
    base: &str,
    slug: &str,
    cookie: &str,
    body: &str,
    key: &str,
) -> anyhow::Result<Attempt> {
    let sent = http
        .post(format!("{base}/api/v1/articles/{slug}/comments"))
        .header("cookie", cookie)
        // The cross-site write check: a page of this host sent it (the balancer passes Host on).
        .header("origin", base)
        .header("idempotency-key", key)
        .json(&json!({ "body": body }))
        .send();
    let answer = match sent {
        Ok(answer) => answer,
        Err(error) => return Ok(Attempt::Unsettled(describe(&error))),
    };
    let status = answer.status();
    if status.is_server_error() {
        return Ok(Attempt::Unsettled(format!("answered {status}")));
    }
    let text = match answer.text() {
        Ok(text) => text,
        Err(error) => return Ok(Attempt::Unsettled(format!("answer cut off: {}", describe(&error)))),
    };
    if status.as_u16() != 200 && status.as_u16() != 201 {
        bail!("posting to {slug} at {base} answered {status}: {text}");
    }
    let permalink: serde_json::Value = serde_json::from_str(&text).with_context(|| format!("not JSON: {text}"))?;
    let comment = &permalink["comment"];
    Ok(Attempt::Acknowledged(Acknowledged {
        id: comment["id"].as_u64().with_context(|| format!("no comment id in {text}"))?,
        body: comment["body"].as_str().with_context(|| format!("no body in {text}"))?.to_owned(),
        created: status.as_u16() == 201,
    }))
}

/// A reqwest error with its causes (its own message alone is "error sending request").
fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Page `page` of `slug`'s thread at `base` (`CommentPage` as JSON), anonymously or as `cookie`.
pub fn thread_page(
    http: &Client,
    base: &str,
    slug: &str,
    page: u32,
    cookie: Option<&str>,
) -> anyhow::Result<serde_json::Value> {
    let mut request = http.get(format!("{base}/api/v1/articles/{slug}/comments?page={page}"));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let answer = request.send().with_context(|| format!("reading {slug} at {base}"))?;
    if !answer.status().is_success() {
        bail!("reading {slug} at {base} answered {}", answer.status());
    }
    Ok(answer.json()?)
}

/// One event of a stream as it came.
#[derive(Debug)]
pub struct Sent {
    /// Its `id:`, the event's number in the log.
    pub id: Option<u64>,
    /// Its `event:` name (`reset`), none for the thread's changes.
    pub name: Option<String>,
    /// Its data: a `LiveEvent` as JSON.
    pub data: serde_json::Value,
    /// When it was read.
    pub at: Instant,
}

impl Sent {
    /// The id of the comment the event is about.
    pub fn comment_id(&self) -> Option<u64> {
        self.data["comment"]["id"].as_u64()
    }
}

/// A thread's event stream, read by a thread of its own into a channel. The connection stays
/// open until the server ends it or this process exits (blocking reqwest cannot cut it short);
/// dropping the stream only stops the reading at its next heartbeat.
pub struct EventStream {
    events: mpsc::Receiver<Sent>,
}

impl EventStream {
    /// Opens `slug`'s events at `base`, from after event `after`, with `Last-Event-ID` as a
    /// reconnecting browser sends it.
    pub fn open(base: &str, slug: &str, after: Option<u64>, last_event_id: Option<u64>) -> anyhow::Result<Self> {
        // No overall timeout: the answer never ends. `next_within` waits instead.
        let http = Client::builder().timeout(None).connect_timeout(Duration::from_secs(2)).build()?;
        let mut url = format!("{base}/api/v1/articles/{slug}/events");
        if let Some(after) = after {
            url.push_str(&format!("?after={after}"));
        }
        let mut request = http.get(url);
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id.to_string());
        }
        let answer = request.send().with_context(|| format!("opening the events of {slug} at {base}"))?;
        if answer.status() != 200 {
            bail!("the events of {slug} at {base} answered {}", answer.status());
        }
        let (sender, events) = mpsc::channel();
        std::thread::spawn(move || read_events(BufReader::new(answer), &sender));
        Ok(Self { events })
    }

    /// The next event, if one comes within `wait`.
    pub fn next_within(&self, wait: Duration) -> Option<Sent> {
        self.events.recv_timeout(wait).ok()
    }
}

/// Parses Server-Sent Events from `answer` until it ends or nobody listens anymore.
fn read_events(mut answer: impl BufRead, sender: &mpsc::Sender<Sent>) {
    let (mut id, mut name, mut data) = (None, None, String::new());
    let mut line = String::new();
    loop {
        line.clear();
        match answer.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            // A blank line ends an event; one with no data was a heartbeat.
            if !data.is_empty() {
                let parsed = serde_json::from_str(&data).unwrap_or(serde_json::Value::String(data.clone()));
                let sent = Sent { id: id.take(), name: name.take(), data: parsed, at: Instant::now() };
                if sender.send(sent).is_err() {
                    return;
                }
            }
            (id, name) = (None, None);
            data.clear();
        } else if let Some(value) = line.strip_prefix("id:") {
            id = value.trim().parse().ok();
        } else if let Some(value) = line.strip_prefix("event:") {
            name = Some(value.trim().to_owned());
        } else if let Some(value) = line.strip_prefix("data:") {
            data.push_str(value.trim_start());
        }
    }
}
