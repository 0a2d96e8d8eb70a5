//! `cargo xtask size`: what readers download of the app, and which crates it is made of.
//!
//! Builds the release app with Trunk, prints the sizes of `dist/`'s Wasm and JavaScript as
//! served (brotli), then breaks the Wasm down by crate with twiggy. Trunk's wasm-opt strips
//! function names, so the breakdown is taken from the same cargo output, bound by wasm-bindgen
//! and optimized by wasm-opt as Trunk does but with `-g`: its code and data match the shipped
//! module to within a few bytes, and every function keeps its name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

use crate::shell::{cmd, root, run, tool_path};
use crate::{app, tools};

/// Prints the app's download and its breakdown by crate.
pub fn report() -> anyhow::Result<()> {
    app::build_release()?;
    ensure_twiggy()?;
    let dist = root().join("dist");
    println!("\nthe app as readers download it (dist/, brotli as served):");
    for suffix in ["_bg.wasm", ".js"] {
        let file = find_in(&dist, suffix)?;
        let raw = std::fs::metadata(&file)?.len();
        let brotli = std::fs::metadata(with_br(&file))?.len();
        println!("  {:<44} {raw:>10} B raw {brotli:>10} B brotli", file_name(&file));
    }
    let named = named_module()?;
    let items = top_items(&named)?;
    let by_crate = by_crate(&items);
    let total: u64 = by_crate.iter().map(|(_, size)| size).sum();
    println!("\nWasm code and data by crate (twiggy, shallow bytes before compression; ~{total} B):");
    for (name, size) in by_crate.iter().take(30) {
        println!("  {name:<28} {size:>10} B {:>6.1} %", *size as f64 * 100.0 / total as f64);
    }
    let rest: u64 = by_crate.iter().skip(30).map(|(_, size)| size).sum();
    println!("  {:<28} {rest:>10} B {:>6.1} %", "(all other crates)", rest as f64 * 100.0 / total as f64);
    println!("\nlargest generic functions by their copies (twiggy monos):");
    run(cmd("twiggy").args(["monos", "-n", "12", "-m", "3"]).arg(&named).env("PATH", tool_path()))
}

/// The cargo output of Trunk's last release build, bound and optimized with names kept.
fn named_module() -> anyhow::Result<PathBuf> {
    let built = root().join("target/wasm32-unknown-unknown/wasm-release/schrieb-web.wasm");
    let out = root().join("target/size");
    std::fs::create_dir_all(&out)?;
    run(cmd("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(&out)
        .arg(&built)
        .env("PATH", tool_path()))?;
    let named = out.join("named.wasm");
    let wasm_opt = tools::npm_tools_dir().join("node_modules/.bin/wasm-opt");
    run(cmd(&wasm_opt.to_string_lossy())
        .arg(out.join("schrieb-web_bg.wasm"))
        .args(["-Oz", "-g", "--strip-dwarf"])
        .args(crate::wasm_bench::WASM_FEATURES)
        .arg("-o")
        .arg(&named))?;
    Ok(named)
}

/// One row of `twiggy top --format json`.
#[derive(Deserialize)]
struct Item {
    name: String,
    shallow_size: u64,
}

fn top_items(module: &Path) -> anyhow::Result<Vec<Item>> {
    let output = std::process::Command::new("twiggy")
        .args(["top", "-n", "1000000", "--format", "json"])
        .arg(module)
        .env("PATH", tool_path())
        .output()
        .context("running twiggy")?;
    if !output.status.success() {
        bail!("twiggy failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}

/// Sums the items by the crate they belong to, largest first. The name sections are left
/// out: they exist only in this measuring copy.
fn by_crate(items: &[Item]) -> Vec<(String, u64)> {
    let mut sums = BTreeMap::<String, u64>::new();
    for item in items.iter().filter(|item| !item.name.ends_with("names\" subsection")) {
        *sums.entry(crate_of(&item.name).to_owned()).or_default() += item.shallow_size;
    }
    let mut sums: Vec<_> = sums.into_iter().collect();
    sums.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sums
}

/// Types whose crates only carry another crate's code in a trait impl: `<either_of::EitherOf3<…> as
/// leptos_router::ChooseView>::choose` is the router's code.
const CARRIERS: &[&str] = &[
    "core",
    "alloc",
    "std",
    "either_of",
    "str",
    "bool",
    "char",
    "f32",
    "f64",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
];

/// The crate a twiggy item belongs to, from its demangled name. Approximate by nature: a
/// generic function instantiated for our types counts for the crate that defines it.
fn crate_of(name: &str) -> &str {
    if name.starts_with("data segment") {
        return "(data: strings, tables)";
    }
    if name.starts_with("code[") || name.starts_with("import ") || !name.contains("::") {
        return "(unnamed: glue, imports)";
    }
    // The standard library's crates carry a hash when they are named in full: `core[c593…]`.
    fn first_path(text: &str) -> &str {
        let text =
            text.trim_start_matches(['<', '&', '*', '[', '(']).trim_start_matches("mut ").trim_start_matches("dyn ");
        let head = text.split("::").next().unwrap_or(text);
        head.split('[').next().filter(|name| !name.is_empty()).unwrap_or(head)
    }
    if let Some(inner) = name.strip_prefix('<')
        && let Some((ty, rest)) = inner.split_once(" as ")
    {
        let ty_crate = first_path(ty);
        // A generic parameter (`T`), a slice or tuple, or a type of the standard library.
        let named = ty_crate.len() > 1 && ty_crate.chars().all(|c| c.is_alphanumeric() || c == '_');
        let is_carrier = !named || CARRIERS.contains(&ty_crate);
        return if is_carrier { first_path(rest) } else { ty_crate };
    }
    first_path(name)
}

fn find_in(dir: &Path, suffix: &str) -> anyhow::Result<PathBuf> {
    std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .find(|path| path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(suffix)))
        .with_context(|| format!("no *{suffix} in {}", dir.display()))
}

fn with_br(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".br");
    name.into()
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// twiggy from crates.io, installed once into cargo's bin folder.
fn ensure_twiggy() -> anyhow::Result<()> {
    let present = std::process::Command::new("twiggy").arg("--version").env("PATH", tool_path()).output();
    if present.is_ok_and(|output| output.status.success()) {
        return Ok(());
    }
    run(cmd("cargo").args(["install", "twiggy", "--version", "0.8.0", "--locked"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_grouped_by_the_crate_whose_code_they_are() {
        let cases = [
            ("tachys::html::element::HtmlElement<E,At,Ch>::build::h12", "tachys"),
            ("<tachys::view::Foo<T> as core::fmt::Debug>::fmt::h1", "tachys"),
            (
                "<either_of::EitherOf12<A,B> as leptos_router::matching::ChooseView>::choose::{{closure}}",
                "leptos_router",
            ),
            ("<T as tachys::view::any_view::IntoAny>::into_any::build::h1", "tachys"),
            ("<&T as core::fmt::Display>::fmt::h2", "core"),
            ("<alloc::vec::Vec<T> as serde_core::de::Deserialize>::deserialize::h3", "serde_core"),
            ("schrieb_web::components::thread::discussion::Discussion::h6", "schrieb_web"),
            ("data segment \".rodata.41\"", "(data: strings, tables)"),
            ("code[8166]", "(unnamed: glue, imports)"),
            ("__divti3", "(unnamed: glue, imports)"),
            ("import ./schrieb-web_bg.js __wbg_foo", "(unnamed: glue, imports)"),
            ("core[c5930c85a12de822]::fmt::write::h1", "core"),
            ("<f64 as core::fmt::Display>::fmt::h1", "core"),
            ("<[T] as core::fmt::Debug>::fmt::h1", "core"),
        ];
        for (name, expected) in cases {
            assert_eq!(crate_of(name), expected, "{name}");
        }
    }

    #[test]
    fn the_sum_by_crate_leaves_out_the_name_sections_and_sorts_largest_first() {
        let item = |name: &str, shallow_size| Item { name: name.into(), shallow_size };
        let items = [
            item("\"function names\" subsection", 1000),
            item("serde::de::a::h1", 5),
            item("tachys::b::h2", 7),
            item("serde::de::c::h3", 4),
        ];
        assert_eq!(by_crate(&items), [("serde".to_owned(), 9), ("tachys".to_owned(), 7)]);
    }
}
