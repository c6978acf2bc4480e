//! `tiendo mv`: give a task, agency, commune or ward, goal, practice or progress
//! entry a new id without breaking a link.
//!
//! The id is changed where the item is defined and in every reference to it
//! across `content/` (a progress entry's `task:`, `reporter:`, `locality:`; a
//! task's `lead:`, `support:`, `directed_by:`, `goals:`; a practice's...), and the
//! old address is added to the item's `aliases:`, so the page a newspaper linked
//! to redirects to the new one. Only the values are edited, in place: comments,
//! quoting, order and layout of the YAML stay as the editor wrote them. The
//! edited site is checked first, in a copy; nothing is written unless it passes,
//! and then every file is written or none.

use std::path::{Path, PathBuf};

use crate::content::spans::SpanIndex;
use crate::diagnostics::{Diagnostics, Seg};
use crate::model::Site;
use crate::render::urls::paths;

/// The kinds of item an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Task,
    Agency,
    Locality,
    Goal,
    Practice,
    Entry,
}

impl Kind {
    /// The fields that hold ids of this kind in other items.
    fn reference_fields(self) -> &'static [&'static str] {
        match self {
            Kind::Task => &["task", "tasks"],
            Kind::Agency => &[
                "lead",
                "support",
                "directed_by",
                "reporter",
                "agency",
                "parent",
            ],
            Kind::Locality => &["locality"],
            Kind::Goal => &["goals"],
            Kind::Practice | Kind::Entry => &[],
        }
    }

    fn page(self, id: &str) -> String {
        format!(
            "/{}",
            match self {
                Kind::Task => paths::task(id),
                Kind::Agency => paths::agency(id),
                Kind::Locality => paths::locality(id),
                Kind::Goal => paths::goal(id),
                Kind::Practice => paths::practice(id),
                Kind::Entry => paths::entry(id),
            }
        )
    }

    fn word(self) -> &'static str {
        match self {
            Kind::Task => "task",
            Kind::Agency => "agency",
            Kind::Locality => "commune or ward",
            Kind::Goal => "goal",
            Kind::Practice => "practice",
            Kind::Entry => "progress entry",
        }
    }
}

impl RenameError {
    /// What went wrong, in words for the editor.
    pub fn message(&self) -> crate::messages::Msg {
        use crate::messages::Msg;
        match self {
            RenameError::Unknown { kind, id, closest } => {
                crate::scaffold::unknown_msg(kind, id, closest)
            }
            RenameError::BadId(id) => Msg::new("mv-bad-id").arg("id", id),
            RenameError::Taken { kind, id } => Msg::new("mv-taken")
                .arg("kind", crate::model::kind_msg(kind))
                .arg("id", id),
            RenameError::Content(d) => Msg::new("mv-site-errors").arg("summary", d.summary()),
            RenameError::Invalid(d) => Msg::new("mv-would-break").arg("summary", d.summary()),
            RenameError::Io { path, source } => Msg::new("file-io")
                .arg("path", crate::diagnostics::display_path(path))
                .arg("why", crate::messages::io_error(source)),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RenameError {
    #[error("no {kind} has the id `{id}`{}", .closest.as_ref().map(|c| format!("; did you mean `{c}`?")).unwrap_or_default())]
    Unknown {
        kind: &'static str,
        id: String,
        closest: Option<String>,
    },
    #[error("`{0}` cannot be an id: use lowercase letters without tone marks, digits and hyphens (e.g. `so-noi-vu-danh-gia`)")]
    BadId(String),
    #[error("a {kind} with the id `{id}` exists already; choose another")]
    Taken { kind: &'static str, id: String },
    /// The site does not load or check as it is: fix it first.
    #[error("the site has errors: {}; fix them first (`tiendo check`)", .0.summary().render(crate::messages::Lang::En))]
    Content(Diagnostics),
    /// The site would not check after the rename; nothing was written.
    #[error("after the rename the site would have errors: {}; nothing was written", .0.summary().render(crate::messages::Lang::En))]
    Invalid(Diagnostics),
    #[error("`{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// One change to one line of a content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineEdit {
    /// 1-based.
    pub line: usize,
    pub before: String,
    pub after: String,
}

/// What a rename changes in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEdit {
    /// Relative to the site folder.
    pub file: PathBuf,
    /// The file's new name, when the id is the file's name.
    pub renamed_to: Option<PathBuf>,
    pub lines: Vec<LineEdit>,
    /// Lines inserted (after the 1-based line given): the new `aliases:`.
    pub inserted: Vec<(usize, String)>,
    text: String,
}

/// Plan the rename of `old` to `new` among the items of `kind` in `site_dir`.
pub fn plan(
    site_dir: &Path,
    kind: Kind,
    old: &str,
    new: &str,
) -> Result<Vec<FileEdit>, RenameError> {
    let checked = crate::check(site_dir, None);
    let site = match checked.site {
        Some(s) if !checked.diagnostics.has_errors() => s,
        _ => return Err(RenameError::Content(checked.diagnostics)),
    };
    if new.is_empty()
        || !new
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        || new.starts_with('-')
    {
        return Err(RenameError::BadId(new.to_string()));
    }
    let ids: Vec<(&str, &crate::model::Origin)> = ids_of(&site, kind);
    let Some(origin) = ids
        .iter()
        .find(|(id, _)| *id == old)
        .map(|(_, o)| (*o).clone())
    else {
        return Err(RenameError::Unknown {
            kind: kind.word(),
            id: old.to_string(),
            closest: crate::diagnostics::did_you_mean(old, ids.iter().map(|(id, _)| *id))
                .map(str::to_string),
        });
    };
    if ids.iter().any(|(id, _)| *id == new) {
        return Err(RenameError::Taken {
            kind: kind.word(),
            id: new.to_string(),
        });
    }
    let mut edits = Vec::new();
    for rel in content_files(site_dir) {
        let abs = site_dir.join(&rel);
        let text = std::fs::read_to_string(&abs).map_err(|source| RenameError::Io {
            path: rel.clone(),
            source,
        })?;
        let Some(index) = SpanIndex::of_file(&rel, &text) else {
            continue;
        };
        let own = rel == origin.file;
        let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let mut file_edit = FileEdit {
            file: rel.clone(),
            renamed_to: None,
            lines: Vec::new(),
            inserted: Vec::new(),
            text: String::new(),
        };
        // The id where the item is defined.
        let id_path: Vec<Seg> = match origin.item {
            Some(i) => vec![Seg::Index(i), Seg::Key("id".into())],
            None => vec![Seg::Key("id".into())],
        };
        let mut id_key_pos = None;
        for (path, key_pos, pos) in index.values() {
            let is_definition = own && path == id_path.as_slice();
            let is_reference =
                referencing_field(path).is_some_and(|f| kind.reference_fields().contains(&f));
            if !(is_definition || is_reference) {
                continue;
            }
            if let Some(edit) = replace_at(&mut lines, pos, old, new) {
                file_edit.lines.push(edit);
                if is_definition {
                    id_key_pos = key_pos;
                }
            }
        }
        if own {
            let alias = kind.page(old);
            let alias_path: Vec<Seg> = id_path[..id_path.len() - 1]
                .iter()
                .cloned()
                .chain([Seg::Key("aliases".into())])
                .collect();
            add_alias(
                &mut lines,
                &index,
                &alias_path,
                id_key_pos,
                &alias,
                &mut file_edit,
            );
            if origin.item.is_none() && id_key_pos.is_none() {
                // The id is the file's name.
                if rel.file_stem().and_then(|s| s.to_str()) == Some(old) {
                    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("md");
                    file_edit.renamed_to = Some(rel.with_file_name(format!("{new}.{ext}")));
                }
            }
        }
        if !file_edit.lines.is_empty()
            || !file_edit.inserted.is_empty()
            || file_edit.renamed_to.is_some()
        {
            file_edit.text = lines.join("\n");
            edits.push(file_edit);
        }
    }
    Ok(edits)
}

/// The field a value belongs to: its key, or the key of the list it is in.
fn referencing_field(path: &[Seg]) -> Option<&str> {
    match path {
        [.., Seg::Key(k)] => Some(k),
        [.., Seg::Key(k), Seg::Index(_)] => Some(k),
        _ => None,
    }
}

/// Replace `old` by `new` in the value at `pos` (1-based line and column, a
/// length in characters), quoted or not.
fn replace_at(
    lines: &mut [String],
    pos: (usize, usize, usize),
    old: &str,
    new: &str,
) -> Option<LineEdit> {
    let line = lines.get_mut(pos.0.checked_sub(1)?)?;
    let start = byte_at(line, pos.1)?;
    let rest = &line[start..];
    // The scalar as written: plain, or within its quotes.
    let inner = rest.trim_start_matches(['"', '\'']);
    let offset = start + (rest.len() - inner.len());
    if !inner.starts_with(old) {
        return None;
    }
    let after_id = inner[old.len()..].chars().next();
    if after_id.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return None;
    }
    let before = line.clone();
    line.replace_range(offset..offset + old.len(), new);
    Some(LineEdit {
        line: pos.0,
        before,
        after: line.clone(),
    })
}

/// The byte offset of 1-based character column `col` of `line`.
fn byte_at(line: &str, col: usize) -> Option<usize> {
    line.char_indices().nth(col.checked_sub(1)?).map(|(i, _)| i)
}

/// Replace the whole one-line scalar written at `pos` (1-based line and
/// column, as [`SpanIndex`] gives them) by `new` (YAML text), keeping what
/// follows it on the line (a comment). `None` when the value there is not a
/// scalar written on one line (a block `|`, a flow list, an unclosed quote).
pub fn set_scalar(lines: &mut [String], pos: (usize, usize, usize), new: &str) -> Option<LineEdit> {
    let line = lines.get_mut(pos.0.checked_sub(1)?)?;
    let start = byte_at(line, pos.1)?;
    let rest = &line[start..];
    let len = match rest.chars().next()? {
        '"' => {
            let mut escaped = false;
            let close = rest[1..].char_indices().find(|&(_, c)| {
                let end = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                end
            })?;
            close.0 + 2
        }
        '\'' => {
            // `''` is a quote inside; the first lone `'` closes.
            let b = rest.as_bytes();
            let mut i = 1;
            loop {
                match b.get(i)? {
                    b'\'' if b.get(i + 1) == Some(&b'\'') => i += 2,
                    b'\'' => break i + 1,
                    _ => i += 1,
                }
            }
        }
        '|' | '>' | '[' | '{' | '&' | '*' | '!' => return None,
        _ => {
            let end = rest.find(" #").unwrap_or(rest.len());
            rest[..end].trim_end().len()
        }
    };
    let before = line.clone();
    line.replace_range(start..start + len, new);
    Some(LineEdit {
        line: pos.0,
        before,
        after: line.clone(),
    })
}

/// Add `alias` to the item's `aliases:` (at `alias_path`), in the style it is
/// written in, or a new `aliases:` line under the item's `id:`.
fn add_alias(
    lines: &mut Vec<String>,
    index: &SpanIndex,
    alias_path: &[Seg],
    id_key_pos: Option<(usize, usize, usize)>,
    alias: &str,
    edit: &mut FileEdit,
) {
    let quoted = format!("\"{alias}\"");
    let existing = index.values().find(|(p, _, _)| *p == alias_path);
    if let Some((_, Some(key_pos), value_pos)) = existing {
        let first_item = index
            .values()
            .find(|(p, _, _)| p.len() == alias_path.len() + 1 && p.starts_with(alias_path))
            .map(|(_, _, pos)| pos);
        match first_item {
            // A block list: a new item above the first, indented as it is.
            Some(item) if item.0 > key_pos.0 => {
                let dash_line = &lines[item.0 - 1];
                let indent: String = dash_line.chars().take_while(|c| *c == ' ').collect();
                let new_line = format!("{indent}- {quoted}");
                lines.insert(item.0 - 1, new_line.clone());
                edit.inserted.push((item.0 - 1, new_line));
            }
            // A list on the key's line: `aliases: [a, b]` or `aliases: []`.
            _ => {
                let line = &mut lines[value_pos.0 - 1];
                if let Some(close) = line.rfind(']') {
                    let before = line.clone();
                    let empty = line[..close].trim_end().ends_with('[');
                    line.insert_str(
                        close,
                        &if empty {
                            quoted.clone()
                        } else {
                            format!(", {quoted}")
                        },
                    );
                    edit.lines.push(LineEdit {
                        line: value_pos.0,
                        before,
                        after: line.clone(),
                    });
                }
            }
        }
        return;
    }
    // No aliases yet: a new key under the id, at the id's indentation (or at the
    // end of a Markdown file's front matter when its id is its file name).
    let (after_line, indent) = match id_key_pos {
        Some(k) => (k.0, " ".repeat(k.1 - 1)),
        None => {
            // Front matter: before the closing `---` (its second line `---`).
            let close = lines
                .iter()
                .enumerate()
                .skip(1)
                .find(|(_, l)| l.trim_end() == "---")
                .map(|(i, _)| i)
                .unwrap_or(1);
            (close, String::new())
        }
    };
    let new_line = format!("{indent}aliases: [{quoted}]");
    lines.insert(after_line, new_line.clone());
    edit.inserted.push((after_line, new_line));
}

fn ids_of(site: &Site, kind: Kind) -> Vec<(&str, &crate::model::Origin)> {
    match kind {
        Kind::Task => site
            .tasks
            .iter()
            .map(|x| (x.id.as_str(), &x.origin))
            .collect(),
        Kind::Agency => site
            .agencies
            .iter()
            .map(|x| (x.id.as_str(), &x.origin))
            .collect(),
        Kind::Locality => site
            .localities
            .iter()
            .map(|x| (x.id.as_str(), &x.origin))
            .collect(),
        Kind::Goal => site
            .goals
            .iter()
            .map(|x| (x.id.as_str(), &x.origin))
            .collect(),
        Kind::Practice => site
            .practices
            .iter()
            .map(|x| (x.id.as_str(), &x.origin))
            .collect(),
        Kind::Entry => site
            .entries
            .iter()
            .map(|x| (x.id.as_str(), &x.origin))
            .collect(),
    }
}

/// Every YAML and Markdown file under `content/`, relative to the site folder.
fn content_files(site_dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(site_dir.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            matches!(
                e.path().extension().and_then(|x| x.to_str()),
                Some("yaml" | "yml" | "md")
            )
        })
        .filter_map(|e| e.path().strip_prefix(site_dir).ok().map(Path::to_path_buf))
        .collect();
    files.sort();
    files
}

/// Check the site with `edits` made, in a copy of its `content/` and theme.
pub fn check_edited(site_dir: &Path, edits: &[FileEdit]) -> Result<(), RenameError> {
    let tmp = std::env::temp_dir().join(format!("tiendo-mv-{}", std::process::id()));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| RenameError::Io { path, source }
    };
    let _ = std::fs::remove_dir_all(&tmp);
    let result = (|| {
        for e in walkdir::WalkDir::new(site_dir.join("content"))
            .into_iter()
            .filter_map(Result::ok)
        {
            let Ok(rel) = e.path().strip_prefix(site_dir) else {
                continue;
            };
            let dest = tmp.join(rel);
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&dest).map_err(io(&dest))?;
            } else if e.file_type().is_file() {
                std::fs::copy(e.path(), &dest).map_err(io(&dest))?;
            }
        }
        if site_dir.join("themes").is_dir() {
            for e in walkdir::WalkDir::new(site_dir.join("themes"))
                .into_iter()
                .filter_map(Result::ok)
            {
                let Ok(rel) = e.path().strip_prefix(site_dir) else {
                    continue;
                };
                let dest = tmp.join(rel);
                if e.file_type().is_dir() {
                    std::fs::create_dir_all(&dest).map_err(io(&dest))?;
                } else if e.file_type().is_file() {
                    std::fs::copy(e.path(), &dest).map_err(io(&dest))?;
                }
            }
        }
        for edit in edits {
            let to = tmp.join(edit.renamed_to.as_ref().unwrap_or(&edit.file));
            if edit.renamed_to.is_some() {
                std::fs::remove_file(tmp.join(&edit.file)).map_err(io(&edit.file))?;
            }
            std::fs::write(&to, &edit.text).map_err(io(&to))?;
        }
        let checked = crate::check(&tmp, None);
        if checked.diagnostics.has_errors() {
            return Err(RenameError::Invalid(checked.diagnostics));
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

/// Write every edited file (each under a temporary name first, then renamed
/// into place), then remove the files that were renamed.
pub fn apply(site_dir: &Path, edits: &[FileEdit]) -> Result<(), RenameError> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    for edit in edits {
        let dest = site_dir.join(edit.renamed_to.as_ref().unwrap_or(&edit.file));
        let tmp = dest.with_extension("tiendo-mv.tmp");
        if let Err(source) = std::fs::write(&tmp, &edit.text) {
            for (t, _) in &staged {
                let _ = std::fs::remove_file(t);
            }
            let _ = std::fs::remove_file(&tmp);
            return Err(RenameError::Io { path: dest, source });
        }
        staged.push((tmp, dest));
    }
    for (tmp, dest) in &staged {
        std::fs::rename(tmp, dest).map_err(|source| RenameError::Io {
            path: dest.clone(),
            source,
        })?;
    }
    for edit in edits.iter().filter(|e| e.renamed_to.is_some()) {
        let old = site_dir.join(&edit.file);
        std::fs::remove_file(&old).map_err(|source| RenameError::Io { path: old, source })?;
    }
    Ok(())
}
