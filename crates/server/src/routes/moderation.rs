//! `/api/v1/moderation/…`: moderators' queues, decisions, the log, and discussions.

use axum::Json;
use axum::extract::State;
use chrono::Utc;
use schrieb_api::paths::Endpoint;
use schrieb_api::{
    ApiError, CommentId, CommentPermalink, DecisionRequest, DiscussionRequest, ModerationLog, ModerationQueue,
    PageNumber, QueueCounts, QueueFilter, QueueReason, QueueSort, QueueState, Slug, UserId,
};
use serde::Deserialize;

use super::actor;
use super::extract::{ApiJson, ApiPath, ApiQuery};
use crate::AppState;
use crate::auth::{ClientAddr, CurrentUser};
use crate::db::LogFilter;
use crate::domain::ClientLimits;
use crate::domain::moderation::desk;
use crate::error::AppError;

/// The query of a queue page.
#[derive(Debug, Deserialize)]
pub struct QueueQuery {
    state: Option<QueueState>,
    page: Option<String>,
    article: Option<String>,
    author: Option<i64>,
    reason: Option<QueueReason>,
    sort: Option<QueueSort>,
}

/// A page of a moderation queue, oldest or most reported first, of one article, author or
/// reason if asked: each comment with its article, what the checks found, readers' reports and
/// its author's record.
#[utoipa::path(get, path = Endpoint::ModerationQueue.template(), tag = "moderation",
    security(("session_cookie" = []), ("bearer" = [])),
    params(
        ("state" = Option<QueueState>, Query, description = "Which queue: `pending` (the default), `reported` or `rejected`"),
        ("page" = Option<PageNumber>, Query, description = "The page, from 1 (the default)"),
        ("article" = Option<Slug>, Query, description = "Only comments under the article with this slug"),
        ("author" = Option<UserId>, Query, description = "Only this account's comments"),
        ("reason" = Option<QueueReason>, Query, description = "Only comments in the queue for this reason: a check that held or refused it, or a reason readers reported it for"),
        ("sort" = Option<QueueSort>, Query, description = "`oldest` (the default) or `most_reported` first")),
    responses(
        (status = 200, description = "The page of the queue", body = ModerationQueue),
        (status = 400, description = "An unknown queue, a page number out of range, or a malformed query string", body = ApiError),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not a moderator", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn get_queue(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<QueueQuery>,
) -> Result<Json<ModerationQueue>, AppError> {
    let page = super::extract::page_number(query.page.as_deref())?;
    // A slug no article can have picks no comment, as one no article has does.
    let article = query
        .article
        .as_deref()
        .map(|raw| Slug::parse(raw).map_err(|error| AppError::BadRequest(format!("article: {error}"))))
        .transpose()?;
    let filter = QueueFilter {
        article,
        author: query.author.map(UserId),
        reason: query.reason,
        sort: query.sort.unwrap_or_default(),
    };
    let wanted = query.state.unwrap_or_default();
    Ok(Json(desk::queue(state.repository.as_ref(), actor(&user), wanted, page, &filter).await?))
}

/// How many comments each queue holds: the desk's tabs, counted again while it is open.
#[utoipa::path(get, path = Endpoint::ModerationCounts.template(), tag = "moderation",
    security(("session_cookie" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "The counts", body = QueueCounts),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not a moderator", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn get_counts(State(state): State<AppState>, user: CurrentUser) -> Result<Json<QueueCounts>, AppError> {
    Ok(Json(desk::counts(state.repository.as_ref(), actor(&user)).await?))
}

/// Approves or rejects a held comment, or keeps or removes a reported one, with the moderator's
/// edit of its body if they made one. Approved, it takes the thread's next place (or its old one
/// back) and readers see it; rejected, only its author (with the reason) and moderators do.
#[utoipa::path(post, path = Endpoint::ModerationDecision.template(), tag = "moderation", request_body = DecisionRequest,
    security(("session_cookie" = []), ("bearer" = [])),
    params(("id" = CommentId, Path, description = "The comment's id")),
    responses(
        (status = 200, description = "Decided: the comment as it is now", body = CommentPermalink),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not a moderator", body = ApiError),
        (status = 404, description = "No comment has this id", body = ApiError),
        (status = 409, description = "The comment awaits no decision or no longer stands where the moderator saw it (another moderator decided first: `reason` names who and how), or was edited or reported again since (`edited_since_seen`, `reported_since_seen`)", body = ApiError),
        (status = 422, description = "The reason is too long, or the edited body breaks a rule or misquotes", body = ApiError),
        (status = 429, description = "Too many edits in a short time", body = ApiError)))]
#[tracing::instrument(skip(state, user, address, request))]
pub async fn decide(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<DecisionRequest>,
) -> Result<Json<CommentPermalink>, AppError> {
    let store = state.repository.as_ref();
    let throttle = ClientLimits::new(&state.limits, address);
    let editing = desk::Editing { checks: &state.checks, throttle: &throttle, window: state.settings.edit_window };
    Ok(Json(desk::decide(store, &editing, actor(&user), CommentId(id), &request, Utc::now()).await?))
}

/// The query of the log.
#[derive(Debug, Deserialize)]
pub struct LogQuery {
    comment: Option<i64>,
    account: Option<i64>,
}

/// The moderation log, newest first: every change of a comment's standing, who made it and
/// why. Of one comment, or the latest entries of all.
#[utoipa::path(get, path = Endpoint::ModerationLog.template(), tag = "moderation",
    security(("session_cookie" = []), ("bearer" = [])),
    params(
        ("comment" = Option<CommentId>, Query, description = "Only this comment's entries"),
        ("account" = Option<UserId>, Query, description = "Only this account's entries (its sanctions); with `comment` too, none: a line is about a comment or an account")),
    responses(
        (status = 200, description = "The entries, newest first", body = ModerationLog),
        (status = 400, description = "A malformed query string", body = ApiError),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not a moderator", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn get_log(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<LogQuery>,
) -> Result<Json<ModerationLog>, AppError> {
    let filter = LogFilter { comment: query.comment.map(CommentId), account: query.account.map(UserId) };
    let items = desk::log(state.repository.as_ref(), actor(&user), filter).await?;
    Ok(Json(ModerationLog { items }))
}

/// Opens, closes (read-only, with a notice) or switches off an article's discussion; `null`
/// follows the site's setting.
#[utoipa::path(put, path = Endpoint::ModerationDiscussion.template(), tag = "moderation", request_body = DiscussionRequest,
    security(("session_cookie" = []), ("bearer" = [])),
    params(("slug" = Slug, Path, description = "The article's slug")),
    responses(
        (status = 204, description = "Set"),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not a moderator", body = ApiError),
        (status = 404, description = "No article has this slug", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn put_discussion(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_slug): ApiPath<String>,
    ApiJson(request): ApiJson<DiscussionRequest>,
) -> Result<axum::http::StatusCode, AppError> {
    let slug =
        Slug::parse(&raw_slug).map_err(|_| AppError::NotFound(format!("no article has the slug {raw_slug:?}")))?;
    desk::set_discussion(state.repository.as_ref(), actor(&user), &slug, request.state).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
