//! The embed widget's scripts for other sites' pages: `/embed.js` puts a page's thread there
//! (drawn first from `/embed/preview`, then in an iframe), `/count.js` fills in comment
//! counts. Compiled in, so they are served without the web app's files too.

use std::sync::LazyLock;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

/// The loader: finds `#schrieb` and inserts the iframe of `/embed`.
const EMBED_JS: &str = include_str!("../../assets/embed.js");

/// The loader with the names and words it shares with the app written in (`schrieb_api::frame`,
/// `schrieb_api::paths`, `locales/*.json`), without its comments (every host page view
/// fetches it).
static EMBED_LOADER: LazyLock<String> = LazyLock::new(|| {
    let script = EMBED_JS
        .replace("FRAME_PROTOCOL", &schrieb_api::frame::frame_protocol_names())
        .replace("EMBED_PAGE_PATH", &format!("'{}'", schrieb_api::paths::EMBED_PAGE))
        .replace("EMBED_PREVIEW_PATH", &format!("'{}'", schrieb_api::paths::EMBED_PREVIEW))
        .replace("GETTING_READY_WORDS", &crate::page_html::getting_ready_words())
        .replace("CONTROLS_SELECTOR", &crate::page_html::controls_selector());
    crate::page_html::without_comments(&script)
});

/// Comment counts for `[data-schrieb-count]` elements, in one request.
const COUNT_JS: &str = include_str!("../../assets/count.js");

/// The counter with the app's words for a count written in, by `Intl.PluralRules` form (from
/// `locales/*.json`, as the app's `CommentCount` says them), and the counts' path
/// (`schrieb_api::paths`).
static COUNTER: LazyLock<String> = LazyLock::new(|| {
    use crate::wording::{Key, Language};
    let words: serde_json::Map<String, serde_json::Value> = Language::ALL
        .iter()
        .map(|language| {
            let forms = serde_json::json!({
                "one": language.template(Key::CommentCountOne),
                "other": language.template(Key::CommentCountMany),
            });
            (language.tag().to_owned(), forms)
        })
        .collect();
    COUNT_JS
        .replace("COUNT_WORDS", &serde_json::Value::Object(words).to_string())
        .replace("COUNTS_PATH", &format!("'{}'", schrieb_api::paths::Endpoint::Counts.template()))
});

/// Their names carry no content hash, so browsers and proxies keep them an hour: a fix reaches
/// every site within that, and a site's visitors do not ask for them on every page.
const CACHE: &str = "public, max-age=3600";

/// `/embed.js` and `/count.js`.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/embed.js", get(|| script(EMBED_LOADER.as_str())))
        .route("/count.js", get(|| script(COUNTER.as_str())))
}

async fn script(text: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, CACHE)], text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_gets_the_names_it_shares_with_the_app() {
        assert!(EMBED_LOADER.contains(
            r#"var MESSAGE = {"Height":"schrieb:height","Scroll":"schrieb:scroll","Ready":"schrieb:ready","Replay":"schrieb:replay"};"#
        ));
        assert!(EMBED_LOADER.contains("var EMBED_PAGE = '/embed';"));
        assert!(EMBED_LOADER.contains("var PREVIEW_PAGE = '/embed/preview';"));
        assert!(EMBED_LOADER.contains(r#"var CONTROLS = "a[href], button, input, select, textarea";"#));
        assert!(EMBED_LOADER.contains(r#"var GETTING_READY = {"de":"#));
        assert!(!EMBED_LOADER.contains("// "), "no comments");
        for placeholder in
            ["FRAME_PROTOCOL", "EMBED_PAGE_PATH", "EMBED_PREVIEW_PATH", "GETTING_READY_WORDS", "CONTROLS_SELECTOR"]
        {
            assert!(!EMBED_LOADER.contains(placeholder), "{placeholder}");
        }
    }

    #[test]
    fn the_counter_gets_the_apps_words_and_the_counts_path() {
        assert!(COUNTER.contains(
            r#"var WORDS = {"de":{"one":"{{ count }} Kommentar","other":"{{ count }} Kommentare"},"en":{"one":"{{ count }} comment","other":"{{ count }} comments"}};"#
        ));
        assert!(COUNTER.contains("var COUNTS = '/api/v1/counts';"));
        assert!(!COUNTER.contains("COUNT_WORDS") && !COUNTER.contains("COUNTS_PATH"));
    }
}
