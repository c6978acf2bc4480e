//! The spreadsheet path end to end (issue 30, item 3): the Excel template tiendo
//! writes imports back unchanged; filled in as Excel stores the cells (numbers,
//! percentages, date serials, dates typed as text, names typed instead of ids)
//! it imports; a wrong name gets a suggestion, in the words of a spreadsheet.

mod common;

use std::fs;
use std::path::Path;

use calamine::Reader;
use common::*;

fn run(args: &[&str], dir: &Path) -> (i32, String, String) {
    tiendo_in(dir, args)
}

/// A row as an editor fills it in Excel; `None` leaves the cell empty.
struct Filled<'a> {
    task: &'a str,
    locality: Option<&'a str>,
    date: Date<'a>,
    status: &'a str,
    percent: Option<Percent>,
    title: &'a str,
    evidence: Option<&'a str>,
}

enum Date<'a> {
    /// A date cell (Excel stores the day's serial number, formatted as a date).
    Serial(u16, u8, u8),
    /// A date typed into a text cell.
    Text(&'a str),
}

enum Percent {
    /// `100%` typed into a cell: Excel stores 1 and formats the cell as a percentage.
    Formatted(f64),
    /// `60` in a plain number cell.
    Number(f64),
}

/// The template at `template` filled in with `rows` and saved at `out`, as
/// Excel would save it: every sheet of the template kept as it was read
/// (header row, instructions, lists), the rows added under the header of the
/// first sheet.
fn fill(template: &Path, out: &Path, rows: &[Filled]) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = calamine::open_workbook_auto(template).unwrap();
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let percent = Format::new().set_num_format("0%");
    let names = book.sheet_names();
    for (k, name) in names.iter().enumerate() {
        let range = book.worksheet_range(name).unwrap();
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let s = cell.to_string();
                if !s.is_empty() {
                    ws.write_string(r as u32, c as u16, &s).unwrap();
                }
            }
        }
        if k != 0 {
            continue;
        }
        let head: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let col = |name: &str| head.iter().position(|h| h == name).unwrap() as u16;
        for (i, f) in rows.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string(r, col("ma_nhiem_vu"), f.task).unwrap();
            if let Some(l) = f.locality {
                ws.write_string(r, col("ma_xa_phuong"), l).unwrap();
            }
            match f.date {
                Date::Serial(y, m, d) => {
                    let day = ExcelDateTime::from_ymd(y, m, d).unwrap();
                    ws.write_datetime_with_format(r, col("ngay"), day, &date)
                        .unwrap();
                }
                Date::Text(t) => {
                    ws.write_string(r, col("ngay"), t).unwrap();
                }
            }
            ws.write_string(r, col("tinh_trang"), f.status).unwrap();
            match f.percent {
                Some(Percent::Formatted(p)) => {
                    ws.write_number_with_format(r, col("phan_tram"), p, &percent)
                        .unwrap();
                }
                Some(Percent::Number(p)) => {
                    ws.write_number(r, col("phan_tram"), p).unwrap();
                }
                None => {}
            }
            ws.write_string(r, col("tieu_de"), f.title).unwrap();
            if let Some(e) = f.evidence {
                ws.write_string(r, col("so_van_ban"), e).unwrap();
            }
            ws.write_string(r, col("minh_hoa"), "x").unwrap();
        }
    }
    wb.save(out).unwrap();
}

#[test]
fn the_excel_template_imports_back_unchanged_and_once_filled() {
    let site = site_with(&[]);
    let s = site.path();
    let (code, _, err) = run(&["import", "--template", "mau.xlsx"], s);
    assert_eq!(code, 0, "{err}");

    // Unchanged: its instructions and lists are no reports.
    let before = progress_files(s);
    let (code, out, err) = run(&["import", "mau.xlsx"], s);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("đã nhập 0 báo cáo từ mau.xlsx (0 báo cáo đã có)"),
        "{out}"
    );
    assert!(err.is_empty(), "{err}");
    assert_eq!(progress_files(s), before);

    // Filled in as Excel stores what an editor types.
    let rows = [
        Filled {
            // The task by its name, without tone marks; the ward by its name.
            task: "Ra soat o xa, phuong",
            locality: Some("Phường Phố Hiến"),
            date: Date::Serial(2026, 7, 3),
            status: "Hoàn thành",
            percent: Some(Percent::Formatted(1.0)),
            title: "Phố Hiến xong rà soát",
            evidence: Some("9-BC/ĐU"),
        },
        Filled {
            task: "xa-phuong-ra-soat",
            // A commune by its name without `Xã`, and by its official code.
            locality: Some("Ân Thi"),
            date: Date::Text("30/6/2026"),
            status: "dang thuc hien",
            percent: Some(Percent::Formatted(0.6)),
            title: "Ân Thi đang rà soát",
            evidence: None,
        },
        Filled {
            task: "Việc thường xuyên",
            locality: None,
            date: Date::Text("2026-07-05"),
            status: "in_progress",
            percent: Some(Percent::Number(40.0)),
            title: "Báo cáo tháng 7",
            evidence: None,
        },
    ];
    fill(&s.join("mau.xlsx"), &s.join("thang-7.xlsx"), &rows);
    let (code, out, err) = run(&["import", "thang-7.xlsx"], s);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("đã nhập 3 báo cáo từ thang-7.xlsx (0 báo cáo đã có)"),
        "{out}"
    );
    let new: Vec<String> = progress_files(s)
        .into_iter()
        .filter(|f| !before.contains(f))
        .collect();
    let file = |part: &str| {
        let f = new
            .iter()
            .find(|f| f.contains(part))
            .unwrap_or_else(|| panic!("{part}: {new:?}"));
        fs::read_to_string(s.join(f)).unwrap()
    };
    let pho_hien = file("xa-phuong-ra-soat-phuong-pho-hien-2026-07-03-");
    for want in [
        "locality: phuong-pho-hien",
        "status: done",
        "percent: 100\n",
        "task: xa-phuong-ra-soat",
    ] {
        assert!(pho_hien.contains(want), "{want}:\n{pho_hien}");
    }
    let an_thi = file("xa-phuong-ra-soat-xa-an-thi-2026-06-30-");
    assert!(
        an_thi.contains("percent: 60\n") && an_thi.contains("status: in_progress"),
        "{an_thi}"
    );
    let thuong = file("thuong-xuyen-2026-07-05-");
    assert!(thuong.contains("percent: 40\n"), "{thuong}");
    let (code, _, err) = run(&["check", "."], s);
    assert_eq!(code, 0, "{err}");

    // The same file again adds nothing.
    let (code, out, _) = run(&["import", "thang-7.xlsx"], s);
    assert_eq!(code, 0);
    assert!(
        out.contains("đã nhập 0 báo cáo") && out.contains("3 báo cáo đã có"),
        "{out}"
    );
}

#[test]
fn a_mistyped_name_gets_a_suggestion_in_a_spreadsheets_words() {
    let site = site_with(&[]);
    let s = site.path();
    let (code, _, err) = run(&["import", "--template", "mau.xlsx"], s);
    assert_eq!(code, 0, "{err}");
    let rows = [
        Filled {
            task: "xa-phuong-ra-soat",
            locality: Some("Xã An Thy"),
            date: Date::Text("30/11/2026"),
            status: "đang thực hiện",
            percent: None,
            title: "Tên xã gõ sai",
            evidence: None,
        },
        Filled {
            task: "Ra soat o xa phuong nha",
            locality: None,
            date: Date::Serial(2026, 7, 3),
            status: "hoàn thành",
            percent: None,
            title: "Tên nhiệm vụ gõ sai",
            evidence: None,
        },
        Filled {
            // A per-locality task without its commune.
            task: "xa-phuong-ra-soat",
            locality: None,
            date: Date::Serial(2026, 7, 3),
            status: "hoàn thành",
            percent: Some(Percent::Number(160.0)),
            title: "Thiếu xã",
            evidence: None,
        },
    ];
    fill(&s.join("mau.xlsx"), &s.join("sai.xlsx"), &rows);
    let before = progress_files(s);
    let (code, _, err) = run(&["import", "sai.xlsx", "--as-of", "2026-12-01"], s);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("sai.xlsx: trang tính \"bao_cao\", dòng 2, cột B (ma_xa_phuong): lỗi: không có xã/phường nào có mã hoặc tên `Xã An Thy` (cách sửa: có phải ý bạn là `xa-an-thi` (Xã Ân Thi)?)"),
        "{err}"
    );
    assert!(
        err.contains(
            "dòng 3, cột A (ma_nhiem_vu): lỗi: không có nhiệm vụ nào có mã hoặc tên `Ra soat o xa phuong nha`"
        ) && err.contains("có phải ý bạn là `xa-phuong-ra-soat` (Rà soát ở xã, phường)?"),
        "{err}"
    );
    assert!(
        err.contains("dòng 4, cột B (ma_xa_phuong): lỗi: chưa ghi xã/phường: mỗi xã, phường tự báo cáo về nhiệm vụ `xa-phuong-ra-soat`"),
        "{err}"
    );
    assert!(
        err.contains("dòng 4, cột F (phan_tram): lỗi: 160% không phải phần công việc đã làm"),
        "{err}"
    );
    // No error made up from another: an unknown task has no lead agency to blame.
    assert!(!err.contains("cơ quan"), "{err}");
    // Help for a spreadsheet names columns, never a content file's fields.
    for yaml in ["locality:", "front matter", "`percent`", "yaml"] {
        assert!(!err.to_lowercase().contains(yaml), "{yaml}: {err}");
    }
    assert!(
        err.contains("không nhập được: 4 lỗi trong sai.xlsx; không ghi gì cả"),
        "{err}"
    );
    assert_eq!(progress_files(s), before);
}
