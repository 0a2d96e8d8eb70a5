use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use schrieb_api::{ChangePasswordRequest, ErrorKind, Password};

use super::{FieldProblem, FieldProblemText};
use crate::api::{self, ClientError};
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, use_i18n};

/// The current password and a new one; other sessions of the account end when it changes.
#[component]
pub fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let current_problem = RwSignal::new(None::<FieldProblem>);
    let new_problem = RwSignal::new(None::<FieldProblem>);
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ClientError>);
    let done = RwSignal::new(false);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        new_problem.set(Password::parse(&new.get_untracked()).err().map(FieldProblem::Password));
        current_problem.set(None);
        if pending.get_untracked() || new_problem.with_untracked(Option::is_some) {
            return;
        }
        pending.set(true);
        failure.set(None);
        done.set(false);
        let request =
            ChangePasswordRequest { current_password: current.get_untracked(), new_password: new.get_untracked() };
        leptos::task::spawn_local(async move {
            match api::change_password(&request).await {
                Ok(()) => {
                    done.set(true);
                    current.set(String::new());
                    new.set(String::new());
                }
                Err(ClientError::Api(error))
                    if error.error == ErrorKind::Validation && error.field.as_deref() == Some("current_password") =>
                {
                    current_problem.set(Some(FieldProblem::WrongPassword));
                }
                Err(error) => failure.set(Some(error)),
            }
            pending.set(false);
        });
    };
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
            {move || failure.get().map(|error| view! { <ErrorMessage error=error/> })}
            {move || done.get().then(|| view! { <p class="form-notice" role="status">{t!(i18n, account.password_changed)}</p> })}
            <button class="button" type="submit" disabled=move || pending.get()>{t!(i18n, account.change_password)}</button>
        </form>
    }
}
