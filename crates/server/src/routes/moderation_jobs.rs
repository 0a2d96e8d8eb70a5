//! `/api/v1/moderation/jobs`: bulk decisions, started and followed.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, Job, JobId, JobRequest};

use super::actor;
use super::extract::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::domain::moderation::jobs;
use crate::error::AppError;

/// Starts one decision for many comments: those of a queue that a filter picks, or of them
/// those a moderator selected. The comments are fixed now; the decisions run in the background
/// (each with its line in the log), and `GET …/jobs/{id}` says how far they are.
#[utoipa::path(post, path = Endpoint::ModerationJobs.template(), tag = "moderation", request_body = JobRequest,
    security(("session_cookie" = []), ("bearer" = [])),
    responses(
        (status = 202, description = "Started: the job, with how many comments it decides", body = Job),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not a moderator", body = ApiError),
        (status = 422, description = "The reason is too long, or the selection names too many comments", body = ApiError)))]
#[tracing::instrument(skip(state, user, request))]
pub async fn post_job(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<JobRequest>,
) -> Result<(StatusCode, Json<Job>), AppError> {
    let (job, run) = jobs::start_job(state.repository.as_ref(), actor(&user), &request, Utc::now()).await?;
    let repository = state.repository.clone();
    // Not tied to the request: the moderator may leave the page, the job goes on.
    tokio::spawn(async move { run.run(repository.as_ref()).await });
    Ok((StatusCode::ACCEPTED, Json(job)))
}

/// A bulk decision and how far it is.
#[utoipa::path(get, path = Endpoint::ModerationJob.template(), tag = "moderation",
    security(("session_cookie" = []), ("bearer" = [])),
    params(("id" = JobId, Path, description = "The job's id")),
    responses(
        (status = 200, description = "The job", body = Job),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not a moderator", body = ApiError),
        (status = 404, description = "No job has this id", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn get_job(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Job>, AppError> {
    Ok(Json(jobs::job(state.repository.as_ref(), actor(&user), JobId(id)).await?))
}
