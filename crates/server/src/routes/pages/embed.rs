//! The widget's pages: `/embed`, the thread of a page of a registered site in that page's
//! iframe, and `/embed/preview`, its first page for the loader to draw into the host page while
//! the frame loads.

use std::sync::Arc;

use axum::Extension;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schrieb_api::paths::EMBED_PAGE;
use schrieb_api::{PageNumber, PageUrl};
use schrieb_web::first_screen::FirstScreen;
use serde::Deserialize;

use super::{PAGE_FRESH_FOR, Pages, Shown, Visit, me, render, shown};
use crate::AppState;
use crate::answers::{self, Accepted, Answer, AnswerKey, Shows};
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::AppError;
use crate::page_html::Frame;

#[derive(Deserialize)]
pub(super) struct EmbedQuery {
    url: Option<String>,
    theme: Option<String>,
    page: Option<String>,
}

impl EmbedQuery {
    fn url(&self) -> Option<PageUrl> {
        self.url.as_deref().and_then(|raw| PageUrl::parse(raw).ok())
    }

    fn page(&self) -> PageNumber {
        self.page.as_deref().and_then(|raw| PageNumber::parse(raw).ok()).unwrap_or(PageNumber::FIRST)
    }
}

/// The registered origins of the site `url` belongs to (none for no registered site), and the
/// page of its thread that is asked for, if the thread exists.
async fn site_and_thread(
    state: &AppState,
    user: Option<&CurrentUser>,
    url: Option<&PageUrl>,
    page: PageNumber,
) -> (Vec<String>, Option<Shown>) {
    let found = async {
        let Some(url) = url else { return Ok((Vec::new(), None)) };
        let Some(site) = state.repository.site_of_origin(url.origin()).await? else {
            return Ok((Vec::new(), None));
        };
        let shown = match state.repository.page_thread(site.id, url).await? {
            Some(article) => shown(state, user, article, page).await?,
            None => None,
        };
        Ok::<_, AppError>((site.origins, shown))
    };
    found.await.unwrap_or_else(|error| {
        tracing::error!(%error, "looking up the site or thread of an embedded page failed");
        (Vec::new(), None)
    })
}

/// What the frame's page shows for `user`: the thread's page, if there is one.
fn first_screen(state: &AppState, user: Option<&CurrentUser>, shown: Option<Shown>) -> FirstScreen {
    FirstScreen {
        now: chrono::Utc::now(),
        me: me(state, user),
        article: shown.as_ref().map(|shown| shown.article.clone()),
        comments: shown.map(|shown| shown.comments),
    }
}

/// The thread of the page `?url=…`, rendered for that page's frame. Its `frame-ancestors`
/// names the origins of the site the page belongs to, or `'none'` when the address is missing,
/// malformed or of no registered site (the browser then refuses to show it in a frame).
/// `no-store`: the policy follows the registrations, which may change any time, and no cache
/// may hand one site's answer on. A page whose thread does not exist yet renders without it:
/// the app creates the thread when it has loaded (a `GET` changes nothing).
pub(super) async fn page(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    MaybeUser(user): MaybeUser,
    accepted: Accepted,
    visit: Visit,
    query: Result<Query<EmbedQuery>, QueryRejection>,
) -> Response {
    // Kept by the whole query, for nobody in particular, like the article's page.
    let key = if user.is_none() {
        visit.uri.query().map(|query| AnswerKey::EmbedPage { query: query.to_owned() })
    } else {
        None
    };
    if let Some(kept) = key.as_ref().and_then(|key| state.answers.get(key)) {
        return kept.respond(accepted);
    }
    let ticket = state.answers.ticket();
    let query = query.ok().map(|Query(query)| query);
    let url = query.as_ref().and_then(EmbedQuery::url);
    let page = query.as_ref().map_or(PageNumber::FIRST, EmbedQuery::page);
    let (origins, shown) = site_and_thread(&state, user.as_ref(), url.as_ref(), page).await;
    let policy = if origins.is_empty() {
        crate::routes::FRAME_NONE.to_owned()
    } else {
        format!("frame-ancestors {}", origins.join(" "))
    };
    // Stored origins are normalized ASCII; a value a header cannot carry frames nothing.
    let policy = HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static(crate::routes::FRAME_NONE));
    let shows = shown.as_ref().map(|shown| Shows::of(&shown.article.slug, &shown.comments.items));
    let first = first_screen(&state, user.as_ref(), shown);
    let frame = Frame { embedded: true, theme: query.as_ref().and_then(|query| query.theme.as_deref()), feed: None };
    let rendered = pages.rendered(&visit, first, frame);
    // Only a registered site's existing thread is kept: what else is asked for is no hot page.
    let rendered = match (key, shows, rendered) {
        (Some(key), Some(shows), Some(rendered)) => {
            let answer =
                Answer::new(answers::EMBED, rendered.into_bytes(), shows).framed_by(policy).fresh_for(PAGE_FRESH_FOR);
            return state.answers.keep(key, answer, ticket).respond(accepted);
        }
        (_, _, rendered) => rendered,
    };
    let body = rendered.unwrap_or_else(|| pages.index.to_string());
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (header::CONTENT_SECURITY_POLICY, policy),
        ],
        body,
    )
        .into_response()
}

/// The first page `/embed?…` (same query) shows a reader without a session, as a fragment for
/// the loader on the host page (`PageShell::preview`), readable by the pages of the site `url`
/// belongs to. `204 No Content` when there is nothing to draw before the frame: no registered
/// site, no thread yet (the frame creates it), a page that cannot be rendered.
pub(super) async fn preview(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    accepted: Accepted,
    visit: Visit,
    headers: HeaderMap,
    query: Result<Query<EmbedQuery>, QueryRejection>,
) -> Response {
    let origin = headers.get(header::ORIGIN);
    let frame_query = visit.uri.query().unwrap_or_default().to_owned();
    let key = AnswerKey::EmbedPreview { query: frame_query.clone() };
    if let Some(kept) = state.answers.get(&key) {
        return kept.respond_to(accepted, origin);
    }
    let ticket = state.answers.ticket();
    let query = query.ok().map(|Query(query)| query);
    let url = query.as_ref().and_then(EmbedQuery::url);
    let page = query.as_ref().map_or(PageNumber::FIRST, EmbedQuery::page);
    let (origins, shown) = site_and_thread(&state, None, url.as_ref(), page).await;
    let Some(shown) = shown else { return nothing(&origins, origin) };
    let shows = Shows::of(&shown.article.slug, &shown.comments.items);
    let first = first_screen(&state, None, Some(shown));
    // The frame's page is what is rendered: the app routes by the path.
    let fragment = pages
        .shell
        .as_ref()
        .zip(render(&format!("{EMBED_PAGE}?{frame_query}"), &visit, first))
        .and_then(|(shell, rendered)| shell.preview(&rendered));
    let Some(fragment) = fragment else { return nothing(&origins, origin) };
    let answer = Answer::new(answers::PREVIEW, fragment.into_bytes(), shows).read_by(origins).fresh_for(PAGE_FRESH_FOR);
    state.answers.keep(key, answer, ticket).respond_to(accepted, origin)
}

/// No preview: the loader puts the frame there at once.
fn nothing(origins: &[String], origin: Option<&HeaderValue>) -> Response {
    let mut response = (StatusCode::NO_CONTENT, [(header::VARY, "origin")]).into_response();
    answers::allow_reader(&mut response, origins, origin);
    response
}
