//! Helpers shared by the integration tests: copy a fixture site into a temp
//! folder, overlay files, run the binary, read the output.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copy the folder `from` into `to` (created).
pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A temp copy of the minimal site; `files` (path under the site, text) are
/// written over it, and a path ending in `.delete` removes the file it names.
pub fn site_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), dir.path());
    for (path, text) in files {
        if let Some(gone) = path.strip_suffix(".delete") {
            fs::remove_file(dir.path().join(gone)).unwrap();
            continue;
        }
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

pub fn tiendo() -> Command {
    Command::cargo_bin("tiendo").unwrap()
}

/// Run `tiendo build SITE -o OUT args...`; returns (exit code, stdout, stderr).
pub fn build(site: &Path, out: &Path, args: &[&str]) -> (i32, String, String) {
    let o = tiendo()
        .arg("build")
        .arg(site)
        .arg("-o")
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Every file under `dir` with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            m.insert(rel, fs::read(e.path()).unwrap());
        }
    }
    m
}

pub fn read(out: &Path, path: &str) -> String {
    fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The visible text of an HTML page (script and style left out), whitespace collapsed.
pub fn text(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let body = scraper::Selector::parse("body").unwrap();
    let mut out = String::new();
    if let Some(b) = doc.select(&body).next() {
        for t in b.text() {
            out.push_str(t);
            out.push(' ');
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
