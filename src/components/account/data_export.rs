use leptos::prelude::*;
use schrieb_api::paths::Endpoint;

use crate::i18n::{t, use_i18n};

/// "Download my data": everything schrieb holds about the reader, as the server writes it
/// (`GET /api/v1/me/export`, an attachment). A plain link: the browser downloads it with the
/// session cookie, and nothing of it passes through the app.
#[component]
pub fn DataExport() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p>{t!(i18n, account.export_intro)}</p>
        <p><a class="button" href=Endpoint::MeExport.template() download>{t!(i18n, account.export_download)}</a></p>
    }
}
