use leptos::prelude::*;
use schrieb_api::{Comment, CommentId, Slug};

use super::ThreadLinks;
use crate::components::comment::{CommentChange, CommentItem};
use crate::i18n::{t, use_i18n};
use crate::session::use_session;

/// Under the thread's last page, the comments without a place that the reader may see: their
/// own that wait for approval or were rejected, or, for a moderator, every one that waits.
/// Nobody else gets them from the server.
#[component]
pub fn HeldComments(
    /// The comments, oldest first.
    comments: Vec<Comment>,
    /// Where the thread's pages and permalinks are.
    links: ThreadLinks,
    /// The thread's article.
    slug: Slug,
    /// The page they are shown under (the last).
    page: u32,
    /// The comment to highlight, if any.
    #[prop(into)]
    highlighted: Signal<Option<CommentId>>,
    /// Told when the reader edited or deleted one of them.
    on_change: Callback<CommentChange>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let moderates = move || session.me.with(|me| me.as_ref().is_some_and(|me| me.role.moderates()));
    view! {
        <section class="held" aria-labelledby="held-title">
            <h3 class="held__title" id="held-title">{t!(i18n, thread.held_title)}</h3>
            <p class="held__intro">
                {move || if moderates() { t!(i18n, thread.held_intro_moderator).into_any() } else { t!(i18n, thread.held_intro).into_any() }}
            </p>
            <ul class="comment-list comment-list--held">
                {comments
                    .into_iter()
                    .map(|comment| {
                        let id = comment.id;
                        view! {
                            <CommentItem comment=comment permalink=links.permalink(page, id) leaves_frame=links.embedded_in_host()
                                highlighted=Signal::derive(move || highlighted.get() == Some(id))
                                slug=slug.clone() on_change=on_change/>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
