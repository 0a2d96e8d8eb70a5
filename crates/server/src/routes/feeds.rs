//! `/feeds/…`: Atom feeds of the latest comments of every article, of one thread and of one
//! person ([`crate::feeds`]). Not part of the JSON API: feed readers take them like pages.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use axum::routing::get;
use chrono::{DateTime, Utc};
use schrieb_api::paths::{AppLink, FeedLink};
use schrieb_api::{Slug, UserId};

use crate::db::FeedScope;
use crate::error::AppError;
use crate::feeds::{ATOM, FEED_ENTRIES, FeedInfo, atom, title};
use crate::wording::Language;
use crate::{AppState, origin_of};

/// The feeds' routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/feeds/comments", get(latest))
        .route("/feeds/articles/{slug}", get(thread))
        .route("/feeds/users/{id}", get(person))
}

async fn latest(State(state): State<AppState>, headers: HeaderMap) -> Result<impl IntoResponse, AppError> {
    let entries = state.repository.feed_entries(FeedScope::Everything, FEED_ENTRIES).await?;
    let info = FeedInfo {
        link: FeedLink::Latest,
        title: title(FeedLink::Latest, Language::German, ""),
        page: AppLink::Home.to_string(),
        language: Language::German,
        since: DateTime::<Utc>::UNIX_EPOCH,
    };
    Ok(answer(&info, &entries, &headers, &state))
}

async fn thread(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, AppError> {
    let not_found = || AppError::NotFound("no article has this slug".into());
    let slug = Slug::parse(&slug).map_err(|_| not_found())?;
    let article = state.repository.find_article(&slug).await?.ok_or_else(not_found)?;
    let key = state.repository.article_key(&slug).await?.ok_or_else(not_found)?;
    let entries = state.repository.feed_entries(FeedScope::Thread(key), FEED_ENTRIES).await?;
    let language = if article.lang == "en" { Language::English } else { Language::German };
    let link = FeedLink::Thread(&slug);
    let info = FeedInfo {
        link,
        title: title(link, language, &article.title),
        page: AppLink::Article(&slug).to_string(),
        language,
        since: article.published_at,
    };
    Ok(answer(&info, &entries, &headers, &state))
}

async fn person(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, AppError> {
    let not_found = || AppError::NotFound("nobody has this id".into());
    let id = UserId(id.parse().map_err(|_| not_found())?);
    let profile = state.repository.user_profile(id).await?.ok_or_else(not_found)?;
    let entries = state.repository.feed_entries(FeedScope::Author(id), FEED_ENTRIES).await?;
    let link = FeedLink::User(id);
    let info = FeedInfo {
        link,
        title: title(link, Language::German, &profile.display_name),
        page: AppLink::User(id).to_string(),
        language: Language::German,
        since: profile.joined_at,
    };
    Ok(answer(&info, &entries, &headers, &state))
}

fn answer(
    info: &FeedInfo<'_>,
    entries: &[crate::db::FeedEntry],
    headers: &HeaderMap,
    state: &AppState,
) -> impl IntoResponse + use<> {
    let origin = origin_of(headers, &state.settings);
    ([(header::CONTENT_TYPE, ATOM)], atom(info, entries, &origin))
}
