//! The storage interface for moving a site's discussion in and out: reading everything of a
//! site for an export, and writing what an import brings in one transaction at a time, with
//! the import's own names for what it stored ([`ImportKey`]) so that a second run adds nothing.
//!
//! The records are the database's view of a site, not a file format: `crate::portable` turns
//! them into schrieb's versioned export format and reads the formats of other systems.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{CommentId, CommentState, MentionRef, Slug, UserId};

use super::{ArticleKey, DbError, NewQuote};

/// A site as it is exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteRecord {
    /// Its key.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// Whether guests may write in its threads.
    pub guest_comments: bool,
}

/// A person: an account, or the shared account guests write as. Never their password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRecord {
    /// Their id; on import, the id to keep (a restore into an empty database) or `None`.
    pub id: Option<UserId>,
    /// Their display name.
    pub display_name: String,
    /// Their email address, if they gave one.
    pub email: Option<String>,
    /// When they confirmed it.
    pub email_confirmed_at: Option<DateTime<Utc>>,
    /// reader, moderator or admin.
    pub role: String,
    /// The language of their mail.
    pub lang: String,
    /// When the account was made.
    pub created_at: DateTime<Utc>,
}

/// An article with its thread's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRecord {
    /// Its key; on import, the key to keep or `None`.
    pub id: Option<ArticleKey>,
    /// Its slug.
    pub slug: Slug,
    /// Its language tag.
    pub lang: String,
    /// Where it lives (the page address an embedding site's widget finds it by).
    pub canonical_url: String,
    /// Headline.
    pub title: String,
    /// Its author's name.
    pub author: String,
    /// Publication time.
    pub published_at: DateTime<Utc>,
    /// Body in schrieb markup (empty for a page's thread).
    pub body: String,
    /// The note under the body.
    pub note: Option<String>,
    /// Whether its discussion is open, as stored (`None`: the default).
    pub discussion: Option<String>,
}

/// An earlier body of a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionRecord {
    /// The body.
    pub body: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// One person's reaction to a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReactionRecord {
    /// Who reacted.
    pub user: UserId,
    /// The reaction's name.
    pub kind: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A comment with everything that belongs to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRecord {
    /// Its id; on import, the id to keep or `None`.
    pub id: Option<CommentId>,
    /// Its article.
    pub article: ArticleKey,
    /// Its place in the thread (`None`: held before readers saw it).
    pub position: Option<u64>,
    /// Its author.
    pub author: UserId,
    /// For a guest's comment, the name the guest gave.
    pub guest_name: Option<String>,
    /// Its current body.
    pub body: String,
    /// When it was first posted.
    pub created_at: DateTime<Utc>,
    /// When its current body was written, if it was edited.
    pub edited_at: Option<DateTime<Utc>>,
    /// Its earlier bodies, oldest first.
    pub revisions: Vec<RevisionRecord>,
    /// Where it stands with moderation.
    pub state: CommentState,
    /// The moderator's reason for that state.
    pub status_reason: Option<String>,
    /// Whether it is deleted (its place stays, its body is not shown).
    pub deleted: bool,
    /// Who deleted it.
    pub deleted_by: Option<UserId>,
    /// Its outer quotes with source, in body order.
    pub quotes: Vec<NewQuote>,
    /// The people it mentions.
    pub mentions: Vec<MentionRef>,
    /// Its reactions.
    pub reactions: Vec<ReactionRecord>,
}

/// Where an imported comment goes in its thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The thread's next place.
    Next,
    /// This place (a restore, which keeps every place).
    Kept(u64),
    /// None: held before readers saw it.
    None,
}

/// What an import calls the things it stored: a thread, person or comment of the file it read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportKey<'a> {
    /// The system and, for schrieb's own format, the site it was exported from.
    pub source: &'a str,
    /// What it is.
    pub kind: ImportKind,
    /// The file's id for it.
    pub external: &'a str,
}

/// The things an import keeps its own names for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// A thread (an article).
    Thread,
    /// A person.
    Person,
    /// A comment.
    Comment,
}

impl ImportKind {
    /// Its name in `import_keys.kind`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Thread => "thread",
            Self::Person => "person",
            Self::Comment => "comment",
        }
    }
}

/// Reading a site out, and opening an import's transactions.
#[async_trait]
pub trait PortableStore: Send + Sync {
    /// The site named `name`.
    async fn export_site(&self, name: &str) -> Result<Option<SiteRecord>, DbError>;

    /// The people a site's export names: everyone who wrote, reacted to, deleted or is
    /// mentioned in a comment of its threads, by id.
    async fn export_people(&self, site: i64) -> Result<Vec<PersonRecord>, DbError>;

    /// The site's articles, by key.
    async fn export_articles(&self, site: i64) -> Result<Vec<ArticleRecord>, DbError>;

    /// The comments of one article, by id, with everything that belongs to them.
    async fn export_comments(&self, article: ArticleKey) -> Result<Vec<CommentRecord>, DbError>;

    /// Whether the database holds no people, articles or comments: an import of schrieb's own
    /// format may then keep every id (a restore).
    async fn holds_nothing(&self) -> Result<bool, DbError>;

    /// Begins one transaction of an import.
    async fn begin_import(&self) -> Result<Box<dyn ImportTx>, DbError>;
}

/// One transaction of an import: nothing of it is seen before [`ImportTx::commit`], and nothing
/// of it is kept when it is dropped uncommitted.
#[async_trait]
pub trait ImportTx: Send {
    /// The site named as `site` is, added with its time and setting if missing, with whether
    /// it was added.
    async fn site(&mut self, site: &SiteRecord) -> Result<(i64, bool), DbError>;

    /// The local id an earlier import stored `key` as.
    async fn known(&mut self, key: &ImportKey<'_>) -> Result<Option<i64>, DbError>;

    /// Remembers that `key` was stored as `local`.
    async fn remember(&mut self, key: &ImportKey<'_>, local: i64) -> Result<(), DbError>;

    /// The account with this email address (as stored: lower case).
    async fn person_by_email(&mut self, email: &str) -> Result<Option<UserId>, DbError>;

    /// The account whose display name has the key of `name` ([`super::name_key`]).
    async fn person_named(&mut self, name: &str) -> Result<Option<UserId>, DbError>;

    /// The display name of account `id`.
    async fn person_name(&mut self, id: UserId) -> Result<Option<String>, DbError>;

    /// Adds a person (without a password: an author who may claim the account by their
    /// address). The caller has made sure the name is free.
    async fn add_person(&mut self, person: &PersonRecord) -> Result<UserId, DbError>;

    /// The article of site `site` at `url`.
    async fn article_at(&mut self, site: i64, url: &str) -> Result<Option<ArticleKey>, DbError>;

    /// Whether an article has this slug.
    async fn slug_taken(&mut self, slug: &Slug) -> Result<bool, DbError>;

    /// Adds an article to site `site`.
    async fn add_article(&mut self, site: i64, article: &ArticleRecord) -> Result<ArticleKey, DbError>;

    /// Adds a comment to its article's thread at `place`, with its revisions, quotes, mentions
    /// and reactions. Adds no event: [`ImportTx::finish_thread`] does, once per thread.
    async fn add_comment(&mut self, comment: &CommentRecord, place: Place) -> Result<CommentId, DbError>;

    /// Counts the thread of `article` again and logs that an import changed it, so caches of
    /// its pages are dropped (nobody is notified).
    async fn finish_thread(&mut self, article: ArticleKey) -> Result<(), DbError>;

    /// Commits what is done and goes on in a new transaction: a crash loses only what came
    /// after, and the next run adds that.
    async fn checkpoint(&mut self) -> Result<(), DbError>;

    /// Makes everything of this transaction visible at once.
    async fn commit(self: Box<Self>) -> Result<(), DbError>;
}
