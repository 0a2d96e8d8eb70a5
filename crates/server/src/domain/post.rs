//! Posting a comment: who posts (an account, or a guest where the site allows it), the answer
//! to a repeated request, the rate limit, the content rules, storing, and the draft it replaces.

use chrono::{DateTime, Utc};
use schrieb_api::{
    Author, Comment, CommentPermalink, CommentRequest, CommentState, DisplayName, FieldError, IdempotencyKey,
    QuoteCheck, QuoteStatus, Reason, Slug, UserId, page_of_position, permissions::Actor,
};

use super::moderation::pipeline::{Checks, Signals, Submission, Writer};
use super::references::{References, checked};
use super::{DomainError, Refusal, Throttle, read_back};
use crate::db::{
    Appended, ArticleStore, CommentStore, DraftStore, ModerationStore, NewComment, Posted, SiteStore, UserStore,
};
use crate::limits::Action;

mod replay;

use replay::{Attempt, remove_draft, repeated};

/// The storage areas posting reads and writes. Any engine with all of them has it (so
/// `dyn Repository` does).
pub trait PostStore: ArticleStore + SiteStore + UserStore + CommentStore + DraftStore + ModerationStore {}

impl<T: ArticleStore + SiteStore + UserStore + CommentStore + DraftStore + ModerationStore + ?Sized> PostStore for T {}

/// The shared account guests' comments belong to; its name is one nobody can register.
pub const GUEST_ACCOUNT: &str = "Gast";

/// Someone logged in, as posting sees them: who acts, and the name their comment shows.
#[derive(Debug, Clone, Copy)]
pub struct LoggedIn<'a> {
    /// The account and its role.
    pub actor: Actor,
    /// The account's display name.
    pub display_name: &'a str,
}

/// A comment to post, as the request gave it.
#[derive(Debug, Clone, Copy)]
pub struct NewPost<'a> {
    /// The article whose thread it goes to.
    pub article: &'a Slug,
    /// Its body and, for a guest, the name they give; both checked here, in their turn.
    pub request: &'a CommentRequest,
    /// The client's name for this post, if it gave one: a repeat of it stores nothing.
    pub key: Option<&'a IdempotencyKey>,
}

/// What posting did.
#[derive(Debug, Clone, PartialEq)]
pub enum PostOutcome {
    /// Stored the comment: it and the page it stands on, exactly as stored.
    Posted(CommentPermalink),
    /// Stored nothing: the idempotency key already stored this comment, as it reads now.
    Repeated(CommentPermalink),
}

/// Who posts: an account, or a guest with the name they gave.
enum Poster<'a> {
    Account(LoggedIn<'a>),
    Guest(DisplayName),
}

impl Poster<'_> {
    /// The account the comment is stored under: the poster's own, or the shared guest account.
    async fn account<S: UserStore + ?Sized>(&self, store: &S, now: DateTime<Utc>) -> Result<UserId, DomainError> {
        match self {
            Self::Account(member) => Ok(member.actor.id),
            Self::Guest(_) => Ok(store.ensure_user(GUEST_ACCOUNT, now).await?),
        }
    }

    /// The name a guest gave; `None` for an account.
    fn guest_name(&self) -> Option<&str> {
        match self {
            Self::Account(_) => None,
            Self::Guest(name) => Some(name.as_str()),
        }
    }
}

/// Posts a comment to an article's thread, answering with it and the page it stands on, and
/// removes the poster's draft under the article. Where the article's site allows it, someone
/// not logged in (`poster` is `None`) may post as a guest by giving a name; the comment is then
/// a guest's, stored under [`GUEST_ACCOUNT`].
///
/// In this order: the article, the guest name's rules (also when someone logged in gives one),
/// who posts, a repeat of an earlier post with the same key (answered with that comment, neither
/// counted nor checked: the first post passed), the rate limit, a guest taking an account's
/// name, the content rules, the author's last comment again, and the moderation checks, which
/// refuse it, hold it (stored without a place, for its author and moderators only) or pass it.
pub async fn post_comment<S: PostStore + ?Sized>(
    store: &S,
    checks: &Checks,
    throttle: &dyn Throttle,
    poster: Option<LoggedIn<'_>>,
    post: NewPost<'_>,
    now: DateTime<Utc>,
) -> Result<PostOutcome, DomainError> {
    let NewPost { article: slug, request, key } = post;
    let article = store
        .article_key(slug)
        .await?
        .ok_or_else(|| DomainError::NotFound(format!("no article has the slug {:?}", slug.as_str())))?;
    // A name that is given keeps the rules, also where nobody uses it (someone logged in posts
    // under their own): the request is what the document says, or it is refused.
    let guest_name = (request.guest_name.as_deref().map(DisplayName::parse).transpose())
        .map_err(|error| FieldError::new("guest_name", error))?;
    let poster = match (poster, guest_name) {
        (Some(member), _) => Poster::Account(member),
        (None, Some(name)) if store.guest_comments_allowed(article).await? => Poster::Guest(name),
        (None, _) => return Err(DomainError::LoginRequired),
    };
    let author = poster.account(store, now).await?;
    let attempt = Attempt { article, author, body: &request.body, guest_name: poster.guest_name() };
    if let Some(key) = key
        && let Some(earlier) = store.comment_by_key(author, key).await?
    {
        return repeated(store, &attempt, earlier).await;
    }
    // Guests share one account: only their address counts.
    let account = match &poster {
        Poster::Account(member) => Some(member.actor.id),
        Poster::Guest(_) => None,
    };
    throttle.count(Action::Write, account).await?;
    let author_name = match &poster {
        Poster::Account(member) => member.display_name.to_owned(),
        Poster::Guest(name) => {
            // A guest may not pass for someone with an account.
            if !store.users_named(&[name.as_str().to_owned()]).await?.is_empty() {
                return Err(DomainError::Conflict(Refusal {
                    reason: Reason::NameOfAccount { name: name.as_str().to_owned() },
                    message: format!("“{name}” is the name of an account: log in, or choose another name"),
                    field: Some("guest_name"),
                }));
            }
            name.as_str().to_owned()
        }
    };
    let (body, References { quotes, mentions }) = checked(store, &request.body).await?;
    // Guests share one account: the same words from two of them are no repetition.
    if attempt.guest_name.is_none() && store.latest_body_of(author).await?.as_deref() == Some(body.as_str()) {
        // The latest may be this very post, stored a moment ago by a request racing this one.
        if let Some(key) = key
            && let Some(earlier) = store.comment_by_key(author, key).await?
        {
            return repeated(store, &attempt, earlier).await;
        }
        return Err(DomainError::Conflict(Refusal {
            reason: Reason::SameAsLast,
            message: "this is the same comment you just posted".into(),
            field: Some("body"),
        }));
    }
    let writer = match &poster {
        Poster::Account(member) if member.actor.role.moderates() => Writer::Moderator,
        Poster::Account(_) => Writer::Member,
        Poster::Guest(_) => Writer::Guest,
    };
    let signals = Signals { honeypot: request.homepage.as_deref(), compose_ms: request.compose_ms };
    let submission = Submission { article, writer, author, body: &body, signals: Some(signals), now };
    let verdict = checks.run(store, &submission).await?;
    // Stored in milliseconds: the answer carries the time as it will read back.
    let now = DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now);
    let guest_name = attempt.guest_name.map(str::to_owned);
    // What the answer shows: exactly what was stored, so it is not read back.
    let checks = quotes
        .iter()
        .map(|quote| QuoteCheck {
            source: quote.source,
            revision: quote.source_revision,
            status: QuoteStatus::Verified,
        })
        .collect();
    let comment = NewComment {
        author_id: author,
        body: body.as_str().to_owned(),
        created_at: now,
        edited_at: None,
        earlier: Vec::new(),
        quotes,
        mentions: mentions.clone(),
        guest_name: guest_name.clone(),
        state: if verdict.holds() { CommentState::Pending } else { CommentState::Published },
        findings: verdict.findings,
    };
    let Appended { id, position } = match store.post_comment(article, &comment, key).await? {
        Posted::New(appended) => appended,
        Posted::Existing(earlier) => return repeated(store, &attempt, earlier).await,
    };
    if guest_name.is_none() {
        remove_draft(store, author, article).await;
    }
    // Held: it has no place, and shows under the thread's last page.
    let Some(position) = position else { return Ok(PostOutcome::Posted(read_back(store, id).await?)) };
    let posted = Comment {
        id,
        position: Some(position),
        author: Author { id: author, display_name: author_name, guest: guest_name.is_some(), deleted: false },
        body: comment.body,
        created_at: now,
        edited_at: None,
        edit_count: 0,
        deleted: false,
        quotes: checks,
        mentions,
        reactions: Vec::new(),
        state: CommentState::Published,
        state_reason: None,
        // Made in the background once it is published: posting never waits for them.
        previews: Vec::new(),
    };
    let page = page_of_position(position);
    Ok(PostOutcome::Posted(CommentPermalink { comment: posted, article_slug: slug.clone(), page }))
}

#[cfg(test)]
mod tests;
