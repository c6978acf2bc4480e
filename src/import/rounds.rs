//! The monthly collection round: one workbook per commune/ward, each listing
//! the tasks that unit still has to report on in the period, to fill in and
//! send back (`tiendo import --template --per-locality DIR`). A returned folder
//! is imported at once by [`super::import_all`].
//!
//! Each workbook's report sheet is a sheet `tiendo import` reads like any other
//! (its header row names the columns of docs/import.md): the unit's name and
//! code, and each row's task and commune/ward, are locked (sheet protection,
//! without a password: a guard against slips, not a lock); status and percent
//! are drop-down lists (Excel data validation); an instructions sheet says what
//! to do, in Vietnamese.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, ProtectionOptions, Workbook, XlsxError,
};

use super::ImportError;
use crate::messages::Msg;
use crate::model::{Language, Progress, Site, Status};
use crate::report::Window;

/// The status words of the drop-down list (read back by `status`).
pub const STATUS_WORDS: [&str; 4] = [
    "đang thực hiện",
    "hoàn thành",
    "gặp vướng mắc",
    "đã lên kế hoạch",
];

/// The percent drop-down list: tens (another whole number is accepted after a warning).
pub const PERCENT_STEPS: [&str; 11] = [
    "0", "10", "20", "30", "40", "50", "60", "70", "80", "90", "100",
];

/// The report sheet's columns: (header, column of docs/import.md it is read as, width).
const HEAD: [(&str, &str, f64); 12] = [
    ("Mã nhiệm vụ", "ma_nhiem_vu", 24.0),
    ("Tên nhiệm vụ", "ten_nhiem_vu", 50.0),
    ("Hạn", "han", 14.0),
    ("Mã xã, phường", "ma_xa_phuong", 20.0),
    ("Ngày báo cáo", "ngay", 14.0),
    ("Tình trạng", "tinh_trang", 18.0),
    ("Phần trăm", "phan_tram", 11.0),
    ("Tiêu đề", "tieu_de", 30.0),
    ("Nội dung", "noi_dung", 60.0),
    ("Số văn bản", "so_van_ban", 16.0),
    ("Ngày văn bản", "ngay_van_ban", 14.0),
    ("Liên kết", "lien_ket", 24.0),
];

/// The row (0-based) of the report sheet's header; the tasks follow it.
pub const HEADER_ROW: u32 = 5;

/// One task a unit is asked about.
struct Asked {
    id: String,
    title: String,
    due: String,
}

/// The file name of a unit's workbook: `bao-cao-2026-12-xa-an-thi.xlsx`.
pub fn file_name(period: &Window, locality_id: &str) -> String {
    format!("bao-cao-{}-{locality_id}.xlsx", period.id)
}

/// Write one workbook per commune/ward into `dir` (created if missing), each
/// listing the per-locality tasks the unit has not finished by `progress`
/// (compute it as of the period's end, or sooner). All are written or none:
/// a folder already holding one of the files is refused before anything is
/// written. Returns the paths written, in the official order of the units.
pub fn write_round(
    site: &Site,
    progress: &Progress,
    period: &Window,
    dir: &Path,
) -> Result<Vec<PathBuf>, ImportError> {
    let fail = |path: &Path, message: Msg| ImportError::File {
        path: path.to_path_buf(),
        message,
    };
    if dir.exists() && !dir.is_dir() {
        return Err(fail(dir, Msg::new("round-not-a-folder")));
    }
    let tasks: Vec<usize> = (0..site.tasks.len())
        .filter(|&i| site.tasks[i].per_locality)
        .collect();
    if tasks.is_empty() {
        return Err(fail(dir, Msg::new("round-no-task")));
    }
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (li, l) in site.localities.iter().enumerate() {
        let asked: Vec<Asked> = tasks
            .iter()
            .filter(|&&i| {
                progress.per_locality[i]
                    .get(li)
                    .is_none_or(|p| p.status != Status::Done)
            })
            .map(|&i| {
                let t = &site.tasks[i];
                Asked {
                    id: t.id.clone(),
                    title: t.title.clone(),
                    due: t
                        .due
                        .as_ref()
                        .map(|d| crate::render::format::deadline(d, Language::Vi))
                        .unwrap_or_default(),
                }
            })
            .collect();
        let path = dir.join(file_name(period, &l.id));
        if path.exists() {
            return Err(fail(&path, Msg::new("round-exists")));
        }
        let bytes = workbook(site, li, &asked, period).map_err(|e| {
            fail(
                &path,
                Msg::new("template-not-written").arg("why", e.to_string()),
            )
        })?;
        files.push((path, bytes));
    }
    std::fs::create_dir_all(dir).map_err(|e| fail(dir, crate::messages::io_error(&e)))?;
    super::write_all_or_nothing(Path::new(""), &files, None)?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// The bytes of one unit's workbook.
fn workbook(
    site: &Site,
    li: usize,
    asked: &[Asked],
    period: &Window,
) -> Result<Vec<u8>, XlsxError> {
    let unit = &site.localities[li];
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDEBF7")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let locked = Format::new()
        .set_text_wrap()
        .set_background_color("#F2F2F2");
    let locked_bold = Format::new().set_bold().set_background_color("#F2F2F2");
    let open_text = Format::new()
        .set_unlocked()
        .set_num_format("@")
        .set_text_wrap();
    let open_date = Format::new().set_unlocked().set_num_format("dd/mm/yyyy");
    let open_number = Format::new().set_unlocked();
    let last = HEADER_ROW + asked.len().max(1) as u32;
    {
        let ws = wb.add_worksheet();
        ws.set_name("bao_cao")?;
        ws.write_string_with_format(
            0,
            0,
            format!("BÁO CÁO TIẾN ĐỘ {}", period.label.to_uppercase()),
            &title,
        )?;
        ws.write_string_with_format(1, 0, "Xã, phường", &bold)?;
        ws.write_string_with_format(1, 1, &unit.name, &locked_bold)?;
        ws.write_string_with_format(2, 0, "Mã số đơn vị", &bold)?;
        ws.write_string_with_format(2, 1, unit.code.as_deref().unwrap_or(""), &locked_bold)?;
        ws.write_string_with_format(3, 0, "Mã trên cổng", &bold)?;
        ws.write_string_with_format(3, 1, &unit.id, &locked_bold)?;
        ws.write_string(
            4,
            0,
            "Điền các ô trắng của mỗi nhiệm vụ; nhiệm vụ chưa có gì để báo cáo thì để trống. Xem trang huong_dan.",
        )?;
        for (c, (h, _, width)) in HEAD.iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(HEADER_ROW, c, *h, &head)?;
            ws.set_column_width(c, *width)?;
        }
        for (k, a) in asked.iter().enumerate() {
            let r = HEADER_ROW + 1 + k as u32;
            for (c, (_, col, _)) in HEAD.iter().enumerate() {
                let c = c as u16;
                match *col {
                    "ma_nhiem_vu" => ws.write_string_with_format(r, c, &a.id, &locked)?,
                    "ten_nhiem_vu" => ws.write_string_with_format(r, c, &a.title, &locked)?,
                    "han" => ws.write_string_with_format(r, c, &a.due, &locked)?,
                    "ma_xa_phuong" => ws.write_string_with_format(r, c, &unit.id, &locked)?,
                    "ngay" | "ngay_van_ban" => ws.write_blank(r, c, &open_date)?,
                    "phan_tram" => ws.write_blank(r, c, &open_number)?,
                    _ => ws.write_blank(r, c, &open_text)?,
                };
            }
        }
        let first = HEADER_ROW + 1;
        if !asked.is_empty() {
            let at = |name: &str| HEAD.iter().position(|(_, c, _)| *c == name).unwrap_or(0) as u16;
            let status = DataValidation::new()
                .allow_list_strings(&STATUS_WORDS)?
                .set_input_title("Tình trạng")?
                .set_input_message("Chọn trong danh sách.")?
                .set_error_title("Tình trạng")?
                .set_error_message(
                    "Chọn một trong: đang thực hiện, hoàn thành, gặp vướng mắc, đã lên kế hoạch.",
                )?;
            ws.add_data_validation(first, at("tinh_trang"), last, at("tinh_trang"), &status)?;
            let percent = DataValidation::new()
                .allow_list_strings(&PERCENT_STEPS)?
                .set_input_title("Phần trăm")?
                .set_input_message("Mức hoàn thành, từ 0 đến 100.")?
                .set_error_title("Phần trăm")?
                .set_error_message("Một số nguyên từ 0 đến 100.")?
                .set_error_style(DataValidationErrorStyle::Warning);
            ws.add_data_validation(first, at("phan_tram"), last, at("phan_tram"), &percent)?;
            let date = DataValidation::new()
                .allow_date(rust_xlsxwriter::DataValidationRule::Between(
                    rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?,
                    rust_xlsxwriter::ExcelDateTime::from_ymd(2100, 12, 31)?,
                ))
                .set_input_message("Ngày, ví dụ 30/11/2026.")?
                .set_error_message("Ghi ngày, ví dụ 30/11/2026.")?
                .set_error_style(DataValidationErrorStyle::Warning);
            ws.add_data_validation(first, at("ngay"), last, at("ngay"), &date)?;
        }
        ws.set_freeze_panes(HEADER_ROW + 1, 2)?;
        ws.protect_with_options(&ProtectionOptions {
            format_columns: true,
            format_rows: true,
            ..ProtectionOptions::default()
        });
        ws.set_active(true);
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("huong_dan")?;
        ws.set_column_width(0, 110)?;
        let lines = instructions(unit, period, asked.len());
        for (r, line) in lines.iter().enumerate() {
            if r == 0 {
                ws.write_string_with_format(r as u32, 0, line, &title)?;
            } else {
                ws.write_string(r as u32, 0, line)?;
            }
        }
    }
    wb.save_to_buffer()
}

/// The instructions sheet, line by line.
fn instructions(unit: &crate::model::Locality, period: &Window, tasks: usize) -> Vec<String> {
    vec![
        format!("Hướng dẫn điền báo cáo {} — {}", period.label, unit.name),
        String::new(),
        format!(
            "1. Trang bao_cao liệt kê {tasks} nhiệm vụ {} cần báo cáo trong {}. Tên, mã đơn vị và các cột nhiệm vụ đã khóa, không sửa được.",
            unit.name, period.label
        ),
        "2. Với mỗi nhiệm vụ có tiến triển, điền vào các ô trắng của dòng đó:".into(),
        "   • Ngày báo cáo: ngày của báo cáo, ví dụ 30/11/2026.".into(),
        "   • Tình trạng: chọn trong danh sách (đang thực hiện, hoàn thành, gặp vướng mắc, đã lên kế hoạch).".into(),
        "   • Phần trăm: mức hoàn thành từ 0 đến 100 (chọn trong danh sách hoặc gõ số).".into(),
        "   • Tiêu đề: để trống thì dùng tên xã, phường và tên nhiệm vụ.".into(),
        "   • Nội dung: kết quả đã làm, khó khăn, kiến nghị.".into(),
        "   • Số văn bản, Ngày văn bản, Liên kết: văn bản báo cáo làm căn cứ. Báo cáo \"hoàn thành\" nên có số văn bản.".into(),
        "3. Nhiệm vụ chưa có gì để báo cáo thì để trống cả dòng: dòng đó không được nhập, và đơn vị vẫn được ghi là chưa báo cáo nhiệm vụ này.".into(),
        "4. Không đổi tên trang, không thêm, xóa hay đổi thứ tự cột. Lưu tệp dạng Excel (.xlsx), giữ nguyên tên tệp, rồi gửi lại.".into(),
        String::new(),
        "Văn phòng tổng hợp nhập mọi tệp gửi về cùng một lần (tiendo import THƯ_MỤC): nếu một ô có lỗi, không báo cáo nào được nhập, và thông báo lỗi nêu tên tệp, trang, dòng và cột cần sửa.".into(),
    ]
}
