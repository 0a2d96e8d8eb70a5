//! Writing comments: posting, editing (with revisions), deleting and restoring.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use schrieb_api::paths::Endpoint;
use schrieb_api::{
    ApiError, Author, Comment, CommentBody, CommentId, CommentPermalink, CommentRequest, DisplayName, FieldError,
    IdempotencyKey, QuoteCheck, QuoteStatus, Slug, UserId, page_of_position, permissions,
};

use super::extract::{ApiJson, ApiPath, IdempotencyHeader};
use crate::AppState;
use crate::auth::{ClientAddr, CurrentUser, MaybeUser};
use crate::db::{Appended, ArticleKey, CommentEdit, CommentMeta, KeyedComment, NewComment, Posted};
use crate::error::AppError;
use crate::limits::Action;
use crate::posting::{References, references};
use crate::quoting::QuotePolicy;

/// Checks a body against the shared rules and its quotes against their sources.
async fn checked(state: &AppState, raw: &str) -> Result<(CommentBody, References), AppError> {
    let body = CommentBody::parse(raw)?;
    let references = references(state.repository.as_ref(), body.document(), QuotePolicy::Strict).await?;
    Ok((body, references))
}

async fn permalink(state: &AppState, id: CommentId) -> Result<CommentPermalink, AppError> {
    state.repository.find_comment(id).await?.ok_or(AppError::Internal)
}

async fn meta(state: &AppState, id: i64) -> Result<CommentMeta, AppError> {
    state
        .repository
        .comment_meta(CommentId(id))
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no comment has the id {id}")))
}

/// The rules' view of who acts.
fn actor(user: &CurrentUser) -> permissions::Actor {
    permissions::Actor { id: user.account.id, role: user.account.role }
}

/// The rules' view of a comment.
fn facts(meta: &CommentMeta) -> permissions::CommentFacts {
    permissions::CommentFacts { author: meta.author, created_at: meta.created_at, deleted: meta.deleted }
}

/// A refusal by the rules: 409 for a deleted comment (it can be restored), 403 otherwise.
fn denied(reason: permissions::Denied) -> AppError {
    match reason {
        permissions::Denied::Deleted => AppError::Conflict { message: reason.to_string(), field: None },
        _ => AppError::Forbidden(reason.to_string()),
    }
}

/// The shared account guests' comments belong to; its name is one nobody can register.
const GUEST_ACCOUNT: &str = "Gast";

/// Who posts: an account, or a guest with the name they gave.
enum Poster {
    Account(UserId, String),
    Guest(DisplayName),
}

impl Poster {
    /// The account the comment is stored under: the poster's own, or the shared guest account.
    async fn account(&self, state: &AppState) -> Result<UserId, AppError> {
        match self {
            Self::Account(id, _) => Ok(*id),
            Self::Guest(_) => Ok(state.repository.ensure_user(GUEST_ACCOUNT, Utc::now()).await?),
        }
    }

    /// The name a guest gave; `None` for an account.
    fn guest_name(&self) -> Option<&str> {
        match self {
            Self::Account(..) => None,
            Self::Guest(name) => Some(name.as_str()),
        }
    }
}

/// The request of a post, as a repeat of an earlier one with the same idempotency key must match.
struct Attempt<'a> {
    article: ArticleKey,
    author: UserId,
    body: &'a str,
    guest_name: Option<&'a str>,
}

/// Answers a repeated post with the comment its idempotency key already stored (200, nothing
/// stored), after making sure it is the same comment: the same article, body and guest name.
/// Like a first post, it removes the poster's draft, in case the first answer never arrived.
async fn repeated(
    state: &AppState,
    attempt: &Attempt<'_>,
    earlier: KeyedComment,
) -> Result<(StatusCode, Json<CommentPermalink>), AppError> {
    // Compared as it would have been stored; a body that no longer parses cannot be the same.
    let same_body = CommentBody::parse(attempt.body).is_ok_and(|body| body.as_str() == earlier.body);
    if !same_body || earlier.article != attempt.article || earlier.guest_name.as_deref() != attempt.guest_name {
        return Err(AppError::Validation("this Idempotency-Key was used for another comment".into()));
    }
    if attempt.guest_name.is_none() {
        remove_draft(state, attempt.author, attempt.article).await;
    }
    Ok((StatusCode::OK, Json(permalink(state, earlier.id).await?)))
}

/// The draft became the comment. The comment is stored either way: a draft left behind is only
/// logged, since failing here would invite posting the comment a second time.
async fn remove_draft(state: &AppState, author: UserId, article: ArticleKey) {
    if let Err(error) = state.repository.delete_draft(author, article).await {
        tracing::error!(error = %error, "a posted comment's draft could not be removed");
    }
}

/// Posts a comment to an article's thread, answering with it and the page it stands on, and
/// removes the poster's draft under the article. Where the article's site allows it, someone
/// without an account may post as a guest by giving a name (`guest_name`); the comment is then
/// marked as a guest's.
///
/// With an `Idempotency-Key` header the post happens once however often it is sent: a repeat
/// (also one racing the first) is answered 200 with the comment the key stored, without storing
/// anything or counting against the rate limit. Keys are per account; guests share one account,
/// which is safe because keys are random.
#[utoipa::path(post, path = Endpoint::ArticleComments.template(), tag = "comments", request_body = CommentRequest,
    security((), ("session_cookie" = []), ("bearer" = [])),
    params(
        ("slug" = Slug, Path, description = "The article's slug"),
        ("Idempotency-Key" = Option<IdempotencyKey>, Header, nullable = false, description = "A client's name for \
            this post (a UUID): sent again, the post is not stored again but answered 200 with the comment the key \
            stored. Keys are per account (all guests share one), so make them random.")),
    responses(
        (status = 200, description = "Posted before with this Idempotency-Key: the comment and its page, nothing stored", body = CommentPermalink),
        (status = 201, description = "Posted: the comment and its page", body = CommentPermalink),
        (status = 400, description = "A malformed Idempotency-Key header, or one sent twice", body = ApiError),
        (status = 401, description = "Not logged in (and no guest comments here), or a widget token that names no live session", body = ApiError),
        (status = 404, description = "No article has this slug", body = ApiError),
        (status = 409, description = "The same comment as the author's last one, or a guest name that is an account's", body = ApiError),
        (status = 422, description = "The body or the guest name breaks a rule, a quote misquotes, or the Idempotency-Key was used for another comment", body = ApiError),
        (status = 429, description = "Too many comments in a short time", body = ApiError)))]
#[tracing::instrument(skip_all, fields(slug = %raw_slug))]
pub async fn post_comment(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    MaybeUser(user): MaybeUser,
    IdempotencyHeader(key): IdempotencyHeader,
    ApiPath(raw_slug): ApiPath<String>,
    ApiJson(request): ApiJson<CommentRequest>,
) -> Result<(StatusCode, Json<CommentPermalink>), AppError> {
    let missing = || AppError::NotFound(format!("no article has the slug {raw_slug:?}"));
    let slug = Slug::parse(&raw_slug).map_err(|_| missing())?;
    let article = state.repository.article_key(&slug).await?.ok_or_else(missing)?;
    // A name that is given keeps the rules, also where nobody uses it (someone logged in posts
    // under their own): the request is what the document says, or it is refused.
    let guest_name = (request.guest_name.as_deref().map(DisplayName::parse).transpose())
        .map_err(|e| FieldError { field: "guest_name", message: e.to_string() })?;
    let poster = match (user, guest_name) {
        (Some(user), _) => Poster::Account(user.account.id, user.account.display_name),
        (None, Some(name)) if state.repository.guest_comments_allowed(article).await? => Poster::Guest(name),
        (None, _) => return Err(AppError::Unauthorized("log in to comment here".into())),
    };
    let author = poster.account(&state).await?;
    // A repeat is answered before anything is counted or checked: the first post passed.
    if let Some(key) = &key
        && let Some(earlier) = state.repository.comment_by_key(author, key).await?
    {
        let attempt = Attempt { article, author, body: &request.body, guest_name: poster.guest_name() };
        return repeated(&state, &attempt, earlier).await;
    }
    let limit_key = match &poster {
        Poster::Account(id, _) => Some(format!("user:{id}")),
        Poster::Guest(_) => None,
    };
    state.limits.check(Action::Write, limit_key.as_deref(), &address.to_string())?;
    let (author_name, guest_name) = match poster {
        Poster::Account(_, name) => (name, None),
        Poster::Guest(name) => {
            // A guest may not pass for someone with an account.
            if !state.repository.users_named(&[name.as_str().to_owned()]).await?.is_empty() {
                return Err(AppError::Conflict {
                    message: format!("“{name}” is the name of an account: log in, or choose another name"),
                    field: Some("guest_name"),
                });
            }
            (name.as_str().to_owned(), Some(name.as_str().to_owned()))
        }
    };
    let attempt = Attempt { article, author, body: &request.body, guest_name: guest_name.as_deref() };
    let (body, References { quotes, mentions }) = checked(&state, &request.body).await?;
    // Guests share one account: the same words from two of them are no repetition.
    if guest_name.is_none() && state.repository.latest_body_of(author).await?.as_deref() == Some(body.as_str()) {
        // The latest may be this very post, stored a moment ago by a request racing this one.
        if let Some(key) = &key
            && let Some(earlier) = state.repository.comment_by_key(author, key).await?
        {
            return repeated(&state, &attempt, earlier).await;
        }
        return Err(AppError::Conflict {
            message: "this is the same comment you just posted".into(),
            field: Some("body"),
        });
    }
    // Stored in milliseconds: the answer carries the time as it will read back.
    let now = Utc::now();
    let now = chrono::DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now);
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
    };
    let Appended { id, position } = match state.repository.post_comment(article, &comment, key.as_ref()).await? {
        Posted::New(appended) => appended,
        Posted::Existing(earlier) => return repeated(&state, &attempt, earlier).await,
    };
    if guest_name.is_none() {
        remove_draft(&state, author, article).await;
    }
    let posted = Comment {
        id,
        position,
        author: Author { id: author, display_name: author_name, guest: guest_name.is_some() },
        body: body.as_str().to_owned(),
        created_at: now,
        edited_at: None,
        edit_count: 0,
        deleted: false,
        quotes: checks,
        mentions,
        reactions: Vec::new(),
    };
    let page = page_of_position(position);
    Ok((StatusCode::CREATED, Json(CommentPermalink { comment: posted, article_slug: slug, page })))
}

/// Edits a comment: its author within the edit window, moderators at any time. The body it
/// had becomes a revision.
#[utoipa::path(patch, path = Endpoint::Comment.template(), tag = "comments", request_body = CommentRequest,
    security(("session_cookie" = []), ("bearer" = [])),
    params(("id" = CommentId, Path, description = "The comment's id")),
    responses(
        (status = 200, description = "Edited: the comment and its page", body = CommentPermalink),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Someone else's comment, or the edit window has passed", body = ApiError),
        (status = 404, description = "No comment has this id", body = ApiError),
        (status = 409, description = "The comment is deleted", body = ApiError),
        (status = 422, description = "The body breaks a rule, or a quote misquotes", body = ApiError),
        (status = 429, description = "Too many writes in a short time", body = ApiError)))]
#[tracing::instrument(skip_all, fields(id))]
pub async fn edit_comment(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<CommentRequest>,
) -> Result<Json<CommentPermalink>, AppError> {
    let meta = meta(&state, id).await?;
    let now = Utc::now();
    permissions::may_edit(actor(&user), facts(&meta), now, state.settings.edit_window).map_err(denied)?;
    state.limits.check(Action::Write, Some(&format!("user:{}", user.account.id)), &address.to_string())?;
    let (body, References { quotes, mentions }) = checked(&state, &request.body).await?;
    let current = permalink(&state, meta.id).await?;
    if current.comment.body == body.as_str() {
        // Nothing changed: no revision, no "last edited".
        return Ok(Json(current));
    }
    let edit = CommentEdit { body: body.as_str().to_owned(), at: now, quotes, mentions };
    state.repository.edit_comment(meta.id, &edit).await?;
    Ok(Json(permalink(&state, meta.id).await?))
}

/// Deletes a comment (its author or a moderator). The thread keeps a placeholder in its place,
/// so page numbers, permalinks and quotes of it stay valid.
#[utoipa::path(delete, path = Endpoint::Comment.template(), tag = "comments",
    security(("session_cookie" = []), ("bearer" = [])),
    params(("id" = CommentId, Path, description = "The comment's id")),
    responses(
        (status = 204, description = "Deleted (or already deleted)"),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Someone else's comment", body = ApiError),
        (status = 404, description = "No comment has this id", body = ApiError)))]
#[tracing::instrument(skip_all, fields(id))]
pub async fn delete_comment(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    let meta = meta(&state, id).await?;
    permissions::may_delete(actor(&user), facts(&meta)).map_err(denied)?;
    state.repository.delete_comment(meta.id, user.account.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Brings a deleted comment back (moderators).
#[utoipa::path(post, path = Endpoint::CommentRestore.template(), tag = "comments",
    security(("session_cookie" = []), ("bearer" = [])),
    params(("id" = CommentId, Path, description = "The comment's id")),
    responses(
        (status = 200, description = "Restored (or never deleted): the comment and its page", body = CommentPermalink),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not a moderator", body = ApiError),
        (status = 404, description = "No comment has this id", body = ApiError)))]
#[tracing::instrument(skip_all, fields(id))]
pub async fn restore_comment(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<CommentPermalink>, AppError> {
    let meta = meta(&state, id).await?;
    permissions::may_restore(actor(&user)).map_err(denied)?;
    state.repository.restore_comment(meta.id).await?;
    Ok(Json(permalink(&state, meta.id).await?))
}
