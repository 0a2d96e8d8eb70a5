//! Every area of the data layer behind one trait object.

use super::{
    AccountStore, ArticleStore, CommentStore, DraftStore, EventStore, FeedStore, JobStore, LimitStore, ModerationStore,
    NotificationMailStore, NotificationStore, OperationsStore, OutboxStore, PersonalStore, PortableStore, PreviewStore,
    ReactionStore, RevisionStore, SessionStore, SiteStore, UserStore, WebhookStore,
};

/// Everything the server stores and reads: what `AppState` holds, one `Arc<dyn Repository>`.
/// It adds nothing of its own; each area is its own trait, and an engine that implements them
/// all is a repository (the blanket implementation below).
pub trait Repository:
    ArticleStore
    + CommentStore
    + RevisionStore
    + ReactionStore
    + UserStore
    + AccountStore
    + SessionStore
    + OutboxStore
    + DraftStore
    + SiteStore
    + EventStore
    + ModerationStore
    + JobStore
    + NotificationStore
    + NotificationMailStore
    + WebhookStore
    + OperationsStore
    + LimitStore
    + PortableStore
    + FeedStore
    + PersonalStore
    + PreviewStore
    + Send
    + Sync
    + 'static
{
}

impl<T> Repository for T where
    T: ArticleStore
        + CommentStore
        + RevisionStore
        + ReactionStore
        + UserStore
        + AccountStore
        + SessionStore
        + OutboxStore
        + DraftStore
        + SiteStore
        + EventStore
        + ModerationStore
        + JobStore
        + NotificationStore
        + NotificationMailStore
        + WebhookStore
        + OperationsStore
        + LimitStore
        + PortableStore
        + FeedStore
        + PersonalStore
        + PreviewStore
        + Send
        + Sync
        + 'static
{
}
