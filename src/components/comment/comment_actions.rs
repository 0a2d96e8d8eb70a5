use leptos::prelude::*;
use schrieb_api::Comment;

use super::{CommentChange, ReportForm};
use crate::api;
use crate::clock::use_now;
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, use_i18n};
use crate::session::use_session;
use crate::write::use_write;

/// What the reader may do with a comment: edit and delete their own (within the edit window),
/// and, as moderators, any; restore deleted ones; report others' to the moderators. Deleting
/// asks first, reporting asks why. Shown only to those who may: the server refuses everyone
/// else anyway.
#[component]
pub fn CommentActions(
    /// The comment.
    comment: Comment,
    /// Turns on editing in place.
    #[prop(into)]
    on_edit: Callback<()>,
    /// Told once the comment is deleted or restored, so the thread shows it so.
    #[prop(optional_no_strip)]
    on_change: Option<Callback<CommentChange>>,
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
    let can_report = {
        let comment = comment.clone();
        move || session.can_report(&comment)
    };
    let can_delete = move || session.can_delete(&comment);
    let reporting = RwSignal::new(false);
    let reported = RwSignal::new(false);
    let report_button = NodeRef::<leptos::html::Button>::new();
    let received = NodeRef::<leptos::html::P>::new();
    let close_report = move |()| {
        reporting.set(false);
        if let Some(button) = report_button.get_untracked() {
            let _ = button.focus();
        }
    };
    let report_sent = move |()| {
        reporting.set(false);
        reported.set(true);
    };
    // The form that had the focus is gone: the confirmation takes it.
    Effect::new(move || {
        if let Some(note) = received.get() {
            let _ = note.focus();
        }
    });
    let confirming = RwSignal::new(false);
    let change = use_write(move |asked: &Asked| {
        let asked = *asked;
        async move {
            let change = match asked {
                Asked::Delete => api::delete_comment(id).await.map(|()| CommentChange::Deleted(id))?,
                Asked::Restore => api::restore_comment(id).await.map(|_| CommentChange::Restored(id))?,
            };
            confirming.set(false);
            if let Some(on_change) = on_change {
                // The reader may have left the thread meanwhile.
                on_change.try_run(change);
            }
            Ok(())
        }
    });
    let delete = move |_| change.send(Asked::Delete);
    let restore = move |_| change.send(Asked::Restore);
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
                    <button class="comment-actions__button comment-actions__button--danger" type="button" on:click=delete>{t!(i18n, comment.delete_yes)}</button>
                    <button class="comment-actions__button" type="button" on:click=move |_| confirming.set(false)>{t!(i18n, comment.cancel)}</button>
                </span>
            })}
            {move || (deleted && session.can_restore()).then(|| view! {
                <button class="comment-actions__button" type="button" on:click=restore>{t!(i18n, comment.restore)}</button>
            })}
            {move || (can_report() && !reported.get()).then(|| view! {
                <button class="comment-actions__button" type="button" node_ref=report_button
                    aria-expanded=move || reporting.get().to_string()
                    on:click=move |_| reporting.update(|open| *open = !*open)>{t!(i18n, report.open)}</button>
            })}
            {move || reported.get().then(|| view! {
                <p class="comment-actions__done" role="status" tabindex="-1" node_ref=received>{t!(i18n, report.received)}</p>
            })}
            {move || change.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
        </div>
        {move || reporting.get().then(|| view! { <ReportForm comment=id on_close=close_report on_sent=report_sent/> })}
    }
}

/// What the reader asked to do with the comment.
#[derive(Debug, Clone, Copy)]
enum Asked {
    Delete,
    Restore,
}
