use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use schrieb_api::{Comment, MentionRef, QuoteCheck, UserId};

/// What the server knows about a body's quotes and mentions, handed to the views that render
/// it: each outer quote with source gets its check, in body order, and each mention its account.
#[derive(Debug, Clone, Default)]
pub struct References {
    checks: Arc<[QuoteCheck]>,
    next: Arc<AtomicUsize>,
    mentions: Arc<[MentionRef]>,
}

impl References {
    /// The references of `comment`'s body.
    pub fn of(comment: &Comment) -> Self {
        Self::new(comment.quotes.clone(), comment.mentions.clone())
    }

    /// References from the server's lists (`Comment::quotes`, `Comment::mentions`).
    pub fn new(checks: Vec<QuoteCheck>, mentions: Vec<MentionRef>) -> Self {
        Self { checks: checks.into(), next: Arc::default(), mentions: mentions.into() }
    }

    /// The check of the next outer quote with source. The server lists them in body order and
    /// the views are built in body order, so the n-th call gets the n-th quote's check.
    pub(super) fn next_check(&self) -> Option<QuoteCheck> {
        let at = self.next.fetch_add(1, Ordering::Relaxed);
        self.checks.get(at).cloned()
    }

    /// The account `name` (as written after `@`) names, if the server found one.
    pub(super) fn mentioned(&self, name: &str) -> Option<UserId> {
        self.mentions.iter().find(|mention| mention.name.eq_ignore_ascii_case(name)).map(|mention| mention.user)
    }
}
