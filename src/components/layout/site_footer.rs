use leptos::prelude::*;
use schrieb_api::paths::AppLink;

use crate::i18n::{t, use_i18n};

/// The page foot.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <p>{t!(i18n, site.footer)} " " <a href=AppLink::About.href()>{t!(i18n, about.title)}</a></p>
        </footer>
    }
}
