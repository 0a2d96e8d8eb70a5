//! `cargo xtask bench`: the budgets of the thread page, measured against the release build.
//!
//! - what the article page transfers (brotli, gzip, raw), and navigation → first comment
//!   visible in headless Chromium (median of 5): `e2e/bench/page.mjs`;
//! - parsing time of ordinary and pathological comment bodies at 10,000 and 100,000 bytes
//!   (criterion, `crates/markup/benches/parse.rs`): linear time shows as a ratio near 10;
//! - what the markup parser adds to the Wasm download (a probe module built with and without
//!   it), and parse + render of a 20-comment page in headless Chromium (`benches/render.rs`);
//! - what a login costs in password hashing, the server's memory idle, at its peak and after 64
//!   logins at once, and comments posted through the API by 64 connections at once, with
//!   every `201` checked against the rows stored;
//! - the thread API under 32 concurrent connections with wrk: requests/s and p99 for the
//!   first and the last page of a 10,000-comment thread and the last page of a 100,000-comment
//!   thread. Figures are printed side by side from one run, so their ratios hold even when the
//!   machine is noisy;
//! - 10,000 live event streams on one thread: memory per stream, and POST answered → event at
//!   every stream (`bench_live.rs`);
//! - a thread page with 20 link preview cards: the requests and bytes a reader pays for it
//!   (`e2e/bench/previews.mjs`);
//! - reads and writes on SQLite, on PostgreSQL with one server and with three behind HAProxy,
//!   as ratios to SQLite, and the p99 of an event's way to readers on other servers
//!   (`bench_cluster.rs`).

use anyhow::{Context, bail};

use crate::server::{Build, RunningServer, Thread, build_server};
use crate::shell::{cmd, is_root, root, run};
use crate::tools;

/// Concurrent connections for the API load.
pub const CONNECTIONS: &str = "32";
/// How long each load runs.
pub const DURATION: &str = "10s";

/// Runs every benchmark and prints a summary.
pub fn run_all() -> anyhow::Result<()> {
    markup_parse()?;
    crate::wasm_bench::parser_size()?;
    crate::wasm_bench::render_time()?;
    crate::size::report()?;
    build_server()?;
    tools::ensure_chromium()?;
    tools::ensure_e2e_packages()?;
    ensure_wrk()?;
    crate::bench_writes::password_cost()?;
    crate::bench_writes::login_burst_memory()?;
    // Before the big server below starts: its servers have the machine to themselves.
    crate::bench_cluster::run()?;
    let server = RunningServer::start_with(
        Build::Release,
        &[
            ("bench-10k", Thread::Generated(10_000)),
            ("bench-100k", Thread::Generated(100_000)),
            (crate::bench_writes::SLUG, Thread::Generated(0)),
            ("bench-previews", Thread::Generated(0)),
        ]
        .into_iter()
        .chain(crate::bench_live::threads())
        .collect::<Vec<_>>(),
        true,
    )?;

    run(cmd("node").arg("e2e/bench/page.mjs").env("SCHRIEB_URL", &server.url))?;
    run(cmd("node")
        .arg("e2e/bench/embed.mjs")
        .env("SCHRIEB_URL", &server.url)
        .env("SCHRIEB_DB", &server.db)
        .env("SCHRIEB_SERVER", Build::Release.program()))?;
    run(cmd("node")
        .arg("e2e/bench/editor.mjs")
        .env("SCHRIEB_URL", &server.url)
        .env("SCHRIEB_DB", &server.db)
        .env("SCHRIEB_SERVER", Build::Release.program()))?;

    let loads = [
        ("10,000 comments, page 1", "/api/v1/articles/bench-10k/comments?page=1"),
        ("10,000 comments, page 500 (last)", "/api/v1/articles/bench-10k/comments?page=500"),
        ("100,000 comments, page 5000 (last)", "/api/v1/articles/bench-100k/comments?page=5000"),
    ];
    let mut results = Vec::new();
    for (label, path) in loads {
        let url = format!("{}{path}", server.url);
        // A short warm-up so every run starts with a warm page cache and pool.
        load(&url, "2s", &[])?;
        results.push((label, load(&url, DURATION, &[])?));
    }
    println!("\nthread API, {CONNECTIONS} connections, {DURATION} each (wrk -t2):");
    println!("{:<38} {:>12} {:>10} {:>10}", "thread page", "requests/s", "p50 ms", "p99 ms");
    let baseline = results[0].1.requests_per_second;
    for (label, result) in &results {
        println!(
            "{label:<38} {:>12.0} {:>10.3} {:>10.3}   ({:.2}x the throughput of page 1)",
            result.requests_per_second,
            result.p50_ms,
            result.p99_ms,
            result.requests_per_second / baseline
        );
    }
    link_previews(&server)?;
    crate::bench_read::against_nginx(&server)?;
    crate::bench_writes::comment_creation(&server)?;
    crate::bench_moderation::run_all(&server)?;
    crate::bench_live::notification_fanout(&server)?;
    crate::bench_live::subscribers(&server)?;
    crate::bench_import::alone()?;
    words_matcher()
}

/// The word lists' matcher alone (criterion, `crates/server/benches/words.rs`): its time on
/// comments of 2,000 to 20,000 characters, and how it grows with the length.
fn words_matcher() -> anyhow::Result<()> {
    run(cmd("cargo").args(["bench", "-p", "schrieb-server", "--bench", "words"]))?;
    let mean = |name: &str| -> anyhow::Result<f64> {
        let path = root().join(format!("target/criterion/words/{name}/new/estimates.json"));
        let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        json["mean"]["point_estimate"].as_f64().with_context(|| format!("no mean in {}", path.display()))
    };
    let short = mean("find in comment of chars/2000")?;
    let long = mean("find in comment of chars/20000")?;
    println!(
        "
word lists (10,000 entries): compiled in {:.1} ms",
        mean("compile 10,000 entries")? / 1e6
    );
    println!(
        "  finding in 2,000 characters {:.0} µs, in 20,000 {:.0} µs: {:.1}x for 10x the length (linear: 10x)",
        short / 1e3,
        long / 1e3,
        long / short
    );
    Ok(())
}

/// Only moderation's budgets (`cargo xtask bench --moderation`), for working on them.
pub fn moderation_only() -> anyhow::Result<()> {
    build_server()?;
    ensure_wrk()?;
    let server = RunningServer::start_with(Build::Release, &[(crate::bench_writes::SLUG, Thread::Generated(0))], true)?;
    crate::bench_moderation::run_all(&server)?;
    words_matcher()
}

/// Only link previews' budget (`cargo xtask bench --previews`): a thread page with 20 cards,
/// the bytes and requests a reader pays for it (`e2e/bench/previews.mjs`).
pub fn previews_only() -> anyhow::Result<()> {
    crate::app::build_release()?;
    build_server()?;
    tools::ensure_chromium()?;
    tools::ensure_e2e_packages()?;
    let server = RunningServer::start_with(Build::Release, &[("bench-previews", Thread::Generated(0))], true)?;
    link_previews(&server)
}

/// [`previews_only`]'s measurement against `server`.
fn link_previews(server: &RunningServer) -> anyhow::Result<()> {
    run(cmd("node")
        .arg("e2e/bench/previews.mjs")
        .env("SCHRIEB_URL", &server.url)
        .env("SCHRIEB_DB", &server.db)
        .env("SCHRIEB_LINKED_SITE", &server.linked_site)
        .env("SCHRIEB_SERVER", Build::Release.program()))
}

/// Only the read path beside nginx (`cargo xtask bench --read`), for working on it.
pub fn read_only() -> anyhow::Result<()> {
    build_server()?;
    ensure_wrk()?;
    let server = RunningServer::start_with(Build::Release, &[("bench-10k", Thread::Generated(10_000))], true)?;
    crate::bench_read::against_nginx(&server)
}

/// `--isso`: the first comment of a small thread in schrieb's widget and article page beside
/// Isso's embed, in one run (`e2e/bench/isso.mjs`).
pub fn beside_isso() -> anyhow::Result<()> {
    let isso = tools::ensure_isso()?;
    crate::app::build_release()?;
    build_server()?;
    tools::ensure_chromium()?;
    tools::ensure_e2e_packages()?;
    let server = RunningServer::start_with(Build::Release, &[], true)?;
    run(cmd("node")
        .arg("e2e/bench/isso.mjs")
        .env("SCHRIEB_URL", &server.url)
        .env("SCHRIEB_DB", &server.db)
        .env("SCHRIEB_SERVER", Build::Release.program())
        .env("ISSO", isso))
}

/// What wrk measured.
pub struct Load {
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// `url` under [`CONNECTIONS`] connections for `duration`, each request with `headers`.
pub fn load(url: &str, duration: &str, headers: &[&str]) -> anyhow::Result<Load> {
    let mut wrk = std::process::Command::new("wrk");
    wrk.args(["-t2", "-c", CONNECTIONS, "-d", duration, "--latency"]);
    for header in headers {
        wrk.args(["-H", header]);
    }
    let output = wrk.arg(url).output().context("running wrk")?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() || text.contains("Non-2xx") {
        bail!("wrk failed or got errors for {url}:\n{text}");
    }
    let field = |prefix: &str| {
        text.lines().map(str::trim).find_map(|line| line.strip_prefix(prefix)).map(str::trim).map(str::to_owned)
    };
    let requests_per_second = field("Requests/sec:").context("wrk printed no Requests/sec")?.parse()?;
    let p50_ms = milliseconds(&field("50%").context("no p50")?)?;
    let p99_ms = milliseconds(&field("99%").context("no p99")?)?;
    Ok(Load { requests_per_second, p50_ms, p99_ms })
}

/// wrk prints latencies as `812.00us`, `1.23ms` or `1.01s`.
fn milliseconds(value: &str) -> anyhow::Result<f64> {
    let (number, factor) = if let Some(us) = value.strip_suffix("us") {
        (us, 0.001)
    } else if let Some(ms) = value.strip_suffix("ms") {
        (ms, 1.0)
    } else if let Some(s) = value.strip_suffix('s') {
        (s, 1000.0)
    } else {
        bail!("unknown latency unit in {value:?}")
    };
    Ok(number.parse::<f64>()? * factor)
}

/// wrk from Debian's package, installed when missing.
pub fn ensure_wrk() -> anyhow::Result<()> {
    // `wrk -v` exits non-zero even when wrk is there: being able to start it is the test.
    if std::process::Command::new("wrk").arg("-v").output().is_ok() {
        return Ok(());
    }
    if !is_root() {
        bail!("the load benchmark needs wrk: run `sudo apt-get install wrk`");
    }
    run(cmd("apt-get").args(["install", "-y", "--no-install-recommends", "wrk"]))
}

/// The markup parser's criterion benchmark, summarised as time ratios 100,000 : 10,000 bytes.
fn markup_parse() -> anyhow::Result<()> {
    run(cmd("cargo").args(["bench", "-p", "schrieb-markup", "--bench", "parse"]))?;
    let dir = crate::shell::root().join("target/criterion/parse");
    println!("\nmarkup parse time by input length (criterion means):");
    println!("{:<24} {:>12} {:>12} {:>8}", "input", "10,000 B", "100,000 B", "ratio");
    let mut names: Vec<String> = std::fs::read_dir(&dir)?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name != "report")
        .collect();
    names.sort();
    for name in names {
        let mean = |len: &str| -> anyhow::Result<f64> {
            let path = dir.join(&name).join(len).join("new/estimates.json");
            let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
            json["mean"]["point_estimate"].as_f64().with_context(|| format!("no mean in {}", path.display()))
        };
        let (small, large) = (mean("10000")?, mean("100000")?);
        println!("{name:<24} {:>9.1} µs {:>9.1} µs {:>8.1}", small / 1000.0, large / 1000.0, large / small);
    }
    Ok(())
}
