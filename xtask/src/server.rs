//! Starting the real server: for people (`serve`) and for tests and benchmarks (on port 0).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use anyhow::{Context, bail};
use clap::Args;

use crate::app;
use crate::shell::{cmd, root, run};

/// Options of `cargo xtask serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "SCHRIEB_ADDR", default_value = "127.0.0.1:3000")]
    addr: String,
    /// SQLite database file; created, migrated and filled with demo content when empty.
    #[arg(long, env = "SCHRIEB_DB", default_value = "data/schrieb.db")]
    db: String,
}

/// Builds everything in release mode and serves until Ctrl+C.
pub fn serve(args: &ServeArgs) -> anyhow::Result<()> {
    app::build_release()?;
    build_server()?;
    // Ctrl+C reaches the server too (same process group) and it shuts down gracefully; xtask
    // itself only waits for that, so the terminal comes back after the server has stopped.
    ctrlc::set_handler(|| {}).context("installing the Ctrl+C handler")?;
    let mut child =
        server_command(Build::Release, &args.addr, Path::new(&args.db)).spawn().context("starting schrieb-server")?;
    let status = child.wait()?;
    if !status.success() && status.code().is_some() {
        bail!("schrieb-server exited with {status}");
    }
    Ok(())
}

/// `cargo build --release -p schrieb-server`.
pub fn build_server() -> anyhow::Result<()> {
    run(cmd("cargo").args(["build", "--release", "-p", "schrieb-server"]))
}

/// Which build of the server runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    /// The release build: for people and for benchmarks.
    Release,
    /// The build `cargo test` makes: for the tests, which thereby need no second build of every
    /// dependency (the compression the server does for every kept page is optimized in it too,
    /// see the workspace's `Cargo.toml`).
    Test,
}

impl Build {
    /// The server's program of this build.
    pub fn program(self) -> std::path::PathBuf {
        match self {
            Build::Release => root().join("target/release/schrieb-server"),
            Build::Test => root().join("target/debug/schrieb-server"),
        }
    }
}

fn server_command(build: Build, addr: &str, db: &Path) -> Command {
    let mut command = Command::new(build.program());
    command
        .current_dir(root())
        .args(["serve", "--demo", "--addr", addr, "--dist", "dist", "--db"])
        .arg(db)
        .env("RUST_LOG", std::env::var("RUST_LOG").unwrap_or_else(|_| "info,sqlx=warn".into()));
    command
}

/// A synthetic thread to add before the server starts.
pub enum Thread {
    /// This many generated comments.
    Generated(usize),
    /// These bodies.
    Bodies(Vec<String>),
}

/// The XSS suite as comment bodies: every payload in every placement
/// (`crates/markup/tests/xss/README.md`).
pub fn xss_suite() -> anyhow::Result<Vec<String>> {
    let dir = root().join("crates/markup/tests/xss");
    let payloads = std::fs::read_to_string(dir.join("payloads.txt"))?;
    let placements = std::fs::read_to_string(dir.join("placements.txt"))?;
    Ok(payloads
        .lines()
        .filter(|payload| !payload.trim().is_empty())
        .flat_map(|payload| {
            placements.lines().map(move |template| template.replace("{payload}", payload).replace("\\n", "\n"))
        })
        .collect())
}

/// A release server on a free port over its own database, stopped when dropped.
pub struct RunningServer {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub url: String,
    /// Its database file (end-to-end tests read the mail outbox from it).
    pub db: std::path::PathBuf,
    /// Where the end-to-end tests' linked site listens (`http://127.0.0.2:PORT`): the one
    /// address and port the server's link previews may read besides the public internet.
    pub linked_site: String,
    _dir: TempDir,
}

impl RunningServer {
    /// Starts the server of `build` over a fresh database holding the demo content and, for
    /// each `(slug, thread)`, a synthetic article.
    pub fn start(build: Build, synthetic: &[(&str, Thread)]) -> anyhow::Result<Self> {
        Self::start_with(build, synthetic, false)
    }

    /// Like [`RunningServer::start`]; `lift_rate_limits` is for benchmarks and schemathesis.
    pub fn start_with(build: Build, synthetic: &[(&str, Thread)], lift_rate_limits: bool) -> anyhow::Result<Self> {
        let dir = TempDir::new()?;
        let db = dir.path.join("schrieb.db");
        let server = build.program();
        run(Command::new(&server).arg("seed-demo").arg("--db").arg(&db))?;
        for (slug, thread) in synthetic {
            let mut seed = Command::new(&server);
            seed.args(["seed-synthetic", "--slug", slug, "--db"]).arg(&db);
            match thread {
                Thread::Generated(count) => seed.args(["--comments", &count.to_string()]),
                Thread::Bodies(bodies) => {
                    let file = dir.path.join(format!("{slug}.json"));
                    std::fs::write(&file, serde_json::to_string(bodies)?)?;
                    seed.arg("--bodies").arg(file)
                }
            };
            run(&mut seed)?;
        }
        // A free port on a loopback address of its own, for the tests' linked site: the server
        // may read there, and nowhere else off the public internet.
        let linked_port = std::net::TcpListener::bind("127.0.0.2:0")?.local_addr()?.port();
        let mut child = server_command(build, "127.0.0.1:0", &db)
            .env("RUST_LOG", "warn")
            .env("SCHRIEB_NO_RATE_LIMITS", lift_rate_limits.to_string())
            // Notification mails within seconds, for the tests that follow their links.
            .env("SCHRIEB_MAIL_DELAY_SECONDS", "1")
            // Webhooks to receivers on this machine (the admin page's tests).
            .env("SCHRIEB_WEBHOOKS_ALLOW_PRIVATE", "true")
            .env("SCHRIEB_LINK_PREVIEW_ALLOW", "127.0.0.2/32")
            .env("SCHRIEB_LINK_PREVIEW_PORTS", format!("80,443,{linked_port}"))
            .stdout(Stdio::piped())
            .spawn()
            .context("starting schrieb-server")?;
        let stdout = child.stdout.take().context("server stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            let Some(line) = lines.next() else { bail!("schrieb-server exited before listening") };
            if let Some(url) = line?.strip_prefix("schrieb is listening on ") {
                break url.trim_end_matches('/').to_owned();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Ok(Self { child, url, db, linked_site: format!("http://127.0.0.2:{linked_port}"), _dir: dir })
    }
}

impl RunningServer {
    /// The server's process id (benchmarks read its memory from `/proc`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A temporary folder removed on drop (std only; xtask keeps its dependencies few).
struct TempDir {
    path: std::path::PathBuf,
}

impl TempDir {
    fn new() -> anyhow::Result<Self> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_nanos();
        let path = std::env::temp_dir().join(format!("schrieb-xtask-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path)?;
        Ok(Self { path })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
