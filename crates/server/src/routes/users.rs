//! `/api/v1/users/{id}`: people's public profiles, where mentions link.

use axum::Json;
use axum::extract::State;
use schrieb_api::{ApiError, UserId, UserProfile};

use super::extract::ApiPath;
use crate::AppState;
use crate::error::AppError;

/// A person's name, when they joined, how much they wrote, and their latest comments.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users",
    params(("id" = i64, Path, description = "The user's id")),
    responses(
        (status = 200, description = "The profile", body = UserProfile),
        (status = 400, description = "The id is not a number", body = ApiError),
        (status = 404, description = "No user has this id", body = ApiError)))]
#[tracing::instrument(skip(state))]
pub async fn get_user(State(state): State<AppState>, ApiPath(id): ApiPath<i64>) -> Result<Json<UserProfile>, AppError> {
    state
        .repository
        .user_profile(UserId(id))
        .await?
        .map(Json)
        .ok_or_else(|| AppError::NotFound(format!("no user has the id {id}")))
}
