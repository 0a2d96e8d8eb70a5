use leptos::prelude::*;
use schrieb_api::{Comment, CommentState, Slug};

use super::{
    Avatar, CommentActions, CommentChange, CommentEditor, EditedMarker, LinkPreviews, ReactionBar, RelativeTime,
    StateNotice,
};
use crate::components::markup::{MarkupView, References};
use crate::components::promo::{PromoPlacement, PromoSlot};
use crate::components::quote::{QuoteActions, use_authors};
use crate::i18n::{t, t_string, use_i18n};

/// One comment of a thread, as a list item anchored at `#c{id}`.
#[component]
pub fn CommentItem(
    /// The comment.
    comment: Comment,
    /// Where its permalink points (`/a/{slug}?page=N#c{id}`).
    #[prop(into)]
    permalink: String,
    /// Whether it is the comment the reader was sent to.
    #[prop(into)]
    highlighted: Signal<bool>,
    /// Whether the permalink leaves the frame the thread is shown in (the embed widget: it
    /// leads to the host page).
    #[prop(optional)]
    leaves_frame: bool,
    /// The thread's article, for the editor's @mention suggestions.
    #[prop(optional)]
    slug: Option<Slug>,
    /// Told when the reader edited, deleted or restored the comment: the thread showing it
    /// decides what to load again.
    #[prop(optional)]
    on_change: Option<Callback<CommentChange>>,
    /// The newest event of the thread its page shows: its reactions follow the later ones.
    #[prop(optional)]
    event: u64,
    /// The site's promotion slot that follows it, if one does: shown under it, inside its list
    /// item, so that the thread's list counts posts only.
    #[prop(optional_no_strip)]
    promo: Option<PromoPlacement>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::session::use_session();
    let editing = RwSignal::new(false);
    // Edited, deleted, held or restored while shown (live events of the thread): what the
    // comment says follows, in place; its header and controls stay as built (a report form
    // open under it, the focus in it). Not while its author edits it here.
    let live = crate::components::thread::use_live_thread();
    let initial = comment.clone();
    let current = Memo::new(move |previous: Option<&Comment>| match (live, previous) {
        (Some(_), Some(previous)) if editing.get_untracked() => previous.clone(),
        (Some(live), _) => live.comment(&initial, event),
        (None, _) => initial.clone(),
    });
    let actions =
        view! { <CommentActions comment=comment.clone() on_edit=move || editing.set(true) on_change=on_change/> };
    let published = comment.state == CommentState::Published;
    let quoting = (!comment.deleted && published).then(|| view! { <QuoteActions comment=comment.clone()/> });
    let Comment { id, position, author, created_at, .. } = comment;
    // The server leaves out what a held comment says for everyone but its author and
    // moderators: they see its place empty, as for a deleted one.
    let withheld = move || current.with(|now| now.state != CommentState::Published && now.body.is_empty());
    let heading_id = format!("c{id}-author");
    // Quoting a selection asks the page whose words they are.
    if let Some(authors) = use_authors() {
        authors.note(id, &author.display_name, true);
    }
    let labelled_by = heading_id.clone();
    // Who signs it, as it reads now: an author who deleted their account signs no more (a live
    // event says so while the thread is open).
    let signed = move || current.with(|now| (now.author.deleted, now.author.display_name.clone()));
    let content = move || {
        let now = current.get();
        let Comment { body, edited_at, deleted, reactions, state, .. } = now.clone();
        let published = state == CommentState::Published;
        if deleted {
            return view! { <p class="comment__deleted">{t!(i18n, comment.deleted)}</p> }.into_any();
        }
        if !published && body.is_empty() {
            let words = move || match state {
                CommentState::Rejected => t_string!(i18n, comment.removed_by_moderation),
                _ => t_string!(i18n, comment.under_review),
            };
            return view! { <p class="comment__deleted">{words}</p> }.into_any();
        }
        let references = References::of(&now);
        let slug = slug.clone();
        let shown = move || {
            if editing.get() {
                view! {
                    <CommentEditor id=id body=body.clone() slug=slug.clone() on_done=move || editing.set(false) on_change=on_change/>
                }
                .into_any()
            } else {
                view! {
                    <div class="comment__body">
                        <MarkupView source=body.clone() references=references.clone()/>
                    </div>
                }
                .into_any()
            }
        };
        let previews = Signal::derive(move || current.with(|now| now.previews.clone()));
        let may_remove = Signal::derive(move || session.can_remove_previews(&current.get()));
        view! {
            {shown}
            <LinkPreviews comment=id previews=previews may_remove=may_remove/>
            {edited_at.map(|edited_at| view! { <EditedMarker comment=id edited_at=edited_at/> })}
            {published.then(|| view! { <ReactionBar comment=id reactions=reactions event=event/> })}
        }
        .into_any()
    };
    let notice = move || {
        let Comment { state, state_reason, body, .. } = current.get();
        (state != CommentState::Published && !body.is_empty())
            .then(|| view! { <StateNotice state=state reason=state_reason/> })
    };
    view! {
        <li
            id=format!("c{id}")
            class="comment"
            class:comment--highlighted=move || highlighted.get()
            class:comment--deleted=move || current.with(|now| now.deleted) || withheld()
            class:comment--held=move || current.with(|now| now.state != CommentState::Published) && !withheld()
            tabindex="-1"
        >
            <article class="comment__card" aria-labelledby=labelled_by>
                <header class="comment__header">
                    {move || view! { <Avatar name=signed().1/> }}
                    <div class="comment__meta">
                        <h3 class="comment__author" id=heading_id>
                            {move || match signed() {
                                (true, _) => view! { <span class="comment__deleted-account">{t!(i18n, comment.deleted_account)}</span> }.into_any(),
                                (false, name) => name.into_any(),
                            }}
                            {author.guest.then(|| view! { " " <span class="comment__guest">{t!(i18n, comment.guest)}</span> })}
                        </h3>
                        <a class="comment__permalink" href=permalink target=leaves_frame.then_some("_top") title=move || t_string!(i18n, comment.permalink)>
                            <RelativeTime time=created_at/>
                        </a>
                    </div>
                    {position.map(|position| view! {
                        <span class="comment__number" aria-label=move || t_string!(i18n, comment.number, number = position)>
                            "#"{position}
                        </span>
                    })}
                </header>
                {notice}
                {content}
                <div class="comment__footer">
                    {quoting}
                    {actions}
                </div>
            </article>
            {promo.map(|placement| view! { <PromoSlot placement=placement/> })}
        </li>
    }
}
