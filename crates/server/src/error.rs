//! The server's one error type, and how each error answers over HTTP.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
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
    /// 422: one field of the request broke its rule; the form shows it there.
    #[error("{0}")]
    Field(#[from] schrieb_api::FieldError),
    /// 422: a field of a JSON body has the wrong type or broke its rule as it was read (a
    /// validated type such as a draft's text); `field` is its path in the body.
    #[error("{message}")]
    JsonField {
        /// Where in the body: `body`, or `items[2].name` deeper down.
        field: String,
        /// What is wrong with it, in words.
        message: String,
    },
    /// 401: no live session, or an email address and password that do not match.
    #[error("{0}")]
    Unauthorized(String),
    /// 401: an `Authorization: Bearer` token that names no live session (unknown, expired or
    /// logged out), also where logging in is optional: the client must drop it rather than go
    /// on unknowingly anonymous. Answered with `WWW-Authenticate: Bearer error="invalid_token"`.
    #[error("the widget token is unknown, expired or logged out; drop it and log in again")]
    InvalidToken,
    /// 403: logged in but not allowed, or a cross-site write.
    #[error("{0}")]
    Forbidden(String),
    /// 409: clashes with what exists; with the field at fault when a form can show it.
    #[error("{message}")]
    Conflict {
        /// What clashes, in words.
        message: String,
        /// The request field at fault, if one is.
        field: Option<&'static str>,
    },
    /// 413: the request body is over the size cap.
    #[error("the request body is larger than the server takes ({0} KB at most)")]
    PayloadTooLarge(usize),
    /// 429: a rate limit is spent; try again after this many seconds.
    #[error("too many requests of this kind; try again in {0} seconds")]
    RateLimited(u64),
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
            Self::Validation(_) | Self::Field(_) | Self::JsonField { .. } => ErrorKind::Validation,
            Self::Unauthorized(_) | Self::InvalidToken => ErrorKind::Unauthorized,
            Self::Forbidden(_) => ErrorKind::Forbidden,
            Self::Conflict { .. } => ErrorKind::Conflict,
            Self::PayloadTooLarge(_) => ErrorKind::PayloadTooLarge,
            Self::RateLimited(_) => ErrorKind::RateLimited,
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
        let field = match &self {
            Self::Field(error) => Some(error.field),
            Self::JsonField { field, .. } => Some(field.as_str()),
            Self::Conflict { field, .. } => *field,
            _ => None,
        };
        let body = ApiError { field: field.map(str::to_owned), ..ApiError::new(kind, message) };
        let mut response = (status, Json(body)).into_response();
        match self {
            Self::RateLimited(seconds) => {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            // RFC 6750, section 3: the scheme, and that the token itself is what failed.
            Self::InvalidToken => {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(r#"Bearer error="invalid_token""#));
            }
            _ => {}
        }
        response
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

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => Self::PayloadTooLarge(crate::routes::MAX_BODY_BYTES / 1024),
            StatusCode::UNPROCESSABLE_ENTITY => {
                json_field(&rejection).unwrap_or_else(|| Self::Validation(rejection.body_text()))
            }
            _ => Self::BadRequest(rejection.body_text()),
        }
    }
}

/// The field a JSON body failed on, when the failure is one field's (not a missing field or
/// a body of the wrong shape as a whole): so that validated types in request bodies, which
/// refuse a value while it is read, name their field like any other rule does.
fn json_field(rejection: &JsonRejection) -> Option<AppError> {
    let mut source = std::error::Error::source(rejection);
    while let Some(error) = source {
        if let Some(error) = error.downcast_ref::<serde_path_to_error::Error<serde_json::Error>>() {
            let field = error.path().to_string();
            if field == "." {
                return None;
            }
            let inner = error.inner();
            let message = inner.to_string();
            // People are told what is wrong, not where in the JSON text it stood.
            let position = format!(" at line {} column {}", inner.line(), inner.column());
            let message = message.strip_suffix(&position).unwrap_or(&message).to_owned();
            return Some(AppError::JsonField { field, message });
        }
        source = error.source();
    }
    None
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

    async fn error_body(error: AppError) -> ApiError {
        let response = error.into_response();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = to_bytes(response.into_body(), 4096).await.unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    #[tokio::test]
    async fn a_json_field_that_cannot_be_read_is_named() {
        let answer = |json: &[u8]| {
            let rejection = axum::Json::<schrieb_api::DraftRequest>::from_bytes(json).unwrap_err();
            error_body(AppError::from(rejection))
        };
        let blank = answer(br#"{"body": "  "}"#).await;
        assert_eq!((blank.field.as_deref(), blank.message.as_str()), (Some("body"), "a draft needs some text"));
        let mistyped = answer(br#"{"body": 7}"#).await;
        assert_eq!(mistyped.field.as_deref(), Some("body"));
        assert!(mistyped.message.starts_with("invalid type: integer `7`"), "{}", mistyped.message);
        // A missing field is the body's fault as a whole: no field to point at.
        let missing = answer(b"{}").await;
        assert_eq!(missing.field, None);
        assert!(missing.message.contains("missing field `body`"), "{}", missing.message);
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
