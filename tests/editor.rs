//! The editors' commands through the binary: `new`, `init`, `import` (a valid
//! sheet, a sheet with a bad row, the same sheet twice) and `report`.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Run `tiendo args...` with colours off; (exit code, stdout, stderr).
fn run(args: &[&str], site: Option<&Path>) -> (i32, String, String) {
    let mut cmd = tiendo();
    cmd.args(["--color", "never"]).args(args);
    if let Some(site) = site {
        cmd.current_dir(site);
    }
    let o = cmd.output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn check_passes(site: &Path) -> String {
    let (code, out, err) = run(&["check", "."], Some(site));
    assert_eq!(code, 0, "check failed:\n{out}\n{err}");
    out
}

// ---------------------------------------------------------------- new

#[test]
fn new_progress_writes_a_valid_entry_and_prints_its_path() {
    let site = site_with(&[]);
    let s = site.path();
    let (code, out, err) = run(
        &[
            "new",
            "progress",
            "--task",
            "xa-phuong-ra-soat",
            "--locality",
            "xa-an-thi",
            "--date",
            "2026-07-02",
        ],
        Some(s),
    );
    assert_eq!(code, 0, "{out}\n{err}");
    let path = out.trim();
    assert_eq!(
        path,
        "./content/progress/2026/xa-phuong-ra-soat-xa-an-thi-2026-07-02.md"
    );
    let text = fs::read_to_string(s.join(path)).unwrap();
    assert!(text.contains("date: 2026-07-02\n"), "{text}");
    assert!(text.contains("task: xa-phuong-ra-soat\n"), "{text}");
    assert!(text.contains("locality: xa-an-thi\n"), "{text}");
    // The task's lead reports by default.
    assert!(text.contains("reporter: dang-uy-xa-phuong\n"), "{text}");
    assert!(text.contains("status: in_progress\n"), "{text}");
    assert!(
        text.contains("title: \"Xã Ân Thi: rà soát ở xã, phường\""),
        "{text}"
    );
    check_passes(s);

    // The same again gets its own file; another reporter and status are taken as given.
    let (code, out, _) = run(
        &[
            "new",
            "progress",
            "--task",
            "danh-gia-can-bo",
            "--reporter",
            "co-quan-b",
            "--status",
            "done",
            "--date",
            "2026-07-02",
            "--title",
            "Đã \"xong\": đợt 2",
        ],
        Some(s),
    );
    assert_eq!(code, 0);
    let text = fs::read_to_string(s.join(out.trim())).unwrap();
    assert!(
        text.contains("reporter: co-quan-b\n") && text.contains("status: done\n"),
        "{text}"
    );
    let (code, out2, _) = run(
        &[
            "new",
            "progress",
            "--task",
            "danh-gia-can-bo",
            "--date",
            "2026-07-02",
        ],
        Some(s),
    );
    assert_eq!(code, 0);
    assert_ne!(out2.trim(), out.trim());
    assert!(
        out2.trim().ends_with("danh-gia-can-bo-2026-07-02-2.md"),
        "{out2}"
    );
    check_passes(s);

    // Without --date: today, in the site's time zone (a warning if after as_of).
    let (code, out, err) = run(&["new", "progress", "--task", "thuong-xuyen"], Some(s));
    assert_eq!(code, 0, "{err}");
    let text = fs::read_to_string(s.join(out.trim())).unwrap();
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap())
        .format("%Y-%m-%d")
        .to_string();
    assert!(text.contains(&format!("date: {today}")), "{text}");
    assert!(err.contains("sau ngày tính trạng thái"), "{err}");
}

#[test]
fn new_refuses_unknown_ids_with_the_closest_one() {
    let site = site_with(&[]);
    let s = site.path();
    let (code, _, err) = run(&["new", "progress", "--task", "danh-gia-can"], Some(s));
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "không có nhiệm vụ nào mang mã `danh-gia-can`; có phải ý bạn là `danh-gia-can-bo`?"
        ),
        "{err}"
    );
    let (code, _, err) = run(
        &[
            "new",
            "progress",
            "--task",
            "xa-phuong-ra-soat",
            "--locality",
            "an-thi",
        ],
        Some(s),
    );
    assert_eq!(code, 2);
    assert!(err.contains("có phải ý bạn là `xa-an-thi`?"), "{err}");
    let (code, _, err) = run(&["new", "progress", "--task", "xa-phuong-ra-soat"], Some(s));
    assert_eq!(code, 2);
    assert!(err.contains("--locality"), "{err}");
    let (code, _, err) = run(
        &[
            "new",
            "progress",
            "--task",
            "thuong-xuyen",
            "--reporter",
            "co-quan-c",
        ],
        Some(s),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("không có cơ quan nào mang mã `co-quan-c`; có phải ý bạn là"),
        "{err}"
    );
    let (code, _, err) = run(&["new", "practice", "--agency", "zzz"], Some(s));
    assert_eq!(code, 2, "{err}");
    assert_eq!(progress_files(s).len(), 2, "nothing was written");
}

#[test]
fn new_practice_writes_a_valid_practice() {
    let site = site_with(&[]);
    let s = site.path();
    let (code, out, err) = run(&["new", "practice", "--date", "2026-07-01"], Some(s));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "./content/practices/mo-hinh-2026-07-01.md");
    let text = fs::read_to_string(s.join(out.trim())).unwrap();
    // The standing body by default.
    assert!(
        text.contains("agency: co-quan-a\n") && text.contains("kind: practice\n"),
        "{text}"
    );
    let (code, out, err) = run(
        &[
            "new",
            "practice",
            "--title",
            "Tổ “cầm tay chỉ việc”",
            "--kind",
            "collective",
            "--agency",
            "co-quan-b",
            "--locality",
            "xa-an-thi",
            "--task",
            "thuong-xuyen",
            "--date",
            "2026-07-01",
        ],
        Some(s),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "./content/practices/to-cam-tay-chi-viec.md");
    check_passes(s);
    let out_dir = tempfile::tempdir().unwrap();
    let (code, o, e) = build(s, &out_dir.path().join("public"), &[]);
    assert_eq!(code, 0, "{o}{e}");
    let page = read(
        &out_dir.path().join("public"),
        "dien-hinh/to-cam-tay-chi-viec/index.html",
    );
    assert!(text_of(&page).contains("Tổ “cầm tay chỉ việc”"));
}

fn text_of(html: &str) -> String {
    common::text(html)
}

// ---------------------------------------------------------------- init

#[test]
fn init_creates_a_site_that_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("tinh-khac");
    let (code, out, err) = run(
        &[
            "init",
            site.to_str().unwrap(),
            "--title",
            "Kế hoạch của tỉnh khác",
        ],
        None,
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("content/site.yaml"), "{out}");
    check_passes(&site);
    let (code, o, e) = build(&site, &dir.path().join("public"), &[]);
    assert_eq!(code, 0, "{o}{e}");
    let home = text(&read(&dir.path().join("public"), "index.html"));
    assert!(home.contains("Kế hoạch của tỉnh khác"), "{home}");
    // A new entry works in it straight away.
    let (code, _, err) = run(
        &["new", "progress", "--task", "theo-doi-don-doc"],
        Some(&site),
    );
    assert_eq!(code, 0, "{err}");
    check_passes(&site);

    // An existing site is never overwritten.
    let (code, _, err) = run(&["init", site.to_str().unwrap()], None);
    assert_eq!(code, 2);
    assert!(err.contains("đã có sẵn"), "{err}");

    let en = dir.path().join("en");
    let (code, _, _) = run(&["init", en.to_str().unwrap(), "--language", "en"], None);
    assert_eq!(code, 0);
    assert!(fs::read_to_string(en.join("content/site.yaml"))
        .unwrap()
        .contains("language: en"));
    check_passes(&en);
}

/// What `init` leaves for the editor to fill in is named by `check`, and a
/// `--strict` build refuses to publish it until it is filled in.
#[test]
fn a_strict_build_refuses_what_init_left_to_fill_in() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("moi");
    let (code, _, err) = run(&["init", site.to_str().unwrap()], None);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("(sửa lại)") && err.contains("base_url"),
        "{err}"
    );
    let out = check_passes(&site);
    for want in [
        "content/plan.md:3:8: cảnh báo: `Kế hoạch mới (sửa lại)` là chữ mẫu cần thay",
        "content/site.yaml:4:11: cảnh báo: `https://example.org/` là địa chỉ ví dụ",
        "cảnh báo: `Cơ quan thường trực (sửa tên)` là chữ mẫu cần thay",
    ] {
        assert!(out.contains(want), "{want}\n{out}");
    }
    let public = dir.path().join("public");
    let (code, o, e) = build(&site, &public, &["--strict"]);
    assert_eq!(code, 1, "{o}{e}");
    assert!(e.contains("là chữ mẫu cần thay"), "{e}");
    assert!(!public.exists());

    // Filled in, the strict build publishes.
    for f in [
        "content/site.yaml",
        "content/plan.md",
        "content/agencies.yaml",
        "content/goals/noi-dung-1.md",
    ] {
        let p = site.join(f);
        let text = fs::read_to_string(&p).unwrap();
        let filled = text
            .replace(" (sửa lại)", "")
            .replace(" (sửa tên)", "")
            .replace("https://example.org/", "https://tiendo.tinh-moi.vn/");
        fs::write(&p, filled).unwrap();
    }
    let (code, o, e) = build(&site, &public, &["--strict"]);
    assert_eq!(code, 0, "{o}{e}");
    // An address given when building replaces site.yaml's example one.
    let other = dir.path().join("other");
    let (code, _, _) = run(
        &["init", other.to_str().unwrap(), "--title", "Kế hoạch khác"],
        None,
    );
    assert_eq!(code, 0);
    let (_, _, e) = build(
        &other,
        &dir.path().join("p2"),
        &["--base-url", "https://x.gov.vn/"],
    );
    assert!(!e.contains("địa chỉ ví dụ"), "{e}");
}

// ---------------------------------------------------------------- import

const GOOD_CSV: &str = "ma_nhiem_vu,ma_xa_phuong,don_vi_bao_cao,ngay,tinh_trang,phan_tram,tieu_de,noi_dung,so_van_ban,ngay_van_ban,lien_ket,minh_hoa
# một dòng ghi chú,,,,,,,,,,,
xa-phuong-ra-soat,xa-an-thi,,30/6/2026,Đang thực hiện,60,Xã Ân Thi rà soát đợt 2,\"Đã rà soát 30/50 hồ sơ, còn lại trong tháng 7.\",45-BC/ĐU,30/6/2026,,x
xa-phuong-ra-soat,phuong-pho-hien,dang-uy-xa-phuong,2026-07-01,hoàn thành,100,Phường Phố Hiến hoàn thành rà soát,Xong.,12-BC/ĐU,1/7/2026,,x
thuong-xuyen,,co-quan-b,5/7/2026,in_progress,,Báo cáo định kỳ tháng 7,,,,https://example.org/bc,

";

#[test]
fn import_csv_writes_one_entry_per_row_once() {
    let site = site_with(&[]);
    let s = site.path();
    fs::write(s.join("bao-cao-thang-7.csv"), GOOD_CSV).unwrap();
    let before = progress_files(s);
    let (code, out, err) = run(&["import", "bao-cao-thang-7.csv"], Some(s));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("đã nhập 3 báo cáo từ bao-cao-thang-7.csv (0 báo cáo đã có)"),
        "{out}"
    );
    let after = progress_files(s);
    assert_eq!(after.len(), before.len() + 3, "{after:?}");
    let new: Vec<&String> = after.iter().filter(|f| !before.contains(f)).collect();
    assert!(new.iter().any(|f| f.starts_with("content/progress/2026/xa-phuong-ra-soat-xa-an-thi-2026-06-30-")), "{new:?}");
    let an_thi = new.iter().find(|f| f.contains("xa-an-thi")).unwrap();
    let written = fs::read_to_string(s.join(an_thi)).unwrap();
    for want in [
        "title: Xã Ân Thi rà soát đợt 2",
        "date: 2026-06-30",
        "reporter: dang-uy-xa-phuong",
        "status: in_progress",
        "percent: 60",
        "ref: 45-BC/ĐU",
        "illustrative: true",
        "Đã rà soát 30/50 hồ sơ, còn lại trong tháng 7.",
        "\"bao-cao-thang-7.csv\", row 3",
    ] {
        assert!(written.contains(want), "{want}:\n{written}");
    }
    check_passes(s);

    // The same file again: nothing new.
    let (code, out, err) = run(&["import", "bao-cao-thang-7.csv"], Some(s));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("đã nhập 0 báo cáo từ bao-cao-thang-7.csv (3 báo cáo đã có)"),
        "{out}"
    );
    assert_eq!(progress_files(s), after);

    // The entries show on the built site.
    let out_dir = tempfile::tempdir().unwrap();
    let (code, o, e) = build(s, &out_dir.path().join("public"), &[]);
    assert_eq!(code, 0, "{o}{e}");
    let task = text(&read(
        &out_dir.path().join("public"),
        "nhiem-vu/xa-phuong-ra-soat/index.html",
    ));
    assert!(
        task.contains("Phường Phố Hiến hoàn thành rà soát"),
        "{task}"
    );
}

#[test]
fn import_refuses_a_sheet_with_a_bad_row_and_writes_nothing() {
    let site = site_with(&[]);
    let s = site.path();
    let bad = GOOD_CSV
        .replace("30/6/2026,Đang thực hiện,60", "31/6/2026,Đang thực hiện,60")
        .replace(
            "thuong-xuyen,,co-quan-b,5/7/2026,in_progress",
            "thuong-xuyenn,,co-quan-b,5/7/2026,xong rồi",
        );
    fs::write(s.join("sai.csv"), bad).unwrap();
    let before = progress_files(s);
    let (code, out, err) = run(&["import", "sai.csv"], Some(s));
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        err.contains("sai.csv: dòng 3, cột D (ngay): lỗi: `31/6/2026` không phải ngày có thật"),
        "{err}"
    );
    assert!(
        err.contains(
            "sai.csv: dòng 5, cột E (tinh_trang): lỗi: `xong rồi` không phải tình hình thực hiện"
        ),
        "{err}"
    );
    assert!(err.contains("không ghi gì cả"), "{err}");
    assert_eq!(progress_files(s), before);

    // A row that reads well but does not check (an unknown task id, a per-locality
    // task without its commune): named like `check` names it, with a hint.
    let bad = GOOD_CSV
        .replace("thuong-xuyen,,co-quan-b", "thuong-xuyenn,,co-quan-b")
        .replace("xa-phuong-ra-soat,phuong-pho-hien,", "xa-phuong-ra-soat,,")
        .replace(",60,", ",160,");
    fs::write(s.join("sai.csv"), bad).unwrap();
    let (code, _, err) = run(&["import", "sai.csv"], Some(s));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("dòng 5, cột A (ma_nhiem_vu): lỗi: không có nhiệm vụ nào có mã hoặc tên `thuong-xuyenn` (cách sửa: có phải ý bạn là `thuong-xuyen` (Việc thường xuyên)?)"),
        "{err}"
    );
    assert!(
        err.contains("dòng 4, cột B (ma_xa_phuong): lỗi: chưa ghi xã/phường: mỗi xã, phường tự báo cáo về nhiệm vụ `xa-phuong-ra-soat`"),
        "{err}"
    );
    assert!(
        err.contains("dòng 3, cột F (phan_tram): lỗi: 160% không phải phần công việc đã làm"),
        "{err}"
    );
    assert_eq!(progress_files(s), before);

    // A sheet without the columns says which are missing.
    fs::write(s.join("rong.csv"), "a,b\n1,2\n").unwrap();
    let (code, _, err) = run(&["import", "rong.csv"], Some(s));
    assert_eq!(code, 1);
    assert!(err.contains("không có dòng tiêu đề"), "{err}");
}

#[test]
fn import_reads_xlsx_and_names_the_sheet() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let site = site_with(&[]);
    let s = site.path();
    let write_book = |path: &Path, bad: bool| {
        let mut wb = Workbook::new();
        let notes = wb.add_worksheet();
        notes.set_name("Hướng dẫn").unwrap();
        notes
            .write_string(0, 0, "Trang này không có báo cáo.")
            .unwrap();
        let ws = wb.add_worksheet();
        ws.set_name("Tháng 7").unwrap();
        let date = Format::new().set_num_format("dd/mm/yyyy");
        // A title row above the header, as offices often have.
        ws.write_string(0, 0, "BÁO CÁO TIẾN ĐỘ THÁNG 7/2026")
            .unwrap();
        let head = [
            "Mã nhiệm vụ",
            "Mã xã, phường",
            "Ngày",
            "Tình trạng",
            "Phần trăm",
            "Tiêu đề",
            "Số văn bản",
            "Minh họa",
        ];
        for (i, h) in head.iter().enumerate() {
            ws.write_string(1, i as u16, *h).unwrap();
        }
        // task, locality, (year, month, day), status, percent, title, body
        type Row<'a> = (
            &'a str,
            &'a str,
            (u16, u8, u8),
            &'a str,
            f64,
            &'a str,
            &'a str,
        );
        let rows: [Row; 2] = [
            (
                "xa-phuong-ra-soat",
                "xa-an-thi",
                (2026, 7, 3),
                "hoàn thành",
                100.0,
                "Ân Thi xong rà soát",
                "9-BC/ĐU",
            ),
            (
                "xa-phuong-ra-soat",
                "phuong-pho-hien",
                (2026, 7, 4),
                if bad {
                    "chưa rõ"
                } else {
                    "đang thực hiện"
                },
                40.0,
                "Phố Hiến đang rà soát",
                "",
            ),
        ];
        for (r, (task, loc, (y, m, d), st, pct, title, ev)) in rows.iter().enumerate() {
            let r = r as u32 + 2;
            ws.write_string(r, 0, *task).unwrap();
            ws.write_string(r, 1, *loc).unwrap();
            ws.write_datetime_with_format(
                r,
                2,
                ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                &date,
            )
            .unwrap();
            ws.write_string(r, 3, *st).unwrap();
            ws.write_number(r, 4, *pct).unwrap();
            ws.write_string(r, 5, *title).unwrap();
            if !ev.is_empty() {
                ws.write_string(r, 6, *ev).unwrap();
            }
            ws.write_string(r, 7, "x").unwrap();
        }
        wb.save(path).unwrap();
    };
    write_book(&s.join("thang-7.xlsx"), true);
    let before = progress_files(s);
    let (code, _, err) = run(&["import", "thang-7.xlsx"], Some(s));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("thang-7.xlsx: trang tính \"Tháng 7\", dòng 4, cột D (Tình trạng): lỗi: `chưa rõ` không phải tình hình thực hiện"),
        "{err}"
    );
    assert_eq!(progress_files(s), before);

    write_book(&s.join("thang-7-dung.xlsx"), false);
    let (code, out, err) = run(&["import", "thang-7-dung.xlsx"], Some(s));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("đã nhập 2 báo cáo"), "{out}");
    let new: Vec<String> = progress_files(s)
        .into_iter()
        .filter(|f| !before.contains(f))
        .collect();
    assert_eq!(new.len(), 2, "{new:?}");
    let xong = new
        .iter()
        .find(|f| f.contains("xa-an-thi-2026-07-03"))
        .unwrap();
    let text = fs::read_to_string(s.join(xong)).unwrap();
    assert!(
        text.contains("status: done") && text.contains("percent: 100"),
        "{text}"
    );
    assert!(text.contains("sheet \"Tháng 7\", row 3"), "{text}");
    check_passes(s);
    let (code, out, _) = run(&["import", "thang-7-dung.xlsx"], Some(s));
    assert_eq!(code, 0);
    assert!(
        out.contains("đã nhập 0 báo cáo") && out.contains("2 báo cáo đã có"),
        "{out}"
    );
}

#[test]
fn import_template_is_written_and_reads_back_empty() {
    let site = site_with(&[]);
    let s = site.path();
    let (code, out, _) = run(&["import", "--template"], Some(s));
    assert_eq!(code, 0);
    assert_eq!(out.trim(), "mau-nhap-tien-do.csv");
    let csv = fs::read_to_string(s.join("mau-nhap-tien-do.csv")).unwrap();
    assert!(
        csv.starts_with("\u{feff}ma_nhiem_vu,ma_xa_phuong,don_vi_bao_cao,ngay,tinh_trang"),
        "{csv}"
    );
    // Its example rows are notes: importing the blank template adds nothing.
    let (code, out, err) = run(&["import", "mau-nhap-tien-do.csv"], Some(s));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("đã nhập 0 báo cáo"), "{out}");
    // Never over an existing file.
    let (code, _, err) = run(&["import", "--template"], Some(s));
    assert_eq!(code, 2, "{err}");
    // An .xlsx template with the site's ids.
    let (code, _, err) = run(&["import", "--template", "mau.xlsx"], Some(s));
    assert_eq!(code, 0, "{err}");
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(s.join("mau.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["bao_cao", "huong_dan", "nhiem_vu", "xa_phuong", "co_quan"]
    );
    let tasks = wb.worksheet_range("nhiem_vu").unwrap();
    assert!(tasks.rows().any(|r| r[0] == "xa-phuong-ra-soat"));
}

// ---------------------------------------------------------------- report

#[test]
fn report_prints_the_monitoring_view() {
    let site = site_with(&[]);
    let s = site.path();
    let (code, out, err) = run(&["report", "."], Some(s));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("BÁO CÁO THEO DÕI — số liệu tính đến 2026-07-15"),
        "{out}"
    );
    // Per agency: Cơ quan A leads 2 tasks (one done, one ongoing), coordinates and
    // directs none (the last two columns).
    let line = out
        .lines()
        .find(|l| l.starts_with("Cơ quan A"))
        .unwrap_or_else(|| panic!("{out}"));
    let nums: Vec<&str> = line.split_whitespace().skip(3).collect();
    assert_eq!(
        nums,
        ["2", "0", "0", "0", "1", "0", "0", "1", "0", "0"],
        "{line}"
    );
    assert!(out.contains("  Phối hợp  Chỉ đạo\n"), "{out}");
    // Per-locality: each commune/ward by its own status, saying whether it reported.
    assert!(out.contains("Đang thực hiện 1 · Chưa bắt đầu 1\n"), "{out}");
    assert!(
        out.contains("Đang thực hiện · đã báo cáo (1): Xã Ân Thi\n")
            && out.contains("Chưa bắt đầu · chưa báo cáo (1): Phường Phố Hiến\n"),
        "{out}"
    );

    let (code, csv, _) = run(&["report", ".", "--format", "csv"], Some(s));
    assert_eq!(code, 0);
    let csv = csv.trim_start_matches('\u{feff}');
    // Vietnamese headers and status words, the codes beside them.
    assert!(csv.starts_with("phần,mã phần,mã,tên,mã cơ quan chủ trì,cơ quan chủ trì,tình trạng,mã tình trạng,hạn,số ngày quá hạn,số nhiệm vụ,Quá hạn,Gặp vướng mắc,Đang thực hiện,Thường xuyên,Chờ điều kiện,Chưa bắt đầu,Hoàn thành,"), "{csv}");
    assert!(
        csv.contains("Cơ quan,agency,co-quan-a,Cơ quan A,,,,,,,2,0,0,0,1,0,0,1"),
        "{csv}"
    );
    // A per-locality task: its communes/wards counted by status in the status
    // columns, then who has not reported (names, then ids), then the two role
    // columns an agency or overdue row uses.
    assert!(
        csv.contains("\"Nhiệm vụ từng xã, phường\",per_locality_task,xa-phuong-ra-soat,\"Rà soát ở xã, phường\",dang-uy-xa-phuong,\"Đảng ủy xã, phường\",Đang thực hiện,in_progress,2026-09-30,,2,0,0,1,0,0,1,0,2,1,0,Phường Phố Hiến,phuong-pho-hien,,,,\n"),
        "{csv}"
    );
    assert!(
        csv.contains("Cơ quan,agency,co-quan-b,Cơ quan B,,,,,,,1,0,0,0,0,1,0,0,,,,,,1,0,,\n"),
        "{csv}"
    );

    let (code, json, _) = run(
        &["report", ".", "--format", "json", "--as-of", "2026-10-15"],
        Some(s),
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["as_of"], "2026-10-15");
    // By October the per-locality task (due in Q3) is overdue.
    assert_eq!(v["overdue"][0]["task"]["id"], "xa-phuong-ra-soat");
    assert_eq!(v["overdue"][0]["days_late"], 15);
    assert_eq!(
        v["per_locality"][0]["not_reported"][0]["id"],
        "phuong-pho-hien"
    );
    // Late whether or not it reported: the silent ward first, then the commune.
    let groups = &v["per_locality"][0]["groups"];
    assert_eq!(v["per_locality"][0]["counts"]["overdue"], 2, "{json}");
    assert_eq!(groups[0]["status"], "overdue");
    assert_eq!(groups[0]["not_reported"], true);
    assert_eq!(groups[0]["localities"][0]["id"], "phuong-pho-hien");
    assert_eq!(groups[1]["status"], "overdue");
    assert_eq!(groups[1]["localities"][0]["id"], "xa-an-thi");

    let (code, out, _) = run(&["report", ".", "--agency", "co-quan-b"], Some(s));
    assert_eq!(code, 0);
    assert!(
        out.contains("Cơ quan B") && !out.contains("Cơ quan A "),
        "{out}"
    );
    let (code, _, err) = run(&["report", ".", "--agency", "co-quan-z"], Some(s));
    assert_eq!(code, 2);
    assert!(
        err.contains("không có cơ quan nào mang mã `co-quan-z` (có phải ý bạn là"),
        "{err}"
    );

    // Broken content: exit 1 with the same messages as check.
    fs::write(s.join("content/progress/2026/an-thi.md"), "---\ntitle: x\n").unwrap();
    let (code, _, err) = run(&["report", "."], Some(s));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("content/progress/2026/an-thi.md"), "{err}");
}

#[test]
fn the_report_page_is_built_and_prints_on_a4() {
    let site = site_with(&[]);
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("public");
    let (code, o, e) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{o}{e}");
    let page = read(&out, "bao-cao/index.html");
    let t = text(&page);
    assert!(t.contains("Báo cáo theo dõi"), "{t}");
    assert!(t.contains("Nhiệm vụ theo cơ quan chủ trì"), "{t}");
    assert!(
        t.contains("○ Chưa bắt đầu · chưa báo cáo (1): Phường Phố Hiến"),
        "{t}"
    );
    let doc = scraper::Html::parse_document(&page);
    let rows = doc
        .select(&scraper::Selector::parse("table.report-table tbody tr").unwrap())
        .count();
    assert_eq!(rows, 3, "one row per lead agency");
    // Every page links to it; the stylesheet lays it out for A4.
    assert!(read(&out, "index.html").contains("href=\"/ke-hoach/bao-cao/\""));
    let css = read(&out, "assets/style.css");
    assert!(css.contains("@page { size: A4"), "{css}");
    assert!(css.contains(".report-table thead { display: table-header-group; }"));
    assert!(read(&out, "sitemap.xml").contains("/ke-hoach/bao-cao/"));
    // The site built for publishing never carries the preview's reload script.
    for (path, bytes) in snapshot(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__tiendo"),
            "{path} has the live-reload script"
        );
    }
}

/// The report names at most 200 communes of one status for a task (more than
/// any province has) and links to the task's page for the rest: a country's
/// 3,321 communes would make it megabytes otherwise.
#[test]
fn the_report_names_two_hundred_communes_a_status_and_links_to_the_rest() {
    // The fixture's two units and 230 of test data (not real units) that do not
    // report: with Phường Phố Hiến, 231 have not reported.
    let mut units = fs::read_to_string(fixture("minimal").join("content/localities.yaml")).unwrap();
    for n in 1..=230 {
        units.push_str(&format!(
            "- {{id: xa-thu-{n:03}, name: \"Xã Thử {n:03}\", kind: xa}}\n"
        ));
    }
    let site = site_with(&[("content/localities.yaml", &units)]);
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("public");
    let (code, o, e) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{o}{e}");
    let page = read(&out, "bao-cao/index.html");
    let doc = scraper::Html::parse_document(&page);
    let group = doc
        .select(&scraper::Selector::parse("section.report-task p").unwrap())
        .find(|p| p.text().collect::<String>().contains("chưa báo cáo (231)"))
        .expect("the group of communes that have not reported");
    let links: Vec<(String, String)> = group
        .select(&scraper::Selector::parse("a").unwrap())
        .map(|a| {
            (
                a.text().collect::<String>(),
                a.value().attr("href").unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(links.len(), 201, "200 names and the link to the rest");
    // In Vietnamese order: "Phường" before "Xã".
    assert_eq!(links[0].0, "Phường Phố Hiến");
    assert_eq!(links[1].0, "Xã Thử 001");
    assert_eq!(links[199].0, "Xã Thử 199");
    let (more, href) = &links[200];
    assert_eq!(more, "và 31 xã, phường khác (xem trang nhiệm vụ)");
    // The task's page has the status's section the link goes to, with all 230.
    let (path, anchor) = href.split_once('#').expect("an anchor");
    assert!(path.starts_with("/ke-hoach/nhiem-vu/"), "{href}");
    let task = read(&out, &format!("{}index.html", &path["/ke-hoach/".len()..]));
    let task = scraper::Html::parse_document(&task);
    let section = task
        .select(&scraper::Selector::parse(&format!("#{anchor}")).unwrap())
        .next()
        .expect("the status's heading")
        .parent()
        .and_then(scraper::ElementRef::wrap)
        .unwrap();
    let named = section
        .select(&scraper::Selector::parse("a").unwrap())
        .filter(|a| a.text().collect::<String>().starts_with("Xã Thử"))
        .count();
    assert_eq!(named, 230, "every commune on the task's page");
}
