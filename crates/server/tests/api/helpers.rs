//! `TestApp`: the real application on a free port with its own database, and one method per
//! endpoint.

use std::path::Path;
use std::sync::Arc;

use chrono::{Duration, Utc};
use reqwest::Method;
use schrieb_api::{
    ApiError, ArticleList, CommentPage, DisplayName, Draft, Email, Role, Slug, UserId, UserSuggestion, WidgetToken,
};
use schrieb_server::db::{ArticleKey, NewAccount, NewArticle, NewComment, Repository};
use schrieb_server::settings::Settings;
use schrieb_server::{AppState, Assets};
use serde::de::DeserializeOwned;

/// The password of every account the tests make.
pub const PASSWORD: &str = "richtig-richtig";

/// A logged-in account: its id and its session cookie.
#[derive(Debug, Clone)]
pub struct User {
    /// The account.
    pub id: UserId,
    /// `schrieb_session=…`
    pub cookie: String,
}

/// A running server and its database.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    /// The database behind the server.
    pub repository: Arc<dyn Repository>,
    client: reqwest::Client,
    _dir: tempfile::TempDir,
}

/// A decoded answer: status and body.
pub struct Answer<T> {
    pub status: u16,
    pub body: T,
}

impl TestApp {
    /// An app over an empty database.
    pub async fn empty() -> Self {
        Self::start(None, Settings::default()).await
    }

    /// An app over an empty database with `settings`.
    pub async fn with_settings(settings: Settings) -> Self {
        Self::start(None, settings).await
    }

    /// An app over a database holding the demo content.
    pub async fn with_demo() -> Self {
        let app = Self::empty().await;
        schrieb_server::demo::seed(app.repository.as_ref(), Utc::now()).await.expect("demo content loads");
        app
    }

    /// An app that also serves the web app from `dist`.
    pub async fn with_assets(dist: &Path) -> Self {
        Self::start(Some(Assets::load(dist).expect("test dist has index.html")), Settings::default()).await
    }

    async fn start(assets: Option<Assets>, settings: Settings) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("schrieb.db");
        let repository = schrieb_server::db::connect(db.to_str().expect("utf-8 path")).await.expect("database opens");
        let app = schrieb_server::app(AppState::new(repository.clone(), settings), assets);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("free port");
        let address = format!("http://{}", listener.local_addr().expect("bound"));
        tokio::spawn(schrieb_server::serve(listener, app, std::future::pending()));
        Self { address, repository, client: reqwest::Client::new(), _dir: dir }
    }

    /// An article with `count` comments by one user, for paging tests.
    pub async fn article_with_comments(&self, slug: &str, count: usize) -> ArticleKey {
        let now = Utc::now();
        let site = self.repository.ensure_site("test", now).await.expect("site");
        let author = self.repository.ensure_user("Testerin", now).await.expect("user");
        let key = self
            .repository
            .insert_article(&NewArticle {
                site_id: site,
                slug: Slug::parse(slug).expect("valid slug"),
                lang: "de".into(),
                title: format!("Artikel {slug}"),
                author: "Redaktion".into(),
                published_at: now - Duration::hours(2),
                canonical_url: format!("https://news.example.org/{slug}"),
                body: "Text".into(),
                note: None,
            })
            .await
            .expect("article");
        let comments: Vec<NewComment> = (1..=count)
            .map(|n| NewComment {
                author_id: author,
                body: format!("Kommentar {n}"),
                created_at: now - Duration::hours(1) + Duration::seconds(n as i64),
                edited_at: None,
                earlier: vec![],
                quotes: vec![],
                mentions: vec![],
                guest_name: None,
            })
            .collect();
        self.repository.append_comments(key, &comments).await.expect("comments");
        key
    }

    /// GET a path and return status and raw response.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.address)).send().await.expect("request is answered")
    }

    /// GET a path and decode the JSON answer as `T`.
    pub async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Answer<T> {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        assert!(content_type.starts_with("application/json"), "{path} answered {content_type}");
        Answer { status, body: response.json().await.expect("JSON of the expected shape") }
    }

    /// `GET /api/v1/articles`
    pub async fn articles(&self) -> ArticleList {
        let answer = self.get_json::<ArticleList>("/api/v1/articles").await;
        assert_eq!(answer.status, 200);
        answer.body
    }

    /// `GET /api/v1/articles/{slug}/comments?page=N`, expecting success.
    pub async fn comment_page(&self, slug: &str, page: &str) -> CommentPage {
        let answer = self.get_json::<CommentPage>(&format!("/api/v1/articles/{slug}/comments?page={page}")).await;
        assert_eq!(answer.status, 200);
        answer.body
    }

    /// A confirmed account with [`PASSWORD`], logged in through the API.
    pub async fn user(&self, name: &str, role: Role) -> User {
        static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let hash = HASH.get_or_init(|| schrieb_server::auth::password::hash(PASSWORD).expect("hash")).clone();
        let email = format!("{}@example.org", name.to_lowercase().replace(' ', "."));
        let account = NewAccount {
            display_name: DisplayName::parse(name).expect("valid name"),
            email: Email::parse(&email).expect("valid email"),
            password_hash: hash,
            role,
            confirmed: true,
        };
        let id = self.repository.create_account(&account, Utc::now()).await.expect("db").expect("new account");
        let response = self
            .send(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(serde_json::json!({"email": email, "password": PASSWORD})),
            )
            .await;
        assert_eq!(response.status().as_u16(), 200, "login of {name}");
        let cookie = session_cookie(&response).expect("a session cookie");
        User { id, cookie }
    }

    /// The plain HTTP client, for requests no page of this site would send.
    pub fn client_raw(&self) -> &reqwest::Client {
        &self.client
    }

    /// Sends a request as a page of this site would (with its `Origin`), as `user` if given.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        user: Option<&User>,
        body: Option<serde_json::Value>,
    ) -> reqwest::Response {
        let mut request =
            self.client.request(method, format!("{}{path}", self.address)).header("origin", self.address.as_str());
        if let Some(user) = user {
            request = request.header("cookie", user.cookie.as_str());
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request is answered")
    }

    /// `POST /api/v1/articles/{slug}/comments` as [`TestApp::send`] sends it, with
    /// `Idempotency-Key: {key}`: as `user`, or as a guest when `body` names one.
    pub async fn post_with_key(
        &self,
        slug: &str,
        user: Option<&User>,
        body: serde_json::Value,
        key: &str,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(format!("{}/api/v1/articles/{slug}/comments", self.address))
            .header("origin", self.address.as_str())
            .header(schrieb_api::IDEMPOTENCY_KEY_HEADER, key)
            .json(&body);
        if let Some(user) = user {
            request = request.header("cookie", user.cookie.as_str());
        }
        request.send().await.expect("request is answered")
    }

    /// Like [`TestApp::send`], decoding the JSON answer.
    pub async fn send_json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        user: Option<&User>,
        body: Option<serde_json::Value>,
    ) -> Answer<T> {
        let response = self.send(method, path, user, body).await;
        let status = response.status().as_u16();
        Answer { status, body: response.json().await.expect("JSON of the expected shape") }
    }

    /// Sends a request as the embed iframe does: with this site's `Origin` (the iframe is a page
    /// of this site) and `Authorization: Bearer {token}`, without a cookie (the browser sends none
    /// inside another site's page).
    pub async fn send_bearer(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<serde_json::Value>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.address))
            .header("origin", self.address.as_str())
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request is answered")
    }

    /// `POST /api/v1/auth/token` with `user`'s cookie, as the login popup asks, expecting a token.
    pub async fn widget_token(&self, user: &User) -> WidgetToken {
        let answer = self.send_json::<WidgetToken>(Method::POST, "/api/v1/auth/token", Some(user), None).await;
        assert_eq!(answer.status, 201, "minting a widget token");
        answer.body
    }

    /// `GET /api/v1/articles/{slug}/draft` as `user`: the status, and the draft or `null`.
    pub async fn draft(&self, slug: &str, user: &User) -> Answer<Option<Draft>> {
        self.send_json(Method::GET, &format!("/api/v1/articles/{slug}/draft"), Some(user), None).await
    }

    /// `PUT /api/v1/articles/{slug}/draft` as `user`, expecting the draft as kept.
    pub async fn put_draft(&self, slug: &str, user: &User, body: &str) -> Draft {
        let path = format!("/api/v1/articles/{slug}/draft");
        let answer =
            self.send_json::<Draft>(Method::PUT, &path, Some(user), Some(serde_json::json!({"body": body}))).await;
        assert_eq!(answer.status, 200, "saving the draft {body:?}");
        answer.body
    }

    /// `DELETE /api/v1/articles/{slug}/draft` as `user`: the status.
    pub async fn delete_draft(&self, slug: &str, user: &User) -> u16 {
        self.send(Method::DELETE, &format!("/api/v1/articles/{slug}/draft"), Some(user), None).await.status().as_u16()
    }

    /// `GET /api/v1/users?{query}`, expecting suggestions.
    pub async fn suggestions(&self, query: &str) -> Vec<UserSuggestion> {
        let answer = self.get_json::<Vec<UserSuggestion>>(&format!("/api/v1/users?{query}")).await;
        assert_eq!(answer.status, 200, "suggestions for {query}");
        answer.body
    }

    /// Registers `origins` for the site `name` (created if missing), as `site add` does.
    pub async fn register_site(&self, name: &str, origins: &[&str]) {
        let origins: Vec<String> = origins.iter().map(|origin| origin.to_string()).collect();
        self.repository.register_origins(name, &origins, Utc::now()).await.expect("db").expect("origins are free");
    }

    /// `POST /api/v1/embed/threads` as the embed iframe (this site's origin) sends it.
    pub async fn embed_thread<T: DeserializeOwned>(&self, body: serde_json::Value) -> Answer<T> {
        self.send_json(Method::POST, "/api/v1/embed/threads", None, Some(body)).await
    }

    /// `GET /api/v1/counts?url=…&url=…` as `count.js` on a page of `origin` sends it.
    pub async fn counts(&self, urls: &[&str], origin: Option<&str>) -> reqwest::Response {
        let query: Vec<(&str, &str)> = urls.iter().map(|url| ("url", *url)).collect();
        let mut request = self.client.get(format!("{}/api/v1/counts", self.address)).query(&query);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send().await.expect("request is answered")
    }

    /// GET a path expecting an error in the shared shape.
    pub async fn error(&self, path: &str) -> Answer<ApiError> {
        self.get_json::<ApiError>(path).await
    }
}

/// The `schrieb_session=…` pair a response sets, if it sets one.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("schrieb_session=") && !value.starts_with("schrieb_session=;"))
        .and_then(|value| value.split(';').next())
        .map(str::to_owned)
}
