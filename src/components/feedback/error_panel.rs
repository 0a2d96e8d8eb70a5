use leptos::prelude::*;
use schrieb_api::ErrorKind;

use super::OfflineNotice;
use crate::api::ClientError;
use crate::i18n::{t, use_i18n};

/// A failed request in words, with a retry button. Offline, a read that failed for want of a
/// connection is something never read on this device (what was, the service worker answers):
/// the [`OfflineNotice`] says so and lists what can be read.
#[component]
pub fn ErrorPanel(
    /// What failed.
    error: ClientError,
    /// Called when the reader asks to try again.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    if matches!(error, ClientError::Network(_)) && !window().navigator().on_line() {
        return view! { <OfflineNotice on_retry=on_retry/> }.into_any();
    }
    let explanation = move || match &error {
        ClientError::Network(_) => t!(i18n, error.network).into_any(),
        ClientError::Unexpected(_) => t!(i18n, error.unexpected).into_any(),
        ClientError::NotKept(_) => t!(i18n, error.not_kept).into_any(),
        ClientError::Api(api) => match api.error {
            ErrorKind::NotFound | ErrorKind::NoRoute => t!(i18n, error.not_found).into_any(),
            ErrorKind::BadRequest | ErrorKind::MethodNotAllowed | ErrorKind::Validation => {
                t!(i18n, error.bad_request).into_any()
            }
            ErrorKind::Unauthorized => t!(i18n, error.unauthorized).into_any(),
            ErrorKind::Forbidden => t!(i18n, error.forbidden).into_any(),
            ErrorKind::Conflict => t!(i18n, error.conflict).into_any(),
            ErrorKind::PayloadTooLarge => t!(i18n, error.too_large).into_any(),
            ErrorKind::RateLimited => t!(i18n, error.rate_limited).into_any(),
            ErrorKind::Internal => t!(i18n, error.internal).into_any(),
        },
    };
    view! {
        <div class="error-panel" role="alert">
            <p class="error-panel__title">{t!(i18n, error.title)}</p>
            <p>{explanation}</p>
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                {t!(i18n, error.retry)}
            </button>
        </div>
    }
    .into_any()
}
