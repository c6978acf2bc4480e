//! The stages import only downward (ARCHITECTURE.md, "Layers"): a file may use
//! the modules of its own layer and of the layers below it, never above. And the
//! files of the stages that make the site (render, search, output) import each
//! other in no loop. Both read the paths in `src/` (`use crate::…`, `super::…`,
//! `crate::x::f(…)` in code, `tiendo::…` in the command line), test modules left
//! out, as `/work/shared/tools/import-cycles` does.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first; the same table as ARCHITECTURE.md's. `lib` is
/// `src/lib.rs` (which re-exports the pipeline's `check` and `build`),
/// `pipeline` the stages in order; `bin` is the command line.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "leaves",
        &["chars", "io", "csv_out", "diagnostics", "cache", "messages"],
    ),
    ("model", &["model", "content"]),
    (
        "stages",
        &["render", "search", "output", "report", "addresses"],
    ),
    ("pipeline", &["lib", "pipeline"]),
    ("commands", &["serve", "import", "scaffold", "rename"]),
    ("cli", &["bin"]),
];

fn layer_of(top: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, mods)| mods.contains(&top))
}

/// One source file: its module path (`["render", "pages", "home"]`; `[]` for
/// lib.rs; `["bin", …]` for the command line) and its text.
struct File {
    path: String,
    module: Vec<String>,
    text: String,
}

fn module_of(rel: &Path) -> Vec<String> {
    let mut segs: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if segs.first().map(String::as_str) == Some("bin") {
        return segs;
    }
    if matches!(segs.last().map(String::as_str), Some("mod" | "lib")) {
        segs.pop();
    }
    segs
}

fn read_src(dir: &Path, root: &Path, out: &mut Vec<File>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            read_src(&p, root, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            let rel = p.strip_prefix(root).unwrap();
            out.push(File {
                path: format!("src/{}", rel.display()),
                module: module_of(rel),
                text: std::fs::read_to_string(&p).unwrap(),
            });
        }
    }
}

/// `text` without its `#[cfg(test)] mod … { … }` blocks and `//` comments.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let Some(open) = after.find('{') else { break };
        let is_mod = after[..open].contains("mod ");
        if !is_mod {
            out.push_str("#[cfg(test)]");
            rest = &after["#[cfg(test)]".len()..];
            continue;
        }
        let mut depth = 0usize;
        let mut end = after.len();
        for (j, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + j + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand_use(body: &str) -> Vec<String> {
    let body: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    fn rec(prefix: &str, s: &str, out: &mut Vec<String>) {
        let Some(open) = s.find('{') else {
            out.push(format!("{prefix}{s}"));
            return;
        };
        let head = &s[..open];
        let inner = &s[open + 1..s.len() - 1];
        let (mut depth, mut cur) = (0i32, String::new());
        let mut parts = Vec::new();
        for c in inner.chars() {
            match c {
                ',' if depth == 0 => parts.push(std::mem::take(&mut cur)),
                '{' => {
                    depth += 1;
                    cur.push(c)
                }
                '}' => {
                    depth -= 1;
                    cur.push(c)
                }
                _ => cur.push(c),
            }
        }
        parts.push(cur);
        for p in parts.iter().filter(|p| !p.is_empty()) {
            rec(&format!("{prefix}{head}"), p, out);
        }
    }
    let mut out = Vec::new();
    rec("", &body, &mut out);
    out
}

/// Every module path a file names, made absolute (`["render", "sink", "Sink"]`).
fn imports(file: &File, modules: &BTreeSet<Vec<String>>) -> Vec<Vec<String>> {
    let code = code_of(&file.text);
    let in_bin = file.module.first().map(String::as_str) == Some("bin");
    let mut paths: Vec<String> = Vec::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find("use ") {
        let before = rest[..i].chars().last();
        rest = &rest[i + 4..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = rest.find(';') else { break };
        paths.extend(expand_use(&rest[..end]));
    }
    // Paths in code: `crate::x::f(…)`, `super::x`, `tiendo::x` (the command line).
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .filter(|w| w.contains("::"))
        .collect();
    paths.extend(words.iter().map(|w| w.to_string()));
    let mut out = Vec::new();
    for p in paths {
        let segs: Vec<&str> = p.split("::").filter(|s| !s.is_empty()).collect();
        let Some(&first) = segs.first() else { continue };
        let abs: Vec<String> = match first {
            "tiendo" if in_bin => segs[1..].iter().map(|s| s.to_string()).collect(),
            "crate" if in_bin => continue,
            "crate" | "tiendo" if segs.len() == 1 => continue,
            "crate" => segs[1..].iter().map(|s| s.to_string()).collect(),
            "super" | "self" if !in_bin => {
                let mut base = file.module.clone();
                let mut k = 0;
                while k < segs.len() && matches!(segs[k], "super" | "self") {
                    if segs[k] == "super" {
                        base.pop();
                    }
                    k += 1;
                }
                if k == segs.len() {
                    continue; // `super::{…}`: its items are read from the `use`
                }
                base.extend(segs[k..].iter().map(|s| s.to_string()));
                base
            }
            _ if !in_bin => {
                // A child module named relative to this one (`views::Strings`
                // in render/mod.rs, `addresses::manifest` in lib.rs).
                let mut child = file.module.clone();
                child.push(first.to_string());
                if !modules.contains(&child) {
                    continue;
                }
                let mut abs = file.module.clone();
                abs.extend(segs.iter().map(|s| s.to_string()));
                abs
            }
            _ => continue,
        };
        out.push(abs);
    }
    out
}

/// The top-level module a path names: `render`, or `lib` for an item of lib.rs.
fn top_of(path: &[String], modules: &BTreeSet<Vec<String>>) -> String {
    match path.first() {
        Some(m) if modules.contains(&vec![m.clone()]) => m.clone(),
        _ => "lib".to_string(),
    }
}

/// The upward imports among `files`: (file, module it imports, why).
fn upward(files: &[File]) -> Vec<String> {
    let modules: BTreeSet<Vec<String>> = files
        .iter()
        .filter(|f| f.module.first().map(String::as_str) != Some("bin"))
        .map(|f| f.module.clone())
        .collect();
    let mut found = Vec::new();
    for f in files {
        let own = match f.module.first() {
            Some(b) if b == "bin" => "bin".to_string(),
            _ => top_of(&f.module, &modules),
        };
        let Some(mine) = layer_of(&own) else {
            found.push(format!(
                "{}: module `{own}` is in no layer of tests/architecture.rs (and ARCHITECTURE.md)",
                f.path
            ));
            continue;
        };
        for p in imports(f, &modules) {
            let top = top_of(&p, &modules);
            if top == own {
                continue;
            }
            match layer_of(&top) {
                Some(theirs) if theirs > mine => found.push(format!(
                    "{} ({}) imports `{}` ({}): a stage imports only downward",
                    f.path,
                    LAYERS[mine].0,
                    p.join("::"),
                    LAYERS[theirs].0
                )),
                Some(_) => {}
                None => found.push(format!("{}: `{top}` is in no layer", f.path)),
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

fn src_files() -> Vec<File> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    read_src(&root, &root, &mut files);
    files
}

#[test]
fn stages_import_only_downward() {
    let files = src_files();
    assert!(files.len() > 40, "{} files", files.len());
    let found = upward(&files);
    assert!(found.is_empty(), "upward imports:\n{}", found.join("\n"));
}

/// The check finds an upward import, and places every new module.
#[test]
fn an_upward_import_is_found() {
    let file = |path: &str, text: &str| File {
        path: format!("src/{path}"),
        module: module_of(Path::new(path)),
        text: text.to_string(),
    };
    let files = vec![
        file("lib.rs", "pub mod render;\npub mod serve;\npub mod model;\npub mod fresh;\n"),
        file("model/mod.rs", "pub struct Site;\n"),
        file(
            "render/mod.rs",
            "use crate::model::Site;\n// use crate::serve::x;\nfn f() { crate::serve::live::go(); }\n\
             #[cfg(test)]\nmod tests { use crate::serve::y; }\n",
        ),
        file("render/urls.rs", "use super::super::serve::{http, live::{A, B}};\n"),
        file("serve/mod.rs", "use crate::render::Urls;\nuse crate::check;\n"),
        file("fresh.rs", "pub fn f() {}\n"),
        file("bin/tiendo/main.rs", "use tiendo::serve;\nuse crate::args;\n"),
    ];
    let found = upward(&files);
    assert_eq!(
        found,
        vec![
            "src/fresh.rs: module `fresh` is in no layer of tests/architecture.rs (and ARCHITECTURE.md)",
            "src/render/mod.rs (stages) imports `serve::live::go` (commands): a stage imports only downward",
            "src/render/urls.rs (stages) imports `serve::http` (commands): a stage imports only downward",
            "src/render/urls.rs (stages) imports `serve::live::A` (commands): a stage imports only downward",
            "src/render/urls.rs (stages) imports `serve::live::B` (commands): a stage imports only downward",
            "src/render/urls.rs (stages) imports `serve` (commands): a stage imports only downward",
        ]
    );
}

/// The files of render, search and output import each other in no loop.
#[test]
fn the_files_that_make_the_site_import_each_other_in_no_loop() {
    let files: Vec<File> = src_files();
    let modules: BTreeSet<Vec<String>> = files
        .iter()
        .filter(|f| f.module.first().map(String::as_str) != Some("bin"))
        .map(|f| f.module.clone())
        .collect();
    let stage = |m: &[String]| {
        matches!(
            m.first().map(String::as_str),
            Some("render" | "search" | "output")
        )
    };
    // File → the files it imports (the longest module path that is a file).
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for f in files.iter().filter(|f| stage(&f.module)) {
        let set = edges.entry(f.module.clone()).or_default();
        for p in imports(f, &modules) {
            let to = (0..=p.len())
                .rev()
                .map(|n| p[..n].to_vec())
                .find(|m| modules.contains(m));
            if let Some(to) = to.filter(|t| stage(t) && *t != f.module) {
                set.insert(to);
            }
        }
    }
    let reaches = |from: &Vec<String>, to: &Vec<String>| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(m) = todo.pop() {
            if &m == to {
                return true;
            }
            if seen.insert(m.clone()) {
                todo.extend(edges.get(&m).into_iter().flatten().cloned());
            }
        }
        false
    };
    let mut loops = Vec::new();
    for (from, tos) in &edges {
        for to in tos {
            if reaches(to, from) {
                loops.push(format!("{} -> {}", from.join("/"), to.join("/")));
            }
        }
    }
    assert!(edges.len() > 20, "{} files", edges.len());
    assert!(loops.is_empty(), "import loops:\n{}", loops.join("\n"));
}
