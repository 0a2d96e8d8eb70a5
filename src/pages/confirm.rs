use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

use crate::api;
use crate::i18n::{t, t_string, use_i18n};
use crate::session::use_session;

/// `/confirm#token=…`: the link from the registration mail. The token sits in the fragment, so
/// it never reaches a server log; the app sends it in a request body.
#[component]
pub fn ConfirmPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    let token = location.hash.get_untracked().strip_prefix("#token=").map(str::to_owned).unwrap_or_default();
    let outcome = LocalResource::new(move || {
        let token = token.clone();
        async move { api::verify(&token).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(me)) = outcome.get() {
            session.me.set(Some(me));
        }
    });
    view! {
        <Title text=move || t_string!(i18n, account.confirm_title).to_owned()/>
        <section class="account-page" aria-labelledby="confirm-title">
            <h1 id="confirm-title">{t!(i18n, account.confirm_title)}</h1>
            <Suspense fallback=move || view! { <p role="status">{t!(i18n, account.confirming)}</p> }>
                {move || Suspend::new(async move {
                    match outcome.await {
                        Ok(_) => view! { <p class="form-notice" role="status">{t!(i18n, account.confirmed)}</p> }.into_any(),
                        Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, account.confirm_failed)}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <p><a class="button" href="/">{t!(i18n, account.to_home)}</a></p>
        </section>
    }
}
