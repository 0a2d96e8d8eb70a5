//! `/api/v1/articles/{slug}/draft`: the reply someone is writing under an article, kept on the
//! server so that it follows them to another device. Posting the comment removes it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, Draft, DraftBody, DraftRequest, FieldError, Slug};

use super::articles::article_key;
use super::extract::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;

/// The reader's draft under an article, or `null` when they keep none there.
#[utoipa::path(get, path = Endpoint::ArticleDraft.template(), tag = "articles",
    security(("session_cookie" = []), ("bearer" = [])),
    params(("slug" = Slug, Path, description = "The article's slug")),
    responses(
        (status = 200, description = "The draft, or `null`", body = Option<Draft>),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 404, description = "No article has this slug", body = ApiError)))]
#[tracing::instrument(skip_all, fields(slug = %raw_slug))]
pub async fn get_draft(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_slug): ApiPath<String>,
) -> Result<Json<Option<Draft>>, AppError> {
    let article = article_key(&state, &raw_slug).await?;
    Ok(Json(state.repository.draft(user.account.id, article).await?))
}

/// Keeps the reader's draft under an article, replacing the one they had there.
#[utoipa::path(put, path = Endpoint::ArticleDraft.template(), tag = "articles", request_body = DraftRequest,
    security(("session_cookie" = []), ("bearer" = [])),
    params(("slug" = Slug, Path, description = "The article's slug")),
    responses(
        (status = 200, description = "The draft as kept", body = Draft),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 404, description = "No article has this slug", body = ApiError),
        (status = 422, description = "The text is blank or longer than a comment may be; `field` is `body`", body = ApiError)))]
#[tracing::instrument(skip_all, fields(slug = %raw_slug))]
pub async fn put_draft(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_slug): ApiPath<String>,
    ApiJson(request): ApiJson<DraftRequest>,
) -> Result<Json<Draft>, AppError> {
    let body = DraftBody::parse(&request.body).map_err(|error| FieldError::new("body", error))?;
    let article = article_key(&state, &raw_slug).await?;
    Ok(Json(state.repository.save_draft(user.account.id, article, &body, Utc::now()).await?))
}

/// Throws the reader's draft under an article away.
#[utoipa::path(delete, path = Endpoint::ArticleDraft.template(), tag = "articles",
    security(("session_cookie" = []), ("bearer" = [])),
    params(("slug" = Slug, Path, description = "The article's slug")),
    responses(
        (status = 204, description = "Gone (or there was none)"),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 404, description = "No article has this slug", body = ApiError)))]
#[tracing::instrument(skip_all, fields(slug = %raw_slug))]
pub async fn delete_draft(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_slug): ApiPath<String>,
) -> Result<StatusCode, AppError> {
    let article = article_key(&state, &raw_slug).await?;
    state.repository.delete_draft(user.account.id, article).await?;
    Ok(StatusCode::NO_CONTENT)
}
