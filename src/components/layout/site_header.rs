use leptos::prelude::*;

use super::LanguageSwitcher;
use crate::components::account::UserMenu;
use crate::i18n::{t, use_i18n};

/// The masthead: skip link, site name, tagline, user menu and language switcher.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, site.skip_to_content)}</a>
        <header class="site-header" id="top">
            <div class="site-header__inner">
                <a class="site-header__brand" href="/">
                    <span class="site-header__logo" aria-hidden="true">"s"</span>
                    <span class="site-header__name">{t!(i18n, site.name)}</span>
                </a>
                <span class="site-header__tagline">{t!(i18n, site.tagline)}</span>
                <UserMenu/>
                <LanguageSwitcher/>
            </div>
        </header>
    }
}
