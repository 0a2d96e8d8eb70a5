use leptos::prelude::*;
use leptos_i18n::Locale as _;

use crate::i18n::{Locale, t, t_string, use_i18n};

/// Buttons for each language; the choice is remembered (cookie, by the i18n provider).
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let button = move |locale: Locale, name: AnyView| {
        view! {
            <button
                type="button"
                class="language-switcher__option"
                lang=locale.as_str()
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                on:click=move |_| i18n.set_locale(locale)
            >
                {name}
            </button>
        }
    };
    view! {
        <div class="language-switcher" role="group" aria-label=move || t_string!(i18n, language.label)>
            {button(Locale::de, t!(i18n, language.de).into_any())}
            {button(Locale::en, t!(i18n, language.en).into_any())}
        </div>
    }
}
