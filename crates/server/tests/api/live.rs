//! Live threads (`GET /api/v1/articles/{slug}/events`): the events of a thread as
//! Server-Sent Events, resumed from any number with nothing missing and nothing twice, and
//! nothing of a held comment until a moderator approves it.

use std::time::Duration;

use reqwest::Method;
use schrieb_api::paths::{Endpoint, api};
use schrieb_api::{
    CommentId, CommentPage, CommentPermalink, CommentState, LiveEvent, LiveKind, MAX_REPLAY, ModerationMode,
    ModerationSettings, RESET_EVENT, ReactionKind, Role,
};
use serde_json::json;

use schrieb_server::settings::Settings;

use crate::helpers::{TestApp, User, comment_body, raw_path, slug};

const SLUG: &str = "live-faden";

/// One event of the stream as it came: its `id:`, name and data.
#[derive(Debug)]
struct Sent {
    id: Option<u64>,
    name: Option<String>,
    data: String,
}

impl Sent {
    fn live(&self) -> LiveEvent {
        serde_json::from_str(&self.data).expect("a LiveEvent")
    }
}

/// An open event stream, read event by event.
struct Stream {
    response: reqwest::Response,
    buffer: String,
}

impl Stream {
    /// Opens `slug`'s stream after `after` (as `?after=`) and with `last_event_id`.
    async fn open(app: &TestApp, slug: &str, after: Option<&str>, last_event_id: Option<&str>) -> reqwest::Response {
        let mut path = raw_path(Endpoint::ArticleEvents, &[slug]);
        if let Some(after) = after {
            path = format!("{path}?after={after}");
        }
        let mut request = app.client_raw().get(format!("{}{path}", app.address));
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id);
        }
        request.send().await.expect("the stream answers")
    }

    async fn after(app: &TestApp, after: Option<u64>) -> Self {
        let response = Self::open(app, SLUG, after.map(|n| n.to_string()).as_deref(), None).await;
        assert_eq!(response.status(), 200);
        let kind = response.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(kind.starts_with("text/event-stream"), "{kind}");
        Self { response, buffer: String::new() }
    }

    /// The next event (heartbeats skipped); `None` when none comes within a second or the
    /// stream ended.
    async fn next(&mut self) -> Option<Sent> {
        self.next_within(Duration::from_secs(1)).await
    }

    /// The next event, waiting up to `wait` for each piece of it.
    async fn next_within(&mut self, wait: Duration) -> Option<Sent> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut sent = Sent { id: None, name: None, data: String::new() };
                let mut any = false;
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("id:") {
                        sent.id = Some(value.trim().parse().expect("a numeric id"));
                    } else if let Some(value) = line.strip_prefix("event:") {
                        sent.name = Some(value.trim().to_owned());
                    } else if let Some(value) = line.strip_prefix("data:") {
                        sent.data.push_str(value.trim_start());
                        any = true;
                    }
                }
                if any {
                    return Some(sent);
                }
                continue;
            }
            match tokio::time::timeout(wait, self.response.chunk()).await {
                Ok(Ok(Some(chunk))) => self.buffer.push_str(std::str::from_utf8(&chunk).expect("UTF-8")),
                _ => return None,
            }
        }
    }

    /// Every event that comes until none comes for a second.
    async fn drain(&mut self) -> Vec<Sent> {
        let mut all = Vec::new();
        while let Some(sent) = self.next().await {
            all.push(sent);
        }
        all
    }
}

async fn page(app: &TestApp) -> CommentPage {
    app.comment_page(SLUG, "1").await
}

async fn react(app: &TestApp, user: &User, id: CommentId) {
    let response = app.send(Method::PUT, &api::comment_reaction(id, ReactionKind::ALL[0]), Some(user), None).await;
    assert!(response.status().is_success(), "{}", response.status());
}

/// Posting, editing, reacting, deleting and restoring, each an event of the thread, in
/// order; and nothing of another thread.
#[tokio::test]
async fn readers_get_each_change_of_their_thread_once_in_order() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 2).await;
    app.article_with_comments("anderer-faden", 1).await;
    let writer = app.user("Schreiberin", Role::Reader).await;
    let before = page(&app).await.event;
    let mut stream = Stream::after(&app, None).await;

    let posted = app.posted(SLUG, &writer, "Neu hier.").await;
    app.posted("anderer-faden", &writer, "Woanders.").await;
    let edited = app.edit_comment::<CommentPermalink>(posted.comment.id, Some(&writer), "Neu hier, bearbeitet.").await;
    assert_eq!(edited.status, 200);
    react(&app, &writer, posted.comment.id).await;
    assert_eq!(app.delete_comment(posted.comment.id, Some(&writer)).await.status(), 204);

    let sent = stream.drain().await;
    let kinds: Vec<LiveKind> = sent.iter().map(|sent| sent.live().kind).collect();
    assert_eq!(kinds, [LiveKind::Published, LiveKind::Edited, LiveKind::Reacted, LiveKind::Deleted]);
    let ids: Vec<u64> = sent.iter().map(|sent| sent.id.expect("an id")).collect();
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]) && ids[0] > before, "{ids:?}");
    for sent in &sent {
        let event = sent.live();
        assert_eq!((event.seq, event.comment.id, event.page), (sent.id.unwrap(), posted.comment.id, 1));
    }
    let [published, edited, reacted, deleted] = sent.iter().map(Sent::live).collect::<Vec<_>>().try_into().unwrap();
    // Each says how the comment stood when it went out, as anyone reads it.
    assert_eq!((published.count, published.comment.position), (3, Some(3)));
    assert_eq!(edited.comment.body, "Neu hier, bearbeitet.");
    assert!(reacted.comment.reactions.iter().all(|reaction| reaction.count == 1 && !reaction.mine));
    assert_eq!(reacted.comment.reactions.len(), 1);
    assert!(deleted.comment.deleted && deleted.comment.body.is_empty());
    assert_eq!(deleted.count, 2);
}

/// Resuming from any number the thread's pages and events named gives exactly the rest of
/// the thread's events, whether named by `?after=` or by `Last-Event-ID` (which wins).
#[tokio::test]
async fn resuming_from_every_number_gives_exactly_the_tail() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let writer = app.user("Schreiberin", Role::Reader).await;
    let first = page(&app).await.event;
    let mut all = Stream::after(&app, Some(0)).await.drain().await;
    for n in 0..3 {
        let posted = app.posted(SLUG, &writer, &format!("Beitrag {n}")).await;
        react(&app, &writer, posted.comment.id).await;
    }
    let stream = Stream::after(&app, Some(first)).await;
    let mut stream = stream;
    all.extend(stream.drain().await);
    let ids: Vec<u64> = all.iter().map(|sent| sent.id.unwrap()).collect();
    assert_eq!(ids.len(), 7, "the first comment's and six more: {ids:?}");
    assert_eq!(page(&app).await.event, *ids.last().unwrap(), "a page names the newest event it shows");
    for (at, &from) in std::iter::once(&0).chain(&ids).enumerate() {
        let tail: Vec<u64> =
            Stream::after(&app, Some(from)).await.drain().await.iter().map(|s| s.id.unwrap()).collect();
        assert_eq!(tail, ids[at..], "after {from}");
    }
    let response = Stream::open(&app, SLUG, Some("0"), Some(&ids[4].to_string())).await;
    let mut resumed = Stream { response, buffer: String::new() };
    let tail: Vec<u64> = resumed.drain().await.iter().map(|s| s.id.unwrap()).collect();
    assert_eq!(tail, ids[5..], "Last-Event-ID wins over ?after=");
}

/// A held comment is no event: not when it is posted, not when it is edited while held; its
/// approval publishes it, and that is its first event.
#[tokio::test]
async fn a_held_comment_streams_nothing_until_it_is_approved() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let settings = ModerationSettings { mode: ModerationMode::All, ..ModerationSettings::default() };
    assert!(app.repository.set_site_moderation("test", &settings).await.unwrap());
    let writer = app.user("Neuling", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let mut stream = Stream::after(&app, Some(page(&app).await.event)).await;

    let held = app.post_comment::<CommentPermalink>(SLUG, Some(&writer), &comment_body("Geheim."), None).await;
    assert_eq!(held.body.comment.state, CommentState::Pending);
    let id = held.body.comment.id;
    assert_eq!(app.edit_comment::<CommentPermalink>(id, Some(&writer), "Noch geheimer.").await.status, 200);
    assert!(stream.next().await.is_none(), "nothing streams while it is held");

    let decision = json!({"action": "approve"});
    let approved = app.send(Method::POST, &api::moderation_decision(id), Some(&moderator), Some(decision)).await;
    assert!(approved.status().is_success(), "{}", approved.status());
    let sent = stream.drain().await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    let event = sent[0].live();
    assert_eq!(
        (event.kind, event.comment.id, event.comment.body.as_str()),
        (LiveKind::Published, id, "Noch geheimer.")
    );
    assert_eq!((event.comment.position, event.count), (Some(2), 2));
}

/// A reader who missed more than the server replays is told to load the thread again, and
/// the stream ends there.
#[tokio::test]
async fn a_reader_too_far_behind_is_told_to_reload() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, MAX_REPLAY as usize + 1).await;
    let sent = Stream::after(&app, Some(0)).await.drain().await;
    assert_eq!(sent.len(), 1);
    assert_eq!((sent[0].name.as_deref(), sent[0].data.as_str(), sent[0].id), (Some(RESET_EVENT), "{}", None));
    let caught_up = Stream::after(&app, Some(page(&app).await.event)).await.drain().await;
    assert!(caught_up.is_empty());
}

/// Bad input: an unknown thread is a 404, a number that is no number a 400; a number beyond
/// the log (from a database since replaced) reads as "from now on".
#[tokio::test]
async fn bad_input_gets_clear_answers() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    assert_eq!(Stream::open(&app, "gibt-es-nicht", None, None).await.status(), 404);
    assert_eq!(Stream::open(&app, SLUG, Some("-1"), None).await.status(), 400);
    assert_eq!(Stream::open(&app, SLUG, None, Some("zwei")).await.status(), 400);
    let mut stream = Stream::after(&app, Some(1_000_000)).await;
    let writer = app.user("Schreiberin", Role::Reader).await;
    app.posted(SLUG, &writer, "Trotzdem da.").await;
    let sent = stream.drain().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].live().comment.body, "Trotzdem da.");
}

/// A change made through another server on the same database reaches this server's readers
/// when it follows the log.
#[tokio::test]
async fn changes_through_another_server_reach_the_readers() {
    // On PostgreSQL only the database's notice can wake this server's follower within the
    // test: its round besides the notices is an hour. (SQLite's store sends none: the follower
    // reads the log every 500 ms.)
    let settings = Settings { follow_besides_notices: Duration::from_secs(3600), ..Settings::default() };
    let app = TestApp::with_settings(settings).await;
    app.article_with_comments(SLUG, 1).await;
    let other = app.beside().await;
    let writer = other.user("Anderswo", Role::Reader).await;
    let mut stream = Stream::after(&app, Some(page(&app).await.event)).await;
    let posted = other.posted(SLUG, &writer, "Über den anderen Server.").await;
    let sent = stream.next_within(Duration::from_secs(10)).await.expect("the event, once this server read the log");
    assert_eq!(sent.live().comment.id, posted.comment.id);
    assert_eq!(slug(SLUG), posted.article_slug);
}

/// On PostgreSQL every server hears of events appended through any other (`LISTEN/NOTIFY`), and
/// reads the log then, not on a timer; SQLite's store cannot tell, and says so.
#[tokio::test]
async fn the_store_tells_every_server_of_new_events() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let other = app.beside().await;
    let Some(mut notices) = app.repository.event_notices() else {
        assert!(!app.on_postgres(), "PostgreSQL's store sends notices");
        return;
    };
    // Listening starts with a notice of its own (catch up on what came before).
    tokio::time::timeout(Duration::from_secs(10), notices.changed()).await.expect("listening").unwrap();
    notices.borrow_and_update();
    let writer = other.user("Anderswo", Role::Reader).await;
    other.posted(SLUG, &writer, "Gehört?").await;
    tokio::time::timeout(Duration::from_secs(10), notices.changed()).await.expect("a notice of the comment").unwrap();
}

/// A published comment taken from readers (a report upheld) streams as its empty place: its
/// words never reach the stream again.
#[tokio::test]
async fn a_comment_held_after_publication_streams_without_its_words() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let writer = app.user("Schreiberin", Role::Reader).await;
    let reader = app.user("Leser", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let posted = app.posted(SLUG, &writer, "Ein Satz, der bald verschwindet.").await;
    let id = posted.comment.id;
    let report =
        app.send(Method::POST, &api::comment_reports(id), Some(&reader), Some(json!({"reason": "spam"}))).await;
    assert!(report.status().is_success(), "{}", report.status());
    let mut stream = Stream::after(&app, Some(page(&app).await.event)).await;
    let decision = json!({"action": "reject", "reason": "Werbung."});
    let rejected = app.send(Method::POST, &api::moderation_decision(id), Some(&moderator), Some(decision)).await;
    assert!(rejected.status().is_success(), "{}", rejected.status());
    let sent = stream.drain().await;
    let events: Vec<LiveEvent> = sent.iter().map(Sent::live).collect();
    assert_eq!(
        events.iter().map(|event| event.kind).collect::<Vec<_>>(),
        [LiveKind::Held],
        "the decision itself is no event"
    );
    let held = &events[0].comment;
    assert_eq!((held.id, held.state, held.body.as_str(), held.position), (id, CommentState::Rejected, "", Some(2)));
    assert!(held.mentions.is_empty() && held.quotes.is_empty() && held.edited_at.is_none());
    assert_eq!(events[0].count, 1);
}

/// The bell's stream (`GET /api/v1/me/events`): the unread count at once, then each change,
/// whoever made it (a mention through another server, a mark read).
#[tokio::test]
async fn the_bell_hears_of_each_change_of_the_unread_count() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let anna = app.user("Anna", Role::Reader).await;
    let martin = app.user("Martin", Role::Reader).await;
    let response = app.send(Method::GET, Endpoint::MeEvents.template(), Some(&anna), None).await;
    assert_eq!(response.status(), 200);
    let mut bell = Stream { response, buffer: String::new() };
    let unread = |sent: Sent| {
        assert_eq!(sent.name.as_deref(), Some(schrieb_api::UNREAD_EVENT));
        serde_json::from_str::<schrieb_api::UnreadCount>(&sent.data).expect("a count").unread
    };
    assert_eq!(unread(bell.next().await.expect("the count at once")), 0);

    let other = app.beside().await;
    other.posted(SLUG, &martin, "Hallo @Anna, von nebenan.").await;
    let told = bell.next_within(Duration::from_secs(5)).await.expect("the new count");
    assert_eq!(unread(told), 1);

    let read =
        app.send(Method::POST, Endpoint::MeNotificationsRead.template(), Some(&anna), Some(json!({"all": true}))).await;
    assert_eq!(read.status(), 200);
    assert_eq!(unread(bell.next_within(Duration::from_secs(5)).await.expect("read")), 0);
    assert_eq!(app.send(Method::GET, Endpoint::MeEvents.template(), None, None).await.status(), 401);
}

/// One client holds at most its share of event streams; a stream that ends gives its place back.
#[tokio::test]
async fn a_client_holds_a_bounded_number_of_streams() {
    let app = TestApp::empty().await;
    app.article_with_comments(SLUG, 1).await;
    let mut open = Vec::new();
    for _ in 0..schrieb_server::limits::MAX_STREAMS_PER_ADDRESS {
        open.push(Stream::after(&app, None).await);
    }
    let refused = Stream::open(&app, SLUG, None, None).await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    drop(open.pop());
    // The server notices the closed connection when it next writes to it: the heartbeat, or
    // at once when the client's side is gone.
    for _ in 0..100 {
        let again = Stream::open(&app, SLUG, None, None).await;
        if again.status() == 200 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the place of the closed stream was not given back");
}
