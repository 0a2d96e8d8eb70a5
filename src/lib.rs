//! schrieb's reader app: article pages and their discussion. Built with Leptos: the server
//! renders its pages with these components ([`render`], feature `ssr`), and the browser's build
//! (Trunk, feature `hydrate`) takes them over and talks to the JSON API from then on.

// Rendering the whole app to HTML (`ssr`) nests view types deeper than the default allows.
#![recursion_limit = "256"]

pub mod api;
pub mod clock;
pub mod components;
pub mod context;
pub mod credentials;
pub mod dom;
pub mod first_screen;
pub mod live_stream;
pub mod loaded;
pub mod pages;
pub mod pwa;
#[cfg(feature = "ssr")]
pub mod render;
pub mod session;
pub mod takeover;
pub mod time;
pub mod unread;
pub mod write;

// The unit tests that need a browser run in headless Chromium, as the component tests do.
#[cfg(test)]
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Typed translations generated from `locales/*.json` by `build.rs` (`i18n::t!`, `use_i18n`, ...).
#[allow(missing_docs, clippy::expect_used, clippy::unwrap_used)]
mod translations {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
pub use translations::i18n;

use leptos::prelude::*;
use leptos_i18n::context::UseLocalesOptions;
use leptos_meta::Title;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::SiteChrome;
use crate::first_screen::FirstScreen;
use crate::i18n::I18nContextProvider;
use crate::pages::{
    AboutPage, AccountPage, AdminPage, ArticlePage, ConfirmPage, EmbedPage, HomePage, LoginPage, ModerationPage,
    NotFoundPage, NotificationsPage, PasswordResetPage, PermalinkPage, RegisterPage, RevisionsPage, UnsubscribePage,
    UserPage, WidgetLoginPage,
};

/// The whole app: its contexts ([`context`]), translations, router and the site frame.
#[component]
pub fn App(
    /// What the server rendered the page from, when it did (see [`first_screen`]).
    #[prop(default = None)]
    first: Option<FirstScreen>,
) -> impl IntoView {
    context::provide_app_contexts(first);
    // The page's language is the one it was rendered in (`<html lang>`, which the translations
    // read first); the reader's choice is kept by the language switcher and arrives on the
    // server through `render::RenderLocale`.
    view! {
        <I18nContextProvider ssr_lang_header_getter=rendered_language()>
            <Title text="schrieb"/>
            <Router>
                <SiteChrome>
                    <Routes fallback=|| view! { <NotFoundPage/> }>
                        <Route path=path!("/") view=HomePage/>
                        <Route path=path!("/a/:slug") view=ArticlePage/>
                        <Route path=path!("/c/:id") view=PermalinkPage/>
                        <Route path=path!("/c/:id/revisions") view=RevisionsPage/>
                        <Route path=path!("/u/:id") view=UserPage/>
                        <Route path=path!("/login") view=LoginPage/>
                        <Route path=path!("/register") view=RegisterPage/>
                        <Route path=path!("/confirm") view=ConfirmPage/>
                        <Route path=path!("/password-reset") view=PasswordResetPage/>
                        <Route path=path!("/account") view=AccountPage/>
                        <Route path=path!("/notifications") view=NotificationsPage/>
                        <Route path=path!("/unsubscribe") view=UnsubscribePage/>
                        <Route path=path!("/about") view=AboutPage/>
                        <Route path=path!("/moderation") view=ModerationPage/>
                        <Route path=path!("/admin") view=AdminPage/>
                        <Route path=path!("/embed") view=EmbedPage/>
                        <Route path=path!("/widget-login") view=WidgetLoginPage/>
                    </Routes>
                </SiteChrome>
            </Router>
        </I18nContextProvider>
    }
}

/// On the server, the language the page is rendered in ([`render::RenderLocale`]), as the
/// `Accept-Language` the translations read there; in the browser they read the browser's.
fn rendered_language() -> UseLocalesOptions {
    #[cfg(feature = "ssr")]
    {
        use leptos_i18n::Locale as _;
        let locale = use_context::<render::RenderLocale>().map(|rendered| rendered.0.as_str().to_owned());
        UseLocalesOptions::default().ssr_lang_header_getter(move || locale.clone())
    }
    #[cfg(not(feature = "ssr"))]
    UseLocalesOptions::default()
}
