//! Writing comments: posting, editing (with revisions), deleting and restoring. Each handler
//! reads the request and answers; the rules are the domain layer's use cases.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, CommentId, CommentPermalink, CommentRequest, IdempotencyKey, Slug};

use super::extract::{ApiJson, ApiPath, IdempotencyHeader};
use super::{actor, logged_in};
use crate::AppState;
use crate::auth::{ClientAddr, CurrentUser, MaybeUser};
use crate::domain::{self, ClientLimits, NewPost, PostOutcome};
use crate::error::AppError;

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
        (status = 201, description = "Posted: the comment and its page; `state` is `pending` when the site's \
            checks hold it for a moderator (it then has no place yet, and only its author and moderators see it)",
            body = CommentPermalink),
        (status = 400, description = "A malformed Idempotency-Key header, or one sent twice", body = ApiError),
        (status = 401, description = "Not logged in (and no guest comments here), a widget token that names no live session, or a session a ban ended (`reason` says why)", body = ApiError),
        (status = 403, description = "The account is suspended (`reason` says until when and why)", body = ApiError),
        (status = 404, description = "No article has this slug", body = ApiError),
        (status = 409, description = "The same comment as the author's last one, or a guest name that is an account's", body = ApiError),
        (status = 422, description = "The body or the guest name breaks a rule, a quote misquotes, the Idempotency-Key was used for another comment, or the site's checks refuse it (a closed discussion, banned words, spam)", body = ApiError),
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
    // No article can have a slug that breaks the slug rules.
    let slug =
        Slug::parse(&raw_slug).map_err(|_| AppError::NotFound(format!("no article has the slug {raw_slug:?}")))?;
    let throttle = ClientLimits::new(&state.limits, address);
    let post = NewPost { article: &slug, request: &request, key: key.as_ref() };
    let poster = user.as_ref().map(logged_in);
    let store = state.repository.as_ref();
    match domain::post_comment(store, &state.checks, &throttle, poster, post, Utc::now()).await? {
        PostOutcome::Posted(posted) => Ok((StatusCode::CREATED, Json(posted))),
        PostOutcome::Repeated(earlier) => Ok((StatusCode::OK, Json(earlier))),
    }
}

/// Edits a comment: its author within the edit window, moderators at any time. The body it
/// had becomes a revision.
#[utoipa::path(patch, path = Endpoint::Comment.template(), tag = "comments", request_body = CommentRequest,
    security(("session_cookie" = []), ("bearer" = [])),
    params(("id" = CommentId, Path, description = "The comment's id")),
    responses(
        (status = 200, description = "Edited: the comment and its page", body = CommentPermalink),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Someone else's comment, the edit window has passed, or the account is suspended", body = ApiError),
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
    let throttle = ClientLimits::new(&state.limits, address);
    let store = state.repository.as_ref();
    let (id, window) = (CommentId(id), state.settings.edit_window);
    Ok(Json(
        domain::edit_comment(
            store,
            &state.checks,
            &throttle,
            actor(&user),
            domain::Edit { id, body: &request.body, window },
            Utc::now(),
        )
        .await?,
    ))
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
    domain::delete_comment(state.repository.as_ref(), actor(&user), CommentId(id)).await?;
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
    Ok(Json(domain::restore_comment(state.repository.as_ref(), actor(&user), CommentId(id)).await?))
}
