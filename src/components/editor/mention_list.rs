use leptos::prelude::*;

use super::UseMentions;
use crate::i18n::{t, use_i18n};

/// The suggestions for an @mention being typed, as the listbox the editor's textarea controls
/// (`aria-controls`, `aria-autocomplete="list"`). The textarea keeps the focus and points at the
/// active option (`aria-activedescendant`); a live region says how many there are, since a
/// multi-line textbox has no `aria-expanded` to say that a list opened.
#[component]
pub fn MentionList(
    /// The editor's suggestions.
    mentions: UseMentions,
    /// The listbox's DOM id (the textarea's `aria-controls`).
    #[prop(into)]
    id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let option_prefix = id.clone();
    let options = move || {
        let prefix = option_prefix.clone();
        mentions
            .items
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, suggestion)| {
                let selected = move || mentions.active.get() == index;
                view! {
                    <li id=format!("{prefix}-{index}") class="mention-list__option" role="option"
                        class:mention-list__option--active=selected aria-selected=move || selected().to_string()
                        // A click must not take the focus (and the caret) from the textarea.
                        on:mousedown=|event| event.prevent_default()
                        on:click=move |_| mentions.pick(index)
                    >
                        <span class="mention-list__name">{suggestion.display_name}</span>
                        {suggestion.in_thread.then(|| view! { <span class="mention-list__hint">{t!(i18n, editor.in_thread)}</span> })}
                    </li>
                }
            })
            .collect_view()
    };
    let count = move || mentions.items.with(Vec::len);
    view! {
        <ul class="mention-list" id=id role="listbox" aria-label=move || crate::i18n::t_string!(i18n, editor.suggestions) hidden=move || count() == 0>
            {options}
        </ul>
        <p class="visually-hidden" role="status" aria-live="polite">
            {move || (count() > 0).then(|| t!(i18n, editor.suggestions_count, count = count()))}
        </p>
    }
}
