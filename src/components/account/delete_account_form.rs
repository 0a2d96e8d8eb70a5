use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use schrieb_api::{DeleteAccountRequest, DeletedComments, Reason};

use super::FieldProblemText;
use crate::api;
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, use_i18n};
use crate::session::use_session;
use crate::write::use_write;

/// The request field the server names when the password is wrong.
const PASSWORD_FIELD: &str = "password";

/// Deleting the account for good: what becomes of its comments (kept, signed "deleted
/// account", or removed), and the password entered again. `on_deleted` runs once the account
/// is gone and the session with it.
#[component]
pub fn DeleteAccountForm(
    /// What the page does once the account is gone.
    on_deleted: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let password = RwSignal::new(String::new());
    let comments = RwSignal::new(DeletedComments::Keep);
    let problem = RwSignal::new(None::<Reason>);
    let password_ref = NodeRef::<leptos::html::Input>::new();
    let delete = use_write(move |request: &DeleteAccountRequest| {
        let request = request.clone();
        async move {
            match api::delete_account(&request).await {
                Ok(()) => {
                    session.me.set(None);
                    on_deleted.run(());
                    Ok(())
                }
                Err(error) => {
                    if let Some(reason) = error.field_reason(PASSWORD_FIELD) {
                        problem.set(Some(reason));
                        if let Some(input) = password_ref.get_untracked() {
                            let _ = input.focus();
                        }
                    }
                    Err(error)
                }
            }
        }
    });
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        // An empty password is the server's "wrong password" too; said here without asking.
        if password.with_untracked(String::is_empty) {
            problem.set(Some(Reason::PasswordWrong));
            if let Some(input) = password_ref.get_untracked() {
                let _ = input.focus();
            }
            return;
        }
        problem.set(None);
        delete.send(DeleteAccountRequest { password: password.get_untracked(), comments: comments.get_untracked() });
    };
    // A wrong password is said at its field, not again below the form.
    let failure = move || delete.failure.get().filter(|error| error.field_reason(PASSWORD_FIELD).is_none());
    let choice = move |value: DeletedComments, label: AnyView| {
        view! {
            <label class="account-delete__choice">
                <input type="radio" name="comments" prop:checked=move || comments.get() == value
                    on:change=move |_| comments.set(value)/>
                <span>{label}</span>
            </label>
        }
    };
    view! {
        <p>{t!(i18n, account.delete_intro)}</p>
        <form class="form" on:submit=submit novalidate>
            <fieldset class="account-delete__choices">
                <legend>{t!(i18n, account.delete_comments)}</legend>
                {choice(DeletedComments::Keep, t!(i18n, account.delete_keep).into_any())}
                {choice(DeletedComments::Remove, t!(i18n, account.delete_remove).into_any())}
            </fieldset>
            <label class="field">
                <span class="field__label">{t!(i18n, account.delete_password)}</span>
                <input class="field__input" type="password" name="password" autocomplete="current-password" required
                    node_ref=password_ref aria-describedby="delete-password-problem"
                    aria-invalid=move || problem.with(Option::is_some).then_some("true") bind:value=password/>
            </label>
            <FieldProblemText id="delete-password-problem" problem=problem/>
            {move || failure().map(|error| view! { <ErrorMessage error=error/> })}
            <button class="button button--danger" type="submit" disabled=move || delete.pending.get()>
                {move || if delete.pending.get() { t!(i18n, account.delete_pending).into_any() } else { t!(i18n, account.delete_submit).into_any() }}
            </button>
        </form>
    }
}
