//! Link preview cards: their pictures, served from schrieb's origin, and removing a comment's
//! cards. The cards themselves come with each comment (`previews`); they are made in the
//! background (`crate::previews`).

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, CommentId, is_picture_name};

use super::actor;
use super::extract::ApiPath;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::domain::{self, DomainError};
use crate::error::AppError;

/// A card's picture: fetched once from the linked site, checked and re-encoded by schrieb as
/// JPEG or PNG, named by the hash of its bytes (so it never changes, and is cached for a year).
#[utoipa::path(get, path = Endpoint::PreviewImage.template(), tag = "comments",
    params(("name" = String, Path, description = "The picture's name, as a card's `image` gives it",
        pattern = "^[0-9a-f]{64}\\.(jpg|png)$")),
    responses(
        (status = 200, description = "The picture", content((Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"))),
        (status = 404, description = "No picture has this name", body = ApiError)))]
#[tracing::instrument(skip(state))]
pub async fn preview_image(
    State(state): State<AppState>,
    ApiPath(name): ApiPath<String>,
) -> Result<Response, AppError> {
    let missing = || AppError::from(DomainError::NotFound(format!("no picture is named {name:?}")));
    if !is_picture_name(&name) {
        return Err(missing());
    }
    let picture = state.repository.picture(&name).await?.ok_or_else(missing)?;
    let content_type = HeaderValue::from_str(&picture.content_type).map_err(|_| missing())?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox")),
        ],
        picture.bytes,
    )
        .into_response())
}

/// Removes a comment's link preview cards for good (its author or a moderator): later edits
/// make none either.
#[utoipa::path(delete, path = Endpoint::CommentPreviews.template(), tag = "comments",
    security(("session_cookie" = []), ("bearer" = [])),
    params(("id" = CommentId, Path, description = "The comment's id")),
    responses(
        (status = 204, description = "Removed (or it had none)"),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Someone else's comment", body = ApiError),
        (status = 404, description = "No comment has this id", body = ApiError)))]
#[tracing::instrument(skip_all, fields(id))]
pub async fn remove_previews(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    domain::previews::remove(state.repository.as_ref(), actor(&user), CommentId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
