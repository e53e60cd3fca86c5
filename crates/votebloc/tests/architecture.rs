//! The dependency rule of `DESIGN.md`, checked on the source: modules depend only on modules
//! of an earlier layer of the pipeline ([`LAYERS`]), and no two source files depend on each
//! other, directly or through others.
//!
//! Dependencies are read from the code (comments and `#[cfg(test)]` code left out): every
//! path that starts with `crate::` or `super::`, in `use` declarations and inline, resolved
//! to the file of the longest module it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The pipeline order, one layer per line: a module may use the modules of earlier layers
/// only (never one of its own layer but itself, never a later one). `""` is the crate root
/// (`lib.rs`: `DEFAULT_SEED` and the re-exports). A new top-level module must be placed here.
const LAYERS: &[&[&str]] = &[
    &["", "choice", "params"],
    &["model"],
    &["format", "ingest", "synthetic"],
    &["matrix"],
    &["similarity"],
    &["graph", "layout", "stage", "agreement"],
    &["cluster", "ideal"],
    &["swing", "cohesion", "memory"],
    &["analysis"],
    &["timeline"],
    &["profile"],
    &["export"],
    &["report"],
];

/// The library's source files, by module path (`["cluster", "leiden"]` for
/// `cluster/leiden/mod.rs`), with their code less comments and test code.
fn sources(root: &Path) -> BTreeMap<Vec<String>, (PathBuf, String)> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut modules = BTreeMap::new();
    let mut test_only = BTreeSet::new();
    for path in &files {
        let relative = path.strip_prefix(root).unwrap();
        let mut module: Vec<String> = relative
            .iter()
            .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_string())
            .collect();
        if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
            module.pop();
        }
        let text = std::fs::read_to_string(path).unwrap();
        // `#[cfg(test)] mod name;`: a file of tests.
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for pair in lines.windows(2) {
            if pair[0] == "#[cfg(test)]"
                && let Some(name) = pair[1]
                    .trim_start_matches("pub(crate) ")
                    .strip_prefix("mod ")
                    .and_then(|rest| rest.strip_suffix(';'))
            {
                let mut child = module.clone();
                child.push(name.to_string());
                test_only.insert(child);
            }
        }
        modules.insert(module, (path.clone(), code_of(&text)));
    }
    modules.retain(|module, _| !test_only.contains(module));
    modules
}

/// The code of a file without comments and without its `#[cfg(test)]` items (by the
/// project's convention the test module ends the file).
fn code_of(text: &str) -> String {
    let mut code = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed == "#[cfg(test)]" {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let line = match line.find("//") {
            // A `//` inside a string (a URL) keeps the line: dependencies come before it.
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        code.push_str(line);
        code.push('\n');
    }
    code
}

/// Every path of `code` that starts with `crate` or `super`, braces of `use` trees
/// expanded: `use super::{a, b::c};` gives `super::a` and `super::b::c`.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_');
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        if starts_word && (rest.starts_with("crate::") || rest.starts_with("super::")) {
            let end = tree_end(&bytes, i);
            let tree: String = bytes[i..end]
                .iter()
                .filter(|c| !c.is_whitespace())
                .collect();
            expand(&tree, &mut found);
            i = end;
        } else {
            i += 1;
        }
    }
    found
}

/// The end of the path (or `use` tree) starting at `start`.
fn tree_end(chars: &[char], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i < chars.len() {
        match chars[i] {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            c if depth > 0 && (c.is_whitespace() || c == ',') => {}
            c if c.is_alphanumeric() || c == '_' || c == ':' || c == '*' => {}
            _ if depth == 0 => break,
            _ => {}
        }
        i += 1;
    }
    i
}

fn expand(tree: &str, found: &mut Vec<Vec<String>>) {
    match tree.find('{') {
        None => found.push(
            tree.split("::")
                .filter(|s| !s.is_empty() && *s != "*")
                .map(str::to_string)
                .collect(),
        ),
        Some(open) => {
            let prefix = &tree[..open];
            let inner = tree[open + 1..]
                .strip_suffix('}')
                .unwrap_or(&tree[open + 1..]);
            let mut depth = 0;
            let mut part = String::new();
            let mut parts = Vec::new();
            for c in inner.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        parts.push(std::mem::take(&mut part));
                        continue;
                    }
                    _ => {}
                }
                part.push(c);
            }
            parts.push(part);
            for part in parts.into_iter().filter(|p| !p.is_empty()) {
                let part = if part == "self" { "" } else { part.as_str() };
                expand(&format!("{prefix}{part}"), found);
            }
        }
    }
}

/// The module a path of `from` names: `crate`/`super` resolved, then the longest prefix
/// that is a module of `modules`.
fn target<'m>(
    from: &[String],
    path: &[String],
    modules: &'m BTreeMap<Vec<String>, (PathBuf, String)>,
) -> Option<&'m Vec<String>> {
    let mut base: Vec<String> = from.to_vec();
    let mut segments = path;
    match segments.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            segments = &segments[1..];
        }
        Some("super") => {
            // In `a/b.rs` (module a::b) `super` is a; in `a/mod.rs` (module a) it is the root.
            while segments.first().map(String::as_str) == Some("super") {
                base.pop();
                segments = &segments[1..];
            }
        }
        _ => return None,
    }
    let mut best = None;
    let mut module = base.clone();
    if let Some((key, _)) = modules.get_key_value(&module) {
        best = Some(key);
    }
    for segment in segments {
        module.push(segment.clone());
        match modules.get_key_value(&module) {
            Some((key, _)) => best = Some(key),
            None => break,
        }
    }
    best
}

fn layer_of(module: &[String]) -> usize {
    let top = module.first().map_or("", String::as_str);
    LAYERS
        .iter()
        .position(|layer| layer.contains(&top))
        .unwrap_or_else(|| panic!("module {top:?} is in no layer of LAYERS: place it there"))
}

/// File → files it uses.
fn dependencies(
    modules: &BTreeMap<Vec<String>, (PathBuf, String)>,
) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let mut graph = BTreeMap::new();
    for (module, (_, code)) in modules {
        let uses: &mut BTreeSet<Vec<String>> = graph.entry(module.clone()).or_default();
        for found in paths(code) {
            if let Some(to) = target(module, &found, modules)
                && to != module
            {
                uses.insert(to.clone());
            }
        }
    }
    graph
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn modules_depend_on_earlier_layers_only() {
    let modules = sources(&src());
    let mut wrong = Vec::new();
    for (from, uses) in dependencies(&modules) {
        for to in uses {
            let (a, b) = (layer_of(&from), layer_of(&to));
            let same_top = from.first() == to.first();
            if !same_top && b >= a {
                wrong.push(format!(
                    "{} (layer {a}) uses {} (layer {b})",
                    from.join("::"),
                    to.join("::")
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "dependencies against the pipeline order:\n{}",
        wrong.join("\n")
    );
}

/// The cycles of the file graph, each as `a → b → … → a` (one per back edge of a depth-first
/// search).
fn cycles(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<String> {
    // Depth-first search; a back edge closes a cycle.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let names: Vec<&Vec<String>> = graph.keys().collect();
    let index: BTreeMap<&Vec<String>, usize> =
        names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let mut mark = vec![Mark::New; names.len()];
    let mut cycles = Vec::new();
    fn visit(
        node: usize,
        names: &[&Vec<String>],
        index: &BTreeMap<&Vec<String>, usize>,
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        mark: &mut Vec<Mark>,
        stack: &mut Vec<usize>,
        cycles: &mut Vec<String>,
    ) {
        mark[node] = Mark::Open;
        stack.push(node);
        for next in &graph[names[node]] {
            let Some(&next) = index.get(next) else {
                continue;
            };
            match mark[next] {
                Mark::New => visit(next, names, index, graph, mark, stack, cycles),
                Mark::Open => {
                    let start = stack.iter().position(|&n| n == next).unwrap_or(0);
                    let cycle: Vec<String> = stack[start..]
                        .iter()
                        .chain(std::iter::once(&next))
                        .map(|&n| names[n].join("::"))
                        .collect();
                    cycles.push(cycle.join(" → "));
                }
                Mark::Done => {}
            }
        }
        stack.pop();
        mark[node] = Mark::Done;
    }
    for node in 0..names.len() {
        if mark[node] == Mark::New {
            visit(
                node,
                &names,
                &index,
                graph,
                &mut mark,
                &mut Vec::new(),
                &mut cycles,
            );
        }
    }
    cycles
}

#[test]
fn no_cycle_between_source_files() {
    let found = cycles(&dependencies(&sources(&src())));
    assert!(
        found.is_empty(),
        "cycles between source files:\n{}",
        found.join("\n")
    );
}

/// The checks find what they must: a use of a later layer and a cycle.
#[test]
fn the_checks_see_uses_and_cycles() {
    let mut modules = BTreeMap::new();
    let file = |code: &str| (PathBuf::from("x.rs"), code_of(code));
    let m = |s: &str| s.split("::").map(str::to_string).collect::<Vec<_>>();
    modules.insert(m("model"), file("use crate::report::html::{self, page};\n"));
    modules.insert(m("report"), file("fn f() { crate::model::x(); }\n"));
    modules.insert(
        m("report::html"),
        file("use super::{a, b::c};\n// crate::ingest\n"),
    );
    let graph = dependencies(&modules);
    assert_eq!(graph[&m("model")], BTreeSet::from([m("report::html")]));
    assert_eq!(graph[&m("report")], BTreeSet::from([m("model")]));
    assert_eq!(graph[&m("report::html")], BTreeSet::from([m("report")]));
    assert!(layer_of(&m("report::html")) > layer_of(&m("model")));
    assert_eq!(cycles(&graph), ["model → report::html → report → model"]);
}
