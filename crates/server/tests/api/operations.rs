//! Running the server behind a load balancer: `/metrics` counts requests by route template and
//! reads the pools, streams and queues; `/healthz` reports the database; `/readyz` turns 503
//! when shutdown begins while everything else is still served; the real binary drains on
//! SIGTERM and logs JSON with `--log-format json`.

use std::sync::Arc;

use schrieb_api::paths::{Endpoint, api};
use schrieb_api::{ApiError, ErrorKind};
use schrieb_server::metrics::MetricsToken;
use schrieb_server::settings::Settings;

use crate::helpers::{TestApp, slug, thread_page_path};

const DEMO_SLUG: &str = "pergola-lizenzwechsel";

/// `GET /metrics` as Prometheus scrapes it: its status and text.
async fn scrape(app: &TestApp, token: Option<&str>) -> (u16, String, String) {
    let mut request = app.client_raw().get(format!("{}{}", app.address, Endpoint::Metrics.template()));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
    (status, content_type.unwrap_or_default(), response.text().await.expect("a body"))
}

/// The value of the sample written exactly `series` (name and labels), if there is one.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_time_them() {
    let app = TestApp::with_demo().await;
    let thread = thread_page_path(DEMO_SLUG, "1");
    for _ in 0..2 {
        assert_eq!(app.get(&thread).await.status().as_u16(), 200);
    }
    assert_eq!(app.get(&api::article_comments(&slug("no-such-article"))).await.status().as_u16(), 404);

    let (status, content_type, text) = scrape(&app, None).await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/plain"), "{content_type}");
    let route = r#"method="GET",route="/api/v1/articles/{slug}/comments""#;
    assert_eq!(sample(&text, &format!(r#"schrieb_http_requests_total{{{route},status="200"}}"#)), Some(2.0), "{text}");
    assert_eq!(sample(&text, &format!(r#"schrieb_http_requests_total{{{route},status="404"}}"#)), Some(1.0));
    assert!(text.contains("# TYPE schrieb_http_request_duration_seconds histogram"));
    assert_eq!(sample(&text, &format!("schrieb_http_request_duration_seconds_count{{{route}}}")), Some(3.0));
    assert_eq!(
        sample(&text, &format!(r#"schrieb_http_request_duration_seconds_bucket{{{route},le="+Inf"}}"#)),
        Some(3.0)
    );
    // The template, never the path: each slug would be a series of its own.
    assert!(!text.contains(DEMO_SLUG) && !text.contains("no-such-article"), "{text}");
}

#[tokio::test]
async fn metrics_read_the_pools_streams_and_queues_when_scraped() {
    let app = TestApp::with_demo().await;
    let pool = app.sql().await;
    // Due in a day, so that no sender takes it before the scrape; and one given up on.
    let later = (chrono::Utc::now() + chrono::Duration::days(1)).timestamp_millis();
    for (status, next_attempt) in [("queued", later), ("failed", 0)] {
        sqlx::query(&format!(
            "INSERT INTO outbox (to_address, subject, body, created_at, status, next_attempt_at) \
             VALUES ('queue@example.org', 'Betreff', 'Text', 0, '{status}', {next_attempt})"
        ))
        .execute(&pool)
        .await
        .expect("a mail is queued");
    }
    let events = format!("{}/events", api::article(&slug(DEMO_SLUG)));
    let stream = app.get(&events).await;
    assert_eq!(stream.status().as_u16(), 200);

    let (_, _, text) = scrape(&app, None).await;
    assert_eq!(sample(&text, r#"schrieb_queue_depth{queue="mail"}"#), Some(1.0), "{text}");
    assert_eq!(sample(&text, "schrieb_mails_failed"), Some(1.0));
    for queue in ["notification_mail", "webhook_delivery", "moderation_job_running", "moderation_job_waiting"] {
        assert!(sample(&text, &format!(r#"schrieb_queue_depth{{queue="{queue}"}}"#)).is_some(), "{queue}: {text}");
    }
    assert_eq!(sample(&text, r#"schrieb_event_subscribers{stream="thread"}"#), Some(1.0));
    assert_eq!(sample(&text, r#"schrieb_event_subscribers{stream="bell"}"#), Some(0.0));
    assert_eq!(sample(&text, "schrieb_db_up"), Some(1.0));
    assert_eq!(sample(&text, "schrieb_ready"), Some(1.0));
    // SQLite has a pool of readers and one writer; PostgreSQL one pool of 16.
    let pools: &[(&str, f64)] = match std::env::var("SCHRIEB_TEST_DB").as_deref() {
        Ok("postgres") => &[("main", 16.0)],
        _ => &[("reader", 8.0), ("writer", 1.0)],
    };
    for &(pool, max) in pools {
        assert_eq!(sample(&text, &format!(r#"schrieb_db_pool_max_connections{{pool="{pool}"}}"#)), Some(max));
        let open = sample(&text, &format!(r#"schrieb_db_pool_connections{{pool="{pool}"}}"#)).expect("open");
        let idle = sample(&text, &format!(r#"schrieb_db_pool_idle_connections{{pool="{pool}"}}"#)).expect("idle");
        assert!(open >= 1.0 && idle <= open && open <= max, "{pool}: {open} open, {idle} idle");
    }
    drop(stream);
}

#[tokio::test]
async fn metrics_ask_for_the_token_when_the_server_has_one() {
    let token = MetricsToken::new("zaehl-geheimnis");
    let app = TestApp::with_settings(Settings { metrics_token: token, ..Settings::default() }).await;
    for wrong in [None, Some("falsch")] {
        let (status, content_type, text) = scrape(&app, wrong).await;
        assert_eq!(status, 401, "{wrong:?}");
        assert!(content_type.starts_with("application/json"));
        let error: ApiError = serde_json::from_str(&text).expect("the shared error shape");
        assert_eq!(error.error, ErrorKind::Unauthorized);
    }
    let (status, _, text) = scrape(&app, Some("zaehl-geheimnis")).await;
    assert_eq!(status, 200);
    assert!(text.contains("schrieb_http_requests_total"), "{text}");
}

#[tokio::test]
async fn readiness_turns_off_at_shutdown_while_the_rest_is_served() {
    let app = TestApp::with_demo().await;
    let ready = app.get(Endpoint::Ready.template()).await;
    assert_eq!(ready.status().as_u16(), 200);
    assert_eq!(ready.text().await.unwrap(), "ready");

    app.state.readiness.shutting_down();
    let answer = app.error(Endpoint::Ready.template()).await;
    assert_eq!((answer.status, answer.body.error), (503, ErrorKind::Internal));
    let health = app.get(Endpoint::Health.template()).await;
    assert_eq!(health.status().as_u16(), 200);
    assert_eq!(app.comment_page(DEMO_SLUG, "1").await.page, 1);
    let (_, _, text) = scrape(&app, None).await;
    assert_eq!(sample(&text, "schrieb_ready"), Some(0.0));
}

#[tokio::test]
async fn health_reports_whether_the_database_answers() {
    let store = closable::Store::fresh().await;
    let state = schrieb_server::AppState::new(store.repository(), Settings::default()).await.expect("state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("free port");
    let address = format!("http://{}{}", listener.local_addr().unwrap(), Endpoint::Health.template());
    tokio::spawn(schrieb_server::serve(listener, schrieb_server::app(state, None), std::future::pending()));

    let up = reqwest::get(&address).await.expect("answered");
    assert_eq!(up.status().as_u16(), 200);
    assert_eq!(up.text().await.unwrap(), "ok");

    store.close().await;
    let down = reqwest::get(&address).await.expect("answered");
    assert_eq!(down.status().as_u16(), 503);
    let error: ApiError = down.json().await.expect("the shared error shape");
    assert_eq!(error.error, ErrorKind::Internal);
    assert!(error.message.contains("database"), "{}", error.message);
}

/// A store of the run's engine whose connections the test can close: how a database that went
/// away looks to the server.
mod closable {
    use super::Arc;
    use schrieb_server::db::Repository;
    use schrieb_server::db::postgres::PgRepository;
    use schrieb_server::db::sqlite::SqliteRepository;

    pub enum Store {
        /// The store and the folder it lives in, removed when dropped.
        Sqlite(SqliteRepository, #[allow(dead_code, reason = "kept for its Drop")] tempfile::TempDir),
        Postgres(PgRepository),
    }

    impl Store {
        pub async fn fresh() -> Self {
            if std::env::var("SCHRIEB_TEST_DB").as_deref() == Ok("postgres") {
                let (pool, name) = crate::helpers::postgres_database().await;
                pool.close().await;
                let server = std::env::var("SCHRIEB_TEST_POSTGRES").expect("the test run's PostgreSQL");
                Self::Postgres(PgRepository::connect(&format!("{server}/{name}")).await.expect("opens"))
            } else {
                let dir = tempfile::tempdir().expect("temp dir");
                let path = dir.path().join("schrieb.db");
                Self::Sqlite(SqliteRepository::connect(path.to_str().unwrap()).await.expect("opens"), dir)
            }
        }

        pub fn repository(&self) -> Arc<dyn Repository> {
            match self {
                Self::Sqlite(store, _) => Arc::new(store.clone()),
                Self::Postgres(store) => Arc::new(store.clone()),
            }
        }

        pub async fn close(&self) {
            match self {
                Self::Sqlite(store, _) => store.pool().close().await,
                Self::Postgres(store) => store.pool().close().await,
            }
        }
    }
}

/// The real binary, stopped as an orchestrator stops it.
#[cfg(unix)]
mod binary {
    use std::io::{BufRead, BufReader};
    use std::process::{Child, Command, Stdio};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    use schrieb_api::paths::{Endpoint, api};

    use super::DEMO_SLUG;
    use crate::helpers::slug;

    const SERVER: &str = env!("CARGO_BIN_EXE_schrieb-server");

    /// The server with the demo content, a JSON log and a grace period of `grace` seconds:
    /// it, its address and its standard output's lines as they come.
    fn start(dir: &std::path::Path, grace: u64) -> (Child, String, mpsc::Receiver<String>) {
        let mut child = Command::new(SERVER)
            .args(["serve", "--addr", "127.0.0.1:0", "--demo", "--log-format", "json"])
            .args(["--shutdown-grace-seconds", &grace.to_string()])
            .arg("--db")
            .arg(dir.join("schrieb.db"))
            .arg("--dist")
            .arg(dir.join("no-app"))
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let (lines, received) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    return;
                }
            }
        });
        let listening = received
            .iter()
            .find_map(|line| {
                line.strip_prefix("schrieb is listening on ").map(|url| url.trim_end_matches('/').to_owned())
            })
            .expect("the server says where it listens");
        (child, listening, received)
    }

    /// Waits until `child` exits, at most `limit`.
    async fn exit_of(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait().expect("the child is there") {
                return status;
            }
            assert!(started.elapsed() < limit, "the server did not stop within {limit:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    #[tokio::test]
    async fn sigterm_turns_readiness_off_serves_through_the_grace_then_drains() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut child, address, lines) = start(dir.path(), 3);
        let client = reqwest::Client::new();
        let get = |path: &str| client.get(format!("{address}{path}")).send();
        assert_eq!(get(Endpoint::Ready.template()).await.unwrap().status().as_u16(), 200);
        let events = format!("{}/events", api::article(&slug(DEMO_SLUG)));
        let mut stream = get(&events).await.unwrap();
        assert_eq!(stream.status().as_u16(), 200);

        let terminated = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill runs");
        assert!(terminated.success());
        // At once (well inside the grace period), `/readyz` turns 503 ...
        let started = Instant::now();
        while get(Endpoint::Ready.template()).await.unwrap().status().as_u16() != 503 {
            assert!(started.elapsed() < Duration::from_secs(2), "/readyz still answers 200");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // ... while everything else is served as before.
        assert_eq!(get(Endpoint::Health.template()).await.unwrap().status().as_u16(), 200);
        assert_eq!(get(&format!("{}?page=1", api::article_comments(&slug(DEMO_SLUG)))).await.unwrap().status(), 200);

        // After the grace the live stream is ended, and the server stops cleanly.
        let ended = tokio::time::timeout(Duration::from_secs(20), async {
            while stream.chunk().await.expect("the stream ends cleanly").is_some() {}
        });
        ended.await.expect("the live stream ends after the grace period");
        assert!(exit_of(&mut child, Duration::from_secs(20)).await.success());

        let said: Vec<String> = lines.try_iter().collect();
        assert!(said.iter().any(|line| line == "schrieb stopped"), "{said:?}");
        let log: Vec<serde_json::Value> = said
            .iter()
            .filter(|line| *line != "schrieb stopped")
            .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not a JSON log line: {line}")))
            .collect();
        let shutting_down = log
            .iter()
            .find(|entry| entry["message"].as_str().is_some_and(|message| message.starts_with("shutting down")))
            .expect("the shutdown is logged");
        assert_eq!(shutting_down["level"], "INFO");
        assert_eq!(shutting_down["grace_seconds"], 3.0);
        assert!(shutting_down["timestamp"].is_string() && shutting_down["target"].is_string());
    }
}
