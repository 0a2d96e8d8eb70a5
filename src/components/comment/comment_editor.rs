use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use schrieb_api::{CommentBody, CommentId};

use crate::api::{self, ClientError};
use crate::components::editor::{MarkupEditor, describe_body_error};
use crate::components::feedback::ErrorMessage;
use crate::components::thread::ThreadControl;
use crate::i18n::{t, t_string, use_i18n};

/// Editing a comment in place: its body in the markup editor (toolbar, shortcuts, preview),
/// checked with the shared rules before saving. A refused save keeps the text.
#[component]
pub fn CommentEditor(
    /// The comment.
    id: CommentId,
    /// Its body as it is.
    body: String,
    /// Called when the reader is done (saved or cancelled).
    #[prop(into)]
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(body);
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ClientError>);
    let local_problem = RwSignal::new(None::<String>);
    let control = use_context::<ThreadControl>();
    let slug = control.as_ref().map(|control| control.slug.clone());
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let body = text.get_untracked();
        if let Err(problem) = CommentBody::parse(&body) {
            local_problem.set(Some(describe_body_error(i18n, &problem)));
            return;
        }
        local_problem.set(None);
        failure.set(None);
        pending.set(true);
        let control = control.clone();
        leptos::task::spawn_local(async move {
            match api::edit_comment(id, &body).await {
                Ok(_) => {
                    on_done.run(());
                    if let Some(control) = &control {
                        control.reload();
                    }
                }
                Err(error) => failure.set(Some(error)),
            }
            pending.set(false);
        });
    };
    let field = format!("edit-{id}");
    view! {
        <form class="form comment-editor" on:submit=submit novalidate>
            <MarkupEditor text=text textarea=NodeRef::new() id=field slug=slug
                label=Signal::derive(move || t_string!(i18n, comment.edit_label).to_owned())/>
            {move || local_problem.get().map(|problem| view! { <p class="form-error" role="alert">{problem}</p> })}
            {move || failure.get().map(|error| view! { <ErrorMessage error=error/> })}
            <div class="comment-editor__buttons">
                <button class="button" type="submit" disabled=move || pending.get()>{t!(i18n, comment.save)}</button>
                <button class="button button--quiet" type="button" on:click=move |_| on_done.run(())>{t!(i18n, comment.cancel)}</button>
            </div>
        </form>
    }
}
