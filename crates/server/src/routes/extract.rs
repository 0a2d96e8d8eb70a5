//! Extractors whose rejections answer in the shared error shape instead of axum's plain text.

use axum::extract::{FromRequest, FromRequestParts, Path, Query};
use axum::http::StatusCode;
use axum::http::request::Parts;
use schrieb_api::{IDEMPOTENCY_KEY_HEADER, IdempotencyKey, PageNumber};

use crate::error::AppError;
use crate::limits::MAX_BODY_BYTES;

/// The query of a paged list (`?page=N`); `page` stays text so that a bad value gets our own
/// message.
#[derive(Debug, serde::Deserialize)]
pub struct PageQuery {
    page: Option<String>,
}

impl PageQuery {
    /// The page asked for, 1 without one.
    pub fn page(&self) -> Result<PageNumber, AppError> {
        page_number(self.page.as_deref())
    }
}

/// The page `raw` names (1 when `None`), or a 400 saying why it names none.
pub fn page_number(raw: Option<&str>) -> Result<PageNumber, AppError> {
    raw.map_or(Ok(PageNumber::FIRST), |raw| {
        PageNumber::parse(raw).map_err(|error| AppError::BadRequest(error.to_string()))
    })
}

/// [`Query`] that rejects with [`AppError::BadRequest`].
#[derive(FromRequestParts)]
#[from_request(via(Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

/// [`Path`] that rejects with [`AppError::BadRequest`].
#[derive(FromRequestParts)]
#[from_request(via(Path), rejection(AppError))]
pub struct ApiPath<T>(pub T);

/// [`axum::Json`] whose rejections answer in the shared shape: malformed JSON is a 400, a
/// missing or mistyped field a 422, a body over the cap a 413 naming the route's cap.
pub struct ApiJson<T>(pub T);

/// The largest body a route takes, when it is not [`MAX_BODY_BYTES`]: set beside its
/// `DefaultBodyLimit`, so that a 413 names the cap that refused the body.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    axum::Json<T>: FromRequest<S, Rejection = axum::extract::rejection::JsonRejection>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let limit = request.extensions().get::<BodyLimit>().map_or(MAX_BODY_BYTES, |limit| limit.0);
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(AppError::PayloadTooLarge { max_bytes: limit })
            }
            Err(rejection) => Err(rejection.into()),
        }
    }
}

/// The optional `Idempotency-Key` request header (the IETF httpapi draft's): `None` when it is
/// absent. One that is malformed, or sent more than once, is refused with
/// [`AppError::BadRequest`] naming the header, never ignored: the client counts on it.
pub struct IdempotencyHeader(pub Option<IdempotencyKey>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyHeader {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let malformed = |reason: &str| AppError::BadRequest(format!("malformed Idempotency-Key header: {reason}"));
        let mut values = parts.headers.get_all(IDEMPOTENCY_KEY_HEADER).iter();
        let Some(value) = values.next() else { return Ok(Self(None)) };
        if values.next().is_some() {
            return Err(malformed("send it once"));
        }
        let text = value.to_str().map_err(|_| malformed("not ASCII text"))?;
        let key = IdempotencyKey::parse(text).map_err(|error| malformed(&error.to_string()))?;
        Ok(Self(Some(key)))
    }
}
