//! The preview's forms driven for real: `tiendo serve` on a free port, forms
//! fetched and posted over HTTP as a browser posts them (multipart), the files
//! on disk read back and checked, the preview's pages fetched after the save;
//! and the requests that must change nothing: from another origin, without or
//! with a wrong CSRF token, with a path in an attachment's name.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use common::*;

const PATIENCE: Duration = Duration::from_secs(30);

/// A `tiendo serve` child process, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(site: &Path, extra: &[&str]) -> Server {
        let (child, port, _) = start_serve(site, extra, &[]);
        Server { child, port }
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Send `head` (request line and headers, without the blank line) and
    /// `body`; (status, headers in lower case, body).
    fn raw(&self, head: &str, body: &[u8]) -> (u16, String, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let mut req = format!("{head}\r\nHost: 127.0.0.1:{}\r\n", self.port).into_bytes();
        if !body.is_empty() {
            req.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
        }
        req.extend_from_slice(b"Connection: close\r\n\r\n");
        req.extend_from_slice(body);
        let _ = s.write_all(&req);
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        let text = String::from_utf8_lossy(&buf).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (status, head.to_ascii_lowercase(), body.to_string())
    }

    fn get(&self, path: &str) -> (u16, String) {
        let (s, _, b) = self.raw(&format!("GET {path} HTTP/1.1"), b"");
        (s, b)
    }

    fn get_with(&self, path: &str, header: &str) -> (u16, String) {
        let (s, _, b) = self.raw(&format!("GET {path} HTTP/1.1\r\n{header}"), b"");
        (s, b)
    }

    /// Post `form` as a browser does (multipart), with `headers` (e.g. Origin).
    fn post(&self, path: &str, headers: &[String], form: &Form) -> (u16, String, String) {
        let (ctype, body) = form.encode();
        let mut head = format!("POST {path} HTTP/1.1\r\nContent-Type: {ctype}");
        for h in headers {
            head.push_str("\r\n");
            head.push_str(h);
        }
        self.raw(&head, &body)
    }

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
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A form's fields and at most one file.
#[derive(Default, Clone)]
struct Form {
    fields: Vec<(String, String)>,
    file: Option<(String, String, Vec<u8>)>,
}

impl Form {
    /// Sets `name` (a second `tasks` adds a value: a multiple choice).
    fn field(mut self, name: &str, value: &str) -> Form {
        if name != "tasks" {
            self.fields.retain(|(n, _)| n != name);
        }
        self.fields.push((name.into(), value.into()));
        self
    }
    fn file(mut self, field: &str, name: &str, bytes: &[u8]) -> Form {
        self.file = Some((field.into(), name.into(), bytes.to_vec()));
        self
    }
    fn encode(&self) -> (String, Vec<u8>) {
        let boundary = "----tiendoFormBoundary7MA4YWxkTrZu0gW";
        let mut b = Vec::new();
        for (n, v) in &self.fields {
            b.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{n}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        if let Some((field, name, bytes)) = &self.file {
            b.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .as_bytes(),
            );
            b.extend_from_slice(bytes);
            b.extend_from_slice(b"\r\n");
        }
        b.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), b)
    }
}

/// The CSRF token a form page carries.
fn csrf(page: &str) -> String {
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("no CSRF token in:\n{page}"))
        .to_string()
}

/// Every file under `content/` with its bytes: to show a request changed nothing.
fn snapshot(site: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(site).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The value of the hidden field `name` of a form page.
fn hidden(form: &str, name: &str) -> String {
    form.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("no hidden field {name} in:\n{form}"))
        .to_string()
}

/// `tiendo check` passes on the site (what a form wrote checks clean).
fn assert_checks_clean(site: &Path) {
    let out = tiendo().arg("check").arg(site).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The text beside a field (its problem paragraph).
fn problem(page: &str, field: &str) -> String {
    page.split(&format!("id=\"{field}-problem\">"))
        .nth(1)
        .and_then(|r| r.split("</p>").next())
        .unwrap_or("")
        .to_string()
}

/// A report from Xã Ân Thi on the per-locality task, as an editor fills it in.
fn good_entry(token: &str) -> Form {
    Form::default()
        .field("csrf", token)
        .field("task", "xa-phuong-ra-soat")
        .field("locality", "xa-an-thi")
        .field("reporter", "")
        .field("status", "done")
        .field("percent", "100")
        .field("date", "2026-07-02")
        .field("title", "")
        .field("ev_ref", "12-BC/ĐU")
        .field("ev_date", "2026-07-01")
        .field("ev_url", "")
        .field(
            "body",
            "Đã rà soát **toàn bộ** hồ sơ: dòng chữ kiểm thử 7319.",
        )
        .field("action", "save")
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

#[test]
fn an_entry_added_through_the_form_is_written_checked_and_shown() {
    let site = site_with(&[]);
    let server = Server::start(site.path(), &[]);
    let origin = format!("Origin: {}", server.origin());

    // Every page of the preview links to the forms.
    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("<a href=\"/__tiendo/\">"), "{home}");
    let (status, index) = server.get("/__tiendo/");
    assert_eq!(status, 200, "{index}");
    assert!(index.contains("Thêm báo cáo tiến độ"), "{index}");
    assert!(
        index.contains("/__tiendo/entry/new?task=xa-phuong-ra-soat"),
        "{index}"
    );

    // The form: the site's tasks, communes and agencies as choices, in Vietnamese.
    let (status, form) = server.get("/__tiendo/entry/new?task=xa-phuong-ra-soat");
    assert_eq!(status, 200, "{form}");
    assert!(form.contains("<html lang=\"vi\">"), "{form}");
    assert!(
        form.contains("<option value=\"xa-phuong-ra-soat\" selected>"),
        "{form}"
    );
    assert!(form.contains("Xã Ân Thi (xa-an-thi)"), "{form}");
    assert!(form.contains("<label for=\"percent\">Mức hoàn thành (%)</label>"));
    assert!(!form.contains("<script>"), "no inline script: {form}");
    let token = csrf(&form);

    // A bad value: the check's message beside the field, nothing written.
    let before = snapshot(site.path());
    let (status, _, page) = server.post(
        "/__tiendo/entry",
        std::slice::from_ref(&origin),
        &good_entry(&token).field("percent", "150"),
    );
    assert_eq!(status, 422, "{page}");
    let beside = problem(&page, "percent");
    assert!(
        beside.contains("Mức hoàn thành phải là số nguyên từ 0 đến 100"),
        "{page}"
    );
    // The check's own words, in the site's language too (issue 26).
    assert!(
        beside.contains("tỷ lệ 150% nằm ngoài khoảng 0 đến 100"),
        "{beside}"
    );
    assert!(!beside.contains("outside"), "{beside}");
    assert!(page.contains("aria-invalid=\"true\""), "{page}");
    // What was typed is kept.
    assert!(page.contains("dòng chữ kiểm thử 7319"), "{page}");
    // A commune's task without the commune: the form says so beside it.
    let (status, _, page) = server.post(
        "/__tiendo/entry",
        std::slice::from_ref(&origin),
        &good_entry(&token).field("locality", ""),
    );
    assert_eq!(status, 422);
    assert!(
        problem(&page, "locality").contains("chọn xã, phường"),
        "{page}"
    );
    // "Check only" checks and writes nothing.
    let (status, _, page) = server.post(
        "/__tiendo/entry",
        std::slice::from_ref(&origin),
        &good_entry(&token).field("action", "check"),
    );
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Không có lỗi"), "{page}");
    assert_eq!(
        before,
        snapshot(site.path()),
        "a rejected or checked form writes nothing"
    );

    // Saved, with a PDF attached.
    let (status, head, _) = server.post(
        "/__tiendo/entry",
        std::slice::from_ref(&origin),
        &good_entry(&token).file("attachment", "Báo cáo số 12.pdf", PDF),
    );
    assert_eq!(status, 303, "{head}");
    assert!(head.contains("location: /__tiendo/saved?"), "{head}");
    let rel = "content/progress/2026/xa-phuong-ra-soat-xa-an-thi-2026-07-02.md";
    let text = std::fs::read_to_string(site.path().join(rel)).expect("the entry is written");
    assert_eq!(
        std::fs::read(site.path().join("content/media/2026/bao-cao-so-12.pdf")).unwrap(),
        PDF,
        "the attachment, under content/media/ with a plain name"
    );
    // The layout `tiendo new` writes: the same keys in the same order, then the rest.
    let other = site_with(&[]);
    let out = tiendo()
        .args([
            "new",
            "progress",
            "--site",
            other.path().to_str().unwrap(),
            "--task",
            "xa-phuong-ra-soat",
            "--locality",
            "xa-an-thi",
            "--date",
            "2026-07-02",
            "--status",
            "done",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let by_new = std::fs::read_to_string(other.path().join(rel)).unwrap();
    let head_of = |t: &str| t.lines().take(7).collect::<Vec<_>>().join("\n");
    assert_eq!(head_of(&text), head_of(&by_new), "{text}\n---\n{by_new}");
    assert!(
        text.contains(
            "status: done\npercent: 100\nevidence:\n  - {ref: \"12-BC/ĐU\", date: 2026-07-01}\nattachments: [media/2026/bao-cao-so-12.pdf]\n"
        ),
        "{text}"
    );
    assert!(
        text.ends_with("---\nĐã rà soát **toàn bộ** hồ sơ: dòng chữ kiểm thử 7319.\n"),
        "{text}"
    );
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(site.path().join("content/progress/2026"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("tmp")), "{names:?}");

    // The file checks clean...
    assert_checks_clean(site.path());
    // ...and the preview shows it, the attachment linked and served.
    let page = server.wait_for(
        "/tien-do/xa-phuong-ra-soat-xa-an-thi-2026-07-02/",
        "showed the new entry",
        |s, b| s == 200 && b.contains("dòng chữ kiểm thử 7319"),
    );
    assert!(page.contains("media/2026/bao-cao-so-12.pdf"), "{page}");
    assert_eq!(server.get("/media/2026/bao-cao-so-12.pdf").0, 200);
    server.wait_for("/nhiem-vu/xa-phuong-ra-soat/", "listed it", |s, b| {
        s == 200 && b.contains("xa-phuong-ra-soat-xa-an-thi-2026-07-02")
    });

    // A second report the same day gets a name of its own.
    let (status, _, _) = server.post(
        "/__tiendo/entry",
        std::slice::from_ref(&origin),
        &good_entry(&token).field("body", "Báo cáo bổ sung."),
    );
    assert_eq!(status, 303);
    assert!(site
        .path()
        .join("content/progress/2026/xa-phuong-ra-soat-xa-an-thi-2026-07-02-2.md")
        .is_file());
}

#[test]
fn requests_that_must_change_nothing_are_refused() {
    let site = site_with(&[]);
    let server = Server::start(site.path(), &[]);
    let origin = format!("Origin: {}", server.origin());
    let (_, form) = server.get("/__tiendo/entry/new");
    let token = csrf(&form);
    let before = snapshot(site.path());

    // From a page of another site (its Origin), or with no sign of where it came from.
    for headers in [
        vec!["Origin: http://evil.example".to_string()],
        vec!["Origin: null".to_string()],
        vec!["Referer: http://evil.example/form.html".to_string()],
        vec![],
    ] {
        let (status, _, body) = server.post("/__tiendo/entry", &headers, &good_entry(&token));
        assert_eq!(status, 403, "{headers:?}: {body}");
    }
    // Without the CSRF token, or with a wrong one.
    let (status, _, body) = server.post(
        "/__tiendo/entry",
        std::slice::from_ref(&origin),
        &good_entry(&token).field("csrf", ""),
    );
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("không tệp nào bị thay đổi"), "{body}");
    let (status, _, _) = server.post(
        "/__tiendo/entry",
        std::slice::from_ref(&origin),
        &good_entry(&token).field("csrf", &"0".repeat(token.len())),
    );
    assert_eq!(status, 403);
    // An attachment whose name holds a path.
    for name in [
        "../../../escape.pdf",
        "..\\..\\escape.pdf",
        "/etc/escape.pdf",
        "media/../../escape.pdf",
    ] {
        let (status, _, page) = server.post(
            "/__tiendo/entry",
            std::slice::from_ref(&origin),
            &good_entry(&token).file("attachment", name, PDF),
        );
        assert_eq!(status, 400, "{name}: {page}");
        assert!(
            problem(&page, "attachment").contains("Không tệp nào được lưu"),
            "{page}"
        );
    }
    // A file that is not what its name says (an HTML page named .pdf).
    let (status, _, page) = server.post(
        "/__tiendo/entry",
        std::slice::from_ref(&origin),
        &good_entry(&token).file(
            "attachment",
            "bao-cao.pdf",
            b"<html><script>alert(1)</script>",
        ),
    );
    assert_eq!(status, 422);
    assert!(problem(&page, "attachment").contains("PDF"), "{page}");
    // A body where the preview takes none, and one beyond the limit.
    let (status, _, _) = server.raw("POST / HTTP/1.1\r\nContent-Type: text/plain", b"hello");
    assert_eq!(status, 413);
    let (status, _, _) = server.raw(
        &format!(
            "POST /__tiendo/entry HTTP/1.1\r\nOrigin: {}\r\nContent-Length: 999999999",
            server.origin()
        ),
        b"",
    );
    assert_eq!(status, 413);
    // A form not sent as multipart.
    let (status, _, _) = server.raw(
        &format!(
            "POST /__tiendo/entry HTTP/1.1\r\nOrigin: {}\r\nContent-Type: application/x-www-form-urlencoded",
            server.origin()
        ),
        format!("csrf={token}&task=thuong-xuyen").as_bytes(),
    );
    assert_eq!(status, 400);

    // A link in content/ leading out of it is never written through.
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), site.path().join("content/media/2026")).unwrap();
        let (status, _, page) = server.post(
            "/__tiendo/entry",
            std::slice::from_ref(&origin),
            &good_entry(&token).file("attachment", "bao-cao.pdf", PDF),
        );
        assert_ne!(status, 303, "{page}");
        assert_eq!(
            std::fs::read_dir(outside.path()).unwrap().count(),
            0,
            "nothing written through the link"
        );
        std::fs::remove_file(site.path().join("content/media/2026")).unwrap();
    }
    assert_eq!(
        before,
        snapshot(site.path()),
        "no refused request changed a file"
    );
    // The page after a save links only to this site.
    for elsewhere in [
        "//evil.example/",
        "/%5Cevil.example/",
        "https://evil.example/",
    ] {
        let (_, page) = server.get(&format!("/__tiendo/saved?file=x&page={elsewhere}"));
        assert!(!page.contains("evil.example"), "{page}");
    }
}

#[test]
fn beyond_loopback_the_forms_need_the_edit_token() {
    // --bind without a token: pages are served, the forms are off.
    let site = site_with(&[]);
    let server = Server::start(site.path(), &["--bind", "0.0.0.0"]);
    assert_eq!(server.get("/").0, 200);
    let (status, body) = server.get("/__tiendo/");
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("--edit-token"), "{body}");
    let (home_status, home) = server.get("/");
    assert_eq!(home_status, 200);
    assert!(
        !home.contains("/__tiendo/\">"),
        "no link to forms that are off"
    );
    drop(server);

    // With a token (from a file): the forms ask for it once, then answer.
    let token_file = site.path().join("edit-token.txt");
    std::fs::write(&token_file, "mot-ma-du-dai-0123456789\n").unwrap();
    let server = Server::start(
        site.path(),
        &[
            "--bind",
            "0.0.0.0",
            "--edit-token-file",
            token_file.to_str().unwrap(),
        ],
    );
    let origin = format!("Origin: {}", server.origin());
    let (status, login) = server.get("/__tiendo/entry/new");
    assert_eq!(status, 401, "{login}");
    assert!(login.contains("Mã nhập liệu"), "{login}");
    let token = csrf(&login);
    let (status, _, _) = server.post(
        "/__tiendo/login",
        std::slice::from_ref(&origin),
        &Form::default()
            .field("csrf", &token)
            .field("token", "doan-sai-0123456789"),
    );
    assert_eq!(status, 403);
    let before = snapshot(site.path());
    let (status, _, _) = server.post(
        "/__tiendo/entry",
        std::slice::from_ref(&origin),
        &good_entry(&token),
    );
    assert_eq!(status, 401, "no form is taken without the token");
    assert_eq!(before, snapshot(site.path()));
    let (status, head, _) = server.post(
        "/__tiendo/login",
        std::slice::from_ref(&origin),
        &Form::default()
            .field("csrf", &token)
            .field("token", "mot-ma-du-dai-0123456789"),
    );
    assert_eq!(status, 303, "{head}");
    let cookie = head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .expect("a cookie")
        .to_string();
    let (status, form) = server.get_with("/__tiendo/entry/new", &format!("Cookie: {cookie}"));
    assert_eq!(status, 200, "{form}");
    let (status, _, _) = server.post(
        "/__tiendo/entry",
        &[origin, format!("Cookie: {cookie}")],
        &good_entry(&token),
    );
    assert_eq!(status, 303);

    // Too short a token is refused at start.
    let out = tiendo()
        .args([
            "serve",
            "--port",
            "0",
            "--bind",
            "0.0.0.0",
            "--edit-token",
            "short",
        ])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 16"));
}

#[test]
fn an_english_site_gets_english_forms() {
    let site = site_with(&[]);
    let yaml = std::fs::read_to_string(site.path().join("content/site.yaml")).unwrap();
    std::fs::write(
        site.path().join("content/site.yaml"),
        yaml.replace("language: vi", "language: en"),
    )
    .unwrap();
    let server = Server::start(site.path(), &[]);
    let (status, form) = server.get("/__tiendo/entry/new");
    assert_eq!(status, 200, "{form}");
    assert!(form.contains("<html lang=\"en\">"), "{form}");
    assert!(form.contains("Add a progress entry"), "{form}");
    let (status, _, page) = server.post(
        "/__tiendo/entry",
        &[format!("Origin: {}", server.origin())],
        &good_entry(&csrf(&form)).field("percent", "abc"),
    );
    assert_eq!(status, 422);
    assert!(
        problem(&page, "percent").contains("must be a whole number from 0 to 100"),
        "{page}"
    );
    // The check's own words beside the field are English too (issue 26).
    let (status, _, page) = server.post(
        "/__tiendo/entry",
        &[format!("Origin: {}", server.origin())],
        &good_entry(&csrf(&form)).field("percent", "150"),
    );
    assert_eq!(status, 422);
    let beside = problem(&page, "percent");
    assert!(beside.contains("percent 150 is outside 0..100"), "{beside}");
    assert!(!beside.contains("tỷ lệ"), "{beside}");
}

#[test]
fn a_commune_s_status_is_updated_with_the_short_form() {
    let site = site_with(&[]);
    let server = Server::start(site.path(), &[]);
    let origin = format!("Origin: {}", server.origin());
    let (_, index) = server.get("/__tiendo/");
    assert!(
        index.contains("/__tiendo/status?task=xa-phuong-ra-soat"),
        "{index}"
    );
    let url = "/__tiendo/status?task=xa-phuong-ra-soat&locality=xa-an-thi";
    let (status, form) = server.get(url);
    assert_eq!(status, 200, "{form}");
    assert!(form.contains("Cập nhật tình trạng nhiệm vụ"), "{form}");
    assert!(
        form.contains(
            "Tình trạng hiện nay: <strong>Đang thực hiện</strong>; báo cáo gần nhất ngày 10/6/2026"
        ),
        "{form}"
    );
    let token = csrf(&form);
    let update = Form::default()
        .field("csrf", &token)
        .field("form", "status")
        .field("task", "xa-phuong-ra-soat")
        .field("locality", "")
        .field("status", "done")
        .field("percent", "")
        .field("date", "2026-07-05")
        .field("ev_ref", "21-BC/ĐU")
        .field("ev_date", "2026-07-05")
        .field("body", "")
        .field("action", "save");
    // Without the commune: the short form again, the message beside the list.
    let before = snapshot(site.path());
    let (status, _, page) = server.post("/__tiendo/entry", std::slice::from_ref(&origin), &update);
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("Cập nhật tình trạng nhiệm vụ"), "{page}");
    assert!(
        problem(&page, "locality").contains("chọn xã, phường"),
        "{page}"
    );
    assert_eq!(before, snapshot(site.path()));
    let (status, head, _) = server.post(
        "/__tiendo/entry",
        std::slice::from_ref(&origin),
        &update.field("locality", "xa-an-thi"),
    );
    assert_eq!(status, 303, "{head}");
    let text = std::fs::read_to_string(
        site.path()
            .join("content/progress/2026/xa-phuong-ra-soat-xa-an-thi-2026-07-05.md"),
    )
    .unwrap();
    assert!(
        text.contains("status: done\nevidence:\n  - {ref: \"21-BC/ĐU\", date: 2026-07-05}\n"),
        "{text}"
    );
    let (_, form) = server.get(url);
    assert!(
        form.contains(
            "Tình trạng hiện nay: <strong>Hoàn thành</strong>; báo cáo gần nhất ngày 05/7/2026"
        ),
        "{form}"
    );
    server.wait_for("/dia-phuong/xa-an-thi/", "showed the new status", |s, b| {
        s == 200 && b.contains("xa-phuong-ra-soat-xa-an-thi-2026-07-05")
    });
}

/// The smallest PNG: one transparent pixel.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0d, 0x49, 0x44, 0x41, 0x54,
    0x78, 0x9c, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0d, 0x0a, 0x2d, 0xb4, 0, 0, 0, 0, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
];

#[test]
fn a_practice_added_through_the_form_is_written_checked_and_shown() {
    let site = site_with(&[]);
    let server = Server::start(site.path(), &[]);
    let origin = format!("Origin: {}", server.origin());
    let (_, index) = server.get("/__tiendo/");
    assert!(index.contains("/__tiendo/practice/new"), "{index}");
    let (status, form) = server.get("/__tiendo/practice/new");
    assert_eq!(status, 200, "{form}");
    assert!(
        form.contains("<select id=\"tasks\" name=\"tasks\" multiple"),
        "{form}"
    );
    let practice = Form::default()
        .field("csrf", &csrf(&form))
        .field("title", "Tổ rà soát hồ sơ lưu động")
        .field("kind", "practice")
        .field("agency", "co-quan-a")
        .field("locality", "xa-an-thi")
        .field("tasks", "xa-phuong-ra-soat")
        .field("date", "2026-07-06")
        .field("summary", "Tổ lưu động rà soát hồ sơ tại thôn.")
        .field("image_alt", "")
        .field("body", "Mô hình minh họa: dòng chữ kiểm thử 6410.")
        .field("illustrative", "true")
        .field("action", "save");
    // An image without its description: the check's message beside the field.
    let before = snapshot(site.path());
    let (status, _, page) = server.post(
        "/__tiendo/practice",
        std::slice::from_ref(&origin),
        &practice.clone().file("image", "anh to.png", PNG),
    );
    assert_eq!(status, 422, "{page}");
    assert!(
        problem(&page, "image_alt").contains("Cần mô tả ảnh"),
        "{page}"
    );
    // A PDF where an image is wanted.
    let (status, _, page) = server.post(
        "/__tiendo/practice",
        std::slice::from_ref(&origin),
        &practice.clone().file("image", "anh.pdf", PDF),
    );
    assert_eq!(status, 422, "{page}");
    assert!(problem(&page, "image").contains("PNG, JPEG"), "{page}");
    assert_eq!(before, snapshot(site.path()));

    let (status, head, page) = server.post(
        "/__tiendo/practice",
        std::slice::from_ref(&origin),
        &practice
            .field("image_alt", "Tổ rà soát làm việc tại nhà văn hóa thôn")
            .file("image", "anh to.png", PNG),
    );
    assert_eq!(status, 303, "{head}\n{page}");
    let text = std::fs::read_to_string(
        site.path()
            .join("content/practices/to-ra-soat-ho-so-luu-dong.md"),
    )
    .unwrap();
    assert!(
        text.starts_with("---\ntitle: \"Tổ rà soát hồ sơ lưu động\"\ndate: 2026-07-06\nkind: practice\nagency: co-quan-a\nlocality: xa-an-thi\ntasks: [xa-phuong-ra-soat]\nsummary: \"Tổ lưu động rà soát hồ sơ tại thôn.\"\nimage: media/2026/anh-to.png\nimage_alt: \"Tổ rà soát làm việc tại nhà văn hóa thôn\"\nillustrative: true\n"),
        "{text}"
    );
    assert_eq!(
        std::fs::read(site.path().join("content/media/2026/anh-to.png")).unwrap(),
        PNG
    );
    assert_checks_clean(site.path());
    server.wait_for(
        "/dien-hinh/to-ra-soat-ho-so-luu-dong/",
        "showed the new practice",
        |s, b| s == 200 && b.contains("dòng chữ kiểm thử 6410"),
    );
}

#[test]
fn a_practice_edited_through_the_form_keeps_its_comments_and_goals() {
    let hand = "---\n# Mô hình do Cơ quan A giới thiệu (ghi chú giữ lại)\ntitle: \"Mô hình thử nghiệm\"\ndate: 2026-06-01\nkind: practice\nagency: co-quan-a\nlocality: xa-an-thi\ngoals: [muc-tieu-mot]   # nội dung trọng tâm\nsummary: \"Tóm tắt mô hình.\"\nillustrative: true\n---\nNội dung mô hình.\n";
    let site = site_with(&[("content/practices/mo-hinh-mot.md", hand)]);
    let server = Server::start(site.path(), &[]);
    let (_, index) = server.get("/__tiendo/");
    assert!(
        index.contains("/__tiendo/practice/edit?id=mo-hinh-mot"),
        "{index}"
    );
    let (status, form) = server.get("/__tiendo/practice/edit?id=mo-hinh-mot");
    assert_eq!(status, 200, "{form}");
    assert!(form.contains("Sửa điển hình"), "{form}");
    let (status, head, page) = server.post(
        "/__tiendo/practice",
        &[format!("Origin: {}", server.origin())],
        &Form::default()
            .field("csrf", &csrf(&form))
            .field("id", &hidden(&form, "id"))
            .field("sum", &hidden(&form, "sum"))
            .field("image_now", "")
            .field("title", "Mô hình thử nghiệm")
            .field("kind", "collective")
            .field("agency", "co-quan-a")
            .field("locality", "xa-an-thi")
            .field("tasks", "danh-gia-can-bo")
            .field("tasks", "xa-phuong-ra-soat")
            .field("date", "2026-06-01")
            .field("summary", "Tóm tắt mô hình.")
            .field("image_alt", "")
            .field("body", "Nội dung mới: dòng chữ kiểm thử 9021.")
            .field("illustrative", "true")
            .field("action", "save"),
    );
    assert_eq!(status, 303, "{head}\n{page}");
    let text =
        std::fs::read_to_string(site.path().join("content/practices/mo-hinh-mot.md")).unwrap();
    assert_eq!(
        text,
        "---\n# Mô hình do Cơ quan A giới thiệu (ghi chú giữ lại)\ntitle: \"Mô hình thử nghiệm\"\ndate: 2026-06-01\nkind: collective\nagency: co-quan-a\nlocality: xa-an-thi\ntasks: [danh-gia-can-bo, xa-phuong-ra-soat]\ngoals: [muc-tieu-mot]   # nội dung trọng tâm\nsummary: \"Tóm tắt mô hình.\"\nillustrative: true\n---\nNội dung mới: dòng chữ kiểm thử 9021.\n"
    );
    assert_checks_clean(site.path());
    server.wait_for("/dien-hinh/mo-hinh-mot/", "showed the edit", |s, b| {
        s == 200 && b.contains("dòng chữ kiểm thử 9021")
    });
}

#[test]
fn a_built_site_has_no_forms_and_no_link_to_them() {
    let (_site, out) = built(&[], &[]);
    for e in walkdir::WalkDir::new(out.path().join("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let bytes = std::fs::read(e.path()).unwrap();
        assert!(
            memchr_find(&bytes, b"__tiendo").is_none(),
            "{} mentions the preview's forms",
            e.path().display()
        );
    }
}

fn memchr_find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// An entry as an editor wrote it by hand: comments, a key the form does not
/// show (`aliases`), a trailing comment on a value.
const HAND_WRITTEN: &str = "---\n# Báo cáo của xã, nhập tay (ghi chú giữ lại)\ntitle: \"Xã Ân Thi rà soát\"   # tiêu đề theo văn bản\ndate: 2026-06-10\ntask: xa-phuong-ra-soat\nreporter: dang-uy-xa-phuong\nlocality: xa-an-thi\nstatus: in_progress\naliases: [\"/tien-do/an-thi-cu/\"]\nillustrative: true\n---\nĐang rà soát.\n";

#[test]
fn an_entry_edited_through_the_form_keeps_what_the_form_does_not_show() {
    let site = site_with(&[("content/progress/2026/an-thi.md", HAND_WRITTEN)]);
    let server = Server::start(site.path(), &[]);
    let origin = format!("Origin: {}", server.origin());
    let (_, index) = server.get("/__tiendo/");
    assert!(index.contains("/__tiendo/entry/edit?id=an-thi"), "{index}");
    let (status, form) = server.get("/__tiendo/entry/edit?id=an-thi");
    assert_eq!(status, 200, "{form}");
    assert!(form.contains("Sửa báo cáo tiến độ"), "{form}");
    assert!(
        form.contains("<option value=\"in_progress\" selected>"),
        "{form}"
    );
    assert!(form.contains(">Đang rà soát.</textarea>"), "{form}");
    let token = csrf(&form);
    let edit = Form::default()
        .field("csrf", &token)
        .field("id", &hidden(&form, "id"))
        .field("sum", &hidden(&form, "sum"))
        .field("task", "xa-phuong-ra-soat")
        .field("locality", "xa-an-thi")
        .field("reporter", "dang-uy-xa-phuong")
        .field("status", "done")
        .field("percent", "80")
        .field("date", "2026-06-10")
        .field("title", "Xã Ân Thi rà soát")
        .field("ev_ref", "15-BC/ĐU")
        .field("ev_date", "2026-06-09")
        .field("ev_url", "")
        .field("body", "Đã rà soát xong: dòng chữ kiểm thử 8830.")
        .field("illustrative", "true")
        .field("action", "save");

    // A bad value first: nothing written.
    let (status, _, page) = server.post(
        "/__tiendo/entry",
        std::slice::from_ref(&origin),
        &edit.clone().field("percent", "-5"),
    );
    assert_eq!(status, 422, "{page}");
    assert!(problem(&page, "percent").contains("0 đến 100"), "{page}");
    assert_eq!(
        std::fs::read_to_string(site.path().join("content/progress/2026/an-thi.md")).unwrap(),
        HAND_WRITTEN
    );

    let (status, head, page) = server.post("/__tiendo/entry", std::slice::from_ref(&origin), &edit);
    assert_eq!(status, 303, "{head}\n{page}");
    let text =
        std::fs::read_to_string(site.path().join("content/progress/2026/an-thi.md")).unwrap();
    assert_eq!(
        text,
        "---\n# Báo cáo của xã, nhập tay (ghi chú giữ lại)\ntitle: \"Xã Ân Thi rà soát\"   # tiêu đề theo văn bản\ndate: 2026-06-10\ntask: xa-phuong-ra-soat\nreporter: dang-uy-xa-phuong\nlocality: xa-an-thi\nstatus: done\npercent: 80\nevidence:\n  - {ref: \"15-BC/ĐU\", date: 2026-06-09}\naliases: [\"/tien-do/an-thi-cu/\"]\nillustrative: true\n---\nĐã rà soát xong: dòng chữ kiểm thử 8830.\n"
    );
    assert_checks_clean(site.path());
    server.wait_for("/tien-do/an-thi/", "showed the edit", |s, b| {
        s == 200 && b.contains("dòng chữ kiểm thử 8830")
    });

    // The same form again: the file changed since it was opened.
    let (status, _, page) = server.post(
        "/__tiendo/entry",
        std::slice::from_ref(&origin),
        &edit.clone().field("percent", "90"),
    );
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("hãy mở lại biểu mẫu"), "{page}");
    assert!(
        std::fs::read_to_string(site.path().join("content/progress/2026/an-thi.md"))
            .unwrap()
            .contains("percent: 80\n")
    );
}

#[test]
fn entries_the_form_cannot_edit_alone_are_refused_with_a_reason() {
    let folded = HAND_WRITTEN.replace(
        "title: \"Xã Ân Thi rà soát\"   # tiêu đề theo văn bản",
        "title: >\n  Xã Ân Thi rà soát",
    );
    let batch = "- id: lo-mot\n  title: \"Báo cáo lô\"\n  date: 2026-06-11\n  task: thuong-xuyen\n  reporter: co-quan-a\n  status: in_progress\n";
    let site = site_with(&[
        ("content/progress/2026/an-thi.md", folded.as_str()),
        ("content/progress/2026/lo.yaml", batch),
    ]);
    let server = Server::start(site.path(), &[]);
    let origin = format!("Origin: {}", server.origin());
    // A batch file: refused before a form is shown.
    let (status, page) = server.get("/__tiendo/entry/edit?id=lo-mot");
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("content/progress/2026/lo.yaml"), "{page}");
    assert!(
        page.contains("hãy sửa bằng trình soạn thảo văn bản"),
        "{page}"
    );
    // A title written over two lines: the form opens, but changing the title
    // is refused (and changes nothing).
    let (status, form) = server.get("/__tiendo/entry/edit?id=an-thi");
    assert_eq!(status, 200, "{form}");
    let before = snapshot(site.path());
    let (status, _, page) = server.post(
        "/__tiendo/entry",
        &[origin],
        &Form::default()
            .field("csrf", &csrf(&form))
            .field("id", &hidden(&form, "id"))
            .field("sum", &hidden(&form, "sum"))
            .field("task", "xa-phuong-ra-soat")
            .field("locality", "xa-an-thi")
            .field("reporter", "dang-uy-xa-phuong")
            .field("status", "in_progress")
            .field("date", "2026-06-10")
            .field("title", "Tiêu đề mới")
            .field("body", "Đang rà soát.")
            .field("illustrative", "true")
            .field("action", "save"),
    );
    assert_eq!(status, 409, "{page}");
    assert!(
        page.contains("Biểu mẫu không sửa được báo cáo này"),
        "{page}"
    );
    assert!(page.contains("được viết trên nhiều dòng"), "{page}");
    assert_eq!(before, snapshot(site.path()));
}

/// tests/browser/forms.mjs against a running `tiendo serve`: an editor adds an
/// entry with JavaScript on and off; axe on the forms at 390 and 1280 px.
#[test]
#[ignore = "needs Chromium and Node (bash .ci/browser-deps.sh); run with --include-ignored"]
fn an_editor_adds_an_entry_in_a_real_browser() {
    require_browser_packages();
    let site = site_with(&[]);
    let server = Server::start(site.path(), &[]);
    let (ok, stdout, stderr) = node(
        "forms.mjs",
        &[
            format!("{}/", server.origin()),
            site.path().display().to_string(),
        ],
        Duration::from_secs(240),
    );
    println!("{stdout}");
    assert!(ok, "browser test failed:\n{stdout}\n{stderr}");
    // What the browser saved checks clean.
    for day in ["03", "04"] {
        assert!(site
            .path()
            .join(format!(
                "content/progress/2026/xa-phuong-ra-soat-xa-an-thi-2026-07-{day}.md"
            ))
            .is_file());
    }
    assert_checks_clean(site.path());
}
