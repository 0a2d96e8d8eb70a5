//! Pages that work before (and without) the app: `/a/{slug}` carries its thread as HTML in
//! `<noscript>` for readers without JavaScript and for crawlers, and `/c/{id}` redirects to the
//! comment's place in its thread. The app takes over as soon as it runs.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use schrieb_api::{CommentId, PageNumber, Slug};
use serde::Deserialize;

use crate::AppState;
use crate::noscript;

#[derive(Clone)]
struct PageState {
    app: AppState,
    index: Arc<str>,
}

/// The page routes, answering with `index` (the built app's `index.html`).
pub fn router(app: AppState, index: Arc<str>) -> Router {
    Router::new().route("/a/{slug}", get(article)).route("/c/{id}", get(permalink)).with_state(PageState { app, index })
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
            let target = format!("/a/{}?page={}#c{}", found.article_slug, found.page, found.comment.id);
            ([NO_CACHE], Redirect::to(&target)).into_response()
        }
        Ok(None) => html(StatusCode::NOT_FOUND, state.index.to_string()),
        Err(error) => {
            tracing::error!(%error, "resolving a permalink failed");
            html(StatusCode::OK, state.index.to_string())
        }
    }
}
