use leptos::prelude::*;

use crate::i18n::{t, use_i18n};
use crate::pwa;

/// What the reader sees offline in place of something never read on this device: that it
/// cannot be shown without a connection, and the articles that can.
#[component]
pub fn OfflineNotice(
    /// Called when the reader asks to try again.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Without a worker (nothing kept) the list is empty.
    let readable = LocalResource::new(|| async { pwa::readable().await.unwrap_or_default() });
    let list = move || {
        let articles = readable.get().unwrap_or_default();
        if articles.is_empty() {
            return view! { <p>{t!(i18n, offline.nothing_readable)}</p> }.into_any();
        }
        view! {
            <p>{t!(i18n, offline.readable)}</p>
            <ul class="offline-notice__list">
                {articles
                    .into_iter()
                    .map(|article| view! { <li><a href=format!("/a/{}", article.slug)>{article.title}</a></li> })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <div class="error-panel offline-notice" role="alert">
            <p class="error-panel__title">{t!(i18n, offline.offline_title)}</p>
            <p>{t!(i18n, offline.never_read)}</p>
            {list}
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                {t!(i18n, error.retry)}
            </button>
        </div>
    }
}
