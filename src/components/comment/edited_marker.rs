use chrono::{DateTime, Utc};
use leptos::prelude::*;
use schrieb_api::CommentId;

use super::RelativeTime;
use crate::i18n::{t, t_string, use_i18n};

/// "Zuletzt bearbeitet: vor 2 Stunden" / "Last edited: 2 hours ago", linking to the comment's
/// revision history.
#[component]
pub fn EditedMarker(
    /// The edited comment.
    comment: CommentId,
    /// When it was last edited.
    edited_at: DateTime<Utc>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="comment__edited">
            <a href=format!("/c/{comment}/revisions") title=move || t_string!(i18n, revisions.title)>
                {t!(i18n, comment.edited)} " " <RelativeTime time=edited_at/>
            </a>
        </p>
    }
}
