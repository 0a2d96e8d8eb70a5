//! `GET /metrics`: what this server does, in Prometheus' text format. Requests are counted as
//! they are answered (the [`track`] middleware); the database pools, the live readers and the
//! queues are read when Prometheus asks ([`scrape`]), so no task polls them in between.
//!
//! Each server has its own recorder, none is installed process-wide: the API tests run many
//! servers in one process, and each counts only its own requests.

use std::sync::{Arc, Weak};
use std::time::Duration;

use metrics::{Key, KeyName, Label, Metadata, Recorder, SharedString, Unit};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle, PrometheusRecorder};

use crate::AppState;
use crate::db::QueueDepths;

mod token;
mod track;

pub use token::MetricsToken;
pub use track::track;

/// Requests answered, by method, route template and status.
pub const REQUESTS: &str = "schrieb_http_requests_total";
/// Seconds until a request's answer head was ready, by method and route template.
pub const DURATION: &str = "schrieb_http_request_duration_seconds";
/// Requests being handled now.
pub const IN_FLIGHT: &str = "schrieb_http_requests_in_flight";
/// A connection pool's open connections, by pool.
pub const POOL_SIZE: &str = "schrieb_db_pool_connections";
/// A connection pool's idle connections, by pool.
pub const POOL_IDLE: &str = "schrieb_db_pool_idle_connections";
/// The most connections a pool opens, by pool.
pub const POOL_MAX: &str = "schrieb_db_pool_max_connections";
/// Whether the database answered this scrape's query.
pub const DB_UP: &str = "schrieb_db_up";
/// Readers with a live stream open here, by stream (`thread`, `bell`).
pub const SUBSCRIBERS: &str = "schrieb_event_subscribers";
/// Work waiting in the database, by queue.
pub const QUEUE_DEPTH: &str = "schrieb_queue_depth";
/// Mails given up on.
pub const MAILS_FAILED: &str = "schrieb_mails_failed";
/// Whether this server takes new traffic (`/readyz`).
pub const READY: &str = "schrieb_ready";

/// The latency buckets, in seconds: a cached thread page takes a millisecond, a login's
/// password hash a good part of a second.
const LATENCY_BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

/// How long a scrape waits for the database before it answers without the queues.
const DB_WAIT: Duration = Duration::from_secs(3);

/// How often histogram samples are folded into their buckets when nobody scrapes: until then
/// the recorder keeps each sample.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

const METADATA: Metadata<'static> = Metadata::new(module_path!(), metrics::Level::INFO, Some(module_path!()));

/// This server's metrics.
pub struct Metrics {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let recorder = match PrometheusBuilder::new().set_buckets(&LATENCY_BUCKETS) {
            Ok(builder) => builder.build_recorder(),
            // Only empty buckets are refused; ours are not. Summaries would still do.
            Err(error) => {
                tracing::error!(%error, "latency buckets refused: reporting summaries");
                PrometheusBuilder::new().build_recorder()
            }
        };
        let handle = recorder.handle();
        let metrics = Self { recorder, handle };
        metrics.describe();
        metrics
    }
}

impl Metrics {
    fn describe(&self) {
        let described = [
            (REQUESTS, None, "Requests answered, by method, route template and status"),
            (DURATION, Some(Unit::Seconds), "Seconds until a request's answer head was ready"),
            (IN_FLIGHT, None, "Requests being handled now"),
            (POOL_SIZE, None, "Open database connections, by pool"),
            (POOL_IDLE, None, "Idle database connections, by pool"),
            (POOL_MAX, None, "The most connections a pool opens"),
            (DB_UP, None, "1 when the database answered this scrape's query, else 0"),
            (SUBSCRIBERS, None, "Live streams open here: thread events and the bell's unread count"),
            (QUEUE_DEPTH, None, "Work waiting in the database, by queue"),
            (MAILS_FAILED, None, "Mails given up on"),
            (READY, None, "1 while the server takes new traffic, 0 once it shuts down"),
        ];
        for (name, unit, help) in described {
            let (name, help) = (KeyName::from_const_str(name), SharedString::const_str(help));
            match name.as_str() {
                REQUESTS => self.recorder.describe_counter(name, unit, help),
                DURATION => self.recorder.describe_histogram(name, unit, help),
                _ => self.recorder.describe_gauge(name, unit, help),
            }
        }
    }

    fn counter(&self, name: &'static str, labels: Vec<Label>) -> metrics::Counter {
        self.recorder.register_counter(&Key::from_parts(name, labels), &METADATA)
    }

    fn gauge(&self, name: &'static str, labels: Vec<Label>) -> metrics::Gauge {
        self.recorder.register_gauge(&Key::from_parts(name, labels), &METADATA)
    }

    fn histogram(&self, name: &'static str, labels: Vec<Label>) -> metrics::Histogram {
        self.recorder.register_histogram(&Key::from_parts(name, labels), &METADATA)
    }

    /// Folds histogram samples into their buckets every few seconds, for as long as these
    /// metrics are in use.
    pub fn upkeep_periodically(self: &Arc<Self>) {
        let metrics: Weak<Self> = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(UPKEEP_EVERY);
            loop {
                every.tick().await;
                let Some(metrics) = metrics.upgrade() else { return };
                metrics.handle.run_upkeep();
            }
        });
    }

    /// The text Prometheus reads, with the gauges set to `now`.
    pub fn render(&self, now: &Readings) -> String {
        for pool in &now.pools {
            let labels = || vec![Label::new("pool", pool.name)];
            self.gauge(POOL_SIZE, labels()).set(pool.size);
            self.gauge(POOL_IDLE, labels()).set(pool.idle);
            self.gauge(POOL_MAX, labels()).set(pool.max);
        }
        self.gauge(SUBSCRIBERS, vec![Label::new("stream", "thread")]).set(now.thread_readers as f64);
        self.gauge(SUBSCRIBERS, vec![Label::new("stream", "bell")]).set(now.bell_readers as f64);
        self.gauge(READY, vec![]).set(f64::from(u8::from(now.ready)));
        self.gauge(DB_UP, vec![]).set(f64::from(u8::from(now.queues.is_some())));
        // When the database does not answer, the queues keep the values last read: `schrieb_db_up`
        // says they are stale.
        if let Some(queues) = &now.queues {
            let depths = [
                ("mail", queues.mails_queued),
                ("notification_mail", queues.notifications_unmailed),
                ("webhook_delivery", queues.webhook_deliveries_pending),
                ("moderation_job_running", queues.moderation_jobs_running),
                ("moderation_job_waiting", queues.moderation_jobs_waiting),
            ];
            for (queue, depth) in depths {
                self.gauge(QUEUE_DEPTH, vec![Label::new("queue", queue)]).set(depth as f64);
            }
            self.gauge(MAILS_FAILED, vec![]).set(queues.mails_failed as f64);
        }
        self.handle.render()
    }
}

/// What a scrape reads besides the counters.
#[derive(Debug, Clone, Default)]
pub struct Readings {
    /// The database's connection pools.
    pub pools: Vec<crate::db::PoolStatus>,
    /// Readers of threads' live events.
    pub thread_readers: usize,
    /// Readers of the bell's live count.
    pub bell_readers: usize,
    /// Whether the server takes new traffic.
    pub ready: bool,
    /// The queues, unless the database did not answer in time.
    pub queues: Option<QueueDepths>,
}

/// Reads what `state` knows now and renders it with the counters.
pub async fn scrape(state: &AppState) -> String {
    let queues = match tokio::time::timeout(DB_WAIT, state.repository.queue_depths(chrono::Utc::now())).await {
        Ok(Ok(queues)) => Some(queues),
        Ok(Err(error)) => {
            tracing::warn!(%error, "reading the queue depths failed");
            None
        }
        Err(_) => {
            tracing::warn!("the database did not answer the queue depths in time");
            None
        }
    };
    let readings = Readings {
        pools: state.repository.pool_status(),
        thread_readers: state.live.readers(),
        bell_readers: state.bell.readers(),
        ready: state.readiness.is_ready(),
        queues,
    };
    state.metrics.render(&readings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_gauges_render_as_prometheus_text() {
        let metrics = Metrics::default();
        let labels = || vec![Label::new("method", "GET"), Label::new("route", "/api/v1/comments/{id}")];
        metrics.histogram(DURATION, labels()).record(0.003);
        let mut counted = labels();
        counted.push(Label::new("status", "200"));
        metrics.counter(REQUESTS, counted).increment(2);
        let readings = Readings {
            pools: vec![crate::db::PoolStatus { name: "main", size: 3, idle: 2, max: 16 }],
            thread_readers: 4,
            bell_readers: 1,
            ready: true,
            queues: Some(QueueDepths { mails_queued: 5, ..QueueDepths::default() }),
        };
        let text = metrics.render(&readings);
        for line in [
            "# TYPE schrieb_http_requests_total counter",
            "schrieb_http_requests_total{method=\"GET\",route=\"/api/v1/comments/{id}\",status=\"200\"} 2",
            "# TYPE schrieb_http_request_duration_seconds histogram",
            "schrieb_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/comments/{id}\",le=\"0.005\"} 1",
            "schrieb_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/comments/{id}\",le=\"0.0025\"} 0",
            "schrieb_db_pool_connections{pool=\"main\"} 3",
            "schrieb_db_pool_idle_connections{pool=\"main\"} 2",
            "schrieb_db_pool_max_connections{pool=\"main\"} 16",
            "schrieb_event_subscribers{stream=\"thread\"} 4",
            "schrieb_event_subscribers{stream=\"bell\"} 1",
            "schrieb_queue_depth{queue=\"mail\"} 5",
            "schrieb_queue_depth{queue=\"webhook_delivery\"} 0",
            "schrieb_db_up 1",
            "schrieb_ready 1",
        ] {
            assert!(text.lines().any(|got| got == line), "no line {line:?} in\n{text}");
        }
    }
}
