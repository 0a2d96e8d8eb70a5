//! `/api/v1/moderation/users/{id}…`: what moderators know of an account and do to it: its
//! record, their notes on it, and its sanction.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use schrieb_api::paths::Endpoint;
use schrieb_api::{AccountRecord, AccountStanding, ApiError, ModeratorNote, NoteRequest, SanctionRequest, UserId};

use super::actor;
use super::extract::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::domain::moderation::{desk, sanctions};
use crate::error::AppError;

/// An account's record, as moderators weigh its comments: when it was made, how many of its
/// comments stand where, its sanction, and moderators' notes (newest first).
#[utoipa::path(get, path = Endpoint::ModerationUser.template(), tag = "moderation",
    security(("session_cookie" = []), ("bearer" = [])),
    params(("id" = UserId, Path, description = "The account's id")),
    responses(
        (status = 200, description = "The record", body = AccountRecord),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not a moderator", body = ApiError),
        (status = 404, description = "No account has this id", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn get_record(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<AccountRecord>, AppError> {
    Ok(Json(desk::record(state.repository.as_ref(), actor(&user), UserId(id)).await?))
}

/// Adds a moderator's note on an account, for the moderators who meet its comments later; its
/// owner never sees it.
#[utoipa::path(post, path = Endpoint::ModerationNotes.template(), tag = "moderation", request_body = NoteRequest,
    security(("session_cookie" = []), ("bearer" = [])),
    params(("id" = UserId, Path, description = "The account's id")),
    responses(
        (status = 201, description = "Added", body = ModeratorNote),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not a moderator", body = ApiError),
        (status = 404, description = "No account has this id", body = ApiError),
        (status = 422, description = "The note is empty or too long", body = ApiError)))]
#[tracing::instrument(skip(state, user, request))]
pub async fn post_note(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<NoteRequest>,
) -> Result<(StatusCode, Json<ModeratorNote>), AppError> {
    let note = desk::add_note(state.repository.as_ref(), actor(&user), UserId(id), &request, Utc::now()).await?;
    Ok((StatusCode::CREATED, Json(note)))
}

/// Bans, suspends until a time, or always pre-moderates an account, or lifts its sanction. A
/// ban ends its sessions at once and it cannot log in again; a suspended account may read but
/// not post, edit, react or report. Readers are sanctioned; staff and the guests' shared account
/// are not.
#[utoipa::path(put, path = Endpoint::ModerationSanction.template(), tag = "moderation", request_body = SanctionRequest,
    security(("session_cookie" = []), ("bearer" = [])),
    params(("id" = UserId, Path, description = "The account's id")),
    responses(
        (status = 200, description = "Set: the account's standing now", body = AccountStanding),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not a moderator", body = ApiError),
        (status = 404, description = "No account has this id", body = ApiError),
        (status = 422, description = "No reason, a reason too long, a suspension without an end in the future, a moderator or admin, or the guests' shared account", body = ApiError)))]
#[tracing::instrument(skip(state, user, request))]
pub async fn put_sanction(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<SanctionRequest>,
) -> Result<Json<AccountStanding>, AppError> {
    let store = state.repository.as_ref();
    Ok(Json(sanctions::set_sanction(store, actor(&user), UserId(id), &request, Utc::now()).await?))
}
