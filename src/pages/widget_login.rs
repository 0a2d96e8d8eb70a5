use leptos::prelude::*;
use leptos_meta::Title;
use schrieb_api::frame::PopupMessage;
use schrieb_api::paths::WIDGET_LOGIN_PAGE;

use crate::api;
use crate::components::account::LoginForm;
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, t_string, use_i18n};
use crate::session::use_session;
use crate::write::use_write;

/// `/widget-login`: the popup the embed widget opens to log in. It runs at schrieb's own origin,
/// where the session cookie works: once the reader is logged in (now, or from before), it asks
/// for a widget token, hands it to the widget that opened it (`postMessage` to this origin
/// only), and closes.
#[component]
pub fn WidgetLoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // This window logs in with the cookie; a token it was handed by its opener (browsers copy
    // session storage into popups of the same origin) would speak for it instead.
    crate::credentials::set_bearer(None);
    let token = use_write(|_: &()| async {
        let token = api::widget_token().await?;
        hand_over(&token.token);
        Ok(())
    });
    // Asked once, as soon as someone is logged in.
    let asked = StoredValue::new(false);
    Effect::new(move |_| {
        if !session.known.get() || session.me.with(Option::is_none) || asked.get_value() {
            return;
        }
        asked.set_value(true);
        token.send(());
    });
    view! {
        <Title text=move || t_string!(i18n, account.login_title).to_owned()/>
        <section class="account-page" aria-labelledby="login-title">
            <h1 id="login-title">{t!(i18n, account.login_title)}</h1>
            <Show
                when=move || session.me.with(Option::is_some)
                fallback=|| view! { <LoginForm next=WIDGET_LOGIN_PAGE.to_owned()/> }
            >
                <p>{t!(i18n, embed.logged_in_popup)}</p>
            </Show>
            {move || token.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
            <p class="account-page__switch">{t!(i18n, account.no_account)} " " <a href="/register">{t!(i18n, account.register)}</a></p>
        </section>
    }
}

/// Gives `token` to the widget that opened this window, and closes it.
fn hand_over(token: &str) {
    let Ok(origin) = window().location().origin() else { return };
    let Ok(opener) = window().opener() else { return };
    if opener.is_null() || opener.is_undefined() {
        return;
    }
    // The opener is a window of another realm (the widget's frame): `instanceof Window` is
    // false there, so the cast cannot be checked.
    let opener = wasm_bindgen::JsCast::unchecked_into::<web_sys::Window>(opener);
    let message = crate::dom::to_js_object(&PopupMessage::Token { token: token.to_owned() });
    // Only a window of schrieb's own origin receives it.
    if opener.post_message(&message, &origin).is_ok() {
        let _ = window().close();
    }
}
