use leptos::prelude::*;
use schrieb_api::Reason;

use crate::components::feedback::reason_text;
use crate::i18n::use_i18n;

/// The rule a form field breaks, in words, as the field's description (`aria-describedby`):
/// found in the browser with the same rules the server applies (`schrieb-api`), so the reader
/// learns it before sending, or said by the server for that field (a display name taken).
#[component]
pub fn FieldProblemText(
    /// The id the field points at.
    #[prop(into)]
    id: String,
    /// The problem, if there is one.
    #[prop(into)]
    problem: Signal<Option<Reason>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || problem.with(|problem| problem.as_ref().map(|reason| reason_text(i18n, reason)));
    view! { <p class="field__problem" id=id aria-live="polite">{text}</p> }
}
