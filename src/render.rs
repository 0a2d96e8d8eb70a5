//! The app rendered to HTML on the server (`ssr`): the very components the browser runs, so
//! there is one definition of how a thread looks, and readers without JavaScript, crawlers
//! and the app's first render all see the same HTML.
//!
//! The server fetches what the page shows (a [`FirstScreen`]) and [`page`] renders the app
//! from it for the address asked for. Rendering is synchronous: nothing is fetched while it
//! runs, and the browser-only parts render as they start (see [`crate::context`]).

use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_router::location::RequestUrl;

use crate::first_screen::FirstScreen;
use crate::i18n::Locale;

/// What to render.
#[derive(Debug, Clone)]
pub struct PageRequest<'a> {
    /// The path and query asked for: `/a/{slug}?page=2`, `/embed?url=…`.
    pub path_and_query: &'a str,
    /// The reader's language choice (the `schrieb_lang` cookie's value), if any.
    pub language_cookie: Option<&'a str>,
    /// The request's `Accept-Language`, if any.
    pub accept_language: Option<&'a str>,
    /// What the page shows.
    pub first: FirstScreen,
}

/// A rendered page, for the server to put into the app's `index.html`.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedPage {
    /// The language it is rendered in, for `<html lang>` (which the app reads back when it
    /// takes the page over).
    pub lang: &'static str,
    /// The document's title.
    pub title: String,
    /// The app's HTML: everything inside `<body>`.
    pub body: String,
    /// The [`FirstScreen`] as JSON, safe inside `<script type="application/json">`.
    pub first_screen: String,
}

/// Rendering is synchronous: nothing spawned while a page renders can change its HTML (an
/// isomorphic effect's first run, say), so the server drops it instead of running it later on
/// a thread of its own.
struct DropSpawned;

impl any_spawner::CustomExecutor for DropSpawned {
    fn spawn(&self, _: any_spawner::PinnedFuture<()>) {}
    fn spawn_local(&self, _: any_spawner::PinnedLocalFuture<()>) {}
    fn poll_local(&self) {}
}

/// Renders the app for `request`.
pub fn page(request: PageRequest<'_>) -> RenderedPage {
    // Set once per process; a second call finds it set, which is fine.
    let _ = any_spawner::Executor::init_custom_executor(DropSpawned);
    let locale = locale(&request);
    let title = request.first.article.as_ref().map_or_else(|| "schrieb".to_owned(), |article| article.title.clone());
    let first_screen = script_safe_json(&request.first);
    let owner = Owner::new();
    let body = owner.with(|| {
        provide_context(RequestUrl::new(request.path_and_query));
        let (meta, _) = leptos_meta::ServerMetaContext::new();
        provide_context(meta);
        provide_context(RenderLocale(locale));
        let first = Some(request.first);
        view! { <crate::App first=first/> }.to_html()
    });
    RenderedPage { lang: locale.as_str(), title, body, first_screen }
}

/// The language a page is rendered in, for the translations provider (`crate::App`).
#[derive(Debug, Clone, Copy)]
pub struct RenderLocale(pub Locale);

/// The language [`page`] renders `request` in (`de`, `en`): the server keeps rendered pages by
/// it.
pub fn language(path_and_query: &str, language_cookie: Option<&str>, accept_language: Option<&str>) -> &'static str {
    locale_for(path_and_query, language_cookie, accept_language).as_str()
}

/// The language `request` is rendered in.
fn locale(request: &PageRequest<'_>) -> Locale {
    locale_for(request.path_and_query, request.language_cookie, request.accept_language)
}

/// The language the app would choose for this reader, by its own rules: the widget takes the
/// host page's (`lang=`); elsewhere the reader's choice, then the first language of
/// `Accept-Language` the app speaks, then German.
fn locale_for(path_and_query: &str, language_cookie: Option<&str>, accept_language: Option<&str>) -> Locale {
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    if path == schrieb_api::paths::EMBED_PAGE {
        let lang = query.split('&').find_map(|pair| pair.strip_prefix("lang=")).unwrap_or_default();
        return crate::pages::embed_locale(lang);
    }
    if let Some(chosen) = language_cookie.and_then(|value| value.parse::<Locale>().ok()) {
        return chosen;
    }
    // As the browser reports them (`navigator.languages`): in the header's order, q ignored.
    let accepted: Vec<&str> = accept_language
        .unwrap_or_default()
        .split(',')
        .map(|entry| entry.split(';').next().unwrap_or_default().trim())
        .filter(|tag| !tag.is_empty())
        .collect();
    Locale::find_locale(&accepted)
}

/// `value` as JSON that cannot end the `<script>` element it stands in: every `<` is written
/// `\u003c`, which JSON reads back as `<`.
fn script_safe_json(value: &FirstScreen) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned()).replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request<'a>(path: &'a str, cookie: Option<&'a str>, accept: Option<&'a str>) -> PageRequest<'a> {
        PageRequest {
            path_and_query: path,
            language_cookie: cookie,
            accept_language: accept,
            first: FirstScreen { now: chrono::Utc::now(), me: None, article: None, comments: None },
        }
    }

    #[test]
    fn the_language_is_the_readers_choice_then_their_browsers_then_german() {
        assert_eq!(locale(&request("/a/x", Some("en"), Some("de-DE,de"))), Locale::en);
        assert_eq!(locale(&request("/a/x", None, Some("fr-FR,en-GB;q=0.8,de;q=0.5"))), Locale::en);
        assert_eq!(locale(&request("/a/x", None, Some("fr"))), Locale::de);
        assert_eq!(locale(&request("/a/x", Some("klingon"), None)), Locale::de);
    }

    #[test]
    fn the_widget_speaks_its_host_pages_language() {
        assert_eq!(locale(&request("/embed?url=x&lang=en-GB", Some("de"), None)), Locale::en);
        assert_eq!(locale(&request("/embed?url=x&lang=de", Some("en"), Some("en"))), Locale::de);
    }
}
