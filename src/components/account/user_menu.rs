use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use schrieb_api::paths::AppLink;

use crate::api;
use crate::components::notifications::NotificationBell;
use crate::i18n::{t, use_i18n};
use crate::session::use_session;
use crate::write::use_write;

/// In the header: the account's name (to its page) and "log out"; or "log in" (back to this
/// page afterwards) and "register".
#[component]
pub fn UserMenu() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    let login_href = move || {
        let here = format!("{}{}", location.pathname.get(), location.search.get());
        AppLink::Login { next: Some(&here) }.href()
    };
    let logout = use_write(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            api::logout().await?;
            session.me.set(None);
            navigate("/", Default::default());
            Ok(())
        }
    });
    view! {
        <nav class="user-menu" aria-label=move || leptos_i18n::t_string!(i18n, account.menu)>
            {move || match session.me.get() {
                Some(me) => view! {
                    {me.role.moderates().then(|| view! {
                        <a class="user-menu__link" href=AppLink::Moderation.href()>{t!(i18n, moderation.title)}</a>
                    })}
                    {(me.role == schrieb_api::Role::Admin).then(|| view! {
                        <a class="user-menu__link" href=AppLink::Admin(None).href()>{t!(i18n, admin.title)}</a>
                    })}
                    <NotificationBell/>
                    <a class="user-menu__name" href="/account">{me.display_name}</a>
                    <button class="user-menu__button" type="button" on:click=move |_| logout.send(())>{t!(i18n, account.logout)}</button>
                }
                .into_any(),
                None if session.known.get() => view! {
                    <a class="user-menu__link" href=login_href>{t!(i18n, account.login)}</a>
                    <a class="user-menu__link" href="/register">{t!(i18n, account.register)}</a>
                }
                .into_any(),
                None => ().into_any(),
            }}
        </nav>
    }
}
