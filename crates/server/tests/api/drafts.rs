//! Drafts: a reply being written, kept per person and article until it is posted or thrown away.

use reqwest::Method;
use schrieb_api::paths::api;
use schrieb_api::{ApiError, ErrorKind, Role};
use serde_json::json;

use crate::helpers::{TestApp, slug};

async fn app_with_articles() -> TestApp {
    let app = TestApp::empty().await;
    app.article_with_comments("erster", 3).await;
    app.article_with_comments("zweiter", 3).await;
    app
}

#[tokio::test]
async fn a_draft_is_kept_replaced_and_thrown_away() {
    let app = app_with_articles().await;
    let martin = app.user("Martin", Role::Reader).await;
    let none = app.draft("erster", &martin).await;
    assert_eq!((none.status, none.body), (200, None), "no draft is `null`, not a 404");

    let first = app.put_draft("erster", &martin, "Ich denke, ").await;
    assert_eq!(first.body, "Ich denke, ", "kept as typed, trailing space and all");
    assert_eq!(app.draft("erster", &martin).await.body, Some(first.clone()), "reads back as answered");

    let second = app.put_draft("erster", &martin, "Ich denke, also\r\nbin ich.").await;
    assert_eq!(second.body, "Ich denke, also\nbin ich.");
    assert!(second.updated_at >= first.updated_at);
    assert_eq!(app.draft("erster", &martin).await.body, Some(second), "saving again replaces it");

    assert_eq!(app.delete_draft("erster", &martin).await, 204);
    assert_eq!(app.draft("erster", &martin).await.body, None);
    assert_eq!(app.delete_draft("erster", &martin).await, 204, "deleting again is no error");
}

#[tokio::test]
async fn drafts_are_kept_per_person_and_per_article() {
    let app = app_with_articles().await;
    let martin = app.user("Martin", Role::Reader).await;
    let holle = app.user("Frau Holle", Role::Reader).await;
    app.put_draft("erster", &martin, "Martins Entwurf").await;
    assert_eq!(app.draft("erster", &holle).await.body, None, "someone else sees none");
    assert_eq!(app.draft("zweiter", &martin).await.body, None, "another article has none");
    app.put_draft("erster", &holle, "Frau Holles Entwurf").await;
    assert_eq!(app.delete_draft("erster", &holle).await, 204);
    assert_eq!(app.draft("erster", &martin).await.body.unwrap().body, "Martins Entwurf", "only her own is gone");
}

#[tokio::test]
async fn posting_the_comment_removes_the_draft() {
    let app = app_with_articles().await;
    let martin = app.user("Martin", Role::Reader).await;
    app.put_draft("erster", &martin, "Fast fertig").await;
    app.put_draft("zweiter", &martin, "Woanders").await;
    app.posted("erster", &martin, "Fertig.").await;
    assert_eq!(app.draft("erster", &martin).await.body, None);
    assert_eq!(app.draft("zweiter", &martin).await.body.unwrap().body, "Woanders", "other articles' drafts stay");
}

#[tokio::test]
async fn drafts_need_a_login() {
    let app = app_with_articles().await;
    let draft = api::article_draft(&slug("erster"));
    for (method, body) in [(Method::GET, None), (Method::PUT, Some(json!({"body": "x"}))), (Method::DELETE, None)] {
        let answer = app.send_json::<ApiError>(method.clone(), &draft, None, body).await;
        assert_eq!((answer.status, answer.body.error), (401, ErrorKind::Unauthorized), "{method}");
    }
}

#[tokio::test]
async fn cross_site_draft_writes_are_refused() {
    let app = app_with_articles().await;
    let martin = app.user("Martin", Role::Reader).await;
    app.put_draft("erster", &martin, "Mein Entwurf").await;
    let url = format!("{}{}", app.address, api::article_draft(&slug("erster")));
    let forged = |method: Method| {
        app.client_raw()
            .request(method, &url)
            .header("origin", "https://evil.example")
            .header("cookie", &martin.cookie)
            .json(&json!({"body": "Untergeschoben"}))
            .send()
    };
    for method in [Method::PUT, Method::DELETE] {
        let response = forged(method.clone()).await.unwrap();
        assert_eq!(response.status().as_u16(), 403, "{method}");
        let error: ApiError = response.json().await.unwrap();
        assert_eq!(error.error, ErrorKind::Forbidden);
    }
    assert_eq!(app.draft("erster", &martin).await.body.unwrap().body, "Mein Entwurf", "untouched");
}

#[tokio::test]
async fn blank_and_too_long_drafts_are_refused_naming_the_field() {
    let app = app_with_articles().await;
    let martin = app.user("Martin", Role::Reader).await;
    let put = |body: serde_json::Value| {
        let (app, martin) = (&app, &martin);
        async move { app.save_draft::<ApiError>("erster", martin, &body).await }
    };
    let blank = put(json!({"body": " \n\t"})).await;
    assert_eq!(
        (blank.status, blank.body.error, blank.body.field.as_deref()),
        (422, ErrorKind::Validation, Some("body"))
    );
    assert_eq!(blank.body.message, "a draft needs some text");
    let long = put(json!({"body": "ä".repeat(20_001)})).await;
    assert_eq!((long.status, long.body.field.as_deref()), (422, Some("body")));
    assert_eq!(long.body.message, "a draft may have at most 20,000 characters; this one has 20,001");
    let mistyped = put(json!({"body": 7})).await;
    assert_eq!((mistyped.status, mistyped.body.field.as_deref()), (422, Some("body")));
    let missing = put(json!({})).await;
    assert_eq!((missing.status, missing.body.error), (422, ErrorKind::Validation));
    // Comment rules beyond the length wait until posting: a draft may hold a link flood.
    let links = (0..30).map(|i| format!("https://example.org/{i}")).collect::<Vec<_>>().join(" ");
    app.put_draft("erster", &martin, &links).await;
}

#[tokio::test]
async fn an_unknown_article_has_no_draft() {
    let app = app_with_articles().await;
    let martin = app.user("Martin", Role::Reader).await;
    let path = api::article_draft(&slug("gibt-es-nicht"));
    for (method, body) in [(Method::GET, None), (Method::PUT, Some(json!({"body": "x"}))), (Method::DELETE, None)] {
        let answer = app.send_json::<ApiError>(method.clone(), &path, Some(&martin), body).await;
        assert_eq!((answer.status, answer.body.error), (404, ErrorKind::NotFound), "{method}");
    }
}
