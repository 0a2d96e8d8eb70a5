use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use schrieb_api::{
    CommentId, CommentPermalink, CommentState, DiscussionState, LiveKind, PageNumber, PromoSettings, Slug,
};

use super::{
    CommentSkeletons, FollowControl, FreshComment, LiveStatusLine, LiveThread, PendingReplies, ReplyBox, ThreadLinks,
    ThreadPage, provide_thread_contexts,
};
use crate::api;
use crate::components::comment::{CommentChange, CommentCount};
use crate::components::feedback::ErrorPanel;
use crate::components::quote::SelectionPopover;
use crate::first_screen::use_first_answers;
use crate::i18n::{t, use_i18n};
use crate::live_stream::{LiveStream, StreamHandlers};
use crate::loaded::{Loaded, use_loaded};
use crate::pwa::use_pwa;
use crate::session::use_session;
use crate::unread::use_unread;

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
    /// Whether it takes comments: a closed one is read with a notice instead of the reply box.
    #[prop(optional)]
    state: DiscussionState,
    /// Where the thread's pages and permalinks are.
    links: ThreadLinks,
    /// The page to show.
    #[prop(into)]
    page: Signal<PageNumber>,
    /// The comment named by the address (`#c{id}`), if any.
    #[prop(into)]
    highlighted: Signal<Option<CommentId>>,
    /// Its site's promotions, while they are on.
    #[prop(optional_no_strip)]
    promos: Option<PromoSettings>,
) -> impl IntoView {
    let i18n = use_i18n();
    provide_thread_contexts(&slug, guests);
    crate::components::promo::provide_thread_promos(promos);
    let pwa = use_pwa();
    let first = use_first_answers().take_comments(&slug, page.get_untracked().get());
    let comments = {
        let slug = slug.clone();
        use_loaded(
            move || page.get(),
            first,
            move |page| {
                let slug = slug.clone();
                async move { api::comments(&slug, page).await }
            },
        )
    };
    // The service worker answered from its cache and has since found a newer answer.
    Effect::new(move |seen: Option<u64>| {
        let fresh = pwa.fresh.get();
        if seen.is_some_and(|seen| seen != fresh) {
            comments.reload();
        }
        fresh
    });

    // `#c{id}` of a comment that is not on the page shown (an old link without `?page=`, or a
    // page that has moved): ask where it stands and go there.
    let navigate = use_navigate();
    let target_links = links.clone();
    Effect::new(move |_| {
        let Some(target) = highlighted.get() else { return };
        let Some(Ok(shown)) = comments.get() else { return };
        if shown.items.iter().chain(&shown.held).any(|comment| comment.id == target) {
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

    // The thread's parts report their writes; the thread keeps its count (deleted comments not
    // counted) and loads the shown page again. Callbacks of the discussion, which outlives them.
    let comment_count = RwSignal::new(comment_count);
    let reload = move || comments.reload();
    let on_change = Callback::new(move |change: CommentChange| {
        match change {
            CommentChange::Deleted(_) => comment_count.update(|count| *count = count.saturating_sub(1)),
            CommentChange::Restored(_) => comment_count.update(|count| *count += 1),
            CommentChange::Edited(_) => {}
        }
        reload();
    });
    follow_live(&slug, comments, comment_count);
    // The new comments: the page they are on, the first of them focused.
    let on_show = {
        let (navigate, links) = (use_navigate(), links.clone());
        Callback::new(move |first: FreshComment| {
            // The kept copy of this page predates the news (it may be the empty thread).
            api::note_news();
            comments.reload();
            navigate(&links.in_thread(first.page, first.id), NavigateOptions::default());
        })
    };
    let on_published = Callback::new(move |()| {
        comment_count.update(|count| *count += 1);
        reload();
    });
    let on_posted = {
        let (navigate, links) = (use_navigate(), links.clone());
        let slug = slug.clone();
        Callback::new(move |posted: CommentPermalink| {
            // A held comment is not counted; it shows under the last page, to its author (a
            // guest's, from this browser's memory).
            if posted.comment.state == CommentState::Published {
                comment_count.update(|count| *count += 1);
            } else if posted.comment.author.guest {
                super::guest_held::remember(&slug, posted.comment.clone());
            }
            reload();
            // The thread page focuses the comment named in the address once it is shown.
            navigate(&links.in_thread(posted.page, posted.comment.id), NavigateOptions::default());
        })
    };
    let (pending_slug, reply_slug, follow_slug, embedded) =
        (slug.clone(), slug.clone(), slug.clone(), links.embedded_in_host());
    let pending_links = links.clone();
    view! {
        <section class="discussion" id="discussion" aria-labelledby="discussion-title">
            <h2 class="discussion__title" id="discussion-title">
                {t!(i18n, article.discussion)}
                <span class="discussion__count">{move || view! { <CommentCount count=comment_count.get()/> }}</span>
            </h2>
            <LiveStatusLine/>
            <FollowControl slug=follow_slug/>
            {move || {
                let (links, slug) = (links.clone(), slug.clone());
                match comments.get() {
                    None => view! { <CommentSkeletons/> }.into_any(),
                    Some(Ok(page)) => view! {
                        <ThreadPage page=page links=links slug=slug highlighted=highlighted on_change=on_change
                            on_show_new=on_show/>
                    }
                    .into_any(),
                    Some(Err(error)) => view! { <ErrorPanel error=error on_retry=move || comments.reload()/> }.into_any(),
                }
            }}
            <PendingReplies slug=pending_slug links=pending_links on_published=on_published/>
            {if state == DiscussionState::Open {
                view! { <ReplyBox slug=reply_slug embedded=embedded on_posted=on_posted/> }.into_any()
            } else {
                view! { <p class="discussion__closed" role="note">{t!(i18n, thread.closed)}</p> }.into_any()
            }}
            <SelectionPopover/>
        </section>
    }
}

/// Follows the thread's live events once its first page is in the browser: the count, the
/// comments in place and the new ones ([`LiveThread`]). A comment the reader may read more of
/// than anyone (their own held one, or any for moderators) is loaded again as they see it.
/// After a reset (too much missed) the page is loaded again and the events follow on from it.
fn follow_live(slug: &Slug, comments: Loaded<schrieb_api::CommentPage>, count: RwSignal<u64>) {
    let live = LiveThread::provide();
    let session = use_session();
    let stream = StoredValue::new_local(None::<LiveStream>);
    let unread = use_unread();
    // Several comments in a moment ask once.
    let ask_unread = leptos_use::use_debounce_fn(move || unread.refresh(), 1000.0);
    let resetting = StoredValue::new(false);
    let slug = slug.clone();
    Effect::new(move |_| {
        let Some(Ok(page)) = comments.get() else { return };
        live.loaded(&page);
        if resetting.get_value() {
            resetting.set_value(false);
            stream.with_value(|stream| stream.as_ref().map(|stream| stream.restart(page.event)));
            return;
        }
        if stream.with_value(Option::is_some) {
            return;
        }
        let ask_unread = ask_unread.clone();
        let handlers = StreamHandlers {
            on_event: Box::new(move |event| {
                count.set(event.count);
                // Someone else's new comment may answer, mention or be notified to the reader.
                let others =
                    session.me.with_untracked(|me| me.as_ref().is_some_and(|me| me.id != event.comment.author.id));
                if others && event.kind == LiveKind::Published {
                    ask_unread();
                }
                let reads_more = event.comment.state != CommentState::Published
                    && session.me.with_untracked(|me| {
                        me.as_ref().is_some_and(|me| me.role.moderates() || me.id == event.comment.author.id)
                    });
                if reads_more {
                    comments.reload();
                } else {
                    live.apply(event);
                }
            }),
            on_reset: Box::new(move || {
                resetting.set_value(true);
                comments.reload();
            }),
            on_status: Box::new(move |status| live.status.set(status)),
        };
        stream.set_value(Some(LiveStream::open(slug.clone(), page.event, handlers)));
    });
}
