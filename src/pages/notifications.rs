use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use schrieb_api::paths::AppLink;

use crate::api;
use crate::components::account::LoginForm;
use crate::components::feedback::ErrorPanel;
use crate::components::notifications::NotificationList;
use crate::i18n::{t, t_string, use_i18n};
use crate::loaded::use_loaded;
use crate::session::use_session;

/// `/notifications?page=N`: the reader's notifications, newest first, and the way to how they
/// hear of them (the settings); the login form for someone logged out.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let page =
        move || query.with(|query| query.get("page").and_then(|page| page.parse::<u32>().ok()).unwrap_or(1).max(1));
    let logged_in = move || session.me.with(Option::is_some);
    let notifications = use_loaded(
        move || (page(), logged_in()),
        None,
        move |(page, logged_in)| async move { if logged_in { api::notifications(page).await.map(Some) } else { Ok(None) } },
    );
    view! {
        <Title text=move || t_string!(i18n, notifications.title).to_owned()/>
        <section class="notifications" aria-labelledby="notifications-title">
            <div class="notifications__head">
                <h1 id="notifications-title">{t!(i18n, notifications.title)}</h1>
                {move || logged_in().then(|| view! {
                    <a class="notifications__settings" href=AppLink::NotificationSettings.href()>
                        {t!(i18n, notifications.settings_link)}
                    </a>
                })}
            </div>
            {move || match (session.me.get(), notifications.get()) {
                (None, _) if session.known.get() => view! { <LoginForm next="/notifications"/> }.into_any(),
                (Some(_), Some(Ok(Some(page)))) => view! { <NotificationList page=page/> }.into_any(),
                (Some(_), Some(Err(error))) => view! { <ErrorPanel error=error on_retry=move || notifications.reload()/> }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}
