use leptos::prelude::*;
use schrieb_api::Comment;

use crate::api::{self, ClientError};
use crate::clock::use_now;
use crate::components::feedback::ErrorMessage;
use crate::components::thread::ThreadControl;
use crate::i18n::{t, use_i18n};
use crate::session::use_session;

/// What the reader may do with a comment: edit and delete their own (within the edit window),
/// and, as moderators, any; restore deleted ones. Deleting asks first. Shown only to those
/// who may: the server refuses everyone else anyway.
#[component]
pub fn CommentActions(
    /// The comment.
    comment: Comment,
    /// Turns on editing in place.
    #[prop(into)]
    on_edit: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let now = use_now();
    let id = comment.id;
    let deleted = comment.deleted;
    let can_edit = {
        let comment = comment.clone();
        move || session.can_edit(&comment, now.get())
    };
    let can_delete = move || session.can_delete(&comment);
    let confirming = RwSignal::new(false);
    let failure = RwSignal::new(None::<ClientError>);
    let control = use_context::<ThreadControl>();
    // After a change: the count in the heading moves by `step`, and the page is loaded again.
    let after = move |result: Result<(), ClientError>, step: i64| match result {
        Ok(()) => {
            confirming.set(false);
            if let Some(control) = &control {
                control.comment_count.update(|count| *count = count.saturating_add_signed(step));
                control.reload();
            }
        }
        Err(error) => failure.set(Some(error)),
    };
    let after_delete = after.clone();
    let delete = move |_| {
        let after = after_delete.clone();
        leptos::task::spawn_local(async move { after(api::delete_comment(id).await, -1) })
    };
    let restore = move |_| {
        let after = after.clone();
        leptos::task::spawn_local(async move { after(api::restore_comment(id).await.map(|_| ()), 1) })
    };
    view! {
        <div class="comment-actions">
            {move || can_edit().then(|| view! {
                <button class="comment-actions__button" type="button" on:click=move |_| on_edit.run(())>{t!(i18n, comment.edit)}</button>
            })}
            {move || (can_delete() && !confirming.get()).then(|| view! {
                <button class="comment-actions__button" type="button" on:click=move |_| confirming.set(true)>{t!(i18n, comment.delete)}</button>
            })}
            {move || confirming.get().then(|| view! {
                <span class="comment-actions__confirm" role="group">
                    {t!(i18n, comment.delete_question)} " "
                    <button class="comment-actions__button comment-actions__button--danger" type="button" on:click=delete.clone()>{t!(i18n, comment.delete_yes)}</button>
                    <button class="comment-actions__button" type="button" on:click=move |_| confirming.set(false)>{t!(i18n, comment.cancel)}</button>
                </span>
            })}
            {move || (deleted && session.can_restore()).then(|| view! {
                <button class="comment-actions__button" type="button" on:click=restore.clone()>{t!(i18n, comment.restore)}</button>
            })}
            {move || failure.get().map(|error| view! { <ErrorMessage error=error/> })}
        </div>
    }
}
