use leptos::ev;
use leptos::prelude::*;
use leptos_use::{use_event_listener, use_window};
use schrieb_api::frame::PopupMessage;
use schrieb_api::paths::WIDGET_LOGIN_PAGE;

use crate::api;
use crate::credentials;
use crate::i18n::{t, use_i18n};
use crate::session::use_session;
use crate::write::use_write;

/// Logging in from the embed widget: a button that opens `/widget-login` in a popup (schrieb's
/// own origin, where the session cookie works), and, while the widget shows, a listener for
/// the token the popup sends back. Logged in, it names the account and offers to log out.
#[component]
pub fn WidgetLogin() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let _ = use_event_listener(use_window(), ev::message, move |event: web_sys::MessageEvent| {
        // Only schrieb's own popup speaks to the widget.
        if window().location().origin().ok().as_deref() != Some(event.origin().as_str()) {
            return;
        }
        let Some(PopupMessage::Token { token }) = crate::dom::from_js_object(&event.data()) else { return };
        credentials::set_bearer(Some(token));
        leptos::task::spawn_local(async move {
            let me = api::me().await.ok().flatten();
            session.me.set(me);
            session.known.set(true);
        });
    });
    let open = move |_| {
        let features = "popup,width=480,height=640";
        let _ = window().open_with_url_and_target_and_features(WIDGET_LOGIN_PAGE, "schrieb-login", features);
    };
    let logout = use_write(move |_: &()| async move {
        api::logout().await?;
        session.me.set(None);
        Ok(())
    });
    view! {
        <p class="widget-login">
            // Nothing until the session is known: a token kept from before may still log the
            // reader in, and a login button that turns into "log out" under the pointer
            // invites the wrong click.
            {move || session.known.get().then(|| match session.me.get() {
                Some(me) => view! {
                    {t!(i18n, embed.logged_in_as, name = me.display_name.clone())} " · "
                    <button type="button" class="link-button" on:click=move |_| logout.send(())>{t!(i18n, embed.logout)}</button>
                }
                .into_any(),
                None => view! {
                    <button type="button" class="button button--quiet widget-login__button" on:click=open>{t!(i18n, embed.login)}</button>
                }
                .into_any(),
            })}
        </p>
    }
}
