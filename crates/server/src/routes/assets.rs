//! The web app's files (Trunk's `dist/`), precompressed and cached by content hash, with
//! `index.html` for every other path so that deep links like `/a/slug?page=2` work.

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
}

/// The built web app in a folder.
#[derive(Debug, Clone)]
pub struct Assets {
    dir: PathBuf,
    index: Arc<str>,
}

impl Assets {
    /// Reads the app in `dir`; fails when it has no `index.html`.
    pub fn load(dir: &Path) -> Result<Self, AssetError> {
        let index = std::fs::read_to_string(dir.join("index.html"))
            .map_err(|error| AssetError::MissingIndex(dir.display().to_string(), error))?;
        Ok(Self { dir: dir.to_owned(), index: index.into() })
    }

    /// The app's `index.html`.
    pub fn index(&self) -> Arc<str> {
        self.index.clone()
    }

    /// A router serving the files, `.br`/`.gz` siblings when the browser takes them.
    pub fn service(self) -> Router {
        let index = self.index.clone();
        let spa = get(move |uri: Uri| spa_index(uri, index.clone()));
        let files = ServeDir::new(&self.dir).precompressed_br().precompressed_gzip().fallback(spa);
        Router::new().fallback_service(files).layer(middleware::from_fn(cache_headers))
    }
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

/// Trunk names built files `name-<16 hex digits>.ext` or `name-<hash>_bg.wasm`.
fn is_content_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_trunks_hashed_names() {
        assert!(is_content_hashed("/schrieb-web-4f2a9c0d1e3b5a67.js"));
        assert!(is_content_hashed("/schrieb-web-4f2a9c0d1e3b5a67_bg.wasm"));
        assert!(is_content_hashed("/style-0123456789abcdef.css"));
        assert!(!is_content_hashed("/index.html"));
        assert!(!is_content_hashed("/a/pergola-lizenzwechsel"));
        assert!(!is_content_hashed("/manifest.webmanifest"));
    }
}
