use leptos::prelude::*;
use schrieb_api::{CommentId, IdempotencyKey, Slug};

use super::ThreadLinks;
use crate::api::ClientError;
use crate::components::comment::Avatar;
use crate::components::editor::use_composer;
use crate::components::feedback::ErrorMessage;
use crate::components::markup::{MarkupView, References};
use crate::i18n::{t, t_string, use_i18n};
use crate::pwa::{self, use_pwa};
use crate::write::use_errand;
use schrieb_api::worker::{QueueState, QueuedReply};

/// Replies to this thread written without a connection, under the thread: "waiting to send"
/// until the service worker has sent them, then a note with a link to the published comment.
/// A reply the server refused after the connection came back shows why, with its text kept,
/// to send again, take back into the editor, or drop.
#[component]
pub fn PendingReplies(
    /// The thread's article.
    slug: Slug,
    /// Where the thread's comments are.
    links: ThreadLinks,
    /// Told when the worker published one of this thread's replies.
    #[prop(into)]
    on_published: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pwa = use_pwa();
    let queued = {
        let slug = slug.clone();
        LocalResource::new(move || {
            pwa.outbox.track();
            let slug = slug.clone();
            // Without a worker nothing is ever queued: an empty list.
            async move { pwa::queued_for(&slug).await.unwrap_or_default() }
        })
    };
    // A reply of this thread published by the worker: the thread is read again, with it.
    let published = RwSignal::new(None::<(u32, CommentId)>);
    Effect::new(move |_| {
        let Some(sent) = pwa.sent.get() else { return };
        if sent.slug == slug && published.get_untracked() != Some((sent.page, sent.id)) {
            published.set(Some((sent.page, sent.id)));
            on_published.run(());
        }
    });
    let notice = move || {
        published.get().map(|(page, id)| {
            view! {
                <p class="pending__sent">
                    {t!(i18n, offline.sent)} " "
                    <a href=links.in_thread(page, id)>{t!(i18n, offline.show_sent)}</a>
                </p>
            }
        })
    };
    let list = move || {
        let replies = queued.get().unwrap_or_default();
        (!replies.is_empty()).then(|| {
            view! {
                <section class="pending" aria-labelledby="pending-title">
                    <h3 class="pending__title" id="pending-title">{t!(i18n, offline.pending_title)}</h3>
                    <ol class="comment-list comment-list--pending">
                        {replies.into_iter().map(|reply| view! { <PendingReply reply=reply/> }).collect_view()}
                    </ol>
                </section>
            }
        })
    };
    view! {
        <div class="pending-replies" role="status" aria-live="polite">{notice}</div>
        {list}
    }
}

/// One queued reply, shown as it will be published.
#[component]
fn PendingReply(reply: QueuedReply) -> impl IntoView {
    let i18n = use_i18n();
    let composer = use_composer();
    let QueuedReply { key, body, author, state, error, .. } = reply;
    let failed = state == QueueState::Failed;
    let status = match (state, error) {
        (QueueState::Waiting, _) => {
            view! { <p class="comment__pending-state">{t!(i18n, offline.waiting)}</p> }.into_any()
        }
        (QueueState::Failed, error) => {
            let error = error.map(ClientError::Api).unwrap_or_else(|| ClientError::Unexpected(String::new()));
            view! {
                <div class="comment__pending-state comment__pending-state--failed">
                    <p>{t!(i18n, offline.failed)}</p>
                    <ErrorMessage error=error/>
                </div>
            }
            .into_any()
        }
    };
    // Send again, or drop: the outbox changes, and the list with it.
    let errand = use_errand(|errand: &Errand| {
        let errand = errand.clone();
        async move {
            let done = match &errand {
                Errand::Retry(key) => pwa::retry(key).await,
                Errand::Discard(key) => pwa::discard(key).await,
            };
            if let Err(error) = &done {
                leptos::logging::warn!("the outbox did not take {errand:?}: {error}");
            }
            done
        }
    });
    let buttons = failed.then(|| {
        let (retry_key, drop_key, editor_key) = (key.clone(), key.clone(), key);
        let text = body.clone();
        view! {
            <div class="comment__footer">
                <button type="button" class="button button--small"
                    on:click=move |_| errand.send(Errand::Retry(retry_key.clone()))>{t!(i18n, offline.send_again)}</button>
                {composer.map(|composer| view! {
                    <button type="button" class="link-button" on:click=move |_| {
                        if errand.pending.get_untracked() {
                            return;
                        }
                        // Into the editor first, then out of the outbox: the text is never only in neither.
                        composer.insert_block(&text);
                        errand.send(Errand::Discard(editor_key.clone()));
                    }>{t!(i18n, offline.to_editor)}</button>
                })}
                <button type="button" class="link-button"
                    on:click=move |_| errand.send(Errand::Discard(drop_key.clone()))>{t!(i18n, offline.drop)}</button>
            </div>
            // The reply is still there, as shown: said so, so that a click that did nothing is
            // not taken for one that worked.
            {move || errand.failure.get().map(|_| view! {
                <p class="form-error" role="alert">{t!(i18n, offline.errand_failed)}</p>
            })}
        }
    });
    view! {
        <li class="comment comment--pending" class:comment--failed=failed>
            <article class="comment__card" aria-label=move || t_string!(i18n, offline.pending_title)>
                <header class="comment__header">
                    <Avatar name=author.clone()/>
                    <div class="comment__meta">
                        <p class="comment__author">{author.clone()}</p>
                        {status}
                    </div>
                </header>
                <div class="comment__body">
                    <MarkupView source=body references=References::preview(Vec::new())/>
                </div>
                {buttons}
            </article>
        </li>
    }
}

/// What the reader asked the outbox to do with a reply.
#[derive(Debug, Clone)]
enum Errand {
    /// Send it again.
    Retry(IdempotencyKey),
    /// Drop it.
    Discard(IdempotencyKey),
}
