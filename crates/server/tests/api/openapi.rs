use schrieb_api::CommentRequest;
use schrieb_api::paths::{Endpoint, api};
use serde_json::Value;

use crate::helpers::{TestApp, comment_body, slug};

/// Every endpoint the app serves, as method and route. Adding a route means adding it here, and
/// the test below then proves the OpenAPI document has it and that it answers.
const ENDPOINTS: &[(&str, Endpoint)] = &[
    ("GET", Endpoint::Articles),
    ("GET", Endpoint::Article),
    ("GET", Endpoint::ArticleComments),
    // A stream that does not end: its answer's head is read, its body dropped.
    ("GET", Endpoint::ArticleEvents),
    ("GET", Endpoint::Comment),
    ("GET", Endpoint::CommentRevisions),
    ("GET", Endpoint::OpenApi),
    ("GET", Endpoint::User),
    ("GET", Endpoint::Health),
    ("GET", Endpoint::Ready),
    ("GET", Endpoint::Metrics),
    ("POST", Endpoint::AuthRegister),
    ("POST", Endpoint::AuthVerify),
    ("POST", Endpoint::AuthLogin),
    ("GET", Endpoint::Me),
    ("GET", Endpoint::MeExport),
    ("GET", Endpoint::MeNotifications),
    ("GET", Endpoint::MeNotificationsUnread),
    // A stream too: its head is read.
    ("GET", Endpoint::MeEvents),
    ("GET", Endpoint::MeNotificationSettings),
    ("PUT", Endpoint::MeNotificationSettings),
    ("GET", Endpoint::MailUnsubscribe),
    ("POST", Endpoint::MailUnsubscribe),
    ("POST", Endpoint::AuthPasswordReset),
    ("POST", Endpoint::AuthPasswordResetConfirm),
    ("GET", Endpoint::ArticleFollow),
    ("PUT", Endpoint::ArticleFollow),
    ("POST", Endpoint::MeNotificationsRead),
    ("POST", Endpoint::ArticleComments),
    ("PATCH", Endpoint::Comment),
    ("GET", Endpoint::CommentReactions),
    ("PUT", Endpoint::CommentReaction),
    ("DELETE", Endpoint::CommentReaction),
    ("POST", Endpoint::CommentReports),
    ("POST", Endpoint::CommentRestore),
    ("DELETE", Endpoint::CommentPreviews),
    ("GET", Endpoint::PreviewImage),
    ("GET", Endpoint::AdminSitePromos),
    ("PUT", Endpoint::AdminSitePromos),
    ("POST", Endpoint::AdminSitePromoImages),
    ("GET", Endpoint::Users),
    ("GET", Endpoint::ArticleDraft),
    ("PUT", Endpoint::ArticleDraft),
    ("DELETE", Endpoint::ArticleDraft),
    ("POST", Endpoint::EmbedThreads),
    ("GET", Endpoint::Counts),
    ("GET", Endpoint::ModerationQueue),
    ("POST", Endpoint::ModerationDecision),
    ("GET", Endpoint::ModerationLog),
    ("PUT", Endpoint::ModerationDiscussion),
    ("PUT", Endpoint::ModerationSanction),
    ("GET", Endpoint::ModerationCounts),
    ("GET", Endpoint::ModerationUser),
    ("POST", Endpoint::ModerationNotes),
    ("POST", Endpoint::ModerationJobs),
    ("GET", Endpoint::ModerationJob),
    ("GET", Endpoint::AdminSites),
    ("GET", Endpoint::AdminSiteModeration),
    ("PUT", Endpoint::AdminSiteModeration),
    ("GET", Endpoint::AdminSiteWords),
    ("PUT", Endpoint::AdminSiteWords),
    ("GET", Endpoint::AdminSiteExport),
    ("GET", Endpoint::AdminEmailDomains),
    ("PUT", Endpoint::AdminEmailDomains),
    ("GET", Endpoint::AdminMail),
    ("GET", Endpoint::AdminSiteWebhooks),
    ("POST", Endpoint::AdminSiteWebhooks),
    ("PUT", Endpoint::AdminWebhook),
    ("DELETE", Endpoint::AdminWebhook),
    ("GET", Endpoint::AdminWebhookDeliveries),
    // After the others that need the comment.
    ("DELETE", Endpoint::Comment),
    ("PUT", Endpoint::MePassword),
    // With an empty body: refused (no password), so the account stays for the rest.
    ("DELETE", Endpoint::Me),
    ("POST", Endpoint::AuthToken),
    // Last: it ends the session the others use.
    ("POST", Endpoint::AuthLogout),
];

#[tokio::test]
async fn the_document_lists_exactly_the_served_endpoints() {
    let app = TestApp::with_demo().await;
    let doc: Value = app.get_json::<Value>(Endpoint::OpenApi.template()).await.body;
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
    let mut expected: Vec<String> =
        ENDPOINTS.iter().map(|(method, endpoint)| format!("{method} {}", endpoint.template())).collect();
    expected.sort();
    assert_eq!(documented, expected);

    // Each documented path is really served: a logged-in reader's request with an empty JSON
    // body gets an answer of the endpoint itself, never the fallback's `no_route` or a 405.
    let comment_id = app.comment_page("pergola-lizenzwechsel", "1").await.items[0].id;
    let reader = app.user("Openapi Tester", schrieb_api::Role::Reader).await;
    let token_hash = schrieb_server::auth::token::token_hash("abbestellen");
    let kind = Some(schrieb_api::NotificationKind::Reply);
    app.repository.issue_unsubscribe(&token_hash, reader.id, kind, None, chrono::Utc::now()).await.expect("token");
    for &(method, endpoint) in ENDPOINTS {
        let path = endpoint
            .template()
            .replace("{slug}", "pergola-lizenzwechsel")
            .replace("{id}", &comment_id.to_string())
            .replace("{kind}", "like")
            .replace("{name}", "schrieb");
        // The endpoints that need a query to answer 200.
        let path = match endpoint {
            Endpoint::Users => format!("{path}?prefix=On&article=pergola-lizenzwechsel"),
            Endpoint::Counts => format!("{path}?url=https://blog.example/"),
            Endpoint::MailUnsubscribe => format!("{path}?token=abbestellen"),
            _ => path,
        };
        let name = format!("{method} {}", endpoint.template());
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let body = (method != reqwest::Method::GET).then(|| serde_json::json!({}));
        let response = app.send(method.clone(), &path, Some(&reader), body).await;
        let status = response.status().as_u16();
        let staff_only = ["/api/v1/moderation/", "/api/v1/admin/"].iter().any(|prefix| path.starts_with(prefix));
        if staff_only {
            // A reader is refused, in the shared shape: the route is there.
            let error: schrieb_api::ApiError = response.json().await.expect("an answer in the shared shape");
            assert!(status == 403 || (status == 422 && method != reqwest::Method::GET), "{name}: {status} {error:?}");
        } else if endpoint == Endpoint::PreviewImage {
            // No picture is named `schrieb`: the route's own 404, not the fallback's.
            let error: schrieb_api::ApiError = response.json().await.expect("an answer in the shared shape");
            assert_eq!((status, error.error), (404, schrieb_api::ErrorKind::NotFound), "{name}");
        } else if method == reqwest::Method::GET {
            assert_eq!(status, 200, "{name}");
        } else if !response.status().is_success() {
            let error: schrieb_api::ApiError = response.json().await.expect("an answer in the shared shape");
            assert!(error.error != schrieb_api::ErrorKind::NoRoute && status != 405, "{name}: {status}");
        }
    }
}

#[tokio::test]
async fn every_schema_reference_resolves() {
    let app = TestApp::empty().await;
    let doc: Value = app.get_json::<Value>(Endpoint::OpenApi.template()).await.body;
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
    let doc: Value = app.get_json::<Value>(Endpoint::OpenApi.template()).await.body;
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(
        (schemes["bearer"]["type"].as_str(), schemes["bearer"]["scheme"].as_str()),
        (Some("http"), Some("bearer"))
    );
    assert_eq!(
        (schemes["session_cookie"]["in"].as_str(), schemes["session_cookie"]["name"].as_str()),
        (Some("cookie"), Some("schrieb_session"))
    );
    let security = |method: &str, endpoint: Endpoint| doc["paths"][endpoint.template()][method]["security"].to_string();
    assert_eq!(security("get", Endpoint::Me), r#"[{"session_cookie":[]},{"bearer":[]}]"#);
    assert_eq!(
        security("get", Endpoint::ArticleComments),
        r#"[{},{"session_cookie":[]},{"bearer":[]}]"#,
        "logging in is optional there"
    );
    assert_eq!(security("post", Endpoint::AuthToken), r#"[{"session_cookie":[]}]"#, "a token cannot mint another");

    // Wherever a token is taken, a dead one is a 401 with its challenge, optional login or not.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let takes_bearer =
                operation["security"].as_array().is_some_and(|list| list.iter().any(|s| s.get("bearer").is_some()));
            let challenge = &operation["responses"]["401"]["headers"]["WWW-Authenticate"];
            assert_eq!(takes_bearer, challenge.is_object(), "{method} {path}");
        }
    }
}

#[tokio::test]
async fn posting_documents_the_idempotency_key_header() {
    let app = TestApp::empty().await;
    let doc: Value = app.get_json::<Value>(Endpoint::OpenApi.template()).await.body;
    let post = &doc["paths"][Endpoint::ArticleComments.template()]["post"];
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

/// A component schema of the document.
fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    let schema = &doc["components"]["schemas"][name];
    assert!(schema.is_object(), "{name} is documented");
    schema
}

/// Asserts that the schema `name` states `rule`: the document is built from the same rules
/// `parse` keeps (and each rule is tested against its `parse` in `schrieb-api`).
fn states(doc: &Value, name: &str, rule: &schrieb_api::TextRule) {
    let schema = schema(doc, name);
    assert_eq!(schema["type"], "string", "{name}");
    assert_eq!(schema["pattern"].as_str(), rule.pattern, "{name}");
    assert_eq!(schema["minLength"].as_u64(), Some(rule.min_chars as u64), "{name}");
    assert_eq!(schema["maxLength"].as_u64(), rule.max_chars.map(|max| max as u64), "{name}");
}

/// The `$ref` a schema is, or its only non-null alternative is.
fn reference(schema: &Value) -> &str {
    let alternatives = schema["oneOf"].as_array().into_iter().flatten();
    let named = alternatives.filter(|alternative| alternative["type"] != "null").chain([schema]);
    named.filter_map(|schema| schema["$ref"].as_str()).next().unwrap_or_default()
}

#[tokio::test]
async fn the_document_names_every_endpoint_by_its_one_template() {
    let app = TestApp::empty().await;
    let doc: Value = app.get_json::<Value>(Endpoint::OpenApi.template()).await.body;
    let mut documented: Vec<&str> = doc["paths"].as_object().expect("paths").keys().map(String::as_str).collect();
    documented.sort_unstable();
    let mut templates: Vec<&str> = schrieb_api::paths::Endpoint::ALL.iter().map(|e| e.template()).collect();
    templates.sort_unstable();
    assert_eq!(documented, templates);
}

#[tokio::test]
async fn the_document_states_the_rules_the_server_checks() {
    use schrieb_api::*;
    let app = TestApp::empty().await;
    let doc: Value = app.get_json::<Value>(Endpoint::OpenApi.template()).await.body;
    states(&doc, "Slug", &Slug::RULE);
    states(&doc, "CommentBody", &CommentBody::RULE);
    states(&doc, "DraftBody", &DraftBody::RULE);
    states(&doc, "DisplayName", &DisplayName::RULE);
    states(&doc, "Email", &Email::RULE);
    states(&doc, "Password", &Password::RULE);
    states(&doc, "IdempotencyKey", &IdempotencyKey::RULE);
    states(&doc, "MentionPrefix", &MentionPrefix::RULE);
    let page = schema(&doc, "PageNumber");
    assert_eq!((page["type"].as_str(), page["minimum"].as_u64()), (Some("integer"), Some(1)));
    assert_eq!(page["maximum"].as_u64(), Some(u64::from(MAX_PAGE)));
    let urls = schema(&doc, "CountUrls");
    assert_eq!((urls["minItems"].as_u64(), urls["maxItems"].as_u64()), (Some(1), Some(MAX_COUNT_URLS as u64)));
    let page_url = schema(&doc, "PageUrl");
    assert_eq!(page_url["maxLength"].as_u64(), Some(MAX_PAGE_URL_CHARS as u64));
    assert_eq!(page_url["pattern"].as_str(), Some(PageUrl::SCHEME_PATTERN));
    let kinds: Vec<&str> = ReactionKind::ALL.iter().map(|kind| kind.as_str()).collect();
    assert_eq!(schema(&doc, "ReactionKind")["enum"], serde_json::json!(kinds));

    // Where they are used: parameters and request fields name the rules' schemas.
    let field = |body: &str, name: &str| reference(&schema(&doc, body)["properties"][name]).to_owned();
    assert_eq!(field("RegisterRequest", "display_name"), "#/components/schemas/DisplayName");
    assert_eq!(field("RegisterRequest", "email"), "#/components/schemas/Email");
    assert_eq!(field("RegisterRequest", "password"), "#/components/schemas/Password");
    assert_eq!(field("ChangePasswordRequest", "new_password"), "#/components/schemas/Password");
    assert_eq!(field("CommentRequest", "body"), "#/components/schemas/CommentBody");
    assert_eq!(field("CommentRequest", "guest_name"), "#/components/schemas/DisplayName");
    assert_eq!(field("DraftRequest", "body"), "#/components/schemas/DraftBody");
    assert_eq!(field("EmbedThreadRequest", "url"), "#/components/schemas/PageUrl");
    let expected = [
        ("slug", "Slug"),
        ("id", ""),
        ("page", "PageNumber"),
        ("kind", "ReactionKind"),
        ("prefix", "MentionPrefix"),
        ("article", "Slug"),
        ("url", "CountUrls"),
        ("Idempotency-Key", "IdempotencyKey"),
        ("state", "QueueState"),
        ("author", ""),
        ("reason", "QueueReason"),
        ("sort", "QueueSort"),
        ("comment", ""),
        ("account", ""),
        // A site's name is any text.
        ("name", "string"),
        ("format", "ExportFormat"),
        // An event's number.
        ("after", "integer"),
        ("Last-Event-ID", "integer"),
        // An unsubscribe link's token.
        ("token", "string"),
    ];
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let name = parameter["name"].as_str().expect("a name");
                let (_, schema) = expected.iter().find(|(known, _)| *known == name).expect("a known parameter");
                let named = reference(&parameter["schema"]);
                match *schema {
                    "" => assert!(named.ends_with("Id"), "{method} {path} {name}: {named}"),
                    "string" => assert_eq!(parameter["schema"]["type"], "string", "{method} {path} {name}"),
                    "integer" => {
                        assert_eq!(parameter["schema"]["type"], "integer", "{method} {path} {name}");
                        assert_eq!(parameter["schema"]["minimum"], 0, "{method} {path} {name}");
                    }
                    schema => assert_eq!(named, format!("#/components/schemas/{schema}"), "{method} {path} {name}"),
                }
            }
        }
    }
}

#[tokio::test]
async fn every_operation_documents_what_the_router_around_it_answers() {
    let app = TestApp::empty().await;
    let doc: Value = app.get_json::<Value>(Endpoint::OpenApi.template()).await.body;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let responses = &operation["responses"];
            let documents = |status: &str| responses[status].is_object();
            assert!(documents("500"), "{method} {path}: the error type's 500");
            if matches!(method.as_str(), "post" | "put" | "patch" | "delete") {
                assert!(documents("403"), "{method} {path}: the cross-site check's 403");
                let reason = responses["403"]["description"].as_str().unwrap_or_default();
                assert!(reason.to_lowercase().contains("another site's page"), "{method} {path}: {reason}");
            }
            if operation["requestBody"].is_object() {
                for status in ["400", "413", "422"] {
                    assert!(documents(status), "{method} {path}: the JSON body's {status}");
                }
            }
            let parameters = operation["parameters"].as_array().into_iter().flatten();
            if parameters.into_iter().any(|parameter| parameter["in"] == "path") {
                assert!(documents("400"), "{method} {path}: the path parameters' 400");
            }
            if documents("429") {
                let header = &responses["429"]["headers"]["Retry-After"];
                assert_eq!(header["schema"]["type"], "integer", "{method} {path}: 429 says when to retry");
            }
            for (status, response) in responses.as_object().expect("responses") {
                if status.starts_with('4') || status.starts_with('5') {
                    let body = reference(&response["content"]["application/json"]["schema"]);
                    assert_eq!(body, "#/components/schemas/ApiError", "{method} {path} {status}");
                }
            }
        }
    }
}

#[tokio::test]
async fn the_server_takes_what_the_document_allows_and_nothing_else() {
    let app = TestApp::with_demo().await;
    let reader = app.user("Dokumentleserin", schrieb_api::Role::Reader).await;

    // The longest comment of emoji, written as encoders that keep to ASCII write JSON (12 bytes a
    // character): the body rules and the document allow it, so the size cap must too. serde_json
    // never writes JSON so, hence the hand-made request.
    let escaped = format!(r#"{{"body":"{}"}}"#, r"\ud83d\ude00".repeat(schrieb_api::MAX_BODY_CHARS));
    let thread = api::article_comments(&slug("pergola-lizenzwechsel"));
    let posted = app
        .client_raw()
        .post(format!("{}{thread}", app.address))
        .header("origin", app.address.as_str())
        .header("cookie", reader.cookie.as_str())
        .header("content-type", "application/json")
        .body(escaped)
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status().as_u16(), 201);

    // A guest name the rules refuse is refused, also from someone logged in, who posts under
    // their own name: the document calls the request invalid.
    let named = CommentRequest { guest_name: Some("@x".into()), ..comment_body("Mit Namen") };
    let refused = app.post_comment::<schrieb_api::ApiError>("pergola-lizenzwechsel", Some(&reader), &named, None).await;
    assert_eq!((refused.status, refused.body.field.as_deref()), (422, Some("guest_name")));

    // More than 50 addresses are more than 50, repeated or not (`maxItems` counts them so).
    let query = vec!["url=https%3A%2F%2Fblog.example%2F"; schrieb_api::MAX_COUNT_URLS + 1].join("&");
    let counts = app.get(&format!("{}?{query}", Endpoint::Counts.template())).await;
    assert_eq!(counts.status().as_u16(), 422);
    let query = vec!["url=https%3A%2F%2Fblog.example%2F"; schrieb_api::MAX_COUNT_URLS].join("&");
    assert_eq!(app.get(&format!("{}?{query}", Endpoint::Counts.template())).await.status().as_u16(), 200);
}
