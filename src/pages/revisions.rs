use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map};
use schrieb_api::{ApiError, CommentId, ErrorKind, RevisionHistory};

use crate::api::{self, ClientError};
use crate::components::feedback::{ErrorPanel, Missing, NotFoundNotice};
use crate::components::revision::RevisionItem;
use crate::components::thread::CommentSkeletons;
use crate::dom::reveal;
use crate::i18n::{t, t_string, use_i18n};

/// `/c/{id}/revisions#r{n}`: every body a comment has had, newest first, each with what changed
/// from the one before. Quotes of a comment edited since link here, to the revision they quoted.
#[component]
pub fn RevisionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let location = use_location();
    let id = Memo::new(move |_| params.read().get("id").and_then(|raw| raw.parse::<i64>().ok()).map(CommentId));
    let wanted = Memo::new(move |_| location.hash.read().strip_prefix("#r").and_then(|n| n.parse::<u32>().ok()));
    let history = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::revisions(id).await,
                None => Err(ClientError::Api(ApiError::new(ErrorKind::NotFound, "no comment has this id"))),
            }
        }
    });
    // Once the revisions are in the document, go to the one the URL names.
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(number)) = (history.get(), wanted.get()) {
            request_animation_frame(move || reveal(Some(&format!("r{number}"))));
        }
    });
    view! {
        <Title text=move || t_string!(i18n, revisions.title).to_owned()/>
        <section class="revisions" aria-labelledby="revisions-title">
            <Transition fallback=|| view! { <CommentSkeletons count=2/> }>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(history) => view! { <History history=history wanted=wanted/> }.into_any(),
                        Err(error) if error.kind() == Some(ErrorKind::NotFound) => {
                            view! { <NotFoundNotice what=Missing::Comment/> }.into_any()
                        }
                        Err(error) => view! { <ErrorPanel error=error on_retry=move || history.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn History(history: RevisionHistory, wanted: Memo<Option<u32>>) -> impl IntoView {
    let i18n = use_i18n();
    let RevisionHistory { comment, author, article_slug, page, deleted, revisions, .. } = history;
    let back = format!("/a/{article_slug}?page={page}#c{comment}");
    let latest = revisions.last().map(|revision| revision.number);
    let items = revisions
        .into_iter()
        .rev()
        .map(|revision| {
            let current = Some(revision.number) == latest;
            let highlighted = wanted.get_untracked() == Some(revision.number);
            view! { <RevisionItem revision=revision current=current highlighted=highlighted/> }
        })
        .collect_view();
    view! {
        <header class="revisions__header">
            <h1 class="revisions__title" id="revisions-title">{t!(i18n, revisions.title)}</h1>
            <p class="revisions__of">{t!(i18n, revisions.of, author = author.display_name.clone())}</p>
            <p><a class="revisions__back" href=back>{t!(i18n, revisions.back)}</a></p>
        </header>
        {deleted.then(|| view! { <p class="revisions__deleted">{t!(i18n, revisions.deleted)}</p> })}
        <ol class="revisions__list" reversed>{items}</ol>
    }
}
