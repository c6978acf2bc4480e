//! The monthly collection round (issue 26, item 4) on the bundled site: one
//! workbook per commune/ward (104), each with that unit's tasks, drop-down
//! lists for status and percent, the unit's name and code locked, instructions
//! in Vietnamese; the returned folder imports at once, all or nothing, and
//! `report --missing` then no longer asks those units for those tasks.

mod common;

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use common::*;

fn run(args: &[&str], dir: &Path) -> (i32, String, String) {
    tiendo_in(dir, args)
}

/// A copy of the bundled site's content in a temp folder.
fn bundled_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &dir.path().join("content"),
    );
    dir
}

fn workbooks(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

fn cells(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The indexes of the cell formats that leave a cell unlocked.
fn unlocked_styles(styles: &str) -> HashSet<usize> {
    let doc = roxmltree::Document::parse(styles).unwrap();
    let xfs = doc
        .descendants()
        .find(|n| n.has_tag_name("cellXfs"))
        .unwrap();
    xfs.children()
        .filter(|n| n.has_tag_name("xf"))
        .enumerate()
        .filter(|(_, xf)| {
            xf.children()
                .any(|p| p.has_tag_name("protection") && p.attribute("locked") == Some("0"))
        })
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn one_workbook_per_commune_with_its_tasks_lists_and_locks() {
    let site = bundled_site();
    let s = site.path();
    let (code, out, err) = run(
        &[
            "import",
            "--template",
            "--per-locality",
            "vong-12",
            "--period",
            "2026-12",
        ],
        s,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("đã tạo 104 bảng tính cho tháng 12/2026"),
        "{err}"
    );
    let files = workbooks(&s.join("vong-12"));
    assert_eq!(files.len(), 104);
    assert_eq!(out.lines().count(), 104);

    // What each unit owes, from the library: per-locality tasks it has not done.
    let checked = tiendo::check(s, None);
    let site_model = checked.site.as_ref().unwrap();
    let progress = site_model.progress(checked.as_of);
    let per_locality: Vec<usize> = (0..site_model.tasks.len())
        .filter(|&i| site_model.tasks[i].per_locality)
        .collect();
    assert!(per_locality.len() >= 2);
    let mut rows_total = 0;
    for (li, l) in site_model.localities.iter().enumerate() {
        let path = s
            .join("vong-12")
            .join(format!("bao-cao-2026-12-{}.xlsx", l.id));
        let rows = cells(&path, "bao_cao");
        assert_eq!(rows[0][0], "BÁO CÁO TIẾN ĐỘ THÁNG 12/2026");
        assert_eq!(rows[1][1], l.name, "{}", l.id);
        assert_eq!(rows[2][1], l.code.clone().unwrap_or_default());
        assert_eq!(rows[5][0], "Mã nhiệm vụ");
        let listed: Vec<&str> = rows[6..].iter().map(|r| r[0].as_str()).collect();
        let owed: Vec<&str> = per_locality
            .iter()
            .filter(|&&i| progress.per_locality[i][li].status != tiendo::model::Status::Done)
            .map(|&i| site_model.tasks[i].id.as_str())
            .collect();
        assert_eq!(listed, owed, "{}", l.id);
        for r in &rows[6..] {
            assert_eq!(r[3], l.id, "every row names the unit");
            assert!(
                r[4..].iter().all(String::is_empty),
                "nothing filled in: {r:?}"
            );
        }
        rows_total += listed.len();
    }
    assert!(rows_total > 104, "{rows_total}");

    // Instructions in Vietnamese; drop-down lists; the unit's cells locked.
    let an_thi = s.join("vong-12/bao-cao-2026-12-xa-an-thi.xlsx");
    let guide = cells(&an_thi, "huong_dan");
    assert!(guide[0][0].starts_with("Hướng dẫn điền báo cáo tháng 12/2026 — Xã Ân Thi"));
    assert!(guide
        .iter()
        .any(|r| r[0].contains("Tình trạng: chọn trong danh sách")));
    let sheet = part(&an_thi, "xl/worksheets/sheet1.xml");
    let doc = roxmltree::Document::parse(&sheet).unwrap();
    let n = cells(&an_thi, "bao_cao").len() as u32;
    let lists: Vec<(String, String)> = doc
        .descendants()
        .filter(|v| v.has_tag_name("dataValidation") && v.attribute("type") == Some("list"))
        .map(|v| {
            let formula = v
                .children()
                .find(|c| c.has_tag_name("formula1"))
                .and_then(|c| c.text())
                .unwrap_or("")
                .to_string();
            (v.attribute("sqref").unwrap().to_string(), formula)
        })
        .collect();
    assert!(
        lists.contains(&(
            format!("F7:F{n}"),
            "\"đang thực hiện,hoàn thành,gặp vướng mắc,đã lên kế hoạch\"".into()
        )),
        "{lists:?}"
    );
    assert!(
        lists.contains(&(
            format!("G7:G{n}"),
            "\"0,10,20,30,40,50,60,70,80,90,100\"".into()
        )),
        "{lists:?}"
    );
    assert!(doc
        .descendants()
        .any(|p| p.has_tag_name("sheetProtection") && p.attribute("sheet") == Some("1")));
    let unlocked = unlocked_styles(&part(&an_thi, "xl/styles.xml"));
    let style = |r: &str| -> usize {
        doc.descendants()
            .find(|c| c.has_tag_name("c") && c.attribute("r") == Some(r))
            .and_then(|c| c.attribute("s"))
            .map(|s| s.parse().unwrap())
            .unwrap_or(0)
    };
    for locked in ["B2", "B3", "B4", "A7", "D7"] {
        assert!(!unlocked.contains(&style(locked)), "{locked} is locked");
    }
    for open in ["E7", "F7", "G7", "H7", "I7", "J7"] {
        assert!(unlocked.contains(&style(open)), "{open} is open");
    }

    // Never over an earlier round.
    let (code, _, err) = run(
        &[
            "import",
            "--template",
            "--per-locality",
            "vong-12",
            "--period",
            "2026-12",
        ],
        s,
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("đã có sẵn; không ghi gì cả"), "{err}");

    // Returned unchanged, the folder imports nothing and says how many were left blank.
    let before = progress_files(s);
    let (code, out, err) = run(&["import", "vong-12"], s);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!(
            "đã nhập 0 báo cáo từ vong-12 (0 báo cáo đã có); {rows_total} nhiệm vụ chưa có báo cáo"
        )),
        "{out}"
    );
    assert_eq!(progress_files(s), before);
}

/// The workbook at `path` as the commune sends it back: its cells kept, and
/// the first task's row filled in as Excel stores what was typed.
fn fill(path: &Path, status: &str, percent: f64) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let ws = wb.add_worksheet();
        ws.set_name(&name).unwrap();
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if let Data::String(t) = cell {
                    ws.write_string(r as u32, c as u16, t).unwrap();
                }
            }
        }
        if name == "bao_cao" {
            ws.write_datetime_with_format(
                6,
                4,
                ExcelDateTime::from_ymd(2026, 11, 20).unwrap(),
                &date,
            )
            .unwrap();
            ws.write_string(6, 5, status).unwrap();
            ws.write_number(6, 6, percent).unwrap();
            ws.write_string(6, 8, "Đã triển khai theo kế hoạch.")
                .unwrap();
            ws.write_string(6, 9, "15-BC/ĐU").unwrap();
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn a_folder_of_returned_workbooks_imports_at_once_all_or_nothing() {
    let site = bundled_site();
    let s = site.path();
    let (code, _, err) = run(
        &[
            "import",
            "--template",
            "--per-locality",
            "vong-11",
            "--period",
            "2026-11",
        ],
        s,
    );
    assert_eq!(code, 0, "{err}");
    let dir = s.join("vong-11");
    let returned = ["xa-an-thi", "phuong-pho-hien", "xa-tan-hung"];
    let path = |id: &str| dir.join(format!("bao-cao-2026-11-{id}.xlsx"));
    let first_task = cells(&path("xa-an-thi"), "bao_cao")[6][0].clone();
    let (_, missing_before, _) = run(
        &[
            "report",
            "--missing",
            "--period",
            "2026-11",
            "--format",
            "json",
        ],
        s,
    );
    let before_json: serde_json::Value = serde_json::from_str(&missing_before).unwrap();

    // One bad cell in one file: nothing from any file is written.
    fill(&path("xa-an-thi"), "đang thực hiện", 60.0);
    fill(&path("phuong-pho-hien"), "chưa rõ", 40.0);
    fill(&path("xa-tan-hung"), "hoàn thành", 100.0);
    let before = progress_files(s);
    let (code, _, err) = run(&["import", "vong-11"], s);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("bao-cao-2026-11-phuong-pho-hien.xlsx: trang tính \"bao_cao\", dòng 7, cột F (Tình trạng): lỗi: `chưa rõ` không phải tình hình thực hiện"),
        "{err}"
    );
    assert!(
        err.contains("không nhập được: 1 lỗi trong vong-11; không ghi gì cả"),
        "{err}"
    );
    assert_eq!(progress_files(s), before);

    // Corrected: the three rows come in together, each from its own file.
    fill(&path("phuong-pho-hien"), "Gặp vướng mắc", 40.0);
    let (code, out, err) = run(&["import", "vong-11"], s);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("đã nhập 3 báo cáo từ vong-11 (0 báo cáo đã có)"),
        "{out}"
    );
    let new: Vec<String> = progress_files(s)
        .into_iter()
        .filter(|f| !before.contains(f))
        .collect();
    assert_eq!(new.len(), 3, "{new:?}");
    for id in returned {
        let f = new
            .iter()
            .find(|f| f.contains(&format!("{first_task}-{id}-2026-11-20-")))
            .unwrap_or_else(|| panic!("{id}: {new:?}"));
        let text = fs::read_to_string(s.join(f)).unwrap();
        assert!(
            text.contains(&format!(
                "\"bao-cao-2026-11-{id}.xlsx\", sheet \"bao_cao\", row 7"
            )),
            "{text}"
        );
        assert!(text.contains(&format!("locality: {id}")), "{text}");
    }
    let (code, _, err) = run(&["check", "."], s);
    assert_eq!(code, 0, "{err}");

    // The same files again add nothing.
    let (code, out, err) = run(&["import", "vong-11"], s);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("đã nhập 0 báo cáo từ vong-11 (3 báo cáo đã có)"),
        "{out}"
    );
    assert!(
        out.contains(
            "bao-cao-2026-11-xa-an-thi.xlsx, trang tính \"bao_cao\", dòng 7: đã nhập trước đây"
        ),
        "{out}"
    );

    // The report no longer asks those units for that task.
    let (code, json, _) = run(
        &[
            "report",
            "--missing",
            "--period",
            "2026-11",
            "--format",
            "json",
        ],
        s,
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let owes = |v: &serde_json::Value, unit: &str| -> Vec<String> {
        v["missing"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| u["locality"]["id"] == unit)
            .flat_map(|u| u["owed"].as_array().unwrap().iter())
            .map(|o| o["task"]["id"].as_str().unwrap().to_string())
            .collect()
    };
    for id in returned {
        assert!(owes(&before_json, id).contains(&first_task), "{id}");
        assert!(!owes(&v, id).contains(&first_task), "{id}: {json}");
    }
    assert!(owes(&v, "xa-tien-lu").contains(&first_task));
}
