//! A PostgreSQL server of the test run's own: a fresh cluster in a temporary folder, on a
//! free port on loopback, with durability switched off (a test database is thrown away), stopped
//! and removed when dropped. PostgreSQL refuses to run as root: run as root, the cluster
//! belongs to the `postgres` user that Debian's package makes.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, bail};

use crate::shell::{self, cmd, run};

/// The system user a root run starts the cluster as (Debian's package makes it).
const CLUSTER_OWNER: &str = "postgres";

/// A running cluster; stopped when dropped.
pub struct TestPostgres {
    bin: PathBuf,
    dir: PathBuf,
    as_owner: bool,
    /// `postgres://postgres@127.0.0.1:PORT`: the server, without a database (each test makes
    /// its own).
    pub url: String,
}

/// The folder of PostgreSQL's programs (`initdb`, `pg_ctl`), installing Debian's
/// `postgresql` package when none is there.
pub fn ensure_postgres() -> anyhow::Result<PathBuf> {
    if let Some(bin) = installed_bin() {
        return Ok(bin);
    }
    if !shell::is_root() {
        bail!("the tests need a PostgreSQL server: run `sudo apt-get install postgresql`");
    }
    run(cmd("apt-get").arg("update"))?;
    run(cmd("apt-get").args(["install", "-y", "--no-install-recommends", "postgresql"]))?;
    installed_bin().context("PostgreSQL was installed, but no /usr/lib/postgresql/*/bin/initdb is there")
}

/// The newest installed version's program folder.
fn installed_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

impl TestPostgres {
    /// Makes and starts a cluster.
    pub fn start() -> anyhow::Result<Self> {
        let bin = ensure_postgres()?;
        let as_owner = shell::is_root();
        let dir = std::env::temp_dir().join(format!("schrieb-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).with_context(|| format!("making {}", dir.display()))?;
        if as_owner {
            run(Command::new("chown").arg(CLUSTER_OWNER).arg(&dir))?;
        }
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let cluster = Self { bin, dir, as_owner, url: format!("postgres://postgres@127.0.0.1:{port}") };
        let data = cluster.dir.join("data");
        run(cluster
            .program("initdb")
            .args(["--username=postgres", "--auth=trust", "--encoding=UTF8"])
            .args(["--locale=C.UTF-8", "--no-sync", "--pgdata"])
            .arg(&data))?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off \
             -c synchronous_commit=off -c full_page_writes=off",
            cluster.dir.display()
        );
        run(cluster
            .program("pg_ctl")
            .arg("--pgdata")
            .arg(&data)
            .arg("--log")
            .arg(cluster.dir.join("server.log"))
            .args(["--wait", "--options", &options, "start"]))?;
        Ok(cluster)
    }

    /// One of PostgreSQL's programs, run as the cluster's owner.
    fn program(&self, name: &str) -> Command {
        let program = self.bin.join(name);
        if self.as_owner {
            let mut command = Command::new("runuser");
            command.args(["-u", CLUSTER_OWNER, "--"]).arg(program).current_dir(&self.dir);
            command
        } else {
            let mut command = Command::new(program);
            command.current_dir(&self.dir);
            command
        }
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        let _ = self
            .program("pg_ctl")
            .arg("--pgdata")
            .arg(self.dir.join("data"))
            .args(["--mode=immediate", "stop"])
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `cargo xtask postgres`: a cluster for the tests, until Ctrl-C.
pub fn until_interrupted() -> anyhow::Result<()> {
    let cluster = TestPostgres::start()?;
    println!("PostgreSQL is listening: SCHRIEB_TEST_POSTGRES={}", cluster.url);
    println!("for example: SCHRIEB_TEST_POSTGRES={} cargo test -p schrieb-server --test api", cluster.url);
    let (stop, stopped) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop.send(());
    })?;
    let _ = stopped.recv();
    // Dropping the cluster stops it and removes its folder.
    drop(cluster);
    Ok(())
}
