use schrieb_api::paths::{Endpoint, api};
use schrieb_api::{Article, ErrorKind};

use crate::helpers::{TestApp, raw_path, slug};

#[tokio::test]
async fn lists_demo_articles_newest_first_with_counts() {
    let app = TestApp::with_demo().await;
    let list = app.articles().await;
    assert_eq!(list.items.len(), 2);
    assert!(list.items[0].published_at >= list.items[1].published_at);
    let german = list.items.iter().find(|a| a.slug.as_str() == "pergola-lizenzwechsel").expect("German demo article");
    assert_eq!(german.comment_count, 52);
}

#[tokio::test]
async fn an_empty_database_lists_nothing() {
    let app = TestApp::empty().await;
    assert!(app.articles().await.items.is_empty());
}

#[tokio::test]
async fn gets_one_article_with_its_note_and_link() {
    let app = TestApp::with_demo().await;
    let answer = app.get_json::<Article>(&api::article(&slug("pergola-lizenzwechsel"))).await;
    assert_eq!(answer.status, 200);
    let article = answer.body;
    assert_eq!(article.lang, "de");
    assert!(article.canonical_url.starts_with("https://"));
    assert!(article.note.is_some());
    assert!(article.body.contains("\n\n"), "the body has paragraphs");
}

#[tokio::test]
async fn unknown_and_impossible_slugs_are_not_found() {
    let app = TestApp::with_demo().await;
    for path in ["gibt-es-nicht", "UPPER", "%3Cscript%3E"].map(|slug| raw_path(Endpoint::Article, &[slug])) {
        let answer = app.error(&path).await;
        assert_eq!(answer.status, 404, "{path}");
        assert_eq!(answer.body.error, ErrorKind::NotFound, "{path}");
        assert!(answer.body.message.contains("slug"), "{path}: {}", answer.body.message);
    }
}
