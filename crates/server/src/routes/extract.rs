//! Extractors whose rejections answer in the shared error shape instead of axum's plain text.

use axum::extract::{FromRequestParts, Path, Query};

use crate::error::AppError;

/// [`Query`] that rejects with [`AppError::BadRequest`].
#[derive(FromRequestParts)]
#[from_request(via(Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

/// [`Path`] that rejects with [`AppError::BadRequest`].
#[derive(FromRequestParts)]
#[from_request(via(Path), rejection(AppError))]
pub struct ApiPath<T>(pub T);
