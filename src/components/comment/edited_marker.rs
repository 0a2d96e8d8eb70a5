use chrono::{DateTime, Utc};
use leptos::prelude::*;

use super::RelativeTime;
use crate::i18n::{t, use_i18n};

/// "Zuletzt bearbeitet: vor 2 Stunden" / "Last edited: 2 hours ago".
#[component]
pub fn EditedMarker(
    /// When the comment was last edited.
    edited_at: DateTime<Utc>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="comment__edited">
            {t!(i18n, comment.edited)} " " <RelativeTime time=edited_at/>
        </p>
    }
}
