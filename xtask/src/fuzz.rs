//! `cargo xtask fuzz`: libFuzzer on the markup parser (`crates/markup/fuzz`).

use crate::shell::{cmd, root, run};
use crate::tools;

/// How long `cargo xtask test` fuzzes: long enough to catch shallow panics on every run.
pub const IN_TESTS_SECONDS: u32 = 60;

/// Fuzzes `schrieb_markup::parse` and its renderers for `seconds`; a crash fails the run and
/// leaves the input under `crates/markup/fuzz/artifacts/`.
pub fn run_for(seconds: u32) -> anyhow::Result<()> {
    tools::ensure_cargo_fuzz()?;
    run(cmd("cargo")
        .current_dir(root().join("crates/markup"))
        .args(["fuzz", "run", "parse", "--", &format!("-max_total_time={seconds}"), "-max_len=4096"])
        // cargo fuzz passes -Z sanitizer flags; this lets the stable toolchain take them.
        .env("RUSTC_BOOTSTRAP", "1"))
}
