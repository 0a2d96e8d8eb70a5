use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use schrieb_api::{CommentId, PageNumber, Slug};

use super::{CommentSkeletons, PendingReplies, ReplyBox, ThreadControl, ThreadLinks, ThreadPage};
use crate::api;
use crate::components::comment::CommentCount;
use crate::components::editor::Composer;
use crate::components::feedback::ErrorPanel;
use crate::components::quote::{Authors, MultiQuote, SelectionPopover};
use crate::i18n::{t, use_i18n};
use crate::pwa::use_pwa;

/// An article's discussion: its heading with the count, the shown page of comments, the reply
/// box, and what quoting needs. Used under the article on the site and alone in the embed
/// widget; `links` says where its pages and permalinks lead.
#[component]
pub fn Discussion(
    /// The article.
    slug: Slug,
    /// How many comments it has, as the article said.
    comment_count: u64,
    /// Whether its site takes comments from guests.
    guests: bool,
    /// Where the thread's pages and permalinks are.
    links: ThreadLinks,
    /// The page to show.
    #[prop(into)]
    page: Signal<PageNumber>,
    /// The comment named by the address (`#c{id}`), if any.
    #[prop(into)]
    highlighted: Signal<Option<CommentId>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Bumped by the thread's parts after a write (see `ThreadControl`).
    let version = RwSignal::new(0_u64);
    let pwa = use_pwa();
    let comments = {
        let slug = slug.clone();
        LocalResource::new(move || {
            version.track();
            // The service worker answered from its cache and has since found a newer answer.
            pwa.fresh.track();
            let (slug, page) = (slug.clone(), page.get());
            async move { api::comments(&slug, page).await }
        })
    };

    // `#c{id}` of a comment that is not on the page shown (an old link without `?page=`, or a
    // page that has moved): ask where it stands and go there.
    let navigate = use_navigate();
    let target_links = links.clone();
    Effect::new(move |_| {
        let Some(target) = highlighted.get() else { return };
        let Some(Ok(shown)) = comments.get() else { return };
        if shown.items.iter().any(|comment| comment.id == target) {
            return;
        }
        let (navigate, links) = (navigate.clone(), target_links.clone());
        leptos::task::spawn_local(async move {
            if let Ok(found) = api::comment(target).await {
                let path = links.in_thread(found.page, target);
                navigate(&path, NavigateOptions { replace: true, ..NavigateOptions::default() });
            }
        });
    });

    let comment_count = RwSignal::new(comment_count);
    MultiQuote::provide(slug.clone());
    Composer::provide();
    Authors::provide();
    provide_context(ThreadControl { slug, links: links.clone(), guests, version, comment_count });
    view! {
        <section class="discussion" id="discussion" aria-labelledby="discussion-title">
            <h2 class="discussion__title" id="discussion-title">
                {t!(i18n, article.discussion)}
                <span class="discussion__count">{move || view! { <CommentCount count=comment_count.get()/> }}</span>
            </h2>
            <Transition fallback=|| view! { <CommentSkeletons/> }>
                {move || {
                    let links = links.clone();
                    Suspend::new(async move {
                        match comments.await {
                            Ok(page) => view! { <ThreadPage page=page links=links highlighted=highlighted/> }.into_any(),
                            Err(error) => view! { <ErrorPanel error=error on_retry=move || comments.refetch()/> }.into_any(),
                        }
                    })
                }}
            </Transition>
            <PendingReplies/>
            <ReplyBox/>
            <SelectionPopover/>
        </section>
    }
}
