//! Installs the tools the build and the tests need, each only when missing or at the wrong
//! version, and only from crates.io, npm, PyPI and Debian (see `../shared/toolchain.md`).

use std::path::PathBuf;

use anyhow::{Context, bail};

use crate::shell::{self, cmd, output_line, run};

/// Trunk's version: every 0.22.x needs a newer rustc than this machine has.
const TRUNK_VERSION: &str = "0.21.14";
/// wasm-opt from npm's binaryen; Debian's 108 breaks modules built by current rustc.
const BINARYEN_VERSION: &str = "132";
/// schemathesis from PyPI: its checks and their defaults change between releases, and a run
/// that passed must pass again.
const SCHEMATHESIS_VERSION: &str = "4.32.5";
/// Isso from PyPI, the lightweight comment system the issue compares schrieb with.
const ISSO_VERSION: &str = "0.14.0";
/// aiosmtpd from PyPI, the mail tests' SMTP server.
const AIOSMTPD_VERSION: &str = "1.4.6";

/// Where npm-installed tools go (inside `target/`, so `cargo clean` takes them too).
pub fn npm_tools_dir() -> PathBuf {
    shell::root().join("target/xtask-tools")
}

/// Everything `trunk build` needs: the wasm32 target, Trunk, wasm-bindgen at the locked
/// version, and wasm-opt.
pub fn ensure_web_build_tools() -> anyhow::Result<()> {
    ensure_wasm_target()?;
    ensure_trunk()?;
    ensure_wasm_bindgen()?;
    ensure_wasm_opt()
}

/// The wasm32 standard library.
pub fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = std::process::Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).lines().any(|t| t == "wasm32-unknown-unknown"));
    if !installed {
        run(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

fn ensure_trunk() -> anyhow::Result<()> {
    let version = output_line("trunk", &["--version"]).unwrap_or_default();
    if version != format!("trunk {TRUNK_VERSION}") {
        eprintln!("installing trunk {TRUNK_VERSION} (found {version:?}); this takes about 15 minutes once");
        run(cmd("cargo").args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]))?;
    }
    Ok(())
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> anyhow::Result<String> {
    let lock = std::fs::read_to_string(shell::root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(version.trim_end_matches('"').to_owned());
        }
    }
    bail!("Cargo.lock has no wasm-bindgen package")
}

fn ensure_wasm_bindgen() -> anyhow::Result<()> {
    let wanted = locked_wasm_bindgen_version()?;
    let found = output_line("wasm-bindgen", &["--version"]).unwrap_or_default();
    let runner = output_line("wasm-bindgen-test-runner", &["--version"]).unwrap_or_default();
    if found != format!("wasm-bindgen {wanted}") || !runner.ends_with(&wanted) {
        eprintln!("installing wasm-bindgen-cli {wanted} (found {found:?}); about 5 minutes once");
        // Not --locked: its lockfile wants a crate version this registry does not have.
        run(cmd("cargo").args(["install", "--force", "wasm-bindgen-cli", "--version", &wanted]))?;
    }
    Ok(())
}

fn ensure_wasm_opt() -> anyhow::Result<()> {
    let dir = npm_tools_dir();
    let wasm_opt = dir.join("node_modules/.bin/wasm-opt");
    let version = output_line(&wasm_opt.to_string_lossy(), &["--version"]).unwrap_or_default();
    if !version.contains(&format!("version_{BINARYEN_VERSION}")) {
        std::fs::create_dir_all(&dir)?;
        run(cmd("npm").current_dir(&dir).args([
            "install",
            "--no-audit",
            "--no-fund",
            "--no-save",
            &format!("binaryen@{BINARYEN_VERSION}"),
        ]))?;
    }
    Ok(())
}

/// Headless Chromium and its driver, from Debian's packages.
pub fn ensure_chromium() -> anyhow::Result<()> {
    let have = |program: &str| output_line(program, &["--version"]).is_some();
    if have("chromium") && have("chromedriver") {
        return Ok(());
    }
    if !shell::is_root() {
        bail!("the browser tests need Chromium and ChromeDriver: run `sudo apt-get install chromium chromium-driver`");
    }
    run(cmd("apt-get").arg("update"))?;
    run(cmd("apt-get").args(["install", "-y", "--no-install-recommends", "chromium", "chromium-driver"]))
}

/// The end-to-end test tools (Playwright's library without its browser download).
pub fn ensure_e2e_packages() -> anyhow::Result<()> {
    let e2e = shell::root().join("e2e");
    // Every package the tests name, not one of them: a folder installed before a package was
    // added must be brought up to date.
    let manifest = std::fs::read_to_string(e2e.join("package.json")).context("reading e2e/package.json")?;
    let manifest: serde_json::Value = serde_json::from_str(&manifest).context("e2e/package.json is not JSON")?;
    let wanted = manifest["devDependencies"].as_object().map(|packages| packages.keys().cloned().collect::<Vec<_>>());
    let missing = wanted
        .unwrap_or_default()
        .iter()
        .any(|package| !e2e.join("node_modules").join(package).join("package.json").exists());
    if missing {
        run(cmd("npm").current_dir(&e2e).args(["ci", "--no-audit", "--no-fund"]))?;
    }
    Ok(())
}

/// cargo-fuzz (libFuzzer). It needs nightly flags, which `fuzz` unlocks on the stable
/// toolchain with `RUSTC_BOOTSTRAP=1`: this machine has no nightly.
pub fn ensure_cargo_fuzz() -> anyhow::Result<()> {
    if output_line("cargo", &["fuzz", "--version"]).is_none() {
        run(cmd("cargo").args(["install", "cargo-fuzz", "--version", "0.13.2"]))?;
    }
    Ok(())
}

/// schemathesis at [`SCHEMATHESIS_VERSION`]: the one on `PATH` when it is that version, else one
/// installed with pip into a virtual environment of its own under `target/`. Returns the
/// program to run.
pub fn ensure_schemathesis() -> anyhow::Result<PathBuf> {
    let wanted = format!("schemathesis, version {SCHEMATHESIS_VERSION}");
    if output_line("schemathesis", &["--version"]).as_deref() == Some(wanted.as_str()) {
        return Ok(PathBuf::from("schemathesis"));
    }
    python_tool("schemathesis", SCHEMATHESIS_VERSION, &wanted)
}

/// aiosmtpd at [`AIOSMTPD_VERSION`], the SMTP server the mail tests talk to
/// (`crates/server/tests/smtp_sink.py`), in a virtual environment of its own under `target/`.
/// Returns that environment's Python, which runs the script.
pub fn ensure_aiosmtpd() -> anyhow::Result<PathBuf> {
    let python = npm_tools_dir().join("aiosmtpd").join("bin").join("python");
    let installed = ["-c", "import aiosmtpd; print(aiosmtpd.__version__)"];
    if output_line(&python.to_string_lossy(), &installed).as_deref() == Some(AIOSMTPD_VERSION) {
        return Ok(python);
    }
    // Its `--version` names the program's path too, so it never equals a fixed line: the
    // package itself says its version above.
    python_tool("aiosmtpd", AIOSMTPD_VERSION, "(installed)")?;
    Ok(python)
}

/// Isso at [`ISSO_VERSION`], the comment system `cargo xtask bench --isso` measures schrieb
/// beside, installed with pip into a virtual environment of its own under `target/`. Returns
/// the program to run.
pub fn ensure_isso() -> anyhow::Result<PathBuf> {
    python_tool("isso", ISSO_VERSION, &format!("isso {ISSO_VERSION}"))
}

/// The program `name` from PyPI at `version`, in a virtual environment of its own under
/// `target/` (Debian's Python refuses system-wide pip installs); installed unless its
/// `--version` already says `wanted`.
fn python_tool(name: &str, version: &str, wanted: &str) -> anyhow::Result<PathBuf> {
    let venv = npm_tools_dir().join(name);
    let program = venv.join("bin").join(name);
    if output_line(&program.to_string_lossy(), &["--version"]).as_deref() == Some(wanted) {
        return Ok(program);
    }
    eprintln!("installing {name} {version} from PyPI into {}", venv.display());
    let make_venv = || run(cmd("python3").arg("-m").arg("venv").arg(&venv));
    if make_venv().is_err() {
        // Debian keeps `venv`'s pip bootstrap in a package of its own.
        if !shell::is_root() {
            bail!("{name} needs Python's venv module: run `sudo apt-get install python3-venv`");
        }
        run(cmd("apt-get").args(["install", "-y", "--no-install-recommends", "python3-venv"]))?;
        let _ = std::fs::remove_dir_all(&venv);
        make_venv()?;
    }
    run(cmd(&venv.join("bin/pip").to_string_lossy()).args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        &format!("{name}=={version}"),
    ]))?;
    Ok(program)
}
