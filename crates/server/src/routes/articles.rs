//! `/api/v1/articles...`: the article list, one article, and its thread page by page.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use schrieb_api::paths::Endpoint;
use schrieb_api::{ApiError, Article, ArticleList, CommentPage, PageNumber, Slug};

use super::extract::{ApiPath, ApiQuery, PageQuery};
use crate::AppState;
use crate::answers::{self, Accepted, Answer, AnswerKey, Shows};
use crate::auth::{CurrentUser, MaybeUser};
use crate::db::ArticleKey;
use crate::domain::ThreadReader;
use crate::error::AppError;

/// All articles, newest first, with their comment counts.
#[utoipa::path(get, path = Endpoint::Articles.template(), tag = "articles",
    responses((status = 200, description = "The articles, newest first", body = ArticleList)))]
#[tracing::instrument(skip(state))]
pub async fn list_articles(State(state): State<AppState>) -> Result<Json<ArticleList>, AppError> {
    Ok(Json(ArticleList { items: state.repository.list_articles().await? }))
}

/// One article.
#[utoipa::path(get, path = Endpoint::Article.template(), tag = "articles",
    params(("slug" = Slug, Path, description = "The article's slug")),
    responses(
        (status = 200, description = "The article", body = Article),
        (status = 404, description = "No article has this slug", body = ApiError)))]
#[tracing::instrument(skip(state))]
pub async fn get_article(
    State(state): State<AppState>,
    ApiPath(raw_slug): ApiPath<String>,
) -> Result<Json<Article>, AppError> {
    let slug = article_slug(&raw_slug)?;
    state.repository.find_article(&slug).await?.map(Json).ok_or_else(|| no_such_article(&raw_slug))
}

/// One page of an article's thread, oldest comment first.
#[utoipa::path(get, path = Endpoint::ArticleComments.template(), tag = "articles",
    security((), ("session_cookie" = []), ("bearer" = [])),
    params(
        ("slug" = Slug, Path, description = "The article's slug"),
        ("page" = Option<PageNumber>, Query, description = "Default 1. Past the last page the list is empty.")),
    responses(
        (status = 200, description = "The page", body = CommentPage),
        (status = 400, description = "The page number is not a whole number in its range, or the query string is \
            malformed (a parameter given twice)", body = ApiError),
        (status = 401, description = "A widget token that names no live session", body = ApiError),
        (status = 404, description = "No article has this slug", body = ApiError)))]
#[tracing::instrument(skip(state, user))]
pub async fn list_comments(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    accepted: Accepted,
    ApiPath(raw_slug): ApiPath<String>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Response, AppError> {
    let page = query.page()?;
    let slug = article_slug(&raw_slug)?;
    if user.is_some() {
        let found = comment_page(&state, user.as_ref(), &slug, page).await?;
        return found.map(|found| Json(found).into_response()).ok_or_else(|| no_such_article(&raw_slug));
    }
    // Nobody in particular: the same answer for everyone, kept until the thread changes.
    let key = AnswerKey::comment_page(&slug, page);
    if let Some(kept) = state.answers.get(&key) {
        return Ok(kept.respond(accepted));
    }
    let ticket = state.answers.ticket();
    let found = comment_page(&state, None, &slug, page).await?.ok_or_else(|| no_such_article(&raw_slug))?;
    let body = serde_json::to_vec(&found).map_err(|error| {
        tracing::error!(%error, "a comment page did not serialize");
        AppError::Internal
    })?;
    let answer = Answer::new(answers::JSON, body, Shows::of(&slug, &found.items));
    Ok(state.answers.keep(key, answer, ticket).respond(accepted))
}

/// Page `page` of the thread of `slug` as `user` sees it (their held comments, their reactions
/// marked); `None` without such an article. The API and the pages the server renders read it here alike.
pub async fn comment_page(
    state: &AppState,
    user: Option<&CurrentUser>,
    slug: &Slug,
    page: PageNumber,
) -> Result<Option<CommentPage>, AppError> {
    let Some(mut found) = state.repository.comment_page(slug, page, super::viewer(user)).await? else {
        return Ok(None);
    };
    super::mark_mine(state, user, &mut found.items).await?;
    if let Some(user) = user {
        // Back in the thread: the next notification from it may be mailed again.
        state.repository.visited(user.account.id, slug, chrono::Utc::now()).await?;
    }
    Ok(Some(found))
}

/// The key of the article `raw_slug` names, or the 404 for it.
pub(super) async fn article_key(state: &AppState, raw_slug: &str) -> Result<ArticleKey, AppError> {
    let slug = article_slug(raw_slug)?;
    state.repository.article_key(&slug).await?.ok_or_else(|| no_such_article(raw_slug))
}

/// A string that cannot be a slug cannot name an article: no need to ask the database.
pub(super) fn article_slug(raw: &str) -> Result<Slug, AppError> {
    Slug::parse(raw).map_err(|_| no_such_article(raw))
}

pub(super) fn no_such_article(raw_slug: &str) -> AppError {
    let shown: String = raw_slug.chars().take(120).collect();
    AppError::NotFound(format!("no article has the slug {shown:?}"))
}
