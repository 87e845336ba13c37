//! The server's shape, checked from its source: services speak their own language (no
//! `AppError` outside the UI facade and the HTTP layer), internal failures go through
//! `ServiceError` (no bare `map_err(internal)`), no service reaches up into `http`, and no two
//! files import each other (docs/architecture.md).

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

/// Every `.rs` file under `server/src` with its text, comments removed.
fn sources() -> BTreeMap<PathBuf, String> {
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let code: Vec<&str> = text
                    .lines()
                    .map(|l| l.split("//").next().unwrap_or(""))
                    .collect();
                out.insert(path, code.join("\n"));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    walk(&root, &mut out);
    out.into_iter()
        .map(|(p, t)| (p.strip_prefix(&root).unwrap().to_path_buf(), t))
        .collect()
}

fn in_edge(path: &Path) -> bool {
    path.starts_with("ui") || path.starts_with("http")
}

#[test]
fn services_speak_their_own_language() {
    for (path, code) in sources() {
        if !in_edge(&path) {
            assert!(
                !code.contains("AppError"),
                "{} names AppError",
                path.display()
            );
            // The operations commands (`ops`) are an edge of their own: `bench bare` serves.
            assert!(
                path.starts_with("ops") || !code.contains("crate::http"),
                "{} reaches into http",
                path.display()
            );
        }
        assert!(
            !code.contains("map_err(internal)") && !code.contains("storage::internal"),
            "{} maps errors to a bare internal code",
            path.display()
        );
    }
}

/// The module path of a file: `orglife/record.rs` → `[orglife, record]`.
fn module_of(path: &Path) -> Vec<String> {
    let mut parts: Vec<String> = path
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts
        .last()
        .is_some_and(|l| l == "mod" || l == "lib" || l == "main")
    {
        parts.pop();
    }
    parts
}

/// Paths written after `prefix` (`crate::`, `super::`), with `{a, b::c}` groups opened.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (i, _) in code.match_indices(prefix) {
        if code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[i + prefix.len()..];
        let head: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let head: Vec<String> = head
            .split("::")
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let after = &rest[rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len())..];
        if after.starts_with('{') {
            let group = &after[1..after.find('}').unwrap_or(after.len())];
            for item in group.split(',') {
                let item = item.trim().split(' ').next().unwrap_or("");
                if item.is_empty() || item.contains('{') {
                    continue;
                }
                let mut p = head.clone();
                p.extend(item.split("::").filter(|s| !s.is_empty()).map(String::from));
                out.push(p);
            }
        } else {
            out.push(head);
        }
    }
    out
}

#[test]
fn no_two_files_import_each_other() {
    let files = sources();
    let by_module: BTreeMap<Vec<String>, &PathBuf> =
        files.keys().map(|p| (module_of(p), p)).collect();
    // The deepest file a path names (`crate::orglife::record::load` → orglife/record.rs).
    let resolve = |parts: &[String]| {
        (1..=parts.len())
            .rev()
            .find_map(|k| by_module.get(&parts[..k]).copied())
    };
    let mut edges: BTreeMap<&PathBuf, BTreeSet<&PathBuf>> = BTreeMap::new();
    for (path, code) in &files {
        let me = module_of(path);
        let parent = &me[..me.len().saturating_sub(1)];
        let mut targets = paths_after(code, "crate::");
        targets.extend(paths_after(code, "super::").into_iter().map(|p| {
            let mut full = parent.to_vec();
            full.extend(p);
            full
        }));
        for t in targets {
            if let Some(target) = resolve(&t).filter(|t| *t != path) {
                edges.entry(path).or_default().insert(target);
            }
        }
    }
    let mut circles = Vec::new();
    for (a, targets) in &edges {
        for b in targets {
            if a < b && edges.get(b).is_some_and(|back| back.contains(a)) {
                circles.push(format!("{} <-> {}", a.display(), b.display()));
            }
        }
    }
    assert!(
        circles.is_empty(),
        "files importing each other: {circles:?}"
    );
}
