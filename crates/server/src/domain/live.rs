//! Live threads: the event log's changes of comments as the readers of a thread get them.
//!
//! Each event's comment is read as it stands now, as anyone may read it (the one visibility
//! rule, [`shown_to`] with [`Viewer::Anyone`]): a held comment's words never stream, and a
//! comment that never had a place (held since it was posted) is no event at all until it is
//! published. Changes of a site's settings are not the thread's and are left out.

use schrieb_api::{LiveEvent, LiveKind};

use super::moderation::visibility::{Viewer, shown_to};
use super::quotes::decide_quotes;
use crate::db::{ArticleKey, DbError, EventKind, EventStore, ThreadEvent};

/// What readers of a thread are told of `kind`; `None` for what is not a comment's change.
pub fn live_kind(kind: EventKind) -> Option<LiveKind> {
    match kind {
        EventKind::Published => Some(LiveKind::Published),
        // A new signature is drawn as an edit is: the comment in place, as it reads now.
        EventKind::Edited | EventKind::AuthorGone | EventKind::Previewed => Some(LiveKind::Edited),
        EventKind::Deleted => Some(LiveKind::Deleted),
        EventKind::Restored => Some(LiveKind::Restored),
        EventKind::Reacted => Some(LiveKind::Reacted),
        EventKind::Held => Some(LiveKind::Held),
        EventKind::Approved => Some(LiveKind::Approved),
        EventKind::Site | EventKind::Decided | EventKind::Imported => None,
    }
}

/// `events` as their threads' readers get them, in order, each with its thread; one read for
/// all their comments.
pub async fn live_events<S: EventStore + ?Sized>(
    store: &S,
    events: &[ThreadEvent],
) -> Result<Vec<(ArticleKey, LiveEvent)>, DbError> {
    let mut ids: Vec<_> =
        events.iter().filter(|event| live_kind(event.kind).is_some()).filter_map(|e| e.comment).collect();
    ids.sort_unstable_by_key(|id| id.0);
    ids.dedup();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let found = store.event_comments(&ids).await?;
    let mut comments = found.read;
    decide_quotes(comments.iter_mut().map(|found| &mut found.comment), &found.quotes);
    let mut live = Vec::new();
    for event in events {
        let (Some(kind), Some(id)) = (live_kind(event.kind), event.comment) else { continue };
        let Some(found) = comments.iter().find(|found| found.comment.id == id) else { continue };
        // Never published: to anyone it does not exist.
        if found.comment.position.is_none() {
            continue;
        }
        let Ok(seq) = u64::try_from(event.seq) else { continue };
        live.push((
            found.article,
            LiveEvent {
                seq,
                kind,
                comment: shown_to(Viewer::Anyone, found.comment.clone()),
                page: found.page,
                count: found.count,
            },
        ));
    }
    Ok(live)
}
