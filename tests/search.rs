//! Search: the index `tiendo build` writes, read from the built files, and the
//! search as readers use it, in a real headless Chromium against the bundled
//! site served under a path prefix (tests/browser/search.mjs).
//!
//! The browser test needs Node, the npm packages of tests/browser and Debian's
//! chromium (`.ci/browser-deps.sh` installs them). Without them it fails; set
//! `TIENDO_SKIP_BROWSER=1` to skip it on purpose.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::*;
use scraper::{Html, Selector};

/// The bundled site, built once for this file's tests under
/// `http://127.0.0.1:<port>/sub/` and served from that address.
struct Served {
    _dir: tempfile::TempDir,
    /// The output folder (served at `/sub/`).
    out: PathBuf,
    url: String,
    stdout: String,
}

fn served() -> &'static Served {
    static SERVED: OnceLock<Served> = OnceLock::new();
    SERVED.get_or_init(|| {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let url = format!("http://127.0.0.1:{port}/sub/");
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("sub");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (code, stdout, stderr) = build(root, &out, &["--base-url", &url]);
        assert_eq!(code, 0, "{stdout}\n{stderr}");
        let docroot = dir.path().to_path_buf();
        std::thread::spawn(move || serve(listener, docroot));
        Served {
            _dir: dir,
            out,
            url,
            stdout,
        }
    })
}

/// A static file server for the tests: GET only, one request per connection.
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
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
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
    let (status, ctype, body) = match (safe, fs::read(&file)) {
        (true, Ok(body)) => ("200 OK", content_type(&file), body),
        _ => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
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

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

/// Every HTML file of the output, by path relative to it.
fn html_files(out: &Path) -> Vec<(String, String)> {
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

/// The text of a Pagefind fragment (gzip, then a `pagefind_dcd` signature, then JSON).
fn fragment(bytes: &[u8]) -> serde_json::Value {
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut text)
        .unwrap();
    assert!(text.starts_with(b"pagefind_dcd"));
    serde_json::from_slice(&text[12..]).unwrap()
}

#[test]
fn the_build_writes_the_search_index_with_the_pages() {
    let s = served();
    let out = &s.out;
    assert!(
        s.stdout.contains("search index: ") && s.stdout.contains(" pages in "),
        "{}",
        s.stdout
    );
    for f in ["pagefind/pagefind.js", "pagefind/pagefind-worker.js"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // Pagefind's own UIs are not used and not published.
    for f in [
        "pagefind/pagefind-ui.js",
        "pagefind/pagefind-component-ui.js",
    ] {
        assert!(!out.join(f).exists(), "{f}");
    }
    let entry: serde_json::Value =
        serde_json::from_str(&read(out, "pagefind/pagefind-entry.json")).unwrap();
    let indexed = entry["languages"]["vi"]["page_count"].as_u64().unwrap() as usize;

    // Record pages are indexed; list pages, the home page and the search page are not.
    let pages = html_files(out);
    let bodies: Vec<&(String, String)> = pages
        .iter()
        .filter(|(_, html)| html.contains("data-pagefind-body"))
        .collect();
    assert_eq!(indexed, bodies.len());
    let is_indexed = |p: &str| bodies.iter().any(|(rel, _)| rel == p);
    for p in [
        "nhiem-vu/btc-ke-hoach-dao-tao-boi-duong-can-bo-co-so/index.html",
        "co-quan/so-noi-vu/index.html",
        "dia-phuong/xa-kien-xuong/index.html",
        "ke-hoach/index.html",
    ] {
        assert!(is_indexed(p), "{p} is indexed");
    }
    for p in [
        "index.html",
        "nhiem-vu/index.html",
        "co-quan/index.html",
        "tien-do/index.html",
        "tim-kiem/index.html",
        "lich/index.html",
        "404.html",
    ] {
        assert!(!is_indexed(p), "{p} is not indexed");
    }
    assert_eq!(
        fs::read_dir(out.join("pagefind/fragment")).unwrap().count(),
        indexed
    );
    // Nothing of the build is left beside the output.
    let beside: Vec<_> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, vec![std::ffi::OsString::from("sub")]);
}

#[test]
fn pages_carry_kind_agency_and_a_copy_of_their_words_with_d_for_d_bar() {
    let out = &served().out;
    let agency = Html::parse_document(&read(out, "co-quan/dang-uy-xa-phuong/index.html"));
    let metas: Vec<&str> = select(&agency, "[data-pagefind-meta]")
        .iter()
        .map(|e| e.value().attr("data-pagefind-meta").unwrap())
        .collect();
    assert!(
        metas.contains(&"title:Đảng Dảng ủy xã, phường"),
        "{metas:?}"
    );
    assert!(metas.contains(&"name:Đảng ủy xã, phường"), "{metas:?}");
    let filters: Vec<&str> = select(&agency, "[data-pagefind-filter]")
        .iter()
        .map(|e| e.value().attr("data-pagefind-filter").unwrap())
        .collect();
    assert!(filters.contains(&"kind:Cơ quan"), "{filters:?}");
    assert!(
        filters.contains(&"agency:Đảng ủy xã, phường"),
        "{filters:?}"
    );

    // Every indexed page whose indexed text has "Đảng ủy" holds "dảng" in its
    // folded field, as the index stores it (the published page does not carry it).
    let mut checked = 0;
    for e in fs::read_dir(out.join("pagefind/fragment")).unwrap() {
        let f = fragment(&fs::read(e.unwrap().path()).unwrap());
        if !f["content"].as_str().unwrap_or("").contains("Đảng ủy") {
            continue;
        }
        let folded = f["meta"]["folded"]
            .as_str()
            .unwrap_or_else(|| panic!("{} has no folded field", f["url"]));
        assert!(
            folded.split(' ').any(|w| w == "dảng"),
            "{}: {folded}",
            f["url"]
        );
        assert!(!folded.contains('đ'), "{}: {folded}", f["url"]);
        checked += 1;
    }
    assert!(checked > 20, "{checked} pages with Đảng ủy");
    assert!(
        !read(out, "co-quan/dang-uy-xa-phuong/index.html").contains("folded:"),
        "the folded copy is for the index only"
    );

    // The task page: kind, its lead and supporting agencies; an illustrative
    // report is labelled as such in its record.
    let task = read(
        out,
        "nhiem-vu/btc-ke-hoach-dao-tao-boi-duong-can-bo-co-so/index.html",
    );
    assert!(task.contains(r#"data-pagefind-filter="kind:Nhiệm vụ""#));
    assert!(task.contains(r#"data-pagefind-filter="agency:Ban Tổ chức Tỉnh ủy""#));
    let entry_html = html_files(out)
        .into_iter()
        .find(|(rel, html)| rel.starts_with("tien-do/") && html.contains("data-pagefind-body"))
        .unwrap()
        .1;
    assert!(entry_html.contains(r#"data-pagefind-filter="kind:Báo cáo tiến độ""#));
    assert!(entry_html.contains(r#"data-pagefind-meta="illustrative:Minh họa""#));

    // What the index holds for the agency page (its fragment) has the folded field.
    let mut found = false;
    for e in fs::read_dir(out.join("pagefind/fragment")).unwrap() {
        let f = fragment(&fs::read(e.unwrap().path()).unwrap());
        if f["url"] == "/co-quan/dang-uy-xa-phuong/" {
            assert_eq!(f["meta"]["name"], "Đảng ủy xã, phường");
            assert!(f["meta"]["folded"].as_str().unwrap().contains("dảng"));
            assert_eq!(f["filters"]["kind"][0], "Cơ quan");
            found = true;
        }
    }
    assert!(found, "the agency page is in the index");
}

#[test]
fn every_page_has_a_search_box_and_the_search_page_works_under_the_prefix() {
    let out = &served().out;
    for (rel, html) in html_files(out) {
        if html.contains("http-equiv=\"refresh\"") {
            continue; // an alias page sends readers on at once
        }
        // Cards made for another site's <iframe> and pages made to be printed are
        // documents of their own, kept out of search engines, without the site's header.
        if html.contains("<meta name=\"robots\" content=\"noindex\">") {
            assert!(
                rel.starts_with("nhung/")
                    || rel.ends_with("/in/index.html")
                    || rel == "in/index.html",
                "{rel} is left out of search engines"
            );
            continue;
        }
        let doc = Html::parse_document(&html);
        let boxes = select(
            &doc,
            "header form[role=search][action='/sub/tim-kiem/'] input[type=search][name=q]",
        );
        assert_eq!(boxes.len(), 1, "{rel}");
    }
    let page = read(out, "tim-kiem/index.html");
    let doc = Html::parse_document(&page);
    let root = select(&doc, "#search")[0];
    assert_eq!(
        root.value().attr("data-index"),
        Some("/sub/pagefind/pagefind.js")
    );
    let scripts: Vec<&str> = select(&doc, "script[src]")
        .iter()
        .map(|e| e.value().attr("src").unwrap())
        .collect();
    assert_eq!(scripts.len(), 1, "{scripts:?}");
    assert!(
        scripts[0].starts_with("/sub/assets/search.js?v="),
        "{scripts:?}"
    );
    assert!(out.join("assets/search.js").is_file());
    // No inline script but the JSON-LD data block.
    for s in select(&doc, "script:not([src])") {
        assert_eq!(s.value().attr("type"), Some("application/ld+json"));
    }
    // The filters offer every kind and agency; without JavaScript the page offers
    // the section indexes, and hides the form (and every page its search box).
    let kinds: Vec<String> = select(&doc, "#search-kind option")
        .iter()
        .map(|o| o.text().collect())
        .collect();
    for k in [
        "Nhiệm vụ",
        "Cơ quan",
        "Báo cáo tiến độ",
        "Điển hình",
        "Xã, phường",
    ] {
        assert!(kinds.iter().any(|x| x == k), "{kinds:?}");
    }
    let agencies = select(&doc, "#search-agency option");
    assert!(agencies
        .iter()
        .any(|o| o.text().collect::<String>() == "Sở Nội vụ"));
    let no_js = select(&doc, ".no-js a");
    let links: Vec<&str> = no_js
        .iter()
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert!(
        links.contains(&"/sub/nhiem-vu/") && links.contains(&"/sub/co-quan/"),
        "{links:?}"
    );
    assert!(page
        .contains("<noscript><style>.search-box, .needs-js { display: none; }</style></noscript>"));
    assert_eq!(select(&doc, "form.search-page.needs-js").len(), 1);
    assert!(text(&page).contains("Từ khóa (có thể gõ không dấu)"));
}

#[test]
fn the_search_page_speaks_english_for_an_english_site() {
    let site = site_with(&[(
        "content/site.yaml",
        "title: \"Test plan\"\nbase_url: \"https://example.org/plan/\"\nlanguage: en\nas_of: 2026-07-15\n",
    )]);
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let (code, stdout, stderr) = build(site.path(), &public, &[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let page = text(&read(&public, "tim-kiem/index.html"));
    for s in [
        "Search terms (tone marks optional)",
        "Kind of page",
        "All agencies",
        "Search needs JavaScript. You can still browse by section:",
    ] {
        assert!(page.contains(s), "{s}: {page}");
    }
    let raw = read(&public, "tim-kiem/index.html");
    assert!(raw.contains("data-s-none=\"No results for “{q}”."));
    assert!(raw.contains("data-index=\"/plan/pagefind/pagefind.js\""));
    let entry: serde_json::Value =
        serde_json::from_str(&read(&public, "pagefind/pagefind-entry.json")).unwrap();
    assert!(
        entry["languages"]["en"]["page_count"].as_u64().unwrap() > 0,
        "{entry}"
    );
}

/// Runs tests/browser/search.mjs against the served site.
#[test]
fn readers_find_pages_in_a_real_browser() {
    if std::env::var("TIENDO_SKIP_BROWSER").as_deref() == Ok("1") {
        // Straight to stderr, not through the test harness's capture, so it shows.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: readers_find_pages_in_a_real_browser (TIENDO_SKIP_BROWSER=1): search was not tested in a browser"
        );
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "tests/browser/node_modules is missing: run .ci/browser-deps.sh (or set TIENDO_SKIP_BROWSER=1 to skip this test)"
    );
    let s = served();
    let count = |d: &str| {
        fs::read_dir(s.out.join("pagefind").join(d))
            .unwrap()
            .count()
    };
    let totals = serde_json::json!({"index": count("index"), "fragment": count("fragment")});
    let mut child = Command::new("node")
        .arg(dir.join("search.mjs"))
        .arg(&s.url)
        .arg(totals.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot run node ({e}): run .ci/browser-deps.sh, or set TIENDO_SKIP_BROWSER=1")
        });
    let deadline = Instant::now() + Duration::from_secs(240);
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    println!("{stdout}");
    assert!(
        status.success(),
        "browser test failed ({status}):\n{stdout}\n{stderr}"
    );
}
