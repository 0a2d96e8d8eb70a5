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
    "POST /api/v1/auth/register",
    "POST /api/v1/auth/verify",
    "POST /api/v1/auth/login",
    "GET /api/v1/me",
    "POST /api/v1/articles/{slug}/comments",
    "PATCH /api/v1/comments/{id}",
    "GET /api/v1/comments/{id}/reactions",
    "PUT /api/v1/comments/{id}/reactions/{kind}",
    "DELETE /api/v1/comments/{id}/reactions/{kind}",
    "POST /api/v1/comments/{id}/restore",
    "GET /api/v1/users",
    "GET /api/v1/articles/{slug}/draft",
    "PUT /api/v1/articles/{slug}/draft",
    "DELETE /api/v1/articles/{slug}/draft",
    "POST /api/v1/embed/threads",
    "GET /api/v1/counts",
    // After the others that need the comment.
    "DELETE /api/v1/comments/{id}",
    "PUT /api/v1/me/password",
    "POST /api/v1/auth/token",
    // Last: it ends the session the others use.
    "POST /api/v1/auth/logout",
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

    // Each documented path is really served: a logged-in reader's request with an empty JSON
    // body gets an answer of the endpoint itself, never the fallback's `no_route` or a 405.
    let comment_id = app.comment_page("pergola-lizenzwechsel", "1").await.items[0].id;
    let reader = app.user("Openapi Tester", schrieb_api::Role::Reader).await;
    for endpoint in ENDPOINTS {
        let (method, path) = endpoint.split_once(' ').expect("METHOD path");
        let path = path
            .replace("{slug}", "pergola-lizenzwechsel")
            .replace("{id}", &comment_id.to_string())
            .replace("{kind}", "like");
        // The endpoints that need a query to answer 200.
        let path = match path.as_str() {
            "/api/v1/users" => format!("{path}?prefix=On&article=pergola-lizenzwechsel"),
            "/api/v1/counts" => format!("{path}?url=https://blog.example/"),
            _ => path,
        };
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let body = (method != reqwest::Method::GET).then(|| serde_json::json!({}));
        let response = app.send(method.clone(), &path, Some(&reader), body).await;
        let status = response.status().as_u16();
        if method == reqwest::Method::GET {
            assert_eq!(status, 200, "{endpoint}");
        } else if !response.status().is_success() {
            let error: schrieb_api::ApiError = response.json().await.expect("an answer in the shared shape");
            assert!(error.error != schrieb_api::ErrorKind::NoRoute && status != 405, "{endpoint}: {status}");
        }
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
    for name in [
        "ApiError",
        "ErrorKind",
        "Comment",
        "CommentPage",
        "Article",
        "ArticleList",
        "Draft",
        "DraftRequest",
        "UserSuggestion",
        "EmbedThreadRequest",
        "CommentCounts",
        "WidgetToken",
    ] {
        assert!(schemas.contains_key(name), "{name} is documented");
    }
}

#[tokio::test]
async fn the_session_schemes_are_documented_where_they_count() {
    let app = TestApp::empty().await;
    let doc: Value = app.get_json::<Value>("/api/v1/openapi.json").await.body;
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(
        (schemes["bearer"]["type"].as_str(), schemes["bearer"]["scheme"].as_str()),
        (Some("http"), Some("bearer"))
    );
    assert_eq!(
        (schemes["session_cookie"]["in"].as_str(), schemes["session_cookie"]["name"].as_str()),
        (Some("cookie"), Some("schrieb_session"))
    );
    let security = |method: &str, path: &str| doc["paths"][path][method]["security"].to_string();
    assert_eq!(security("get", "/api/v1/me"), r#"[{"session_cookie":[]},{"bearer":[]}]"#);
    assert_eq!(
        security("get", "/api/v1/articles/{slug}/comments"),
        r#"[{},{"session_cookie":[]},{"bearer":[]}]"#,
        "logging in is optional there"
    );
    assert_eq!(security("post", "/api/v1/auth/token"), r#"[{"session_cookie":[]}]"#, "a token cannot mint another");
}

#[tokio::test]
async fn posting_documents_the_idempotency_key_header() {
    let app = TestApp::empty().await;
    let doc: Value = app.get_json::<Value>("/api/v1/openapi.json").await.body;
    let post = &doc["paths"]["/api/v1/articles/{slug}/comments"]["post"];
    let header = post["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .find(|parameter| parameter["name"] == "Idempotency-Key")
        .expect("the header is documented");
    assert_eq!((header["in"].as_str(), header["required"].as_bool()), (Some("header"), Some(false)));
    assert!(header["description"].as_str().is_some_and(|text| text.contains("a UUID")), "{header}");
    for status in ["200", "201", "400", "422"] {
        assert!(post["responses"][status].is_object(), "status {status} is documented");
    }
}
