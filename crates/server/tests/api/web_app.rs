//! The web app's files: deep links get `index.html`, hashed files are cached for a year and
//! served precompressed.

use crate::helpers::TestApp;

fn dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>schrieb</title>").expect("write");
    std::fs::write(dir.path().join("app-0123456789abcdef.js"), "console.log(1)").expect("write");
    std::fs::write(dir.path().join("app-0123456789abcdef.js.br"), b"\x0b\x06\x80console.log(1)\x03").expect("write");
    dir
}

#[tokio::test]
async fn deep_links_get_the_app() {
    let dist = dist();
    let app = TestApp::with_assets(dist.path()).await;
    for path in ["/", "/a/pergola-lizenzwechsel", "/a/pergola-lizenzwechsel?page=2", "/c/17"] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        assert!(response.text().await.expect("text").contains("<title>schrieb</title>"), "{path}");
    }
}

#[tokio::test]
async fn missing_files_are_not_answered_with_the_app() {
    let dist = dist();
    let app = TestApp::with_assets(dist.path()).await;
    let answer = app.error("/app-ffffffffffffffff.js").await;
    assert_eq!((answer.status, answer.body.error), (404, schrieb_api::ErrorKind::NotFound));
}

#[tokio::test]
async fn hashed_files_are_immutable_and_precompressed() {
    let dist = dist();
    let app = TestApp::with_assets(dist.path()).await;
    let response = reqwest::Client::new()
        .get(format!("{}/app-0123456789abcdef.js", app.address))
        .header("accept-encoding", "br")
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(response.headers()["content-encoding"], "br");
}
