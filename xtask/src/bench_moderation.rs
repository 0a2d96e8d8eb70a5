//! Moderation's budgets, on the bench server: posting with 5,000 banned and 5,000 suspect words
//! against posting with none (the same load, one run, as a ratio), and the pending queue with
//! 10,000 comments in it (wrk on its first and last page as a moderator: p99). The matcher
//! alone is criterion's (`crates/server/benches/words.rs`).

use anyhow::Context;

use crate::bench::load;
use crate::bench_writes::{PASSWORD, accounts, login, post_load};
use crate::server::{Build, RunningServer};
use crate::shell::{cmd, root, run};

/// The site of the bench's articles (`synthetic.rs`).
const SITE: &str = "synthetic";
/// Entries in each list.
const WORDS: usize = 5_000;
/// Pending comments the queue is measured with.
const PENDING: u64 = 10_000;

/// Runs both budgets and prints them.
pub fn run_all(server: &RunningServer) -> anyhow::Result<()> {
    let cookies = accounts(server, "moderated", 32)?;
    let without = post_load(server, &cookies, true)?;
    let banned = word_file("banned", |n| format!("verboten{n:05}q"))?;
    let suspect = word_file("suspect", |n| format!("*verdacht{n:05}q*"))?;
    moderation(server, &["--banned-words", &banned, "--suspect-words", &suspect])?;
    let with = post_load(server, &cookies, true)?;
    println!("\nposting with the site's word lists ({WORDS} banned + {WORDS} suspect entries) against none, one run:");
    println!("  none:  {:.0} comments/s, p99 {}", without.per_second, without.p99);
    println!("  lists: {:.0} comments/s, p99 {}", with.per_second, with.p99);
    println!("  ratio: {:.1} % of the throughput without lists", with.per_second / without.per_second * 100.0);

    // Every comment waits now, until the queue holds enough.
    moderation(server, &["--mode", "all"])?;
    let moderator = "moderator-bench@example.org";
    run(cmd(&Build::Release.program().to_string_lossy())
        .args(["user", "add", "--moderator", "--db"])
        .arg(&server.db)
        .args(["Bench Moderatorin", moderator])
        .env("SCHRIEB_PASSWORD", PASSWORD))?;
    let cookie = login(&server.url, moderator)?;
    while pending(server, &cookie)? < PENDING {
        post_load(server, &cookies, false)?;
    }
    let total = pending(server, &cookie)?;
    let last = total.div_ceil(20);
    println!("\nthe pending queue with {total} comments, as a moderator (wrk -t2 -c64, 10 s):");
    for (label, page) in [("page 1", 1), ("last page", last)] {
        let url = format!("{}/api/v1/moderation/queue?state=pending&page={page}", server.url);
        load(&url, "2s", &[&format!("Cookie: {cookie}")])?;
        let measured = load(&url, "10s", &[&format!("Cookie: {cookie}")])?;
        println!(
            "  {label:<10} {:>8.0} requests/s, p50 {:.2} ms, p99 {:.2} ms",
            measured.requests_per_second, measured.p50_ms, measured.p99_ms
        );
    }
    moderation(server, &["--mode", "post"])
}

/// `schrieb-server site moderation synthetic ARGS…` on the bench server's database, once the
/// server has written what the last load left in flight. The command waits 5 s for the lock; a
/// server still busy with the load's last writes after that is given up to four more tries.
fn moderation(server: &RunningServer, args: &[&str]) -> anyhow::Result<()> {
    let mut tries = 0;
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3));
        let done = run(cmd(&Build::Release.program().to_string_lossy())
            .args(["site", "moderation", SITE])
            .args(args)
            .arg("--db")
            .arg(&server.db));
        tries += 1;
        match done {
            Err(error) if tries < 5 => eprintln!("the database is still busy ({error:#}); trying again"),
            done => return done,
        }
    }
}

/// A word list file of [`WORDS`] entries made by `entry`; its path.
fn word_file(name: &str, entry: impl Fn(usize) -> String) -> anyhow::Result<String> {
    let path = root().join(format!("target/bench-{name}-words.txt"));
    let text: Vec<String> = (0..WORDS).map(entry).collect();
    std::fs::write(&path, text.join("\n"))?;
    path.to_str().map(str::to_owned).context("a path in UTF-8")
}

/// How many comments wait in the pending queue.
fn pending(server: &RunningServer, cookie: &str) -> anyhow::Result<u64> {
    let output = std::process::Command::new("curl")
        .args(["-sf", "-H", &format!("Cookie: {cookie}")])
        .arg(format!("{}/api/v1/moderation/queue?state=pending&page=1", server.url))
        .output()
        .context("running curl")?;
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).context("the queue as JSON")?;
    json["total"].as_u64().context("the queue's total")
}
