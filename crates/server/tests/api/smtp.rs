//! The tests' SMTP server: aiosmtpd, from PyPI, run by `tests/smtp_sink.py`, which keeps what it
//! received as files. `cargo xtask test` installs it and names its Python in
//! `SCHRIEB_SMTP_PYTHON`; without that variable, the copy `cargo xtask test` made under
//! `target/` is used.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use schrieb_server::mail::{MailConfig, Mailer, SmtpTransport};

/// A running SMTP server; stopped on drop.
pub struct SmtpSink {
    child: Child,
    dir: tempfile::TempDir,
    port: u16,
}

/// A message as the server received it.
pub struct Received {
    /// The raw message.
    pub raw: Vec<u8>,
    /// The envelope's recipients.
    pub to: Vec<String>,
    /// The account that logged in.
    pub login: Option<String>,
}

impl Received {
    /// The message as a mail program reads it.
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default().parse(&self.raw).expect("a message")
    }
}

impl SmtpSink {
    /// Starts one on a free port of loopback.
    pub fn start() -> Self {
        let python = std::env::var_os("SCHRIEB_SMTP_PYTHON").map(PathBuf::from).unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/xtask-tools/aiosmtpd/bin/python")
        });
        assert!(
            python.exists(),
            "the mail tests talk to a real SMTP server, aiosmtpd: `cargo xtask test` installs it \
             (or set SCHRIEB_SMTP_PYTHON to a Python that has it); {} is missing",
            python.display()
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_sink.py");
        let mut child = Command::new(python)
            .arg(script)
            .arg(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the SMTP server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("its port");
        let port = line.trim().parse().unwrap_or_else(|_| panic!("a port, not {line:?}"));
        Self { child, dir, port }
    }

    /// A mailer that sends through this server, logged in, as `schrieb <noreply@schrieb.test>`.
    pub fn mailer(&self) -> Mailer {
        let url = format!("smtp://schrieb:geheim@127.0.0.1:{}", self.port);
        let transport = SmtpTransport::new(&url, "schrieb <noreply@schrieb.test>").expect("a transport");
        Mailer::new(
            Arc::new(transport),
            MailConfig { from: "schrieb <noreply@schrieb.test>".into(), ..MailConfig::default() },
        )
    }

    /// The messages received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        let mut stems: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .expect("the folder")
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        stems.sort();
        stems
            .into_iter()
            .map(|envelope| {
                let meta: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(&envelope).expect("envelope")).expect("json");
                Received {
                    raw: std::fs::read(envelope.with_extension("eml")).expect("message"),
                    to: meta["to"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|to| to.as_str().map(str::to_owned))
                        .collect(),
                    login: meta["login"].as_str().map(str::to_owned),
                }
            })
            .collect()
    }

    /// The messages, once there are at least `count` (within ten seconds).
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        for _ in 0..200 {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{count} messages expected, {} arrived", self.received().len());
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
