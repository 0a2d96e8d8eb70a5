//! The typed API client: one function per endpoint, every failure a [`ClientError`].

use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::on_cleanup;
use schrieb_api::{
    ApiError, Article, ArticleList, CommentId, CommentPage, CommentPermalink, ErrorKind, PageNumber, RevisionHistory,
    Slug, UserId, UserProfile,
};
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;

/// Why an API call failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
    /// The server answered with an error in the shared shape.
    #[error("{0}")]
    Api(ApiError),
    /// No answer at all: offline, server down, request aborted.
    #[error("no connection to the server: {0}")]
    Network(String),
    /// An answer that is not what the endpoint promises (a proxy's error page, say).
    #[error("unexpected answer from the server: {0}")]
    Unexpected(String),
}

impl ClientError {
    /// The server's error kind, if the server answered with one.
    pub fn kind(&self) -> Option<ErrorKind> {
        match self {
            Self::Api(error) => Some(error.error),
            _ => None,
        }
    }
}

/// `GET /api/v1/articles`
pub async fn articles() -> Result<ArticleList, ClientError> {
    send(Request::get("/api/v1/articles")).await
}

/// `GET /api/v1/articles/{slug}`
pub async fn article(slug: &Slug) -> Result<Article, ClientError> {
    send(Request::get(&format!("/api/v1/articles/{slug}"))).await
}

/// `GET /api/v1/articles/{slug}/comments?page=N`
pub async fn comments(slug: &Slug, page: PageNumber) -> Result<CommentPage, ClientError> {
    send(Request::get(&format!("/api/v1/articles/{slug}/comments")).query([("page", page.to_string())])).await
}

/// `GET /api/v1/comments/{id}`
pub async fn comment(id: CommentId) -> Result<CommentPermalink, ClientError> {
    send(Request::get(&format!("/api/v1/comments/{id}"))).await
}

/// `GET /api/v1/comments/{id}/revisions`
pub async fn revisions(id: CommentId) -> Result<RevisionHistory, ClientError> {
    send(Request::get(&format!("/api/v1/comments/{id}/revisions"))).await
}

/// `GET /api/v1/users/{id}`
pub async fn user(id: UserId) -> Result<UserProfile, ClientError> {
    send(Request::get(&format!("/api/v1/users/{id}"))).await
}

/// Sends `request` and decodes the answer. The request is aborted when the reactive owner that
/// started it is disposed (the reader left the page), so nothing lands on a page that is gone.
async fn send<T: DeserializeOwned>(request: RequestBuilder) -> Result<T, ClientError> {
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(web_sys::AbortController::signal);
    let controller = SendWrapper::new(controller);
    on_cleanup(move || {
        if let Some(controller) = controller.take() {
            controller.abort();
        }
    });
    let response = request
        .header("accept", "application/json")
        .abort_signal(signal.as_ref())
        .send()
        .await
        .map_err(|error| ClientError::Network(error.to_string()))?;
    decode(response).await
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ClientError> {
    if response.ok() {
        return response.json().await.map_err(|error| ClientError::Unexpected(error.to_string()));
    }
    let status = response.status();
    match response.json::<ApiError>().await {
        Ok(error) => Err(ClientError::Api(error)),
        Err(_) => Err(ClientError::Unexpected(format!("HTTP {status} without an error body"))),
    }
}
