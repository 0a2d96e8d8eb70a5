//! `/api/v1/admin/…`: what admins set: the sites, each site's moderation rules and word lists,
//! and the email domains nobody registers with.

use axum::Json;
use axum::extract::State;
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, BlockedDomains, MAX_MAIL_FAILURES, MailStatus, ModerationSettings, SiteList, WordLists};

use super::actor;
use super::extract::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::domain::moderation::{desk, sanctions};
use crate::error::AppError;

/// The largest body `PUT …/words` takes: the most entries of the longest text (100 characters
/// of up to 4 bytes each, with their JSON around them), so that every list the document allows
/// gets its answer rather than a 413.
pub const WORD_LISTS_MAX_BYTES: usize = schrieb_api::MAX_WORD_ENTRIES * 450;

/// The sites this server keeps threads for, by name.
#[utoipa::path(get, path = Endpoint::AdminSites.template(), tag = "moderation",
    security(("session_cookie" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "The sites", body = SiteList),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not an admin", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn get_sites(State(state): State<AppState>, user: CurrentUser) -> Result<Json<SiteList>, AppError> {
    Ok(Json(desk::sites(state.repository.as_ref(), actor(&user)).await?))
}

/// A site's moderation rules.
#[utoipa::path(get, path = Endpoint::AdminSiteModeration.template(), tag = "moderation",
    security(("session_cookie" = []), ("bearer" = [])),
    params(("name" = String, Path, description = "The site's name")),
    responses(
        (status = 200, description = "The rules", body = ModerationSettings),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not an admin", body = ApiError),
        (status = 404, description = "No site has this name", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn get_site_moderation(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(name): ApiPath<String>,
) -> Result<Json<ModerationSettings>, AppError> {
    Ok(Json(desk::site_settings(state.repository.as_ref(), actor(&user), &name).await?))
}

/// Replaces a site's moderation rules; fields left out take their defaults.
#[utoipa::path(put, path = Endpoint::AdminSiteModeration.template(), tag = "moderation", request_body = ModerationSettings,
    security(("session_cookie" = []), ("bearer" = [])),
    params(("name" = String, Path, description = "The site's name")),
    responses(
        (status = 200, description = "The rules as they are now", body = ModerationSettings),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not an admin", body = ApiError),
        (status = 404, description = "No site has this name", body = ApiError)))]
#[tracing::instrument(skip(state, user, settings))]
pub async fn put_site_moderation(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(name): ApiPath<String>,
    ApiJson(settings): ApiJson<ModerationSettings>,
) -> Result<Json<ModerationSettings>, AppError> {
    Ok(Json(desk::set_site_settings(state.repository.as_ref(), actor(&user), &name, &settings).await?))
}

/// A site's word lists.
#[utoipa::path(get, path = Endpoint::AdminSiteWords.template(), tag = "moderation",
    security(("session_cookie" = []), ("bearer" = [])),
    params(("name" = String, Path, description = "The site's name")),
    responses(
        (status = 200, description = "The lists, by entry", body = WordLists),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not an admin", body = ApiError),
        (status = 404, description = "No site has this name", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn get_site_words(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(name): ApiPath<String>,
) -> Result<Json<WordLists>, AppError> {
    let words = desk::site_words(state.repository.as_ref(), actor(&user), &name).await?;
    Ok(Json(WordLists { words }))
}

/// Replaces a site's word lists whole; the next comment is checked against them.
#[utoipa::path(put, path = Endpoint::AdminSiteWords.template(), tag = "moderation", request_body = WordLists,
    security(("session_cookie" = []), ("bearer" = [])),
    params(("name" = String, Path, description = "The site's name")),
    responses(
        (status = 200, description = "The lists as they are now", body = WordLists),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not an admin", body = ApiError),
        (status = 404, description = "No site has this name", body = ApiError),
        (status = 422, description = "Too many entries, or an entry breaks the rules (`reason` names it)", body = ApiError)))]
#[tracing::instrument(skip(state, user, lists))]
pub async fn put_site_words(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(name): ApiPath<String>,
    ApiJson(lists): ApiJson<WordLists>,
) -> Result<Json<WordLists>, AppError> {
    lists.check()?;
    let words = desk::set_site_words(state.repository.as_ref(), actor(&user), &name, &lists.words).await?;
    Ok(Json(WordLists { words }))
}

/// How the mail queue stands: the transport, how many mails wait, and the mails given up on
/// (newest first), with what the mail server said.
#[utoipa::path(get, path = Endpoint::AdminMail.template(), tag = "moderation",
    security(("session_cookie" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "The queue", body = MailStatus),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not an admin", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn get_mail(State(state): State<AppState>, user: CurrentUser) -> Result<Json<MailStatus>, AppError> {
    schrieb_api::permissions::may_administer(actor(&user)).map_err(crate::domain::DomainError::from)?;
    let (queued, failed) = state.repository.mail_status(MAX_MAIL_FAILURES).await?;
    Ok(Json(MailStatus { transport: state.mailer.transport_name().to_owned(), queued, failed }))
}

/// The email domains nobody registers with (a domain blocks its subdomains too).
#[utoipa::path(get, path = Endpoint::AdminEmailDomains.template(), tag = "moderation",
    security(("session_cookie" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "The blocked domains, in order", body = BlockedDomains),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not an admin", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn get_email_domains(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<BlockedDomains>, AppError> {
    Ok(Json(sanctions::blocked_domains(state.repository.as_ref(), actor(&user)).await?))
}

/// Replaces the email domains nobody registers with; accounts that have one already are left
/// as they are.
#[utoipa::path(put, path = Endpoint::AdminEmailDomains.template(), tag = "moderation", request_body = BlockedDomains,
    security(("session_cookie" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "Set: the blocked domains as stored (lower case, in order)", body = BlockedDomains),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not an admin", body = ApiError),
        (status = 422, description = "An entry that is not a domain name, or too many", body = ApiError)))]
#[tracing::instrument(skip(state, user, domains))]
pub async fn put_email_domains(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(domains): ApiJson<BlockedDomains>,
) -> Result<Json<BlockedDomains>, AppError> {
    Ok(Json(sanctions::set_blocked_domains(state.repository.as_ref(), actor(&user), &domains).await?))
}
