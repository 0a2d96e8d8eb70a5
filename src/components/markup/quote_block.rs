use leptos::prelude::*;
use schrieb_api::{CommentId, QuoteCheck, QuoteStatus};
use schrieb_markup::{Block, Document, QuoteSource};

use super::{Nesting, References, blocks};
use crate::components::quote::use_authors;
use crate::i18n::{t, t_string, use_i18n};

/// Quotes longer than this many characters start collapsed, with "expand" (XenForo's "click
/// to expand"), so a reply that quotes a whole essay does not bury its own words.
const LONG_QUOTE_CHARS: usize = 600;

/// A quote. With a source, it says who wrote it ("Martin schrieb:") and links to the quoted
/// comment, and says so when the quoted words are gone from it since (edited or deleted); long
/// quotes and quotes inside quotes start collapsed.
#[component]
pub fn QuoteBlock(
    /// The quoted comment, if the quote names it.
    source: Option<QuoteSource>,
    /// How the quote stands against its source, when the server checked it.
    check: Option<QuoteCheck>,
    /// The quoted blocks.
    children: Vec<Block>,
    /// Where the quoted blocks stand (depth 1 for a quote in the comment itself).
    nesting: Nesting,
    /// The body's quote checks and mentions.
    references: References,
) -> impl IntoView {
    let i18n = use_i18n();
    let long = Document { blocks: children.clone() }.plain_text().chars().count() > LONG_QUOTE_CHARS;
    let collapsible = long || nesting.depth > 1;
    let (expanded, set_expanded) = signal(!collapsible);
    let status = check.as_ref().map(|check| check.status);
    // Quoting words selected inside this quote quotes its source, not the comment showing it.
    let source_id = source.as_ref().map(|source| source.comment.to_string());
    if let (Some(source), Some(authors)) = (&source, use_authors()) {
        authors.note(CommentId(source.comment), &source.author, false);
    }
    let attribution = source.map(|QuoteSource { comment, author }| {
        // A quote of a comment its author left behind when deleting their account names nobody.
        let name = move || match author.is_empty() {
            true => t_string!(i18n, comment.deleted_account).to_owned(),
            false => author.clone(),
        };
        view! {
            <p class="markup__quote-source">
                <a href=format!("#c{comment}")>{t!(i18n, markup.wrote, author = name)}</a>
            </p>
        }
    });
    let notice = check.and_then(|check| status_notice(&check));
    view! {
        <blockquote
            class="markup__quote"
            data-source=source_id
            class:markup__quote--collapsed=move || !expanded.get()
            class:markup__quote--verified=status == Some(QuoteStatus::Verified)
            class:markup__quote--stale=matches!(status, Some(QuoteStatus::Edited | QuoteStatus::Deleted))
        >
            {attribution}
            {notice}
            <div class="markup__quote-body">{blocks(children, nesting, &references)}</div>
            {collapsible.then(|| view! {
                <button
                    type="button"
                    class="markup__quote-toggle"
                    aria-expanded=move || expanded.get().to_string()
                    on:click=move |_| set_expanded.update(|open| *open = !*open)
                >
                    {move || if expanded.get() { t!(i18n, markup.collapse).into_any() } else { t!(i18n, markup.expand).into_any() }}
                </button>
            })}
        </blockquote>
    }
}

/// What a reader should know about a quote that no longer matches its source. A verified
/// quote needs no words.
fn status_notice(check: &QuoteCheck) -> Option<AnyView> {
    let i18n = use_i18n();
    let notice = match check.status {
        QuoteStatus::Verified => return None,
        QuoteStatus::Edited => {
            let history = format!("/c/{}/revisions#r{}", check.source, check.revision);
            view! {
                {t!(i18n, markup.quote_edited)}" "
                <a href=history>{t!(i18n, markup.quote_history)}</a>
            }
            .into_any()
        }
        QuoteStatus::Deleted => t!(i18n, markup.quote_deleted).into_any(),
        QuoteStatus::Unverified => t!(i18n, markup.quote_unverified).into_any(),
    };
    Some(view! { <p class="markup__quote-status" role="note">{notice}</p> }.into_any())
}
