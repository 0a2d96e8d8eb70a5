//! The web app's files (Trunk's `dist/`), precompressed and cached by content hash, with
//! `index.html` for every other path so that deep links like `/a/slug?page=2` work, and the
//! service worker (`/sw.js`) that precaches exactly these files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::services::ServeDir;

use crate::error::AppError;

/// Why the app's files could not be served.
#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    /// `index.html` is missing: the app has not been built (`cargo xtask serve` builds it).
    #[error("{0}/index.html not readable ({1}); build the app first (cargo xtask serve does)")]
    MissingIndex(String, std::io::Error),
    /// A file of the app could not be read for the service worker's list.
    #[error("reading {0} for the service worker's precache list: {1}")]
    Unreadable(String, std::io::Error),
}

/// The service worker, before the server puts the app's version and file list in front of it.
const WORKER: &str = include_str!("../../assets/sw.js");

/// The built web app in a folder.
#[derive(Debug, Clone)]
pub struct Assets {
    dir: PathBuf,
    index: Arc<str>,
    worker: Arc<str>,
}

impl Assets {
    /// Reads the app in `dir`; fails when it has no `index.html`.
    pub fn load(dir: &Path) -> Result<Self, AssetError> {
        let index = std::fs::read_to_string(dir.join("index.html"))
            .map_err(|error| AssetError::MissingIndex(dir.display().to_string(), error))?;
        let worker = service_worker(dir)?;
        Ok(Self { dir: dir.to_owned(), index: index.into(), worker: worker.into() })
    }

    /// The app's `index.html`.
    pub fn index(&self) -> Arc<str> {
        self.index.clone()
    }

    /// The text of the app's stylesheet at the address `href` (`/main-….css`), for pages that
    /// carry their styles (`page_html`); `None` for anything else or outside the app's folder.
    pub fn stylesheet(&self, href: &str) -> Option<String> {
        let name = href.strip_prefix('/')?;
        let plain = Path::new(name).components().all(|part| matches!(part, std::path::Component::Normal(_)));
        if !plain || !name.ends_with(".css") {
            return None;
        }
        std::fs::read_to_string(self.dir.join(name)).ok()
    }

    /// A router serving the files, `.br`/`.gz` siblings when the browser takes them.
    pub fn service(self) -> Router {
        let index = self.index.clone();
        let spa = get(move |uri: Uri| spa_index(uri, index.clone()));
        let files = ServeDir::new(&self.dir).precompressed_br().precompressed_gzip().fallback(spa);
        let worker = self.worker.clone();
        Router::new()
            .route("/sw.js", get(move || serve_worker(worker.clone())))
            .fallback_service(files)
            .layer(middleware::from_fn(cache_headers))
    }
}

/// `/sw.js`: never cached by the browser's HTTP cache (`cache_headers` says `no-cache`), so
/// each visit finds a new deployment. Its scope is the whole site, where it lies.
async fn serve_worker(worker: Arc<str>) -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], worker.to_string()).into_response()
}

/// The service worker for the app in `dir`: its `VERSION` (a hash of every file, so any change
/// makes a new worker, which browsers then install) and `PRECACHE` (every file but the
/// precompressed copies, the app shell as `/index.html`) in front of [`WORKER`].
fn service_worker(dir: &Path) -> Result<String, AssetError> {
    use sha2::{Digest, Sha256};
    let mut files = Vec::new();
    collect_files(dir, dir, &mut files)?;
    files.sort();
    let mut hash = Sha256::new();
    hash.update(WORKER.as_bytes());
    for path in &files {
        let file = dir.join(path.trim_start_matches('/'));
        let data = std::fs::read(&file).map_err(|error| AssetError::Unreadable(file.display().to_string(), error))?;
        hash.update(path.as_bytes());
        hash.update((data.len() as u64).to_le_bytes());
        hash.update(&data);
    }
    let version: String = hash.finalize().iter().take(8).map(|byte| format!("{byte:02x}")).collect();
    let list = serde_json::to_string(&files).unwrap_or_else(|_| "[]".to_owned());
    Ok(format!(
        "const VERSION = '{version}';\nconst PRECACHE = {list};\nconst PROTOCOL = {};\nconst ROUTES = {};\nconst OFFLINE_PAGE = {};\n{WORKER}",
        schrieb_api::worker::protocol_names(),
        worker_routes(),
        serde_json::to_string(&offline_page()).unwrap_or_else(|_| "''".to_owned()),
    ))
}

/// The paths the worker treats apart, from the one list of them (`schrieb_api::paths`): what it
/// keeps for reading offline (`kept`, stale-while-revalidate; `latest`, network first), the
/// pages it does not answer with the app's shell, where replies are posted, and which writes
/// change the session.
fn worker_routes() -> serde_json::Value {
    use schrieb_api::paths::{Endpoint, NOT_SHELL_PAGES};
    let kept = [
        Endpoint::Articles,
        Endpoint::Article,
        Endpoint::ArticleComments,
        Endpoint::Comment,
        Endpoint::CommentRevisions,
        Endpoint::CommentReactions,
        Endpoint::User,
    ];
    let not_shell: Vec<String> = NOT_SHELL_PAGES.iter().map(|page| format!("^{}$", page.replace('/', "\\/"))).collect();
    serde_json::json!({
        "kept": kept.iter().map(|endpoint| endpoint.pattern()).collect::<Vec<_>>(),
        "latest": [Endpoint::Me.pattern()],
        // The API, and the feeds (documents for feed readers, never the app).
        "not_shell": not_shell
            .into_iter()
            .chain([r"^\/api(\/|$)".to_owned(), format!("^{}", schrieb_api::paths::FEEDS_PREFIX.replace('/', "\\/"))])
            .collect::<Vec<_>>(),
        // `/a/{slug}`, which `routes/pages.rs` renders with its thread.
        "rendered": [r"^\/a\/[^/]+$"],
        "article": Endpoint::Article.pattern(),
        "comments": Endpoint::ArticleComments.template(),
        "auth": schrieb_api::paths::AUTH_PREFIX,
        "logs_in": [Endpoint::AuthLogin.template(), Endpoint::AuthVerify.template()],
        "me": Endpoint::Me.template(),
    })
}

/// The page the worker shows when the app was never loaded on this device and there is no
/// connection.
fn offline_page() -> String {
    use crate::wording::{Key, Language, interpolate};
    use schrieb_markup::escape_html;
    let say = |language: Language, key: Key| escape_html(&language.text(key, &[]));
    let title = format!(
        "{} · {} – schrieb",
        say(Language::German, Key::OfflineTitle),
        say(Language::English, Key::OfflineTitle)
    );
    interpolate(
        OFFLINE_PAGE,
        &[
            ("title", &title),
            ("de_heading", &say(Language::German, Key::OfflineTitle)),
            ("de_text", &say(Language::German, Key::AppNotLoaded)),
            ("en_heading", &say(Language::English, Key::OfflineTitle)),
            ("en_text", &say(Language::English, Key::AppNotLoaded)),
        ],
    )
}

/// The offline page in both languages (the worker cannot know the reader's), German first as
/// in the app; [`offline_page`] fills in the words from the locale files, escaped.
const OFFLINE_PAGE: &str = r#"<!doctype html><html lang="de"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">
<h1>{{ de_heading }}</h1><p>{{ de_text }}</p>
<h1 lang="en">{{ en_heading }}</h1><p lang="en">{{ en_text }}</p>
<script>addEventListener('online', () => location.reload())</script></body></html>"#;

/// Every file under `dir` as a site path (`/icons/icon-192.png`), but the `.br`/`.gz` copies
/// that the server picks itself.
fn collect_files(root: &Path, dir: &Path, files: &mut Vec<String>) -> Result<(), AssetError> {
    let unreadable = |error| AssetError::Unreadable(dir.display().to_string(), error);
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        if path.is_dir() {
            collect_files(root, &path, files)?;
            continue;
        }
        let precompressed = path.extension().is_some_and(|ext| ext == "br" || ext == "gz");
        if let (false, Ok(relative)) = (precompressed, path.strip_prefix(root)) {
            let parts: Vec<_> = relative.components().map(|part| part.as_os_str().to_string_lossy()).collect();
            files.push(format!("/{}", parts.join("/")));
        }
    }
    Ok(())
}

async fn spa_index(uri: Uri, index: Arc<str>) -> Response {
    let last_segment = uri.path().rsplit('/').next().unwrap_or_default();
    if last_segment.contains('.') {
        // A missing file stays missing: answering a script request with HTML hides the error.
        let path: String = uri.path().chars().take(200).collect();
        return AppError::NotFound(format!("no file at {path}")).into_response();
    }
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], index.to_string()).into_response()
}

/// Files named by their content hash never change: browsers may keep them a year. Everything
/// else (above all `index.html`, which names the current hashes) is revalidated every time.
async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = is_content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let value =
        if hashed && response.status().is_success() { "public, max-age=31536000, immutable" } else { "no-cache" };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// Trunk names built files `name-<hash>.ext` or `name-<hash>_bg.wasm`, the hash a 64-bit
/// number in hex without leading zeros (so now and then 15 digits, rarely fewer).
fn is_content_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_trunks_hashed_names() {
        assert!(is_content_hashed("/schrieb-web-4f2a9c0d1e3b5a67.js"));
        assert!(is_content_hashed("/schrieb-web-4f2a9c0d1e3b5a67_bg.wasm"));
        assert!(is_content_hashed("/style-0123456789abcdef.css"));
        assert!(is_content_hashed("/editor-b725c1f17816730.css"));
        assert!(!is_content_hashed("/index.html"));
        assert!(!is_content_hashed("/a/pergola-lizenzwechsel"));
        assert!(!is_content_hashed("/manifest.webmanifest"));
    }

    fn app_in(dir: &Path, index: &str) {
        std::fs::create_dir_all(dir.join("icons")).unwrap();
        std::fs::write(dir.join("index.html"), index).unwrap();
        std::fs::write(dir.join("app-0123456789abcdef.js"), "app()").unwrap();
        std::fs::write(dir.join("app-0123456789abcdef.js.br"), "compressed").unwrap();
        std::fs::write(dir.join("icons/icon-192.png"), "png").unwrap();
    }

    #[test]
    fn the_worker_precaches_the_app_and_changes_with_it() {
        let dir = std::env::temp_dir().join(format!("schrieb-assets-{}", std::process::id()));
        app_in(&dir, "<html>one</html>");
        let first = service_worker(&dir).unwrap();
        assert!(
            first.contains(r#"const PRECACHE = ["/app-0123456789abcdef.js","/icons/icon-192.png","/index.html"];"#)
        );
        assert!(!first.contains(".br"));
        assert!(first.ends_with(WORKER));
        assert!(first.contains(r#"const PROTOCOL = {"request":{"SkipWaiting":"skip-waiting","#), "{first}");
        assert!(first.contains(r#""kept":["^\\/api\\/v1\\/articles$","#), "{first}");
        let not_shell = r#""not_shell":["^\\/embed$","^\\/widget-login$","^\\/healthz$","^\\/readyz$","^\\/metrics$","^\\/api(\\/|$)","^\\/feeds\\/"]"#;
        assert!(first.contains(not_shell), "{first}");
        assert!(first.contains("const OFFLINE_PAGE = \"<!doctype html>"), "{first}");
        assert_eq!(service_worker(&dir).unwrap(), first, "the same app, the same worker");
        app_in(&dir, "<html>two</html>");
        let second = service_worker(&dir).unwrap();
        assert_ne!(second, first, "a new deployment is a new worker");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
