//! Links that newspapers printed never break: a build refuses to lose a published
//! address, `tiendo mv` renames an id with every reference and a redirect, a
//! deploy job checks against the live site's sitemap, and a removal on purpose
//! answers with a "gone" page.

use std::fs;
use std::path::Path;
use std::time::Duration;

use tempfile::TempDir;

mod common;
use common::{build, copy_tree, snapshot};

const MINIMAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/minimal");

/// A copy of the minimal site, and a folder for its output.
fn site() -> (TempDir, TempDir) {
    let s = tempfile::tempdir().unwrap();
    copy_tree(Path::new(MINIMAL), s.path());
    (s, tempfile::tempdir().unwrap())
}

fn tiendo(args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::cargo::cargo_bin_cmd!("tiendo")
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    (
        out.status.code().expect("tiendo was killed"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn rename_by_hand(site: &Path, old: &str, new: &str) {
    for e in walkdir::WalkDir::new(site.join("content")) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let text = fs::read_to_string(e.path()).unwrap_or_default();
            if text.contains(old) {
                fs::write(e.path(), text.replace(old, new)).unwrap();
            }
        }
    }
}

#[test]
fn a_task_renamed_by_hand_stops_the_build_and_leaves_the_site_as_it_was() {
    let (s, o) = site();
    let out = o.path().join("public");
    let (code, _, err) = build(s.path(), &out, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join("tiendo-addresses.json").is_file());
    let before = snapshot(&out);

    rename_by_hand(s.path(), "danh-gia-can-bo", "danh-gia-can-bo-xa");
    let (code, _, err) = build(s.path(), &out, &[]);
    assert_eq!(code, 1, "{err}");
    // The old address, the file and line that made it, and the fix.
    assert!(
        err.contains("content/tasks/co-quan-a.yaml:1:7: lỗi: địa chỉ đã công bố /nhiem-vu/danh-gia-can-bo/ sẽ mất"),
        "{err}"
    );
    assert!(
        err.contains("aliases: [\"/nhiem-vu/danh-gia-can-bo/\"]"),
        "{err}"
    );
    assert!(err.contains("thư mục kết quả cũ được giữ nguyên"), "{err}");
    assert_eq!(snapshot(&out), before, "the published site changed");
}

#[test]
fn tiendo_mv_renames_every_reference_keeps_comments_and_redirects_the_old_address() {
    let (s, o) = site();
    let out = o.path().join("public");
    let tasks = s.path().join("content/tasks/co-quan-a.yaml");
    let text = fs::read_to_string(&tasks).unwrap();
    fs::write(
        &tasks,
        format!("# Nhiệm vụ của cơ quan A (ghi chú giữ nguyên)\n{text}"),
    )
    .unwrap();
    assert_eq!(build(s.path(), &out, &[]).0, 0);

    let site_arg = s.path().to_str().unwrap();
    let (code, stdout, err) = tiendo(&[
        "mv",
        "task",
        "danh-gia-can-bo",
        "danh-gia-can-bo-xa",
        "--site",
        site_arg,
        "--dry-run",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("không ghi gì cả"), "{stdout}");
    assert!(fs::read_to_string(&tasks)
        .unwrap()
        .contains("- id: danh-gia-can-bo\n"));

    let (code, stdout, err) = tiendo(&[
        "mv",
        "task",
        "danh-gia-can-bo",
        "danh-gia-can-bo-xa",
        "--site",
        site_arg,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        stdout.contains("đã đổi `danh-gia-can-bo` thành `danh-gia-can-bo-xa`"),
        "{stdout}"
    );
    let edited = fs::read_to_string(&tasks).unwrap();
    assert!(
        edited.starts_with("# Nhiệm vụ của cơ quan A (ghi chú giữ nguyên)\n"),
        "{edited}"
    );
    assert!(
        edited.contains("- id: danh-gia-can-bo-xa\n  aliases: [\"/nhiem-vu/danh-gia-can-bo/\"]\n  title: \"Đánh giá cán bộ\""),
        "{edited}"
    );
    let entry =
        fs::read_to_string(s.path().join("content/progress/2026/danh-gia-xong.md")).unwrap();
    assert!(entry.contains("task: danh-gia-can-bo-xa\n"), "{entry}");

    let (code, _, err) = build(s.path(), &out, &[]);
    assert_eq!(code, 0, "{err}");
    let redirect = fs::read_to_string(out.join("nhiem-vu/danh-gia-can-bo/index.html")).unwrap();
    assert!(
        redirect.contains(r#"<meta http-equiv="refresh" content="0; url=https://example.org/ke-hoach/nhiem-vu/danh-gia-can-bo-xa/">"#),
        "{redirect}"
    );
    assert!(redirect.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(out.join("nhiem-vu/danh-gia-can-bo-xa/index.html").is_file());
    let csv = fs::read_to_string(out.join("du-lieu/redirects.csv")).unwrap();
    assert!(
        csv.contains("/ke-hoach/nhiem-vu/danh-gia-can-bo/,/ke-hoach/nhiem-vu/danh-gia-can-bo-xa/"),
        "{csv}"
    );
    let netlify = fs::read_to_string(out.join("_redirects")).unwrap();
    assert!(
        netlify.contains(
            "/ke-hoach/nhiem-vu/danh-gia-can-bo/ /ke-hoach/nhiem-vu/danh-gia-can-bo-xa/ 301"
        ),
        "{netlify}"
    );
    let nginx = fs::read_to_string(out.join("du-lieu/redirects.nginx.conf")).unwrap();
    assert!(
        nginx.contains(
            "    /ke-hoach/nhiem-vu/danh-gia-can-bo/ /ke-hoach/nhiem-vu/danh-gia-can-bo-xa/;"
        ),
        "{nginx}"
    );
}

#[test]
fn tiendo_mv_refuses_a_taken_id_and_an_unknown_one_and_writes_nothing() {
    let (s, _o) = site();
    let before = snapshot(&s.path().join("content"));
    let site_arg = s.path().to_str().unwrap();
    let (code, _, err) = tiendo(&[
        "mv",
        "task",
        "danh-gia-can-bo",
        "thuong-xuyen",
        "--site",
        site_arg,
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("đã có nhiệm vụ mang mã `thuong-xuyen`"),
        "{err}"
    );
    let (code, _, err) = tiendo(&["mv", "task", "danh-gia-can", "moi", "--site", site_arg]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("có phải ý bạn là `danh-gia-can-bo`?"), "{err}");
    let (code, _, err) = tiendo(&[
        "mv",
        "task",
        "danh-gia-can-bo",
        "Đánh giá",
        "--site",
        site_arg,
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("không dùng được làm mã"), "{err}");
    assert_eq!(snapshot(&s.path().join("content")), before);
}

#[test]
fn a_deploy_job_with_the_live_sitemap_catches_the_same_loss() {
    let (s, o) = site();
    let first = o.path().join("first");
    assert_eq!(build(s.path(), &first, &[]).0, 0);
    let sitemap = o.path().join("live-sitemap.xml");
    fs::copy(first.join("sitemap.xml"), &sitemap).unwrap();

    rename_by_hand(s.path(), "danh-gia-can-bo", "danh-gia-can-bo-xa");
    let fresh = o.path().join("fresh");
    let published = ["--published", sitemap.to_str().unwrap()];
    let (code, _, err) = build(s.path(), &fresh, &published);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("/nhiem-vu/danh-gia-can-bo/"), "{err}");
    assert!(!fresh.exists(), "a failed build published something");

    let (code, stdout, _) = tiendo(&[
        "check",
        s.path().to_str().unwrap(),
        "--published",
        sitemap.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout
            .contains("content/tasks/: lỗi: địa chỉ đã công bố /nhiem-vu/danh-gia-can-bo/ sẽ mất"),
        "{stdout}"
    );
    // Only the renamed task's page is lost: the other addresses of the sitemap stay.
    assert_eq!(stdout.matches("địa chỉ đã công bố").count(), 1, "{stdout}");
}

#[test]
fn a_removal_on_purpose_builds_and_the_old_address_says_why() {
    let (s, o) = site();
    let out = o.path().join("public");
    assert_eq!(build(s.path(), &out, &[]).0, 0);
    fs::remove_file(s.path().join("content/practices/mo-hinh-mot.md")).unwrap();
    let (code, _, err) = build(s.path(), &out, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("/dien-hinh/mo-hinh-mot/"), "{err}");

    let site_yaml = s.path().join("content/site.yaml");
    let mut text = fs::read_to_string(&site_yaml).unwrap();
    text.push_str("removed:\n  - path: /dien-hinh/mo-hinh-mot/\n    reason: \"Mô hình được gộp vào báo cáo chung của tỉnh.\"\n");
    fs::write(&site_yaml, text).unwrap();
    let (code, _, err) = build(s.path(), &out, &[]);
    assert_eq!(code, 0, "{err}");
    let gone = fs::read_to_string(out.join("dien-hinh/mo-hinh-mot/index.html")).unwrap();
    assert!(gone.contains("Trang đã được gỡ bỏ"), "{gone}");
    assert!(
        gone.contains("Mô hình được gộp vào báo cáo chung của tỉnh."),
        "{gone}"
    );
    assert!(
        gone.contains(r#"<meta name="robots" content="noindex">"#),
        "{gone}"
    );
    assert!(!gone.contains("rel=\"canonical\""), "{gone}");
}

#[test]
fn allow_removed_lets_one_build_drop_an_address() {
    let (s, o) = site();
    let out = o.path().join("public");
    assert_eq!(build(s.path(), &out, &[]).0, 0);
    fs::remove_file(s.path().join("content/practices/mo-hinh-mot.md")).unwrap();
    let (code, _, err) = build(
        s.path(),
        &out,
        &["--allow-removed", "/dien-hinh/mo-hinh-mot/"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(!out.join("dien-hinh/mo-hinh-mot").exists());
    // The next build compares with this one, which no longer has it.
    assert_eq!(build(s.path(), &out, &[]).0, 0);
}

#[test]
fn a_build_with_an_earlier_date_into_the_published_folder_says_why_pages_go() {
    let (s, o) = site();
    let out = o.path().join("public");
    assert_eq!(build(s.path(), &out, &[]).0, 0);
    let (code, _, err) = build(s.path(), &out, &["--as-of", "2026-05-01"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("/tien-do/an-thi/"), "{err}");
    assert!(
        err.contains("thư mục kết quả đã công bố số liệu tính đến ngày 15/7/2026; lần tạo này tính đến ngày 01/5/2026"),
        "{err}"
    );
    assert!(err.contains("tạo vào thư mục khác bằng -o"), "{err}");
    // Into another folder, the earlier date builds.
    assert_eq!(
        build(s.path(), &o.path().join("may"), &["--as-of", "2026-05-01"]).0,
        0
    );
}
