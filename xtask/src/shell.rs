//! Running commands with their output visible, from the workspace root.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

/// The workspace root (xtask lives one folder below it).
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// A command that runs in the workspace root.
pub fn cmd(program: &str) -> Command {
    let mut command = Command::new(program);
    command.current_dir(root());
    command
}

/// Runs `command`, failing with its command line when it fails.
pub fn run(command: &mut Command) -> anyhow::Result<()> {
    let mut line = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    eprintln!("==> {line}");
    let status = command.status().with_context(|| format!("starting {line}"))?;
    if !status.success() {
        bail!("{line} failed with {status}");
    }
    Ok(())
}

/// The first line a command prints, if it runs at all.
pub fn output_line(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).lines().next().unwrap_or("").trim().to_owned())
}

/// Whether this process runs as root (so it may install Debian packages).
pub fn is_root() -> bool {
    output_line("id", &["-u"]).as_deref() == Some("0")
}

/// `PATH` with the tool folders xtask installs into put first.
pub fn tool_path() -> String {
    let npm_bin = tools::npm_tools_dir().join("node_modules/.bin");
    let cargo_bin =
        std::env::var("CARGO_HOME").map(PathBuf::from).unwrap_or_else(|_| home().join(".cargo")).join("bin");
    let existing = std::env::var("PATH").unwrap_or_default();
    format!("{}:{}:{existing}", npm_bin.display(), cargo_bin.display())
}

/// The user's home folder.
pub fn home() -> PathBuf {
    std::env::var("HOME").map(PathBuf::from).unwrap_or_else(|_| PathBuf::from("/root"))
}

use crate::tools;
