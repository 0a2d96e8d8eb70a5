//! HAProxy in front of the cluster's servers: round robin, health checks, and a connection
//! refused by a dead server tried again on another.

use std::fs::File;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::shell::{self, cmd, run};

/// The balancer's log file in the cluster's folder.
pub const LOG: &str = "haproxy.log";

/// The path the balancer asks each server for: `/readyz` answers 503 as soon as a server
/// begins to shut down, so that it is taken out before it stops. Not `/healthz`, which also
/// fails when the shared database does not answer: that would take out every server at once.
const HEALTH_CHECK: &str = "/readyz";

/// HAProxy from Debian's package, installed when missing.
pub fn ensure_installed() -> anyhow::Result<()> {
    if Command::new("haproxy").arg("-v").output().is_ok() {
        return Ok(());
    }
    if !shell::is_root() {
        bail!("the multi-server test needs HAProxy: run `sudo apt-get install haproxy`");
    }
    run(cmd("apt-get").arg("update"))?;
    run(cmd("apt-get").args(["install", "-y", "--no-install-recommends", "haproxy"]))
}

/// Starts HAProxy in the foreground on a free port in front of `servers`
/// (`http://127.0.0.1:PORT` each), its configuration and log in `dir`; returns it and its URL
/// once it answers.
pub fn start(dir: &Path, servers: &[&str]) -> anyhow::Result<(Child, String)> {
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let config = dir.join("haproxy.cfg");
    std::fs::write(&config, configuration(port, servers))?;
    let log = File::create(dir.join(LOG))?;
    let mut child = Command::new("haproxy")
        // -db: in the foreground, so that killing this child stops it.
        .arg("-db")
        .arg("-f")
        .arg(&config)
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .context("starting haproxy")?;
    let url = format!("http://127.0.0.1:{port}");
    let health = reqwest::blocking::Client::builder().timeout(Duration::from_secs(2)).build()?;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if health.get(format!("{url}{HEALTH_CHECK}")).send().is_ok_and(|answer| answer.status().is_success()) {
            return Ok((child, url));
        }
        if let Some(status) = child.try_wait()? {
            let text = std::fs::read_to_string(dir.join(LOG)).unwrap_or_default();
            bail!("haproxy exited with {status}:\n{text}");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            bail!("haproxy did not answer within 20 s; see {}", dir.join(LOG).display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The configuration: every request balanced on its own (round robin), a server taken out
/// after two failed checks half a second apart, and a request whose connection a server
/// refused sent to another (`retries` with `redispatch`). Requests a server accepted and then
/// did not answer are not replayed: HAProxy cannot know whether they were carried out, and
/// the clients repeat them with their idempotency keys instead.
fn configuration(port: u16, servers: &[&str]) -> String {
    let mut text = format!(
        "global
    maxconn 4096

defaults
    mode http
    # Each client's address reaches the servers (which trust 127.0.0.1 to say it).
    option forwardfor
    retries 3
    option redispatch 1
    timeout connect 2s
    # Longer than the event streams' 15 s heartbeat, so that an idle stream stays open.
    timeout client 60s
    timeout server 60s
    # Connections that become tunnels (upgrades) live as long as a reader stays.
    timeout tunnel 1h

frontend schrieb
    bind 127.0.0.1:{port}
    default_backend servers

backend servers
    balance roundrobin
    option httpchk GET {HEALTH_CHECK}
    http-check expect status 200
    default-server check inter 500ms fall 2 rise 2
"
    );
    for (index, server) in servers.iter().enumerate() {
        let address = server.trim_start_matches("http://");
        text.push_str(&format!("    server s{index} {address}\n"));
    }
    text
}
