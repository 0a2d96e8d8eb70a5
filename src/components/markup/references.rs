use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use schrieb_api::{Comment, CommentId, MentionRef, QuoteCheck, QuoteStatus, UserId};

/// What the server knows about a body's quotes and mentions, handed to the views that render
/// it: each outer quote with source gets its check, in body order, and each mention its account.
#[derive(Debug, Clone, Default)]
pub struct References {
    checks: Arc<[QuoteCheck]>,
    next: Arc<AtomicUsize>,
    mentions: Arc<[MentionRef]>,
    /// A preview: no checks yet, and every quote shows as it will once published.
    preview: bool,
}

impl References {
    /// The references of `comment`'s body.
    pub fn of(comment: &Comment) -> Self {
        Self::new(comment.quotes.clone(), comment.mentions.clone())
    }

    /// References from the server's lists (`Comment::quotes`, `Comment::mentions`).
    pub fn new(checks: Vec<QuoteCheck>, mentions: Vec<MentionRef>) -> Self {
        Self { checks: checks.into(), next: Arc::default(), mentions: mentions.into(), preview: false }
    }

    /// References for the editor's preview of a body not yet saved, with the mentions known so
    /// far. Its quotes show as verified: the server refuses a quote whose words are not in its
    /// source, so a quote that gets published is a verified one, and the preview shows it so.
    pub fn preview(mentions: Vec<MentionRef>) -> Self {
        Self { preview: true, ..Self::new(Vec::new(), mentions) }
    }

    /// The check of the next outer quote with source. The server lists them in body order and
    /// the views are built in body order, so the n-th call gets the n-th quote's check.
    pub(super) fn next_check(&self) -> Option<QuoteCheck> {
        let at = self.next.fetch_add(1, Ordering::Relaxed);
        if self.preview {
            return Some(QuoteCheck { source: CommentId(0), revision: 1, status: QuoteStatus::Verified });
        }
        self.checks.get(at).cloned()
    }

    /// The account `name` (as written after `@`) names, if the server found one.
    pub(super) fn mentioned(&self, name: &str) -> Option<UserId> {
        self.mentions.iter().find(|mention| mention.name.eq_ignore_ascii_case(name)).map(|mention| mention.user)
    }
}
