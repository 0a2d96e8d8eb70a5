use std::collections::BTreeMap;
use std::sync::Arc;

use schrieb_api::{Comment, CommentId, MentionRef, QuoteCheck, QuoteStatus, UserId};
use schrieb_markup::{BlockPath, Document, pair_outer_quotes};

/// What the server knows about a body's quotes and mentions, handed to the views that render
/// it: each outer quote with source gets its check, in body order, and each mention its account.
#[derive(Debug, Clone, Default)]
pub struct References {
    /// The checks of the body's outer quotes with source, in body order (`Comment::quotes`).
    checks: Arc<[QuoteCheck]>,
    /// The same checks keyed by where their quote stands in the parsed body: filled by
    /// [`References::placed_in`], read by [`References::check_at`].
    placed: Arc<BTreeMap<BlockPath, QuoteCheck>>,
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
        Self { checks: checks.into(), placed: Arc::default(), mentions: mentions.into(), preview: false }
    }

    /// References for the editor's preview of a body not yet saved, with the mentions known so
    /// far. Its quotes show as verified: the server refuses a quote whose words are not in its
    /// source, so a quote that gets published is a verified one, and the preview shows it so.
    pub fn preview(mentions: Vec<MentionRef>) -> Self {
        Self { preview: true, ..Self::new(Vec::new(), mentions) }
    }

    /// These references with each check placed at its quote in `document`, the parsed body,
    /// for [`References::check_at`]. Nothing is used up: placing them again (the body rendered
    /// again after Edit → Cancel, or anywhere else) places them the same way.
    pub(super) fn placed_in(&self, document: &Document) -> Self {
        let placed = if self.preview {
            let verified = QuoteCheck { source: CommentId(0), revision: 1, status: QuoteStatus::Verified };
            pair_outer_quotes(document, std::iter::repeat(verified))
        } else {
            pair_outer_quotes(document, self.checks.iter().cloned())
        };
        Self { placed: Arc::new(placed), ..self.clone() }
    }

    /// The check of the quote standing at `path`, if it is an outer quote with source and the
    /// server checked it.
    pub(super) fn check_at(&self, path: &BlockPath) -> Option<QuoteCheck> {
        self.placed.get(path).cloned()
    }

    /// The account `name` (as written after `@`) names, if the server found one.
    pub(super) fn mentioned(&self, name: &str) -> Option<UserId> {
        self.mentions.iter().find(|mention| mention.name.eq_ignore_ascii_case(name)).map(|mention| mention.user)
    }
}

#[cfg(test)]
mod tests {
    use schrieb_markup::parse;

    use super::*;

    const BODY: &str = "[quote=12 author=\"Martin\"]\nDas stimmt.\n[/quote]\n\n> ohne Quelle\n\n\
        [quote=14 author=\"Otto\"]\nFTP\n[/quote]";

    fn check(source: i64, status: QuoteStatus) -> QuoteCheck {
        QuoteCheck { source: CommentId(source), revision: 1, status }
    }

    fn statuses(references: &References, document: &Document) -> Vec<Option<QuoteStatus>> {
        let placed = references.placed_in(document);
        (0..3).map(|index| placed.check_at(&BlockPath::default().child(index)).map(|check| check.status)).collect()
    }

    #[test]
    fn placing_again_places_the_same() {
        let document = parse(BODY);
        let references =
            References::new(vec![check(12, QuoteStatus::Verified), check(14, QuoteStatus::Edited)], Vec::new());
        let expected = [Some(QuoteStatus::Verified), None, Some(QuoteStatus::Edited)];
        assert_eq!(statuses(&references, &document), expected);
        assert_eq!(statuses(&references, &document), expected, "the second render finds the same checks");
    }

    #[test]
    fn a_preview_shows_every_outer_quote_with_source_verified() {
        let document = parse(BODY);
        let expected = [Some(QuoteStatus::Verified), None, Some(QuoteStatus::Verified)];
        assert_eq!(statuses(&References::preview(Vec::new()), &document), expected);
    }
}
