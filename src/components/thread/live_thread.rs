use std::collections::HashMap;

use leptos::prelude::*;
use schrieb_api::{Comment, CommentId, CommentPage, LiveEvent, LiveKind, ReactionCount};

use crate::live_stream::StreamStatus;

/// A comment published while the thread was shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FreshComment {
    /// The comment.
    pub id: CommentId,
    /// Its place.
    pub position: u64,
    /// The page it stands on.
    pub page: u32,
}

/// What the shown thread learned from its live events since its page was loaded, for the
/// parts that show it: the comments in place, the "new comments" notice, the editor. Provided
/// by the discussion ([`LiveThread::provide`]); `Copy`.
#[derive(Debug, Clone, Copy)]
pub struct LiveThread {
    /// Comments changed, as they now stand, each with the number of the event that said so:
    /// a page loaded later (naming a newer event) shows its own copy instead.
    changed: RwSignal<HashMap<CommentId, (u64, Comment)>>,
    /// Comments published, oldest first.
    fresh: RwSignal<Vec<FreshComment>>,
    /// How the connection stands.
    pub status: RwSignal<StreamStatus>,
    /// The latest change of a comment that was not its publication.
    pub last_change: RwSignal<Option<(CommentId, LiveKind)>>,
}

impl LiveThread {
    /// A fresh record, provided to the discussion's parts.
    pub fn provide() -> Self {
        let live = Self {
            changed: RwSignal::new(HashMap::new()),
            fresh: RwSignal::new(Vec::new()),
            status: RwSignal::new(StreamStatus::Connecting),
            last_change: RwSignal::new(None),
        };
        provide_context(live);
        live
    }

    /// Takes `event` in.
    pub fn apply(&self, event: LiveEvent) {
        let LiveEvent { seq, kind, comment, page, .. } = event;
        if kind == LiveKind::Published
            && let Some(position) = comment.position
        {
            self.fresh.update(|fresh| {
                if !fresh.iter().any(|known| known.id == comment.id) {
                    fresh.push(FreshComment { id: comment.id, position, page });
                }
            });
        } else {
            self.last_change.set(Some((comment.id, kind)));
        }
        self.changed.update(|changed| {
            changed.insert(comment.id, (seq, comment));
        });
    }

    /// A page was loaded: the comments on it or before it are not new to the reader anymore.
    pub fn loaded(&self, page: &CommentPage) {
        let Some(last) = page.items.last().and_then(|comment| comment.position) else { return };
        if page.page >= page.pages {
            self.fresh.update(|fresh| fresh.retain(|comment| comment.position > last));
        }
    }

    /// The comments published since `page` was loaded that it does not show (tracked).
    pub fn unseen(&self, page: &CommentPage) -> Vec<FreshComment> {
        self.fresh.with(|fresh| {
            fresh.iter().filter(|comment| !page.items.iter().any(|shown| shown.id == comment.id)).copied().collect()
        })
    }

    /// `initial` (from a page naming event `page_event`) as it stands now, its reactions left
    /// as they were: the reaction bar follows those itself ([`LiveThread::reactions`]).
    pub fn comment(&self, initial: &Comment, page_event: u64) -> Comment {
        self.changed.with(|changed| match changed.get(&initial.id) {
            Some((seq, now)) if *seq > page_event => Comment { reactions: initial.reactions.clone(), ..now.clone() },
            _ => initial.clone(),
        })
    }

    /// Comment `id`'s reaction counts as they stand now, if they changed after event
    /// `page_event` (tracked). Nobody's marked as the reader's: the server sends them as
    /// anyone sees them.
    pub fn reactions(&self, id: CommentId, page_event: u64) -> Option<Vec<ReactionCount>> {
        self.changed
            .with(|changed| changed.get(&id).filter(|(seq, _)| *seq > page_event).map(|(_, now)| now.reactions.clone()))
    }
}

impl LiveThread {
    /// [`LiveThread::reactions`], untracked: for a reaction bar built after the change.
    pub fn reactions_untracked(&self, id: CommentId, page_event: u64) -> Option<Vec<ReactionCount>> {
        untrack(|| self.reactions(id, page_event))
    }
}

/// The live record of the thread shown, if there is one (not on a profile or in the desk).
pub fn use_live_thread() -> Option<LiveThread> {
    use_context::<LiveThread>()
}

/// `now` (counts as anyone sees them) with the reader's own reactions marked as in `mine`.
pub fn with_mine(now: Vec<ReactionCount>, mine: &[ReactionCount]) -> Vec<ReactionCount> {
    now.into_iter()
        .map(|count| ReactionCount {
            mine: mine.iter().any(|own| own.kind == count.kind && own.mine) && count.count > 0,
            ..count
        })
        .collect()
}
