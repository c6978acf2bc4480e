//! Reading a site folder: find the files (walkdir), check they are UTF-8 text,
//! split front matter, parse YAML (serde_yaml) into the model's types. This stage
//! knows files, not meaning: whether an id resolves is the model's business.

// A `Diagnostic` is the error of every loader function here; it is built only when
// content is wrong (the cold path), so boxing it would buy nothing.
#![allow(clippy::result_large_err)]

mod front_matter;
pub mod limits;
pub mod spans;

pub use front_matter::{split_front_matter, FrontMatter};

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
use walkdir::WalkDir;

use crate::diagnostics::{did_you_mean, At, Diagnostic, Diagnostics, Seg};
use crate::messages::Msg;
use crate::model::{
    Agency, Entry, Goal, Index, Locality, Origin, Plan, Practice, Site, SiteConfig, Task, Unloaded,
};

/// Read a file as UTF-8 text, pointing at the first byte that is not.
pub fn read_text(abs: &Path, rel: &Path) -> Result<String, Diagnostic> {
    if let Some(target) = link_out_of_site(abs, rel) {
        return Err(Diagnostic::error(
            rel,
            At::File,
            Msg::new("file-links-outside").arg("target", target.display().to_string()),
        )
        .help(Msg::new("file-links-outside-help")));
    }
    let bytes = std::fs::read(abs).map_err(|e| {
        Diagnostic::error(
            rel,
            At::File,
            Msg::new("file-unreadable").arg("why", e.to_string()),
        )
        .help(Msg::new("file-unreadable-help"))
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let text = String::from_utf8_lossy(valid);
        let line = text.matches('\n').count() + 1;
        let col = text
            .rsplit('\n')
            .next()
            .map(|l| l.chars().count())
            .unwrap_or(0)
            + 1;
        Diagnostic::error(
            rel,
            At::Pos { line, col, len: 1 },
            Msg::new("file-not-utf8"),
        )
        .label(Msg::new("file-not-utf8-label"))
        .help(Msg::new("file-not-utf8-help"))
    })
}

/// Where `abs` (the file `rel` of a site) leads when it is a link to a file
/// outside the site folder; `None` for a file inside (one `lstat` when it is
/// not a link).
fn link_out_of_site(abs: &Path, rel: &Path) -> Option<PathBuf> {
    if !std::fs::symlink_metadata(abs)
        .ok()?
        .file_type()
        .is_symlink()
    {
        return None;
    }
    let root = abs.ancestors().nth(rel.components().count())?;
    let target = abs.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    (!target.starts_with(&root)).then_some(target)
}

/// Warn once per file about text that is not in Unicode NFC (the same letter can
/// be typed two ways; search and sorting need one).
fn check_nfc(text: &str, rel: &Path) -> Option<Diagnostic> {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return None;
    }
    for (n, line) in text.lines().enumerate() {
        if is_nfc_quick(line.chars()) == IsNormalized::Yes || line.nfc().eq(line.chars()) {
            continue;
        }
        // NFC leaves everything before the first unnormalized letter as it is, so
        // the first character that differs is that letter's base.
        let col = line
            .chars()
            .zip(line.nfc())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| line.chars().count().min(line.nfc().count()))
            + 1;
        return Some(
            Diagnostic::warning(
                rel,
                At::Pos {
                    line: n + 1,
                    col,
                    len: 1,
                },
                Msg::new("text-not-nfc"),
            )
            .label(Msg::new("text-not-nfc-label"))
            .help(Msg::new("text-not-nfc-help")),
        );
    }
    None
}

/// An error at the first control character of a file (see [`crate::chars`]);
/// `yaml` is its YAML part, where escapes like `"\e"` count too.
fn check_controls(text: &str, yaml: &str, rel: &Path) -> Option<Diagnostic> {
    let (line, col, c) = crate::chars::find_control(text, yaml)?;
    Some(
        Diagnostic::error(
            rel,
            At::Pos { line, col, len: 1 },
            Msg::new("control-char").arg("char", crate::chars::describe_char(c)),
        )
        .label(Msg::new("control-char-label"))
        .help(Msg::new("control-char-help")),
    )
}

/// Parse YAML text (starting at `line_offset + 1` of its file) into a generic value.
pub fn parse_yaml(
    yaml: &str,
    rel: &Path,
    line_offset: usize,
) -> Result<serde_yaml::Value, Diagnostic> {
    limits::check(yaml).map_err(|t| {
        Diagnostic::error(
            rel,
            At::Pos {
                line: t.line + line_offset,
                col: t.col,
                len: 1,
            },
            t.message,
        )
        .help(t.help)
    })?;
    serde_yaml::from_str::<serde_yaml::Value>(yaml).map_err(|e| {
        let mut d = yaml_error(&e, rel, line_offset);
        if e.to_string().contains("duplicate entry") {
            // serde_yaml points at the mapping; point at the key written again.
            if let Some((line, col, len)) =
                spans::SpanIndex::of_yaml(yaml, line_offset).and_then(|ix| ix.duplicate_key())
            {
                d.at = At::Pos { line, col, len };
            }
        }
        let line = e
            .location()
            .and_then(|l| yaml.lines().nth(l.line().saturating_sub(1)));
        if line.is_some_and(|l| l.contains('\t')) {
            d.message = Msg::new("yaml-tab");
            d.help(Msg::new("yaml-tab-help"))
        } else {
            d
        }
    })
}

fn yaml_error(e: &serde_yaml::Error, rel: &Path, line_offset: usize) -> Diagnostic {
    let msg = e.to_string();
    // serde_yaml appends " at line L column C"; we show the position ourselves.
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    let at = match e.location() {
        Some(l) => At::Pos {
            line: l.line() + line_offset,
            col: l.column(),
            len: 1,
        },
        None => At::File,
    };
    let (message, help) = yaml_words(&msg);
    Diagnostic::error(rel, at, message).help(help)
}

/// What the YAML parser's message (libyaml's words: "mapping values are not
/// allowed in this context") means for an editor, and what to do: a message
/// and its help.
fn yaml_words(msg: &str) -> (Msg, Msg) {
    let has = |s: &str| msg.contains(s);
    if has("recursion limit") || has("repetition limit") {
        (
            Msg::new("yaml-too-nested"),
            Msg::new("yaml-too-nested-help"),
        )
    } else if has("mapping values are not allowed") || has("unexpected ':'") {
        (Msg::new("yaml-colon"), Msg::new("yaml-colon-help"))
    } else if has("duplicate entry") {
        let key = msg.split('"').nth(1).unwrap_or("").to_string();
        (
            Msg::new("yaml-duplicate-key").arg("key", key),
            Msg::new("yaml-duplicate-key-help"),
        )
    } else if has("tab character") {
        (Msg::new("yaml-tab"), Msg::new("yaml-tab-help"))
    } else if has("quoted scalar") {
        (
            Msg::new("yaml-quote-open"),
            Msg::new("yaml-quote-open-help"),
        )
    } else if has("unknown escape") || has("escape character") {
        (Msg::new("yaml-escape"), Msg::new("yaml-escape-help"))
    } else if has("expected ',' or ']'") || has("expected ',' or '}'") || has("flow") {
        (
            Msg::new("yaml-bracket-open"),
            Msg::new("yaml-bracket-open-help"),
        )
    } else if has("cannot start any token") {
        (
            Msg::new("yaml-special-start"),
            Msg::new("yaml-special-start-help"),
        )
    } else if has("could not find expected ':'") {
        (Msg::new("yaml-no-colon"), Msg::new("yaml-no-colon-help"))
    } else if has("alias") || has("anchor") || has("alphabetic or numeric") {
        (Msg::new("yaml-alias"), Msg::new("yaml-alias-help"))
    } else if has("did not find expected key")
        || has("expected '-' indicator")
        || has("block sequence entries")
        || has("block mapping")
    {
        (Msg::new("yaml-indent"), Msg::new("yaml-indent-help"))
    } else {
        (Msg::new("yaml-other"), Msg::new("yaml-other-help"))
    }
}

/// Deserialize `value` as a `T` (a record of kind `what`), reporting the field path.
pub fn typed<T: DeserializeOwned>(
    value: serde_yaml::Value,
    rel: &Path,
    item: Option<usize>,
    what: Msg,
) -> Result<T, Diagnostic> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let mut path: Vec<Seg> = item.map(Seg::Index).into_iter().collect();
        for seg in e.path().iter() {
            match seg {
                serde_path_to_error::Segment::Seq { index } => path.push(Seg::Index(*index)),
                serde_path_to_error::Segment::Map { key } => path.push(Seg::Key(key.clone())),
                _ => {}
            }
        }
        let field = e
            .path()
            .iter()
            .filter_map(|s| match s {
                serde_path_to_error::Segment::Map { key } => Some(key.as_str()),
                _ => None,
            })
            .next_back()
            .unwrap_or("")
            .to_string();
        type_error(&e.inner().to_string(), path, &field, rel, what)
    })
}

/// serde's name of a type, or of what was found (`string "abc"`), as a kind of
/// value an editor knows (`type-text`), with what was written after it.
fn plain_type(t: &str) -> (Msg, String) {
    let t = t.trim();
    let t = t
        .strip_prefix("a ")
        .or_else(|| t.strip_prefix("an "))
        .unwrap_or(t);
    let words: [(&str, Msg); 14] = [
        ("i64", Msg::new("type-whole-number")),
        ("u64", Msg::new("type-whole-number")),
        ("u32", Msg::new("type-whole-number")),
        ("usize", Msg::new("type-whole-number")),
        ("integer", Msg::new("type-whole-number")),
        ("floating point", Msg::new("type-decimal-number")),
        ("boolean", Msg::new("type-bool")),
        ("sequence", Msg::new("type-list")),
        ("map", Msg::new("type-fields")),
        ("struct", Msg::new("type-fields")),
        ("string", Msg::new("type-text")),
        ("unit value", Msg::new("type-empty")),
        ("null", Msg::new("type-empty")),
        ("date", Msg::new("type-date")),
    ];
    for (k, id) in words {
        if let Some(rest) = t.strip_prefix(k) {
            if !rest.starts_with(|c: char| c.is_alphanumeric()) {
                return (id, rest.trim().to_string());
            }
        }
    }
    (Msg::new("type-other").arg("name", t), String::new())
}

/// Names quoted in backticks after "expected one of" in serde's messages.
fn expected_names(msg: &str) -> Vec<&str> {
    msg.split_once("expected")
        .map(|(_, rest)| rest.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default()
}

fn type_error(msg: &str, path: Vec<Seg>, field: &str, rel: &Path, what: Msg) -> Diagnostic {
    let quoted = |m: &str| m.split('`').nth(1).unwrap_or("").to_string();
    if let Some(m) = Msg::decode(msg) {
        // A value the model refused in its own words (a date, a deadline).
        return Diagnostic::error(
            rel,
            At::Value { path, key: false },
            Msg::new("field-problem")
                .arg("field", field)
                .arg("problem", m),
        );
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let name = quoted(rest);
        let names = expected_names(rest);
        let help = match did_you_mean(&name, names.iter().copied()) {
            Some(s) => Msg::new("did-you-mean").arg("id", s),
            None => Msg::new("unknown-field-help")
                .arg("what", what.clone())
                .arg("fields", names.join(", ")),
        };
        return Diagnostic::error(
            rel,
            At::Value { path, key: true },
            Msg::new("unknown-field").arg("field", name),
        )
        .label(Msg::new("unknown-field-label").arg("what", what))
        .help(help);
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        let name = quoted(rest);
        return Diagnostic::error(
            rel,
            At::Value { path, key: false },
            Msg::new("missing-field").arg("field", &name),
        )
        .label(
            Msg::new("missing-field-label")
                .arg("what", what)
                .arg("field", &name),
        )
        .help(Msg::new("missing-field-help").arg("field", name));
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let name = quoted(rest);
        let names = expected_names(rest).join(", ");
        let help = match did_you_mean(&name, expected_names(rest)) {
            Some(s) => Msg::new("unknown-value-suggest")
                .arg("value", s)
                .arg("values", names),
            None => Msg::new("unknown-value-help").arg("values", names),
        };
        return Diagnostic::error(
            rel,
            At::Value { path, key: false },
            Msg::new("unknown-value")
                .arg("field", field)
                .arg("value", name),
        )
        .help(help);
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another type"));
        let (expected, _) = plain_type(expected);
        let (found, value) = plain_type(found);
        let text = expected.id() == "type-text";
        return Diagnostic::error(
            rel,
            At::Value { path, key: false },
            Msg::new("wrong-type")
                .arg("field", field)
                .arg("found", found)
                .arg("value", value),
        )
        .label(Msg::new("wrong-type-label").arg("expected", expected.clone()))
        .help(if text {
            Msg::new("wrong-type-text-help")
        } else {
            Msg::new("wrong-type-help").arg("expected", expected)
        });
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return Diagnostic::error(
            rel,
            At::Value { path, key: false },
            Msg::new("invalid-value")
                .arg("field", field)
                .arg("value", found),
        )
        .help(Msg::new("invalid-value-help").arg("expected", expected));
    }
    Diagnostic::error(
        rel,
        At::Value { path, key: false },
        Msg::new("field-problem")
            .arg("field", field)
            .arg("problem", msg),
    )
}

/// Everything found under `content/`, and every problem found reading it.
pub struct Loaded {
    pub site: Option<Site>,
    pub diagnostics: Diagnostics,
}

/// The files of one kind, relative to the site folder, sorted. A folder that
/// cannot be read is an error naming it (its files would silently be missing).
fn files_under(site_dir: &Path, sub: &str, exts: &[&str], d: &mut Diagnostics) -> Vec<PathBuf> {
    let root = site_dir.join("content").join(sub);
    if !root.is_dir() {
        return Vec::new();
    }
    let mut out: Vec<PathBuf> = Vec::new();
    for e in WalkDir::new(&root).sort_by_file_name() {
        let e = match e {
            Ok(e) => e,
            Err(err) => {
                let at = err.path().unwrap_or(&root);
                let rel = at.strip_prefix(site_dir).unwrap_or(at);
                let why = err
                    .io_error()
                    .map(|io| io.to_string())
                    .unwrap_or_else(|| err.to_string());
                d.push(
                    Diagnostic::error(rel, At::File, Msg::new("folder-unreadable").arg("why", why))
                        .help(Msg::new("folder-unreadable-help")),
                );
                continue;
            }
        };
        if !e.file_type().is_file() {
            continue;
        }
        let name = e.file_name().to_string_lossy();
        if name.starts_with('.') || name.starts_with('_') || name.ends_with('~') {
            continue;
        }
        let wanted = exts.is_empty()
            || e.path()
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| exts.contains(&x));
        if wanted {
            if let Ok(rel) = e.path().strip_prefix(site_dir) {
                out.push(rel.to_path_buf());
            }
        }
    }
    out.sort();
    out
}

fn stem(rel: &Path) -> String {
    rel.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A Markdown file with front matter: the `T`, its body, and warnings.
type Md<T> = Result<(T, String, Vec<Diagnostic>), Vec<Diagnostic>>;

fn load_md<T: DeserializeOwned>(site_dir: &Path, rel: &Path, what: Msg) -> Md<T> {
    parse_md(read_text(&site_dir.join(rel), rel), rel, what)
}

/// [`load_md`] for a file already read.
fn parse_md<T: DeserializeOwned>(text: Result<String, Diagnostic>, rel: &Path, what: Msg) -> Md<T> {
    let text = text.map_err(|d| vec![d])?;
    let warnings: Vec<Diagnostic> = check_nfc(&text, rel).into_iter().collect();
    let fm = split_front_matter(&text).map_err(|m| {
        vec![Diagnostic::error(
            rel,
            At::Pos {
                line: 1,
                col: 1,
                len: 3,
            },
            m,
        )
        .help(Msg::new("front-matter-help"))]
    })?;
    let mut warnings = warnings;
    warnings.extend(check_controls(&text, fm.yaml, rel));
    // A control character in the YAML also fails its parsing: say which first.
    let value = parse_yaml(fm.yaml, rel, fm.yaml_line - 1)
        .map_err(|d| warnings.iter().cloned().chain([d]).collect::<Vec<_>>())?;
    let value = if value.is_null() {
        serde_yaml::Value::Mapping(Default::default())
    } else {
        value
    };
    match typed::<T>(value, rel, None, what) {
        Ok(t) => Ok((t, fm.body.to_string(), warnings)),
        Err(d) => Err(std::iter::once(d).chain(warnings).collect()),
    }
}

/// A YAML file holding a list of `T`. What fails to load is noted in `unloaded`.
fn load_list<T: DeserializeOwned>(
    site_dir: &Path,
    rel: &Path,
    what: Msg,
    unloaded: &mut Unloaded,
) -> (Vec<(T, usize)>, Vec<Diagnostic>) {
    parse_list(read_text(&site_dir.join(rel), rel), rel, what, unloaded)
}

/// [`load_list`] for a file already read.
fn parse_list<T: DeserializeOwned>(
    text: Result<String, Diagnostic>,
    rel: &Path,
    what: Msg,
    unloaded: &mut Unloaded,
) -> (Vec<(T, usize)>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let text = match text {
        Ok(t) => t,
        Err(d) => {
            unloaded.whole_file = true;
            return (Vec::new(), vec![d]);
        }
    };
    diags.extend(check_nfc(&text, rel));
    diags.extend(check_controls(&text, &text, rel));
    let value = match parse_yaml(text.strip_prefix('\u{feff}').unwrap_or(&text), rel, 0) {
        Ok(v) => v,
        Err(d) => {
            unloaded.whole_file = true;
            diags.push(d);
            return (Vec::new(), diags);
        }
    };
    let items = match value {
        serde_yaml::Value::Sequence(items) => items,
        serde_yaml::Value::Null => Vec::new(),
        _ => {
            unloaded.whole_file = true;
            diags.push(
                Diagnostic::error(
                    rel,
                    At::Pos {
                        line: 1,
                        col: 1,
                        len: 1,
                    },
                    Msg::new("list-expected").arg("what", what),
                )
                .help(Msg::new("list-expected-help")),
            );
            return (Vec::new(), diags);
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let id = item.get("id").and_then(|v| v.as_str()).map(str::to_owned);
        match typed::<T>(item, rel, Some(i), what.clone()) {
            Ok(t) => out.push((t, i)),
            Err(d) => {
                unloaded.ids.extend(id);
                diags.push(d);
            }
        }
    }
    (out, diags)
}

/// The language `content/site.yaml` names (`language: vi`), read on its own so
/// that a site whose files do not load still gets its messages in its language.
pub fn site_language(site_dir: &Path) -> Option<crate::messages::Lang> {
    let text = std::fs::read_to_string(site_dir.join("content").join("site.yaml")).ok()?;
    // A line `language: en` at the top level, the way site.yaml writes it; the
    // whole file may not parse (that is what the messages will be about).
    text.lines().find_map(|line| {
        let value = line.strip_prefix("language:")?;
        let value = value.split('#').next().unwrap_or("").trim();
        crate::messages::Lang::parse(value.trim_matches(['"', '\'']))
    })
}

/// Load `site_dir/content`. Returns the site when the essential files parsed,
/// with every problem found (it does not stop at the first).
pub fn load(site_dir: &Path) -> Loaded {
    let mut d = Diagnostics::default();
    let content = site_dir.join("content");
    if !content.is_dir() {
        d.push(
            Diagnostic::error("content", At::File, Msg::new("no-content-folder"))
                .help(Msg::new("no-content-folder-help")),
        );
        return Loaded {
            site: None,
            diagnostics: d,
        };
    }

    let site_rel = PathBuf::from("content/site.yaml");
    let config: Option<SiteConfig> = if site_dir.join(&site_rel).is_file() {
        match read_text(&site_dir.join(&site_rel), &site_rel)
            .inspect(|t| d.extend(check_nfc(t, &site_rel)))
            .inspect(|t| d.extend(check_controls(t, t, &site_rel)))
            .and_then(|t| parse_yaml(&t, &site_rel, 0))
            .and_then(|v| typed::<SiteConfig>(v, &site_rel, None, Msg::new("kind-site-config")))
        {
            Ok(c) => Some(c),
            Err(e) => {
                d.push(e);
                None
            }
        }
    } else {
        d.push(
            Diagnostic::error(&site_rel, At::File, Msg::new("missing-site-yaml"))
                .help(Msg::new("missing-site-yaml-help")),
        );
        None
    };

    let plan_rel = PathBuf::from("content/plan.md");
    let plan: Option<Plan> = if site_dir.join(&plan_rel).is_file() {
        match load_md::<Plan>(site_dir, &plan_rel, Msg::new("kind-plan")) {
            Ok((mut p, body, w)) => {
                p.body = body;
                d.extend(w);
                Some(p)
            }
            Err(e) => {
                d.extend(e);
                None
            }
        }
    } else {
        d.push(
            Diagnostic::error(&plan_rel, At::File, Msg::new("missing-plan"))
                .help(Msg::new("missing-plan-help")),
        );
        None
    };

    let mut unloaded: HashMap<&'static str, Unloaded> = HashMap::new();
    let mut goals = Vec::new();
    for rel in files_under(site_dir, "goals", &["md"], &mut d) {
        match load_md::<Goal>(site_dir, &rel, Msg::new("kind-goal")) {
            Ok((mut g, body, w)) => {
                g.body = body;
                d.extend(w);
                g.origin = Origin {
                    file: rel.clone(),
                    item: None,
                };
                goals.push(g);
            }
            Err(e) => {
                unloaded.entry("goal").or_default().whole_file = true;
                d.extend(e);
            }
        }
    }
    goals.sort_by_key(|g| g.order);

    let agencies = load_required_list::<Agency>(
        site_dir,
        "content/agencies.yaml",
        Msg::new("kind-agency"),
        &mut d,
        unloaded.entry("agency").or_default(),
    );
    let localities = load_required_list::<Locality>(
        site_dir,
        "content/localities.yaml",
        Msg::new("kind-locality"),
        &mut d,
        unloaded.entry("locality").or_default(),
    );

    let mut tasks = Vec::new();
    for rel in files_under(site_dir, "tasks", &["yaml", "yml", "md"], &mut d) {
        if rel.extension().is_some_and(|x| x == "md") {
            match load_md::<Task>(site_dir, &rel, Msg::new("kind-task")) {
                Ok((mut t, body, w)) => {
                    d.extend(w);
                    if !body.trim().is_empty() {
                        t.description = Some(body);
                    }
                    t.origin = Origin {
                        file: rel.clone(),
                        item: None,
                    };
                    tasks.push(t);
                }
                Err(e) => {
                    unloaded.entry("task").or_default().whole_file = true;
                    d.extend(e);
                }
            }
        } else {
            let (items, diags) = load_list::<Task>(
                site_dir,
                &rel,
                Msg::new("kind-task"),
                unloaded.entry("task").or_default(),
            );
            d.extend(diags);
            tasks.extend(items.into_iter().map(|(mut t, i)| {
                t.origin = Origin {
                    file: rel.clone(),
                    item: Some(i),
                };
                t
            }));
        }
    }

    let progress_files = files_under(site_dir, "progress", &["md", "yaml", "yml"], &mut d);
    // Thousands of small files: read on the I/O pool, so that a cold page cache
    // does not keep the cores waiting for one read at a time; parsed on the cores.
    let texts: Vec<Result<String, Diagnostic>> = crate::io::install(|| {
        progress_files
            .par_iter()
            .map(|rel| read_text(&site_dir.join(rel), rel))
            .collect()
    });
    let loaded: Vec<(Vec<Entry>, Vec<Diagnostic>)> = progress_files
        .par_iter()
        .zip(texts)
        .map(|(rel, text)| entries_from(rel, text))
        .collect();
    let mut entries = Vec::with_capacity(loaded.len());
    for (es, ds) in loaded {
        entries.extend(es);
        d.extend(ds);
    }

    let practice_files = files_under(site_dir, "practices", &["md"], &mut d);
    let loaded: Vec<Md<Practice>> = practice_files
        .par_iter()
        .map(|rel| {
            load_md::<Practice>(site_dir, rel, Msg::new("kind-practice")).map(|(mut p, body, w)| {
                p.body = body;
                if p.id.is_empty() {
                    p.id = stem(rel);
                }
                p.origin = Origin {
                    file: rel.clone(),
                    item: None,
                };
                (p, String::new(), w)
            })
        })
        .collect();
    let mut practices = Vec::new();
    for r in loaded {
        match r {
            Ok((p, _, w)) => {
                practices.push(p);
                d.extend(w);
            }
            Err(e) => d.extend(e),
        }
    }

    let media: BTreeSet<String> = files_under(site_dir, "media", &[], &mut d)
        .into_iter()
        .filter_map(|p| {
            p.strip_prefix("content")
                .ok()
                .map(crate::diagnostics::display_path)
        })
        .collect();

    let site = match (config, plan) {
        (Some(config), Some(plan)) => {
            let mut site = Site {
                config,
                plan,
                goals,
                agencies,
                localities,
                tasks,
                entries,
                practices,
                media,
                unloaded,
                index: Index::default(),
            };
            site.build_index();
            Some(site)
        }
        _ => None,
    };
    Loaded {
        site,
        diagnostics: d,
    }
}

fn load_required_list<T: DeserializeOwned + HasOrigin>(
    site_dir: &Path,
    rel: &str,
    what: Msg,
    d: &mut Diagnostics,
    unloaded: &mut Unloaded,
) -> Vec<T> {
    let rel = PathBuf::from(rel);
    if !site_dir.join(&rel).is_file() {
        unloaded.whole_file = true;
        d.push(
            Diagnostic::error(
                &rel,
                At::File,
                Msg::new("missing-file").arg("file", crate::diagnostics::display_path(&rel)),
            )
            .help(Msg::new("missing-list-help").arg("what", what)),
        );
        return Vec::new();
    }
    let (items, diags) = load_list::<T>(site_dir, &rel, what, unloaded);
    d.extend(diags);
    items
        .into_iter()
        .map(|(mut t, i)| {
            t.set_origin(Origin {
                file: rel.clone(),
                item: Some(i),
            });
            t
        })
        .collect()
}

/// Records that remember where they were written.
pub trait HasOrigin {
    fn set_origin(&mut self, o: Origin);
}

impl HasOrigin for Agency {
    fn set_origin(&mut self, o: Origin) {
        self.origin = o;
    }
}

impl HasOrigin for Locality {
    fn set_origin(&mut self, o: Origin) {
        self.origin = o;
    }
}

/// One progress file (`rel`, relative to the site folder): a Markdown entry or
/// a YAML batch, with the problems found reading it.
pub fn load_entries(site_dir: &Path, rel: &Path) -> (Vec<Entry>, Vec<Diagnostic>) {
    entries_from(rel, read_text(&site_dir.join(rel), rel))
}

/// What [`Entry::file_hash`] hashes a progress file's text as (see
/// [`crate::cache::Pack::key`]).
pub const FILE_HASH: &str = "progress-file";

/// [`load_entries`] for a file already read.
fn entries_from(rel: &Path, text: Result<String, Diagnostic>) -> (Vec<Entry>, Vec<Diagnostic>) {
    let file_hash = text
        .as_ref()
        .map_or(0, |t| crate::cache::Pack::key(FILE_HASH, &[t.as_bytes()]));
    let (mut entries, diags) = entries_of(rel, text);
    for e in &mut entries {
        e.reading = Some(std::sync::Arc::new(crate::model::markdown::read(&e.body)));
        e.file_hash = file_hash;
    }
    (entries, diags)
}

/// The entries of a progress file and what was wrong in it.
fn entries_of(rel: &Path, text: Result<String, Diagnostic>) -> (Vec<Entry>, Vec<Diagnostic>) {
    if rel.extension().is_some_and(|x| x == "md") {
        match parse_md::<Entry>(text, rel, Msg::new("kind-entry")) {
            Ok((mut e, body, mut diags)) => {
                if !e.body.is_empty() {
                    diags.push(
                        Diagnostic::error(
                            rel,
                            At::Value {
                                path: vec![Seg::Key("body".into())],
                                key: true,
                            },
                            Msg::new("body-in-front-matter"),
                        )
                        .help(Msg::new("body-in-front-matter-help")),
                    );
                }
                e.body = body;
                if e.id.is_empty() {
                    e.id = stem(rel);
                }
                e.origin = Origin {
                    file: rel.to_path_buf(),
                    item: None,
                };
                (vec![e], diags)
            }
            Err(ds) => (Vec::new(), ds),
        }
    } else {
        let (items, mut diags) =
            parse_list::<Entry>(text, rel, Msg::new("kind-entry"), &mut Unloaded::default());
        let mut out = Vec::with_capacity(items.len());
        for (mut e, i) in items {
            e.origin = Origin {
                file: rel.to_path_buf(),
                item: Some(i),
            };
            if e.id.is_empty() {
                diags.push(
                    Diagnostic::error(
                        rel,
                        At::Value {
                            path: vec![Seg::Index(i)],
                            key: false,
                        },
                        Msg::new("batch-entry-without-id"),
                    )
                    .label(Msg::new("batch-entry-without-id-label"))
                    .help(
                        Msg::new("batch-entry-without-id-help")
                            .arg("id", format!("{}-{}", stem(rel), i + 1)),
                    ),
                );
                continue;
            }
            out.push(e);
        }
        (out, diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_split() {
        let fm = split_front_matter("---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!(fm.yaml, "title: x\n");
        assert_eq!(fm.body, "body\n");
        assert!(split_front_matter("title: x\n").is_err());
        assert!(split_front_matter("---\ntitle: x\n")
            .unwrap_err()
            .id()
            .contains("not-closed"));
        let fm = split_front_matter("---\r\na: 1\r\n---\r\nb").unwrap();
        assert_eq!(fm.yaml, "a: 1\r\n");
    }

    #[test]
    fn nfc_warning_points_at_the_line() {
        let text = "a: 1\ntitle: \"Đa\u{300}ng\"\n";
        let d = check_nfc(text, Path::new("x.yaml")).unwrap();
        assert_eq!(d.line_col(), (2, 10), "points at the base letter");
        let d = check_nfc("a: 1\nb: Ha\u{300}\n", Path::new("x.yaml")).unwrap();
        assert_eq!(d.line_col(), (2, 5), "a letter at the end of the line");
        assert!(check_nfc("title: Đảng ủy\n", Path::new("x.yaml")).is_none());
    }
}
