use leptos::prelude::*;
use schrieb_api::{DisplayNameError, PasswordError};

use crate::i18n::{t, use_i18n};

/// A rule a form field breaks, checked in the browser with the same rules the server applies
/// (`schrieb-api`), so the reader learns it before sending, in their language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldProblem {
    /// A display name rule.
    Name(DisplayNameError),
    /// Not an email address.
    Email,
    /// A password rule.
    Password(PasswordError),
    /// The display name is someone else's (the server said so).
    NameTaken,
    /// The current password given is wrong (the server said so).
    WrongPassword,
}

/// The words for a [`FieldProblem`], as a field's description (`aria-describedby`).
#[component]
pub fn FieldProblemText(
    /// The id the field points at.
    #[prop(into)]
    id: String,
    /// The problem, if there is one.
    #[prop(into)]
    problem: Signal<Option<FieldProblem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        problem.get().map(|problem| match problem {
            FieldProblem::Name(DisplayNameError::Length) => t!(i18n, account.name_length).into_any(),
            FieldProblem::Name(DisplayNameError::Invisible) => t!(i18n, account.name_invisible).into_any(),
            FieldProblem::Name(DisplayNameError::Reserved) => t!(i18n, account.name_reserved).into_any(),
            FieldProblem::Name(DisplayNameError::Guest) => t!(i18n, account.name_guest).into_any(),
            FieldProblem::Email => t!(i18n, account.email_invalid).into_any(),
            FieldProblem::Password(PasswordError::TooShort) => t!(i18n, account.password_short).into_any(),
            FieldProblem::Password(PasswordError::TooLong) => t!(i18n, account.password_long).into_any(),
            FieldProblem::NameTaken => t!(i18n, account.name_taken).into_any(),
            FieldProblem::WrongPassword => t!(i18n, account.password_wrong).into_any(),
        })
    };
    view! { <p class="field__problem" id=id aria-live="polite">{text}</p> }
}
