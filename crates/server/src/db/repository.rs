//! The storage interface the rest of the server programs against.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{
    Article, ArticleSummary, CommentId, CommentPage, CommentPermalink, IdempotencyKey, MentionRef, PageNumber,
    ReactionKind, Reactors, RevisionHistory, Slug, UserId, UserProfile, UserSuggestion,
};

use super::{Accounts, Drafts, Sites};

/// Errors of the data layer. Handlers turn them into an internal error: the details are
/// logged, never shown.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The database driver failed (connection, query, constraint).
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    /// The embedded migrations could not be applied.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A value in the database breaks an invariant (a malformed slug, a negative count).
    #[error("corrupt row: {0}")]
    Corrupt(String),
}

/// The database key of an article; never leaves the server (the API names articles by slug).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleKey(pub i64);

/// An article to store.
#[derive(Debug, Clone)]
pub struct NewArticle {
    /// The site it belongs to.
    pub site_id: i64,
    /// Its slug.
    pub slug: Slug,
    /// Its language tag.
    pub lang: String,
    /// Headline.
    pub title: String,
    /// Its author's name.
    pub author: String,
    /// Publication time.
    pub published_at: DateTime<Utc>,
    /// Where the full article lives.
    pub canonical_url: String,
    /// Body in schrieb markup.
    pub body: String,
    /// The note under the body.
    pub note: Option<String>,
}

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
}

/// Where an appended comment went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    /// Its id.
    pub id: CommentId,
    /// Its place in the thread.
    pub position: u64,
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

/// A new body for a comment; the one it replaces becomes a revision.
#[derive(Debug, Clone)]
pub struct CommentEdit {
    /// The new body.
    pub body: String,
    /// When it was written.
    pub at: DateTime<Utc>,
    /// Its outer quotes with source, checked, in body order.
    pub quotes: Vec<NewQuote>,
    /// Its mentions of people with an account.
    pub mentions: Vec<MentionRef>,
}

/// A quote with source as checked when its comment was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewQuote {
    /// The quoted comment.
    pub source: CommentId,
    /// The source's revision the quote was checked against.
    pub source_revision: u32,
    /// The quoted words, white space collapsed.
    pub text: String,
    /// False when it could not be checked (imports).
    pub verified: bool,
}

/// A comment as a quote of it is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotedComment {
    /// Its id.
    pub id: CommentId,
    /// Its author's display name.
    pub author: String,
    /// Its current body.
    pub body: String,
    /// Its current revision (1 until it is edited).
    pub revision: u32,
    /// Whether it was deleted.
    pub deleted: bool,
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
}

/// Everything the server stores and reads: threads here, accounts in [`Accounts`], drafts in
/// [`Drafts`], sites that embed threads in [`Sites`].
#[async_trait]
pub trait Repository: Accounts + Drafts + Sites + Send + Sync + 'static {
    /// All articles, newest first.
    async fn list_articles(&self) -> Result<Vec<ArticleSummary>, DbError>;

    /// The article with this slug.
    async fn find_article(&self, slug: &Slug) -> Result<Option<Article>, DbError>;

    /// One page of the thread of the article with this slug, oldest first; `None` when no
    /// article has the slug.
    async fn comment_page(&self, article: &Slug, page: PageNumber) -> Result<Option<CommentPage>, DbError>;

    /// A comment with its article and page.
    async fn find_comment(&self, id: CommentId) -> Result<Option<CommentPermalink>, DbError>;

    /// Whether the database holds no articles yet (so demo content may be loaded).
    async fn is_empty(&self) -> Result<bool, DbError>;

    /// The site named `name`, created if missing.
    async fn ensure_site(&self, name: &str, now: DateTime<Utc>) -> Result<i64, DbError>;

    /// The user named `display_name` (case-insensitively), created if missing.
    async fn ensure_user(&self, display_name: &str, now: DateTime<Utc>) -> Result<UserId, DbError>;

    /// Stores an article.
    async fn insert_article(&self, article: &NewArticle) -> Result<ArticleKey, DbError>;

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

    /// Replaces a comment's body, keeping the old one as a revision; `false` when no comment
    /// has the id.
    async fn edit_comment(&self, id: CommentId, edit: &CommentEdit) -> Result<bool, DbError>;

    /// The comments with these ids that exist, as quotes of them are checked.
    async fn quoted_comments(&self, ids: &[CommentId]) -> Result<Vec<QuotedComment>, DbError>;

    /// The accounts with these display names (case-insensitively), each with the name as
    /// asked for.
    async fn users_named(&self, names: &[String]) -> Result<Vec<MentionRef>, DbError>;

    /// A comment's revisions, oldest first, without their changes (the caller diffs them).
    async fn revisions(&self, id: CommentId) -> Result<Option<RevisionHistory>, DbError>;

    /// At most `limit` accounts a mention can name (the same accounts [`Repository::users_named`]
    /// finds) whose display name starts with `prefix` in any case: those with a comment (not
    /// deleted) in the thread of `thread` first, then the others, each group by name.
    async fn suggest_users(
        &self,
        prefix: &str,
        thread: Option<ArticleKey>,
        limit: u32,
    ) -> Result<Vec<UserSuggestion>, DbError>;

    /// A person's public profile with their latest comments.
    async fn user_profile(&self, id: UserId) -> Result<Option<UserProfile>, DbError>;

    /// The key of the article with this slug.
    async fn article_key(&self, slug: &Slug) -> Result<Option<ArticleKey>, DbError>;

    /// Whether the site of `article` takes comments from guests.
    async fn guest_comments_allowed(&self, article: ArticleKey) -> Result<bool, DbError>;

    /// Lets the site named `site` take guest comments, or stops it; `false` when no site has
    /// the name.
    async fn set_guest_comments(&self, site: &str, allowed: bool) -> Result<bool, DbError>;

    /// Who wrote comment `id` and its state.
    async fn comment_meta(&self, id: CommentId) -> Result<Option<CommentMeta>, DbError>;

    /// The body of `author`'s latest comment anywhere (to refuse the same one twice in a row).
    async fn latest_body_of(&self, author: UserId) -> Result<Option<String>, DbError>;

    /// Marks a comment deleted by `by` (its place, permalink and quotes of it stay); `false`
    /// when it was deleted already.
    async fn delete_comment(&self, id: CommentId, by: UserId) -> Result<bool, DbError>;

    /// Brings a deleted comment back; `false` when it was not deleted.
    async fn restore_comment(&self, id: CommentId) -> Result<bool, DbError>;

    /// Adds (`on`) or removes `user`'s reaction of `kind` to a comment; either is idempotent.
    async fn set_reaction(
        &self,
        comment: CommentId,
        user: UserId,
        kind: ReactionKind,
        on: bool,
        now: DateTime<Utc>,
    ) -> Result<(), DbError>;

    /// Which of `comments` `user` reacted to, and how.
    async fn reactions_of(
        &self,
        user: UserId,
        comments: &[CommentId],
    ) -> Result<Vec<(CommentId, ReactionKind)>, DbError>;

    /// Who reacted to a comment, by kind.
    async fn reactors(&self, comment: CommentId) -> Result<Vec<Reactors>, DbError>;
}
