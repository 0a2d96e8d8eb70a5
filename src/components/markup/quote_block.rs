use leptos::prelude::*;
use schrieb_markup::{Block, Document, QuoteSource};

use super::blocks;
use crate::i18n::{t, use_i18n};

/// Quotes longer than this many characters start collapsed, with "expand" (XenForo's "click
/// to expand"), so a reply that quotes a whole essay does not bury its own words.
const LONG_QUOTE_CHARS: usize = 600;

/// A quote. With a source, it says who wrote it ("Martin schrieb:") and links to the quoted
/// comment; long quotes and quotes inside quotes start collapsed.
#[component]
pub fn QuoteBlock(
    /// The quoted comment, if the quote names it.
    source: Option<QuoteSource>,
    /// The quoted blocks.
    children: Vec<Block>,
    /// How many quotes deep this one stands (1 for a quote in the comment itself).
    depth: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let long = Document { blocks: children.clone() }.plain_text().chars().count() > LONG_QUOTE_CHARS;
    let collapsible = long || depth > 1;
    let (expanded, set_expanded) = signal(!collapsible);
    let attribution = source.map(|QuoteSource { comment, author }| {
        view! {
            <p class="markup__quote-source">
                <a href=format!("#c{comment}")>{t!(i18n, markup.wrote, author = author.clone())}</a>
            </p>
        }
    });
    view! {
        <blockquote class="markup__quote" class:markup__quote--collapsed=move || !expanded.get()>
            {attribution}
            <div class="markup__quote-body">{blocks(children, depth)}</div>
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
