//! Building the web app with Trunk and precompressing what it produced.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::shell::{cmd, root, run, tool_path};
use crate::tools;

/// The features the app is built with for the browser, by Trunk (`index.html`) and for the
/// component tests and benchmarks: it takes over pages the server rendered.
pub const BROWSER_FEATURES: &str = "hydrate";

/// Builds the Wasm app into `dist/` (release, size-optimised) and writes `.br` and `.gz`
/// siblings for the server to send as they are.
pub fn build_release() -> anyhow::Result<()> {
    tools::ensure_web_build_tools()?;
    run(cmd("trunk")
        .args(["build", "--release"])
        .env("PATH", tool_path())
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("NO_COLOR", "true"))?;
    precompress(&root().join("dist"))
}

fn precompress(dist: &Path) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dist).context("reading dist/")? {
        let path = entry?.path();
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|ext| matches!(ext, "wasm" | "js" | "css" | "html" | "svg" | "json" | "webmanifest"));
        if !compressible {
            continue;
        }
        let data = std::fs::read(&path)?;
        std::fs::write(with_suffix(&path, "br"), brotli(&data)?)?;
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gzip.write_all(&data)?;
        std::fs::write(with_suffix(&path, "gz"), gzip.finish()?)?;
    }
    Ok(())
}

/// `data` compressed as the server sends it (brotli, best quality).
fn brotli(data: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, ..Default::default() };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    Ok(out)
}

/// How many bytes `data` takes brotli-compressed as the server sends it.
pub fn brotli_size(data: &[u8]) -> anyhow::Result<usize> {
    Ok(brotli(data)?.len())
}

fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    name.into()
}
