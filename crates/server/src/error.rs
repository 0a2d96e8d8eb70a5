//! The server's one error type, and how each error answers over HTTP.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schrieb_api::{ApiError, ErrorKind, Reason, permissions};

use crate::db::DbError;
use crate::domain::{DomainError, Refusal};
use crate::limits::{MAX_BODY_BYTES, Spent};

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
    /// 422: a well-formed request broke a rule: which, with its numbers, and the field at fault
    /// when one is (`body`, or `items[2].name` deeper down).
    #[error("{message}")]
    Refused {
        /// The rule broken, for the client to word.
        reason: Reason,
        /// The same in English, for logs and `curl`.
        message: String,
        /// The request field at fault, if one is.
        field: Option<String>,
    },
    /// 401: no live session, or an email address and password that do not match.
    #[error("{0}")]
    Unauthorized(String),
    /// 401: the session was ended by a ban; `reason` tells its owner why.
    #[error("{message}")]
    Banned {
        /// [`Reason::AccountBanned`] with the moderator's words.
        reason: Reason,
        /// The same in English.
        message: String,
        /// Whether the request named it with a bearer token: the answer then says, as for any
        /// dead token, that the client must drop it.
        bearer: bool,
    },
    /// 401: an `Authorization: Bearer` token that names no live session (unknown, expired or
    /// logged out), also where logging in is optional: the client must drop it rather than go
    /// on unknowingly anonymous. Answered with `WWW-Authenticate: Bearer error="invalid_token"`.
    #[error("the widget token is unknown, expired or logged out; drop it and log in again")]
    InvalidToken,
    /// 403: logged in but not allowed, or a cross-site write.
    #[error("{0}")]
    Forbidden(String),
    /// 403: the account may not take part now (banned or suspended), with the sanction as the
    /// reason, for the client to tell its owner why.
    #[error("{message}")]
    Barred {
        /// The sanction, for the client to word.
        reason: Reason,
        /// The same in English.
        message: String,
    },
    /// 409: clashes with what exists; with the field at fault when a form can show it.
    #[error("{message}")]
    Conflict {
        /// What clashes, for the client to word.
        reason: Reason,
        /// The same in English.
        message: String,
        /// The request field at fault, if one is.
        field: Option<&'static str>,
    },
    /// 413: the request body is over the route's cap ([`MAX_BODY_BYTES`] but for a few).
    #[error("the request body is larger than the server takes ({} KB at most)", .max_bytes / 1024)]
    PayloadTooLarge {
        /// The cap, in bytes.
        max_bytes: usize,
    },
    /// 429: a rate limit is spent.
    #[error("too many requests of this kind; try again in {} seconds", .0.retry_after)]
    RateLimited(Spent),
    /// 405: the endpoint does not take this method.
    #[error("this endpoint does not take that method")]
    MethodNotAllowed,
    /// 500: the database failed. Logged with its details, answered with a generic message.
    #[error(transparent)]
    Database(#[from] DbError),
    /// 500: something else broke (a handler panicked); already logged where it happened.
    #[error("internal error")]
    Internal,
    /// 503: this server cannot serve now (its database does not answer, it shuts down): a load
    /// balancer sends the traffic elsewhere. The kind on the wire is `internal`: to a client it
    /// is the server's fault, and no reader's request meets it.
    #[error("{0}")]
    Unavailable(String),
}

impl AppError {
    /// A 422 for breaking `reason`, with its English `message`, not tied to one field.
    pub fn refused(reason: Reason, message: impl Into<String>) -> Self {
        Self::Refused { reason, message: message.into(), field: None }
    }

    fn kind(&self) -> ErrorKind {
        match self {
            Self::BadRequest(_) => ErrorKind::BadRequest,
            Self::NotFound(_) => ErrorKind::NotFound,
            Self::NoRoute(_) => ErrorKind::NoRoute,
            Self::MethodNotAllowed => ErrorKind::MethodNotAllowed,
            Self::Refused { .. } => ErrorKind::Validation,
            Self::Unauthorized(_) | Self::InvalidToken | Self::Banned { .. } => ErrorKind::Unauthorized,
            Self::Forbidden(_) | Self::Barred { .. } => ErrorKind::Forbidden,
            Self::Conflict { .. } => ErrorKind::Conflict,
            Self::PayloadTooLarge { .. } => ErrorKind::PayloadTooLarge,
            Self::RateLimited(_) => ErrorKind::RateLimited,
            Self::Database(_) | Self::Internal | Self::Unavailable(_) => ErrorKind::Internal,
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
        let status = match &self {
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::from_u16(kind.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        };
        let (reason, field) = match &self {
            Self::Refused { reason, field, .. } => (Some(reason.clone()), field.clone()),
            Self::Conflict { reason, field, .. } => (Some(reason.clone()), field.map(str::to_owned)),
            Self::Barred { reason, .. } | Self::Banned { reason, .. } => (Some(reason.clone()), None),
            Self::PayloadTooLarge { max_bytes } => (Some(Reason::TooLarge { max_kb: max_bytes / 1024 }), None),
            Self::RateLimited(spent) => (Some(Reason::TooFast { retry_after: spent.retry_after }), None),
            _ => (None, None),
        };
        let body = ApiError { field, reason, ..ApiError::new(kind, message) };
        let mut response = (status, Json(body)).into_response();
        match self {
            Self::RateLimited(spent) => {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(spent.retry_after));
            }
            // RFC 6750, section 3: the scheme, and that the token itself is what failed.
            Self::InvalidToken | Self::Banned { bearer: true, .. } => {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(r#"Bearer error="invalid_token""#));
            }
            _ => {}
        }
        response
    }
}

impl From<Spent> for AppError {
    fn from(spent: Spent) -> Self {
        Self::RateLimited(spent)
    }
}

impl From<schrieb_api::FieldError> for AppError {
    fn from(error: schrieb_api::FieldError) -> Self {
        Self::Refused { reason: error.reason, message: error.message, field: Some(error.field.to_owned()) }
    }
}

impl From<DomainError> for AppError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::NotFound(message) => Self::NotFound(message),
            DomainError::LoginRequired => Self::Unauthorized(error.to_string()),
            // A deleted comment can be restored: it is in the way, not out of reach.
            DomainError::Denied(denied @ permissions::Denied::Deleted) => {
                Self::Conflict { reason: Reason::CommentDeleted, message: denied.to_string(), field: None }
            }
            DomainError::Denied(denied) => Self::Forbidden(denied.to_string()),
            DomainError::Refused(Refusal { reason, message, field }) => {
                Self::Refused { reason, message, field: field.map(str::to_owned) }
            }
            DomainError::Conflict(Refusal { reason, message, field }) => Self::Conflict { reason, message, field },
            DomainError::Barred(Refusal { reason, message, .. }) => Self::Barred { reason, message },
            DomainError::RateLimited(spent) => Self::RateLimited(spent),
            DomainError::Database(error) => Self::Database(error),
            DomainError::Vanished(_) => Self::Internal,
        }
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => Self::PayloadTooLarge { max_bytes: MAX_BODY_BYTES },
            StatusCode::UNPROCESSABLE_ENTITY => json_field(&rejection).unwrap_or_else(|| {
                let detail = rejection.body_text();
                Self::refused(Reason::Malformed { detail: detail.clone() }, detail)
            }),
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
            let reason = Reason::Malformed { detail: message.clone() };
            return Some(AppError::Refused { reason, message, field: Some(field) });
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
        let response = AppError::from(DomainError::from(error)).into_response();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = to_bytes(response.into_body(), 4096).await.unwrap();
        let error: ApiError = serde_json::from_slice(&body).unwrap();
        assert_eq!(error.error, ErrorKind::Validation);
        assert!(error.message.contains("at most 20,000 characters"), "{}", error.message);
        assert_eq!(error.reason, Some(Reason::CommentTooLong { max: 20_000, actual: 20_001 }));
        assert_eq!(error.field.as_deref(), Some("body"));
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
            let rejection = axum::Json::<schrieb_api::EmbedThreadRequest>::from_bytes(json).unwrap_err();
            error_body(AppError::from(rejection))
        };
        // A validated type that refuses its value as it is read.
        let blank = answer(br#"{"url": "  ", "title": "x"}"#).await;
        assert_eq!(
            (blank.field.as_deref(), blank.message.as_str()),
            (Some("url"), "this is not a web address such as https://blog.example/post")
        );
        let mistyped = answer(br#"{"url": "https://blog.example/", "title": 7}"#).await;
        assert_eq!(mistyped.field.as_deref(), Some("title"));
        assert!(mistyped.message.starts_with("invalid type: integer `7`"), "{}", mistyped.message);
        assert!(matches!(mistyped.reason, Some(Reason::Malformed { .. })), "{:?}", mistyped.reason);
        // A missing field is the body's fault as a whole: no field to point at.
        let missing = answer(b"{}").await;
        assert_eq!(missing.field, None);
        assert!(missing.message.contains("missing field `url`"), "{}", missing.message);
        assert!(matches!(missing.reason, Some(Reason::Malformed { .. })), "{:?}", missing.reason);
    }

    #[tokio::test]
    async fn a_quote_that_misquotes_is_a_422_naming_the_quote() {
        let refused = crate::domain::Misquote::NotInSource { id: 12, author: "Martin".into() };
        let response = AppError::from(DomainError::from(refused)).into_response();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = to_bytes(response.into_body(), 4096).await.unwrap();
        let error: ApiError = serde_json::from_slice(&body).unwrap();
        assert_eq!(error.error, ErrorKind::Validation);
        assert!(error.message.contains("comment 12 by “Martin”"), "{}", error.message);
        assert_eq!(error.reason, Some(Reason::QuoteNotInSource { comment: 12, author: "Martin".into() }));
    }
}
