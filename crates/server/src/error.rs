//! The server's one error type, and how each error answers over HTTP.

use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use schrieb_api::{ApiError, ErrorKind};

use crate::db::DbError;

/// What people are told when the server itself failed; the details go to the log only.
const INTERNAL_MESSAGE: &str = "Something went wrong on our side. Please try again in a moment.";

/// Every way a request can fail. Each answers with the shared [`ApiError`] shape.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400: a malformed path or query parameter; the message says which and why.
    #[error("{0}")]
    BadRequest(String),
    /// 404: the named thing does not exist; the message says what was looked for.
    #[error("{0}")]
    NotFound(String),
    /// 404: no endpoint has this path.
    #[error("no API endpoint at {0}")]
    NoRoute(String),
    /// 422: a well-formed request broke a rule; the message names the rule and the limit.
    #[error("{0}")]
    Validation(String),
    /// 405: the endpoint does not take this method.
    #[error("this endpoint does not take that method")]
    MethodNotAllowed,
    /// 500: the database failed. Logged with its details, answered with a generic message.
    #[error(transparent)]
    Database(#[from] DbError),
    /// 500: something else broke (a handler panicked); already logged where it happened.
    #[error("internal error")]
    Internal,
}

impl AppError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::BadRequest(_) => ErrorKind::BadRequest,
            Self::NotFound(_) => ErrorKind::NotFound,
            Self::NoRoute(_) => ErrorKind::NoRoute,
            Self::MethodNotAllowed => ErrorKind::MethodNotAllowed,
            Self::Validation(_) => ErrorKind::Validation,
            Self::Database(_) | Self::Internal => ErrorKind::Internal,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let kind = self.kind();
        let message = match &self {
            Self::Database(error) => {
                tracing::error!(error = %error, "request failed in the database");
                INTERNAL_MESSAGE.to_owned()
            }
            Self::Internal => INTERNAL_MESSAGE.to_owned(),
            other => other.to_string(),
        };
        let status = StatusCode::from_u16(kind.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(ApiError::new(kind, message))).into_response()
    }
}

impl From<schrieb_api::BodyError> for AppError {
    fn from(error: schrieb_api::BodyError) -> Self {
        Self::Validation(error.to_string())
    }
}

impl From<crate::quoting::QuoteError> for AppError {
    fn from(error: crate::quoting::QuoteError) -> Self {
        match error {
            crate::quoting::QuoteError::Database(error) => Self::Database(error),
            // Which quote and what is wrong with it: the writer can fix it.
            refused => Self::Validation(refused.to_string()),
        }
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        Self::BadRequest(format!("malformed query string: {}", rejection.body_text()))
    }
}

impl From<PathRejection> for AppError {
    fn from(rejection: PathRejection) -> Self {
        Self::BadRequest(format!("malformed path parameter: {}", rejection.body_text()))
    }
}

#[cfg(test)]
mod tests {
    use axum::body::to_bytes;

    use super::*;

    #[tokio::test]
    async fn a_body_over_a_limit_is_a_422_naming_the_limit() {
        let error = schrieb_api::CommentBody::parse(&"x".repeat(20_001)).unwrap_err();
        let response = AppError::from(error).into_response();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = to_bytes(response.into_body(), 4096).await.unwrap();
        let error: ApiError = serde_json::from_slice(&body).unwrap();
        assert_eq!(error.error, ErrorKind::Validation);
        assert!(error.message.contains("at most 20,000 characters"), "{}", error.message);
    }

    #[tokio::test]
    async fn a_quote_that_misquotes_is_a_422_naming_the_quote() {
        let refused = crate::quoting::QuoteError::NotInSource { id: 12, author: "Martin".into() };
        let response = AppError::from(refused).into_response();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = to_bytes(response.into_body(), 4096).await.unwrap();
        let error: ApiError = serde_json::from_slice(&body).unwrap();
        assert_eq!(error.error, ErrorKind::Validation);
        assert!(error.message.contains("comment 12 by “Martin”"), "{}", error.message);
    }
}
