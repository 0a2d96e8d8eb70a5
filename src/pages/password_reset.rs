use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

use crate::components::account::{ResetPasswordForm, ResetRequestForm};
use crate::i18n::{t, t_string, use_i18n};

/// `/password-reset`: asking for a reset link; `/password-reset#token=…` (the mailed link,
/// its token in the fragment, out of server logs): setting the new password.
#[component]
pub fn PasswordResetPage() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let token =
        move || location.hash.get().strip_prefix("#token=").filter(|token| !token.is_empty()).map(str::to_owned);
    view! {
        <Title text=move || t_string!(i18n, account.reset_title).to_owned()/>
        <section class="account-page" aria-labelledby="reset-title">
            <h1 id="reset-title">{t!(i18n, account.reset_title)}</h1>
            {move || match token() {
                Some(token) => view! {
                    <p>{t!(i18n, account.reset_choose)}</p>
                    <ResetPasswordForm token=token/>
                }
                .into_any(),
                None => view! {
                    <p>{t!(i18n, account.reset_intro)}</p>
                    <ResetRequestForm/>
                }
                .into_any(),
            }}
        </section>
    }
}
