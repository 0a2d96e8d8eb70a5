use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use schrieb_api::paths::AppLink;
use schrieb_api::{Password, PasswordResetConfirm, Reason};

use super::FieldProblemText;
use crate::api;
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, use_i18n};
use crate::write::use_write;

/// A forgotten password, second step: the new password, sent with the mailed link's token.
/// Every session of the account ends; the reader logs in again with the new password.
#[component]
pub fn ResetPasswordForm(
    /// The token from the link.
    token: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Reason>);
    let set = use_write(move |request: &PasswordResetConfirm| {
        let request = request.clone();
        async move { api::confirm_password_reset(&request).await }
    });
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let typed = password.get_untracked();
        problem.set(Password::parse(&typed).err().as_ref().map(Reason::from));
        if problem.with_untracked(Option::is_none) {
            set.send(PasswordResetConfirm { token: token.clone(), password: typed });
        }
    };
    view! {
        {move || if set.success.with(Option::is_some) {
            view! {
                <p class="form-notice" role="status">{t!(i18n, account.reset_done)}</p>
                <p><a class="button" href=AppLink::Login { next: None }.href()>{t!(i18n, account.login)}</a></p>
            }
            .into_any()
        } else {
            let submit = submit.clone();
            view! {
                <form class="form" on:submit=submit novalidate>
                    <label class="field">
                        <span class="field__label">{t!(i18n, account.new_password)}</span>
                        <input class="field__input" type="password" name="password" autocomplete="new-password" required
                            aria-describedby="reset-password-problem" bind:value=password/>
                    </label>
                    <FieldProblemText id="reset-password-problem" problem=problem/>
                    {move || set.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
                    <button class="button" type="submit" disabled=move || set.pending.get()>{t!(i18n, account.reset_set)}</button>
                </form>
            }
            .into_any()
        }}
    }
}
