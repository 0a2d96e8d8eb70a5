//! The data layer: one trait per area ([`ArticleStore`], [`CommentStore`], [`SiteStore`], ...),
//! one implementation per database engine. It only reads and writes: deciding what the data
//! means (how a quote stands, who may see a comment) is up to its callers.
//!
//! [`Repository`] gathers the areas, so the server holds one `Arc<dyn Repository>`; code that
//! needs one area takes that area's trait. PostgreSQL joins by adding an implementation beside
//! [`sqlite::SqliteRepository`]; the SQL is kept portable for that reason.

mod accounts;
mod articles;
mod comments;
pub mod copy;
mod drafts;
mod error;
mod events;
mod feeds;
mod jobs;
mod limits;
mod location;
mod moderation;
mod notification_mail;
mod notifications;
mod operations;
mod outbox;
mod personal;
pub mod portable;
pub mod postgres;
pub mod previews;
mod quotes;
mod reactions;
mod repository;
mod revisions;
mod sessions;
mod sites;
pub mod sqlite;
mod users;
mod webhooks;

pub use accounts::{Account, AccountClash, AccountStore, NewAccount, TokenPurpose};
pub use articles::{ArticleKey, ArticleStore, NewArticle};
pub use comments::{Appended, CommentMeta, CommentStore, HeldFor, KeyedComment, NewComment, Posted};
pub use drafts::DraftStore;
pub use error::DbError;
pub use events::{EventComment, EventKind, EventStore, ThreadEvent};
pub use feeds::{FeedEntry, FeedScope, FeedStore};
pub use jobs::{HeldJob, JobPlan, JobProgress, JobStore};
pub use limits::{LimitStore, SharedLimits};
pub use location::DbLocation;
pub use moderation::{
    AuthorRecord, Decided, Decision, LogFilter, ModerationStore, NewReport, NewSanction, QueuePage, Reported, Rules,
};
pub use notification_mail::{
    DueDigest, DueNotification, MailOutcome, MailRecipient, NotificationMailStore, UnsubscribeGrant,
};
pub use notifications::{
    CommentAudience, DecisionNotice, FollowState, MailPlan, NewNotification, NotificationStore, Notifying,
    StoredNotification, StoredSettings,
};
pub use operations::{OperationsStore, PoolStatus, QueueDepths};
pub use outbox::{Mail, OutboxStore, QueuedMail};
pub use personal::{AccountDeletion, PersonalRecords, PersonalStore};
pub use portable::{ImportTx, PortableStore};
pub use previews::{ClaimedPreview, CommentLinks, PreviewOutcome, PreviewStore, PreviewSubject, StoredPicture};
pub use quotes::{NewQuote, QuotedComment, SourceNow, StoredQuote, WithStoredQuotes};
pub use reactions::ReactionStore;
pub use repository::Repository;
pub use revisions::{CommentEdit, RevisionStore, StoredRevisions};
pub use sessions::{Session, SessionKind, SessionStore};
pub use sites::{EmbedSite, OriginTaken, SiteStore};
pub use users::{UserStore, name_key};
pub use webhooks::{Attempted, DueDelivery, NewDelivery, NewWebhook, StoredWebhook, ThreadHooks, WebhookStore};

use std::sync::Arc;

/// Opens the database `url` names (see [`DbLocation::parse`]), creating and migrating it as
/// needed.
pub async fn connect(url: &str) -> Result<Arc<dyn Repository>, DbError> {
    match DbLocation::parse(url)? {
        DbLocation::Sqlite(url) => Ok(Arc::new(sqlite::SqliteRepository::connect(&url).await?)),
        DbLocation::Postgres(url) => Ok(Arc::new(postgres::PgRepository::connect(&url).await?)),
    }
}
