//! The one CSV writer: the portal's open data (`du-lieu/*.csv`) and
//! `tiendo report --format csv`. UTF-8 with a BOM, so that spreadsheet programs
//! read Vietnamese correctly, and no cell a spreadsheet would run as a formula.

use std::borrow::Cow;

/// A CSV table being written into memory.
pub struct CsvWriter {
    inner: csv::Writer<Vec<u8>>,
}

impl Default for CsvWriter {
    fn default() -> Self {
        CsvWriter::new()
    }
}

impl CsvWriter {
    pub fn new() -> CsvWriter {
        CsvWriter::with_capacity(0)
    }

    /// A writer whose buffer starts with room for `bytes` (a large table is not
    /// copied over and over as it grows).
    pub fn with_capacity(bytes: usize) -> CsvWriter {
        let mut buf = Vec::with_capacity(bytes + 3);
        buf.extend_from_slice(b"\xEF\xBB\xBF");
        CsvWriter {
            inner: csv::Writer::from_writer(buf),
        }
    }

    /// One row; each cell is [`neutralise`]d (written as it is, not copied,
    /// unless it needs the mark).
    pub fn row<I, S>(&mut self, cells: I) -> Result<(), csv::Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for c in cells {
            self.inner.write_field(neutralise(c.as_ref()).as_bytes())?;
        }
        // An empty record ends the row of the fields just written.
        self.inner.write_record(None::<&[u8]>)
    }

    /// The bytes written.
    pub fn finish(self) -> Result<Vec<u8>, csv::Error> {
        self.inner.into_inner().map_err(|e| e.into_error().into())
    }
}

/// A cell a spreadsheet would read as a formula (it starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return: OWASP's rule against CSV injection) gets a
/// `'` in front, which shows the text as written; a plain number (`-5`, `+2.5`)
/// is left as it is.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = cell.strip_prefix(['-', '+']).is_some_and(|n| {
        !n.is_empty()
            && n.parse::<f64>().is_ok()
            && n.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    });
    if risky && !number {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_shown_as_text() {
        for f in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+cmd|' /C calc'!A0",
            "@SUM(1+1)",
            "-2+3+cmd|' /C calc'!A0",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(neutralise(f), format!("'{f}"));
        }
        for ok in ["-5", "+2.5", "12", "Báo cáo = tốt", "", "a-b"] {
            assert_eq!(neutralise(ok), ok);
        }
    }
}
