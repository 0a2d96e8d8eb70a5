use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use schrieb_api::{DisplayName, Email, ErrorKind, Password, RegisterRequest};

use super::{FieldProblem, FieldProblemText};
use crate::api::{self, ClientError};
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, use_i18n};

/// Display name, email address and password, each checked as the server will before sending;
/// after sending, the reader is asked to follow the link in the mail.
#[component]
pub fn RegisterForm() -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let name_problem = RwSignal::new(None::<FieldProblem>);
    let email_problem = RwSignal::new(None::<FieldProblem>);
    let password_problem = RwSignal::new(None::<FieldProblem>);
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ClientError>);
    let sent = RwSignal::new(false);
    let check = move || {
        name_problem.set(DisplayName::parse(&name.get_untracked()).err().map(FieldProblem::Name));
        email_problem.set(Email::parse(&email.get_untracked()).err().map(|_| FieldProblem::Email));
        password_problem.set(Password::parse(&password.get_untracked()).err().map(FieldProblem::Password));
        name_problem.with_untracked(Option::is_none)
            && email_problem.with_untracked(Option::is_none)
            && password_problem.with_untracked(Option::is_none)
    };
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() || !check() {
            return;
        }
        pending.set(true);
        failure.set(None);
        let request = RegisterRequest {
            display_name: name.get_untracked(),
            email: email.get_untracked(),
            password: password.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::register(&request).await {
                Ok(_) => sent.set(true),
                Err(error) if error.kind() == Some(ErrorKind::Conflict) => {
                    name_problem.set(Some(FieldProblem::NameTaken))
                }
                Err(error) => failure.set(Some(error)),
            }
            pending.set(false);
        });
    };
    let invalid = |problem: RwSignal<Option<FieldProblem>>| move || problem.with(Option::is_some).to_string();
    view! {
        <Show
            when=move || !sent.get()
            fallback=move || view! { <p class="form-notice" role="status">{t!(i18n, account.check_inbox)}</p> }
        >
            <form class="form" on:submit=submit novalidate>
                <label class="field">
                    <span class="field__label">{t!(i18n, account.display_name)}</span>
                    <input class="field__input" type="text" name="display_name" autocomplete="nickname" required
                        aria-invalid=invalid(name_problem) aria-describedby="register-name-problem" bind:value=name/>
                </label>
                <FieldProblemText id="register-name-problem" problem=name_problem/>
                <label class="field">
                    <span class="field__label">{t!(i18n, account.email)}</span>
                    <input class="field__input" type="email" name="email" autocomplete="email" required
                        aria-invalid=invalid(email_problem) aria-describedby="register-email-problem" bind:value=email/>
                </label>
                <FieldProblemText id="register-email-problem" problem=email_problem/>
                <label class="field">
                    <span class="field__label">{t!(i18n, account.password)}</span>
                    <input class="field__input" type="password" name="password" autocomplete="new-password" required
                        aria-invalid=invalid(password_problem) aria-describedby="register-password-problem" bind:value=password/>
                </label>
                <FieldProblemText id="register-password-problem" problem=password_problem/>
                {move || failure.get().map(|error| view! { <ErrorMessage error=error/> })}
                <button class="button" type="submit" disabled=move || pending.get()>{t!(i18n, account.register)}</button>
            </form>
        </Show>
    }
}
