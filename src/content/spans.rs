//! Positions of values inside a YAML document, found again after the fact.
//!
//! serde_yaml tells where a syntax or type error is, but a value that parsed fine and
//! is wrong only in context (an id nobody defined) has no position left. This module
//! walks the document's events with yaml-rust2, which marks every node, and records
//! where each path (`[3].task`, `evidence[0].file`) starts. It runs only for files
//! that have something to report. Aliases are recorded, never expanded.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostics::{At, Diagnostics, Seg};

/// Place every diagnostic that names a value by its path (an unknown id found
/// after parsing) or a place in a Markdown body at its line and column,
/// re-reading only the files concerned.
pub fn resolve(d: &mut Diagnostics, site_dir: &Path) {
    place(d, site_dir, |_, _, _| {});
}

/// Places already found, by file, kept by the preview from one check to the
/// next: a site's standing warnings are in files that did not change, and
/// finding their places again meant reading and parsing each of those files
/// after every save (2,000 warnings: some 40 ms a save). A file's places are
/// forgotten when it changes.
#[derive(Default)]
pub struct Places {
    files: HashMap<PathBuf, Vec<(At, Option<Pos>)>>,
}

impl Places {
    /// `file` (relative to the site folder) changed: its places are found again.
    pub fn forget(&mut self, file: &Path) {
        self.files.remove(file);
    }
}

/// [`resolve`], taking the places of `places` and keeping those it finds there
/// (a one-shot build keeps none: [`resolve`] makes no copy of each place).
pub fn resolve_keeping(d: &mut Diagnostics, site_dir: &Path, places: &mut Places) {
    let placed =
        |at: Option<Pos>| at.map_or(At::File, |(line, col, len)| At::Pos { line, col, len });
    for item in &mut d.items {
        if !matches!(item.at, At::Value { .. } | At::Body { .. }) {
            continue;
        }
        if let Some(&(_, at)) = places
            .files
            .get(&item.file)
            .and_then(|known| known.iter().find(|(a, _)| *a == item.at))
        {
            item.at = placed(at);
        }
    }
    place(d, site_dir, |file, at, pos| {
        places
            .files
            .entry(file.to_path_buf())
            .or_default()
            .push((at.clone(), pos))
    });
}

/// Finds the places of `d` in their files (each read and its YAML indexed once),
/// telling `placed` each one (none when the file cannot be read again).
fn place(d: &mut Diagnostics, site_dir: &Path, placed: impl FnMut(&Path, &At, Option<Pos>)) {
    d.resolve(
        |file| {
            let text = std::fs::read_to_string(site_dir.join(file)).ok()?;
            let index = SpanIndex::of_file(file, &text);
            Some((text, index))
        },
        |(text, index), at| find(text, index.as_ref(), at),
        placed,
    );
}

/// Where `at` is in a file of `text`, whose YAML `index` has.
fn find(text: &str, index: Option<&SpanIndex>, at: &At) -> Option<Pos> {
    match at {
        At::Value { path, key } => index?.find(path, *key),
        At::Body { start, len } => body_pos(text, *start, *len),
        _ => None,
    }
}

/// The line and column of byte `start` of the Markdown text after the front
/// matter of `text` (a file as read), and the length in characters of the
/// `len` bytes from there.
fn body_pos(text: &str, start: usize, len: usize) -> Option<Pos> {
    let at = body_offset(text)? + start;
    let before = text.get(..at)?;
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    let len = text
        .get(at..at + len)
        .map_or(1, |s| s.chars().count().max(1));
    Some((line, col, len))
}

/// 1-based line and column, and a length in characters.
pub type Pos = (usize, usize, usize);

#[derive(Debug, Default)]
pub struct SpanIndex {
    entries: Vec<(Vec<Seg>, Option<Pos>, Pos)>,
}

/// The byte offset in `text` (a Markdown file as read) at which the text after
/// its front matter starts.
pub fn body_offset(text: &str) -> Option<usize> {
    let fm = super::front_matter::split_front_matter(text).ok()?;
    Some(fm.body.as_ptr() as usize - text.as_ptr() as usize)
}

impl SpanIndex {
    /// Index the YAML of a content file: the whole file for `.yaml`, the front
    /// matter for `.md`. `None` when the file has no YAML that parses.
    pub fn of_file(path: &Path, text: &str) -> Option<SpanIndex> {
        let is_md = path.extension().and_then(|e| e.to_str()) == Some("md");
        if is_md {
            let fm = super::front_matter::split_front_matter(text).ok()?;
            SpanIndex::of_yaml(fm.yaml, fm.yaml_line - 1)
        } else {
            SpanIndex::of_yaml(text.strip_prefix('\u{feff}').unwrap_or(text), 0)
        }
    }

    /// Index `yaml`, whose first line is line `line_offset + 1` of its file.
    pub fn of_yaml(yaml: &str, line_offset: usize) -> Option<SpanIndex> {
        let mut b = Builder {
            line_offset,
            ..Builder::default()
        };
        let mut parser = Parser::new_from_str(yaml);
        parser.load(&mut b, false).ok()?;
        Some(SpanIndex { entries: b.entries })
    }

    /// The position of `path` (its key's position when `key`), or of its nearest
    /// ancestor that has one.
    pub fn find(&self, path: &[Seg], key: bool) -> Option<Pos> {
        for n in (0..=path.len()).rev() {
            let prefix = &path[..n];
            if let Some((_, k, v)) = self.entries.iter().find(|(p, _, _)| p == prefix) {
                if key && n == path.len() {
                    return Some(k.unwrap_or(*v));
                }
                // A block mapping is marked where its first `:` is; its first key
                // is where a reader's eye goes.
                let first_key = self
                    .entries
                    .iter()
                    .filter(|(p, _, _)| p.len() == n + 1 && p.starts_with(prefix))
                    .filter_map(|(_, k, _)| *k)
                    .min();
                return Some(match first_key {
                    Some(fk) if (fk.0, fk.1) < (v.0, v.1) => fk,
                    _ => *v,
                });
            }
        }
        None
    }

    /// Every value of the document: its path, its key's position (for a value
    /// of a mapping) and its own position.
    pub fn values(&self) -> impl Iterator<Item = (&[Seg], Option<Pos>, Pos)> {
        self.entries.iter().map(|(p, k, v)| (p.as_slice(), *k, *v))
    }

    /// The second occurrence of the first key written twice in one mapping.
    pub fn duplicate_key(&self) -> Option<Pos> {
        let mut seen = std::collections::HashSet::new();
        self.entries
            .iter()
            .find(|(path, key, _)| key.is_some() && !seen.insert(path))
            .and_then(|(_, key, _)| *key)
    }
}

#[derive(Debug)]
enum Frame {
    Seq { next: usize },
    Map { key: Option<(String, Pos)> },
}

#[derive(Default)]
struct Builder {
    line_offset: usize,
    stack: Vec<Frame>,
    path: Vec<Seg>,
    entries: Vec<(Vec<Seg>, Option<Pos>, Pos)>,
}

impl Builder {
    fn pos(&self, mark: Marker, len: usize) -> Pos {
        // yaml-rust2 counts lines from 1 and columns from 0.
        (mark.line() + self.line_offset, mark.col() + 1, len)
    }

    /// Start a node: returns false when the node is a mapping key.
    fn node(&mut self, mark: Marker, scalar: Option<&str>, len: usize) -> bool {
        if let Some(Frame::Map { key: key @ None }) = self.stack.last_mut() {
            let text = scalar.unwrap_or("?").to_string();
            let line_offset = self.line_offset;
            let chars = text.chars().count();
            *key = Some((text, (mark.line() + line_offset, mark.col() + 1, chars)));
            return false;
        }
        let (seg, key_pos) = match self.stack.last() {
            Some(Frame::Seq { next }) => (Some(Seg::Index(*next)), None),
            Some(Frame::Map { key: Some((k, p)) }) => (Some(Seg::Key(k.clone())), Some(*p)),
            _ => (None, None),
        };
        let mut path = self.path.clone();
        if let Some(seg) = seg.clone() {
            path.push(seg);
        }
        let pos = self.pos(mark, len);
        self.entries.push((path, key_pos, pos));
        true
    }

    fn seg(&self) -> Option<Seg> {
        match self.stack.last() {
            Some(Frame::Seq { next }) => Some(Seg::Index(*next)),
            Some(Frame::Map { key: Some((k, _)) }) => Some(Seg::Key(k.clone())),
            _ => None,
        }
    }

    fn value_done(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Seq { next }) => *next += 1,
            Some(Frame::Map { key }) => *key = None,
            None => {}
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(v, style, _, _) => {
                let quoted = matches!(
                    style,
                    TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted
                );
                let len = v.chars().count() + if quoted { 2 } else { 0 };
                if self.node(mark, Some(&v), len) {
                    self.value_done();
                }
            }
            Event::Alias(_) => {
                let is_value = self.node(mark, None, 1);
                if is_value {
                    self.value_done();
                }
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                let is_seq = matches!(ev, Event::SequenceStart(..));
                let mut seg = self.seg();
                if !self.node(mark, None, 1) {
                    // A container used as a mapping key (rare): its children sit under `?`.
                    seg = Some(Seg::Key("?".into()));
                }
                if let Some(seg) = seg {
                    self.path.push(seg);
                }
                self.stack.push(if is_seq {
                    Frame::Seq { next: 0 }
                } else {
                    Frame::Map { key: None }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.stack.pop();
                if !self.stack.is_empty() {
                    self.path.pop();
                }
                self.value_done();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> Seg {
        Seg::Key(s.into())
    }

    #[test]
    fn finds_values_in_lists_and_front_matter() {
        let yaml =
            "- id: a\n  lead: x\n- id: b\n  support: [p, q]\n  evidence:\n    - ref: \"1-BC\"\n";
        let ix = SpanIndex::of_yaml(yaml, 0).unwrap();
        assert_eq!(ix.find(&[Seg::Index(1), k("id")], false), Some((3, 7, 1)));
        assert_eq!(ix.find(&[Seg::Index(1), k("id")], true), Some((3, 3, 2)));
        assert_eq!(
            ix.find(&[Seg::Index(1), k("support"), Seg::Index(1)], false),
            Some((4, 16, 1))
        );
        assert_eq!(
            ix.find(
                &[Seg::Index(1), k("evidence"), Seg::Index(0), k("ref")],
                false
            ),
            Some((6, 12, 6))
        );
        // Unknown paths fall back to the nearest ancestor.
        assert_eq!(ix.find(&[Seg::Index(0), k("nope")], false), Some((1, 3, 2)));
        let ix = SpanIndex::of_yaml("title: x\ntask: t\n", 1).unwrap();
        assert_eq!(ix.find(&[k("task")], false), Some((3, 7, 1)));
        assert_eq!(ix.duplicate_key(), None);
        let ix = SpanIndex::of_yaml("- a: 1\n  b: [1]\n- a: 2\n  b: [2]\n  a: 3\n", 0).unwrap();
        assert_eq!(ix.duplicate_key(), Some((5, 3, 1)));
    }
}
