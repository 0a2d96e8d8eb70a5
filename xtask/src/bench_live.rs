//! Live threads' budgets: 10,000 event streams open on one thread at once, the server's
//! memory per stream, and the time from a comment's `POST` being answered to its event at
//! every stream (`e2e/bench/live.mjs`).

use crate::server::{Build, RunningServer, Thread, build_server};
use crate::shell::{cmd, run};
use crate::tools;

/// The thread the streams follow.
const SLUG: &str = "bench-live";

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

/// The thread the bench's server needs for [`subscribers`].
pub fn thread() -> (&'static str, Thread) {
    (SLUG, Thread::Generated(20))
}

/// Only the live threads' budgets (`cargo xtask bench --live`).
pub fn live_only() -> anyhow::Result<()> {
    build_server()?;
    tools::ensure_e2e_packages()?;
    let server = RunningServer::start_with(Build::Release, &[thread()], true)?;
    subscribers(&server)
}
