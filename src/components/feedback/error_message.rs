use leptos::prelude::*;
use schrieb_api::ErrorKind;

use super::reason_text;
use crate::api::ClientError;
use crate::i18n::{t, use_i18n};

/// A failed request in words, for beside a form, in the reader's language: what kind of
/// failure, and for a refusal the rule broken with its numbers (never the server's English).
/// Announced to screen readers.
#[component]
pub fn ErrorMessage(
    /// What failed.
    error: ClientError,
) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, detail) = match &error {
        ClientError::Network(_) => (Some(t!(i18n, error.network).into_any()), None),
        ClientError::Unexpected(_) => (Some(t!(i18n, error.unexpected).into_any()), None),
        ClientError::NotKept(_) => (Some(t!(i18n, error.not_kept).into_any()), None),
        ClientError::Api(api) => {
            let detail = api.reason.as_ref().map(|reason| reason_text(i18n, reason));
            let kind = match api.error {
                // A broken rule is introduced as one; the other refusals say it all in the reason.
                ErrorKind::Validation => Some(t!(i18n, error.validation).into_any()),
                _ if detail.is_some() => None,
                ErrorKind::Unauthorized => Some(t!(i18n, error.unauthorized).into_any()),
                ErrorKind::Forbidden => Some(t!(i18n, error.forbidden).into_any()),
                ErrorKind::RateLimited => Some(t!(i18n, error.rate_limited).into_any()),
                ErrorKind::PayloadTooLarge => Some(t!(i18n, error.too_large).into_any()),
                ErrorKind::Conflict => Some(t!(i18n, error.conflict).into_any()),
                ErrorKind::NotFound | ErrorKind::NoRoute => Some(t!(i18n, error.not_found).into_any()),
                ErrorKind::BadRequest | ErrorKind::MethodNotAllowed => Some(t!(i18n, error.bad_request).into_any()),
                ErrorKind::Internal => Some(t!(i18n, error.internal).into_any()),
            };
            (kind, detail)
        }
    };
    let space = (kind.is_some() && detail.is_some()).then_some(" ");
    view! {
        <p class="form-error" role="alert">
            {kind}
            {space}
            {detail.map(|detail| view! { <span class="form-error__detail">{detail}</span> })}
        </p>
    }
}
