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
