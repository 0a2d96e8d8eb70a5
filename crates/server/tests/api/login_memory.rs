//! A burst of logins against the real server binary, in its own process so that its memory can
//! be read from `/proc`: hashes run a few at a time, and their memory goes back afterwards.
//!
//! Each login hashes with argon2id over 19 MiB. Before the fix, a burst of 64 ran up to 64 hashes
//! at once on the blocking pool and the server kept most of that memory for good (glibc's
//! per-thread arenas): about 300 MB more after 16 logins, over 1 GB after 64.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use schrieb_api::LoginRequest;
use schrieb_api::paths::Endpoint;

const SERVER: &str = env!("CARGO_BIN_EXE_schrieb-server");
const PASSWORD: &str = "richtig-richtig";
const EMAIL: &str = "anna@example.org";
const MIB: u64 = 1024 * 1024;
/// What one hash holds while it runs (`auth/password.rs`).
const HASH_MEMORY: u64 = 19 * MIB;
/// Logins fired at once: a small botnet's worth, far more than any machine has cores.
const BURST: usize = 64;

/// The server binary on port 0 over its own database with one account; killed when dropped.
struct Server {
    child: Child,
    address: String,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("schrieb.db");
        let added = Command::new(SERVER)
            .args(["user", "add", "--db"])
            .arg(&db)
            .args(["Anna", EMAIL])
            .env("SCHRIEB_PASSWORD", PASSWORD)
            .env("RUST_LOG", "warn")
            .output()
            .expect("schrieb-server user add runs");
        assert!(added.status.success(), "user add: {}", String::from_utf8_lossy(&added.stderr));
        let mut child = Command::new(SERVER)
            // Rate limits would answer most of one address's burst with 429 before any hashing;
            // a botnet has many addresses, so here they are lifted.
            .args(["serve", "--no-rate-limits", "--addr", "127.0.0.1:0", "--db"])
            .arg(&db)
            .arg("--dist")
            .arg(dir.path().join("no-app"))
            .env("RUST_LOG", "error")
            .stdout(Stdio::piped())
            .spawn()
            .expect("schrieb-server starts");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let address = loop {
            let line = lines.next().expect("schrieb-server exited before listening").expect("stdout line");
            if let Some(url) = line.strip_prefix("schrieb is listening on ") {
                break url.trim_end_matches('/').to_owned();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Self { child, address, _dir: dir }
    }

    /// A field of `/proc/<pid>/status` in bytes (`VmRSS`: resident now, `VmHWM`: its peak).
    fn memory(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("/proc status");
        let kib: u64 = status
            .lines()
            .find_map(|line| line.strip_prefix(field)?.strip_prefix(':')?.trim().strip_suffix(" kB")?.parse().ok())
            .unwrap_or_else(|| panic!("{field} in {status}"));
        kib * 1024
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `POST /api/v1/auth/login`; the answer's status. (`TestApp::login` speaks to an app in this
/// process; this server is a process of its own.)
async fn login(client: &reqwest::Client, address: &str, email: &str, password: &str) -> u16 {
    let response = client
        .post(format!("{address}{}", Endpoint::AuthLogin.template()))
        .json(&LoginRequest { email: email.into(), password: password.into() })
        .send()
        .await
        .expect("login is answered");
    response.status().as_u16()
}

/// The three kinds of login, by number: right password, wrong password, unknown address.
fn attempt(n: usize) -> (&'static str, &'static str, u16) {
    match n % 3 {
        0 => (EMAIL, PASSWORD, 200),
        1 => (EMAIL, "falsch-falsch", 401),
        _ => ("niemand@example.org", PASSWORD, 401),
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / MIB as f64)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_burst_hashes_a_few_at_a_time_and_gives_the_memory_back() {
    let server = Server::start();
    let client = reqwest::Client::new();
    // One login of each kind first: what is measured as idle then already holds the one-off
    // costs (the database connections, the dummy hash for unknown addresses, the allocator's
    // own bookkeeping), and the burst is measured against that.
    for n in 0..3 {
        let (email, password, expected) = attempt(n);
        assert_eq!(login(&client, &server.address, email, password).await, expected);
    }
    let idle = server.memory("VmRSS");

    let burst: Vec<_> = (0..BURST)
        .map(|n| {
            let (client, address) = (client.clone(), server.address.clone());
            tokio::spawn(async move {
                let (email, password, expected) = attempt(n);
                (login(&client, &address, email, password).await, expected)
            })
        })
        .collect();
    for answer in burst {
        let (status, expected) = answer.await.expect("login task");
        assert_eq!(status, expected, "every login is answered, none refused for load");
    }
    let after = server.memory("VmRSS");
    let peak = server.memory("VmHWM");
    let cores = std::thread::available_parallelism().map_or(1, usize::from) as u64;
    eprintln!("idle {}, peak {}, after {BURST} logins {} ({cores} cores)", mib(idle), mib(peak), mib(after));

    // Gone back: less than one hash's memory above idle, so not a single hash buffer is kept.
    // Measured on 2 cores (debug build): idle 26 MiB, after 30 MiB, the few MiB being what the
    // burst's connections left in the allocator. The old code: idle 79 MiB (the warm-up's three
    // hashes already stayed), after 1,279 MiB; the bound alone, on glibc's malloc: after 119 MiB.
    assert!(
        after < idle + HASH_MEMORY,
        "after {BURST} logins the server holds {} against {} idle",
        mib(after),
        mib(idle)
    );
    // Bounded while it ran: at most one hash per core at any moment (the server runs on the
    // cores this test sees), plus one hash's worth of room for the burst's 64 connections.
    // Measured: peak 68 MiB against the bound's 83 MiB; jemalloc without the bound peaked at
    // 1,055 MiB.
    assert!(
        peak < idle + (cores + 1) * HASH_MEMORY,
        "{BURST} logins peaked at {} against {} idle on {cores} cores",
        mib(peak),
        mib(idle)
    );
}
