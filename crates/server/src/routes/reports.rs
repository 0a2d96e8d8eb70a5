//! `/api/v1/comments/{id}/reports`: a reader reports a comment to the moderators.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, CommentId, ReportReceipt, ReportRequest};

use super::actor;
use super::extract::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::{ClientAddr, CurrentUser};
use crate::domain::ClientLimits;
use crate::domain::moderation::reports;
use crate::error::AppError;

/// Reports someone else's comment, once, with a reason. When the comment's open reports reach
/// the site's threshold it is held for review: readers no longer see it until a moderator
/// keeps it.
#[utoipa::path(post, path = Endpoint::CommentReports.template(), tag = "comments", request_body = ReportRequest,
    security(("session_cookie" = []), ("bearer" = [])),
    params(("id" = CommentId, Path, description = "The comment's id")),
    responses(
        (status = 201, description = "Received: the moderators see the report", body = ReportReceipt),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "The account is suspended (`reason` says until when and why)", body = ApiError),
        (status = 404, description = "No comment readers can see has this id", body = ApiError),
        (status = 409, description = "The reader reported this comment already", body = ApiError),
        (status = 422, description = "The note is missing (for `other`) or too long, or the comment is the reader's own", body = ApiError),
        (status = 429, description = "Too many reports in a short time", body = ApiError)))]
#[tracing::instrument(skip(state, user, address, request))]
pub async fn report_comment(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<ReportRequest>,
) -> Result<(StatusCode, Json<ReportReceipt>), AppError> {
    let throttle = ClientLimits::new(&state.limits, address);
    let store = state.repository.as_ref();
    let receipt = reports::report(store, &throttle, actor(&user), CommentId(id), &request, Utc::now()).await?;
    Ok((StatusCode::CREATED, Json(receipt)))
}
