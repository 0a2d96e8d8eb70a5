use leptos::prelude::*;
use schrieb_api::ErrorKind;

use crate::api::ClientError;
use crate::i18n::{t, use_i18n};

/// A failed request in words, for beside a form: what kind of failure, and for a broken rule
/// the server's own words naming it. Announced to screen readers.
#[component]
pub fn ErrorMessage(
    /// What failed.
    error: ClientError,
) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, detail) = match &error {
        ClientError::Network(_) => (t!(i18n, error.network).into_any(), None),
        ClientError::Unexpected(_) => (t!(i18n, error.unexpected).into_any(), None),
        ClientError::NotKept(_) => (t!(i18n, error.not_kept).into_any(), None),
        ClientError::Api(api) => {
            let detail = matches!(api.error, ErrorKind::Validation | ErrorKind::Conflict).then(|| api.message.clone());
            let kind = match api.error {
                ErrorKind::Unauthorized => t!(i18n, error.unauthorized).into_any(),
                ErrorKind::Forbidden => t!(i18n, error.forbidden).into_any(),
                ErrorKind::RateLimited => t!(i18n, error.rate_limited).into_any(),
                ErrorKind::PayloadTooLarge => t!(i18n, error.too_large).into_any(),
                ErrorKind::Validation => t!(i18n, error.validation).into_any(),
                ErrorKind::Conflict => t!(i18n, error.conflict).into_any(),
                ErrorKind::NotFound | ErrorKind::NoRoute => t!(i18n, error.not_found).into_any(),
                ErrorKind::BadRequest | ErrorKind::MethodNotAllowed => t!(i18n, error.bad_request).into_any(),
                ErrorKind::Internal => t!(i18n, error.internal).into_any(),
            };
            (kind, detail)
        }
    };
    view! {
        <p class="form-error" role="alert">
            {kind}
            {detail.map(|detail| view! { " " <span class="form-error__detail">{detail}</span> })}
        </p>
    }
}
