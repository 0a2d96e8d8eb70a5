//! The read path's cache: anonymous readers get thread pages kept encoded and compressed, and
//! every change readers may see reaches them at once on the server that made it, and on a
//! second server on the same database once it has read the event log.

use std::io::Read;
use std::time::{Duration, Instant};

use schrieb_api::paths::api;
use schrieb_api::{CommentPage, QuoteStatus, ReactionKind, Role};

use crate::helpers::{TestApp, thread_page_path};

async fn raw_page(app: &TestApp, slug: &str, encoding: &str) -> reqwest::Response {
    let url = format!("{}{}", app.address, thread_page_path(slug, "1"));
    app.client_raw().get(url).header("accept-encoding", encoding).send().await.expect("answered")
}

fn brotli_text(bytes: &[u8]) -> String {
    let mut text = String::new();
    brotli::Decompressor::new(bytes, 4096).read_to_string(&mut text).expect("brotli");
    text
}

fn gzip_text(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes).read_to_string(&mut text).expect("gzip");
    text
}

/// What a page says, the same in every encoding, and the kept answer is the one the database
/// gives: a second answer is the first, byte for byte.
#[tokio::test]
async fn a_kept_page_reads_the_same_in_every_encoding() {
    let app = TestApp::empty().await;
    app.article_with_comments("gehalten", 25).await;
    app.settle().await;
    let plain = raw_page(&app, "gehalten", "identity").await;
    assert_eq!(plain.headers().get("content-encoding"), None);
    assert!(plain.headers()["vary"].to_str().unwrap().contains("cookie"));
    let plain = plain.text().await.unwrap();
    assert_eq!(app.state.answers.len(), 1, "the page is kept");

    let brotli = raw_page(&app, "gehalten", "gzip, deflate, br").await;
    assert_eq!(brotli.headers()["content-encoding"], "br");
    assert_eq!(brotli.headers()["content-type"], "application/json");
    assert_eq!(brotli_text(&brotli.bytes().await.unwrap()), plain);
    let gzip = raw_page(&app, "gehalten", "gzip").await;
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
    assert_eq!(gzip_text(&gzip.bytes().await.unwrap()), plain);

    let page: CommentPage = serde_json::from_str(&plain).unwrap();
    assert_eq!((page.items.len(), page.total), (20, 25));
    assert_eq!(page.items[0].body, "Kommentar 1");
}

/// Posting, editing, deleting and reacting each show in the very next anonymous read.
#[tokio::test]
async fn every_write_shows_in_the_next_read() {
    let app = TestApp::empty().await;
    app.article_with_comments("frisch", 2).await;
    let user = app.user("Schreiberin", Role::Reader).await;
    assert_eq!(app.comment_page("frisch", "1").await.total, 2);

    let posted = app.posted("frisch", &user, "Ganz neu hier.").await.comment;
    let page = app.comment_page("frisch", "1").await;
    assert_eq!((page.total, page.items[2].body.as_str()), (3, "Ganz neu hier."));

    assert_eq!(app.edit_comment::<serde_json::Value>(posted.id, Some(&user), "Neu, und verbessert.").await.status, 200);
    assert_eq!(app.comment_page("frisch", "1").await.items[2].body, "Neu, und verbessert.");

    let like = api::comment_reaction(posted.id, ReactionKind::Like);
    assert!(app.send(reqwest::Method::PUT, &like, Some(&user), None).await.status().is_success());
    let liked = app.comment_page("frisch", "1").await.items.remove(2);
    assert_eq!(liked.reactions.len(), 1);
    // The count is everyone's; whose it is, only the reader's own answer says.
    assert!(!liked.reactions[0].mine, "an anonymous answer marks nobody's reaction");

    assert!(app.delete_comment(posted.id, Some(&user)).await.status().is_success());
    let page = app.comment_page("frisch", "1").await;
    assert!(page.items[2].deleted);
}

/// A quote shows how its source stands now: editing a comment in one thread changes the kept
/// pages of the threads that quote it.
#[tokio::test]
async fn editing_a_quoted_comment_changes_the_threads_that_quote_it() {
    let app = TestApp::empty().await;
    app.article_with_comments("quelle", 1).await;
    app.article_with_comments("antwort", 1).await;
    let user = app.user("Zitiererin", Role::Reader).await;
    let source = app.posted("quelle", &user, "Der Zug kommt pünktlich.").await.comment;
    let quoting =
        format!("[quote={} author=\"Zitiererin\"]\nDer Zug kommt pünktlich.\n[/quote]\n\nSchön wär's.", source.id);
    app.posted("antwort", &user, &quoting).await;
    let status = |page: CommentPage| page.items[1].quotes[0].status;
    assert_eq!(status(app.comment_page("antwort", "1").await), QuoteStatus::Verified);

    assert_eq!(app.edit_comment::<serde_json::Value>(source.id, Some(&user), "Der Zug fällt aus.").await.status, 200);
    assert_eq!(status(app.comment_page("antwort", "1").await), QuoteStatus::Edited);
}

/// A logged-in reader's answer is their own and never kept for others.
#[tokio::test]
async fn a_readers_own_answer_is_not_kept() {
    let app = TestApp::empty().await;
    app.article_with_comments("meins", 1).await;
    let user = app.user("Eigene", Role::Reader).await;
    let id = app.comment_page("meins", "1").await.items[0].id;
    let like = api::comment_reaction(id, ReactionKind::Like);
    assert!(app.send(reqwest::Method::PUT, &like, Some(&user), None).await.status().is_success());
    let theirs = app.send(reqwest::Method::GET, &thread_page_path("meins", "1"), Some(&user), None).await;
    let theirs: CommentPage = theirs.json().await.unwrap();
    assert!(theirs.items[0].reactions[0].mine);
    assert!(!app.comment_page("meins", "1").await.items[0].reactions[0].mine);
    let again = app.send(reqwest::Method::GET, &thread_page_path("meins", "1"), Some(&user), None).await;
    assert!(again.json::<CommentPage>().await.unwrap().items[0].reactions[0].mine);
}

/// Two servers on one database: what is posted through one reaches the other's kept page once
/// that server has read the event log, which it does on its own every moment.
#[tokio::test]
async fn a_second_server_learns_of_a_change_from_the_log() {
    let first = TestApp::empty().await;
    first.article_with_comments("geteilt", 1).await;
    first.settle().await;
    let second = first.beside().await;
    let user = first.user("Verteilte", Role::Reader).await;
    assert_eq!(second.comment_page("geteilt", "1").await.total, 1);
    assert_eq!(second.state.answers.len(), 1, "the second server keeps the page");

    first.posted("geteilt", &user, "Über den ersten Server.").await;
    // Waiting for the second server's next round, not timing it: the bound is generous.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if second.comment_page("geteilt", "1").await.total == 2 {
            break;
        }
        assert!(Instant::now() < deadline, "the second server never read the change from the log");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A built app of one `index.html` with a `<head>`, which the server renders pages into.
fn app_dist() -> tempfile::TempDir {
    let dist = tempfile::tempdir().unwrap();
    let index = "<!doctype html><html lang=\"de\"><head><title>schrieb</title></head><body></body></html>";
    std::fs::write(dist.path().join("index.html"), index).unwrap();
    dist
}

/// The rendered page is kept per language, and a comment posted shows in the next page view.
#[tokio::test]
async fn a_kept_rendered_page_shows_a_new_comment_at_once() {
    let dist = app_dist();
    let app = TestApp::with_assets(dist.path()).await;
    app.article_with_comments("seite", 2).await;
    app.settle().await;
    let user = app.user("Seitenleserin", Role::Reader).await;
    let view = |language: &'static str| {
        let request = app.client_raw().get(format!("{}/a/seite", app.address)).header("accept-language", language);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let german = view("de").await;
    let english = view("en").await;
    assert!(german.contains("<html lang=\"de\">") && german.contains("Kommentar 2"));
    assert!(english.contains("<html lang=\"en\">") && english.contains("Kommentar 2"));
    assert_eq!(app.state.answers.len(), 2, "one page per language");
    assert_eq!(view("de").await, german, "the kept page is given out again");

    app.posted("seite", &user, "Frisch gepostet.").await;
    let after = view("de").await;
    assert!(after.contains("Frisch gepostet."));
    // Another address of the page (a malformed page number) is rendered, not kept.
    let odd = app.get("/a/seite?page=x").await.text().await.unwrap();
    assert!(odd.contains("Frisch gepostet."));
}

/// The widget's frame is kept with its framing policy; a comment shows at once, and a new
/// origin of the site (a change of its settings, through the log) changes the policy.
#[tokio::test]
async fn a_kept_widget_frame_follows_its_thread_and_its_site() {
    let dist = app_dist();
    let app = TestApp::with_assets(dist.path()).await;
    app.register_site("Mein Blog", &["https://blog.example"]).await;
    let url = "https://blog.example/eintrag";
    let thread: schrieb_api::Article =
        app.embed_thread(serde_json::json!({"url": url, "title": "Ein Eintrag"})).await.body;
    let user = app.user("Widgetleserin", Role::Reader).await;
    app.posted(thread.slug.as_str(), &user, "Erster Eintrag im Rahmen.").await;
    app.settle().await;
    let frame = format!("/embed?url={}&lang=de", url.replace(':', "%3A").replace('/', "%2F"));

    let first = app.get(&frame).await;
    assert_eq!(first.headers()["content-security-policy"], "frame-ancestors https://blog.example");
    assert_eq!(first.headers()["cache-control"], "no-store");
    assert!(first.text().await.unwrap().contains("Erster Eintrag im Rahmen."));
    assert_eq!(app.state.answers.len(), 1, "the frame is kept");
    let again = app.get(&frame).await;
    assert_eq!(again.headers()["content-security-policy"], "frame-ancestors https://blog.example");

    app.posted(thread.slug.as_str(), &user, "Zweiter Eintrag im Rahmen.").await;
    assert!(app.get(&frame).await.text().await.unwrap().contains("Zweiter Eintrag im Rahmen."));

    app.register_site("Mein Blog", &["https://www.blog.example"]).await;
    app.settle().await;
    let policy = app.get(&frame).await.headers()["content-security-policy"].clone();
    assert_eq!(policy, "frame-ancestors https://blog.example https://www.blog.example");
}
