//! Live threads' and notifications' budgets: 10,000 event streams open on one thread at once,
//! the server's memory per stream, and the time from a comment's `POST` being answered to its
//! event at every stream (`e2e/bench/live.mjs`); and the fan-out of a comment that notifies
//! fourteen people, beside a plain one (`e2e/bench/notify.mjs`).

use crate::server::{Build, RunningServer, Thread, build_server};
use crate::shell::{cmd, run};
use crate::tools;

/// The thread the streams follow, and the fan-out's comments are posted to.
const SLUG: &str = "bench-live";

/// The thread the comments the fan-out quotes are in: their authors do not follow [`SLUG`].
const SOURCES: &str = "bench-live-sources";

/// Streams open at once.
const SUBSCRIBERS: &str = "10000";

/// Runs the live threads' load against `server` (which has the thread [`SLUG`]).
pub fn subscribers(server: &RunningServer) -> anyhow::Result<()> {
    let cookie = crate::bench_writes::accounts(server, "live", 1)?.remove(0);
    run(cmd("node")
        .arg("e2e/bench/live.mjs")
        .env("SCHRIEB_URL", &server.url)
        .env("SCHRIEB_PID", server.pid().to_string())
        .env("SCHRIEB_COOKIE", cookie)
        .env("SCHRIEB_SLUG", SLUG)
        .env("SUBSCRIBERS", SUBSCRIBERS))
}

/// Posts comments that quote four people and mention ten beside plain ones, and prints what
/// the notifications add to the `POST`.
pub fn notification_fanout(server: &RunningServer) -> anyhow::Result<()> {
    let cookies = crate::bench_writes::accounts(server, "notify", 15)?;
    let people: Vec<serde_json::Value> = cookies
        .into_iter()
        .enumerate()
        .map(|(n, cookie)| serde_json::json!({ "name": format!("notify {n}"), "cookie": cookie }))
        .collect();
    run(cmd("node")
        .arg("e2e/bench/notify.mjs")
        .env("SCHRIEB_URL", &server.url)
        .env("SCHRIEB_SLUG", SLUG)
        .env("SCHRIEB_SOURCES", SOURCES)
        .env("SCHRIEB_PEOPLE", serde_json::to_string(&people)?))
}

/// The threads the bench's server needs for [`subscribers`] and [`notification_fanout`].
pub fn threads() -> [(&'static str, Thread); 2] {
    [(SLUG, Thread::Generated(20)), (SOURCES, Thread::Generated(0))]
}

/// Only the live threads' budgets (`cargo xtask bench --live`).
pub fn live_only() -> anyhow::Result<()> {
    build_server()?;
    tools::ensure_e2e_packages()?;
    let server = RunningServer::start_with(Build::Release, &threads(), true)?;
    notification_fanout(&server)?;
    subscribers(&server)
}
