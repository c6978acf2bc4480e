//! `tiendo serve` driven for real: the binary on a free port, pages fetched over
//! HTTP, content files added, broken and fixed on disk while it runs; and the
//! incremental rebuild compared with a full build of the same content.

mod common;

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
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
    fn start(site: &Path) -> Server {
        let (child, port, lines) = start_serve(site, &[], &[]);
        Server { child, port, lines }
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
    // A server with no room answers 503 and may close before the request is sent.
    let _ = write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
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
    assert!(err.contains("không có nhiệm vụ nào mang mã"), "{err}");
    assert!(
        err.contains("có phải ý bạn là `xa-phuong-ra-soat`?"),
        "{err}"
    );
    assert!(err.contains("<html lang=\"vi\">"), "{err}");
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
    assert!(printed.contains("đã tạo lại"), "{printed}");
    assert!(printed.contains("nội dung có lỗi"), "{printed}");
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
    assert!(printed.contains("đã dừng"), "{printed}");
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
/// Replace `from` with `to` in the site's file `rel`.
fn replace_in(site: &Path, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(site.join(rel)).unwrap();
    write(site, rel, &text.replace(from, to));
}

fn bigger_site() -> tempfile::TempDir {
    let site = site_with(&[(
        "content/site.yaml",
        "title: \"Kế hoạch thử nghiệm\"\nbase_url: \"https://example.org/ke-hoach/\"\nlanguage: vi\nas_of: 2026-07-15\ndemo: true\npage_size: 3\n",
    )]);
    // A task directed by an agency that neither leads nor coordinates it: that
    // agency's page lists it too.
    let tasks = std::fs::read_to_string(site.path().join("content/tasks/co-quan-a.yaml")).unwrap();
    write(
        site.path(),
        "content/tasks/co-quan-a.yaml",
        &tasks.replacen(
            "  support: [co-quan-b]\n",
            "  support: [co-quan-b]\n  directed_by: [dang-uy-xa-phuong]\n",
            1,
        ),
    );
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
            no_search: true,
            no_images: true,
            images: None,
        },
        tiendo::serve::http::reload_snippet(),
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
    replace_in(
        s,
        f,
        "status: in_progress",
        "status: done\nevidence:\n  - {ref: \"1-BC\"}",
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

    // An entry marked illustrative: its task's status does not change, what is
    // marked as resting on illustrative data does.
    let f = "content/progress/2026/muc-05.md";
    replace_in(
        s,
        f,
        "status: in_progress",
        "status: in_progress\nillustrative: true",
    );
    same_as_full(&mut l, s, &[f]);

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
    let lines = d.render_lines(tiendo::messages::Lang::Vi);
    assert!(
        lines.contains("muc-05.md:3:1: lỗi: ") && !lines.contains("YAML"),
        "{lines}"
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

/// The problems an update reports, as `tiendo check` prints them, checked to be
/// what a fresh full load of the same files reports, and to name `lines`.
fn problems_as_fresh(l: &mut Live, site: &Path, changed: &[&str], lines: &[&str]) {
    let problems = |o: Outcome| match o {
        Outcome::Failed(d) => d.render_lines(tiendo::messages::Lang::Vi),
        other => panic!("after {changed:?}: {other:?}"),
    };
    let paths: Vec<PathBuf> = changed.iter().map(|c| site.join(c)).collect();
    let shown = problems(l.update(&paths));
    assert_eq!(shown, problems(live(site).full()));
    assert!(lines.iter().all(|l| shown.contains(l)), "{shown}");
}

#[test]
fn standing_warnings_keep_their_lines_from_save_to_save() {
    let site = bigger_site();
    let s = site.path();
    // Two reports "done" without evidence: warnings that stand while editors work.
    for f in [
        "content/progress/2026/muc-01.md",
        "content/progress/2026/muc-02.md",
    ] {
        replace_in(s, f, "status: in_progress", "status: done");
    }
    let mut l = live(s);
    assert!(matches!(l.full(), Outcome::Built { full: true, .. }));

    // Another report broken, and the second warning's line moved by two lines.
    let broken = "content/progress/2026/muc-03.md";
    let good = std::fs::read_to_string(s.join(broken)).unwrap();
    write(s, broken, &good.replace("title:", "title: [\ntitle:"));
    replace_in(
        s,
        "content/progress/2026/muc-02.md",
        "---\ntitle",
        "---\n# một\n# hai\ntitle",
    );
    problems_as_fresh(
        &mut l,
        s,
        &[broken, "content/progress/2026/muc-02.md"],
        &["muc-01.md:6:", "muc-02.md:9:"],
    );

    // Mended, then broken again after the first warning's file moved its line.
    write(s, broken, &good);
    assert!(matches!(l.update(&[s.join(broken)]), Outcome::Built { .. }));
    replace_in(
        s,
        "content/progress/2026/muc-01.md",
        "---\ntitle",
        "---\n# ghi chú\ntitle",
    );
    write(s, broken, &good.replace("title:", "title: [\ntitle:"));
    problems_as_fresh(
        &mut l,
        s,
        &[broken, "content/progress/2026/muc-01.md"],
        &["muc-01.md:7:", "muc-02.md:9:"],
    );
}

// ---------------------------------------------------------------- hostile requests

/// Send `request` as is; (status, whole answer). A server that closes the
/// connection early (as it should on a too large request) may reset it: what
/// was answered before still counts.
fn raw(port: u16, request: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("the server accepts connections");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let _ = s.write_all(request);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// GET `path`; (status, the whole answer with its headers).
fn get_whole(port: u16, path: &str) -> (u16, String) {
    raw(
        port,
        format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes(),
    )
}

#[cfg(unix)]
#[test]
fn a_link_in_media_to_a_file_outside_the_site_is_not_served() {
    let site = site_with(&[]);
    let secret = tempfile::tempdir().unwrap();
    fs::write(secret.path().join("secret.txt"), "mật khẩu 7731").unwrap();
    let media = site.path().join("content/media");
    std::os::unix::fs::symlink(secret.path().join("secret.txt"), media.join("bi-mat.txt")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", media.join("passwd.txt")).unwrap();
    std::os::unix::fs::symlink(secret.path(), media.join("thu-muc")).unwrap();
    let server = Server::start(site.path());
    for path in [
        "/media/bi-mat.txt",
        "/media/passwd.txt",
        "/media/thu-muc/secret.txt",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}: {body}");
        assert!(
            !body.contains("7731") && !body.contains("root:"),
            "{path}: {body}"
        );
    }
    // A real media file is still served, as an inert download-safe type.
    let (status, text) = get_whole(server.port, "/media/minh-hoa.txt");
    assert_eq!(status, 200, "{text}");
    assert!(
        text.contains("Content-Security-Policy: default-src 'none'; sandbox"),
        "{text}"
    );
}

#[test]
fn media_a_browser_would_run_is_never_served_as_a_page() {
    let site = site_with(&[
        (
            "content/media/trang.html",
            "<script>alert(document.cookie)</script>",
        ),
        (
            "content/media/hinh.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
        ),
    ]);
    let server = Server::start(site.path());
    // `check` refuses both files: the preview shows the error, naming the file.
    let (status, text) = get_whole(server.port, "/media/trang.html");
    assert_eq!(status, 500, "{text}");
    assert!(text.contains("media/trang.html"), "{text}");
    assert!(!text.contains("<script>alert"), "{text}");
    // A file that is not a page is still never shown as one: a download.
    let (status, text) = get_whole(server.port, "/media/hinh.svg");
    assert_eq!(status, 200, "{text}");
    assert!(
        text.contains("Content-Type: application/octet-stream"),
        "{text}"
    );
    assert!(text.contains("Content-Disposition: attachment"), "{text}");
}

#[test]
fn oversized_requests_are_refused_and_the_server_stays_up() {
    let site = site_with(&[]);
    let server = Server::start(site.path());
    let port = server.port;
    // A request line of 1 MB.
    let long = format!(
        "GET /{} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n",
        "a".repeat(1 << 20)
    );
    assert_eq!(raw(port, long.as_bytes()).0, 414);
    // 8 MB of headers.
    let mut big = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n").into_bytes();
    for i in 0..100_000 {
        big.extend_from_slice(format!("X-Pad-{i}: {}\r\n", "b".repeat(64)).as_bytes());
    }
    big.extend_from_slice(b"\r\n");
    assert_eq!(raw(port, &big).0, 431);
    // A body (the preview takes none).
    let post = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 100000000\r\n\r\nxxxx"
    );
    assert_eq!(raw(port, post.as_bytes()).0, 413);
    assert_eq!(server.get("/").0, 200);
    #[cfg(target_os = "linux")]
    {
        let rss = proc_status(server.child.id(), "VmHWM:");
        assert!(rss < 300 * 1024, "peak memory {rss} kB");
    }
}

/// A field of `/proc/PID/status` (kB or a count).
#[cfg(target_os = "linux")]
fn proc_status(pid: u32, field: &str) -> u64 {
    fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap()
}

#[test]
fn only_requests_naming_this_server_are_answered() {
    let site = site_with(&[]);
    let server = Server::start(site.path());
    let port = server.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, text) = raw(
            port,
            format!("GET / HTTP/1.0\r\nHost: {host}\r\n\r\n").as_bytes(),
        );
        assert_eq!(status, 200, "{host}: {text}");
    }
    // A page of another site whose name now points at 127.0.0.1 (DNS rebinding).
    for host in [
        format!("evil.example:{port}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
    ] {
        let (status, text) = raw(
            port,
            format!("GET / HTTP/1.0\r\nHost: {host}\r\n\r\n").as_bytes(),
        );
        assert_eq!(status, 403, "{host}: {text}");
        assert!(
            text.contains(&format!("http://127.0.0.1:{port}/")),
            "{text}"
        );
    }
    let (status, _) = raw(port, b"GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status, 403, "no Host");
    // Anything but GET and HEAD from another origin.
    let (status, _) = raw(
        port,
        format!("DELETE / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert_eq!(status, 403);
    let (status, _) = raw(
        port,
        format!("DELETE / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert_eq!(status, 405);
}

/// Hundreds of tabs' long polls at once: the server holds a bounded number of
/// connections (one thread each), tells the rest to come back, and still
/// serves pages and stops cleanly.
#[cfg(target_os = "linux")]
#[test]
fn many_long_polls_do_not_make_many_threads() {
    let site = site_with(&[]);
    let server = Server::start(site.path());
    let port = server.port;
    let version = version(&server.get("/").1);
    let mut held = Vec::new();
    let mut refused = 0;
    for tab in 0..400 {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        // A refused connection may be closed before the request is sent.
        let _ = write!(
            s,
            "GET /__tiendo/wait?v={version}&tab=t{tab}&path=%2F HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        );
        held.push(s);
    }
    std::thread::sleep(Duration::from_millis(500));
    let mut told = Vec::new();
    for s in &mut held {
        s.set_read_timeout(Some(Duration::from_millis(20))).unwrap();
        let mut buf = [0u8; 1024];
        // Held polls have nothing to read yet; refused ones were told 503
        // (or closed, if the request came after the answer).
        match s.read(&mut buf) {
            Ok(0) => refused += 1,
            Ok(n) if String::from_utf8_lossy(&buf[..n]).contains(" 503 ") => {
                refused += 1;
                told.push(String::from_utf8_lossy(&buf[..n]).into_owned());
            }
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => refused += 1,
            _ => {}
        }
    }
    // In the site's language (the bundled site's editors read Vietnamese).
    assert!(
        told.iter().any(|t| t.contains("quá nhiều kết nối")),
        "{told:?}"
    );
    let threads = proc_status(server.child.id(), "Threads:");
    assert!(threads < 100, "{threads} threads for 400 long polls");
    assert!(
        refused >= 300,
        "only {refused} of 400 polls were told to come back"
    );
    drop(held);
    // Slots free up once the polls are gone.
    let deadline = Instant::now() + PATIENCE;
    while server.get("/").0 != 200 {
        assert!(Instant::now() < deadline, "no page after the polls closed");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_newer_poll_from_the_same_tab_ends_the_older_one() {
    let site = site_with(&[]);
    let server = Server::start(site.path());
    let port = server.port;
    let version = version(&server.get("/").1);
    let poll = || {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            s,
            "GET /__tiendo/wait?v={version}&tab=mot&path=%2F HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        )
        .unwrap();
        s
    };
    let mut first = poll();
    std::thread::sleep(Duration::from_millis(300));
    let _second = poll();
    let began = Instant::now();
    first
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut buf = String::new();
    let _ = first.read_to_string(&mut buf);
    assert!(buf.ends_with("wait"), "{buf}");
    assert!(
        began.elapsed() < Duration::from_secs(5),
        "{:?}",
        began.elapsed()
    );
}

/// Nothing is hidden without a word: a report dated after site.yaml's
/// `as_of` is announced at the top of every page, its address says why it
/// has no page yet, and a mistyped address names the closest page.
#[test]
fn the_preview_says_what_it_does_not_show_and_which_page_is_closest() {
    let site = site_with(&[]);
    let server = Server::start(site.path());
    assert!(!server.get("/").1.contains("tiendo serve:"));
    write(
        site.path(),
        "content/progress/2026/moi.md",
        "---\ntitle: \"Báo cáo mới\"\ndate: 2026-08-01\ntask: thuong-xuyen\nreporter: co-quan-a\nstatus: in_progress\n---\nMới.\n",
    );
    let home = server.wait_for("/", "announced the hidden report", |s, b| {
        s == 200 && b.contains("tiendo serve: 1 báo cáo")
    });
    assert!(
        home.contains("ghi ngày sau ngày 15/7/2026 (as_of trong content/site.yaml)")
            && home.contains("xóa dòng đó"),
        "{home}"
    );
    let (status, page) = server.get("/tien-do/moi/");
    assert_eq!(status, 404, "{page}");
    assert!(
        page.contains("báo cáo “Báo cáo mới” (content/progress/2026/moi.md) ghi ngày 01/8/2026"),
        "{page}"
    );
    let (status, page) = server.get("/nhiem-vu/thuong-xuye/");
    assert_eq!(status, 404, "{page}");
    assert!(
        page.contains("Trang gần nhất · closest page: <a href=\"/nhiem-vu/thuong-xuyen/\">"),
        "{page}"
    );
}

/// `--open` hands the preview's address to the web browser ($BROWSER here: a
/// script that writes down what it was asked to open), once it is ready.
#[test]
fn open_shows_the_preview_in_the_browser() {
    use std::os::unix::fs::PermissionsExt;
    let site = site_with(&[]);
    let dir = tempfile::tempdir().unwrap();
    let asked = dir.path().join("asked.txt");
    let browser = dir.path().join("browser.sh");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\necho \"$1\" >> '{}'\n", asked.display()),
    )
    .unwrap();
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (mut child, port, _lines) = start_serve(
        site.path(),
        &["--open"],
        &[("BROWSER", browser.to_str().unwrap())],
    );
    let deadline = Instant::now() + PATIENCE;
    while !asked.is_file() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    let opened = std::fs::read_to_string(&asked).unwrap_or_default();
    assert_eq!(opened.trim(), format!("http://127.0.0.1:{port}/"));
}
