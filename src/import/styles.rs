//! Which cells of an `.xlsx` workbook Excel shows as a percentage.
//!
//! A cell formatted as a percentage holds a fraction: Excel shows `100%` and
//! stores `1`, shows `60%` and stores `0.6`. calamine gives the stored number
//! only, so the number formats are read here from the workbook's parts
//! (`xl/styles.xml`, the sheets), with the zip and XML readers calamine uses.
//! The sizes were checked before ([`super::check_zip`]).

use std::collections::{HashMap, HashSet};
use std::io::Read;

use quick_xml::events::Event;

/// Sheet name → the (row, column) of its cells shown as a percentage (0-based).
pub type Percents = HashMap<String, HashSet<(u32, u32)>>;

/// The percentage cells of an `.xlsx` workbook; empty when a part cannot be
/// read (calamine then says what is wrong with the file).
pub fn percent_cells(bytes: &[u8]) -> Percents {
    let mut out = Percents::new();
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return out;
    };
    let mut part = |name: &str| -> Option<Vec<u8>> {
        let mut f = zip.by_name(name).ok()?;
        let mut v = Vec::new();
        f.read_to_end(&mut v).ok()?;
        Some(v)
    };
    let Some(styles) = part("xl/styles.xml") else {
        return out;
    };
    let percent_styles = percent_styles(&styles);
    if percent_styles.is_empty() {
        return out;
    }
    let (Some(workbook), Some(rels)) =
        (part("xl/workbook.xml"), part("xl/_rels/workbook.xml.rels"))
    else {
        return out;
    };
    let targets: HashMap<String, String> = elements(&rels, b"Relationship")
        .into_iter()
        .filter_map(|a| Some((a.get("Id")?.clone(), a.get("Target")?.clone())))
        .collect();
    for sheet in elements(&workbook, b"sheet") {
        let (Some(name), Some(rid)) = (sheet.get("name"), sheet.get("r:id")) else {
            continue;
        };
        let Some(target) = targets.get(rid) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = part(&path) else { continue };
        // Streamed: a sheet may hold a million cells, few of them percentages.
        let mut cells: HashSet<(u32, u32)> = HashSet::new();
        each(&xml, b"c", |e| {
            let attr = |k: &[u8]| {
                e.try_get_attribute(k)
                    .ok()
                    .flatten()
                    .map(|a| value(&a.value))
            };
            let percent = attr(b"s")
                .and_then(|s| s.parse::<usize>().ok())
                .is_some_and(|s| percent_styles.contains(&s));
            if let Some(at) = percent
                .then(|| attr(b"r"))
                .flatten()
                .and_then(|r: String| position(&r))
            {
                cells.insert(at);
            }
        });
        if !cells.is_empty() {
            out.insert(name.clone(), cells);
        }
    }
    out
}

/// The cells of an `.ods` spreadsheet whose value type is `percentage`
/// (LibreOffice stores 1 for `100%`), by sheet. At most [`MAX_PERCENT_CELLS`]
/// are kept: a sheet of reports has a column of them, not millions.
pub fn ods_percent_cells(bytes: &[u8]) -> Percents {
    let mut out = Percents::new();
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return out;
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return out;
    };
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut buf = Vec::new();
    let (mut sheet, mut row, mut rows, mut col) = (String::new(), 0u32, 1u32, 0u32);
    let mut kept = 0usize;
    loop {
        let event = match xml.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |k: &[u8]| {
                    e.try_get_attribute(k)
                        .ok()
                        .flatten()
                        .map(|a| value(&a.value))
                };
                let count = |k: &[u8]| {
                    attr(k)
                        .and_then(|n| n.parse::<u32>().ok())
                        .unwrap_or(1)
                        .max(1)
                };
                match e.local_name().as_ref() {
                    b"table" => {
                        sheet = attr(b"table:name").unwrap_or_default();
                        row = 0;
                    }
                    b"table-row" => {
                        (rows, col) = (count(b"table:number-rows-repeated"), 0);
                    }
                    b"table-cell" | b"covered-table-cell" => {
                        let cols = count(b"table:number-columns-repeated");
                        if attr(b"office:value-type").as_deref() == Some("percentage") {
                            let set = out.entry(sheet.clone()).or_default();
                            'cells: for r in row..row.saturating_add(rows.min(1000)) {
                                for c in col..col.saturating_add(cols.min(256)) {
                                    if kept >= MAX_PERCENT_CELLS {
                                        break 'cells;
                                    }
                                    set.insert((r, c));
                                    kept += 1;
                                }
                            }
                        }
                        col = col.saturating_add(cols);
                    }
                    _ => {}
                }
                if matches!(event, Event::Empty(_)) && e.local_name().as_ref() == b"table-row" {
                    row = row.saturating_add(rows);
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"table-row" => {
                row = row.saturating_add(rows);
            }
            _ => {}
        }
        buf.clear();
    }
    out
}

/// Percentage cells kept from an `.ods` (see [`ods_percent_cells`]).
const MAX_PERCENT_CELLS: usize = 100_000;

/// The indexes of the cell formats (`cellXfs`) whose number format shows a
/// percentage: the built-in formats 9 (`0%`) and 10 (`0.00%`), or a custom
/// format with `%` outside quotes.
fn percent_styles(styles: &[u8]) -> HashSet<usize> {
    let custom: HashSet<String> = elements(styles, b"numFmt")
        .into_iter()
        .filter(|f| f.get("formatCode").is_some_and(|c| shows_percent(c)))
        .filter_map(|f| f.get("numFmtId").cloned())
        .collect();
    // The `xf` elements inside `cellXfs`, in order.
    let mut reader = quick_xml::Reader::from_reader(styles);
    let mut buf = Vec::new();
    let (mut inside, mut index) = (false, 0usize);
    let mut out = HashSet::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"cellXfs" => inside = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == b"cellXfs" => inside = false,
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if inside && e.local_name().as_ref() == b"xf" =>
            {
                let id = attrs(&e).remove("numFmtId").unwrap_or_default();
                if id == "9" || id == "10" || custom.contains(&id) {
                    out.insert(index);
                }
                index += 1;
            }
            _ => {}
        }
        buf.clear();
    }
    out
}

/// A number format that shows a percentage: a `%` not inside quotes nor escaped.
fn shows_percent(code: &str) -> bool {
    let (mut quoted, mut escaped) = (false, false);
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// The attributes of every element named `name` (local name), in order.
fn elements(xml: &[u8], name: &[u8]) -> Vec<HashMap<String, String>> {
    let mut out = Vec::new();
    each(xml, name, |e| out.push(attrs(e)));
    out
}

/// Call `f` on every element named `name` (local name), in order.
fn each(xml: &[u8], name: &[u8], mut f: impl FnMut(&quick_xml::events::BytesStart)) {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == name => f(&e),
            _ => {}
        }
        buf.clear();
    }
}

fn attrs(e: &quick_xml::events::BytesStart) -> HashMap<String, String> {
    e.attributes()
        .filter_map(Result::ok)
        .filter_map(|a| {
            let key = std::str::from_utf8(a.key.as_ref()).ok()?.to_string();
            Some((key, value(&a.value)))
        })
        .collect()
}

/// An attribute's text, its XML escapes (`&quot;`) resolved.
fn value(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    quick_xml::escape::unescape(&text)
        .map(|v| v.into_owned())
        .unwrap_or_else(|_| text.into_owned())
}

/// `B12` → (11, 1).
fn position(r: &str) -> Option<(u32, u32)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    let mut col: u32 = 0;
    for b in letters.bytes() {
        if !b.is_ascii_uppercase() {
            return None;
        }
        col = col.checked_mul(26)?.checked_add(u32::from(b - b'A') + 1)?;
    }
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(position("A1"), Some((0, 0)));
        assert_eq!(position("F12"), Some((11, 5)));
        assert_eq!(position("AA3"), Some((2, 26)));
        assert_eq!(position("3"), None);
    }

    #[test]
    fn percent_formats() {
        assert!(shows_percent("0%"));
        assert!(shows_percent("0.0%;[Red]-0.0%"));
        assert!(!shows_percent("0\"%\""));
        assert!(!shows_percent("0\\%"));
        assert!(!shows_percent("dd/mm/yyyy"));
    }
}
