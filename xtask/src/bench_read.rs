//! The read path beside nginx: the very bytes a thread page answers with, served by nginx as a
//! static file (and precompressed with `gzip_static`), loaded by wrk side by side in one run,
//! plain and with `Accept-Encoding: gzip`. The ratio is the figure: both run on this machine
//! with wrk beside them, so only their relation holds from one machine to the next.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use anyhow::{Context, bail};

use crate::bench::{Load, load};
use crate::server::RunningServer;
use crate::shell::{cmd, is_root, run};

/// What is compared: the API's page and the rendered page of the 10,000-comment thread.
const ANSWERS: [(&str, &str, &str); 2] = [
    ("thread API, page 1 of 10,000", "/api/v1/articles/bench-10k/comments?page=1", "page.json"),
    ("rendered page /a/…, page 1", "/a/bench-10k", "page.html"),
];

/// Loads each answer from schrieb and the same bytes from nginx, plain and gzip, and prints
/// requests/s, p99 and schrieb's share of nginx's rate.
pub fn against_nginx(server: &RunningServer) -> anyhow::Result<()> {
    ensure_nginx()?;
    let dir = std::env::temp_dir().join(format!("schrieb-bench-nginx-{}", std::process::id()));
    let www = dir.join("www");
    std::fs::create_dir_all(&www)?;
    for (_, path, file) in ANSWERS {
        let body = get_body(&server.url, path)?;
        std::fs::write(www.join(file), &body)?;
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
        gzip.write_all(&body)?;
        std::fs::write(www.join(format!("{file}.gz")), gzip.finish()?)?;
    }
    let nginx = Nginx::start(&dir)?;
    let mut rows = Vec::new();
    for (label, path, file) in ANSWERS {
        for (encoding, headers) in [("plain", &[][..]), ("gzip", &["Accept-Encoding: gzip"][..])] {
            let ours = format!("{}{path}", server.url);
            let theirs = format!("{}/{file}", nginx.url);
            // A short warm-up each, so both start with warm caches.
            load(&ours, "2s", headers)?;
            load(&theirs, "2s", headers)?;
            rows.push((
                label,
                encoding,
                load(&ours, crate::bench::DURATION, headers)?,
                load(&theirs, crate::bench::DURATION, headers)?,
            ));
        }
    }
    drop(nginx);
    println!(
        "\nread path beside nginx serving the same bytes, {} connections, {} each (wrk -t2):",
        crate::bench::CONNECTIONS,
        crate::bench::DURATION
    );
    println!(
        "{:<30} {:>6} {:>12} {:>9} {:>12} {:>9} {:>8}",
        "answer", "enc.", "schrieb r/s", "p99 ms", "nginx r/s", "p99 ms", "share"
    );
    for (label, encoding, ours, theirs) in rows {
        let Load { requests_per_second: our_rate, p99_ms: our_p99, .. } = ours;
        let Load { requests_per_second: their_rate, p99_ms: their_p99, .. } = theirs;
        println!(
            "{label:<30} {encoding:>6} {our_rate:>12.0} {our_p99:>9.3} {their_rate:>12.0} {their_p99:>9.3} {:>7.1}%",
            100.0 * our_rate / their_rate
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// nginx in the foreground on a free port, serving `dir/www`; stopped when dropped.
struct Nginx {
    child: Child,
    url: String,
    /// Its folder: configuration, logs, the files served.
    dir: std::path::PathBuf,
}

impl Nginx {
    fn start(dir: &Path) -> anyhow::Result<Self> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let config = dir.join("nginx.conf");
        // As many workers as cores, as schrieb's runtime has threads; no access log, as schrieb
        // writes none at its default level.
        std::fs::write(
            &config,
            format!(
                "worker_processes auto;\ndaemon off;\npid {dir}/nginx.pid;\nerror_log {dir}/error.log;\n\
                 events {{ worker_connections 4096; }}\n\
                 http {{\n  access_log off;\n  types {{ application/json json; text/html html; }}\n  \
                 sendfile on;\n  tcp_nopush on;\n  keepalive_requests 1000000;\n  gzip_static on;\n  \
                 client_body_temp_path {dir}/body;\n  proxy_temp_path {dir}/proxy;\n  \
                 fastcgi_temp_path {dir}/fastcgi;\n  uwsgi_temp_path {dir}/uwsgi;\n  scgi_temp_path {dir}/scgi;\n  \
                 server {{ listen 127.0.0.1:{port}; root {dir}/www; }}\n}}\n",
                dir = dir.display()
            ),
        )?;
        let mut nginx = Command::new("nginx");
        nginx.arg("-c").arg(&config).arg("-p").arg(dir).stdout(Stdio::null());
        if is_root() {
            // Workers would drop to `nobody`, who may not read a temporary folder of root's.
            nginx.arg("-g").arg("user root;");
        }
        let child = nginx.spawn().context("starting nginx")?;
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(Self { child, url, dir: dir.to_owned() });
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        bail!("nginx did not start; see {}", dir.join("error.log").display())
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // Killing the master would leave its workers running: it is asked to stop them.
        let stopped = Command::new("nginx")
            .arg("-c")
            .arg(self.dir.join("nginx.conf"))
            .arg("-p")
            .arg(&self.dir)
            .args(["-s", "stop"])
            .status();
        if !stopped.is_ok_and(|status| status.success()) {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// The body of `GET path` as sent (no `Accept-Encoding`: the plain bytes).
fn get_body(base: &str, path: &str) -> anyhow::Result<Vec<u8>> {
    let address = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address)?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let split = answer.windows(4).position(|window| window == b"\r\n\r\n").context("an HTTP answer")?;
    let head = String::from_utf8_lossy(&answer[..split]).to_ascii_lowercase();
    if !head.starts_with("http/1.1 200") || head.contains("transfer-encoding") {
        bail!("GET {path} did not answer 200 with a plain body:\n{head}");
    }
    Ok(answer[split + 4..].to_vec())
}

fn ensure_nginx() -> anyhow::Result<()> {
    if Command::new("nginx").arg("-v").output().is_ok() {
        return Ok(());
    }
    if !is_root() {
        bail!("the read benchmark compares with nginx: run `sudo apt-get install nginx-light`");
    }
    run(cmd("apt-get").args(["install", "-y", "--no-install-recommends", "nginx-light"]))
}
