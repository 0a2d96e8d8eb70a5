use leptos::prelude::*;
use schrieb_api::UserComment;

use crate::components::comment::RelativeTime;

/// A comment in a profile's list: its article, when, and how it begins (plain text from the
/// server, shown as text), linking to the comment in its thread.
#[component]
pub fn UserCommentItem(
    /// The comment.
    comment: UserComment,
) -> impl IntoView {
    let UserComment { id, article_slug, article_title, page, created_at, excerpt } = comment;
    view! {
        <li class="user-comment">
            <a class="user-comment__link" href=format!("/a/{article_slug}?page={page}#c{id}")>
                <span class="user-comment__article">{article_title}</span>
                <span class="user-comment__excerpt">{excerpt}</span>
            </a>
            <RelativeTime time=created_at/>
        </li>
    }
}
