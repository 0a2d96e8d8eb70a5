//! `cargo xtask test`: every test layer, cheapest first, failing fast.

use crate::postgres::TestPostgres;
use crate::server::{Build, RunningServer, Thread, xss_suite};
use crate::shell::{cmd, run, tool_path};
use crate::{app, tools};

/// The shared crates must stay buildable for the browser.
const WASM_SAFE_CRATES: [&str; 2] = ["schrieb-api", "schrieb-markup"];

/// Runs everything; any failure stops the run with a non-zero exit.
pub fn all() -> anyhow::Result<()> {
    run(cmd("cargo").args(["fmt", "--all", "--check"]))?;
    tools::ensure_wasm_target()?;
    run(cmd("cargo").args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    run(cmd("cargo").args([
        "clippy",
        "-p",
        "schrieb-web",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--features",
        app::BROWSER_FEATURES,
        "--",
        "-D",
        "warnings",
    ]))?;
    crate::layers::check()?;
    // The mail tests talk to a real SMTP server (aiosmtpd), which they start with this Python;
    // the store's tests to a real PostgreSQL, a cluster of this run's own.
    let smtp_python = tools::ensure_aiosmtpd()?;
    let postgres = TestPostgres::start()?;
    run(cmd("cargo")
        .args(["test", "--workspace"])
        .env("SCHRIEB_SMTP_PYTHON", &smtp_python)
        .env("SCHRIEB_TEST_POSTGRES", &postgres.url))?;
    // The whole API suite again, every app (and every second server beside one) on a database
    // of its own on PostgreSQL.
    run(cmd("cargo")
        .args(["test", "-p", "schrieb-server", "--test", "api"])
        .env("SCHRIEB_SMTP_PYTHON", &smtp_python)
        .env("SCHRIEB_TEST_POSTGRES", &postgres.url)
        .env("SCHRIEB_TEST_DB", "postgres"))?;
    // Three servers of that build on one database behind HAProxy, one killed during writes.
    crate::multi_server::run(&postgres)?;
    drop(postgres);
    let mut wasm_check = cmd("cargo");
    wasm_check.args(["check", "--target", "wasm32-unknown-unknown"]);
    for krate in WASM_SAFE_CRATES {
        wasm_check.args(["-p", krate]);
    }
    run(&mut wasm_check)?;
    crate::fuzz::run_for(crate::fuzz::IN_TESTS_SECONDS)?;

    // Browser layers.
    tools::ensure_chromium()?;
    app::build_release()?;
    run(cmd("cargo")
        .args(["test", "-p", "schrieb-web", "--target", "wasm32-unknown-unknown", "--tests"])
        .args(["--features", app::BROWSER_FEATURES])
        .env("PATH", tool_path())
        .env("CHROMEDRIVER", "/usr/bin/chromedriver"))?;
    // The server `cargo test` built (its integration tests need the program); said out loud,
    // so that it is there even if they stop needing it.
    run(cmd("cargo").args(["build", "-p", "schrieb-server"]))?;
    crate::schemathesis::run_all(Build::Test)?;
    tools::ensure_e2e_packages()?;
    let server = RunningServer::start(
        Build::Test,
        &[
            ("xss-suite", Thread::Bodies(xss_suite()?)),
            // Two pages the editor's tests may post to without moving the demo threads' pages.
            ("schreibwerkstatt", Thread::Generated(30)),
        ],
    )?;
    run(cmd("node")
        .args(["--test", "--test-concurrency=1", "e2e/"])
        .env("SCHRIEB_URL", &server.url)
        .env("SCHRIEB_DB", &server.db)
        .env("SCHRIEB_LINKED_SITE", &server.linked_site)
        .env("SCHRIEB_SERVER", Build::Test.program())
        .env("CHROMIUM", "/usr/bin/chromium"))?;
    drop(server);
    // An import of 100,000 generated Disqus comments with the test build: its time and peak
    // memory are printed, never judged (the budgets are `cargo xtask bench --import`'s).
    crate::bench_import::in_tests()?;
    eprintln!("all test layers passed");
    Ok(())
}
