use leptos::prelude::*;
use schrieb_api::{Comment, CommentId, CommentPage, Slug};

use super::{CommentList, FreshComment, HeldComments, NewComments, Pagination, PaginationPlace, ThreadLinks};
use crate::components::comment::CommentChange;
use crate::components::layout::BackToTop;
use crate::dom::reveal;
use crate::i18n::{t, use_i18n};

/// One loaded page of a thread: navigation above and below, the comments between, and a way
/// back to the top. Scrolls to the comment named in the URL once it is on screen.
#[component]
pub fn ThreadPage(
    /// The page as loaded.
    page: CommentPage,
    /// Where the thread's pages and permalinks are.
    links: ThreadLinks,
    /// The thread's article.
    slug: Slug,
    /// The comment named by the URL (`#c{id}`), if any.
    #[prop(into)]
    highlighted: Signal<Option<CommentId>>,
    /// Told when the reader edited, deleted or restored one of the comments.
    on_change: Callback<CommentChange>,
    /// Told to show the comments published since the page was loaded, from the first; the
    /// notice offering them stands under the last page's comments.
    on_show_new: Callback<FreshComment>,
) -> impl IntoView {
    let i18n = use_i18n();
    let new_comments = view! { <NewComments page=page.clone() on_show=on_show_new/> };
    let CommentPage { items, page: current, pages, total, held, event, .. } = page;
    // A guest's own held comments, which only their browser knows, under the last page: read
    // once the page is in the browser (the server's rendering has none).
    let remembered = RwSignal::new(Vec::<Comment>::new());
    if current >= pages {
        let (slug, published) = (slug.clone(), items.clone());
        let known: Vec<CommentId> = held.iter().map(|comment| comment.id).collect();
        Effect::new(move |_| {
            super::guest_held::forget_published(&slug, &published);
            let mine = super::guest_held::remembered(&slug);
            remembered.set(mine.into_iter().filter(|comment| !known.contains(&comment.id)).collect());
        });
    }
    // Runs once this page is in the document: the target element exists now.
    Effect::new(move |_| {
        let target = highlighted.get().map(|id| format!("c{id}"));
        request_animation_frame(move || reveal(target.as_deref()));
    });
    let body = if items.is_empty() && total == 0 {
        view! { <p class="thread__empty">{t!(i18n, article.no_comments)}</p> }.into_any()
    } else if items.is_empty() {
        let last = links.page(pages);
        view! {
            <div class="thread__empty">
                <p>{t!(i18n, article.page_empty, pages = pages)}</p>
                <p><a class="button" href=last>{t!(i18n, article.to_last_page)}</a></p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <CommentList comments=items links=links.clone() slug=slug.clone() page=current pages=pages highlighted=highlighted
                on_change=on_change event=event/>
        }
        .into_any()
    };
    let held = {
        let links = links.clone();
        move || {
            let mut shown = held.clone();
            shown.extend(remembered.get());
            (!shown.is_empty()).then(|| {
                view! {
                    <HeldComments comments=shown links=links.clone() slug=slug.clone() page=current highlighted=highlighted
                        on_change=on_change/>
                }
            })
        }
    };
    let navigation = move |place: PaginationPlace| {
        (pages > 1).then(|| view! { <Pagination current=current pages=pages links=links.clone() place=place/> })
    };
    let (above, below) = (navigation.clone(), navigation);
    view! {
        {move || above(PaginationPlace::Above)}
        {body}
        {held}
        {new_comments}
        {move || below(PaginationPlace::Below)}
        <BackToTop/>
    }
}
