//! schrieb's server: the HTTP API over the database, and the web app's files.
//!
//! [`app`] builds the whole router from an [`AppState`]; `main` only reads the configuration
//! and serves it. Integration tests call [`app`] the same way.

pub mod address;
pub mod answers;
pub mod auth;
pub mod bell;
pub mod config;
pub mod db;
pub mod demo;
pub mod diff;
pub mod domain;
pub mod embed;
pub mod error;
pub mod events;
pub mod feeds;
pub mod limits;
pub mod live;
pub mod logging;
pub mod mail;
pub mod metrics;
pub mod page_html;
pub mod portable;
pub mod previews;
pub mod routes;
pub mod settings;
pub mod shutdown;
pub mod synthetic;
pub mod webhooks;
pub mod wording;

use std::sync::Arc;

use axum::Router;
use axum::extract::MatchedPath;
use axum::http::Request;
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use routes::{AssetError, Assets};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The data layer.
    pub repository: Arc<dyn db::Repository>,
    /// How the server runs.
    pub settings: Arc<settings::Settings>,
    /// The rate limits.
    pub limits: Arc<limits::Limits>,
    /// Thread pages as anonymous readers get them, ready to send.
    pub answers: Arc<answers::AnswerCache>,
    /// This server's place in the event log, which keeps `answers` true and feeds `live`.
    pub feed: Arc<events::Feed>,
    /// The threads read live here, and their readers.
    pub live: Arc<live::LiveHub>,
    /// The moderation checks, with each site's compiled word lists.
    pub checks: Arc<domain::moderation::pipeline::Checks>,
    /// The mail queue's sender.
    pub mailer: Arc<mail::Mailer>,
    /// The webhook sender.
    pub webhooks: Arc<webhooks::Webhooks>,
    /// The link preview maker.
    pub previews: Arc<previews::Previews>,
    /// The readers whose bell follows their unread count live here.
    pub bell: Arc<bell::BellHub>,
    /// Requests counted and timed, for `/metrics`.
    pub metrics: Arc<metrics::Metrics>,
    /// Whether the server takes new traffic, for `/readyz`: off once it shuts down.
    pub readiness: Arc<shutdown::Readiness>,
}

/// What the answer cache may hold, all encodings counted: some thousand hot thread pages.
const ANSWER_CACHE_BYTES: usize = 64 << 20;

impl AppState {
    /// State over `repository` with `settings`, fresh rate limits and an empty answer cache,
    /// following the event log from its newest event.
    pub async fn new(repository: Arc<dyn db::Repository>, settings: settings::Settings) -> Result<Self, db::DbError> {
        // Shared where several servers share the store, else in this server's memory.
        let limits = Arc::new(match repository.shared_limits() {
            Some(shared) => limits::Limits::shared(settings.rate_limits, shared),
            None => limits::Limits::new(settings.rate_limits),
        });
        let last = repository.last_event().await?;
        let answers = Arc::new(answers::AnswerCache::new(ANSWER_CACHE_BYTES, last));
        let live = Arc::new(live::LiveHub::default());
        let feed = Arc::new(events::Feed::new(last, answers.clone(), live.clone()));
        let checks = Arc::new(domain::moderation::pipeline::Checks::default());
        let mailer = Arc::new(mail::Mailer::new(Arc::new(mail::LogTransport), mail::MailConfig::default()));
        let webhooks = Arc::new(webhooks::Webhooks::new(settings.webhooks_allow_private));
        let previews = Arc::new(previews::Previews::new(settings.link_previews.clone()));
        let bell = Arc::default();
        let settings = Arc::new(settings);
        let (metrics, readiness) = (Arc::default(), Arc::default());
        Ok(Self {
            repository,
            settings,
            limits,
            answers,
            feed,
            live,
            checks,
            mailer,
            webhooks,
            previews,
            bell,
            metrics,
            readiness,
        })
    }

    /// The state with `mailer` sending its mails.
    pub fn with_mailer(self, mailer: mail::Mailer) -> Self {
        Self { mailer: Arc::new(mailer), ..self }
    }

    /// Sends mails (and mails notifications) and delivers webhooks, for as long as the server
    /// runs; links in them point to the public origin, else to `origin` (where this server
    /// listens).
    pub fn send_outgoing(&self, origin: &str) {
        let origin = self.settings.public_origin.as_deref().unwrap_or(origin).trim_end_matches('/').to_owned();
        self.mailer.clone().run(self.repository.clone(), origin.clone());
        self.webhooks.clone().run(self.repository.clone(), origin.clone());
        self.previews.clone().run(self.repository.clone(), origin);
    }

    /// Follows the event log for changes made through other servers, and the unread counts
    /// of the readers whose bell is live here, for as long as the server runs.
    pub fn follow_events(&self) {
        self.feed.clone().follow(self.repository.clone(), self.settings.follow_besides_notices);
        self.bell.clone().follow(self.repository.clone());
    }
}

/// How often a server looks for bulk decisions whose server died.
const JOB_TAKEOVER_EVERY: std::time::Duration = std::time::Duration::from_secs(15);

impl AppState {
    /// Carries on, for as long as the server runs, the bulk decisions whose server died (its
    /// claim ran out): several servers never take the same job.
    pub fn carry_on_jobs(&self) {
        let repository = self.repository.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(JOB_TAKEOVER_EVERY);
            loop {
                every.tick().await;
                loop {
                    match domain::moderation::jobs::take_over(repository.as_ref(), chrono::Utc::now()).await {
                        Ok(Some(run)) => {
                            tracing::info!(job = run.job().0, "carrying on a bulk decision whose server stopped");
                            let repository = repository.clone();
                            tokio::spawn(async move { run.run(repository.as_ref()).await });
                        }
                        Ok(None) => break,
                        Err(error) => {
                            tracing::error!(%error, "looking for bulk decisions to carry on failed");
                            break;
                        }
                    }
                }
            }
        });
    }
}

/// The origin readers reach this server at, for links in mails: the configured public origin,
/// or the `Host` the request was sent to.
pub fn origin_of(headers: &axum::http::HeaderMap, settings: &settings::Settings) -> String {
    if let Some(origin) = &settings.public_origin {
        return origin.trim_end_matches('/').to_owned();
    }
    let host = headers.get(axum::http::header::HOST).and_then(|value| value.to_str().ok()).unwrap_or("localhost");
    format!("http://{host}")
}

/// The application: API, health, OpenAPI document and (when built) the web app, with tracing
/// and response compression.
pub fn app(state: AppState, assets: Option<Assets>) -> Router {
    let metrics = state.metrics.clone();
    routes::router(state, assets)
        // JSON answers are compressed on the fly; the app's files are precompressed on disk.
        .layer(CompressionLayer::new().br(true).gzip(true))
        // A panicking handler answers 500 in the shared shape instead of dropping the connection.
        .layer(CatchPanicLayer::custom(panic_response))
        // Outside the panic catcher, so that a panic counts as the 500 it answers.
        .layer(axum::middleware::from_fn_with_state(metrics, metrics::track))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<_>| {
                    let matched = request.extensions().get::<MatchedPath>().map(MatchedPath::as_str);
                    tracing::info_span!("request", method = %request.method(), path = matched.unwrap_or("(unmatched)"))
                })
                // A 5xx is a warning here: an internal error is logged at ERROR where it happens
                // (with what went wrong), and `/readyz`'s 503 during every shutdown is expected.
                .on_failure(tower_http::trace::DefaultOnFailure::new().level(tracing::Level::WARN)),
        )
}

fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = detail, "a request handler panicked");
    error::AppError::Internal.into_response()
}

/// Serves `app` on `listener` until `shutdown` completes; in-flight requests finish first.
/// Each request knows its peer's address (for rate limits).
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    // Answers go out as soon as they are written: without this, the kernel holds the tail of a
    // page back until the reader acknowledges its head (Nagle's algorithm).
    let listener = listener.tap_io(|stream| {
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "TCP_NODELAY refused");
        }
    });
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

/// Forgets recovered rate-limit keys once a minute, for as long as the server runs.
pub fn prune_limits_periodically(limits: Arc<limits::Limits>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            limits.prune().await;
        }
    });
}
