//! Extractors whose rejections answer in the shared error shape instead of axum's plain text.

use axum::extract::{FromRequest, FromRequestParts, Path, Query};

use crate::error::AppError;

/// [`Query`] that rejects with [`AppError::BadRequest`].
#[derive(FromRequestParts)]
#[from_request(via(Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

/// [`Path`] that rejects with [`AppError::BadRequest`].
#[derive(FromRequestParts)]
#[from_request(via(Path), rejection(AppError))]
pub struct ApiPath<T>(pub T);

/// [`axum::Json`] whose rejections answer in the shared shape: malformed JSON is a 400, a
/// missing or mistyped field a 422, a body over the cap a 413.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);
