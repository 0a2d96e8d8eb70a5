use leptos::prelude::*;
use leptos_meta::Title;
use schrieb_api::paths::AppLink;

use crate::i18n::{t, t_string, use_i18n};

/// The licence schrieb is published under (SPDX), as the README and every deployment say it.
const LICENCE: &str = "AGPL-3.0-or-later";

/// The licence's full text, at its publisher.
const LICENCE_TEXT_URL: &str = "https://www.gnu.org/licenses/agpl-3.0.html";

/// `/about`: what schrieb is, that this instance runs it, its licence and version. The embed
/// widget's credit links here, so that a reader of another site learns whose software the
/// discussion runs on from the instance itself.
#[component]
pub fn AboutPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, about.title).to_owned()/>
        <section class="about" aria-labelledby="about-title">
            <h1 id="about-title">{t!(i18n, about.title)}</h1>
            <p>{t!(i18n, about.what)}</p>
            <p>{t!(i18n, about.instance)}</p>
            <dl class="about__facts">
                <dt>{t!(i18n, about.licence)}</dt>
                <dd><a href=LICENCE_TEXT_URL hreflang="en">{LICENCE}</a></dd>
                <dt>{t!(i18n, about.version)}</dt>
                <dd>{env!("CARGO_PKG_VERSION")}</dd>
            </dl>
            <p><a class="button" href=AppLink::Home.href()>{t!(i18n, about.home)}</a></p>
        </section>
    }
}
