use serde_json::Value;

use crate::helpers::TestApp;

/// Every endpoint the app serves, as `METHOD path`. Adding a route means adding it here, and
/// the test below then proves the OpenAPI document has it and that it answers.
const ENDPOINTS: &[&str] = &[
    "GET /api/v1/articles",
    "GET /api/v1/articles/{slug}",
    "GET /api/v1/articles/{slug}/comments",
    "GET /api/v1/comments/{id}",
    "GET /api/v1/comments/{id}/revisions",
    "GET /api/v1/openapi.json",
    "GET /api/v1/users/{id}",
    "GET /healthz",
];

#[tokio::test]
async fn the_document_lists_exactly_the_served_endpoints() {
    let app = TestApp::with_demo().await;
    let doc: Value = app.get_json::<Value>("/api/v1/openapi.json").await.body;
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    let mut documented: Vec<String> = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object().expect("path item").keys().map(move |method| format!("{} {path}", method.to_uppercase()))
        })
        .collect();
    documented.sort();
    let mut expected: Vec<String> = ENDPOINTS.iter().map(|e| e.to_string()).collect();
    expected.sort();
    assert_eq!(documented, expected);

    // Each documented path is really served (a route-level 404 would say `no_route`).
    let comment_id = app.comment_page("pergola-lizenzwechsel", "1").await.items[0].id;
    for endpoint in ENDPOINTS {
        let path = endpoint
            .trim_start_matches("GET ")
            .replace("{slug}", "pergola-lizenzwechsel")
            .replace("{id}", &comment_id.to_string());
        let response = app.get(&path).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
    }
}

#[tokio::test]
async fn every_schema_reference_resolves() {
    let app = TestApp::empty().await;
    let doc: Value = app.get_json::<Value>("/api/v1/openapi.json").await.body;
    let text = doc.to_string();
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for reference in text.split("\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap_or_default();
        assert!(schemas.contains_key(name), "dangling $ref to {name}");
    }
    for name in ["ApiError", "ErrorKind", "Comment", "CommentPage", "Article", "ArticleList"] {
        assert!(schemas.contains_key(name), "{name} is documented");
    }
}
