use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::account::RegisterForm;
use crate::i18n::{t, t_string, use_i18n};

/// `/register`: a new account; the address is confirmed by mail.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, account.register_title).to_owned()/>
        <section class="account-page" aria-labelledby="register-title">
            <h1 id="register-title">{t!(i18n, account.register_title)}</h1>
            <RegisterForm/>
            <p class="account-page__switch">{t!(i18n, account.have_account)} " " <a href="/login">{t!(i18n, account.login)}</a></p>
        </section>
    }
}
