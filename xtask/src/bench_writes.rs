//! The write path's budgets: comments posted through the HTTP API by many clients at once
//! (wrk with a Lua script; rate limits lifted), with the rows counted afterwards, what one
//! login costs in password hashing (criterion), and the server's memory around a login burst.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use anyhow::{Context, bail};

use crate::server::RunningServer;
use crate::shell::{cmd, root, run};

/// Accounts posting at once.
const ACCOUNTS: usize = 32;
/// Connections posting at once.
const CONNECTIONS: &str = "64";
/// How long the load runs.
const DURATION: &str = "10s";
/// The article the load posts to (created by the bench's server set-up).
pub const SLUG: &str = "bench-writes";
pub const PASSWORD: &str = "bench-passwort-123";

/// Posts comments as fast as the server takes them and checks every `201` left a row.
pub fn comment_creation(server: &RunningServer) -> anyhow::Result<()> {
    let cookies = accounts(server, "bench", ACCOUNTS)?;
    let posted = post_load(server, &cookies, true)?;
    println!(
        "\ncomment creation through POST /api/v1/articles/{SLUG}/comments ({ACCOUNTS} accounts, {CONNECTIONS} connections, {DURATION}, rate limits lifted):"
    );
    println!(
        "  answered 201: {} ({:.0} comments/s); other answers: {}",
        posted.created, posted.per_second, posted.refused
    );
    println!("  latency p50 {} / p99 {}", posted.p50, posted.p99);
    println!(
        "  rows added: {} (answered and stored: {}; stored while wrk was stopping: {})",
        posted.rows,
        posted.rows.min(posted.created),
        posted.rows.saturating_sub(posted.created)
    );
    Ok(())
}

/// `count` accounts made with the server's command line (`{label}{n}@example.org`), each
/// logged in: their session cookies.
pub fn accounts(server: &RunningServer, label: &str, count: usize) -> anyhow::Result<Vec<String>> {
    let binary = crate::server::Build::Release.program();
    let mut cookies = Vec::with_capacity(count);
    for n in 0..count {
        let email = format!("{label}{n}@example.org");
        run(cmd(&binary.to_string_lossy())
            .args(["user", "add", "--db"])
            .arg(&server.db)
            .args([&format!("{label} {n}"), &email])
            .env("SCHRIEB_PASSWORD", PASSWORD))?;
        cookies.push(login(&server.url, &email)?);
    }
    Ok(cookies)
}

/// What one load of posting did.
pub struct Posted {
    /// Answered 201.
    pub created: u64,
    /// Answered otherwise.
    pub refused: u64,
    /// 201s a second.
    pub per_second: f64,
    /// Rows the article gained (published comments).
    pub rows: u64,
    /// The median latency, as wrk printed it.
    pub p50: String,
    /// The 99th percentile.
    pub p99: String,
}

/// Posts comments to [`SLUG`] as `cookies`' accounts for [`DURATION`] (wrk, [`CONNECTIONS`]
/// connections) and fails when any was refused or, where comments are `published` at once
/// (not held), answered without its row.
pub fn post_load(server: &RunningServer, cookies: &[String], published: bool) -> anyhow::Result<Posted> {
    let script = root().join("target/bench-writes.lua");
    std::fs::write(&script, lua_script(&server.url, cookies))?;
    let before = comment_count(&server.url)?;
    let url = format!("{}/api/v1/articles/{SLUG}/comments", server.url);
    let output = std::process::Command::new("wrk")
        .args(["-t2", "-c", CONNECTIONS, "-d", DURATION, "--latency", "-s"])
        .arg(&script)
        .arg(&url)
        .output()
        .context("running wrk")?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!("wrk failed:\n{text}\n{}", String::from_utf8_lossy(&output.stderr));
    }
    let line = text.lines().find(|line| line.starts_with("CREATED")).context("the script's summary")?;
    let numbers: Vec<u64> = line.split_whitespace().filter_map(|word| word.parse().ok()).collect();
    let [created, refused] = numbers[..] else { bail!("unexpected summary {line:?}") };
    // Requests still in flight when wrk stops may be stored without wrk seeing the answer.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let rows = comment_count(&server.url)? - before;
    let seconds: f64 = DURATION.trim_end_matches('s').parse()?;
    let field = |prefix: &str| {
        text.lines().map(str::trim).find_map(|l| l.strip_prefix(prefix)).map(str::trim).unwrap_or("?").to_owned()
    };
    if refused > 0 || (published && rows < created) {
        bail!("comments were refused or lost: {refused} refused, {created} answered 201, {rows} rows");
    }
    Ok(Posted { created, refused, per_second: created as f64 / seconds, rows, p50: field("50%"), p99: field("99%") })
}

/// What one login costs: criterion's means for an argon2id hash and a verification.
pub fn password_cost() -> anyhow::Result<()> {
    run(cmd("cargo").args(["bench", "-p", "schrieb-server", "--bench", "password"]))?;
    let mean = |name: &str| -> anyhow::Result<f64> {
        let path = root().join(format!("target/criterion/password/{name}/new/estimates.json"));
        let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        json["mean"]["point_estimate"].as_f64().with_context(|| format!("no mean in {}", path.display()))
    };
    println!(
        "\npassword hashing (argon2id, 19 MiB, 2 passes, 1 lane): hash {:.1} ms, verify {:.1} ms",
        mean("hash")? / 1e6,
        mean("verify")? / 1e6
    );
    Ok(())
}

/// Logins fired at once at a fresh server.
const LOGIN_BURST: usize = 64;

/// Resident memory of a fresh server (one account, rate limits lifted) when idle, at its peak
/// and after [`LOGIN_BURST`] logins at once: hashes wait for a core, and their 19 MiB each go
/// back afterwards (`crates/server/src/auth/password/slots.rs`).
pub fn login_burst_memory() -> anyhow::Result<()> {
    let binary = crate::server::Build::Release.program();
    let dir = std::env::temp_dir().join(format!("schrieb-bench-logins-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("schrieb.db");
    run(cmd(&binary.to_string_lossy())
        .args(["user", "add", "--db"])
        .arg(&db)
        .args(["Bench", "bench@example.org"])
        .env("SCHRIEB_PASSWORD", PASSWORD))?;
    let mut server = Command::new(&binary)
        .args(["serve", "--no-rate-limits", "--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .arg("--dist")
        .arg(dir.join("no-app"))
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .spawn()
        .context("starting schrieb-server")?;
    let measured = (|| {
        let mut lines = BufReader::new(server.stdout.take().context("server stdout")?).lines();
        let url = loop {
            let line = lines.next().context("schrieb-server exited before listening")??;
            if let Some(url) = line.strip_prefix("schrieb is listening on ") {
                break url.trim_end_matches('/').to_owned();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        let memory = |field: &str| memory_mib(server.id(), field);
        login_status(&url, "bench@example.org", PASSWORD)?;
        let idle = memory("VmRSS")?;
        let burst: Vec<_> = (0..LOGIN_BURST)
            .map(|n| {
                let url = url.clone();
                let password = if n % 2 == 0 { PASSWORD } else { "falsches-passwort" };
                std::thread::spawn(move || login_status(&url, "bench@example.org", password))
            })
            .collect();
        for login in burst {
            let status = login.join().map_err(|_| anyhow::anyhow!("a login thread panicked"))??;
            if status != 200 && status != 401 {
                bail!("a login of the burst answered {status}");
            }
        }
        Ok((idle, memory("VmHWM")?, memory("VmRSS")?))
    })();
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
    let (idle, peak, after) = measured?;
    println!(
        "server memory around {LOGIN_BURST} logins at once: idle {idle:.1} MiB, peak {peak:.1} MiB, after {after:.1} MiB"
    );
    Ok(())
}

/// A field of `/proc/<pid>/status` (`VmRSS`, `VmHWM`) in MiB.
fn memory_mib(pid: u32, field: &str) -> anyhow::Result<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kib: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':')?.trim().strip_suffix(" kB")?.parse().ok())
        .with_context(|| format!("no {field} in /proc/{pid}/status"))?;
    Ok(kib / 1024.0)
}

/// Logs in with plain HTTP and returns the whole answer, head and body.
fn login_answer(base: &str, email: &str, password: &str) -> anyhow::Result<String> {
    let address = base.trim_start_matches("http://");
    let body = serde_json::json!({"email": email, "password": password}).to_string();
    let mut stream = TcpStream::connect(address)?;
    write!(
        stream,
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer)
}

/// Logs in with plain HTTP and returns the answer's status.
fn login_status(base: &str, email: &str, password: &str) -> anyhow::Result<u16> {
    let answer = login_answer(base, email, password)?;
    let status = answer.split_whitespace().nth(1).context("an HTTP status line")?;
    Ok(status.parse()?)
}

/// Logs in with plain HTTP and returns `schrieb_session=…`.
pub fn login(base: &str, email: &str) -> anyhow::Result<String> {
    let answer = login_answer(base, email, PASSWORD)?;
    answer
        .lines()
        .find_map(|line| {
            line.to_ascii_lowercase()
                .starts_with("set-cookie: schrieb_session=")
                .then(|| line[12..].split(';').next().map(str::to_owned))
        })
        .flatten()
        .with_context(|| format!("no session for {email}: {}", answer.lines().next().unwrap_or_default()))
}

fn comment_count(base: &str) -> anyhow::Result<u64> {
    let address = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address)?;
    write!(stream, "GET /api/v1/articles/{SLUG} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let json = answer.split("\r\n\r\n").nth(1).context("a body")?;
    let json: serde_json::Value = serde_json::from_str(json).context("the article as JSON")?;
    json["comment_count"].as_u64().context("comment_count")
}

/// The wrk script: each request a new body (the same body twice in a row is refused) as one of
/// the accounts, round robin; 201s and other answers counted per thread.
fn lua_script(origin: &str, cookies: &[String]) -> String {
    let list: Vec<String> = cookies.iter().map(|c| format!("{c:?}")).collect();
    // Each load's bodies are its own: an account's last body from an earlier load is never
    // posted again (that would be refused as the same comment twice in a row).
    let load = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
    format!(
        r#"local cookies = {{ {} }}
local load = "{load}"
local threads = {{}}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
local counter = 0
created = 0
refused = 0
function request()
  counter = counter + 1
  local cookie = cookies[(counter + id * 7) % #cookies + 1]
  local body = '{{"body":"Lasttest ' .. load .. '-' .. id .. '-' .. counter .. ': ein Kommentar mit *etwas* Text, damit er nach einem aussieht."}}'
  return wrk.format("POST", nil, {{ ["Content-Type"] = "application/json", ["Cookie"] = cookie, ["Origin"] = "{origin}" }}, body)
end
function response(status, headers, body)
  if status == 201 then created = created + 1 else refused = refused + 1 end
end
function done(summary, latency, requests)
  local c, r = 0, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("created")
    r = r + thread:get("refused")
  end
  io.write(string.format("CREATED %d %d\n", c, r))
end
"#,
        list.join(", ")
    )
}
