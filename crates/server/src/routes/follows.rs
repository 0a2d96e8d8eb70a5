//! `/api/v1/articles/{slug}/follow`: how the reader is notified of a thread: as it comes,
//! every new comment (following), or nothing (muted).

use axum::Json;
use axum::extract::State;
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, FollowChoice, Slug, ThreadFollow};

use super::articles::{article_slug, no_such_article};
use super::extract::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::db::{ArticleKey, FollowState};
use crate::error::AppError;

/// The reader's choice for the thread.
#[utoipa::path(get, path = Endpoint::ArticleFollow.template(), tag = "articles",
    security(("session_cookie" = []), ("bearer" = [])),
    params(("slug" = Slug, Path, description = "The article's slug")),
    responses(
        (status = 200, description = "The choice", body = ThreadFollow),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 404, description = "No article has this slug", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn get_follow(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_slug): ApiPath<String>,
) -> Result<Json<ThreadFollow>, AppError> {
    let article = article_key(&state, &raw_slug).await?;
    let stored = state.repository.follow_state(user.account.id, article).await?;
    Ok(Json(ThreadFollow { state: choice(stored) }))
}

/// Sets the reader's choice for the thread. `default` forgets it: writing in the thread then
/// follows it again.
#[utoipa::path(put, path = Endpoint::ArticleFollow.template(), tag = "articles", request_body = ThreadFollow,
    security(("session_cookie" = []), ("bearer" = [])),
    params(("slug" = Slug, Path, description = "The article's slug")),
    responses(
        (status = 200, description = "The choice, as stored", body = ThreadFollow),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 404, description = "No article has this slug", body = ApiError),
        (status = 422, description = "The state is none of the three", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn put_follow(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_slug): ApiPath<String>,
    ApiJson(request): ApiJson<ThreadFollow>,
) -> Result<Json<ThreadFollow>, AppError> {
    let article = article_key(&state, &raw_slug).await?;
    let stored = match request.state {
        FollowChoice::Default => None,
        FollowChoice::Follow => Some(FollowState::Follow),
        FollowChoice::Mute => Some(FollowState::Mute),
    };
    state.repository.set_follow(user.account.id, article, stored).await?;
    Ok(Json(request))
}

async fn article_key(state: &AppState, raw_slug: &str) -> Result<ArticleKey, AppError> {
    let slug = article_slug(raw_slug)?;
    state.repository.article_key(&slug).await?.ok_or_else(|| no_such_article(raw_slug))
}

fn choice(stored: Option<FollowState>) -> FollowChoice {
    match stored {
        None => FollowChoice::Default,
        Some(FollowState::Follow) => FollowChoice::Follow,
        Some(FollowState::Mute) => FollowChoice::Mute,
    }
}
