use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use schrieb_api::{CommentBody, CommentId, Slug};

use super::CommentChange;
use crate::api;
use crate::components::editor::{MarkupEditor, describe_body_error};
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, t_string, use_i18n};
use crate::write::use_write;

/// Editing a comment in place: its body in the markup editor (toolbar, shortcuts, preview),
/// checked with the shared rules before saving. A refused save keeps the text.
#[component]
pub fn CommentEditor(
    /// The comment.
    id: CommentId,
    /// Its body as it is.
    body: String,
    /// The thread's article, for @mention suggestions.
    #[prop(optional_no_strip)]
    slug: Option<Slug>,
    /// Called when the reader is done (saved or cancelled).
    #[prop(into)]
    on_done: Callback<()>,
    /// Told once the edit is saved, so the thread shows it.
    #[prop(optional_no_strip)]
    on_change: Option<Callback<CommentChange>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(body);
    let local_problem = RwSignal::new(None::<String>);
    let save = use_write(move |body: &String| {
        let body = body.clone();
        async move {
            let saved = api::edit_comment(id, &body).await?;
            // The thread first: closing the editor disposes the view these callbacks came with
            // (the reader may also have left the thread meanwhile, hence `try_run`).
            if let Some(on_change) = on_change {
                on_change.try_run(CommentChange::Edited(id));
            }
            on_done.try_run(());
            Ok(saved)
        }
    });
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let body = text.get_untracked();
        if let Err(problem) = CommentBody::parse(&body) {
            local_problem.set(Some(describe_body_error(i18n, &problem)));
            return;
        }
        local_problem.set(None);
        save.send(body);
    };
    let field = format!("edit-{id}");
    view! {
        <form class="form comment-editor" on:submit=submit novalidate>
            <MarkupEditor text=text textarea=NodeRef::new() id=field slug=slug
                label=Signal::derive(move || t_string!(i18n, comment.edit_label).to_owned())/>
            {move || local_problem.get().map(|problem| view! { <p class="form-error" role="alert">{problem}</p> })}
            {move || save.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
            <div class="comment-editor__buttons">
                <button class="button" type="submit" disabled=move || save.pending.get()>{t!(i18n, comment.save)}</button>
                <button class="button button--quiet" type="button" on:click=move |_| on_done.run(())>{t!(i18n, comment.cancel)}</button>
            </div>
        </form>
    }
}
