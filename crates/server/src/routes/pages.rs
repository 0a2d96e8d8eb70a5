//! Pages that work before (and without) the app: `/a/{slug}` carries its thread as HTML in
//! `<noscript>` for readers without JavaScript and for crawlers, and `/c/{id}` redirects to the
//! comment's place in its thread. The app takes over as soon as it runs. `/embed` is the app in
//! another site's iframe, which only the sites that registered the page's origin may frame.

use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use schrieb_api::paths::AppLink;
use schrieb_api::{CommentId, PageNumber, PageUrl, Slug};
use serde::Deserialize;

use crate::AppState;
use crate::domain::ThreadReader;
use crate::noscript;

#[derive(Clone)]
struct PageState {
    app: AppState,
    index: Arc<str>,
}

/// The page routes, answering with `index` (the built app's `index.html`).
pub fn router(app: AppState, index: Arc<str>) -> Router {
    Router::new()
        .route("/a/{slug}", get(article))
        .route("/c/{id}", get(permalink))
        .route("/embed", get(embed))
        .with_state(PageState { app, index })
}

#[derive(Deserialize)]
struct PageQuery {
    page: Option<String>,
}

/// Pages name the app's current files, and threads change: always revalidated.
const NO_CACHE: (header::HeaderName, &str) = (header::CACHE_CONTROL, "no-cache");

fn html(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8"), NO_CACHE], body).into_response()
}

/// The app, with the article and the asked-for page of its thread in `<noscript>`. An unknown
/// article still gets the app (which explains), with status 404.
async fn article(State(state): State<PageState>, Path(raw): Path<String>, Query(query): Query<PageQuery>) -> Response {
    let plain = |status| html(status, state.index.to_string());
    let Ok(slug) = Slug::parse(&raw) else { return plain(StatusCode::NOT_FOUND) };
    // A malformed page number shows page 1, as the app does.
    let page = query.page.and_then(|raw| PageNumber::parse(&raw).ok()).unwrap_or(PageNumber::FIRST);
    let repository = &state.app.repository;
    let found = async {
        Ok::<_, crate::db::DbError>((
            repository.find_article(&slug).await?,
            repository.comment_page(&slug, page).await?,
        ))
    };
    match found.await {
        Ok((Some(article), Some(comments))) => {
            let fallback = noscript::render(&article, &comments);
            html(StatusCode::OK, noscript::into_index(&state.index, &fallback, &article.title, &article.lang))
        }
        Ok(_) => plain(StatusCode::NOT_FOUND),
        Err(error) => {
            // The app will load the thread itself and explain if it cannot.
            tracing::error!(%error, "rendering the no-script thread failed");
            plain(StatusCode::OK)
        }
    }
}

/// `/c/{id}` → `/a/{slug}?page=N#c{id}`, so a shared permalink works without the app too.
async fn permalink(State(state): State<PageState>, Path(raw): Path<String>) -> Response {
    let Ok(id) = raw.parse::<i64>() else { return html(StatusCode::NOT_FOUND, state.index.to_string()) };
    match state.app.repository.find_comment(CommentId(id)).await {
        Ok(Some(found)) => {
            let target = AppLink::InThread(&found.article_slug, found.page, found.comment.id).href();
            ([NO_CACHE], Redirect::to(&target)).into_response()
        }
        Ok(None) => html(StatusCode::NOT_FOUND, state.index.to_string()),
        Err(error) => {
            tracing::error!(%error, "resolving a permalink failed");
            html(StatusCode::OK, state.index.to_string())
        }
    }
}

#[derive(Deserialize)]
struct EmbedQuery {
    url: Option<String>,
}

/// The app for the thread of the page `?url=…`, framed by that page. Its
/// `frame-ancestors` names the origins of the site the page belongs to, or `'none'` when the
/// address is missing, malformed or of no registered site (the browser then refuses to show
/// it in a frame). `no-store`: the policy follows the registrations, which may change any time,
/// and no cache may hand one site's answer on.
async fn embed(State(state): State<PageState>, query: Result<Query<EmbedQuery>, QueryRejection>) -> Response {
    let url = query.ok().and_then(|Query(query)| query.url).and_then(|raw| PageUrl::parse(&raw).ok());
    let origins = match url {
        Some(url) => match state.app.repository.site_of_origin(url.origin()).await {
            Ok(site) => site.map(|site| site.origins).unwrap_or_default(),
            Err(error) => {
                tracing::error!(%error, "looking up the site of an embedded page failed");
                Vec::new()
            }
        },
        None => Vec::new(),
    };
    let policy = if origins.is_empty() {
        crate::routes::FRAME_NONE.to_owned()
    } else {
        format!("frame-ancestors {}", origins.join(" "))
    };
    // Stored origins are normalized ASCII; a value a header cannot carry frames nothing.
    let policy = HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static(crate::routes::FRAME_NONE));
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (header::CONTENT_SECURITY_POLICY, policy),
        ],
        state.index.to_string(),
    )
        .into_response()
}
