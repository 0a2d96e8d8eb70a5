//! `/api/v1/embed/...` and `/api/v1/counts`: what the embed widget asks. The iframe (schrieb's
//! own origin) gets the thread of the page it sits in; `count.js` on the site's own pages gets
//! comment counts, cross-origin.

use std::collections::BTreeSet;

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, Article, CommentCounts, CountUrls, EmbedThreadRequest, FieldError, PageUrl};

use super::extract::ApiJson;
use crate::AppState;
use crate::auth::ClientAddr;
use crate::error::AppError;
use crate::limits::Action;

/// The thread of a page of a registered site, created on its first view (title, language and
/// author from that view; later views never change them).
#[utoipa::path(post, path = Endpoint::EmbedThreads.template(), tag = "embed", request_body = EmbedThreadRequest,
    responses(
        (status = 200, description = "The page's thread; `canonical_url` is the normalized page address", body = Article),
        (status = 403, description = "The page's origin is not registered for any site", body = ApiError),
        (status = 422, description = "`url` is not an http(s) address, or a field is missing", body = ApiError),
        (status = 429, description = "Too many new threads from this address", body = ApiError)))]
#[tracing::instrument(skip_all, fields(url = %request.url))]
pub async fn embed_thread(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    ApiJson(request): ApiJson<EmbedThreadRequest>,
) -> Result<Json<Article>, AppError> {
    let site = state
        .repository
        .site_of_origin(request.url.origin())
        .await?
        .ok_or_else(|| AppError::Forbidden("this site is not registered with schrieb".into()))?;
    if let Some(thread) = state.repository.page_thread(site.id, &request.url).await? {
        return Ok(Json(thread));
    }
    // Only new threads count: reading one is free, making one stores a row.
    state.limits.check(Action::NewThread, None, &address.to_string()).await?;
    let article = crate::embed::new_thread(&site, &request, Utc::now()).map_err(|error| {
        tracing::error!(%error, url = %request.url, "no valid slug for a page address");
        AppError::Internal
    })?;
    Ok(Json(state.repository.create_page_thread(&article).await?))
}

/// How many comments (not deleted) the threads of up to 50 pages have, for `count.js`. Each
/// address is answered exactly as given; an unknown or malformed one counts 0. A registered
/// site's pages may read the answer cross-origin.
#[utoipa::path(get, path = Endpoint::Counts.template(), tag = "embed",
    params(("url" = CountUrls, Query, description = "The page addresses: `url=A&url=B`")),
    responses(
        (status = 200, description = "Each address as given, with its thread's comment count", body = CommentCounts,
            headers(("Access-Control-Allow-Origin" = String, description = "The request's Origin, when a site registered it"))),
        (status = 422, description = "No `url`, or more than 50 (a repeated one counted each time)", body = ApiError)))]
#[tracing::instrument(skip_all)]
pub async fn comment_counts(State(state): State<AppState>, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let mut response = counts(&state, query.as_deref().unwrap_or_default()).await.into_response();
    // The answer differs by Origin (the CORS header), so caches must keep them apart.
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("origin"));
    if let Some(origin) = headers.get(header::ORIGIN) {
        match registered(&state, origin).await {
            Ok(true) => {
                response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
            }
            Ok(false) => {}
            Err(error) => return error.into_response(),
        }
    }
    response
}

async fn counts(state: &AppState, query: &str) -> Result<Json<CommentCounts>, AppError> {
    let given: Vec<String> = url::form_urlencoded::parse(query.as_bytes())
        .filter(|(name, _)| name == "url")
        .map(|(_, value)| value.into_owned())
        .collect();
    let given = CountUrls::parse(given).map_err(|error| FieldError::new("url", error))?;
    let asked: BTreeSet<&String> = given.as_slice().iter().collect();
    let parsed: Vec<(String, Option<PageUrl>)> =
        asked.into_iter().map(|raw| (raw.clone(), PageUrl::parse(raw).ok())).collect();
    let urls: Vec<PageUrl> = parsed.iter().filter_map(|(_, url)| url.clone()).collect();
    let found = state.repository.page_counts(&urls).await?;
    Ok(Json(CommentCounts(
        parsed
            .into_iter()
            .map(|(raw, url)| {
                let comments = url.and_then(|url| found.get(url.as_str()).copied()).unwrap_or(0);
                (raw, comments)
            })
            .collect(),
    )))
}

/// Whether `origin` (an `Origin` header) is one a site registered.
async fn registered(state: &AppState, origin: &HeaderValue) -> Result<bool, AppError> {
    let Ok(origin) = origin.to_str() else { return Ok(false) };
    Ok(state.repository.site_of_origin(origin).await?.is_some())
}
