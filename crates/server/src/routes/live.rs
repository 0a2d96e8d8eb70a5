//! `GET /api/v1/articles/{slug}/events`: a thread's changes as Server-Sent Events.
//!
//! A reader first gets what happened after the number it names (`Last-Event-ID`, which
//! browsers send when they reconnect, or `?after=`) from the log, then what happens from now
//! on, each event once, in order. It subscribes before reading the log: an event between the
//! two is in both and sent once (by number). A reader too slow for its channel reads the log
//! again from its last number; one further behind than [`MAX_REPLAY`] is told to reload.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, LiveEvent, MAX_REPLAY, RESET_EVENT, Slug};
use serde::Deserialize;
use tokio::sync::broadcast::{self, error::RecvError};

use super::articles::{article_slug, no_such_article};
use super::extract::{ApiPath, ApiQuery};
use crate::AppState;
use crate::auth::ClientAddr;
use crate::db::{ArticleKey, DbError};
use crate::error::AppError;
use crate::limits::StreamSlot;
use crate::live::LiveFrame;

/// How often an idle stream sends a comment line, so that proxies keep it open and a dead
/// connection is noticed.
pub const HEARTBEAT: Duration = Duration::from_secs(15);

/// The query of the event stream; `after` stays text so that a bad value gets our own message.
#[derive(Debug, Deserialize)]
pub struct EventsQuery {
    after: Option<String>,
}

/// The thread's changes as they happen, as Server-Sent Events: each event's `id:` is its
/// number in the log and its data a `LiveEvent`; an event named `reset` (data `{}`) means
/// the reader missed more than the server replays and should load the thread again. Comment
/// lines keep an idle stream open. The stream does not end on its own.
#[utoipa::path(get, path = Endpoint::ArticleEvents.template(), tag = "articles",
    params(
        ("slug" = Slug, Path, description = "The article's slug"),
        ("after" = Option<u64>, Query, description = "Send the events after this number first (the `event` of the \
            thread page shown, or the last `id:` seen). Default: only what happens from now on."),
        ("Last-Event-ID" = Option<u64>, Header, nullable = false, description = "As `after`, and wins over it: browsers send it when \
            they reconnect.")),
    responses(
        (status = 200, description = "The stream", content_type = "text/event-stream", body = LiveEvent),
        (status = 400, description = "`after` or `Last-Event-ID` is not a whole number", body = ApiError),
        (status = 404, description = "No article has this slug", body = ApiError),
        (status = 429, description = "This client holds as many event streams open as it may", body = ApiError)))]
#[tracing::instrument(skip(state, headers))]
pub async fn article_events(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    ApiPath(raw_slug): ApiPath<String>,
    ApiQuery(query): ApiQuery<EventsQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let named = headers.get("last-event-id").map(|value| value.to_str().unwrap_or("-")).or(query.after.as_deref());
    let after = named
        .map(|raw| raw.trim().parse::<u64>())
        .transpose()
        .map_err(|_| AppError::BadRequest("after: the number of an event, a whole number from 0".into()))?;
    let slug = article_slug(&raw_slug)?;
    let article = state.repository.article_key(&slug).await?.ok_or_else(|| no_such_article(&raw_slug))?;
    let slot = state.limits.open_stream(address)?;
    let live = state.live.subscribe(article);
    // A number beyond the log (from a database since replaced) is read as "now".
    let newest = u64::try_from(state.repository.last_event().await?).unwrap_or(0);
    let last = after.unwrap_or(newest).min(newest);
    let mut reader = Reader { state, article, last, ready: VecDeque::new(), live, done: false, _slot: slot };
    reader.replay().await?;
    let events = futures_util::stream::unfold(reader, |mut reader| async move {
        reader.next().await.map(|event| (Ok::<_, Infallible>(event), reader))
    });
    let mut response = sse(events).into_response();
    // Proxies that buffer answers (nginx) would hold the events back.
    response.headers_mut().insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(response)
}

fn sse(events: impl Stream<Item = Result<Event, Infallible>> + Send + 'static) -> impl IntoResponse {
    Sse::new(events).keep_alive(KeepAlive::new().interval(HEARTBEAT))
}

/// One reader's place in its thread's events.
struct Reader {
    state: AppState,
    article: ArticleKey,
    /// The number of the last event sent (or skipped as not the reader's).
    last: u64,
    /// Events read from the log, to send before the channel's.
    ready: VecDeque<Event>,
    live: broadcast::Receiver<Arc<LiveFrame>>,
    /// Whether the stream ends once `ready` is sent (after `reset`).
    done: bool,
    /// The stream's place in its client's count, given back when it ends.
    _slot: StreamSlot,
}

impl Reader {
    /// The next event to send; `None` ends the stream (the reader reconnects and resumes).
    async fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(event) = self.ready.pop_front() {
                return Some(event);
            }
            if self.done {
                return None;
            }
            match self.live.recv().await {
                Ok(frame) if frame.seq > self.last => {
                    self.last = frame.seq;
                    return Some(Event::default().id(frame.seq.to_string()).data(&frame.json));
                }
                Ok(_) => {}
                Err(RecvError::Lagged(_)) => {
                    if let Err(error) = self.replay().await {
                        tracing::warn!(%error, "reading a lagging reader's events failed");
                        return None;
                    }
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }

    /// Queues the thread's events after the last one sent, read from the log; or, when there
    /// are more than [`MAX_REPLAY`], the `reset` event alone.
    async fn replay(&mut self) -> Result<(), DbError> {
        let after = i64::try_from(self.last).unwrap_or(i64::MAX);
        let store = self.state.repository.as_ref();
        let events = store.article_events_after(self.article, after, MAX_REPLAY + 1).await?;
        if events.len() > MAX_REPLAY as usize {
            // The reader loads the thread again and follows on from the page it gets.
            self.ready.push_back(Event::default().event(RESET_EVENT).data("{}"));
            self.done = true;
            return Ok(());
        }
        for (_, event) in crate::domain::live::live_events(store, &events).await? {
            let json = serde_json::to_string(&event).map_err(|error| DbError::Corrupt(error.to_string()))?;
            self.ready.push_back(Event::default().id(event.seq.to_string()).data(json));
        }
        if let Some(newest) = events.last().and_then(|event| u64::try_from(event.seq).ok()) {
            self.last = self.last.max(newest);
        }
        Ok(())
    }
}
