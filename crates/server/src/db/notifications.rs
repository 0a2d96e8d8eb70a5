//! The storage interface for notifications: who a comment concerns, the notifications made
//! from the event log (with the log's place they were made up to), threads followed and
//! muted, and a reader's notifications as they read them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{
    Comment, CommentId, CommentState, Delivery, MailLanguage, NotificationId, NotificationKind, NotificationSettings,
    Slug, UserId,
};

use super::{ArticleKey, DbError};

/// Following a thread (its new comments are notified) or muting it (nothing from it is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowState {
    /// Following.
    Follow,
    /// Muted.
    Mute,
}

impl FollowState {
    /// The name the database stores.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Follow => "follow",
            Self::Mute => "mute",
        }
    }
}

/// Who a comment concerns, as notifications are made: only people with an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentAudience {
    /// The comment's thread.
    pub article: ArticleKey,
    /// Its author.
    pub author: UserId,
    /// Where it stands with moderation.
    pub state: CommentState,
    /// Whether it is deleted.
    pub deleted: bool,
    /// The authors of the comments it quotes, each with whether that comment is in the same
    /// thread.
    pub quoted: Vec<(UserId, bool)>,
    /// The people it mentions.
    pub mentioned: Vec<UserId>,
    /// Who follows its thread, and who muted it.
    pub follows: Vec<(UserId, FollowState)>,
    /// Whether writing in a thread follows it for the author (their setting).
    pub author_follows_threads: bool,
}

/// A moderator's decision about a comment, as its author is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionNotice {
    /// The comment's author.
    pub author: UserId,
    /// Who decided.
    pub moderator: UserId,
    /// The state decided.
    pub outcome: CommentState,
    /// Why.
    pub reason: Option<String>,
}

/// A notification to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    /// For whom.
    pub user: UserId,
    /// What about.
    pub kind: NotificationKind,
    /// The comment.
    pub comment: CommentId,
    /// A decision's event number (one notification per decision); 0 for the other kinds
    /// (one per comment: an edit does not notify again what its first version did).
    pub trigger: i64,
    /// A decision's outcome and reason.
    pub outcome: Option<(CommentState, Option<String>)>,
    /// What is planned for its mail.
    pub mail: MailPlan,
}

/// What a new notification's mail is to be, as decided by the person's setting when it is made
/// (the setting is read again when the mail is due).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailPlan {
    /// A mail once the delay is over, if it is still wanted then.
    Later,
    /// A line in the next daily digest.
    Digest,
    /// None: the app only.
    None,
}

/// A person's notification choices as stored: the kinds they chose a delivery for (the rest
/// keep the default), the language of their mails, and whether writing in a thread follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSettings {
    /// Kinds with a chosen delivery.
    pub chosen: Vec<(NotificationKind, Delivery)>,
    /// The language of their mails.
    pub language: MailLanguage,
    /// Whether writing in a thread follows it.
    pub follow_threads: bool,
}

/// What one batch of the event log made: notifications, and threads their authors now follow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notifying {
    /// The notifications.
    pub notifications: Vec<NewNotification>,
    /// Threads writing in them made their authors follow (unless they chose otherwise before).
    pub follows: Vec<(UserId, ArticleKey)>,
}

/// A stored notification with its comment as it stands now.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredNotification {
    /// Its id.
    pub id: NotificationId,
    /// What about.
    pub kind: NotificationKind,
    /// The comment as stored (mentions, reactions and quotes not filled in).
    pub comment: Comment,
    /// The comment's article.
    pub article_slug: Slug,
    /// Its title.
    pub article_title: String,
    /// The page the comment stands on.
    pub page: u32,
    /// A decision's outcome and reason.
    pub outcome: Option<(CommentState, Option<String>)>,
    /// When it was read, if it was.
    pub read_at: Option<DateTime<Utc>>,
    /// When it was made.
    pub at: DateTime<Utc>,
}

/// Notifications.
#[async_trait]
pub trait NotificationStore: Send + Sync {
    /// The event log's number notifications were made up to.
    async fn notification_cursor(&self) -> Result<i64, DbError>;

    /// Who comment `id` concerns; `None` when there is no such comment.
    async fn audience(&self, id: CommentId) -> Result<Option<CommentAudience>, DbError>;

    /// Line `log_id` of the moderation log, a moderator's decision about a comment: the
    /// comment's author (when they have an account), the moderator, the state decided and the
    /// reason.
    async fn decision(&self, log_id: i64) -> Result<Option<DecisionNotice>, DbError>;

    /// Stores what events `from + 1 ..= to` made, and moves the cursor from `from` to `to`, in
    /// one transaction; `false` (nothing stored) when the cursor is not at `from` anymore
    /// (another server made them meanwhile).
    async fn store_notifications(
        &self,
        made: &Notifying,
        from: i64,
        to: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, DbError>;

    /// The end of the last span of time whose reactions were told.
    async fn reactions_told_until(&self) -> Result<DateTime<Utc>, DbError>;

    /// The comments that got reactions in `from` (exclusive) ..= `to` from others than their
    /// authors, each with its author (people with an account only), while published.
    async fn reacted_comments(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(UserId, CommentId)>, DbError>;

    /// Stores `made` (notifications of reactions) and moves the reactions' place from `from`
    /// to `to`, in one transaction; `false` (nothing stored) when another server moved it.
    async fn store_reaction_notifications(
        &self,
        made: &[NewNotification],
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool, DbError>;

    /// `user`'s notification choices.
    async fn notification_settings(&self, user: UserId) -> Result<StoredSettings, DbError>;

    /// Stores all of `user`'s notification choices.
    async fn put_notification_settings(&self, user: UserId, settings: &NotificationSettings) -> Result<(), DbError>;

    /// The deliveries `users` chose, kind by kind (kinds left at the default are not listed).
    async fn chosen_deliveries(&self, users: &[UserId]) -> Result<Vec<(UserId, NotificationKind, Delivery)>, DbError>;

    /// Follows or mutes a thread for `user`.
    async fn set_follow(&self, user: UserId, article: ArticleKey, state: Option<FollowState>) -> Result<(), DbError>;

    /// Whether `user` follows or muted the thread.
    async fn follow_state(&self, user: UserId, article: ArticleKey) -> Result<Option<FollowState>, DbError>;

    /// Page `page` (from 1) of `user`'s notifications, newest first, `per_page` a page; with
    /// how many there are and how many are unread.
    async fn notifications(
        &self,
        user: UserId,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<StoredNotification>, u64, u64), DbError>;

    /// Marks `user`'s notifications `ids` (all of them: `None`) read; how many are unread now.
    async fn mark_read(&self, user: UserId, ids: Option<&[NotificationId]>, now: DateTime<Utc>)
    -> Result<u64, DbError>;

    /// How many of `user`'s notifications are unread.
    async fn unread(&self, user: UserId) -> Result<u64, DbError>;

    /// How many notifications of each of `users` are unread (those with none are left out).
    async fn unread_counts(&self, users: &[UserId]) -> Result<Vec<(UserId, u64)>, DbError>;
}
