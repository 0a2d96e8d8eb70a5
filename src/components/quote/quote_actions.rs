use leptos::prelude::*;
use schrieb_api::Comment;
use schrieb_markup::{mention, own_words, quote_block};

use super::selection::clear_selection;
use super::{CollectedQuote, selected_quote, use_authors, use_multi_quote};
use crate::components::editor::use_composer;
use crate::i18n::{t, t_string, use_i18n};

/// "Quote", "+ Quote" and "Reply" under a comment, for readers who can write. "Quote" quotes
/// the words selected in the comment, or else the whole comment in its own words; it is how
/// keyboard users quote a selection too. "+ Quote" collects the comment for a multi-quote.
#[component]
pub fn QuoteActions(
    /// The comment.
    comment: Comment,
) -> impl IntoView {
    let i18n = use_i18n();
    let Some(composer) = use_composer() else { return ().into_any() };
    let multi = use_multi_quote();
    let authors = use_authors();
    let Comment { id, author, body, .. } = comment;
    let author = author.display_name;
    let whole = own_words(&body);
    let (quote_author, reply_author, collect_author) = (author.clone(), author.clone(), author);
    let quote = move |_| {
        let selected = authors.and_then(selected_quote).filter(|selected| selected.shown_in == id);
        let block = match selected {
            Some(selected) => quote_block(selected.source.0, &selected.author, &selected.text),
            None => quote_block(id.0, &quote_author, &whole),
        };
        clear_selection();
        composer.insert_block(&block);
    };
    let reply = move |_| composer.insert_text(&format!("{} ", mention(&reply_author)));
    // Each button names the comment's author through its heading, not through an attribute
    // holding the name: user text goes into text nodes only.
    let described_by = format!("c{id}-author");
    // Made anew each time the actions show (a view is not copied).
    let collect = move || {
        multi.map(|multi| {
            let collected = Memo::new(move |_| multi.contains(id));
            let (text, author) = (own_words(&body), collect_author.clone());
            let toggle = move |_| {
                multi.toggle(CollectedQuote { comment: id, author: author.clone(), text: text.clone() });
            };
            view! {
                <button type="button" class="comment-actions__button quote-actions__collect"
                    aria-pressed=move || collected.get().to_string() aria-describedby=described_by.clone()
                    title=move || t_string!(i18n, quote.collect_title) on:click=toggle>
                    {move || if collected.get() { t!(i18n, quote.collected).into_any() } else { t!(i18n, quote.collect).into_any() }}
                </button>
            }
        })
    };
    let described_by = format!("c{id}-author");
    view! {
        <Show when=move || composer.available()>
            <div class="quote-actions">
                // Keeps the reader's selection in the comment until the click reads it (before
                // the app is ready, the early script does, told by `data-keeps-selection`).
                <button type="button" class="comment-actions__button" aria-describedby=described_by.clone()
                    data-keeps-selection="" on:mousedown=|event| event.prevent_default() on:click=quote.clone()>
                    {t!(i18n, quote.quote)}
                </button>
                {collect()}
                <button type="button" class="comment-actions__button" aria-describedby=described_by.clone() on:click=reply.clone()>
                    {t!(i18n, quote.reply)}
                </button>
            </div>
        </Show>
    }
    .into_any()
}
