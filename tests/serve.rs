//! `tiendo serve` driven for real: the binary on a free port, pages fetched over
//! HTTP, content files added, broken and fixed on disk while it runs; and the
//! incremental rebuild compared with a full build of the same content.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use tiendo::serve::{Live, Outcome, Store};

/// How long a change may take to show (generous: CI machines are shared).
const PATIENCE: Duration = Duration::from_secs(30);

/// A `tiendo serve` child process, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    lines: mpsc::Receiver<String>,
}

impl Server {
    // The child is kept in the returned `Server`, whose `Drop` kills and waits for it.
    #[allow(clippy::zombie_processes)]
    fn start(site: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tiendo"))
            .args(["--color", "never", "serve"])
            .arg(site)
            .args(["--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tiendo serve starts");
        let (tx, rx) = mpsc::channel();
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
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(100)) {
                if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                    let port: u16 = rest
                        .trim_end_matches(|c: char| !c.is_ascii_digit())
                        .split('/')
                        .next()
                        .unwrap()
                        .parse()
                        .unwrap();
                    return Server {
                        child,
                        port,
                        lines: rx,
                    };
                }
                seen.push(line);
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("tiendo serve did not say where it listens: {seen:?}");
    }

    fn get(&self, path: &str) -> (u16, String) {
        http_get(self.port, path)
    }

    /// Fetch `path` until `ok` holds for (status, body), or fail with the last answer.
    fn wait_for(&self, path: &str, what: &str, ok: impl Fn(u16, &str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut last = (0, String::new());
        while Instant::now() < deadline {
            last = self.get(path);
            if ok(last.0, &last.1) {
                return last.1;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("{path}: never {what}; last answer {}:\n{}", last.0, last.1);
    }

    /// Everything the server printed so far.
    fn output(&self) -> Vec<String> {
        self.lines.try_iter().collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.0 GET on 127.0.0.1; (status, body).
fn http_get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("the server accepts connections");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, body.to_string())
}

/// The version a served page carries in its reload script.
fn version(html: &str) -> u64 {
    html.split("data-v=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no reload script in:\n{html}"))
}

fn write(site: &Path, rel: &str, text: &str) {
    let p = site.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const NEW_ENTRY: &str = "---\ntitle: \"Báo cáo mới của Xã Ân Thi\"\ndate: 2026-07-01\ntask: xa-phuong-ra-soat\nreporter: dang-uy-xa-phuong\nlocality: xa-an-thi\nstatus: done\nevidence:\n  - {ref: \"7-BC/ĐU\", date: 2026-07-01}\n---\nĐã rà soát xong toàn bộ hồ sơ: dòng chữ kiểm thử 4821.\n";

#[test]
fn serve_shows_changes_errors_and_recovers() {
    let site = site_with(&[]);
    let server = Server::start(site.path());

    // The site is served from memory, each page with the live-reload script.
    let (status, home) = server.get("/");
    assert_eq!(status, 200, "{home}");
    assert!(home.contains("Kế hoạch thử nghiệm"), "{home}");
    assert!(
        home.contains("<script src=\"/__tiendo/reload.js\""),
        "the reload script, a file (the pages' CSP forbids inline script): {home}"
    );
    let (status, reload) = server.get("/__tiendo/reload.js");
    assert_eq!(status, 200);
    assert!(reload.contains("/__tiendo/wait"), "{reload}");
    assert_eq!(server.get("/assets/style.css").0, 200);
    assert_eq!(server.get("/media/minh-hoa.txt").0, 200, "media from disk");
    assert_eq!(server.get("/bao-cao/").0, 200, "the monitoring report page");
    let (status, missing) = server.get("/tien-do/bao-cao-moi/");
    assert_eq!(status, 404);

    // A browser on the page that does not exist yet waits for it to change.
    let seen = version(&missing);
    let port = server.port;
    let waiting = std::thread::spawn(move || {
        http_get(
            port,
            &format!("/__tiendo/wait?v={seen}&path=/tien-do/bao-cao-moi/"),
        )
    });
    std::thread::sleep(Duration::from_millis(200));

    // Add a content file: the new text is served, and the waiting page is told to reload.
    write(
        site.path(),
        "content/progress/2026/bao-cao-moi.md",
        NEW_ENTRY,
    );
    let page = server.wait_for("/tien-do/bao-cao-moi/", "showed the new entry", |s, b| {
        s == 200 && b.contains("dòng chữ kiểm thử 4821")
    });
    assert!(page.contains("Báo cáo mới của Xã Ân Thi"));
    let (_, answer) = waiting.join().unwrap();
    assert_eq!(answer, "reload");
    // The pages that show the entry follow (they are published right after it).
    for page in [
        "/nhiem-vu/xa-phuong-ra-soat/",
        "/tien-do/",
        "/dia-phuong/xa-an-thi/",
        "/",
    ] {
        server.wait_for(page, "listed the new entry", |s, b| {
            s == 200 && b.contains("Báo cáo mới của Xã Ân Thi")
        });
    }

    // Break the file: every page shows the error with file, line and what to do.
    write(
        site.path(),
        "content/progress/2026/bao-cao-moi.md",
        &NEW_ENTRY.replace("task: xa-phuong-ra-soat", "task: xa-phuong-ra-soatt"),
    );
    let err = server.wait_for("/tien-do/bao-cao-moi/", "showed the error", |s, _| s == 500);
    assert!(
        err.contains("content/progress/2026/bao-cao-moi.md:4:7"),
        "file and line: {err}"
    );
    assert!(err.contains("unknown task"), "{err}");
    assert!(err.contains("did you mean `xa-phuong-ra-soat`?"), "{err}");
    assert!(
        err.contains("/__tiendo/reload.js"),
        "the error page reloads by itself"
    );
    assert_eq!(server.get("/").0, 500, "no stale page anywhere");

    // Fix it: the pages are back.
    write(
        site.path(),
        "content/progress/2026/bao-cao-moi.md",
        &NEW_ENTRY.replace("4821", "4822"),
    );
    server.wait_for("/tien-do/bao-cao-moi/", "recovered", |s, b| {
        s == 200 && b.contains("dòng chữ kiểm thử 4822")
    });
    assert_eq!(server.get("/").0, 200);

    // A broken YAML file in another folder (a full rebuild) is reported too.
    write(site.path(), "content/agencies.yaml", "- id: [\n");
    let err = server.wait_for("/", "showed the YAML error", |s, _| s == 500);
    assert!(err.contains("content/agencies.yaml:"), "{err}");
    std::fs::copy(
        fixture("minimal").join("content/agencies.yaml"),
        site.path().join("content/agencies.yaml"),
    )
    .unwrap();
    server.wait_for("/", "recovered from the YAML error", |s, _| s == 200);

    let printed = server.output().join("\n");
    assert!(printed.contains("rebuilt"), "{printed}");
    assert!(printed.contains("content errors"), "{printed}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_it_cleanly() {
    let site = site_with(&[]);
    let mut server = Server::start(site.path());
    assert_eq!(server.get("/").0, 200);
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(code) = server.child.try_wait().unwrap() {
            assert_eq!(code.code(), Some(0), "{:?}", server.output());
            break;
        }
        assert!(Instant::now() < deadline, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    }
    let printed = server.output().join("\n");
    assert!(printed.contains("stopped"), "{printed}");
}

#[test]
fn a_port_in_use_is_a_usage_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = site_with(&[]);
    let out = tiendo()
        .args(["serve"])
        .arg(site.path())
        .args(["--port", &port])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--port"), "{err}");
}

// ---------------------------------------------------------------- incremental

/// A site with enough entries for several progress pages (page_size 3), a
/// per-locality task and an ongoing task.
fn bigger_site() -> tempfile::TempDir {
    let site = site_with(&[(
        "content/site.yaml",
        "title: \"Kế hoạch thử nghiệm\"\nbase_url: \"https://example.org/ke-hoach/\"\nlanguage: vi\nas_of: 2026-07-15\ndemo: true\npage_size: 3\n",
    )]);
    for i in 1..=10 {
        let (task, extra) = if i % 2 == 0 {
            (
                "xa-phuong-ra-soat",
                if i % 4 == 0 {
                    "locality: xa-an-thi\n"
                } else {
                    "locality: phuong-pho-hien\n"
                },
            )
        } else {
            ("thuong-xuyen", "")
        };
        let reporter = if task == "thuong-xuyen" {
            "co-quan-a"
        } else {
            "dang-uy-xa-phuong"
        };
        write(
            site.path(),
            &format!("content/progress/2026/muc-{i:02}.md"),
            &format!(
                "---\ntitle: \"Báo cáo số {i}\"\ndate: 2026-06-{i:02}\ntask: {task}\nreporter: {reporter}\n{extra}status: in_progress\n---\nNội dung {i}.\n"
            ),
        );
    }
    site
}

fn live(site: &Path) -> Live {
    Live::new(
        site,
        None,
        tiendo::render::Options {
            base_url: Some("http://127.0.0.1:1/".into()),
            inject: Some(tiendo::serve::http::reload_snippet()),
            no_search: true,
            no_images: true,
            cache_dir: None,
        },
        Arc::new(Store::new()),
    )
}

/// Update `l` for `changed` and check every served file equals a full render.
fn same_as_full(l: &mut Live, site: &Path, changed: &[&str]) -> Outcome {
    let paths: Vec<PathBuf> = changed.iter().map(|c| site.join(c)).collect();
    let outcome = l.update(&paths);
    assert!(
        matches!(outcome, Outcome::Built { .. }),
        "after {changed:?}: {outcome:?}"
    );
    let mut fresh = live(site);
    assert!(matches!(fresh.full(), Outcome::Built { .. }));
    let a = l.store().snapshot();
    let b = fresh.store().snapshot();
    let mut missing: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    let mut extra: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let mut differ: Vec<&String> = a
        .iter()
        .filter(|(k, v)| b.get(*k).is_some_and(|w| w != *v))
        .map(|(k, _)| k)
        .collect();
    missing.sort();
    extra.sort();
    differ.sort();
    assert!(
        missing.is_empty() && extra.is_empty() && differ.is_empty(),
        "after {changed:?} the incremental pages differ from a full build:\nmissing {missing:?}\nextra {extra:?}\ndiffer {differ:?}"
    );
    outcome
}

#[test]
fn incremental_rebuilds_match_a_full_build() {
    let site = bigger_site();
    let s = site.path();
    let mut l = live(s);
    assert!(matches!(l.full(), Outcome::Built { full: true, .. }));

    // Text only: no status changes.
    let f = "content/progress/2026/muc-03.md";
    let text = std::fs::read_to_string(s.join(f)).unwrap();
    write(s, f, &text.replace("Nội dung 3.", "Nội dung 3, sửa lại."));
    let outcome = same_as_full(&mut l, s, &[f]);
    assert!(
        matches!(outcome, Outcome::Built { full: false, .. }),
        "one entry's text is an incremental rebuild: {outcome:?}"
    );

    // A status change of a per-locality task (reaches every commune's page).
    let f = "content/progress/2026/muc-04.md";
    let text = std::fs::read_to_string(s.join(f)).unwrap();
    write(
        s,
        f,
        &text.replace(
            "status: in_progress",
            "status: done\nevidence:\n  - {ref: \"1-BC\"}",
        ),
    );
    same_as_full(&mut l, s, &[f]);

    // A new entry at the top of the list (every progress page shifts).
    write(
        s,
        "content/progress/2026/moi-nhat.md",
        "---\ntitle: \"Mới nhất\"\ndate: 2026-07-10\ntask: danh-gia-can-bo\nreporter: co-quan-b\nstatus: blocked\n---\nVướng mắc.\n",
    );
    same_as_full(&mut l, s, &["content/progress/2026/moi-nhat.md"]);

    // A date moved into the future (the entry disappears), and a file deleted.
    let f = "content/progress/2026/muc-07.md";
    let text = std::fs::read_to_string(s.join(f)).unwrap();
    write(s, f, &text.replace("2026-06-07", "2026-12-07"));
    std::fs::remove_file(s.join("content/progress/2026/muc-01.md")).unwrap();
    std::fs::remove_file(s.join("content/progress/2026/muc-02.md")).unwrap();
    same_as_full(
        &mut l,
        s,
        &[
            f,
            "content/progress/2026/muc-01.md",
            "content/progress/2026/muc-02.md",
        ],
    );

    // A file renamed: the entry's id (and address) changes, the count does not.
    std::fs::rename(
        s.join("content/progress/2026/muc-09.md"),
        s.join("content/progress/2026/muc-09-moi.md"),
    )
    .unwrap();
    same_as_full(
        &mut l,
        s,
        &[
            "content/progress/2026/muc-09.md",
            "content/progress/2026/muc-09-moi.md",
        ],
    );

    // A YAML batch in a subfolder.
    write(
        s,
        "content/progress/2026/dot/lo.yaml",
        "- {id: lo-1, title: \"Lô 1\", date: 2026-06-20, task: sau-van-ban, reporter: co-quan-b, status: in_progress, condition_met: true}\n- {id: lo-2, title: \"Lô 2\", date: 2026-06-21, task: danh-gia-can-bo, reporter: co-quan-a, status: planned}\n",
    );
    same_as_full(&mut l, s, &["content/progress/2026/dot/lo.yaml"]);

    // A newer change arriving during a rebuild cuts its cascade short; the
    // pages it owed come with the next rebuild.
    let newer = l.newer_change();
    let f = "content/progress/2026/muc-08.md";
    let text = std::fs::read_to_string(s.join(f)).unwrap();
    write(
        s,
        f,
        &text.replace("status: in_progress", "status: blocked"),
    );
    newer.store(true, std::sync::atomic::Ordering::SeqCst);
    let outcome = l.update(&[s.join(f)]);
    assert!(
        matches!(
            outcome,
            Outcome::Built {
                complete: false,
                ..
            }
        ),
        "{outcome:?}"
    );
    assert!(l.incomplete());
    let page = String::from_utf8(
        l.store()
            .get("tien-do/muc-08/index.html")
            .unwrap()
            .bytes
            .to_vec(),
    )
    .unwrap();
    assert!(
        page.contains("Gặp vướng mắc"),
        "the edited page comes first"
    );
    newer.store(false, std::sync::atomic::Ordering::SeqCst);
    same_as_full(&mut l, s, &[]);
    assert!(!l.incomplete());

    // Broken, then fixed: the pages owed meanwhile are all rendered.
    let f = "content/progress/2026/muc-05.md";
    let good = std::fs::read_to_string(s.join(f)).unwrap();
    write(s, f, "---\ntitle: [\n---\n");
    let outcome = l.update(&[s.join(f)]);
    let Outcome::Failed(d) = outcome else {
        panic!("{outcome:?}")
    };
    assert!(
        d.render_lines()
            .contains("muc-05.md:3:1: error: YAML syntax error"),
        "{}",
        d.render_lines()
    );
    write(
        s,
        "content/progress/2026/muc-06.md",
        &std::fs::read_to_string(s.join("content/progress/2026/muc-06.md"))
            .unwrap()
            .replace("in_progress", "done"),
    );
    let _ = l.update(&[s.join("content/progress/2026/muc-06.md")]);
    write(s, f, &good.replace("in_progress", "blocked"));
    same_as_full(&mut l, s, &[f]);

    // Files the loader skips change nothing; other content rebuilds everything.
    let skipped = l.update(&[
        s.join("content/progress/2026/.muc-03.md.swp"),
        s.join("content/progress/2026/muc-03.md~"),
    ]);
    assert!(matches!(skipped, Outcome::Unchanged), "{skipped:?}");
    let tasks = "content/tasks/co-quan-a.yaml";
    let text = std::fs::read_to_string(s.join(tasks)).unwrap();
    write(
        s,
        tasks,
        &text.replace("Đánh giá cán bộ", "Đánh giá đội ngũ cán bộ"),
    );
    let outcome = same_as_full(&mut l, s, &[tasks]);
    assert!(
        matches!(outcome, Outcome::Built { full: true, .. }),
        "{outcome:?}"
    );
}
