//! `/api/v1/admin/…`: what admins set: the sites, each site's moderation rules and word lists,
//! and the email domains nobody registers with; and a whole site as a download.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use futures_util::StreamExt;
use schrieb_api::paths::Endpoint;
use schrieb_api::{
    ApiError, BlockedDomains, ExportFormat, ExportQuery, MAX_MAIL_FAILURES, MailStatus, ModerationSettings, SiteList,
    WordLists,
};
use tokio_util::io::ReaderStream;

use super::actor;
use super::extract::{ApiJson, ApiPath, ApiQuery};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::domain::moderation::{desk, sanctions};
use crate::error::AppError;
use crate::portable::{self, PortableError};

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
        (status = 404, description = "No site has this name", body = ApiError),
        (status = 422, description = "A blocked host that is no host name, or too many", body = ApiError)))]
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

/// A whole site as a download, for admins: schrieb's own format (JSON lines, read back
/// losslessly by `schrieb-server import --from schrieb`) or WXR. Streamed as it is written, a
/// thread at a time, so the server holds one thread in memory however large the site; a
/// failure halfway breaks the download off rather than ending it as if it were whole.
#[utoipa::path(get, path = Endpoint::AdminSiteExport.template(), tag = "moderation",
    security(("session_cookie" = []), ("bearer" = [])),
    params(("name" = String, Path, description = "The site's name"), ExportQuery),
    responses(
        (status = 200, description = "The export, as an attachment",
            content((String = "application/x-ndjson"), (String = "application/rss+xml"))),
        (status = 400, description = "A format the server does not write", body = ApiError),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not an admin", body = ApiError),
        (status = 404, description = "No site has this name", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn export_site(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(name): ApiPath<String>,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> Result<Response, AppError> {
    schrieb_api::permissions::may_administer(actor(&user)).map_err(crate::domain::DomainError::from)?;
    if state.repository.export_site(&name).await?.is_none() {
        return Err(AppError::NotFound(format!("no site is named {name:?}")));
    }
    let format = query.format;
    let file = format!("{}-{}.{}", file_stem(&name), Utc::now().format("%Y-%m-%d"), format.extension());
    let (mut writer, reader) = tokio::io::duplex(64 * 1024);
    let (done, finished) = tokio::sync::oneshot::channel::<bool>();
    let repository = state.repository.clone();
    tokio::spawn(async move {
        let written = match format {
            ExportFormat::Schrieb => portable::export::native(repository.as_ref(), &name, &mut writer).await,
            ExportFormat::Wxr => portable::wxr_export::wxr(repository.as_ref(), &name, &mut writer).await,
        };
        match &written {
            Ok(exported) => tracing::info!(site = name, comments = exported.comments, "site exported"),
            // The admin closed the download: nothing went wrong here.
            Err(PortableError::Io(error)) if error.kind() == std::io::ErrorKind::BrokenPipe => {
                tracing::info!(site = name, "site export abandoned by the client");
            }
            Err(error) => tracing::error!(site = name, %error, "site export failed"),
        }
        let _ = done.send(written.is_ok());
    });
    // After the last byte: an error if the export failed, which ends the response unfinished.
    let outcome = futures_util::stream::once(async move {
        match finished.await {
            Ok(true) => None,
            _ => Some(Err(std::io::Error::other("the export failed"))),
        }
    })
    .filter_map(std::future::ready);
    let body = Body::from_stream(ReaderStream::new(reader).chain(outcome));
    let headers = [
        (header::CONTENT_TYPE, format.content_type().to_owned()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        (header::CACHE_CONTROL, "no-store".to_owned()),
    ];
    Ok((headers, body).into_response())
}

/// A file name's stem from a site's name: its letters and digits (ASCII), the rest dashes.
fn file_stem(site: &str) -> String {
    let stem: String =
        site.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let stem = stem.trim_matches('-');
    if stem.is_empty() { "schrieb".to_owned() } else { format!("schrieb-{stem}") }
}
