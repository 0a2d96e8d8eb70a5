use leptos::prelude::*;
use schrieb_api::Revision;

use super::WordDiff;
use crate::components::comment::RelativeTime;
use crate::components::markup::MarkupView;
use crate::i18n::{t, use_i18n};

/// One revision, anchored at `#r{number}`: when it was written, the body as it read, and what
/// changed from the revision before.
#[component]
pub fn RevisionItem(
    /// The revision.
    revision: Revision,
    /// Whether it is the comment's current body.
    current: bool,
    /// Whether the URL names it (`#r{number}`).
    highlighted: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let Revision { number, body, written_at, changes } = revision;
    let heading = format!("r{number}-title");
    let labelled_by = heading.clone();
    let previous = number.saturating_sub(1);
    let diff = (!changes.is_empty()).then(|| {
        view! {
            <details class="revision__changes" open>
                <summary>{t!(i18n, revisions.changes, number = previous)}</summary>
                <WordDiff changes=changes/>
            </details>
        }
    });
    view! {
        <li
            id=format!("r{number}")
            class="revision"
            class:revision--highlighted=highlighted
            tabindex="-1"
            aria-labelledby=labelled_by
        >
            <header class="revision__header">
                <h2 class="revision__title" id=heading>
                    {t!(i18n, revisions.version, number = number)}
                    {current.then(|| view! { <span class="revision__badge">{t!(i18n, revisions.current)}</span> })}
                    {(number == 1).then(|| view! { <span class="revision__badge">{t!(i18n, revisions.original)}</span> })}
                </h2>
                <RelativeTime time=written_at/>
            </header>
            <div class="revision__body">
                <MarkupView source=body/>
            </div>
            {diff}
        </li>
    }
}
