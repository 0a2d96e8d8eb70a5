//! Who may read a comment that is not published: the one rule every read of comments goes
//! through ([`may_read`]), and what the others get instead.
//!
//! A held (pending) or rejected comment is read by its author and by moderators, and by
//! nobody else: for them it has no place in the thread if it never had one, and an empty place
//! (like a deleted comment's) if it had. Counts, feeds, profiles, mention suggestions and the
//! event log count published comments only, which is this rule for a reader with no account.

use schrieb_api::{Comment, CommentState, UserId, permissions::Actor};

use crate::db::HeldFor;

/// Who is reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// Someone without an account, or any public place (counts, feeds, caches, mails).
    Anyone,
    /// The server handing a writer back what they just wrote (a guest too), or a moderator's
    /// tool: reads everything.
    System,
    /// Someone logged in.
    Account {
        /// Their account.
        id: UserId,
        /// Whether they moderate.
        moderates: bool,
    },
}

impl Viewer {
    /// The viewer `actor` is (`None`: anyone).
    pub fn of(actor: Option<Actor>) -> Self {
        match actor {
            Some(actor) => Self::Account { id: actor.id, moderates: actor.role.moderates() },
            None => Self::Anyone,
        }
    }

    /// Whose comments without a place a thread shows this viewer: exactly those [`may_read`]
    /// lets them read.
    pub fn held(self) -> HeldFor {
        match self {
            Self::Anyone => HeldFor::Nobody,
            Self::System | Self::Account { moderates: true, .. } => HeldFor::Everyone,
            Self::Account { id, moderates: false } => HeldFor::Author(id),
        }
    }
}

/// Whether `viewer` may read what a comment by `author` in `state` says.
///
/// Guests all write as one shared account, which nobody can log in to: a guest's held comment
/// is read by moderators only.
pub fn may_read(viewer: Viewer, state: CommentState, author: UserId) -> bool {
    match (state, viewer) {
        (CommentState::Published, _) | (_, Viewer::System) => true,
        (_, Viewer::Anyone) => false,
        (_, Viewer::Account { id, moderates }) => moderates || id == author,
    }
}

/// `comment` as `viewer` gets it: whole, or with nothing of what it says when they may not
/// read it (the place stays, as a deleted comment's does).
pub fn shown_to(viewer: Viewer, mut comment: Comment) -> Comment {
    if !may_read(viewer, comment.state, comment.author.id) {
        comment.body.clear();
        comment.quotes.clear();
        comment.mentions.clear();
        comment.reactions.clear();
        comment.edited_at = None;
        comment.edit_count = 0;
        comment.state_reason = None;
    }
    comment
}

/// Keeps of `comments` (without a place) those `viewer` may read.
pub fn readable(viewer: Viewer, comments: Vec<Comment>) -> Vec<Comment> {
    comments.into_iter().filter(|comment| may_read(viewer, comment.state, comment.author.id)).collect()
}

#[cfg(test)]
mod tests {
    use schrieb_api::Role;

    use super::*;

    const AUTHOR: UserId = UserId(1);
    const OTHER: UserId = UserId(2);

    fn account(id: UserId, role: Role) -> Viewer {
        Viewer::of(Some(Actor { id, role }))
    }

    fn viewers() -> [Viewer; 6] {
        [
            Viewer::Anyone,
            Viewer::System,
            account(AUTHOR, Role::Reader),
            account(OTHER, Role::Reader),
            account(OTHER, Role::Moderator),
            account(OTHER, Role::Admin),
        ]
    }

    #[test]
    fn held_and_rejected_comments_are_read_by_their_author_and_moderators_only() {
        for viewer in viewers() {
            assert!(may_read(viewer, CommentState::Published, AUTHOR));
            let expected = !matches!(viewer, Viewer::Anyone | Viewer::Account { id: OTHER, moderates: false });
            // `System` reads everything: it only hands writers back their own words.
            assert_eq!(may_read(viewer, CommentState::Pending, AUTHOR), expected, "{viewer:?}");
            assert_eq!(may_read(viewer, CommentState::Rejected, AUTHOR), expected, "{viewer:?}");
        }
    }

    /// The database's choice of comments without a place is the rule's, for every viewer.
    #[test]
    fn the_held_comments_a_thread_fetches_are_the_ones_the_rule_allows() {
        for viewer in viewers() {
            for author in [AUTHOR, OTHER] {
                let fetched = match viewer.held() {
                    HeldFor::Nobody => false,
                    HeldFor::Author(id) => id == author,
                    HeldFor::Everyone => true,
                };
                assert_eq!(fetched, may_read(viewer, CommentState::Pending, author), "{viewer:?} {author:?}");
            }
        }
    }
}
