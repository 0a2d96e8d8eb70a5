use leptos::prelude::*;
use schrieb_api::{Comment, CommentId, Slug};

use super::ThreadLinks;
use crate::components::comment::{CommentChange, CommentItem};
use crate::components::promo::{PromoPlacement, use_thread_promos};
use crate::i18n::{t_string, use_i18n};

/// The comments of one page as an ordered list; `highlighted` is the comment the reader was
/// sent to (from the URL's `#c{id}`). The site's promotion slots, if any, stand inside the
/// items of the posts they follow: the list counts posts only.
#[component]
pub fn CommentList(
    /// The comments, in thread order.
    comments: Vec<Comment>,
    /// Where the thread's pages and permalinks are.
    links: ThreadLinks,
    /// The thread's article.
    slug: Slug,
    /// The page these comments are on.
    page: u32,
    /// How many pages the thread has.
    pages: u32,
    /// The newest event of the thread the page shows: live changes after it are applied.
    #[prop(optional)]
    event: u64,
    /// The comment to highlight, if any.
    #[prop(into)]
    highlighted: Signal<Option<CommentId>>,
    /// Told when the reader edited, deleted or restored one of them.
    on_change: Callback<CommentChange>,
) -> impl IntoView {
    let i18n = use_i18n();
    let start = comments.first().and_then(|c| c.position).unwrap_or(1);
    let promos = use_thread_promos();
    // Where skipping a slot leads: the next post, or the reply box after the page's last.
    let next: Vec<String> =
        comments.iter().skip(1).map(|comment| format!("c{}", comment.id)).chain(["reply".to_owned()]).collect();
    view! {
        <ol class="comment-list" start=start aria-label=move || t_string!(i18n, comment.list_label, page = page, pages = pages)>
            {comments
                .into_iter()
                .zip(next)
                .map(|(comment, skip_to)| {
                    let id = comment.id;
                    let permalink = links.permalink(page, id);
                    let promo = promos
                        .as_ref()
                        .zip(comment.position)
                        .and_then(|(promos, position)| PromoPlacement::after(promos, position, skip_to));
                    view! {
                        <CommentItem comment=comment permalink=permalink leaves_frame=links.embedded_in_host()
                            highlighted=Signal::derive(move || highlighted.get() == Some(id))
                            slug=slug.clone() on_change=on_change event=event promo=promo/>
                    }
                })
                .collect_view()}
        </ol>
    }
}
