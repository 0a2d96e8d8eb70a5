//! Who may do what with a comment: one set of rules, asked by the server before it writes and
//! by the app before it shows a control, so a button is never offered that the server refuses
//! and never hidden where the server would allow it.

use chrono::{DateTime, Duration, Utc};

use crate::{Comment, Me, Role, UserId};

/// The one acting: an account and its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// The account.
    pub id: UserId,
    /// Its role.
    pub role: Role,
}

/// What the rules need to know about a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommentFacts {
    /// Its author.
    pub author: UserId,
    /// When it was posted.
    pub created_at: DateTime<Utc>,
    /// Whether it is deleted.
    pub deleted: bool,
}

impl From<&Me> for Actor {
    fn from(me: &Me) -> Self {
        Self { id: me.id, role: me.role }
    }
}

impl From<&Comment> for CommentFacts {
    fn from(comment: &Comment) -> Self {
        Self { author: comment.author.id, created_at: comment.created_at, deleted: comment.deleted }
    }
}

/// Why an action is not allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// Someone else's comment, and not a moderator.
    #[error("only its author or a moderator may do this")]
    NotAuthor,
    /// The author's edit window has closed.
    #[error("comments can be edited for {hours} hours after posting")]
    EditWindowClosed {
        /// How long the window is, in hours.
        hours: i64,
    },
    /// The comment is deleted (restore it first).
    #[error("a deleted comment cannot be changed")]
    Deleted,
    /// Only moderators do this.
    #[error("only moderators may do this")]
    NotModerator,
    /// Only admins do this.
    #[error("only admins may do this")]
    NotAdmin,
}

/// Whether `actor` may edit `comment` at `now`: its author within `edit_window` of posting, a
/// moderator at any time; never while it is deleted.
pub fn may_edit(actor: Actor, comment: CommentFacts, now: DateTime<Utc>, edit_window: Duration) -> Result<(), Denied> {
    if !actor.role.moderates() {
        if comment.author != actor.id {
            return Err(Denied::NotAuthor);
        }
        if now - comment.created_at > edit_window {
            return Err(Denied::EditWindowClosed { hours: edit_window.num_hours() });
        }
    }
    if comment.deleted {
        return Err(Denied::Deleted);
    }
    Ok(())
}

/// Whether `actor` may delete `comment`: its author or a moderator. Deleting a deleted comment
/// is allowed and changes nothing.
pub fn may_delete(actor: Actor, comment: CommentFacts) -> Result<(), Denied> {
    if comment.author == actor.id || actor.role.moderates() { Ok(()) } else { Err(Denied::NotAuthor) }
}

/// Whether `actor` may remove `comment`'s link preview cards: its author or a moderator.
pub fn may_remove_previews(actor: Actor, comment: CommentFacts) -> Result<(), Denied> {
    may_delete(actor, comment)
}

/// Whether `actor` may restore deleted comments: moderators.
pub fn may_restore(actor: Actor) -> Result<(), Denied> {
    may_moderate(actor)
}

/// Whether `actor` may use the moderation desk (queues, decisions, the log, discussions):
/// moderators and admins.
pub fn may_moderate(actor: Actor) -> Result<(), Denied> {
    if actor.role.moderates() { Ok(()) } else { Err(Denied::NotModerator) }
}

/// Whether `actor` may set a site's rules: admins.
pub fn may_administer(actor: Actor) -> Result<(), Denied> {
    if actor.role == Role::Admin { Ok(()) } else { Err(Denied::NotAdmin) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AUTHOR: UserId = UserId(1);
    const OTHER: UserId = UserId(2);

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + minutes * 60, 0).unwrap()
    }

    fn comment(deleted: bool) -> CommentFacts {
        CommentFacts { author: AUTHOR, created_at: at(0), deleted }
    }

    fn actor(id: UserId, role: Role) -> Actor {
        Actor { id, role }
    }

    #[test]
    fn authors_edit_within_the_window_and_moderators_always() {
        let day = Duration::hours(24);
        let author = actor(AUTHOR, Role::Reader);
        assert_eq!(may_edit(author, comment(false), at(60), day), Ok(()));
        assert_eq!(may_edit(author, comment(false), at(24 * 60), day), Ok(()), "the last minute still counts");
        assert_eq!(may_edit(author, comment(false), at(24 * 60 + 1), day), Err(Denied::EditWindowClosed { hours: 24 }));
        assert_eq!(may_edit(actor(OTHER, Role::Reader), comment(false), at(1), day), Err(Denied::NotAuthor));
        assert_eq!(may_edit(actor(OTHER, Role::Moderator), comment(false), at(99_999), day), Ok(()));
        assert_eq!(may_edit(actor(OTHER, Role::Admin), comment(false), at(99_999), day), Ok(()));
    }

    #[test]
    fn deleted_comments_are_not_edited_by_anyone() {
        let day = Duration::hours(24);
        assert_eq!(may_edit(actor(AUTHOR, Role::Reader), comment(true), at(1), day), Err(Denied::Deleted));
        assert_eq!(may_edit(actor(OTHER, Role::Moderator), comment(true), at(1), day), Err(Denied::Deleted));
    }

    #[test]
    fn authors_and_moderators_delete_and_only_moderators_restore() {
        assert_eq!(may_delete(actor(AUTHOR, Role::Reader), comment(false)), Ok(()));
        assert_eq!(may_delete(actor(OTHER, Role::Reader), comment(false)), Err(Denied::NotAuthor));
        assert_eq!(may_delete(actor(OTHER, Role::Moderator), comment(false)), Ok(()));
        assert_eq!(may_restore(actor(AUTHOR, Role::Reader)), Err(Denied::NotModerator));
        assert_eq!(may_restore(actor(OTHER, Role::Moderator)), Ok(()));
    }

    #[test]
    fn moderators_moderate_and_only_admins_set_a_sites_rules() {
        assert_eq!(may_moderate(actor(OTHER, Role::Reader)), Err(Denied::NotModerator));
        assert_eq!(may_moderate(actor(OTHER, Role::Moderator)), Ok(()));
        assert_eq!(may_administer(actor(OTHER, Role::Moderator)), Err(Denied::NotAdmin));
        assert_eq!(may_administer(actor(OTHER, Role::Admin)), Ok(()));
    }
}
