//! `/api/v1/comments/{id}/reactions`: who reacted how, and toggling one's own reactions.

use axum::Json;
use axum::extract::State;
use chrono::Utc;
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, CommentId, ReactionCount, ReactionKind, Reactors};

use super::actor;
use super::extract::ApiPath;
use crate::AppState;
use crate::auth::{ClientAddr, CurrentUser};
use crate::domain::{self, ClientLimits};
use crate::error::AppError;

/// Who reacted to a comment, by kind (for hover and tap).
#[utoipa::path(get, path = Endpoint::CommentReactions.template(), tag = "comments",
    params(("id" = CommentId, Path, description = "The comment's id")),
    responses(
        (status = 200, description = "The names behind each kind, earliest first", body = [Reactors]),
        (status = 404, description = "No comment has this id", body = ApiError)))]
#[tracing::instrument(skip(state))]
pub async fn list_reactions(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<Reactors>>, AppError> {
    Ok(Json(domain::reactors(state.repository.as_ref(), CommentId(id)).await?))
}

/// Adds the reader's reaction of this kind.
#[utoipa::path(put, path = Endpoint::CommentReaction.template(), tag = "comments",
    security(("session_cookie" = []), ("bearer" = [])),
    params(("id" = CommentId, Path, description = "The comment's id"), ("kind" = ReactionKind, Path, description = "The reaction")),
    responses(
        (status = 200, description = "The comment's reactions now", body = [ReactionCount]),
        (status = 400, description = "No such kind of reaction", body = ApiError),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "The account is suspended (`reason` says until when and why)", body = ApiError),
        (status = 404, description = "No comment has this id, or it is deleted", body = ApiError),
        (status = 429, description = "Too many reactions in a short time", body = ApiError)))]
#[tracing::instrument(skip(state, user, address))]
pub async fn add_reaction(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    user: CurrentUser,
    ApiPath((id, kind)): ApiPath<(i64, String)>,
) -> Result<Json<Vec<ReactionCount>>, AppError> {
    toggle(&state, &user, address, id, &kind, true).await
}

/// Takes the reader's reaction of this kind back.
#[utoipa::path(delete, path = Endpoint::CommentReaction.template(), tag = "comments",
    security(("session_cookie" = []), ("bearer" = [])),
    params(("id" = CommentId, Path, description = "The comment's id"), ("kind" = ReactionKind, Path, description = "The reaction")),
    responses(
        (status = 200, description = "The comment's reactions now", body = [ReactionCount]),
        (status = 400, description = "No such kind of reaction", body = ApiError),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "The account is suspended (`reason` says until when and why)", body = ApiError),
        (status = 404, description = "No comment has this id, or it is deleted", body = ApiError),
        (status = 429, description = "Too many reactions in a short time", body = ApiError)))]
#[tracing::instrument(skip(state, user, address))]
pub async fn remove_reaction(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    user: CurrentUser,
    ApiPath((id, kind)): ApiPath<(i64, String)>,
) -> Result<Json<Vec<ReactionCount>>, AppError> {
    toggle(&state, &user, address, id, &kind, false).await
}

/// Reads the kind from the path (an unknown one is a malformed path: 400) and lets the domain
/// layer set the reaction.
async fn toggle(
    state: &AppState,
    user: &CurrentUser,
    address: std::net::IpAddr,
    id: i64,
    kind: &str,
    on: bool,
) -> Result<Json<Vec<ReactionCount>>, AppError> {
    let kind = ReactionKind::from_name(kind).ok_or_else(|| {
        let known: Vec<&str> = ReactionKind::ALL.iter().map(|kind| kind.as_str()).collect();
        AppError::BadRequest(format!("no reaction is called {kind:?}; there are {}", known.join(", ")))
    })?;
    let throttle = ClientLimits::new(&state.limits, address);
    let store = state.repository.as_ref();
    Ok(Json(domain::set_reaction(store, &throttle, actor(user), CommentId(id), kind, on, Utc::now()).await?))
}
