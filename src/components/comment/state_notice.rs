use leptos::prelude::*;
use schrieb_api::CommentState;

use crate::i18n::{t, use_i18n};

/// What a held comment's author (or a moderator) reads above it: "Wartet auf Freigabe" /
/// "Awaiting approval", or that it was rejected and the moderator's reason.
#[component]
pub fn StateNotice(
    /// Where the comment stands (pending or rejected).
    state: CommentState,
    /// For a rejected one, the moderator's reason.
    reason: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    match state {
        CommentState::Rejected => view! {
            <p class="comment__state comment__state--rejected">
                <strong>{t!(i18n, comment.rejected)}</strong>
                {reason.map(|reason| view! { " " <span class="comment__state-reason">{reason}</span> })}
            </p>
        }
        .into_any(),
        _ => view! {
            <p class="comment__state comment__state--pending">
                <strong>{t!(i18n, comment.awaiting_approval)}</strong>
                " " {t!(i18n, comment.awaiting_approval_hint)}
            </p>
        }
        .into_any(),
    }
}
