use leptos::prelude::*;
use schrieb_api::ExportFormat;
use schrieb_api::paths::api;

use crate::i18n::{t, use_i18n};

/// A site's whole discussion as a download, in schrieb's own format (what `import --from
/// schrieb` reads back without loss) or as a WordPress export. Plain links: the browser streams
/// the file to disk with the session cookie, however large the site.
#[component]
pub fn SiteExport(
    /// The site's name.
    site: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let link = move |format: ExportFormat| {
        let href = api::admin_site_export(&site, format);
        let label = match format {
            ExportFormat::Schrieb => t!(i18n, admin.export_schrieb).into_any(),
            ExportFormat::Wxr => t!(i18n, admin.export_wxr).into_any(),
        };
        view! { <li><a class="button button--quiet" href=href download>{label}</a></li> }
    };
    view! {
        <p>{t!(i18n, admin.export_intro)}</p>
        <ul class="admin__exports">{ExportFormat::ALL.map(link).into_iter().collect_view()}</ul>
    }
}
