use leptos::prelude::*;
use leptos_i18n::Locale as _;

use crate::i18n::{Locale, t, t_string, use_i18n};

/// The cookie the reader's choice of language is kept in, a year long and site-wide; the server
/// renders pages in it (`render::language`).
const LANGUAGE_COOKIE: &str = "schrieb_lang";

/// Buttons for each language; the choice is remembered ([`remember`]).
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
                on:click=move |_| {
                    i18n.set_locale(locale);
                    remember(locale);
                }
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

/// The language the reader chose with the switcher (kept by [`remember`]), if they chose one;
/// pages that could speak another language (an unsubscribe link in the mail's) yield to it.
pub fn chosen_locale() -> Option<Locale> {
    use wasm_bindgen::JsCast;
    let cookies = document().dyn_into::<web_sys::HtmlDocument>().ok()?.cookie().ok()?;
    cookies.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == LANGUAGE_COOKIE).then(|| Locale::get_all().iter().copied().find(|locale| locale.as_str() == value))?
    })
}

/// Keeps `locale` as the reader's choice. Written here rather than by the translations'
/// provider: its cookie support brought a date library into the download for one line (the
/// Wasm went from 553 to 532 KB brotli without it, `cargo xtask size`), and a language set by a
/// widget's host page (which the provider kept too) is not the reader's choice.
fn remember(locale: Locale) {
    use wasm_bindgen::JsCast;
    if let Ok(document) = document().dyn_into::<web_sys::HtmlDocument>() {
        let cookie =
            format!("{LANGUAGE_COOKIE}={}; Path=/; SameSite=Lax; Max-Age={}", locale.as_str(), 365 * 24 * 60 * 60);
        let _ = document.set_cookie(&cookie);
    }
}
