//! `cargo xtask layers`: which top-level module of the server and of the app uses which, and a
//! check that no two depend on each other (directly or round a longer loop). A cycle means two
//! layers can only be understood, tested and changed together; the domain layer, the database
//! and the HTTP edge of the server, and the API client and the worker bridge of the app, must
//! stay apart.
//!
//! The graph is read from the source: every `crate::name` path (in `use` lists too) and every
//! `super::` that climbs to the crate root. Comments and the test code at the end of a file
//! (`#[cfg(test)]` onwards), and files that are tests as a whole, do not count: tests may use
//! anything.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::shell::root;

/// The crates whose module graph must have no cycle, by the directory of their `src`.
const CRATES: [(&str, &str); 2] = [("schrieb-server", "crates/server/src"), ("schrieb-web", "src")];

/// Which top-level module uses which.
type Graph = BTreeMap<String, BTreeSet<String>>;

/// Layers that may use only the modules listed, beyond having no cycle: the server's data layer
/// only reads and writes, and its domain layer (the rules) knows no HTTP, so that both can be
/// tested, and later swapped (PostgreSQL) or driven from elsewhere (imports, the command line).
/// `diff` (word-level changes between revisions) is plain text work the domain may use.
const ONLY: [(&str, &str, &[&str]); 2] =
    [("schrieb-server", "db", &[]), ("schrieb-server", "domain", &["db", "diff", "limits"])];

/// Prints each crate's module graph and fails if one has a cycle.
pub fn check() -> anyhow::Result<()> {
    let mut cycles = Vec::new();
    for (name, dir) in CRATES {
        let graph = graph(&root().join(dir))?;
        eprintln!("{name}: which module uses which");
        for (module, uses) in &graph {
            let uses: Vec<&str> = uses.iter().map(String::as_str).collect();
            eprintln!("  {module} -> {}", if uses.is_empty() { "-".into() } else { uses.join(", ") });
        }
        cycles.extend(strongly_connected(&graph).into_iter().map(|cycle| format!("{name}: {}", cycle.join(" <-> "))));
        for (_, module, allowed) in ONLY.iter().filter(|(krate, ..)| *krate == name) {
            let Some(uses) = graph.get(*module) else { bail!("{name} has no module {module}") };
            let beyond: Vec<&str> = uses.iter().map(String::as_str).filter(|used| !allowed.contains(used)).collect();
            if !beyond.is_empty() {
                cycles.push(format!(
                    "{name}: {module} may use only [{}], but uses {}",
                    allowed.join(", "),
                    beyond.join(", ")
                ));
            }
        }
    }
    if !cycles.is_empty() {
        bail!("modules out of their layer:\n  {}", cycles.join("\n  "));
    }
    eprintln!("no module depends on another that depends back on it, and every layer keeps to its own");
    Ok(())
}

/// The module graph of the crate whose source is in `src`.
fn graph(src: &Path) -> anyhow::Result<Graph> {
    let mut graph = Graph::new();
    for entry in fs::read_dir(src).with_context(|| format!("reading {}", src.display()))? {
        let path = entry?.path();
        let Some(module) = top_level_module(&path) else { continue };
        graph.entry(module.clone()).or_default();
        for file in rust_files(&path)? {
            let depth = file.strip_prefix(src).map(|relative| relative.components().count()).unwrap_or(1);
            let text = fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            for used in used_modules(&text, depth) {
                if used != module {
                    graph.entry(module.clone()).or_default().insert(used);
                }
            }
        }
    }
    // Only edges between modules of the crate (`crate::i18n` may be generated, say).
    let known: BTreeSet<String> = graph.keys().cloned().collect();
    for uses in graph.values_mut() {
        uses.retain(|used| known.contains(used));
    }
    Ok(graph)
}

/// `name` for `name.rs` or the directory `name/`; `None` for the crate root files.
fn top_level_module(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let is_module = if path.is_dir() { true } else { path.extension().is_some_and(|ext| ext == "rs") };
    (is_module && !matches!(stem, "lib" | "main")).then(|| stem.to_owned())
}

/// `path` if it is a Rust file, or the Rust files under it, leaving out whole-file tests.
fn rust_files(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if path.is_file() {
        return Ok(if path.extension().is_some_and(|ext| ext == "rs") { vec![path.to_owned()] } else { vec![] });
    }
    let mut files = Vec::new();
    for entry in fs::read_dir(path)? {
        let path = entry?.path();
        let is_tests = path.file_stem().is_some_and(|stem| stem == "tests");
        if !is_tests {
            files.extend(rust_files(&path)?);
        }
    }
    Ok(files)
}

/// The top-level modules a file `depth` levels below `src` names, outside comments and tests.
fn used_modules(text: &str, depth: usize) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for line in text.lines() {
        let code = line.trim_start();
        if code.starts_with("#[cfg(test)]") {
            break;
        }
        if code.starts_with("//") {
            continue;
        }
        let code = code.split(" //").next().unwrap_or(code);
        for (at, _) in code.match_indices("crate::") {
            used.extend(first_segments(&code[at + "crate::".len()..]));
        }
        // `super::` from a top-level module's own file (depth 1) is the crate root; from a file
        // in its directory, one more `super::` per level.
        let climb = "super::".repeat(depth);
        for (at, _) in code.match_indices(&climb) {
            let before = &code[..at];
            if !before.ends_with("super::") {
                used.extend(first_segments(&code[at + climb.len()..]));
            }
        }
    }
    used
}

/// The module named first in a path's rest: `db::DbError` → `db`; `{api, pwa::x}` → both.
fn first_segments(rest: &str) -> Vec<String> {
    let identifier = |text: &str| -> String {
        text.trim_start().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
    };
    if let Some(list) = rest.strip_prefix('{') {
        let mut depth = 0;
        let mut items = Vec::new();
        let mut start = 0;
        for (at, c) in list.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    items.push(&list[start..at]);
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(&list[start..at]);
                    start = at + 1;
                }
                _ => {}
            }
        }
        return items.into_iter().map(identifier).filter(|name| is_module_name(name)).collect();
    }
    let name = identifier(rest);
    if is_module_name(&name) { vec![name] } else { vec![] }
}

/// Modules are snake case; a capital letter starts an item of the crate root (`crate::App`).
fn is_module_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && name != "self"
}

/// The groups of modules that depend on each other (Tarjan's algorithm), each sorted.
fn strongly_connected(graph: &Graph) -> Vec<Vec<String>> {
    struct Walk<'a> {
        graph: &'a Graph,
        next: usize,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        groups: Vec<Vec<String>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, module: &'a str) {
            self.index.insert(module, self.next);
            self.low.insert(module, self.next);
            self.next += 1;
            self.stack.push(module);
            self.on_stack.insert(module);
            for used in self.graph.get(module).into_iter().flatten() {
                if !self.index.contains_key(used.as_str()) {
                    self.visit(used);
                    let low = self.low[module].min(self.low[used.as_str()]);
                    self.low.insert(module, low);
                } else if self.on_stack.contains(used.as_str()) {
                    let low = self.low[module].min(self.index[used.as_str()]);
                    self.low.insert(module, low);
                }
            }
            if self.low[module] == self.index[module] {
                let mut group = Vec::new();
                while let Some(top) = self.stack.pop() {
                    self.on_stack.remove(top);
                    group.push(top.to_owned());
                    if top == module {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.groups.push(group);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        next: 0,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        groups: Vec::new(),
    };
    for module in graph.keys() {
        if !walk.index.contains_key(module.as_str()) {
            walk.visit(module);
        }
    }
    walk.groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph_of(edges: &[(&str, &str)]) -> Graph {
        let mut graph = Graph::new();
        for (from, to) in edges {
            graph.entry((*from).into()).or_default().insert((*to).into());
            graph.entry((*to).into()).or_default();
        }
        graph
    }

    #[test]
    fn paths_lists_and_climbs_are_read() {
        let text = "use crate::db::{DbError, Repository};\nuse crate::{api, pwa::outbox};\n\
                    // crate::commented\nlet x = super::routes::MAX; // crate::trailing\n\
                    #[cfg(test)]\nuse crate::tests_only;";
        let used: Vec<String> = used_modules(text, 1).into_iter().collect();
        assert_eq!(used, ["api", "db", "pwa", "routes"]);
        // From a file one level down, one `super::` is its own module.
        assert!(used_modules("use super::sibling;", 2).is_empty());
        assert_eq!(used_modules("use super::super::db;", 2).into_iter().collect::<Vec<_>>(), ["db"]);
        assert!(used_modules("use crate::App;", 1).is_empty());
    }

    #[test]
    fn a_loop_of_any_length_is_a_cycle_and_a_chain_is_not() {
        let chain = graph_of(&[("routes", "domain"), ("domain", "db"), ("routes", "db")]);
        assert!(strongly_connected(&chain).is_empty());
        let round = graph_of(&[("routes", "domain"), ("domain", "db"), ("db", "routes"), ("x", "db")]);
        assert_eq!(strongly_connected(&round), vec![vec!["db", "domain", "routes"]]);
    }
}
