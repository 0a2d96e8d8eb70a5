//! The embed widget's scripts for other sites' pages: `/embed.js` puts a page's thread there
//! (drawn first from `/embed/preview`, then in an iframe), `/count.js` fills in comment
//! counts. Compiled in, so they are served without the web app's files too.

use std::sync::LazyLock;

use axum::Router;
use axum::response::Response;
use axum::routing::get;

use crate::answers::{self, Accepted, Encoded};

/// The loader: finds `#schrieb` and inserts the iframe of `/embed`.
const EMBED_JS: &str = include_str!("../../assets/embed.js");

/// The loader with the names and words it shares with the app written in (`schrieb_api::frame`,
/// `schrieb_api::paths`, `locales/*.json`, `crate::embed::preview`).
static EMBED_LOADER: LazyLock<String> = LazyLock::new(|| {
    let (elements, attributes) = crate::embed::preview::patterns();
    EMBED_JS
        .replace("FRAME_PROTOCOL", &schrieb_api::frame::frame_protocol_names())
        .replace("EMBED_PAGE_PATH", &format!("'{}'", schrieb_api::paths::EMBED_PAGE))
        .replace("EMBED_PREVIEW_PATH", &format!("'{}'", schrieb_api::paths::EMBED_PREVIEW))
        .replace("CONTROLS_SELECTOR", &crate::page_html::controls_selector())
        .replace("PREVIEW_ELEMENTS", &elements)
        .replace("PREVIEW_ATTRIBUTES", &attributes)
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

/// The scripts as they are sent: minified and compressed once, since every view of every host
/// page fetches them (`/embed.js` has a budget of 2 KB, compressed).
static SENT_LOADER: LazyLock<Encoded> = LazyLock::new(|| Encoded::smallest(minified(&EMBED_LOADER).into_bytes()));
static SENT_COUNTER: LazyLock<Encoded> = LazyLock::new(|| Encoded::smallest(minified(&COUNTER).into_bytes()));

/// `/embed.js` and `/count.js`.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/embed.js", get(|accepted: Accepted| async move { send(&SENT_LOADER, accepted) }))
        .route("/count.js", get(|accepted: Accepted| async move { send(&SENT_COUNTER, accepted) }))
}

fn send(script: &Encoded, accepted: Accepted) -> Response {
    script.respond(accepted, answers::SCRIPT)
}

/// `script` with short local names and no spaces or comments (minify-js, which renames only
/// what is local to the script's function). A script it cannot read is sent without its
/// comments instead, and a test keeps that from happening to ours.
fn minified(script: &str) -> String {
    let session = minify_js::Session::new();
    let mut out = Vec::new();
    match minify_js::minify(&session, minify_js::TopLevelMode::Global, script.as_bytes(), &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_else(|_| crate::page_html::without_comments(script)),
        Err(error) => {
            tracing::error!(%error, "a widget script could not be minified");
            crate::page_html::without_comments(script)
        }
    }
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
        assert!(EMBED_LOADER.contains(r#"var CONTROLS = "a[href],button,input,select,textarea";"#));
        assert!(EMBED_LOADER.contains("var ELEMENTS = /^(A|ARTICLE|"));
        for placeholder in [
            "FRAME_PROTOCOL",
            "EMBED_PAGE_PATH",
            "EMBED_PREVIEW_PATH",
            "CONTROLS_SELECTOR",
            "PREVIEW_ELEMENTS",
            "PREVIEW_ATTRIBUTES",
        ] {
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

    /// Both scripts are minified (a script minify-js could not read would be sent whole), keep
    /// what they share with the app, and the loader stays within its budget.
    #[test]
    fn the_scripts_are_sent_minified_and_the_loader_within_its_budget() {
        for (sent, source) in [(&*SENT_LOADER, &*EMBED_LOADER), (&*SENT_COUNTER, &*COUNTER)] {
            let text = std::str::from_utf8(sent.identity()).unwrap();
            assert!(!text.contains("//") || text.contains("https?:\\/\\/"), "no comments");
            assert!(!text.contains('\n'), "one line");
            assert!(text.len() * 10 < source.len() * 8, "{} of {} bytes", text.len(), source.len());
        }
        let loader = std::str::from_utf8(SENT_LOADER.identity()).unwrap();
        assert!(loader.contains("schrieb:replay") && loader.contains("|BLOCKQUOTE|"));
        assert!(SENT_LOADER.brotli_len() <= 2048, "{} bytes of brotli", SENT_LOADER.brotli_len());
    }
}
