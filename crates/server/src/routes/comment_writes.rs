//! Writing comments: posting, editing (with revisions), deleting and restoring.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use schrieb_api::{ApiError, CommentBody, CommentId, CommentPermalink, CommentRequest, Slug};

use super::extract::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::{ClientAddr, CurrentUser};
use crate::db::{CommentEdit, CommentMeta, NewComment};
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

/// Posts a comment to an article's thread, answering with it and the page it stands on.
#[utoipa::path(post, path = "/api/v1/articles/{slug}/comments", tag = "comments", request_body = CommentRequest,
    params(("slug" = String, Path, description = "The article's slug")),
    responses(
        (status = 201, description = "Posted: the comment and its page", body = CommentPermalink),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 404, description = "No article has this slug", body = ApiError),
        (status = 409, description = "The same comment as the author's last one", body = ApiError),
        (status = 422, description = "The body breaks a rule, or a quote misquotes", body = ApiError),
        (status = 429, description = "Too many comments in a short time", body = ApiError)))]
#[tracing::instrument(skip_all, fields(slug = %raw_slug))]
pub async fn post_comment(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    user: CurrentUser,
    ApiPath(raw_slug): ApiPath<String>,
    ApiJson(request): ApiJson<CommentRequest>,
) -> Result<(StatusCode, Json<CommentPermalink>), AppError> {
    let author = user.account.id;
    state.limits.check(Action::Write, Some(&format!("user:{author}")), &address.to_string())?;
    let missing = || AppError::NotFound(format!("no article has the slug {raw_slug:?}"));
    let slug = Slug::parse(&raw_slug).map_err(|_| missing())?;
    let article = state.repository.article_key(&slug).await?.ok_or_else(missing)?;
    let (body, References { quotes, mentions }) = checked(&state, &request.body).await?;
    if state.repository.latest_body_of(author).await?.as_deref() == Some(body.as_str()) {
        return Err(AppError::Conflict {
            message: "this is the same comment you just posted".into(),
            field: Some("body"),
        });
    }
    let comment = NewComment {
        author_id: author,
        body: body.as_str().to_owned(),
        created_at: Utc::now(),
        edited_at: None,
        earlier: Vec::new(),
        quotes,
        mentions,
    };
    let ids = state.repository.append_comments(article, &[comment]).await?;
    let id = ids.first().copied().ok_or(AppError::Internal)?;
    Ok((StatusCode::CREATED, Json(permalink(&state, id).await?)))
}

/// Edits a comment: its author within the edit window, moderators at any time. The body it
/// had becomes a revision.
#[utoipa::path(patch, path = "/api/v1/comments/{id}", tag = "comments", request_body = CommentRequest,
    params(("id" = i64, Path, description = "The comment's id")),
    responses(
        (status = 200, description = "Edited: the comment and its page", body = CommentPermalink),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Someone else's comment, or the edit window has passed", body = ApiError),
        (status = 404, description = "No comment has this id", body = ApiError),
        (status = 409, description = "The comment is deleted", body = ApiError),
        (status = 422, description = "The body breaks a rule, or a quote misquotes", body = ApiError)))]
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
    if !user.account.role.moderates() {
        if meta.author != user.account.id {
            return Err(AppError::Forbidden("only its author or a moderator may edit a comment".into()));
        }
        if now - meta.created_at > state.settings.edit_window {
            let hours = state.settings.edit_window.num_hours();
            return Err(AppError::Forbidden(format!("comments can be edited for {hours} hours after posting")));
        }
    }
    if meta.deleted {
        return Err(AppError::Conflict { message: "a deleted comment cannot be edited".into(), field: None });
    }
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
#[utoipa::path(delete, path = "/api/v1/comments/{id}", tag = "comments",
    params(("id" = i64, Path, description = "The comment's id")),
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
    if meta.author != user.account.id && !user.account.role.moderates() {
        return Err(AppError::Forbidden("only its author or a moderator may delete a comment".into()));
    }
    state.repository.delete_comment(meta.id, user.account.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Brings a deleted comment back (moderators).
#[utoipa::path(post, path = "/api/v1/comments/{id}/restore", tag = "comments",
    params(("id" = i64, Path, description = "The comment's id")),
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
    if !user.account.role.moderates() {
        return Err(AppError::Forbidden("only moderators restore comments".into()));
    }
    state.repository.restore_comment(meta.id).await?;
    Ok(Json(permalink(&state, meta.id).await?))
}
