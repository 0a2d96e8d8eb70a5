//! The embed widget's scripts for other sites' pages: `/embed.js` puts a page's thread there
//! in an iframe, `/count.js` fills in comment counts. Compiled in, so they are served without
//! the web app's files too.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

/// The loader: finds `#schrieb` and inserts the iframe of `/embed`.
const EMBED_JS: &str = include_str!("../../assets/embed.js");

/// Comment counts for `[data-schrieb-count]` elements, in one request.
const COUNT_JS: &str = include_str!("../../assets/count.js");

/// Their names carry no content hash, so browsers and proxies keep them an hour: a fix reaches
/// every site within that, and a site's visitors do not ask for them on every page.
const CACHE: &str = "public, max-age=3600";

/// `/embed.js` and `/count.js`.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/embed.js", get(|| script(EMBED_JS))).route("/count.js", get(|| script(COUNT_JS)))
}

async fn script(text: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, CACHE)], text)
}
