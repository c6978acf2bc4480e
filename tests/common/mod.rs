//! Helpers shared by the integration tests: copy a fixture site into a temp
//! folder, overlay files, run the binary, read the output; build the bundled
//! site and serve it for the browser tests, and run their Node scripts.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

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
    build_with_env(site, out, args, &[])
}

/// [`build`] with environment variables set for tiendo.
pub fn build_with_env(
    site: &Path,
    out: &Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> (i32, String, String) {
    let o = tiendo()
        .envs(env.iter().copied())
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

/// The fixture site with `files` overlaid, built with `args` into `OUT/public`
/// (which must succeed); returns (site, OUT).
pub fn built(files: &[(&str, &str)], args: &[&str]) -> (tempfile::TempDir, tempfile::TempDir) {
    let site = site_with(files);
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = build(site.path(), &out.path().join("public"), args);
    assert_eq!(code, 0, "build failed:\n{stdout}\n{stderr}");
    (site, out)
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

/// The files a build published in `out`, by relative path: [`snapshot`] without
/// `.tiendo-files`, the list that records when each file was written (for the
/// next build to keep unchanged files), which differs between any two builds.
pub fn site_files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = snapshot(out);
    assert!(
        files.remove(".tiendo-files").is_some(),
        "a build writes its list of files"
    );
    files
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

/// The bundled site (this repository's content and theme), built into
/// `target/tmp/` for `http://127.0.0.1:<port>/sub/` and served from that address by
/// [`serve`] in a thread, as a static host would serve it (gzip included).
pub struct Served {
    /// The output folder (served at `/sub/`).
    pub out: PathBuf,
    pub url: String,
    pub stdout: String,
}

/// Builds and serves the bundled site; call it once per test file (through a
/// `OnceLock`), as a build takes a while. The site is built into
/// `target/tmp/served-NAME/`, emptied first: a static is never dropped, so a temp
/// folder would be left behind by every run.
pub fn serve_bundled_site(name: &str) -> Served {
    serve_bundled_site_with(name, &[])
}

/// [`serve_bundled_site`], built with environment variables set for tiendo.
pub fn serve_bundled_site_with(name: &str, env: &[(&str, &str)]) -> Served {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/sub/");
    let docroot = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("served-{name}"));
    if docroot.exists() {
        fs::remove_dir_all(&docroot).unwrap();
    }
    fs::create_dir_all(&docroot).unwrap();
    let out = docroot.join("sub");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, stdout, stderr) = build_with_env(root, &out, &["--base-url", &url], env);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    std::thread::spawn(move || serve(listener, docroot));
    Served { out, url, stdout }
}

/// A static file server for the tests: GET only, one request per connection;
/// text is sent gzip-compressed to a client that accepts it.
fn serve(listener: TcpListener, docroot: PathBuf) {
    for stream in listener.incoming().flatten() {
        let docroot = docroot.clone();
        std::thread::spawn(move || {
            let _ = respond(stream, &docroot);
        });
    }
}

fn respond(mut stream: TcpStream, docroot: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    let mut gzip_ok = false;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("accept-encoding") && value.contains("gzip") {
                gzip_ok = true;
            }
        }
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_decode(path);
    let rel = Path::new(path.trim_start_matches('/'));
    let safe = rel.components().all(|c| matches!(c, Component::Normal(_)));
    let mut file = docroot.join(rel);
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, ctype, mut body) = match (safe, fs::read(&file)) {
        (true, Ok(body)) => ("200 OK", content_type(&file), body),
        _ => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    let mut encoding = "";
    let textual = ctype.starts_with("text/") || ctype.contains("json") || ctype.contains("xml");
    if gzip_ok && textual {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&body)?;
        body = gz.finish()?;
        encoding = "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n";
    }
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n{encoding}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every HTML file of the output, by path relative to it.
pub fn html_files(out: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

/// `tests/browser`, where the browser tests' scripts and npm packages are.
pub fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Fails at once, saying what to run, when the npm packages the browser tests
/// need are missing. Those tests are `#[ignore]`d, so a plain `cargo test` lists
/// them as ignored (never as passed); `cargo test -- --include-ignored` runs them.
pub fn require_browser_packages() {
    assert!(
        browser_dir().join("node_modules/playwright-core").is_dir(),
        "tests/browser/node_modules is missing: run bash .ci/browser-deps.sh first"
    );
}

/// Runs `node tests/browser/<script> args...`, killed after `limit`; returns
/// (success, stdout, stderr).
pub fn node(script: &str, args: &[String], limit: Duration) -> (bool, String, String) {
    run(
        Process::new("node")
            .arg(browser_dir().join(script))
            .args(args),
        limit,
    )
}

/// Runs a command with its output captured, killed after `limit`; returns
/// (success, stdout, stderr).
pub fn run(cmd: &mut Process, limit: Duration) -> (bool, String, String) {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program} ({e}): run bash .ci/browser-deps.sh"));
    // Read both pipes while the child runs, so a chatty child cannot block on a full pipe.
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out_pipe.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err_pipe.read_to_string(&mut s);
        s
    });
    let deadline = Instant::now() + limit;
    let mut stopped = false;
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            stopped = true;
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut stderr = err_reader.join().unwrap();
    if stopped {
        stderr.push_str(&format!("\n{program} was stopped after {limit:?}"));
    }
    (status.success(), out_reader.join().unwrap(), stderr)
}

/// Run `tiendo --color never args...` in `dir`; (exit code, stdout, stderr).
pub fn tiendo_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let o = tiendo()
        .args(["--color", "never"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The files under the site's `content/progress/`, relative to the site, sorted.
pub fn progress_files(site: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(site.join("content/progress"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    v.sort();
    v
}

/// A program of the Python validators (`frictionless`, `check-jsonschema`,
/// `python`) in `tests/python/.venv`; fails at once, saying what to run, when
/// they are not installed.
pub fn python_tool(name: &str) -> PathBuf {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/.venv/bin");
    let tool = bin.join(name);
    assert!(
        tool.is_file(),
        "{} is missing: run bash .ci/python-deps.sh first (it installs the validators of tests/python/requirements.txt)",
        tool.display()
    );
    tool
}

/// `tiendo serve SITE --port 0 EXTRA…` started (with `envs` in its
/// environment), once it says where it listens: the child, its port, and the
/// lines it prints (stdout and stderr) from then on. The caller kills and waits
/// for the child.
#[allow(clippy::zombie_processes)]
pub fn start_serve(
    site: &Path,
    extra: &[&str],
    envs: &[(&str, &str)],
) -> (std::process::Child, u16, std::sync::mpsc::Receiver<String>) {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_tiendo"))
        .args(["--color", "never", "serve"])
        .arg(site)
        .args(["--port", "0"])
        .args(extra)
        .envs(envs.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tiendo serve starts");
    let (tx, rx) = std::sync::mpsc::channel();
    let out = child.stdout.take().unwrap();
    let err = child.stderr.take().unwrap();
    let tx2 = tx.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx2.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(100)) {
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                let port: u16 = rest
                    .split('/')
                    .next()
                    .unwrap()
                    .trim_end_matches(|c: char| !c.is_ascii_digit())
                    .parse()
                    .unwrap();
                return (child, port, rx);
            }
            seen.push(line);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("tiendo serve did not say where it listens: {seen:?}");
}

/// A record of the search index as its fragment file holds it (gzip, then a
/// `pagefind_dcd` signature, then JSON): `url`, `content` (the text excerpts
/// are cut from), `meta`, `filters`.
pub fn search_record(bytes: &[u8]) -> serde_json::Value {
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut text)
        .unwrap();
    assert!(text.starts_with(b"pagefind_dcd"));
    serde_json::from_slice(&text[12..]).unwrap()
}

/// The records in one file of the search index's fragments: Pagefind bundles the
/// fragments of a few pages into a file, an object of them by their hashes.
pub fn search_records_in_file(bytes: &[u8]) -> Vec<serde_json::Value> {
    match search_record(bytes) {
        serde_json::Value::Object(o) if !o.contains_key("url") => o.into_values().collect(),
        one => vec![one],
    }
}

/// Every record of the search index of the site built at `out`.
pub fn search_records(out: &Path) -> Vec<serde_json::Value> {
    fs::read_dir(out.join("pagefind/fragment"))
        .unwrap()
        .flat_map(|e| search_records_in_file(&fs::read(e.unwrap().path()).unwrap()))
        .collect()
}
