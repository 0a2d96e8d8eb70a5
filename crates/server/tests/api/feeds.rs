//! Atom feeds, read with feed-rs (a parser of its own, not the writer's): the latest comments of
//! every article, of a thread and of a person, newest first; held and deleted comments absent;
//! bodies as HTML with "X schrieb:" quotes, every word a person wrote escaped; titles in the
//! article's language; 404 for what does not exist.

use reqwest::Method;
use schrieb_api::paths::{FeedLink, api};
use schrieb_api::{Role, Slug, UserId};
use serde_json::json;

use crate::helpers::TestApp;

const GERMAN: &str = "pergola-lizenzwechsel";

async fn feed(app: &TestApp, link: FeedLink<'_>) -> feed_rs::model::Feed {
    let response = app.get(&link.to_string()).await;
    assert_eq!(response.status().as_u16(), 200, "{link}");
    assert_eq!(response.headers()["content-type"], "application/atom+xml; charset=utf-8");
    let body = response.bytes().await.unwrap();
    feed_rs::parser::parse(&body[..]).unwrap_or_else(|error| panic!("{link} is no valid feed: {error}"))
}

fn ids(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries.iter().map(|entry| entry.id.clone()).collect()
}

/// The end of a comment's entry id: its permalink.
fn permalink(id: schrieb_api::CommentId) -> String {
    format!("/c/{id}")
}

#[tokio::test]
async fn a_threads_feed_holds_what_readers_see_newest_first() {
    let app = TestApp::with_demo().await;
    let slug = Slug::parse(GERMAN).unwrap();
    let reader = app.user("Leserin", Role::Reader).await;
    let moderator = app.user("Moderatorin", Role::Moderator).await;
    let kept = app.posted(GERMAN, &reader, "Das bleibt <script>alert(1)</script> & steht.").await;
    let deleted = app.posted(GERMAN, &reader, "Das lösche ich wieder.").await;
    let rejected = app.posted(GERMAN, &reader, "Das lehnt die Moderation ab.").await;
    assert_eq!(app.delete_comment(deleted.comment.id, Some(&reader)).await.status().as_u16(), 204);
    // A moderator takes a reported comment from readers.
    let report = json!({"reason": "off_topic"});
    let reported =
        app.send(Method::POST, &api::comment_reports(rejected.comment.id), Some(&moderator), Some(report)).await;
    assert_eq!(reported.status().as_u16(), 201);
    let reject = json!({"action": "reject", "reason": "Nicht zum Thema."});
    let decided =
        app.send(Method::POST, &api::moderation_decision(rejected.comment.id), Some(&moderator), Some(reject)).await;
    assert_eq!(decided.status().as_u16(), 200);
    app.settle().await;

    let thread = feed(&app, FeedLink::Thread(&slug)).await;
    let title = thread.title.as_ref().unwrap().content.clone();
    assert!(title.starts_with("Kommentare zu „Pergola wechselt die Lizenz"), "{title}");
    let entries = ids(&thread);
    assert_eq!(entries.len(), 50, "a feed holds the latest 50");
    assert!(entries[0].ends_with(&permalink(kept.comment.id)), "newest first: {:?}", &entries[..3]);
    for gone in [deleted.comment.id, rejected.comment.id] {
        assert!(!entries.iter().any(|id| id.ends_with(&permalink(gone))), "{gone} is in the feed");
    }
    let newest = &thread.entries[0];
    assert_eq!(newest.authors[0].name.as_deref(), Some("Leserin"));
    assert_eq!(newest.links[0].href, newest.id);
    let html = newest.content.as_ref().unwrap().body.clone().unwrap();
    assert!(html.contains("&lt;script&gt;") && !html.contains("<script"), "{html}");
    assert!(html.contains("&amp;"), "{html}");
    // A quoting comment's body carries its quote, attributed as the app attributes it.
    let quoting = thread
        .entries
        .iter()
        .filter_map(|entry| entry.content.as_ref()?.body.clone())
        .find(|html| html.contains("<blockquote>"));
    assert!(quoting.expect("a comment with a quote").contains(" schrieb:</a></cite>"));
}

#[tokio::test]
async fn the_latest_feed_and_a_persons_feed() {
    let app = TestApp::with_demo().await;
    let reader = app.user("Leserin", Role::Reader).await;
    let english = app.articles().await.items.into_iter().find(|article| article.slug.as_str() != GERMAN).unwrap();
    let posted = app.posted(english.slug.as_str(), &reader, "Late to the thread, but here.").await;
    app.settle().await;

    let latest = feed(&app, FeedLink::Latest).await;
    assert!(latest.entries[0].id.ends_with(&format!("/c/{}", posted.comment.id)));
    assert!(latest.entries.len() <= 50);

    let english_feed = feed(&app, FeedLink::Thread(&english.slug)).await;
    assert!(english_feed.title.unwrap().content.starts_with("Comments on “"), "the article's language");
    assert!(english_feed.entries[0].title.as_ref().unwrap().content.starts_with("Leserin on “"));

    let mine = feed(&app, FeedLink::User(reader.id)).await;
    assert_eq!(ids(&mine), [latest.entries[0].id.clone()]);
    assert_eq!(mine.title.unwrap().content, "Kommentare von Leserin");
}

#[tokio::test]
async fn feeds_of_what_does_not_exist_are_not_found() {
    let app = TestApp::with_demo().await;
    let nobody = FeedLink::User(UserId(999_999)).to_string();
    for path in ["/feeds/articles/gibt-es-nicht", "/feeds/articles/KEIN%20SLUG", nobody.as_str(), "/feeds/users/abc"] {
        assert_eq!(app.get(path).await.status().as_u16(), 404, "{path}");
    }
}
