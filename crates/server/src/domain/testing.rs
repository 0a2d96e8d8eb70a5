//! What the use cases' tests share: a fresh database with one article, people to act, a clock,
//! and throttles that count or refuse.

use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use schrieb_api::permissions::Actor;
use schrieb_api::{Comment, CommentId, CommentRequest, IdempotencyKey, PageNumber, Role, Slug, UserId};

use super::moderation::pipeline::Checks;
use super::moderation::visibility::Viewer;
use super::{DomainError, LoggedIn, NewPost, PostOutcome, ThreadReader, Throttle, post_comment};
use crate::db::sqlite::SqliteRepository;
use crate::db::{ArticleKey, ArticleStore, NewArticle, SiteStore, UserStore};
use crate::limits::{Action, Spent};

/// The site of the test article.
pub const SITE: &str = "test";

/// A fresh database with the article `a` of the site [`SITE`].
pub struct World {
    /// Keeps the database file while the test runs.
    _dir: tempfile::TempDir,
    /// The database.
    pub store: SqliteRepository,
    /// The article's slug.
    pub slug: Slug,
    /// The article.
    pub article: ArticleKey,
    /// The moderation checks (their word lists' cache).
    pub checks: Checks,
}

impl World {
    /// A fresh database with one article and no comments.
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteRepository::connect(dir.path().join("domain.db").to_str().unwrap()).await.unwrap();
        let site = store.ensure_site(SITE, at(0)).await.unwrap();
        let slug = Slug::parse("a").unwrap();
        let article = store
            .insert_article(&NewArticle {
                site_id: site,
                slug: slug.clone(),
                lang: "de".into(),
                title: "A".into(),
                author: "B".into(),
                published_at: at(0),
                canonical_url: "https://example.org/a".into(),
                body: "text".into(),
                note: None,
            })
            .await
            .unwrap();
        Self { _dir: dir, store, slug, article, checks: Checks::default() }
    }

    /// A reader with an account named `name`.
    pub async fn reader(&self, name: &str) -> Actor {
        Actor { id: self.store.ensure_user(name, at(0)).await.unwrap(), role: Role::Reader }
    }

    /// A moderator (the role is the actor's: the account itself is an ordinary one).
    pub async fn moderator(&self) -> Actor {
        Actor { id: self.store.ensure_user("Moderatorin", at(0)).await.unwrap(), role: Role::Moderator }
    }

    /// Posts `body` as `poster` (or as a guest called `guest`), with `key`, at `now`.
    pub async fn post(
        &self,
        poster: Option<(Actor, &str)>,
        guest: Option<&str>,
        body: &str,
        key: Option<&IdempotencyKey>,
        now: DateTime<Utc>,
    ) -> Result<PostOutcome, DomainError> {
        self.post_counted(&Counting::default(), poster, guest, body, key, now).await
    }

    /// [`World::post`], counted by `throttle`.
    pub async fn post_counted(
        &self,
        throttle: &dyn Throttle,
        poster: Option<(Actor, &str)>,
        guest: Option<&str>,
        body: &str,
        key: Option<&IdempotencyKey>,
        now: DateTime<Utc>,
    ) -> Result<PostOutcome, DomainError> {
        let request =
            CommentRequest { body: body.into(), guest_name: guest.map(str::to_owned), ..CommentRequest::default() };
        let poster = poster.map(|(actor, display_name)| LoggedIn { actor, display_name });
        let post = NewPost { article: &self.slug, request: &request, key };
        post_comment(&self.store, &self.checks, throttle, poster, post, now).await
    }

    /// Posts `body` as `actor` (whose name is `name`) at `now`, which must succeed.
    pub async fn posted(&self, actor: Actor, name: &str, body: &str, now: DateTime<Utc>) -> CommentId {
        match self.post(Some((actor, name)), None, body, None, now).await.unwrap() {
            PostOutcome::Posted(posted) => posted.comment.id,
            other => panic!("{other:?}"),
        }
    }

    /// The thread's first page, as anyone sees it.
    pub async fn thread(&self) -> Vec<Comment> {
        self.store.comment_page(&self.slug, PageNumber::FIRST, Viewer::Anyone).await.unwrap().unwrap().items
    }

    /// Comment `id` as moderators see it.
    pub async fn comment(&self, id: CommentId) -> Comment {
        self.store.find_comment(id, Viewer::System).await.unwrap().unwrap().comment
    }
}

/// `minutes` after a fixed moment.
pub fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).unwrap() + Duration::minutes(minutes)
}

/// A throttle that allows everything and remembers what it counted.
#[derive(Default)]
pub struct Counting(Mutex<Vec<(Action, Option<UserId>)>>);

impl Counting {
    /// What was counted, in order.
    pub fn counted(&self) -> Vec<(Action, Option<UserId>)> {
        self.0.lock().unwrap().clone()
    }
}

#[async_trait::async_trait]
impl Throttle for Counting {
    async fn count(&self, action: Action, account: Option<UserId>) -> Result<(), Spent> {
        self.0.lock().unwrap().push((action, account));
        Ok(())
    }
}

/// A throttle whose limits are all spent.
pub struct Spend;

#[async_trait::async_trait]
impl Throttle for Spend {
    async fn count(&self, _: Action, _: Option<UserId>) -> Result<(), Spent> {
        Err(Spent { retry_after: 7 })
    }
}
