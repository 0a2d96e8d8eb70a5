use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use schrieb_api::{Email, PasswordResetRequest, Reason};

use super::FieldProblemText;
use crate::api;
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, use_i18n};
use crate::write::use_write;

/// A forgotten password, first step: the address to mail a reset link to. The answer is the
/// same whether an account has it or not, and so are the words shown.
#[component]
pub fn ResetRequestForm() -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Reason>);
    let ask = use_write(move |request: &PasswordResetRequest| {
        let request = request.clone();
        async move { api::request_password_reset(&request).await }
    });
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let typed = email.get_untracked();
        problem.set(Email::parse(&typed).err().as_ref().map(Reason::from));
        if problem.with_untracked(Option::is_none) {
            ask.send(PasswordResetRequest { email: typed.trim().to_owned() });
        }
    };
    view! {
        <form class="form" on:submit=submit novalidate>
            <label class="field">
                <span class="field__label">{t!(i18n, account.email)}</span>
                <input class="field__input" type="email" name="email" autocomplete="email" required
                    aria-describedby="reset-email-problem" bind:value=email/>
            </label>
            <FieldProblemText id="reset-email-problem" problem=problem/>
            {move || ask.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
            {move || ask.success.with(Option::is_some).then(|| view! {
                <p class="form-notice" role="status">{t!(i18n, account.reset_sent)}</p>
            })}
            <button class="button" type="submit" disabled=move || ask.pending.get()>{t!(i18n, account.reset_send)}</button>
        </form>
    }
}
