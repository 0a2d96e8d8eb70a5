use leptos::prelude::*;
use schrieb_api::{Change, ChangeKind};

use crate::i18n::{t, use_i18n};

/// A word-level diff as the server computed it: kept text plain, added text in `<ins>`,
/// removed text in `<del>`, each announced in words for screen readers. The markup shows as
/// written, so a changed link or added emphasis is visible too.
#[component]
pub fn WordDiff(
    /// The runs of kept, added and removed text.
    changes: Vec<Change>,
) -> impl IntoView {
    let i18n = use_i18n();
    let runs = changes
        .into_iter()
        .map(|Change { kind, text }| match kind {
            ChangeKind::Kept => text.into_any(),
            ChangeKind::Added => view! {
                <ins class="diff__added">
                    <span class="visually-hidden">"[" {t!(i18n, revisions.added)} ": "</span>
                    {text}
                    <span class="visually-hidden">"]"</span>
                </ins>
            }
            .into_any(),
            ChangeKind::Removed => view! {
                <del class="diff__removed">
                    <span class="visually-hidden">"[" {t!(i18n, revisions.removed)} ": "</span>
                    {text}
                    <span class="visually-hidden">"]"</span>
                </del>
            }
            .into_any(),
        })
        .collect_view();
    view! { <p class="diff">{runs}</p> }
}
