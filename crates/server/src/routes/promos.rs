//! A site's promotions, for its admins: the settings, and uploading a card's picture. Readers
//! get the promotions with each article of the site (`Article::promos`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use chrono::Utc;
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, PromoImage, PromoSettings};

use super::actor;
use super::extract::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::domain::promos;
use crate::error::AppError;
use crate::previews::picture::{MAX_PICTURE_BYTES, reencode};

/// A site's promotions.
#[utoipa::path(get, path = Endpoint::AdminSitePromos.template(), tag = "moderation",
    security(("session_cookie" = []), ("bearer" = [])),
    params(("name" = String, Path, description = "The site's name")),
    responses(
        (status = 200, description = "The promotions", body = PromoSettings),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not an admin", body = ApiError),
        (status = 404, description = "No site has this name", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn get_site_promos(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(name): ApiPath<String>,
) -> Result<Json<PromoSettings>, AppError> {
    Ok(Json(promos::settings(state.repository.as_ref(), actor(&user), &name).await?))
}

/// Replaces a site's promotions; fields left out take their defaults (off).
#[utoipa::path(put, path = Endpoint::AdminSitePromos.template(), tag = "moderation", request_body = PromoSettings,
    security(("session_cookie" = []), ("bearer" = [])),
    params(("name" = String, Path, description = "The site's name")),
    responses(
        (status = 200, description = "The promotions as they are now", body = PromoSettings),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not an admin", body = ApiError),
        (status = 404, description = "No site has this name", body = ApiError),
        (status = 422, description = "A rule broken (`reason.part` names which)", body = ApiError)))]
#[tracing::instrument(skip(state, user, settings))]
pub async fn put_site_promos(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(name): ApiPath<String>,
    ApiJson(settings): ApiJson<PromoSettings>,
) -> Result<Json<PromoSettings>, AppError> {
    Ok(Json(promos::set(state.repository.as_ref(), actor(&user), &name, &settings).await?))
}

/// Uploads a picture for a promotion card: PNG, JPEG, GIF, WebP or ICO (as its bytes say), at
/// most 5 MiB and 24 megapixels. It is re-encoded and served from schrieb's origin; the answer
/// names it for a card's `image`.
#[utoipa::path(post, path = Endpoint::AdminSitePromoImages.template(), tag = "moderation",
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The picture's bytes"),
    security(("session_cookie" = []), ("bearer" = [])),
    params(("name" = String, Path, description = "The site's name")),
    responses(
        (status = 201, description = "Kept", body = PromoImage),
        (status = 401, description = "Not logged in", body = ApiError),
        (status = 403, description = "Not an admin", body = ApiError),
        (status = 404, description = "No site has this name", body = ApiError),
        (status = 413, description = "Over 5 MiB", body = ApiError),
        (status = 422, description = "No picture taken (`reason.part` is `image`)", body = ApiError)))]
#[tracing::instrument(skip(state, user, body))]
pub async fn post_promo_image(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(name): ApiPath<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(axum::http::StatusCode, Json<PromoImage>), AppError> {
    let bytes = body.map_err(|rejection| match rejection.status() {
        axum::http::StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge { max_bytes: MAX_PICTURE_BYTES },
        _ => AppError::BadRequest(rejection.body_text()),
    })?;
    // Decoding is CPU work of a second or so for the largest: off the request threads.
    let picture = tokio::task::spawn_blocking(move || reencode(&bytes).map_err(|error| error.to_string()))
        .await
        .map_err(|error| {
            tracing::error!(%error, "re-encoding a picture failed");
            AppError::Internal
        })?;
    let kept = promos::keep_picture(state.repository.as_ref(), actor(&user), &name, picture, Utc::now()).await?;
    Ok((axum::http::StatusCode::CREATED, Json(kept)))
}
