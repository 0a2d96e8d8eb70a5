use leptos::html;
use leptos::prelude::*;
use schrieb_api::{CommentId, ModeratorNote, NoteRequest, UserId};

use crate::api;
use crate::components::feedback::{ErrorMessage, reason_text};
use crate::i18n::{t, use_i18n};
use crate::write::use_write;

/// The DOM id of the note field of the queue item for comment `id`, which `n` focuses.
pub fn note_id(id: CommentId) -> String {
    format!("q{id}-note")
}

/// A moderator's note on a queue item's author, for the moderators who meet them later. The
/// note's rules are checked before it is sent (no `maxlength`: a pasted note too long is said
/// so, not cut); Escape closes the form.
#[component]
pub fn NoteForm(
    /// The queue item it belongs to.
    item: CommentId,
    /// The account.
    account: UserId,
    /// Told of the note once the server has it.
    on_added: Callback<ModeratorNote>,
    /// Told when the moderator closes the form.
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let body = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let field = NodeRef::<html::Textarea>::new();
    Effect::new(move || {
        if let Some(input) = field.get() {
            let _ = input.focus();
        }
    });
    let send = use_write(move |request: &NoteRequest| {
        let request = request.clone();
        async move {
            let note = api::add_note(account, &request).await?;
            on_added.run(note);
            Ok(())
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = NoteRequest { body: body.get_untracked() };
        match request.check() {
            Ok(_) => {
                problem.set(None);
                send.send(request);
            }
            Err(error) => problem.set(Some(reason_text(i18n, &error.reason))),
        }
    };
    view! {
        <form class="queue-item__sanction" on:submit=submit
            on:keydown=move |event| if event.key() == "Escape" { event.prevent_default(); on_close.run(()); }>
            <div class="field">
                <label class="field__label" for=note_id(item)>{t!(i18n, moderation.note_label)}</label>
                <textarea class="field__input" id=note_id(item) node_ref=field rows="2"
                    bind:value=body></textarea>
            </div>
            {move || problem.get().map(|problem| view! { <p class="form-error" role="alert">{problem}</p> })}
            {move || send.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
            <div class="queue-item__actions">
                <button class="button" type="submit" disabled=move || send.pending.get()>{t!(i18n, moderation.note_save)}</button>
                <button class="button button--quiet" type="button" on:click=move |_| on_close.run(())>{t!(i18n, comment.cancel)}</button>
            </div>
        </form>
    }
}
