//! `/api/v1/comments/{id}`: single comments, for permalinks, and their revision history.

use axum::Json;
use axum::extract::State;
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, CommentId, CommentPermalink, RevisionHistory};

use super::extract::ApiPath;
use crate::AppState;
use crate::auth::MaybeUser;
use crate::domain::{self, ThreadReader};
use crate::error::AppError;

/// A comment with its article's slug and the page it stands on.
#[utoipa::path(get, path = Endpoint::Comment.template(), tag = "comments",
    security((), ("session_cookie" = []), ("bearer" = [])),
    params(("id" = CommentId, Path, description = "The comment's id")),
    responses(
        (status = 200, description = "The comment and where it stands", body = CommentPermalink),
        (status = 401, description = "A widget token that names no live session", body = ApiError),
        (status = 404, description = "No comment has this id", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn get_comment(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<CommentPermalink>, AppError> {
    let mut found = state
        .repository
        .find_comment(CommentId(id), super::viewer(user.as_ref()))
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no comment has the id {id}")))?;
    super::mark_mine(&state, user.as_ref(), std::slice::from_mut(&mut found.comment)).await?;
    Ok(Json(found))
}

/// Every body the comment has had, oldest first, each with a word-level diff against the one
/// before. A deleted comment answers with its place but no revisions; bodies it had while held
/// are for its author and moderators.
#[utoipa::path(get, path = Endpoint::CommentRevisions.template(), tag = "comments",
    security((), ("session_cookie" = []), ("bearer" = [])),
    params(("id" = CommentId, Path, description = "The comment's id")),
    responses(
        (status = 200, description = "The comment's revisions, oldest first", body = RevisionHistory),
        (status = 401, description = "A widget token that names no live session", body = ApiError),
        (status = 404, description = "No comment has this id (that the reader may read)", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn get_revisions(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<RevisionHistory>, AppError> {
    let store = state.repository.as_ref();
    let history = domain::revision_history(store, super::viewer(user.as_ref()), CommentId(id)).await?;
    Ok(Json(history))
}
