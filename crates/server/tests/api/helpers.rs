//! `TestApp`: the real application on a free port with its own database, and one method per
//! endpoint.

use std::path::Path;
use std::sync::Arc;

use chrono::{Duration, Utc};
use schrieb_api::{ApiError, ArticleList, CommentPage, Slug};
use schrieb_server::db::{ArticleKey, NewArticle, NewComment, Repository};
use schrieb_server::{AppState, Assets};
use serde::de::DeserializeOwned;

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
        Self::start(None).await
    }

    /// An app over a database holding the demo content.
    pub async fn with_demo() -> Self {
        let app = Self::empty().await;
        schrieb_server::demo::seed(app.repository.as_ref(), Utc::now()).await.expect("demo content loads");
        app
    }

    /// An app that also serves the web app from `dist`.
    pub async fn with_assets(dist: &Path) -> Self {
        Self::start(Some(Assets::load(dist).expect("test dist has index.html"))).await
    }

    async fn start(assets: Option<Assets>) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("schrieb.db");
        let repository = schrieb_server::db::connect(db.to_str().expect("utf-8 path")).await.expect("database opens");
        let app = schrieb_server::app(AppState { repository: repository.clone() }, assets);
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

    /// GET a path expecting an error in the shared shape.
    pub async fn error(&self, path: &str) -> Answer<ApiError> {
        self.get_json::<ApiError>(path).await
    }
}
