use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use schrieb_api::paths::AppLink;
use schrieb_api::{ErrorKind, LoginRequest};

use crate::api::{self, ClientError};
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, use_i18n};
use crate::session::use_session;
use crate::write::use_write;

/// Email address and password; on success the session knows the account and the reader goes
/// on to `next`.
#[component]
pub fn LoginForm(
    /// Where to go after logging in (a path of this site).
    #[prop(into)]
    next: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let login = use_write(move |request: &LoginRequest| {
        let (request, navigate, next) = (request.clone(), navigate.clone(), next.clone());
        async move {
            let me = api::login(&request).await?;
            session.me.set(Some(me));
            navigate(&next, Default::default());
            Ok(())
        }
    });
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        login.send(LoginRequest { email: email.get_untracked(), password: password.get_untracked() });
    };
    let problem = move || {
        login.failure.get().map(|error| match error.kind() {
            Some(ErrorKind::Unauthorized) => {
                view! { <p class="form-error" role="alert">{t!(i18n, account.login_wrong)}</p> }.into_any()
            }
            // A banned account is refused with the ban's reason; an unconfirmed one without.
            Some(ErrorKind::Forbidden) if !matches!(&error, ClientError::Api(api) if api.reason.is_some()) => {
                view! { <p class="form-error" role="alert">{t!(i18n, account.login_unconfirmed)}</p> }.into_any()
            }
            _ => view! { <ErrorMessage error=error/> }.into_any(),
        })
    };
    view! {
        <form class="form" on:submit=submit novalidate>
            <label class="field">
                <span class="field__label">{t!(i18n, account.email)}</span>
                <input class="field__input" type="email" name="email" autocomplete="email" required bind:value=email/>
            </label>
            <label class="field">
                <span class="field__label">{t!(i18n, account.password)}</span>
                <input class="field__input" type="password" name="password" autocomplete="current-password" required bind:value=password/>
            </label>
            {problem}
            <button class="button" type="submit" disabled=move || login.pending.get()>
                {move || if login.pending.get() { t!(i18n, account.login_pending).into_any() } else { t!(i18n, account.login).into_any() }}
            </button>
            <p class="form__aside"><a href=AppLink::PasswordReset(None).href()>{t!(i18n, account.forgot)}</a></p>
        </form>
    }
}
