use leptos::ev;
use leptos::prelude::*;
use leptos_use::{use_document, use_event_listener};
use schrieb_markup::{mention, quote_block};

use super::selection::clear_selection;
use super::{SelectedQuote, selected_quote, use_authors};
use crate::components::editor::use_composer;
use crate::i18n::{t, t_string, use_i18n};

/// A small popover under words selected in a comment, with "Quote" (quotes just them, with
/// their source) and "Reply" (quotes them and mentions their author). Mouse and touch
/// selections alike fire `selectionchange`; keyboard users have "Quote" on each comment.
#[component]
pub fn SelectionPopover() -> impl IntoView {
    let i18n = use_i18n();
    let (Some(composer), Some(authors)) = (use_composer(), use_authors()) else { return ().into_any() };
    let selected = RwSignal::new(None::<SelectedQuote>);
    let _ = use_event_listener(use_document(), ev::Custom::<web_sys::Event>::new("selectionchange"), move |_| {
        let now = composer.available().then(|| selected_quote(authors)).flatten();
        if now != selected.get_untracked() {
            selected.set(now);
        }
    });
    let quote = move |reply: bool| {
        let Some(words) = selected.get_untracked() else { return };
        clear_selection();
        selected.set(None);
        composer.insert_block(&quote_block(words.source.0, &words.author, &words.text));
        if reply {
            composer.insert_text(&format!("{} ", mention(&words.author)));
        }
    };
    view! {
        {move || selected.get().map(|words| view! {
            <div class="selection-popover" role="toolbar" aria-label=move || t_string!(i18n, quote.selection)
                style:top=format!("{}px", words.bottom + 8.0) style:left=format!("{}px", words.left.max(8.0))
                // A press here must not end the selection it acts on.
                on:mousedown=|event| event.prevent_default()
            >
                <button type="button" class="selection-popover__button" on:click=move |_| quote(false)>
                    {t!(i18n, quote.selection_quote)}
                </button>
                <button type="button" class="selection-popover__button" on:click=move |_| quote(true)>
                    {t!(i18n, quote.selection_reply)}
                </button>
            </div>
        })}
    }
    .into_any()
}
