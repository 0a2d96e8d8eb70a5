use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::{SiteFooter, SiteHeader, UpdateBanner};

/// The site's header and footer around the main column, except in the embed widget
/// (`/embed`), which sits in another site's page and shows the thread alone.
#[component]
pub fn SiteChrome(
    /// The routes.
    children: Children,
) -> impl IntoView {
    let location = use_location();
    let embedded = Memo::new(move |_| location.pathname.read().starts_with("/embed"));
    view! {
        <Show when=move || !embedded.get()>
            <SiteHeader/>
            <UpdateBanner/>
        </Show>
        <main id="main" class="site-main" class:site-main--embedded=embedded tabindex="-1">
            {children()}
        </main>
        <Show when=move || !embedded.get()>
            <SiteFooter/>
        </Show>
    }
}
