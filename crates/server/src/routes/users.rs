//! `/api/v1/users`: people's public profiles, where mentions link, and the accounts suggested
//! while a mention is typed.

use axum::Json;
use axum::extract::State;
use schrieb_api::paths::Endpoint;
use schrieb_api::{
    ApiError, FieldError, MAX_USER_SUGGESTIONS, MentionPrefix, Slug, UserId, UserProfile, UserSuggestion,
};
use serde::Deserialize;

use super::articles::article_key;
use super::extract::{ApiPath, ApiQuery};
use crate::AppState;
use crate::error::AppError;

/// A person's name, when they joined, how much they wrote, and their latest comments.
#[utoipa::path(get, path = Endpoint::User.template(), tag = "users",
    params(("id" = UserId, Path, description = "The user's id")),
    responses(
        (status = 200, description = "The profile", body = UserProfile),
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

/// The query of a mention suggestion; `prefix` is optional here so that its absence gets the
/// same answer, naming the field, as a prefix too short.
#[derive(Debug, Deserialize)]
pub struct SuggestQuery {
    prefix: Option<String>,
    article: Option<String>,
}

/// Accounts for a mention being typed: at most 8 whose display name starts with `prefix` in
/// any case, those who wrote in the thread of `article` first, each group by name.
#[utoipa::path(get, path = Endpoint::Users.template(), tag = "users",
    params(
        ("prefix" = MentionPrefix, Query, description = "The start of the name, any case"),
        ("article" = Option<Slug>, Query, description = "The slug of the article replied to: its commenters come first")),
    responses(
        (status = 200, description = "The suggestions, commenters in the thread first", body = [UserSuggestion]),
        (status = 400, description = "The query string is malformed (a parameter given twice)", body = ApiError),
        (status = 404, description = "No article has this slug", body = ApiError),
        (status = 422, description = "The prefix is missing, too short or too long; `field` is `prefix`", body = ApiError)))]
#[tracing::instrument(skip(state))]
pub async fn suggest_users(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<SuggestQuery>,
) -> Result<Json<Vec<UserSuggestion>>, AppError> {
    let prefix = MentionPrefix::parse(query.prefix.as_deref().unwrap_or_default())
        .map_err(|error| FieldError::new("prefix", error))?;
    let thread = match query.article.as_deref() {
        Some(raw_slug) => Some(article_key(&state, raw_slug).await?),
        None => None,
    };
    Ok(Json(state.repository.suggest_users(prefix.as_str(), thread, MAX_USER_SUGGESTIONS).await?))
}
