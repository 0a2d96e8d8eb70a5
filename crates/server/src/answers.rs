//! The read path's cache: thread pages as anonymous readers get them (the API's JSON and the
//! page the server renders), each kept encoded and compressed, so that a hot thread costs a
//! lookup and a copy instead of two queries, a render and a compression per request.
//!
//! What a reader who is logged in gets is marked for them (their reactions), so only answers
//! for nobody in particular are kept. An answer names what it shows: its thread, and the
//! comments it quotes from other places. Every change readers may see is an event in the log
//! (`db::EventStore`), and [`crate::events::Feed`] hands each one to [`AnswerCache::forget`],
//! which drops the answers that show it. That is the same log every server reads, so a cache
//! on several servers is kept true by the same means.
//!
//! Hand-written rather than a general cache crate (moka, quick_cache): an answer read before a
//! change must never be kept after that change was forgotten, so keeping and forgetting are
//! decided under one lock against the log's number ([`Ticket`]); and invalidation by what an
//! answer shows is a scan these crates would also do. The map holds hot pages only: it is
//! bounded in bytes and drops the least recently used quarter when full.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::http::{HeaderValue, header};
use axum::response::Response;
use schrieb_api::{Comment, CommentId, PageNumber, Slug};

use crate::db::ThreadEvent;

/// What an answer is the answer to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AnswerKey {
    /// `GET /api/v1/articles/{slug}/comments?page=N`.
    CommentPage {
        /// The thread.
        slug: Slug,
        /// The page.
        page: u32,
    },
    /// `/a/{slug}?page=N`, rendered in one language.
    ArticlePage {
        /// The thread.
        slug: Slug,
        /// The page.
        page: u32,
        /// The language it is rendered in.
        lang: &'static str,
    },
    /// `/embed?…`, the widget's frame, by its whole query (the host page's address, page,
    /// theme and language are all in it).
    EmbedPage {
        /// The query.
        query: String,
    },
    /// `/embed/preview?…`, the widget's first page for its loader, by the frame's query.
    EmbedPreview {
        /// The query.
        query: String,
    },
}

impl AnswerKey {
    /// The key of page `page` of the thread of `slug` in the API.
    pub fn comment_page(slug: &Slug, page: PageNumber) -> Self {
        Self::CommentPage { slug: slug.clone(), page: page.get() }
    }
}

/// What an answer shows: a page of a thread, and comments of other threads it quotes, whose
/// edits and deletions change how the quotes read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shows {
    /// The thread.
    pub thread: Slug,
    /// The comments quoted.
    pub quoted: Vec<CommentId>,
}

impl Shows {
    /// What `comments` of the thread of `thread` show.
    pub fn of(thread: &Slug, comments: &[Comment]) -> Self {
        let mut quoted: Vec<CommentId> =
            comments.iter().flat_map(|comment| comment.quotes.iter().map(|quote| quote.source)).collect();
        quoted.sort_unstable_by_key(|id| id.0);
        quoted.dedup();
        Self { thread: thread.clone(), quoted }
    }
}

/// The headers of a kind of answer.
#[derive(Debug, Clone, Copy)]
pub struct Headers {
    content_type: &'static str,
    cache_control: &'static str,
    /// What else of the request the answer depends on: a reader's session gets their own.
    vary: &'static str,
}

/// The widget's scripts for other sites' pages (`/embed.js`, `/count.js`): their names carry no
/// content hash, so browsers and proxies keep them an hour; a fix reaches every site within
/// that, and a site's visitors do not ask for them on every page.
pub const SCRIPT: Headers = Headers {
    content_type: "text/javascript; charset=utf-8",
    cache_control: "public, max-age=3600",
    vary: "accept-encoding",
};

/// A page of a thread in the API. It changes with every comment: a cache asks again each time.
pub const JSON: Headers = Headers {
    content_type: "application/json",
    cache_control: "no-cache",
    vary: "accept-encoding, cookie, authorization",
};

/// The widget's frame: like a page, but never stored by a cache (its framing policy follows
/// the site's registrations, and no cache may hand one site's answer on).
pub const EMBED: Headers =
    Headers { content_type: "text/html; charset=utf-8", cache_control: "no-store", vary: "accept-encoding, cookie" };

/// The widget's first page for its loader on the host page: read across origins (the CORS
/// header is the request's `Origin` when the site registered it), never with a session.
pub const PREVIEW: Headers =
    Headers { content_type: "text/html; charset=utf-8", cache_control: "no-store", vary: "accept-encoding, origin" };

/// A page the server renders: in the reader's language, the app's current files named.
pub const PAGE: Headers = Headers {
    content_type: "text/html; charset=utf-8",
    cache_control: "no-cache",
    vary: "accept-encoding, accept-language, cookie",
};

/// One kept answer: its body as sent, gzip and brotli, and what it shows.
#[derive(Debug)]
pub struct Answer {
    headers: Headers,
    body: Encoded,
    shows: Shows,
    made: Instant,
    /// How long it stays true without any change: pages say how long ago things were.
    fresh_for: Option<Duration>,
    /// Which pages may frame it (the widget's), if it says.
    frame_policy: Option<HeaderValue>,
    /// The origins whose pages may read it (the widget's preview).
    readers: Vec<String>,
    used: AtomicU64,
}

impl Answer {
    /// `body` sent with `headers`, compressed both ways.
    pub fn new(headers: Headers, body: Vec<u8>, shows: Shows) -> Self {
        Self {
            headers,
            body: Encoded::new(body),
            shows,
            made: Instant::now(),
            fresh_for: None,
            frame_policy: None,
            readers: Vec::new(),
            used: AtomicU64::new(0),
        }
    }

    /// The same answer, kept for at most `duration`.
    pub fn fresh_for(mut self, duration: Duration) -> Self {
        self.fresh_for = Some(duration);
        self
    }

    /// The same answer with its `Content-Security-Policy` naming who may frame it.
    pub fn framed_by(mut self, policy: HeaderValue) -> Self {
        self.frame_policy = Some(policy);
        self
    }

    /// The same answer, readable by pages of `origins` (`Access-Control-Allow-Origin`).
    pub fn read_by(mut self, origins: Vec<String>) -> Self {
        self.readers = origins;
        self
    }

    /// The answer in the encoding the request accepts, readable by a page of `origin` if it
    /// is one of [`Answer::read_by`]'s; `Vary` says what it depends on.
    pub fn respond_to(&self, accepted: Accepted, origin: Option<&HeaderValue>) -> Response {
        let mut response = self.respond(accepted);
        allow_reader(&mut response, &self.readers, origin);
        response
    }

    /// The answer in the encoding the request accepts; `Vary` says it depends on that.
    pub fn respond(&self, accepted: Accepted) -> Response {
        let mut response = self.body.respond(accepted, self.headers);
        if let Some(policy) = &self.frame_policy {
            response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, policy.clone());
        }
        response
    }

    fn bytes(&self) -> usize {
        self.body.bytes()
    }

    fn is_fresh(&self) -> bool {
        self.fresh_for.is_none_or(|duration| self.made.elapsed() < duration)
    }

    fn shows(&self, event: &ThreadEvent) -> bool {
        match &event.article {
            // A site's settings: rare, and any thread may show them.
            None => true,
            Some((_, slug)) => {
                self.shows.thread == *slug || event.comment.is_some_and(|comment| self.shows.quoted.contains(&comment))
            }
        }
    }
}

/// Lets a page of `origin` read `response` (`Access-Control-Allow-Origin`) if it is one of
/// `readers`.
pub fn allow_reader(response: &mut Response, readers: &[String], origin: Option<&HeaderValue>) {
    if let Some(origin) = origin.filter(|origin| readers.iter().any(|reader| reader.as_bytes() == origin.as_bytes())) {
        response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    }
}

/// The log's number when an answer began to be read: it may be kept only if nothing was
/// forgotten since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket(i64);

/// The kept answers.
#[derive(Debug)]
pub struct AnswerCache {
    inner: RwLock<Inner>,
    capacity: usize,
    clock: AtomicU64,
}

#[derive(Debug, Default)]
struct Inner {
    /// The number of the last event forgotten.
    seen: i64,
    entries: HashMap<AnswerKey, Arc<Answer>>,
    bytes: usize,
}

impl AnswerCache {
    /// A cache of at most `capacity` bytes (all encodings counted), current with the log up to
    /// event `seen`.
    pub fn new(capacity: usize, seen: i64) -> Self {
        Self { inner: RwLock::new(Inner { seen, ..Inner::default() }), capacity, clock: AtomicU64::new(0) }
    }

    /// Taken before reading what an answer shows.
    pub fn ticket(&self) -> Ticket {
        Ticket(self.read().seen)
    }

    /// The kept answer to `key`, if it is still true.
    pub fn get(&self, key: &AnswerKey) -> Option<Arc<Answer>> {
        let answer = self.read().entries.get(key).cloned()?;
        if !answer.is_fresh() {
            return None;
        }
        answer.used.store(self.clock.fetch_add(1, Ordering::Relaxed), Ordering::Relaxed);
        Some(answer)
    }

    /// Keeps `answer` to `key`, unless a change was forgotten since `ticket` was taken (the
    /// answer may have been read before it). Returns the answer either way.
    pub fn keep(&self, key: AnswerKey, answer: Answer, ticket: Ticket) -> Arc<Answer> {
        let answer = Arc::new(answer);
        if answer.bytes() > self.capacity / 4 {
            return answer;
        }
        answer.used.store(self.clock.fetch_add(1, Ordering::Relaxed), Ordering::Relaxed);
        let mut inner = self.write();
        if inner.seen != ticket.0 {
            return answer;
        }
        if inner.bytes + answer.bytes() > self.capacity {
            inner.evict_least_used();
        }
        inner.bytes += answer.bytes();
        if let Some(old) = inner.entries.insert(key, answer.clone()) {
            inner.bytes -= old.bytes();
        }
        answer
    }

    /// Drops every answer that shows what `events` changed, and moves past them.
    pub fn forget(&self, events: &[ThreadEvent]) {
        let Some(last) = events.last() else { return };
        let mut inner = self.write();
        let Inner { entries, bytes, .. } = &mut *inner;
        entries.retain(|_, answer| {
            let stale = events.iter().any(|event| answer.shows(event));
            if stale {
                *bytes -= answer.bytes();
            }
            !stale
        });
        inner.seen = inner.seen.max(last.seq);
    }

    /// How many answers are kept.
    pub fn len(&self) -> usize {
        self.read().entries.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Inner> {
        // A panic while the lock was held left the map whole: every change to it is one call.
        self.inner.read().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Inner {
    /// Drops the least recently used quarter of the answers (at least one).
    fn evict_least_used(&mut self) {
        let mut uses: Vec<u64> = self.entries.values().map(|answer| answer.used.load(Ordering::Relaxed)).collect();
        if uses.is_empty() {
            return;
        }
        let cut = uses.len() / 4;
        let (_, &mut threshold, _) = uses.select_nth_unstable(cut);
        let bytes = &mut self.bytes;
        self.entries.retain(|_, answer| {
            let keep = answer.used.load(Ordering::Relaxed) > threshold;
            if !keep {
                *bytes -= answer.bytes();
            }
            keep
        });
    }
}

mod encoded;

pub use encoded::{Accepted, Encoded};

#[cfg(test)]
mod tests;
