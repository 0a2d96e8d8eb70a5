use leptos::prelude::*;
use schrieb_api::{CommentId, LinkPreview};

use crate::api;
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, t_string, use_i18n};
use crate::write::use_write;

/// The preview cards of a comment's first links, as the server made them: each card one link
/// to where the comment's link leads, naming the host it leads to. Everything in a card is text
/// (the linked page's words were cleaned by the server and are never read as HTML); the picture
/// comes from schrieb's own origin, so reading the card contacts no other site. Its author and
/// moderators may remove the cards.
#[component]
pub fn LinkPreviews(
    /// The comment.
    comment: CommentId,
    /// Its cards (none: nothing is shown).
    #[prop(into)]
    previews: Signal<Vec<LinkPreview>>,
    /// Whether the reader may remove them.
    #[prop(into)]
    may_remove: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let remove = use_write(move |_: &()| async move { api::remove_previews(comment).await });
    // Removed here: gone at once (the live event says the same a moment later).
    let shown = move || if remove.success.get().is_some() { Vec::new() } else { previews.get() };
    move || {
        let cards = shown();
        (!cards.is_empty()).then(|| {
            let list_label = t_string!(i18n, comment.previews_label).to_owned();
            let items = cards.into_iter().map(|card| view! { <LinkPreviewCard card=card/> }).collect_view();
            view! {
                <div class="link-previews">
                    <ul class="link-previews__list" aria-label=list_label>{items}</ul>
                    {move || may_remove.get().then(|| view! {
                        <button class="comment-actions__button link-previews__remove" type="button"
                            disabled=move || remove.pending.get() on:click=move |_| remove.send(())>
                            {t!(i18n, comment.previews_remove)}
                        </button>
                    })}
                    {move || remove.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
                </div>
            }
        })
    }
}

/// One card: picture, site, title, description, and the host the link leads to.
#[component]
fn LinkPreviewCard(card: LinkPreview) -> impl IntoView {
    let i18n = use_i18n();
    let host = card.host().unwrap_or_default();
    let LinkPreview { url, title, site, description, image } = card;
    // Only pictures on schrieb's own origin are shown: a path of ours, never another site's URL.
    let image = image.filter(|path| schrieb_api::is_served_picture(path));
    let leads_to = host.clone();
    view! {
        <li class="link-preview">
            <a class="link-preview__card" href=url rel="nofollow ugc noopener" target="_blank">
                <span class="link-preview__picture" aria-hidden="true">
                    {image.map(|src| view! {
                        <img class="link-preview__image" src=src alt="" width="96" height="96" loading="lazy" decoding="async"/>
                    })}
                </span>
                <span class="link-preview__text">
                    <span class="link-preview__site">{site}</span>
                    <span class="link-preview__title">{title}</span>
                    {description.map(|text| view! { <span class="link-preview__description">{text}</span> })}
                    <span class="link-preview__host">
                        {move || t_string!(i18n, comment.previews_leads_to, host = leads_to.clone()).to_string()}
                    </span>
                    <span class="visually-hidden">" (" {t!(i18n, comment.link_hint)} ")"</span>
                </span>
            </a>
        </li>
    }
}
