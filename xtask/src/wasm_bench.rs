//! The markup budgets in the browser's terms: how long a thread page takes to parse and
//! render in headless Chromium, and how much the parser adds to the Wasm download.

use std::path::Path;

use anyhow::Context;

use crate::app::brotli_size;
use crate::shell::{cmd, root, run, tool_path};
use crate::tools;

/// wasm-opt's feature flags for what current rustc emits for wasm32 (as in index.html).
pub const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Parse + render of a 20-comment page of 800-character comments (`benches/render.rs`), built
/// like the shipped app and run by wasm-bindgen-test's criterion in headless Chromium.
pub fn render_time() -> anyhow::Result<()> {
    tools::ensure_web_build_tools()?;
    tools::ensure_chromium()?;
    run(cmd("cargo")
        .args(["bench", "-p", "schrieb-web", "--target", "wasm32-unknown-unknown", "--profile", "wasm-release"])
        .args(["--bench", "render", "--features", crate::app::BROWSER_FEATURES])
        .env("PATH", tool_path())
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        // The benchmark holds the page's thread for its whole run; the runner's default 20 s
        // poll would give up on it.
        .env("WASM_BINDGEN_TEST_TIMEOUT", "300"))
}

/// Builds `crates/markup/size-probe` with and without the parser, optimizes both as Trunk
/// optimizes the app, and prints their sizes raw and brotli-compressed: the difference is what
/// schrieb-markup (with pulldown-cmark) adds to the app.
pub fn parser_size() -> anyhow::Result<()> {
    tools::ensure_web_build_tools()?;
    let out_dir = root().join("target/size-probe");
    std::fs::create_dir_all(&out_dir)?;
    let mut sizes = Vec::new();
    for (label, features) in [("without the parser", None), ("with the parser", Some("parser"))] {
        let mut build = cmd("cargo");
        build.args(["build", "-p", "schrieb-markup-size-probe", "--lib", "--target", "wasm32-unknown-unknown"]);
        build.args(["--profile", "wasm-release"]);
        if let Some(features) = features {
            build.args(["--features", features]);
        }
        run(&mut build)?;
        let built = root().join("target/wasm32-unknown-unknown/wasm-release/schrieb_markup_size_probe.wasm");
        let optimized = out_dir.join(format!("{}.wasm", features.unwrap_or("base")));
        optimize(&built, &optimized)?;
        let data = std::fs::read(&optimized).with_context(|| format!("reading {}", optimized.display()))?;
        sizes.push((label, data.len(), brotli_size(&data)?));
    }
    println!("\nWasm size of the markup parser (probe module, wasm-opt -Oz as the app):");
    println!("{:<24} {:>12} {:>12}", "module", "raw B", "brotli B");
    for (label, raw, brotli) in &sizes {
        println!("{label:<24} {raw:>12} {brotli:>12}");
    }
    if let [(_, base_raw, base_br), (_, raw, br)] = sizes.as_slice() {
        println!("{:<24} {:>12} {:>12}", "added by the parser", raw - base_raw, br - base_br);
    }
    Ok(())
}

fn optimize(input: &Path, output: &Path) -> anyhow::Result<()> {
    let wasm_opt = tools::npm_tools_dir().join("node_modules/.bin/wasm-opt");
    run(cmd(&wasm_opt.to_string_lossy())
        .arg(input)
        .args(["-Oz", "--strip-debug", "--strip-producers"])
        .args(WASM_FEATURES)
        .arg("-o")
        .arg(output))
}
