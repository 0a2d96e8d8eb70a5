use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use schrieb_api::{DisplayName, Email, Password, Reason, RegisterRequest};

use super::FieldProblemText;
use crate::api;
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, use_i18n};
use crate::write::use_write;

/// The request field the server names when it refuses the display name (taken).
const NAME_FIELD: &str = "display_name";

/// Display name, email address and password, each checked as the server will before sending;
/// after sending, the reader is asked to follow the link in the mail.
#[component]
pub fn RegisterForm() -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let name_problem = RwSignal::new(None::<Reason>);
    let email_problem = RwSignal::new(None::<Reason>);
    let password_problem = RwSignal::new(None::<Reason>);
    let register = use_write(move |request: &RegisterRequest| {
        let request = request.clone();
        async move {
            let notice = api::register(&request).await;
            if let Err(error) = &notice
                && let Some(reason) = error.field_reason(NAME_FIELD)
            {
                name_problem.set(Some(reason));
            }
            notice
        }
    });
    let check = move || {
        name_problem.set(DisplayName::parse(&name.get_untracked()).err().as_ref().map(Reason::from));
        email_problem.set(Email::parse(&email.get_untracked()).err().as_ref().map(Reason::from));
        password_problem.set(Password::parse(&password.get_untracked()).err().as_ref().map(Reason::from));
        name_problem.with_untracked(Option::is_none)
            && email_problem.with_untracked(Option::is_none)
            && password_problem.with_untracked(Option::is_none)
    };
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if register.pending.get_untracked() || !check() {
            return;
        }
        register.send(RegisterRequest {
            display_name: name.get_untracked(),
            email: email.get_untracked(),
            password: password.get_untracked(),
        });
    };
    // A refused name (taken) is said at the name field, not again below the form.
    let failure = move || register.failure.get().filter(|error| error.field_reason(NAME_FIELD).is_none());
    let invalid = |problem: RwSignal<Option<Reason>>| move || problem.with(Option::is_some).to_string();
    view! {
        <Show
            when=move || register.success.with(Option::is_none)
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
                {move || failure().map(|error| view! { <ErrorMessage error=error/> })}
                <button class="button" type="submit" disabled=move || register.pending.get()>{t!(i18n, account.register)}</button>
            </form>
        </Show>
    }
}
