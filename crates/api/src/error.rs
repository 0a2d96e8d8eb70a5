//! The one error shape every endpoint answers with, and every client decodes.

use serde::{Deserialize, Serialize};

use crate::Reason;

/// What went wrong, as a stable machine-readable code (`"not_found"`, `"bad_request"`, ...).
///
/// Clients switch on this, never on the message; the message is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// 400: the request itself is malformed (a query parameter that is not a number, ...).
    BadRequest,
    /// 404: the thing asked for does not exist.
    NotFound,
    /// 404: no API endpoint has this path.
    NoRoute,
    /// 405: the endpoint exists but not with this method.
    MethodNotAllowed,
    /// 401: not logged in, the session has ended, or the email address and password do not
    /// match.
    Unauthorized,
    /// 403: logged in, but not allowed to do this (someone else's comment, a cross-site request).
    Forbidden,
    /// 409: clashes with what exists (a display name taken, the same comment twice in a row).
    Conflict,
    /// 413: the request body is larger than the server takes.
    PayloadTooLarge,
    /// 422: the request is well-formed but breaks a rule (a limit, a required field).
    Validation,
    /// 429: too many requests of this kind; `Retry-After` says when to try again.
    RateLimited,
    /// 500: something broke on the server; details are in its log, never in the answer.
    Internal,
}

impl ErrorKind {
    /// The HTTP status that goes with this kind of error.
    pub fn status(self) -> u16 {
        match self {
            Self::BadRequest => 400,
            Self::NotFound | Self::NoRoute => 404,
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::MethodNotAllowed => 405,
            Self::Conflict => 409,
            Self::PayloadTooLarge => 413,
            Self::Validation => 422,
            Self::RateLimited => 429,
            Self::Internal => 500,
        }
    }
}

/// The JSON body of every error answer: `{"error":"not_found","message":"…"}`, and for a
/// refusal a reader can act on, the rule broken:
/// `{"error":"rate_limited","message":"…","reason":{"rule":"too_fast","retry_after":42}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[error("{message}")]
pub struct ApiError {
    /// The machine-readable kind.
    pub error: ErrorKind,
    /// A sentence in English, for logs and people reading the API by hand; the app never shows
    /// it, but words `error` and `reason` in the reader's language.
    pub message: String,
    /// For a validation error, the request field at fault, so a form can show it there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The rule broken, with its numbers: every 409, 413, 422 and 429 has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
}

impl ApiError {
    /// An error of `kind` with a message for people.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { error: kind, message: message.into(), field: None, reason: None }
    }

    /// A refusal of `kind` for breaking `reason`, with the English sentence for it.
    pub fn refused(kind: ErrorKind, reason: Reason, message: impl Into<String>) -> Self {
        Self { reason: Some(reason), ..Self::new(kind, message) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_to_the_documented_shape() {
        let error = ApiError::new(ErrorKind::NotFound, "no article with this slug");
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json, serde_json::json!({"error": "not_found", "message": "no article with this slug"}));
    }

    #[test]
    fn a_refusal_carries_its_rule_beside_the_message() {
        let error = ApiError {
            field: Some("body".into()),
            ..ApiError::refused(ErrorKind::Conflict, Reason::SameAsLast, "this is the same comment you just posted")
        };
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["reason"], serde_json::json!({"rule": "same_as_last"}));
        assert_eq!(serde_json::from_value::<ApiError>(json).unwrap(), error);
    }

    #[test]
    fn decodes_every_kind_round_trip() {
        for kind in [
            ErrorKind::BadRequest,
            ErrorKind::NotFound,
            ErrorKind::NoRoute,
            ErrorKind::MethodNotAllowed,
            ErrorKind::Unauthorized,
            ErrorKind::Forbidden,
            ErrorKind::Conflict,
            ErrorKind::PayloadTooLarge,
            ErrorKind::Validation,
            ErrorKind::RateLimited,
            ErrorKind::Internal,
        ] {
            let text = serde_json::to_string(&ApiError::new(kind, "x")).unwrap();
            let back: ApiError = serde_json::from_str(&text).unwrap();
            assert_eq!(back.error, kind);
        }
    }
}
