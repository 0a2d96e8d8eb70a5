use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use schrieb_api::{ChangePasswordRequest, Password, Reason};

use super::FieldProblemText;
use crate::api;
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, use_i18n};
use crate::write::use_write;

/// The request field the server names when the current password is wrong.
const CURRENT_FIELD: &str = "current_password";

/// The current password and a new one; other sessions of the account end when it changes.
#[component]
pub fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let current_problem = RwSignal::new(None::<Reason>);
    let new_problem = RwSignal::new(None::<Reason>);
    let change = use_write(move |request: &ChangePasswordRequest| {
        let request = request.clone();
        async move {
            match api::change_password(&request).await {
                Ok(()) => {
                    current.set(String::new());
                    new.set(String::new());
                    Ok(())
                }
                Err(error) => {
                    if let Some(reason) = error.field_reason(CURRENT_FIELD) {
                        current_problem.set(Some(reason));
                    }
                    Err(error)
                }
            }
        }
    });
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        new_problem.set(Password::parse(&new.get_untracked()).err().as_ref().map(Reason::from));
        current_problem.set(None);
        if new_problem.with_untracked(Option::is_some) {
            return;
        }
        change.send(ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        });
    };
    // A wrong current password is said at its field, not again below the form.
    let failure = move || change.failure.get().filter(|error| error.field_reason(CURRENT_FIELD).is_none());
    let done = move || change.success.with(Option::is_some);
    view! {
        <form class="form" on:submit=submit novalidate>
            <label class="field">
                <span class="field__label">{t!(i18n, account.current_password)}</span>
                <input class="field__input" type="password" name="current_password" autocomplete="current-password"
                    aria-describedby="password-current-problem" bind:value=current/>
            </label>
            <FieldProblemText id="password-current-problem" problem=current_problem/>
            <label class="field">
                <span class="field__label">{t!(i18n, account.new_password)}</span>
                <input class="field__input" type="password" name="new_password" autocomplete="new-password"
                    aria-describedby="password-new-problem" bind:value=new/>
            </label>
            <FieldProblemText id="password-new-problem" problem=new_problem/>
            {move || failure().map(|error| view! { <ErrorMessage error=error/> })}
            {move || done().then(|| view! { <p class="form-notice" role="status">{t!(i18n, account.password_changed)}</p> })}
            <button class="button" type="submit" disabled=move || change.pending.get()>{t!(i18n, account.change_password)}</button>
        </form>
    }
}
