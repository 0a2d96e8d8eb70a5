//! `TestApp`: the real application on a free port with its own database, and one method per
//! endpoint.

use std::path::Path;
use std::sync::Arc;

use chrono::{Duration, Utc};
use reqwest::Method;
use reqwest::header::HeaderMap;
use schrieb_api::paths::{Endpoint, api};
use schrieb_api::{
    ApiError, ArticleList, ChangePasswordRequest, CommentId, CommentPage, CommentPermalink, CommentRequest,
    DisplayName, Draft, DraftRequest, Email, LoginRequest, MailLanguage, Me, RegisterRequest, Role, Slug, UserId,
    UserSuggestion, VerifyRequest, WidgetToken,
};
use schrieb_server::db::{ArticleKey, NewAccount, NewArticle, NewComment, Repository};
use schrieb_server::mail::Mailer;
use schrieb_server::settings::Settings;
use schrieb_server::{AppState, Assets};
use serde::Serialize;
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
    /// The server's state: its answer cache and its place in the event log.
    pub state: AppState,
    client: reqwest::Client,
    /// The database's folder, removed when the last server on it is dropped.
    store: Store,
    assets: Option<Assets>,
}

/// A decoded answer: status, headers and body.
pub struct Answer<T> {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: T,
}

impl<T: DeserializeOwned> Answer<T> {
    /// Reads `response`'s status and headers, and decodes its JSON body as `T`.
    pub async fn of(response: reqwest::Response) -> Self {
        let (status, headers) = (response.status().as_u16(), response.headers().clone());
        Answer { status, headers, body: response.json().await.expect("JSON of the expected shape") }
    }
}

/// A published comment of `author` saying `body`, posted `at`, as the store takes it (written
/// past the API: as a command-line import or another server would).
pub fn published(author: UserId, body: &str, at: chrono::DateTime<Utc>) -> NewComment {
    NewComment {
        author_id: author,
        body: body.to_owned(),
        created_at: at,
        edited_at: None,
        earlier: vec![],
        quotes: vec![],
        mentions: vec![],
        guest_name: None,
        state: schrieb_api::CommentState::Published,
        findings: vec![],
    }
}

/// `raw` as a slug: the tests name their articles in plain strings.
pub fn slug(raw: &str) -> Slug {
    Slug::parse(raw).expect("a valid slug")
}

/// `endpoint`'s path with `values` put in for its parameters as they are, unchecked and
/// unencoded: for the malformed ids and slugs no typed builder can make (`/api/v1/comments/abc`).
pub fn raw_path(endpoint: Endpoint, values: &[&str]) -> String {
    let mut values = values.iter();
    let mut path = String::new();
    for segment in endpoint.template().split('/').skip(1) {
        path.push('/');
        path.push_str(if segment.starts_with('{') {
            values.next().expect("a value for every parameter")
        } else {
            segment
        });
    }
    path
}

/// `GET /api/v1/articles/{slug}/comments?page={page}`, the page as the query carries it (also
/// a malformed one).
pub fn thread_page_path(slug: &str, page: &str) -> String {
    format!("{}?page={page}", api::article_comments(&self::slug(slug)))
}

/// A registration with [`PASSWORD`].
pub fn registration(name: &str, email: &str) -> RegisterRequest {
    RegisterRequest { display_name: name.into(), email: email.into(), password: PASSWORD.into() }
}

/// A comment body as the reply box sends it, without a guest name.
pub fn comment_body(text: &str) -> CommentRequest {
    CommentRequest { body: text.into(), ..CommentRequest::default() }
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

    /// Lets the server see what a test wrote into its database directly (as a change made
    /// through another server would reach it a moment later).
    pub async fn settle(&self) {
        self.state.feed.catch_up(self.repository.as_ref()).await.expect("the event log reads");
    }

    /// Whether the app's store is PostgreSQL.
    pub fn on_postgres(&self) -> bool {
        matches!(&self.store, Store::Postgres(_))
            || matches!(&self.store, Store::Given(db) if db.starts_with("postgres"))
    }

    /// A connection pool of its own to the app's database, on either engine, for what no store
    /// method does (counting rows, reading a mail's state): plain SQL both engines read alike.
    pub async fn sql(&self) -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        let url = match &self.store {
            Store::Sqlite(dir) => format!("sqlite://{}", dir.path().join("schrieb.db").display()),
            Store::Postgres(url) => url.clone(),
            Store::Given(db) if db.starts_with("postgres") || db.starts_with("sqlite:") => db.clone(),
            Store::Given(path) => format!("sqlite://{path}"),
        };
        sqlx::AnyPool::connect(&url).await.expect("the database opens")
    }

    /// An app that also serves the web app from `dist`.
    pub async fn with_assets(dist: &Path) -> Self {
        Self::start(Some(Assets::load(dist).expect("test dist has index.html")), Settings::default()).await
    }

    async fn start(assets: Option<Assets>, settings: Settings) -> Self {
        Self::start_in(Store::fresh().await, assets, settings, None).await
    }

    /// An app over the database `db` names (a `--db` value) as it is, which the test made
    /// itself (a copy of another's).
    pub async fn on_database(db: &str) -> Self {
        Self::start_in(Store::Given(db.to_owned()), None, Settings::default(), None).await
    }

    /// An app over an empty database that sends its mail with `mailer`.
    pub async fn with_mailer(mailer: Mailer) -> Self {
        Self::start_in(Store::fresh().await, None, Settings::default(), Some(mailer)).await
    }

    /// A second server on this one's database, as several servers share one database.
    pub async fn beside(&self) -> Self {
        Self::start_in(self.store.clone(), self.assets.clone(), Settings::default(), None).await
    }

    /// A second server on this one's database with `settings`.
    pub async fn beside_with_settings(&self, settings: Settings) -> Self {
        Self::start_in(self.store.clone(), self.assets.clone(), settings, None).await
    }

    /// A second server on this one's database sending its mail with `mailer`.
    pub async fn beside_with_mailer(&self, mailer: Mailer) -> Self {
        Self::start_in(self.store.clone(), self.assets.clone(), Settings::default(), Some(mailer)).await
    }

    async fn start_in(store: Store, assets: Option<Assets>, settings: Settings, mailer: Option<Mailer>) -> Self {
        let repository = schrieb_server::db::connect(&store.url()).await.expect("database opens");
        let mut state = AppState::new(repository.clone(), settings).await.expect("state");
        if let Some(mailer) = mailer {
            state = state.with_mailer(mailer);
        }
        state.follow_events();
        let app = schrieb_server::app(state.clone(), assets.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("free port");
        let address = format!("http://{}", listener.local_addr().expect("bound"));
        state.send_outgoing(&address);
        tokio::spawn(schrieb_server::serve(listener, app, std::future::pending()));
        Self { address, repository, state, client: reqwest::Client::new(), store, assets }
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
            .map(|n| {
                published(author, &format!("Kommentar {n}"), now - Duration::hours(1) + Duration::seconds(n as i64))
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
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        assert!(content_type.starts_with("application/json"), "{path} answered {content_type}");
        Answer::of(response).await
    }

    /// `GET /api/v1/articles`
    pub async fn articles(&self) -> ArticleList {
        let answer = self.get_json::<ArticleList>(Endpoint::Articles.template()).await;
        assert_eq!(answer.status, 200);
        answer.body
    }

    /// `GET /api/v1/articles/{slug}/comments?page=N`, expecting success.
    pub async fn comment_page(&self, slug: &str, page: &str) -> CommentPage {
        let answer = self.get_json::<CommentPage>(&thread_page_path(slug, page)).await;
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
            language: MailLanguage::De,
        };
        let id = self.repository.create_account(&account, Utc::now()).await.expect("db").expect("new account");
        let answer = self.login::<Me>(&email, PASSWORD).await;
        assert_eq!(answer.status, 200, "login of {name}");
        let cookie = session_cookie(&answer.headers).expect("a session cookie");
        User { id, cookie }
    }

    /// The plain HTTP client, for requests no page of this site would send.
    pub fn client_raw(&self) -> &reqwest::Client {
        &self.client
    }

    /// A request as a page of this site would make it (with its `Origin`), as `user` if given:
    /// what every helper below sends.
    fn request(&self, method: Method, path: &str, user: Option<&User>) -> reqwest::RequestBuilder {
        let request =
            self.client.request(method, format!("{}{path}", self.address)).header("origin", self.address.as_str());
        match user {
            Some(user) => request.header("cookie", user.cookie.as_str()),
            None => request,
        }
    }

    /// Sends a request as a page of this site would (with its `Origin`), as `user` if given.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        user: Option<&User>,
        body: Option<serde_json::Value>,
    ) -> reqwest::Response {
        let mut request = self.request(method, path, user);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request is answered")
    }

    /// Sends `request` with `body` as JSON and decodes the answer as `T`.
    async fn exchange<T: DeserializeOwned>(request: reqwest::RequestBuilder, body: &impl Serialize) -> Answer<T> {
        Answer::of(request.json(body).send().await.expect("request is answered")).await
    }

    /// `POST /api/v1/auth/register` with `body` (a [`registration`], or a broken one), from
    /// `forwarded_for` if given (`X-Forwarded-For`, which only a trusted proxy may set).
    pub async fn register<T: DeserializeOwned>(&self, body: &impl Serialize, forwarded_for: Option<&str>) -> Answer<T> {
        let mut request = self.request(Method::POST, Endpoint::AuthRegister.template(), None);
        if let Some(address) = forwarded_for {
            request = request.header("x-forwarded-for", address);
        }
        Self::exchange(request, body).await
    }

    /// `POST /api/v1/auth/verify` with the `token` of a confirmation mail: `Me` and the session
    /// cookie on success.
    pub async fn verify<T: DeserializeOwned>(&self, token: &str) -> Answer<T> {
        let request = self.request(Method::POST, Endpoint::AuthVerify.template(), None);
        Self::exchange(request, &VerifyRequest { token: token.into() }).await
    }

    /// `POST /api/v1/auth/login`: `Me` and the session cookie ([`session_cookie`]) on success.
    pub async fn login<T: DeserializeOwned>(&self, email: &str, password: &str) -> Answer<T> {
        let request = self.request(Method::POST, Endpoint::AuthLogin.template(), None);
        Self::exchange(request, &LoginRequest { email: email.into(), password: password.into() }).await
    }

    /// `POST /api/v1/auth/logout` as `user` (`204`, no body).
    pub async fn logout(&self, user: &User) -> reqwest::Response {
        self.send(Method::POST, Endpoint::AuthLogout.template(), Some(user), None).await
    }

    /// `GET /api/v1/me` as `user`.
    pub async fn me<T: DeserializeOwned>(&self, user: &User) -> Answer<T> {
        Answer::of(self.send(Method::GET, Endpoint::Me.template(), Some(user), None).await).await
    }

    /// `PUT /api/v1/me/password` as `user` (or nobody): `204`, no body, on success.
    pub async fn change_password(&self, user: Option<&User>, current: &str, new: &str) -> reqwest::Response {
        let body = ChangePasswordRequest { current_password: current.into(), new_password: new.into() };
        let request = self.request(Method::PUT, Endpoint::MePassword.template(), user).json(&body);
        request.send().await.expect("request is answered")
    }

    /// `POST /api/v1/articles/{slug}/comments` with `body` (a [`CommentRequest`], or a broken
    /// one): as `user`, or as a guest when `body` names one; with `Idempotency-Key: {key}` if
    /// given, as the app sends every reply.
    pub async fn post_comment<T: DeserializeOwned>(
        &self,
        slug: &str,
        user: Option<&User>,
        body: &impl Serialize,
        key: Option<&str>,
    ) -> Answer<T> {
        let mut request = self.request(Method::POST, &api::article_comments(&self::slug(slug)), user);
        if let Some(key) = key {
            request = request.header(schrieb_api::IDEMPOTENCY_KEY_HEADER, key);
        }
        Self::exchange(request, body).await
    }

    /// [`TestApp::post_comment`] of `text` as `user`, expecting it published.
    pub async fn posted(&self, slug: &str, user: &User, text: &str) -> CommentPermalink {
        let answer = self.post_comment::<CommentPermalink>(slug, Some(user), &comment_body(text), None).await;
        assert_eq!(answer.status, 201, "posting {text:?}");
        answer.body
    }

    /// `PATCH /api/v1/comments/{id}` to `text`, as `user` (or nobody).
    pub async fn edit_comment<T: DeserializeOwned>(&self, id: CommentId, user: Option<&User>, text: &str) -> Answer<T> {
        Self::exchange(self.request(Method::PATCH, &api::comment(id), user), &comment_body(text)).await
    }

    /// `DELETE /api/v1/comments/{id}` as `user` (or nobody): `204`, no body, on success.
    pub async fn delete_comment(&self, id: CommentId, user: Option<&User>) -> reqwest::Response {
        self.send(Method::DELETE, &api::comment(id), user, None).await
    }

    /// Like [`TestApp::send`], decoding the JSON answer.
    pub async fn send_json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        user: Option<&User>,
        body: Option<serde_json::Value>,
    ) -> Answer<T> {
        Answer::of(self.send(method, path, user, body).await).await
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
        let answer =
            self.send_json::<WidgetToken>(Method::POST, Endpoint::AuthToken.template(), Some(user), None).await;
        assert_eq!(answer.status, 201, "minting a widget token");
        answer.body
    }

    /// `GET /api/v1/articles/{slug}/draft` as `user`: the status, and the draft or `null`.
    pub async fn draft(&self, slug: &str, user: &User) -> Answer<Option<Draft>> {
        self.send_json(Method::GET, &api::article_draft(&self::slug(slug)), Some(user), None).await
    }

    /// `PUT /api/v1/articles/{slug}/draft` with `body` as `user` (a [`DraftRequest`], or a
    /// broken one).
    pub async fn save_draft<T: DeserializeOwned>(&self, slug: &str, user: &User, body: &impl Serialize) -> Answer<T> {
        Self::exchange(self.request(Method::PUT, &api::article_draft(&self::slug(slug)), Some(user)), body).await
    }

    /// [`TestApp::save_draft`] of `text`, expecting the draft as kept.
    pub async fn put_draft(&self, slug: &str, user: &User, text: &str) -> Draft {
        let answer = self.save_draft::<Draft>(slug, user, &DraftRequest { body: text.into() }).await;
        assert_eq!(answer.status, 200, "saving the draft {text:?}");
        answer.body
    }

    /// `DELETE /api/v1/articles/{slug}/draft` as `user`: the status.
    pub async fn delete_draft(&self, slug: &str, user: &User) -> u16 {
        let path = api::article_draft(&self::slug(slug));
        self.send(Method::DELETE, &path, Some(user), None).await.status().as_u16()
    }

    /// `GET /api/v1/users?{query}`, expecting suggestions.
    pub async fn suggestions(&self, query: &str) -> Vec<UserSuggestion> {
        let answer = self.get_json::<Vec<UserSuggestion>>(&format!("{}?{query}", Endpoint::Users.template())).await;
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
        self.send_json(Method::POST, Endpoint::EmbedThreads.template(), None, Some(body)).await
    }

    /// `GET /api/v1/counts?url=…&url=…` as `count.js` on a page of `origin` sends it.
    pub async fn counts(&self, urls: &[&str], origin: Option<&str>) -> reqwest::Response {
        let query: Vec<(&str, &str)> = urls.iter().map(|url| ("url", *url)).collect();
        let mut request = self.client.get(format!("{}{}", self.address, Endpoint::Counts.template())).query(&query);
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

/// The `schrieb_session=…` pair an answer with `headers` sets, if it sets one.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("schrieb_session=") && !value.starts_with("schrieb_session=;"))
        .and_then(|value| value.split(';').next())
        .map(str::to_owned)
}

/// Where a test app's data lives: SQLite in a folder of its own (the default), or a database of
/// its own on the test run's PostgreSQL when `SCHRIEB_TEST_DB=postgres` (`cargo xtask test` runs
/// the API tests both ways). Servers made `beside` one share its store.
#[derive(Clone)]
enum Store {
    Sqlite(Arc<tempfile::TempDir>),
    Postgres(String),
    /// A database the test made, by its `--db` value; the test removes it.
    Given(String),
}

impl Store {
    /// A new, empty store of the engine the run asks for.
    async fn fresh() -> Self {
        match std::env::var("SCHRIEB_TEST_DB").as_deref() {
            Ok("postgres") => {
                let (pool, name) = postgres_database().await;
                pool.close().await;
                Self::Postgres(format!("{}/{name}", postgres_server()))
            }
            Ok("sqlite") | Err(_) => Self::Sqlite(Arc::new(tempfile::tempdir().expect("temp dir"))),
            Ok(other) => panic!("SCHRIEB_TEST_DB is sqlite or postgres, not {other:?}"),
        }
    }

    /// What `--db` would say.
    fn url(&self) -> String {
        match self {
            Self::Sqlite(dir) => dir.path().join("schrieb.db").to_str().expect("utf-8 path").to_owned(),
            Self::Postgres(url) | Self::Given(url) => url.clone(),
        }
    }
}

/// The test run's PostgreSQL server (`SCHRIEB_TEST_POSTGRES`).
pub fn postgres_server() -> String {
    std::env::var("SCHRIEB_TEST_POSTGRES").expect(
        "the store's tests run against a real PostgreSQL: `cargo xtask test` starts one and names it in \
         SCHRIEB_TEST_POSTGRES (or run `cargo xtask postgres`, or set it to a server's URL, \
         postgres://USER@HOST:PORT, whose user may create databases)",
    )
}

/// A fresh, empty PostgreSQL database on the test run's server (`SCHRIEB_TEST_POSTGRES`, which
/// `cargo xtask test` sets to a cluster it started): a pool to it and its name.
pub async fn postgres_database() -> (sqlx::PgPool, String) {
    static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let server = postgres_server();
    let name =
        format!("schrieb_test_{}_{}", std::process::id(), MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    let admin = sqlx::PgPool::connect(&format!("{server}/postgres")).await.expect("the test server answers");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.expect("a test database is made");
    admin.close().await;
    let pool = sqlx::PgPool::connect(&format!("{server}/{name}")).await.expect("the test database opens");
    (pool, name)
}
