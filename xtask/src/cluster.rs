//! Many `schrieb-server` processes on one PostgreSQL database behind HAProxy, as a site runs
//! them when one server is not enough: for the multi-server test and the benchmarks. Every
//! process, the database and the folder holding the balancer's configuration and the servers'
//! logs go away when the cluster is dropped.

pub mod api;
mod haproxy;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::postgres::ensure_postgres;
use crate::server::{Build, Thread};
use crate::shell::{root, run};

/// How long a server may take from its start to listening (a debug build on a loaded machine
/// migrates the database first).
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// Clusters made by this process so far: each gets a database of its own.
static CLUSTERS: AtomicUsize = AtomicUsize::new(0);

/// N servers and their balancer; all stopped when dropped.
pub struct Cluster {
    build: Build,
    servers: Vec<Member>,
    balancer: Option<Child>,
    /// `http://127.0.0.1:PORT`: HAProxy, round robin over the servers.
    pub url: String,
    /// `postgres://…/schrieb_cluster_…`: the database every server shares.
    pub db: String,
    /// The PostgreSQL server without a database, for dropping the cluster's.
    postgres: String,
    /// Configuration and logs.
    dir: PathBuf,
}

/// One server process, killed when dropped.
struct Member {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Cluster {
    /// Makes a database on the PostgreSQL server at `postgres` (a URL without a database, such
    /// as `TestPostgres::url`), loads the demo content and `synthetic`'s threads once, starts
    /// `count` servers of `build` on it and HAProxy in front of them.
    ///
    /// Rate limits are lifted on every server: they count per client address, and behind the
    /// balancer every client is 127.0.0.1 (the servers would believe HAProxy's
    /// `X-Forwarded-For`, but it names 127.0.0.1 too), so a write load from one machine would
    /// be refused as one client writing far too fast.
    pub fn start(build: Build, count: usize, postgres: &str, synthetic: &[(&str, Thread)]) -> anyhow::Result<Self> {
        haproxy::ensure_installed()?;
        let number = CLUSTERS.fetch_add(1, Ordering::Relaxed);
        let name = format!("schrieb_cluster_{}_{number}", std::process::id());
        let dir = std::env::temp_dir().join(&name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).with_context(|| format!("making {}", dir.display()))?;
        // Made before the database, so that a failure from here on leaves nothing behind.
        let mut cluster = Self {
            build,
            servers: Vec::new(),
            balancer: None,
            url: String::new(),
            db: format!("{}/{name}", postgres.trim_end_matches('/')),
            postgres: postgres.to_owned(),
            dir,
        };
        psql(postgres, &format!("CREATE DATABASE {name}"))?;
        let started = cluster.start_all(count, synthetic);
        cluster.or_print_logs(started)?;
        Ok(cluster)
    }

    fn start_all(&mut self, count: usize, synthetic: &[(&str, Thread)]) -> anyhow::Result<()> {
        let program = self.build.program();
        run(Command::new(&program).args(["seed-demo", "--db", &self.db]))?;
        for (slug, thread) in synthetic {
            let mut seed = Command::new(&program);
            seed.args(["seed-synthetic", "--slug", slug, "--db", &self.db]);
            match thread {
                Thread::Generated(comments) => seed.args(["--comments", &comments.to_string()]),
                Thread::Bodies(bodies) => {
                    let file = self.dir.join(format!("{slug}.json"));
                    std::fs::write(&file, serde_json::to_string(bodies)?)?;
                    seed.arg("--bodies").arg(file)
                }
            };
            run(&mut seed)?;
        }
        for index in 0..count {
            let member = Member::start(self.build, &self.db, &self.dir, index)?;
            self.servers.push(member);
        }
        let urls: Vec<&str> = self.servers.iter().map(|member| member.url.as_str()).collect();
        let (balancer, url) = haproxy::start(&self.dir, &urls)?;
        self.balancer = Some(balancer);
        self.url = url;
        Ok(())
    }

    /// Server `index`'s own address, `http://127.0.0.1:PORT`, bypassing the balancer.
    pub fn server(&self, index: usize) -> &str {
        &self.servers[index].url
    }

    /// Kills server `index` with SIGKILL (what `Child::kill` sends on Unix): no graceful
    /// shutdown, answers in flight are lost, as when a machine dies.
    pub fn kill(&mut self, index: usize) -> anyhow::Result<()> {
        let member = &mut self.servers[index];
        member.child.kill().with_context(|| format!("killing server {index}"))?;
        member.child.wait()?;
        Ok(())
    }

    /// Adds an account with a confirmed address to the cluster's database.
    pub fn add_account(&self, name: &str, email: &str, password: &str) -> anyhow::Result<()> {
        add_account(self.build, &self.db, name, email, password)
    }

    /// Runs `query` on the cluster's database and returns its rows, fields split at tabs.
    pub fn query(&self, query: &str) -> anyhow::Result<Vec<Vec<String>>> {
        let output = psql_command(&self.db, query).output().context("running psql")?;
        if !output.status.success() {
            bail!("psql failed on {query:?}: {}", String::from_utf8_lossy(&output.stderr));
        }
        let text = String::from_utf8(output.stdout).context("psql printed no UTF-8")?;
        Ok(text.lines().map(|line| line.split('\t').map(str::to_owned).collect()).collect())
    }

    /// `result`, after printing the servers' and the balancer's logs when it is an error.
    pub fn or_print_logs<T>(&self, result: anyhow::Result<T>) -> anyhow::Result<T> {
        if result.is_err() {
            let mut logs: Vec<PathBuf> = self.servers.iter().map(|member| member.log.clone()).collect();
            logs.push(self.dir.join(haproxy::LOG));
            for log in logs {
                let text = std::fs::read_to_string(&log).unwrap_or_default();
                eprintln!("==> {} ({} lines; the last 40):", log.display(), text.lines().count());
                let lines: Vec<&str> = text.lines().collect();
                for line in &lines[lines.len().saturating_sub(40)..] {
                    eprintln!("    {line}");
                }
            }
        }
        result
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Some(mut balancer) = self.balancer.take() {
            let _ = balancer.kill();
            let _ = balancer.wait();
        }
        // The servers before their database: PostgreSQL refuses to drop one in use.
        self.servers.clear();
        let name = self.db.rsplit('/').next().unwrap_or_default().to_owned();
        let _ = psql_command(&self.postgres, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Member {
    /// Starts server `index` on a free port, its output in a log file, and waits until it
    /// listens.
    fn start(build: Build, db: &str, dir: &Path, index: usize) -> anyhow::Result<Self> {
        let log = dir.join(format!("server-{index}.log"));
        let file = File::create(&log)?;
        let child = Command::new(build.program())
            .current_dir(root())
            .args(["serve", "--addr", "127.0.0.1:0", "--db", db, "--no-rate-limits"])
            .args(["--trusted-proxies", "127.0.0.1"])
            // No web app: the API is what is tested and measured.
            .arg("--dist")
            .arg(dir.join("no-app"))
            .env("RUST_LOG", "warn")
            .stdout(file.try_clone()?)
            .stderr(file)
            .spawn()
            .context("starting schrieb-server")?;
        let mut member = Self { child, url: String::new(), log };
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let text = std::fs::read_to_string(&member.log).unwrap_or_default();
            if let Some(url) = text.lines().find_map(|line| line.strip_prefix("schrieb is listening on ")) {
                member.url = url.trim_end_matches('/').to_owned();
                return Ok(member);
            }
            if let Some(status) = member.child.try_wait()? {
                bail!("server {index} exited with {status} before listening:\n{text}");
            }
            if Instant::now() > deadline {
                bail!("server {index} did not listen within {START_TIMEOUT:?}:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Member {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Adds an account with a confirmed address to the database `db` (a SQLite file or a
/// PostgreSQL URL) through the server's command line.
pub fn add_account(build: Build, db: &str, name: &str, email: &str, password: &str) -> anyhow::Result<()> {
    run(Command::new(build.program()).args(["user", "add", "--db", db, name, email]).env("SCHRIEB_PASSWORD", password))
}

/// `psql` on `url` running `query`, printing bare rows (no headers, fields split by tabs).
fn psql_command(url: &str, query: &str) -> Command {
    let program = ensure_postgres().map(|bin| bin.join("psql")).unwrap_or_else(|_| PathBuf::from("psql"));
    let mut command = Command::new(program);
    command.args(["--no-psqlrc", "--quiet", "--tuples-only", "--no-align", "--field-separator=\t"]);
    command.args(["--set=ON_ERROR_STOP=1", "--dbname", url, "--command", query]);
    command
}

fn psql(url: &str, query: &str) -> anyhow::Result<()> {
    run(&mut psql_command(url, query))
}
