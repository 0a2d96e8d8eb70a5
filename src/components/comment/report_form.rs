use leptos::html;
use leptos::prelude::*;
use schrieb_api::{CommentId, MAX_REPORT_NOTE_CHARS, ReportReason, ReportRequest};

use crate::api;
use crate::components::feedback::{ErrorMessage, reason_text};
use crate::components::moderation::report_reason_text;
use crate::i18n::{t, t_string, use_i18n};
use crate::write::use_write;

/// The form a reader reports a comment with: why (one of the reasons, a note needed for
/// "other"), checked by the request's own rules before it is sent. Opening it focuses the first
/// reason; Escape or "Cancel" closes it (`on_close`); once the server has the report,
/// `on_sent` is told.
#[component]
pub fn ReportForm(
    /// The comment reported.
    comment: CommentId,
    /// Told when the reader closes the form without reporting.
    #[prop(into)]
    on_close: Callback<()>,
    /// Told once the report is received.
    #[prop(into)]
    on_sent: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(None::<ReportReason>);
    let note = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let first = NodeRef::<html::Input>::new();
    Effect::new(move || {
        if let Some(input) = first.get() {
            let _ = input.focus();
        }
    });
    let send = use_write(move |request: &ReportRequest| {
        let request = request.clone();
        async move {
            api::report_comment(comment, &request).await?;
            on_sent.run(());
            Ok(())
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(reason) = reason.get_untracked() else {
            problem.set(Some(t_string!(i18n, report.choose).to_string()));
            return;
        };
        let text = note.get_untracked();
        let request = ReportRequest { reason, note: (!text.trim().is_empty()).then_some(text) };
        match request.check() {
            Ok(()) => {
                problem.set(None);
                send.send(request);
            }
            Err(error) => problem.set(Some(reason_text(i18n, &error.reason))),
        }
    };
    let name = format!("report-{comment}");
    let note_id = format!("report-{comment}-note");
    let choices = ReportReason::ALL
        .into_iter()
        .enumerate()
        .map(|(index, choice)| {
            let label = report_reason_text(i18n, choice);
            let node = if index == 0 { first } else { NodeRef::new() };
            view! {
                <label class="report-form__choice">
                    <input type="radio" name=name.clone() value=choice.as_str() node_ref=node
                        prop:checked=move || reason.get() == Some(choice)
                        on:change=move |_| { reason.set(Some(choice)); problem.set(None); }/>
                    " " {label}
                </label>
            }
        })
        .collect_view();
    view! {
        <form class="report-form" on:submit=submit
            on:keydown=move |event| if event.key() == "Escape" { event.prevent_default(); on_close.run(()); }>
            <fieldset class="report-form__reasons">
                <legend class="field__label">{t!(i18n, report.why)}</legend>
                {choices}
            </fieldset>
            <div class="field">
                <label class="field__label" for=note_id.clone()>{t!(i18n, report.note_label)}</label>
                <textarea class="field__input report-form__note" id=note_id rows="3"
                    maxlength=MAX_REPORT_NOTE_CHARS.to_string() bind:value=note></textarea>
            </div>
            {move || problem.get().map(|problem| view! { <p class="form-error" role="alert">{problem}</p> })}
            {move || send.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
            <div class="report-form__actions">
                <button class="button" type="submit" disabled=move || send.pending.get()>{t!(i18n, report.send)}</button>
                <button class="button button--quiet" type="button" on:click=move |_| on_close.run(())>{t!(i18n, comment.cancel)}</button>
            </div>
        </form>
    }
}
