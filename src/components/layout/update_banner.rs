use leptos::prelude::*;

use crate::i18n::{t, use_i18n};
use crate::pwa::use_pwa;

/// "A new version is available — reload", once a new deployment's service worker is installed
/// and waits. Reloading lets it take over; until then the reader keeps the version they have,
/// with whatever they are writing.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let pwa = use_pwa();
    view! {
        <Show when=move || pwa.update_ready.get()>
            <div class="update-banner" role="status">
                <p class="update-banner__text">{t!(i18n, offline.update)}</p>
                <button type="button" class="button button--small" on:click=move |_| pwa.reload_into_update()>
                    {t!(i18n, offline.reload)}
                </button>
            </div>
        </Show>
    }
}
