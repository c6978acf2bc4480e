//! `tiendo import`'s reader on any bytes, as each kind of file it reads: no
//! panic, no abort, and what it reads stays within its limits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tiendo::import::{limits, read_bytes};

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let ext = ["xlsx", "ods", "xlsb", "csv", "xls"][kind as usize % 5];
    if let Ok(sheets) = read_bytes(bytes, ext) {
        if ext != "csv" {
            let cells: usize = sheets
                .iter()
                .flat_map(|s| &s.rows)
                .map(|(_, row)| row.len())
                .sum();
            let rows: usize = sheets.iter().map(|s| s.rows.len()).sum();
            assert!(cells <= rows * limits::COLUMNS as usize);
        }
    }
});
