//! `tiendo report --period` and `--missing` (issue 30 item 6, issue 26): which
//! communes and wards have not reported in a month or quarter, by name, with
//! the tasks each owes, as a table, CSV, JSON and an Excel file tiendo writes.

mod common;

use std::fs;
use std::path::Path;

use calamine::Reader;
use common::*;

fn run(args: &[&str], dir: &Path) -> (i32, String, String) {
    tiendo_in(dir, args)
}

// The minimal site: two units, one per-locality task (due 2026-Q3); Xã Ân Thi
// reported on it on 2026-06-10, Phường Phố Hiến never; as of 2026-07-15.

#[test]
fn the_report_names_the_units_that_have_not_reported_in_a_month() {
    let site = site_with(&[]);
    let s = site.path();
    let (code, out, err) = run(&["report", "--period", "2026-06"], s);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("4. Xã, phường chưa báo cáo trong tháng 6/2026 (1/2)\n   chưa gửi báo cáo nào (1): Phường Phố Hiến\n"),
        "{out}"
    );
    // In July nobody has.
    let (code, out, _) = run(&["report", "--period", "7/2026"], s);
    assert_eq!(code, 0);
    assert!(
        out.contains("(2/2)\n   chưa gửi báo cáo nào (2): Xã Ân Thi, Phường Phố Hiến\n"),
        "{out}"
    );
    // A quarter: Ân Thi's June report counts for Q2.
    let (code, out, _) = run(&["report", "--period", "2026-q2"], s);
    assert_eq!(code, 0);
    assert!(out.contains("trong quý II/2026 (1/2)"), "{out}");

    let (code, _, err) = run(&["report", "--period", "2026-13"], s);
    assert_eq!(code, 2);
    assert!(err.contains("`2026-13` không phải tháng hay quý"), "{err}");
}

#[test]
fn missing_lists_each_unit_and_the_tasks_it_owes_as_table_csv_json_and_xlsx() {
    let site = site_with(&[]);
    let s = site.path();
    let (code, out, err) = run(&["report", "--missing", "--period", "2026-Q3"], s);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "XÃ, PHƯỜNG CHƯA BÁO CÁO — quý III/2026 — còn nợ báo cáo: 2/2\n\
         \x20  - Xã Ân Thi (12142) [xa-an-thi] · chưa gửi báo cáo nào trong kỳ\n\
         \x20    Rà soát ở xã, phường [xa-phuong-ra-soat] · Đang thực hiện · báo cáo gần nhất: 10/6/2026\n\
         \x20  - Phường Phố Hiến (11953) [phuong-pho-hien] · chưa gửi báo cáo nào trong kỳ\n\
         \x20    Rà soát ở xã, phường [xa-phuong-ra-soat] · Chưa bắt đầu · báo cáo gần nhất: chưa có\n"
    );

    // Without --period: the month of the as-of date (July).
    let (code, out, _) = run(&["report", "--missing", "--format", "csv"], s);
    assert_eq!(code, 0);
    assert!(out.starts_with('\u{feff}'), "a BOM for Excel");
    let lines: Vec<&str> = out.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines,
        [
            "kỳ báo cáo,\"mã xã, phường\",\"xã, phường\",mã số,đã gửi báo cáo khác trong kỳ,mã nhiệm vụ,nhiệm vụ,tình trạng,mã tình trạng,hạn,báo cáo gần nhất",
            "tháng 7/2026,xa-an-thi,Xã Ân Thi,12142,không,xa-phuong-ra-soat,\"Rà soát ở xã, phường\",Đang thực hiện,in_progress,2026-09-30,2026-06-10",
            "tháng 7/2026,phuong-pho-hien,Phường Phố Hiến,11953,không,xa-phuong-ra-soat,\"Rà soát ở xã, phường\",Chưa bắt đầu,not_started,2026-09-30,",
        ]
    );

    let (code, json, _) = run(
        &[
            "report",
            "--missing",
            "--period",
            "2026-06",
            "--format",
            "json",
        ],
        s,
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["period"]["id"], "2026-06");
    assert_eq!(v["period"]["label"], "tháng 6/2026");
    assert_eq!(v["units"], 2);
    assert_eq!(v["reported"], 1);
    assert_eq!(v["missing"].as_array().unwrap().len(), 1, "{json}");
    assert_eq!(v["missing"][0]["locality"]["name"], "Phường Phố Hiến");
    assert_eq!(
        v["missing"][0]["owed"][0]["task"]["id"],
        "xa-phuong-ra-soat"
    );
    assert_eq!(v["missing"][0]["owed"][0]["status"], "not_started");

    // Written by tiendo: no shell redirection to re-encode it.
    let (code, out, err) = run(&["report", "--missing", "--output", "thieu.csv"], s);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "thieu.csv");
    let bytes = fs::read(s.join("thieu.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    assert!(String::from_utf8(bytes)
        .unwrap()
        .contains("tháng 7/2026,phuong-pho-hien,Phường Phố Hiến,11953"));

    let (code, _, err) = run(&["report", "--missing", "-o", "thieu.xlsx"], s);
    assert_eq!(code, 0, "{err}");
    let mut wb = calamine::open_workbook_auto(s.join("thieu.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), ["chua_bao_cao"]);
    let range = wb.worksheet_range("chua_bao_cao").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[0][2], "xã, phường");
    assert_eq!(rows[2][2], "Phường Phố Hiến");
    assert_eq!(rows[2][7], "Chưa bắt đầu");
    // The official code stays text, as written.
    assert_eq!(rows[1][3], "12142");

    // The whole report as Excel, with the period's rows.
    let (code, _, err) = run(
        &["report", "--period", "2026-07", "--output", "bao-cao.xlsx"],
        s,
    );
    assert_eq!(code, 0, "{err}");
    let mut wb = calamine::open_workbook_auto(s.join("bao-cao.xlsx")).unwrap();
    let range = wb.worksheet_range("bao_cao").unwrap();
    let missing: Vec<String> = range
        .rows()
        .filter(|r| r[1] == "missing_unit")
        .map(|r| r[3].to_string())
        .collect();
    assert_eq!(missing, ["Xã Ân Thi", "Phường Phố Hiến"]);
    // Counts are numbers a spreadsheet adds up; ids stay text.
    let agency = range.rows().find(|r| r[1] == "agency").unwrap();
    assert!(
        matches!(agency[10], calamine::Data::Float(n) if n >= 1.0),
        "{agency:?}"
    );
    assert!(matches!(agency[2], calamine::Data::String(_)), "{agency:?}");

    let (code, _, err) = run(&["report", "--output", "bao-cao.docx"], s);
    assert_eq!(code, 2);
    assert!(
        err.contains("hãy đặt tên báo cáo có đuôi .xlsx (Excel), .csv, .json hoặc .txt"),
        "{err}"
    );
}
