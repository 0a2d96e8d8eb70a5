//! The storage interface for comments: reading threads, appending to them, and deleting and
//! restoring. Edits are in [`super::RevisionStore`], reactions in [`super::ReactionStore`].

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{
    CommentId, CommentPage, CommentPermalink, CommentState, Finding, IdempotencyKey, MentionRef, PageNumber, Slug,
    UserId,
};

use super::{ArticleKey, DbError, NewQuote, QuotedComment, WithStoredQuotes};

/// A comment to store, with the bodies it had before its latest edit.
#[derive(Debug, Clone)]
pub struct NewComment {
    /// Its author.
    pub author_id: UserId,
    /// Its current body.
    pub body: String,
    /// When it was first posted.
    pub created_at: DateTime<Utc>,
    /// When its current body was written, if it was edited.
    pub edited_at: Option<DateTime<Utc>>,
    /// Earlier bodies with the time each was written, oldest first.
    pub earlier: Vec<(String, DateTime<Utc>)>,
    /// Its outer quotes with source, checked, in body order.
    pub quotes: Vec<NewQuote>,
    /// Its mentions of people with an account.
    pub mentions: Vec<MentionRef>,
    /// For a guest's comment (written as the shared guest account), the name the guest gave.
    pub guest_name: Option<String>,
    /// Published (it takes the thread's next place) or pending (held: no place, no count, no
    /// event readers see, and a line in the moderation log).
    pub state: CommentState,
    /// What the checks found as it was posted (stored when there is anything).
    pub findings: Vec<Finding>,
}

/// Whose comments without a place a page of a thread shows besides its own: nobody's (a reader
/// without an account), one author's (to themselves), or all of them (to moderators).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeldFor {
    /// Nobody's.
    Nobody,
    /// This author's.
    Author(UserId),
    /// Everyone's.
    Everyone,
}

/// Where an appended comment went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    /// Its id.
    pub id: CommentId,
    /// Its place in the thread; `None` for a held comment.
    pub position: Option<u64>,
}

/// A comment posted with an idempotency key, as a repeat of its request is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyedComment {
    /// Its id.
    pub id: CommentId,
    /// Its article.
    pub article: ArticleKey,
    /// Its body as first posted: a repeat is of the first request, whatever edits came since.
    pub body: String,
    /// For a guest's comment, the name the guest gave.
    pub guest_name: Option<String>,
}

/// What posting one comment did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Posted {
    /// Stored it here.
    New(Appended),
    /// Stored nothing: its author already has a comment with its idempotency key, this one.
    Existing(KeyedComment),
}

/// Who wrote a comment and what state it is in: what decides who may change it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentMeta {
    /// The comment.
    pub id: CommentId,
    /// Its article.
    pub article: ArticleKey,
    /// Its author.
    pub author: UserId,
    /// When it was posted.
    pub created_at: DateTime<Utc>,
    /// Who deleted it, if it is deleted.
    pub deleted_by: Option<UserId>,
    /// Whether it is deleted.
    pub deleted: bool,
    /// Where it stands with moderation.
    pub state: CommentState,
}

/// Comments in their threads.
#[async_trait]
pub trait CommentStore: Send + Sync {
    /// One page of the thread of the article with this slug, oldest first, with the quotes as
    /// stored and, on the last page, the comments without a place `held` names; `None` when no
    /// article has the slug. What readers may see of each is not decided here.
    async fn thread_page(
        &self,
        article: &Slug,
        page: PageNumber,
        held: HeldFor,
    ) -> Result<Option<WithStoredQuotes<CommentPage>>, DbError>;

    /// A comment with its article and page, with its quotes as stored.
    async fn permalink(&self, id: CommentId) -> Result<Option<WithStoredQuotes<CommentPermalink>>, DbError>;

    /// Appends comments to an article's thread in one transaction, in order.
    async fn append_comments(&self, article: ArticleKey, comments: &[NewComment]) -> Result<Vec<Appended>, DbError>;

    /// Appends one comment to an article's thread, stored with `key` if given. When its author
    /// already has a comment with that key (also one stored a moment ago by a request racing
    /// this one), nothing is stored and that comment is returned instead.
    async fn post_comment(
        &self,
        article: ArticleKey,
        comment: &NewComment,
        key: Option<&IdempotencyKey>,
    ) -> Result<Posted, DbError>;

    /// `author`'s comment posted with idempotency key `key`. Keys are per account, and all
    /// guests post as one account: that is safe because clients make keys at random (UUIDs).
    async fn comment_by_key(&self, author: UserId, key: &IdempotencyKey) -> Result<Option<KeyedComment>, DbError>;

    /// The published comments with these ids, as quotes of them are checked: a held comment
    /// cannot be quoted (to the check it does not exist).
    async fn quoted_comments(&self, ids: &[CommentId]) -> Result<Vec<QuotedComment>, DbError>;

    /// Who wrote comment `id` and its state.
    async fn comment_meta(&self, id: CommentId) -> Result<Option<CommentMeta>, DbError>;

    /// The body of `author`'s latest comment anywhere (to refuse the same one twice in a row).
    async fn latest_body_of(&self, author: UserId) -> Result<Option<String>, DbError>;

    /// Marks a comment deleted by `by` (its place, permalink and quotes of it stay); `false`
    /// when it was deleted already.
    async fn delete_comment(&self, id: CommentId, by: UserId) -> Result<bool, DbError>;

    /// Brings a deleted comment back; `false` when it was not deleted.
    async fn restore_comment(&self, id: CommentId) -> Result<bool, DbError>;
}
