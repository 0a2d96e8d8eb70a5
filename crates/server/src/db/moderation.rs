//! The storage interface for moderation: what the checks read (a site's rules and word lists,
//! an author's record, the same body elsewhere), moderators' decisions with the log they
//! leave, and the queues.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{
    AccountRecord, CommentId, CommentState, DiscussionState, Finding, LogActor, LogEntry, ModerationSettings,
    ModeratorNote, PageNumber, QueueCounts, QueueFilter, QueueItem, QueueState, ReportReason, Role, Sanction, Slug,
    UserId, WordEntry,
};

use super::{ArticleKey, DbError, WithStoredQuotes};

/// An article's rules, as the checks of a comment to it read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// Its site.
    pub site: i64,
    /// The site's settings.
    pub settings: ModerationSettings,
    /// Whether its discussion takes comments (its own state, else the site's).
    pub discussion: DiscussionState,
    /// The version of the site's word lists, to know a compiled copy is current.
    pub words_version: i64,
}

/// What the checks know of an author.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthorRecord {
    /// When the account was made.
    pub created_at: DateTime<Utc>,
    /// How many of its comments are published.
    pub approved: u32,
}

/// A moderator's decision about a comment that awaits one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision<'a> {
    /// The comment.
    pub comment: CommentId,
    /// Who decides.
    pub moderator: UserId,
    /// What it becomes: published or rejected.
    pub to: CommentState,
    /// Why, in the moderator's words.
    pub reason: Option<&'a str>,
    /// Where the moderator saw the comment stand, if they said: it must still stand there, and
    /// a rejected comment seen so may be approved.
    pub seen_state: Option<CommentState>,
    /// How often the comment had been edited when the moderator read it, if they said.
    pub seen_edits: Option<u32>,
    /// How many open reports it had when the moderator read it, if they said.
    pub seen_reports: Option<u32>,
    /// When.
    pub at: DateTime<Utc>,
}

/// What a decision did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decided {
    /// Made the change (the comment was pending, or published with open reports).
    Changed,
    /// Nothing: the comment awaits no decision; the moderator who decided last, if one did.
    Already(Option<LogActor>),
    /// Nothing: the comment was edited since the moderator read it; how often it is edited now.
    Edited(u32),
    /// Nothing: the comment was reported since the moderator read it; its open reports now.
    Reported(u32),
    /// No comment has the id.
    Missing,
}

/// A reader's report of a comment, as the store takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReport<'a> {
    /// The comment.
    pub comment: CommentId,
    /// Who reports it.
    pub reporter: UserId,
    /// Why.
    pub reason: ReportReason,
    /// In their words.
    pub note: Option<&'a str>,
    /// When.
    pub at: DateTime<Utc>,
    /// How many open reports hold the comment (its site's setting; 0: none do).
    pub threshold: u32,
}

/// A moderator's change of an account's sanction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSanction<'a> {
    /// The account.
    pub account: UserId,
    /// Who decides.
    pub moderator: UserId,
    /// The sanction it is under from now; `None` lifts it.
    pub sanction: Option<&'a Sanction>,
    /// When.
    pub at: DateTime<Utc>,
}

/// What a report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reported {
    /// On record; `held` when it brought the comment's open reports to the threshold, which
    /// held it for review in the same transaction.
    Received {
        /// Whether the comment is held now.
        held: bool,
    },
    /// This reader reported this comment before.
    Already,
    /// The comment is not one readers see (deleted, held, rejected) or is gone.
    Unavailable,
    /// The reader wrote it.
    Own,
}

/// Which of the log's entries to read: those of one comment, of one account (its sanctions),
/// of both at once (none: a line is about one or the other), or all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LogFilter {
    /// Only this comment's.
    pub comment: Option<CommentId>,
    /// Only this account's.
    pub account: Option<UserId>,
}

impl LogFilter {
    /// The entries of `comment`.
    pub fn comment(comment: CommentId) -> Self {
        Self { comment: Some(comment), account: None }
    }
}

/// A page of a queue.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuePage {
    /// The items, their comments' quotes left for the caller to decide.
    pub items: Vec<QueueItem>,
    /// How many the queue holds.
    pub total: u64,
}

/// Moderation's reads and writes.
#[async_trait]
pub trait ModerationStore: Send + Sync {
    /// The rules comments to `article` are checked by; `None` when there is no such article.
    async fn rules(&self, article: ArticleKey) -> Result<Option<Rules>, DbError>;

    /// The word lists of site `site`, with their version (read together: a list compiled from
    /// them is known to be of that version).
    async fn site_words(&self, site: i64) -> Result<(i64, Vec<WordEntry>), DbError>;

    /// The word lists of the site named `name`; `None` when there is no such site.
    async fn site_words_named(&self, name: &str) -> Result<Option<Vec<WordEntry>>, DbError>;

    /// Replaces the word lists of the site named `name`; `false` when there is no such site.
    async fn set_site_words(&self, name: &str, words: &[WordEntry]) -> Result<bool, DbError>;

    /// Every site's name, in order.
    async fn site_names(&self) -> Result<Vec<String>, DbError>;

    /// The moderation settings of the site named `name`.
    async fn site_moderation(&self, name: &str) -> Result<Option<ModerationSettings>, DbError>;

    /// Replaces the moderation settings of the site named `name`; `false` when there is none.
    async fn set_site_moderation(&self, name: &str, settings: &ModerationSettings) -> Result<bool, DbError>;

    /// Sets whether the discussion of the article `slug` is open (`None`: as its site says);
    /// `false` when there is no such article.
    async fn set_discussion(&self, slug: &Slug, state: Option<DiscussionState>) -> Result<bool, DbError>;

    /// What the checks know of `author`.
    async fn author_record(&self, author: UserId) -> Result<AuthorRecord, DbError>;

    /// In how many threads other than `except` `author` posted `body` since `since`.
    async fn same_body_elsewhere(
        &self,
        author: UserId,
        body: &str,
        except: ArticleKey,
        since: DateTime<Utc>,
    ) -> Result<u32, DbError>;

    /// Where comment `id` stands as a decision reads it: its state, edits and open reports (and
    /// whether it is deleted); `None` when there is no such comment.
    async fn standing_of(&self, id: CommentId) -> Result<Option<(CommentState, u32, u32, bool)>, DbError>;

    /// Applies `decision` to its comment if it is pending, or published with open reports, in one
    /// transaction with its log entry (when its state changes), its reports' outcome and, when
    /// readers' view of it changes, its place, its count and its event.
    async fn decide(&self, decision: &Decision<'_>) -> Result<Decided, DbError>;

    /// The sanction `account` is under as stored (a suspension may have ended since).
    async fn sanction(&self, account: UserId) -> Result<Option<Sanction>, DbError>;

    /// An account, its role and its sanction as stored; `None` when there is no such account.
    async fn sanctioned(&self, account: UserId) -> Result<Option<(LogActor, Role, Option<Sanction>)>, DbError>;

    /// Stores `change`, in one transaction with its log line (when the standing changes, or the
    /// sanction it is under: a suspension's end, a reason) and, for a ban, the end of every
    /// session of the account.
    async fn set_sanction(&self, change: &NewSanction<'_>) -> Result<(), DbError>;

    /// The email domains nobody registers with, in order.
    async fn blocked_email_domains(&self) -> Result<Vec<String>, DbError>;

    /// Replaces the email domains nobody registers with.
    async fn set_blocked_email_domains(&self, domains: &[String]) -> Result<(), DbError>;

    /// Whether one of `domains` (an address's domain and those it is under) is blocked.
    async fn email_domain_blocked(&self, domains: &[String]) -> Result<bool, DbError>;

    /// Records `report`, and holds its comment when the open reports reach the threshold (with
    /// the log entry and event of that), in one transaction.
    async fn report(&self, report: &NewReport<'_>) -> Result<Reported, DbError>;

    /// A page of the queue of comments in `state` that `filter` picks, in its order (oldest:
    /// reported ones by their first open report), with their reports, their authors' records
    /// and the quotes as stored.
    async fn queue(
        &self,
        state: QueueState,
        page: PageNumber,
        filter: &QueueFilter,
    ) -> Result<WithStoredQuotes<QueuePage>, DbError>;

    /// How many comments each queue holds.
    async fn queue_counts(&self) -> Result<QueueCounts, DbError>;

    /// The record of `account`; `None` when there is no such account.
    async fn account_record(&self, account: UserId) -> Result<Option<AccountRecord>, DbError>;

    /// Adds `moderator`'s note `body` on `account` at `at`, and answers with it; `None` when
    /// there is no such account.
    async fn add_note(
        &self,
        account: UserId,
        moderator: UserId,
        body: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<ModeratorNote>, DbError>;

    /// The log's entries that `filter` picks, newest first, at most `limit`.
    async fn moderation_log(&self, filter: LogFilter, limit: u32) -> Result<Vec<LogEntry>, DbError>;

    /// What the checks found the last time `comment` was saved.
    async fn findings(&self, comment: CommentId) -> Result<Vec<Finding>, DbError>;
}
