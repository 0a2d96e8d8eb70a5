use leptos::prelude::*;
use schrieb_api::{DisplayNameError, PasswordError, Reason};

use crate::components::feedback::reason_text;
use crate::i18n::use_i18n;

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
    /// A rule the server found broken for this field (a display name taken, a wrong current
    /// password), as it said.
    Server(Reason),
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
        problem.get().map(|problem| {
            let reason = match problem {
                FieldProblem::Name(error) => Reason::from(&error),
                FieldProblem::Email => Reason::EmailInvalid,
                FieldProblem::Password(error) => Reason::from(&error),
                FieldProblem::Server(reason) => reason,
            };
            reason_text(i18n, &reason)
        })
    };
    view! { <p class="field__problem" id=id aria-live="polite">{text}</p> }
}
