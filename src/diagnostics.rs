//! One error/warning type for everything tiendo reports about content, with the
//! file, line and column it points at and a sentence on what to do.
//!
//! Diagnostics found while parsing carry their position directly. Diagnostics found
//! later (an unknown id, a percent out of range) carry the *path* of the offending
//! value inside the YAML document; [`Diagnostics::resolve`] turns those paths into
//! line/column by re-reading only the files that have problems, so a clean build of
//! 100,000 files never pays for span bookkeeping.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

use crate::chars::{escape_for_terminal, forbidden_char};
use crate::messages::{Lang, Msg};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One step of a path into a YAML document: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// Where in its file a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum At {
    /// The whole file (no better position is known).
    File,
    /// A resolved position: 1-based line and column, length in characters.
    Pos { line: usize, col: usize, len: usize },
    /// A value inside the YAML of the file, found again by [`Diagnostics::resolve`].
    /// `key` points at the mapping key rather than its value (for unknown fields).
    Value { path: Vec<Seg>, key: bool },
    /// A byte range of the Markdown text after a file's front matter, turned into
    /// a line and column by [`Diagnostics::resolve`].
    Body { start: usize, len: usize },
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path of the file, relative to the site folder (as users write it).
    pub file: PathBuf,
    pub at: At,
    /// What is wrong, put into words when shown (in the site's language).
    pub message: Msg,
    /// A short note under the underlined span.
    pub label: Option<Msg>,
    /// What to do about it.
    pub help: Option<Msg>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, at: At, message: Msg) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            at,
            message,
            label: None,
            help: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, at: At, message: Msg) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, at, message)
        }
    }

    pub fn label(mut self, label: Msg) -> Self {
        self.label = Some(label);
        self
    }

    pub fn help(mut self, help: Msg) -> Self {
        self.help = Some(help);
        self
    }

    pub fn help_opt(mut self, help: Option<Msg>) -> Self {
        self.help = help;
        self
    }

    /// `(line, col)` once resolved; `(0, 0)` when the whole file is meant.
    pub fn line_col(&self) -> (usize, usize) {
        match self.at {
            At::Pos { line, col, .. } => (line, col),
            _ => (0, 0),
        }
    }

    /// `path:line:col`, the form terminals and editors turn into a link.
    pub fn location(&self) -> String {
        let file = display_path(&self.file);
        match self.line_col() {
            (0, _) => file,
            (line, col) => format!("{file}:{line}:{col}"),
        }
    }

    /// One line: `path:line:col: lỗi: message (cách sửa: ...)`, for pipes and
    /// logs, in `lang`. Control characters quoted from content are written out
    /// (`\u{1b}`), never sent to the terminal.
    pub fn to_line(&self, lang: Lang) -> String {
        let sev = severity_word(self.severity, lang);
        let mut s = format!("{}: {sev}: {}", self.location(), self.message.render(lang));
        if let Some(label) = &self.label {
            let _ = write!(s, ": {}", label.render(lang));
        }
        if let Some(help) = &self.help {
            let help = Msg::new("diagnostic-help").arg("help", help.clone());
            let _ = write!(s, " ({})", help.render(lang));
        }
        escape_for_terminal(&s).into_owned()
    }

    /// The message, its label and help, in `lang`, as one text (what a form
    /// shows beside a field).
    pub fn text(&self, lang: Lang) -> String {
        let mut s = self.message.render(lang);
        if let Some(label) = &self.label {
            let _ = write!(s, ": {}", label.render(lang));
        }
        s
    }
}

/// `source` with each [`forbidden_char`] replaced by a visible character of the
/// same length in UTF-8, so that byte ranges into it still hold.
fn defuse_source(source: String) -> String {
    if !source.chars().any(forbidden_char) {
        return source;
    }
    source
        .chars()
        .map(|c| match (forbidden_char(c), c.len_utf8()) {
            (false, _) => c,
            (true, 1) => '?',
            (true, 2) => '\u{bf}',
            (true, _) => '\u{fffd}',
        })
        .collect()
}

/// Paths are shown with forward slashes on every platform, as editors write them.
pub fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// All problems found in one run, reported together.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Turn value paths and body offsets into line/column, then sort by file,
    /// line and column so the report reads top to bottom. `open` is asked once
    /// for each file that has a place to find (the content stage re-reads it and
    /// indexes its YAML); `find` gives the line, column and length of an
    /// `At::Value` or `At::Body` in that file. Files are opened on every core
    /// (a site may have thousands of warnings in thousands of files); `placed`
    /// is told each place found, on the calling thread, before it is set.
    pub fn resolve<I>(
        &mut self,
        open: impl Fn(&Path) -> Option<I> + Sync,
        find: impl Fn(&I, &At) -> Option<(usize, usize, usize)> + Sync,
        mut placed: impl FnMut(&Path, &At, Option<(usize, usize, usize)>),
    ) {
        use rayon::prelude::*;
        // The diagnostics to place, grouped by file in one sort (a site with
        // thousands of warnings in thousands of files must not compare every
        // diagnostic's file with every file's name).
        let mut todo: Vec<usize> = (0..self.items.len())
            .filter(|&i| matches!(self.items[i].at, At::Value { .. } | At::Body { .. }))
            .collect();
        todo.sort_by(|&a, &b| {
            let (a, b) = (&self.items[a].file, &self.items[b].file);
            a.as_os_str().cmp(b.as_os_str())
        });
        let items = &self.items;
        let groups: Vec<&[usize]> = todo
            .chunk_by(|&a, &b| items[a].file.as_os_str() == items[b].file.as_os_str())
            .collect();
        let found: Vec<Vec<Option<(usize, usize, usize)>>> = groups
            .par_iter()
            .with_max_len(1)
            .map(|group| {
                let located = open(&items[group[0]].file);
                group
                    .iter()
                    .map(|&i| located.as_ref().and_then(|ix| find(ix, &items[i].at)))
                    .collect()
            })
            .collect();
        for (group, found) in groups.into_iter().zip(found) {
            for (&i, pos) in group.iter().zip(found) {
                let d = &mut self.items[i];
                placed(&d.file, &d.at, pos);
                d.at = pos
                    .map(|(line, col, len)| At::Pos { line, col, len })
                    .unwrap_or(At::File);
            }
        }
        self.items.sort_by(|a, b| {
            (&a.file, a.line_col(), a.severity, &a.message).cmp(&(
                &b.file,
                b.line_col(),
                b.severity,
                &b.message,
            ))
        });
        self.items.dedup_by(|a, b| {
            a.file == b.file && a.at == b.at && a.message == b.message && a.severity == b.severity
        });
    }

    /// Render for a person, in `lang`: quoted source line, underline, help;
    /// colour if `color`.
    pub fn render_pretty(&self, site_dir: &Path, color: bool, lang: Lang) -> Vec<u8> {
        let new_buffer = || {
            if color {
                termcolor::Buffer::ansi()
            } else {
                termcolor::Buffer::no_color()
            }
        };
        let mut out = Vec::new();
        let config = term::Config::default();
        let mut files = SimpleFiles::new();
        // Each file read once, found again by a hashed lookup: thousands of
        // warnings in thousands of files are a site's daily state.
        let mut ids: std::collections::HashMap<&Path, usize> = std::collections::HashMap::new();
        for d in &self.items {
            let file_id = match ids.get(d.file.as_path()) {
                Some(id) => *id,
                None => {
                    let text = std::fs::read(site_dir.join(&d.file))
                        .map(|b| String::from_utf8_lossy(&b).into_owned())
                        .unwrap_or_default();
                    let name = escape_for_terminal(&display_path(&d.file)).into_owned();
                    let id = files.add(name, defuse_source(text));
                    ids.insert(&d.file, id);
                    id
                }
            };
            let mut cs = match d.severity {
                Severity::Error => CsDiagnostic::error(),
                Severity::Warning => CsDiagnostic::warning(),
            }
            .with_message(escape_for_terminal(&d.message.render(lang)));
            let range = match (&d.at, files.get(file_id)) {
                (At::Pos { line, col, len }, Ok(f)) => byte_range(f.source(), *line, *col, *len),
                _ => None,
            };
            match range {
                Some(r) => {
                    let label = d.label.as_ref().map(|l| l.render(lang)).unwrap_or_default();
                    cs = cs.with_labels(vec![
                        Label::primary(file_id, r).with_message(escape_for_terminal(&label))
                    ]);
                }
                None => {
                    let mut note = Msg::new("diagnostic-in-file")
                        .arg("location", d.location())
                        .render(lang);
                    if let Some(label) = &d.label {
                        let _ = write!(note, ": {}", label.render(lang));
                    }
                    cs = cs.with_notes(vec![escape_for_terminal(&note).into_owned()]);
                }
            }
            if let Some(help) = &d.help {
                let help = Msg::new("diagnostic-help").arg("help", help.clone());
                cs.notes
                    .push(escape_for_terminal(&help.render(lang)).into_owned());
            }
            let mut buffer = new_buffer();
            let _ = term::emit(&mut buffer, &config, &files, &cs);
            out.extend(translate_severity(buffer.into_inner(), d.severity, lang));
        }
        out
    }

    /// One diagnostic a line (see [`Diagnostic::to_line`]).
    pub fn render_lines(&self, lang: Lang) -> String {
        let mut s = String::new();
        for d in &self.items {
            s.push_str(&d.to_line(lang));
            s.push('\n');
        }
        s
    }

    /// `N lỗi, M cảnh báo` (`N errors, M warnings`) for the last line of a report.
    pub fn summary(&self) -> Msg {
        Msg::new("summary")
            .arg("errors", self.count(Severity::Error))
            .arg("warnings", self.count(Severity::Warning))
    }
}

/// `lỗi`/`cảnh báo` (`error`/`warning`), as a report line starts.
pub fn severity_word(severity: Severity, lang: Lang) -> String {
    match severity {
        Severity::Error => Msg::new("severity-error").render(lang),
        Severity::Warning => Msg::new("severity-warning").render(lang),
    }
}

/// codespan-reporting writes the severity of a diagnostic in English at its
/// start (`error: ...`): the first occurrence is the header, put into `lang`.
fn translate_severity(rendered: Vec<u8>, severity: Severity, lang: Lang) -> Vec<u8> {
    let english: &[u8] = match severity {
        Severity::Error => b"error",
        Severity::Warning => b"warning",
    };
    let Some(at) = rendered.windows(english.len()).position(|w| w == english) else {
        return rendered;
    };
    let mut out = Vec::with_capacity(rendered.len() + 8);
    out.extend_from_slice(&rendered[..at]);
    out.extend_from_slice(severity_word(severity, lang).as_bytes());
    out.extend_from_slice(&rendered[at + english.len()..]);
    out
}

/// Byte range in `src` of `len` characters starting at 1-based `line`/`col`.
fn byte_range(src: &str, line: usize, col: usize, len: usize) -> Option<std::ops::Range<usize>> {
    let line_start = if line <= 1 {
        0
    } else {
        src.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let rest = &src[line_start..];
    let line_text = rest.split('\n').next().unwrap_or("");
    let mut chars = line_text.char_indices().skip(col.saturating_sub(1));
    let start = chars.next().map(|(i, _)| i).unwrap_or(line_text.len());
    let end = line_text[start..]
        .char_indices()
        .nth(len.max(1))
        .map(|(i, _)| start + i)
        .unwrap_or(line_text.len())
        .max(start);
    Some(line_start + start..line_start + end)
}

/// The candidate most like `wanted`, however far (to suggest when the answer
/// must be one of a few, e.g. `tiendo new --task`). Ties go to the first in
/// sort order: candidates often come from a HashMap, and the same content must
/// always give the same hint.
pub fn closest<'a, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    best_match(wanted, candidates).map(|(_, c)| c)
}

/// The closest candidate to `wanted`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    best_match(wanted, candidates)
        .filter(|(s, _)| *s >= 0.7)
        .map(|(_, c)| c)
}

/// The candidate with the highest Jaro-Winkler similarity to `wanted`, and it.
fn best_match<'a, I>(wanted: &str, candidates: I) -> Option<(f64, &'a str)>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(wanted, c);
        if best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_range_counts_characters_not_bytes() {
        let src = "a: 1\ntên: Đảng ủy\n";
        let r = byte_range(src, 2, 6, 3).unwrap();
        assert_eq!(&src[r], "Đản");
    }

    #[test]
    fn terminal_escapes_from_content_are_written_out() {
        let d = Diagnostic::error(
            "content/tasks/x.yaml",
            At::Pos {
                line: 2,
                col: 5,
                len: 1,
            },
            Msg::new("unknown-id")
                .arg("kind", "task")
                .arg("id", "a\x1b[2J\x1b]52;c;eA==\x07"),
        )
        .help(Msg::new("did-you-mean").arg("id", "\u{202e}x"));
        let line = d.to_line(Lang::En);
        assert!(!line.chars().any(forbidden_char), "{line:?}");
        assert!(line.contains("a\\u{1b}[2J"), "{line}");
        assert_eq!(defuse_source("a\x1bb\u{202e}c".into()), "a?b\u{fffd}c");
    }

    #[test]
    fn closest_always_suggests() {
        assert_eq!(
            closest("xa-an-th", ["xa-an-thi", "phuong-pho-hien"]),
            Some("xa-an-thi")
        );
        assert_eq!(closest("x", std::iter::empty::<&str>()), None);
    }

    #[test]
    fn did_you_mean_finds_typos_only() {
        let c = ["ban-to-chuc-tinh-uy", "so-noi-vu"];
        assert_eq!(
            did_you_mean("ban-to-chuc-tinh-u", c.iter().copied()),
            Some("ban-to-chuc-tinh-uy")
        );
        assert_eq!(did_you_mean("zzzzqqq", c.iter().copied()), None);
        let tie = ["co-quan-b", "co-quan-a"];
        assert_eq!(
            did_you_mean("co-quan-c", tie.iter().copied()),
            Some("co-quan-a")
        );
    }
}
