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
    // The widget is a part of the host page, whose own `main` it usually sits in: a second
    // `main` landmark would make two. The frame never leaves `/embed`, so this is decided once.
    let column = if embedded.get_untracked() {
        view! { <div class="site-main site-main--embedded">{children()}</div> }.into_any()
    } else {
        view! { <main id="main" class="site-main" tabindex="-1">{children()}</main> }.into_any()
    };
    view! {
        <Show when=move || !embedded.get()>
            <SiteHeader/>
            <UpdateBanner/>
        </Show>
        {column}
        <Show when=move || !embedded.get()>
            <SiteFooter/>
        </Show>
    }
}
