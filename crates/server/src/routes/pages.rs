//! Pages the server renders: `/a/{slug}` and `/embed` are the app itself, rendered from the
//! article and the asked-for page of its thread (`schrieb_web::render`), so readers see the
//! thread with the first response, readers without JavaScript and crawlers get the same HTML,
//! and the app takes the page over when it has loaded. `/c/{id}` redirects to the comment's
//! place in its thread. `/embed` is the thread in another site's iframe, which only the sites
//! that registered the page's origin may frame (`embed`).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::extract::{Path, Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Router};
use axum_extra::extract::CookieJar;
use schrieb_api::paths::{AppLink, EMBED_PAGE, EMBED_PREVIEW};
use schrieb_api::{Article, CommentId, CommentPage, PageNumber, Slug};
use schrieb_web::first_screen::FirstScreen;
use schrieb_web::render::{PageRequest, RenderedPage, language, page};
use serde::Deserialize;

use crate::AppState;
use crate::answers::{self, Accepted, Answer, AnswerKey, Shows};
use crate::auth::{CurrentUser, MaybeUser};
use crate::domain::ThreadReader;
use crate::error::AppError;
use crate::page_html::{Frame, PageShell};
use crate::routes::assets::Assets;
use crate::wording::Language;
use schrieb_api::paths::FeedLink;

mod embed;

/// The built app's pages: its `index.html`, and the shell rendered pages are put into.
struct Pages {
    index: Arc<str>,
    shell: Option<PageShell>,
}

/// The page routes, answering with pages built on the built app's `index.html`, its
/// stylesheets written in.
pub fn router(app: AppState, assets: &Assets) -> Router {
    let index = assets.index();
    let shell = PageShell::from_index(&index, |href| assets.stylesheet(href));
    if shell.is_none() {
        tracing::warn!("the app's index.html has no <head>: pages are sent without their thread");
    }
    Router::new()
        .route("/a/{slug}", get(article))
        .route("/c/{id}", get(permalink))
        .route(EMBED_PAGE, get(embed::page))
        .route(EMBED_PREVIEW, get(embed::preview))
        .layer(Extension(Arc::new(Pages { index, shell })))
        .with_state(app)
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

/// What a page shows and for whom, read as the API reads it for the same request.
struct Shown {
    article: Article,
    comments: CommentPage,
}

/// The article and page `page` of its thread, the comments marked as the API marks them for
/// `user`.
async fn shown(
    state: &AppState,
    user: Option<&CurrentUser>,
    article: Article,
    page: PageNumber,
) -> Result<Option<Shown>, AppError> {
    let Some(comments) = super::articles::comment_page(state, user, &article.slug, page).await? else {
        return Ok(None);
    };
    Ok(Some(Shown { article, comments }))
}

/// What of a page request the rendering needs: the address, the reader's language choice and
/// the browser's languages (as the app reads them).
struct Visit {
    uri: Uri,
    language_cookie: Option<String>,
    accept_language: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Visit {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let cookies = CookieJar::from_headers(&parts.headers);
        Ok(Self {
            uri: parts.uri.clone(),
            language_cookie: cookies.get(LANGUAGE_COOKIE).map(|cookie| cookie.value().to_owned()),
            accept_language: parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned),
        })
    }
}

impl Visit {
    /// The key a page of `slug` is kept under for this visit: only at its plain address
    /// (`/a/{slug}`, `?page=N` for later pages), where what is rendered depends on nothing else
    /// of the request than the language.
    fn answer_key(&self, slug: &Slug, page: PageNumber) -> Option<AnswerKey> {
        let plain = match self.uri.query() {
            None => page == PageNumber::FIRST,
            Some(query) => page != PageNumber::FIRST && query == format!("page={}", page.get()),
        };
        plain.then(|| {
            let path_and_query = self.uri.path_and_query().map_or(self.uri.path(), |path| path.as_str());
            let lang = language(path_and_query, self.language_cookie.as_deref(), self.accept_language.as_deref());
            AnswerKey::ArticlePage { slug: slug.clone(), page: page.get(), lang }
        })
    }
}

/// The cookie the app keeps the reader's language in.
const LANGUAGE_COOKIE: &str = "schrieb_lang";

/// The language a request's reader reads the app in (their choice, else their browser's): the
/// language of their mails when they register or ask for one.
pub fn reader_language(headers: &axum::http::HeaderMap) -> schrieb_api::MailLanguage {
    let cookies = CookieJar::from_headers(headers);
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|value| value.to_str().ok());
    let chosen = cookies.get(LANGUAGE_COOKIE).map(|cookie| cookie.value().to_owned());
    schrieb_api::MailLanguage::from_tag(language("/", chosen.as_deref(), accept))
}

impl Pages {
    /// The app rendered at `uri` from `first`; `None` when there is no shell to put it in or
    /// rendering failed (then the app renders the page itself, as before there was a server
    /// renderer).
    fn rendered(&self, visit: &Visit, first: FirstScreen, frame: Frame<'_>) -> Option<String> {
        let shell = self.shell.as_ref()?;
        let path_and_query = visit.uri.path_and_query().map_or(visit.uri.path(), |path| path.as_str());
        let rendered = render(path_and_query, visit, first)?;
        Some(shell.document(&rendered, frame))
    }
}

/// The app rendered at `path_and_query` from `first` for `visit`'s reader; `None` if rendering
/// failed.
fn render(path_and_query: &str, visit: &Visit, first: FirstScreen) -> Option<RenderedPage> {
    let request = PageRequest {
        path_and_query,
        language_cookie: visit.language_cookie.as_deref(),
        accept_language: visit.accept_language.as_deref(),
        first,
    };
    catch_unwind(AssertUnwindSafe(|| page(request)))
        .inspect_err(|_| {
            tracing::error!(path = path_and_query, "rendering the page panicked; the app renders it instead")
        })
        .ok()
}

/// The server's view of the session for a page: its account, as `GET /api/v1/me` says it.
fn me(state: &AppState, user: Option<&CurrentUser>) -> Option<schrieb_api::Me> {
    user.map(|user| super::auth::me(&user.account, &state.settings))
}

/// The article and the asked-for page of its thread, rendered. An unknown article gets the
/// app (which explains), with status 404. The page for nobody in particular at its plain
/// address is kept rendered and compressed until its thread changes (`crate::answers`).
async fn article(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    MaybeUser(user): MaybeUser,
    accepted: Accepted,
    visit: Visit,
    Path(raw): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    let plain = |status| html(status, pages.index.to_string());
    let Ok(slug) = Slug::parse(&raw) else { return plain(StatusCode::NOT_FOUND) };
    // A malformed page number shows page 1, as the app does.
    let page = query.page.and_then(|raw| PageNumber::parse(&raw).ok()).unwrap_or(PageNumber::FIRST);
    let key = if user.is_none() { visit.answer_key(&slug, page) } else { None };
    if let Some(kept) = key.as_ref().and_then(|key| state.answers.get(key)) {
        return kept.respond(accepted);
    }
    let ticket = state.answers.ticket();
    let found = async {
        match state.repository.find_article(&slug).await? {
            Some(article) => shown(&state, user.as_ref(), article, page).await,
            None => Ok(None),
        }
    };
    match found.await {
        Ok(Some(Shown { article, comments })) => {
            let shows = Shows::of(&article.slug, &comments.items);
            // Feed readers find the thread's feed in the page (autodiscovery).
            let language = if article.lang == "en" { Language::English } else { Language::German };
            let feed_title = crate::feeds::title(FeedLink::Thread(&article.slug), language, &article.title);
            let feed_href = FeedLink::Thread(&article.slug).to_string();
            let frame = Frame { feed: Some((&feed_href, &feed_title)), ..Frame::default() };
            let first = FirstScreen {
                now: chrono::Utc::now(),
                me: me(&state, user.as_ref()),
                article: Some(article),
                comments: Some(comments),
            };
            let Some(rendered) = pages.rendered(&visit, first, frame) else { return plain(StatusCode::OK) };
            let Some(key) = key else { return html(StatusCode::OK, rendered) };
            // Relative times ("vor 5 Minuten") age: a kept page is rendered again now and then.
            let answer = Answer::new(answers::PAGE, rendered.into_bytes(), shows).fresh_for(PAGE_FRESH_FOR);
            state.answers.keep(key, answer, ticket).respond(accepted)
        }
        Ok(None) => plain(StatusCode::NOT_FOUND),
        Err(error) => {
            // The app will load the thread itself and explain if it cannot.
            tracing::error!(%error, "reading the thread of a page failed");
            plain(StatusCode::OK)
        }
    }
}

/// How long a kept page's relative times may age before it is rendered again.
const PAGE_FRESH_FOR: Duration = Duration::from_secs(15);

/// `/c/{id}` → `/a/{slug}?page=N#c{id}`, so a shared permalink works without the app too.
async fn permalink(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    MaybeUser(user): MaybeUser,
    Path(raw): Path<String>,
) -> Response {
    let Ok(id) = raw.parse::<i64>() else { return html(StatusCode::NOT_FOUND, pages.index.to_string()) };
    match state.repository.find_comment(CommentId(id), super::viewer(user.as_ref())).await {
        Ok(Some(found)) => {
            let target = AppLink::InThread(&found.article_slug, found.page, found.comment.id).href();
            ([NO_CACHE], Redirect::to(&target)).into_response()
        }
        Ok(None) => html(StatusCode::NOT_FOUND, pages.index.to_string()),
        Err(error) => {
            tracing::error!(%error, "resolving a permalink failed");
            html(StatusCode::OK, pages.index.to_string())
        }
    }
}
