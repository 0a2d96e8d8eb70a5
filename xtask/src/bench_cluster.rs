//! Many servers' budgets, measured in one run and read as ratios to one server on SQLite:
//! thread-page reads (wrk, anonymous ones from the server's kept answers and logged-in ones
//! from the store) and comment writes (clients posting as fast as answered) for one server on
//! SQLite, one on PostgreSQL (directly and through HAProxy, which tells the balancer's hop from
//! the database's cost) and three on PostgreSQL behind HAProxy; and how long a comment's event
//! takes to reach readers on the other servers (`bench_cluster/delivery.rs`).
//!
//! Every server, wrk and the writing clients share this machine's cores: three servers on two
//! cores do not add capacity, they divide it. The ratios say what one more process and one
//! more hop cost here; they are no forecast for three machines.

mod delivery;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::bench::{CONNECTIONS, DURATION, Load, load};
use crate::cluster::api::{self, Attempt};
use crate::cluster::{Cluster, add_account};
use crate::postgres::TestPostgres;
use crate::server::{Build, RunningServer, Thread, build_server};

/// The thread whose first page is read.
const READ_SLUG: &str = "cluster-lesen";
/// The thread the writers post to.
const WRITE_SLUG: &str = "cluster-schreiben";
const PASSWORD: &str = "cluster-passwort-123";
/// Clients posting at once, each as an account of its own.
const WRITERS: usize = 16;
/// How long they post.
const WRITE_TIME: Duration = Duration::from_secs(10);

/// Setups measured so far.
static SETUPS: AtomicUsize = AtomicUsize::new(0);

/// One setup's figures.
struct Row {
    label: &'static str,
    anonymous: Load,
    logged_in: Load,
    writes: Writes,
}

/// What the writers did.
struct Writes {
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
}

/// `cargo xtask bench --cluster`: this section alone.
pub fn alone() -> anyhow::Result<()> {
    build_server()?;
    crate::bench::ensure_wrk()?;
    run()
}

/// Measures every setup on a PostgreSQL cluster of its own and prints the table.
pub fn run() -> anyhow::Result<()> {
    let postgres = TestPostgres::start()?;
    let threads = || {
        [
            (READ_SLUG, Thread::Generated(1000)),
            (WRITE_SLUG, Thread::Generated(0)),
            (delivery::SLUG, Thread::Generated(0)),
        ]
    };
    let mut rows = Vec::new();
    {
        let server = RunningServer::start_with(Build::Release, &threads(), true)?;
        let db = server.db.to_string_lossy().into_owned();
        rows.push(measure("SQLite, 1 server", &server.url, &db)?);
    }
    {
        let cluster = Cluster::start(Build::Release, 1, &postgres.url, &threads())?;
        let measured = measure("PostgreSQL, 1 server", cluster.server(0), &cluster.db)
            .and_then(|direct| Ok([direct, measure("PostgreSQL, 1 behind HAProxy", &cluster.url, &cluster.db)?]));
        rows.extend(cluster.or_print_logs(measured)?);
    }
    let cluster = Cluster::start(Build::Release, 3, &postgres.url, &threads())?;
    let measured = measure("PostgreSQL, 3 behind HAProxy", &cluster.url, &cluster.db);
    rows.push(cluster.or_print_logs(measured)?);
    print_table(&rows);
    let delivered = delivery::measure(&cluster);
    cluster.or_print_logs(delivered)
}

/// Reads and writes at `url`, whose database is `db`.
fn measure(label: &'static str, url: &str, db: &str) -> anyhow::Result<Row> {
    eprintln!("==> {label}: {url}");
    let http = api::client(Duration::from_secs(30))?;
    // Two setups may share a database: each makes accounts of its own.
    let setup = SETUPS.fetch_add(1, Ordering::Relaxed);
    let mut cookies = Vec::new();
    for n in 0..WRITERS {
        let email = format!("setup{setup}-{n}@example.org");
        add_account(Build::Release, db, &format!("Bench {setup}-{n}"), &email, PASSWORD)?;
        cookies.push(api::login(&http, url, &email, PASSWORD)?);
    }
    let page = format!("{url}/api/v1/articles/{READ_SLUG}/comments?page=1");
    let cookie_header = format!("Cookie: {}", cookies[0]);
    // Warm-ups: a kept answer, a warm pool, a warm page cache.
    load(&page, "2s", &[])?;
    let anonymous = load(&page, DURATION, &[])?;
    load(&page, "2s", &[&cookie_header])?;
    let logged_in = load(&page, DURATION, &[&cookie_header])?;
    let writes = write_load(&http, url, &cookies)?;
    Ok(Row { label, anonymous, logged_in, writes })
}

/// [`WRITERS`] clients posting to [`WRITE_SLUG`] at `url` for [`WRITE_TIME`], each waiting for
/// its answer before the next post (with an idempotency key, as the app sends them); fails
/// unless every post was acknowledged and the thread grew by exactly as many comments.
fn write_load(http: &reqwest::blocking::Client, url: &str, cookies: &[String]) -> anyhow::Result<Writes> {
    let total = |http| -> anyhow::Result<u64> {
        api::thread_page(http, url, WRITE_SLUG, 1, Some(&cookies[0]))?["total"].as_u64().context("the thread's total")
    };
    let before = total(http)?;
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let writers: Vec<_> = cookies
        .iter()
        .enumerate()
        .map(|(writer, cookie)| {
            let (url, cookie, stop) = (url.to_owned(), cookie.clone(), stop.clone());
            std::thread::spawn(move || post_until(&url, &cookie, writer, &stop))
        })
        .collect();
    std::thread::sleep(WRITE_TIME);
    stop.store(true, Ordering::Relaxed);
    let mut latencies = Vec::new();
    for writer in writers {
        latencies.extend(writer.join().map_err(|_| anyhow::anyhow!("a writer panicked"))??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let grown = total(http)? - before;
    if grown != latencies.len() as u64 {
        bail!("{} posts were acknowledged, the thread grew by {grown}", latencies.len());
    }
    latencies.sort_by(f64::total_cmp);
    Ok(Writes {
        per_second: latencies.len() as f64 / elapsed,
        p50_ms: percentile(&latencies, 50),
        p99_ms: percentile(&latencies, 99),
    })
}

/// Posts until `stop`; returns each post's latency in milliseconds.
fn post_until(url: &str, cookie: &str, writer: usize, stop: &AtomicBool) -> anyhow::Result<Vec<f64>> {
    let http = api::client(Duration::from_secs(30))?;
    let run = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis();
    let mut latencies = Vec::new();
    for n in 0.. {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let body =
            format!("Lastprobe {run}-{writer}-{n}: ein Kommentar mit *etwas* Text, damit er nach einem aussieht.");
        let sent = Instant::now();
        match api::post_comment(&http, url, WRITE_SLUG, cookie, &body, &format!("bench-{run}-{writer}-{n}"))? {
            Attempt::Acknowledged(_) => latencies.push(sent.elapsed().as_secs_f64() * 1000.0),
            Attempt::Unsettled(why) => bail!("a post went unanswered: {why}"),
        }
    }
    Ok(latencies)
}

/// The `percent`th percentile of `sorted` (nearest rank).
pub fn percentile(sorted: &[f64], percent: usize) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[(sorted.len() * percent).div_ceil(100).max(1) - 1]
}

fn print_table(rows: &[Row]) {
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    println!(
        "\nmany servers, one run on {cores} cores shared by servers, HAProxy and clients \
         (reads: wrk -t2, {CONNECTIONS} connections, {DURATION}; writes: {WRITERS} clients, {} s; \
         ratios to SQLite, 1 server):",
        WRITE_TIME.as_secs()
    );
    println!(
        "{:<30} {:>16} {:>8} {:>16} {:>8} {:>11} {:>6} {:>12}",
        "setup", "anonymous r/s", "p99 ms", "logged in r/s", "p99 ms", "comments/s", "p50", "p99 ms"
    );
    let Some(base) = rows.first() else { return };
    for row in rows {
        let ratio = |ours: f64, theirs: f64| format!("{ours:.0} ({:.2}x)", ours / theirs);
        println!(
            "{:<30} {:>16} {:>8.2} {:>16} {:>8.2} {:>11} {:>6.1} {:>12.1}",
            row.label,
            ratio(row.anonymous.requests_per_second, base.anonymous.requests_per_second),
            row.anonymous.p99_ms,
            ratio(row.logged_in.requests_per_second, base.logged_in.requests_per_second),
            row.logged_in.p99_ms,
            ratio(row.writes.per_second, base.writes.per_second),
            row.writes.p50_ms,
            row.writes.p99_ms,
        );
    }
}
