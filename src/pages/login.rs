use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use schrieb_api::paths::is_local_path;

use crate::components::account::LoginForm;
use crate::i18n::{t, t_string, use_i18n};

/// `/login?next=/a/…`: logging in, then back to where the reader was.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // Only paths of this site: an absolute URL (or `/\evil.example`, which browsers read as
    // one) would make the form an open redirect.
    let next = move || query.read().get("next").filter(|next| is_local_path(next)).unwrap_or_else(|| "/".into());
    view! {
        <Title text=move || t_string!(i18n, account.login_title).to_owned()/>
        <section class="account-page" aria-labelledby="login-title">
            <h1 id="login-title">{t!(i18n, account.login_title)}</h1>
            {move || view! { <LoginForm next=next()/> }}
            <p class="account-page__switch">{t!(i18n, account.no_account)} " " <a href="/register">{t!(i18n, account.register)}</a></p>
        </section>
    }
}
