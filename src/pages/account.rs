use leptos::prelude::*;
use leptos_meta::Title;
use schrieb_api::Role;

use crate::components::account::{LoginForm, PasswordForm};
use crate::i18n::{t, t_string, use_i18n};
use crate::session::use_session;

/// `/account`: who is logged in, their profile link, and changing the password.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let role = move |role: Role| match role {
        Role::Reader => t!(i18n, account.role_reader).into_any(),
        Role::Moderator => t!(i18n, account.role_moderator).into_any(),
        Role::Admin => t!(i18n, account.role_admin).into_any(),
    };
    view! {
        <Title text=move || t_string!(i18n, account.account_title).to_owned()/>
        <section class="account-page" aria-labelledby="account-title">
            <h1 id="account-title">{t!(i18n, account.account_title)}</h1>
            {move || match session.me.get() {
                Some(me) => view! {
                    <dl class="account-page__facts">
                        <dt>{t!(i18n, account.display_name)}</dt><dd>{me.display_name.clone()}</dd>
                        <dt>{t!(i18n, account.email)}</dt><dd>{me.email.clone()}</dd>
                        <dt>{t!(i18n, account.role)}</dt><dd>{role(me.role)}</dd>
                    </dl>
                    <p><a href=format!("/u/{}", me.id)>{t!(i18n, account.profile)}</a></p>
                    <h2>{t!(i18n, account.change_password)}</h2>
                    <PasswordForm/>
                }
                .into_any(),
                None if session.known.get() => view! { <LoginForm next="/account"/> }.into_any(),
                None => ().into_any(),
            }}
        </section>
    }
}
