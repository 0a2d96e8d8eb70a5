use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};
use leptos_use::{UseMutationObserverOptions, use_mutation_observer_with_options, use_resize_observer};
use schrieb_api::frame::FrameMessage;
use schrieb_api::paths::AppLink;
use schrieb_api::{CommentId, EmbedThreadRequest, ErrorKind, PageNumber, PageUrl};

use crate::api;
use crate::components::account::WidgetLogin;
use crate::components::feedback::ErrorPanel;
use crate::components::thread::{CommentSkeletons, Discussion, ThreadLinks};
use crate::first_screen::use_first_answers;
use crate::i18n::{Locale, t, use_i18n};
use crate::loaded::use_loaded;
use crate::takeover::use_taken_over;

/// `/embed?url=…&title=…&theme=…&lang=…[&comment=ID][&page=N]`: the thread of a page on a
/// registered site, in the iframe `/embed.js` puts on that page. No site chrome; the host page
/// is told the frame's height as it changes, and where a linked comment is; theme and language
/// are the host's. The server allows the frame only inside the site's registered origins
/// (`Content-Security-Policy: frame-ancestors`), and creates the thread on first view.
#[component]
pub fn EmbedPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let location = use_location();
    let param = move |name: &str| query.with_untracked(|query| query.get(name)).unwrap_or_default();
    let page_url = page_url(&param("url"));
    let title = param("title");
    let lang = param("lang");
    let theme = param("theme");
    // The server writes the theme into the page it renders; the app applies it in the browser.
    Effect::new(move |_| apply_theme(&theme));
    i18n.set_locale(embed_locale(&lang));

    let page = Memo::new(move |_| {
        query.read().get("page").and_then(|raw| PageNumber::parse(&raw).ok()).unwrap_or(PageNumber::FIRST)
    });
    // `#c{id}` within the frame, or `comment=ID` from the host page's `#schrieb-c{id}`; marked
    // once the app has taken the page over (the server never sees the `#fragment`).
    let taken_over = use_taken_over();
    let highlighted = Memo::new(move |_| {
        let hash = location.hash.read();
        let named = hash.strip_prefix("#c").map(str::to_owned).or_else(|| query.read().get("comment"));
        named.and_then(|id| id.parse().ok()).map(CommentId).filter(|_| taken_over.get())
    });

    let Some(page_url) = page_url else {
        return view! { <p class="embed__notice" role="alert">{t!(i18n, embed.bad_url)}</p> }.into_any();
    };
    let host = page_url.origin().to_owned();
    Effect::new(move |_| report_height(host.clone()));
    report_highlight(page_url.origin().to_owned(), highlighted);

    let frame_query = frame_query(&page_url, &title, &param("theme"), &lang);
    let links = ThreadLinks::embedded(&frame_query, page_url.as_str());
    let request = EmbedThreadRequest { url: page_url, title, lang: Some(lang).filter(|lang| !lang.is_empty()) };
    let first = use_first_answers().take_thread();
    let thread = use_loaded(
        || (),
        first,
        move |()| {
            let request = request.clone();
            async move { api::embed_thread(&request).await }
        },
    );
    view! {
        <div class="embed">
            <WidgetLogin/>
            {move || {
                let links = links.clone();
                match thread.get() {
                    None => view! { <CommentSkeletons/> }.into_any(),
                    Some(Ok(article)) => view! {
                        <Title text=article.title.clone()/>
                        <Discussion slug=article.slug comment_count=article.comment_count guests=article.guest_comments
                            state=article.discussion links=links page=page highlighted=highlighted
                            promos=article.promos/>
                    }
                    .into_any(),
                    Some(Err(error)) if error.kind() == Some(ErrorKind::Forbidden) => {
                        view! { <p class="embed__notice" role="alert">{t!(i18n, embed.not_registered)}</p> }.into_any()
                    }
                    Some(Err(error)) => view! { <ErrorPanel error=error on_retry=move || thread.reload()/> }.into_any(),
                }
            }}
            // The frame is schrieb's own origin, so `/about` is this instance's page about itself.
            <p class="embed__credit">
                <a href=AppLink::About.href() target="_blank" rel="noopener">
                    {t!(i18n, embed.credit)}
                    <span class="visually-hidden">" (" {t!(i18n, comment.link_hint)} ")"</span>
                </a>
            </p>
        </div>
    }
    .into_any()
}

/// The widget's language from the host page's (`lang=` of the frame's address): English for
/// any English, German otherwise. The server renders the frame in the same.
pub fn embed_locale(lang: &str) -> Locale {
    if lang.to_ascii_lowercase().starts_with("en") { Locale::en } else { Locale::de }
}

/// The host page's address under [`PageUrl`]'s rules, normalized by the browser's URL parser
/// (see [`PageUrl::from_browser`]); `None` for anything that is not a page address.
#[cfg(not(feature = "ssr"))]
pub fn page_url(raw: &str) -> Option<PageUrl> {
    use schrieb_api::MAX_PAGE_URL_CHARS;
    let url = web_sys::Url::new(raw.trim()).ok()?;
    let web = matches!(url.protocol().as_str(), "http:" | "https:");
    if !web || !url.username().is_empty() || !url.password().is_empty() || url.host().is_empty() {
        return None;
    }
    url.set_search("");
    url.set_hash("");
    let href = url.href();
    (href.chars().count() <= MAX_PAGE_URL_CHARS).then(|| PageUrl::from_browser(href))
}

/// The host page's address as the server reads it (the same WHATWG rules).
#[cfg(feature = "ssr")]
pub fn page_url(raw: &str) -> Option<PageUrl> {
    PageUrl::parse(raw).ok()
}

/// The frame's own query without the page number, for its page links.
fn frame_query(url: &PageUrl, title: &str, theme: &str, lang: &str) -> String {
    let encode = schrieb_api::paths::query_value;
    format!("url={}&title={}&theme={}&lang={}", encode(url.as_str()), encode(title), encode(theme), encode(lang))
}

/// `light` or `dark` as the host asks; anything else follows the reader's system.
fn apply_theme(theme: &str) {
    let Some(root) = document().document_element() else { return };
    let _ = match theme {
        "light" | "dark" => root.set_attribute("data-theme", theme),
        _ => root.remove_attribute("data-theme"),
    };
}

/// Tells the host page (and only it: `host` is its origin) how tall the frame's content is,
/// whenever that changes, so the iframe never scrolls on its own. A mutation observer notices
/// new content even while the frame is off screen (browsers pause resize observers in hidden
/// cross-origin frames, and the widget usually starts below the article); a resize observer
/// notices what only the layout changes (a narrower window).
fn report_height(host: String) {
    let (Some(root), Some(body)) = (document().document_element(), document().body()) else { return };
    // Without the site's full-window body, the body is exactly as tall as what it shows.
    let _ = root.class_list().add_1("embedded");
    let last = StoredValue::new(0.0_f64);
    let measure = move || {
        let Some(body) = document().body() else { return };
        let height = body.get_bounding_client_rect().height().ceil();
        if height != last.get_value() {
            last.set_value(height);
            post(&host, &FrameMessage::Height { height });
        }
    };
    let on_change = measure.clone();
    let options =
        UseMutationObserverOptions::default().subtree(true).child_list(true).attributes(true).character_data(true);
    use_mutation_observer_with_options(body.clone(), move |_, _| on_change(), options);
    use_resize_observer(body, move |_, _| measure());
}

/// Tells the host page where the comment named by the address is, so that it scrolls there:
/// the frame is as tall as its content and cannot scroll to it itself.
fn report_highlight(host: String, highlighted: Memo<Option<CommentId>>) {
    Effect::new(move |_| {
        if let Some(id) = highlighted.get() {
            post_position(format!("c{id}"), host.clone(), 30);
        }
    });
}

/// Posts where element `id` is once it exists, looking again every 100 ms up to `tries` times
/// (the page with the comment may still be loading).
fn post_position(id: String, host: String, tries: u32) {
    if let Some(element) = document().get_element_by_id(&id) {
        let top = element.get_bounding_client_rect().top() + window().scroll_y().unwrap_or(0.0);
        post(&host, &FrameMessage::Scroll { offset: top });
    } else if tries > 0 {
        set_timeout(move || post_position(id, host, tries - 1), std::time::Duration::from_millis(100));
    }
}

/// Tells the host page's loader (`embed.js`), and only a window of the host's origin.
fn post(host: &str, message: &FrameMessage) {
    if let Ok(Some(parent)) = window().parent() {
        let _ = parent.post_message(&crate::dom::to_js_object(message), host);
    }
}
