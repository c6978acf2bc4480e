//! The docs an editor follows still work on the bundled site (`content/`).
//!
//! Every ```` ```yaml ````, ```` ```markdown ```` or ```` ```md ```` block of
//! README.md and docs/*.md is a content file, and says in its info string
//! where it would be saved:
//!
//! - `file=content/PATH`: the whole file at PATH (new, or in place of the
//!   bundled one);
//! - `merge=content/PATH`: part of the file at PATH: list items replace the
//!   items with the same `id` (which must be there: an excerpt shows the
//!   bundled site's records), keys of a mapping replace those
//!   of the file (of its front matter for a `.md` file), and Markdown without
//!   front matter replaces the file's text;
//! - `instead-of=content/PATH` beside `file=`: the example declares, in a file of
//!   its own, records the bundled site declares in the list at PATH, which
//!   lose them (an id is declared once);
//! - `fails="MESSAGE"` beside one of them: an example of a mistake, which
//!   `tiendo check` must refuse with MESSAGE in what it prints;
//! - a following block with `output` (the one-line form `tiendo check`
//!   prints into a file or a pipe) or `output=pretty` (the form it prints on a
//!   terminal) must be exactly what `tiendo check` prints for that mistake.
//!
//! - ```` ```csv import=NAME.csv ````: a spreadsheet `tiendo import NAME.csv`
//!   reads in the bundled site's folder (it must import, or with `fails=`
//!   fail), and the `output` blocks after it show what the import prints.
//!
//! Each example is laid over a fresh copy of the bundled site and checked with
//! the `tiendo` binary. Every `tiendo …` command shown (in ```` ```sh ```` blocks
//! and in inline code) must parse, and the ids, media files and page
//! addresses the docs name must exist in the bundled site. A failure names the
//! doc file and line.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use common::{copy_tree, tiendo};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// README.md and every docs/*.md, as paths relative to the repository.
fn doc_files() -> Vec<String> {
    let mut docs = vec!["README.md".to_string()];
    let mut more: Vec<String> = fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .map(|n| format!("docs/{n}"))
        .collect();
    more.sort();
    docs.extend(more);
    docs
}

/// A fenced code block of a doc.
struct Block {
    doc: String,
    /// The line of the opening fence (1-based).
    line: usize,
    lang: String,
    attrs: BTreeMap<String, String>,
    text: String,
}

impl Block {
    fn place(&self) -> String {
        format!("{}:{}", self.doc, self.line)
    }
}

/// `yaml file=content/x.yaml fails="unknown task"` → ("yaml", {file, fails}).
fn info_string(info: &str) -> (String, BTreeMap<String, String>) {
    let words = shell_words(info);
    let mut it = words.into_iter();
    let lang = it.next().unwrap_or_default();
    let attrs = it
        .map(|w| match w.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (w, String::new()),
        })
        .collect();
    (lang, attrs)
}

fn blocks(doc: &str) -> Vec<Block> {
    let text = fs::read_to_string(root().join(doc)).unwrap();
    let mut out = Vec::new();
    let mut open: Option<(usize, String, BTreeMap<String, String>, String)> = None;
    for (i, line) in text.lines().enumerate() {
        match &mut open {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    let (lang, attrs) = info_string(info);
                    open = Some((i + 1, lang, attrs, String::new()));
                }
            }
            Some((_, _, _, body)) => {
                if line.trim_end() == "```" {
                    let (line, lang, attrs, text) = open.take().unwrap();
                    out.push(Block {
                        doc: doc.to_string(),
                        line,
                        lang,
                        attrs,
                        text,
                    });
                } else {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
    }
    assert!(open.is_none(), "{doc}: a code block is not closed");
    out
}

/// The text of a doc outside its code blocks, line by line (1-based), with
/// the lines of blocks left empty so that line numbers stay right.
fn prose(doc: &str) -> Vec<(usize, String)> {
    let text = fs::read_to_string(root().join(doc)).unwrap();
    let mut inside = false;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("```") {
            inside = !inside;
            continue;
        }
        if !inside {
            out.push((i + 1, line.to_string()));
        }
    }
    out
}

/// Inline code spans of a line of prose.
fn code_spans(line: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        let ticks = rest[start..].chars().take_while(|c| *c == '`').count();
        let fence = "`".repeat(ticks);
        let after = &rest[start + ticks..];
        match after.find(&fence) {
            Some(end) => {
                spans.push(after[..end].trim().to_string());
                rest = &after[end + ticks..];
            }
            None => break,
        }
    }
    spans
}

/// Words as a POSIX shell splits them (quotes and backslashes; enough for the
/// docs' commands).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '\\') => {
                if let Some(n) = chars.next() {
                    word.push(n);
                }
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// A fresh copy of the bundled site (its `content/` only).
fn bundled_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("content"), &dir.path().join("content"));
    dir
}

/// Split a `.md` file into its front matter (YAML) and its text.
fn split_front_matter(text: &str) -> Option<(String, String)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n").map(|i| (i, i + 5)).or_else(|| {
        rest.strip_suffix("\n---")
            .map(|fm| (fm.len(), fm.len() + 4))
    })?;
    Some((rest[..end.0].to_string(), rest[end.1..].to_string()))
}

fn yaml(text: &str, place: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{place}: not YAML: {e}"))
}

/// Lay `example` over the file `target` of the site, as `merge=` says.
fn merge(site: &Path, target: &str, example: &Block) -> Result<(), String> {
    use serde_yaml::Value;
    let path = site.join(target);
    let old = fs::read_to_string(&path)
        .map_err(|e| format!("`merge={target}`: the bundled site has no such file ({e})"))?;
    let place = example.place();
    let new = if target.ends_with(".md") {
        let (fm, body) = split_front_matter(&old)
            .ok_or_else(|| format!("`merge={target}`: that file has no front matter"))?;
        match split_front_matter(&example.text) {
            // A whole front matter and text: keys replace keys, the text the text.
            Some((efm, ebody)) => {
                let merged = merge_mapping(yaml(&fm, target), yaml(&efm, &place))?;
                format!(
                    "---\n{}---\n{}",
                    serde_yaml::to_string(&merged).unwrap(),
                    ebody
                )
            }
            None if example.lang == "yaml" => {
                let merged = merge_mapping(yaml(&fm, target), yaml(&example.text, &place))?;
                format!(
                    "---\n{}---\n{}",
                    serde_yaml::to_string(&merged).unwrap(),
                    body
                )
            }
            // Markdown text alone: it becomes the file's text.
            None => format!("---\n{fm}\n---\n{}", example.text),
        }
    } else {
        let merged = match (yaml(&old, target), yaml(&example.text, &place)) {
            (Value::Sequence(mut items), Value::Sequence(new)) => {
                for item in new {
                    let id = item
                        .get("id")
                        .cloned()
                        .ok_or_else(|| "a list item without `id` cannot be merged".to_string())?;
                    // An excerpt of a bundled file shows the bundled site's records.
                    match items.iter_mut().find(|i| i.get("id") == Some(&id)) {
                        Some(old) => *old = item,
                        None => {
                            return Err(format!(
                                "`merge={target}`: the bundled site has no record \
                                 with the id {}",
                                serde_yaml::to_string(&id).unwrap().trim()
                            ))
                        }
                    }
                }
                Value::Sequence(items)
            }
            (old @ Value::Mapping(_), new) => merge_mapping(old, new)?,
            _ => return Err(format!("cannot be merged into `{target}`")),
        };
        serde_yaml::to_string(&merged).unwrap()
    };
    fs::write(&path, new).unwrap();
    Ok(())
}

/// The ids an example declares: its front matter's `id`, or its items'.
fn declared_ids(example: &Block) -> Vec<serde_yaml::Value> {
    let place = example.place();
    match split_front_matter(&example.text) {
        Some((fm, _)) => yaml(&fm, &place).get("id").cloned().into_iter().collect(),
        None => match yaml(&example.text, &place) {
            serde_yaml::Value::Sequence(items) => {
                items.iter().filter_map(|i| i.get("id").cloned()).collect()
            }
            v => v.get("id").cloned().into_iter().collect(),
        },
    }
}

/// Take the records `example` declares out of the list file `list`.
fn remove_ids(site: &Path, list: &str, example: &Block) -> Result<(), String> {
    let path = site.join(list);
    let text = fs::read_to_string(&path)
        .map_err(|e| format!("`instead-of={list}`: the bundled site has no such file ({e})"))?;
    let ids = declared_ids(example);
    let serde_yaml::Value::Sequence(items) = yaml(&text, list) else {
        return Err(format!("`instead-of={list}`: not a list"));
    };
    let before = items.len();
    let kept: Vec<_> = items
        .into_iter()
        .filter(|i| !i.get("id").is_some_and(|id| ids.contains(id)))
        .collect();
    if kept.len() == before {
        return Err(format!(
            "`instead-of={list}`: that file declares none of this example's ids"
        ));
    }
    fs::write(&path, serde_yaml::to_string(&kept).unwrap()).unwrap();
    Ok(())
}

fn merge_mapping(
    old: serde_yaml::Value,
    new: serde_yaml::Value,
) -> Result<serde_yaml::Value, String> {
    match (old, new) {
        (serde_yaml::Value::Mapping(mut old), serde_yaml::Value::Mapping(new)) => {
            for (k, v) in new {
                old.insert(k, v);
            }
            Ok(serde_yaml::Value::Mapping(old))
        }
        _ => Err("expected keys and values (a mapping)".to_string()),
    }
}

/// `tiendo check SITE --color never`: (exit code, stdout and stderr).
/// The language a doc's outputs are in: `--lang en` for the English docs
/// (`*.en.md`), the bundled site's Vietnamese for the others.
fn doc_lang(doc: &str) -> &'static str {
    if doc.ends_with(".en.md") {
        "en"
    } else {
        "vi"
    }
}

fn check(site: &Path, lang: &str) -> (i32, String) {
    let o = tiendo()
        .arg("check")
        .arg(site)
        .args(["--color", "never", "--lang", lang])
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    )
}

fn is_example(b: &Block) -> bool {
    matches!(b.lang.as_str(), "yaml" | "markdown" | "md")
}

/// Lay an example over a fresh copy of the bundled site.
fn site_with_example(b: &Block) -> Result<tempfile::TempDir, String> {
    let site = bundled_copy();
    match (b.attrs.get("file"), b.attrs.get("merge")) {
        (Some(file), None) => {
            if !file.starts_with("content/") {
                return Err(format!("`file={file}` is not under content/"));
            }
            let p = site.path().join(file);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(&p, &b.text).unwrap();
            if let Some(list) = b.attrs.get("instead-of") {
                remove_ids(site.path(), list, b)?;
            }
        }
        (None, Some(target)) => merge(site.path(), target, b)?,
        _ => {
            return Err(
                "say where this example would be saved: `file=content/…` (a whole \
                        file) or `merge=content/…` (part of a file) after the language"
                    .to_string(),
            )
        }
    }
    Ok(site)
}

/// What `tiendo check` prints for a site, in the form an `output` block shows.
fn shown(site: &Path, printed: &str, form: &str, lang: &str) -> String {
    let text = if form == "pretty" {
        let checked = tiendo::pipeline::check(site, None);
        let lang = if lang == "en" {
            tiendo::messages::Lang::En
        } else {
            tiendo::messages::Lang::Vi
        };
        String::from_utf8(checked.diagnostics.render_pretty(site, false, lang)).unwrap()
    } else {
        printed.to_string()
    };
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_content_example_in_the_docs_checks_against_the_bundled_site() {
    let mut failures = Vec::new();
    let mut examples = 0;
    let bundled = bundled_copy();
    for doc in doc_files() {
        let lang = doc_lang(&doc);
        let (_, bundled_printed) = check(bundled.path(), lang);
        // The site and output of the last example, when it is a mistake or an
        // import: the `output` blocks after it show what tiendo prints for it;
        // other `output` blocks show what check prints for the bundled site.
        let mut mistake: Option<(tempfile::TempDir, String)> = None;
        for b in blocks(&doc) {
            let place = b.place();
            if let Some(form) = b.attrs.get("output") {
                let actual = match &mistake {
                    Some((site, printed)) => shown(site.path(), printed, form, lang),
                    None => shown(bundled.path(), &bundled_printed, form, lang),
                };
                if !actual.contains(b.text.trim_end()) {
                    failures.push(format!(
                        "{place}: tiendo no longer prints this; it prints:\n{actual}"
                    ));
                }
                continue;
            }
            if let Some(name) = b.attrs.get("import") {
                // A spreadsheet (as CSV) imported into the bundled site.
                examples += 1;
                let site = bundled_copy();
                fs::write(site.path().join(name), &b.text).unwrap();
                let o = tiendo()
                    .args(["import", name, "--color", "never", "--lang", lang])
                    .current_dir(site.path())
                    .output()
                    .unwrap();
                let code = o.status.code().unwrap_or(-1);
                let printed = format!(
                    "{}{}",
                    String::from_utf8_lossy(&o.stdout),
                    String::from_utf8_lossy(&o.stderr)
                );
                let expected = b.attrs.get("fails").map_or(0, |_| 1);
                let message = b.attrs.get("fails").map_or("", String::as_str);
                if code != expected || !printed.contains(message) {
                    failures.push(format!(
                        "{place}: `tiendo import {name}` should exit {expected}; it exits \
                         {code} and prints:\n{printed}"
                    ));
                }
                mistake = Some((site, printed));
                continue;
            }
            if !is_example(&b) {
                continue;
            }
            examples += 1;
            mistake = None;
            let site = match site_with_example(&b) {
                Ok(site) => site,
                Err(e) => {
                    failures.push(format!("{place}: {e}"));
                    continue;
                }
            };
            // Made-up reports and practices say so (docs/content.vi.md, section 14).
            if let Some(file) = b.attrs.get("file") {
                let new_item =
                    file.starts_with("content/progress/") || file.starts_with("content/practices/");
                if new_item && !b.text.contains("illustrative: true") {
                    failures.push(format!(
                        "{place}: an example progress entry or practice is not real: it needs \
                         `illustrative: true`"
                    ));
                }
            }
            let (code, printed) = check(site.path(), lang);
            match b.attrs.get("fails") {
                None => {
                    let warning = if lang == "en" {
                        "warning:"
                    } else {
                        "cảnh báo:"
                    };
                    if code != 0 || printed.contains(warning) {
                        failures.push(format!(
                            "{place}: `tiendo check` no longer passes cleanly with this example \
                             (exit {code}):\n{printed}"
                        ));
                    }
                }
                Some(message) => {
                    if code != 1 || !printed.contains(message.as_str()) {
                        failures.push(format!(
                            "{place}: this example of a mistake should fail `tiendo check` \
                             with `{message}`; it exits {code} and prints:\n{printed}"
                        ));
                    }
                    mistake = Some((site, printed));
                }
            }
        }
    }
    assert!(examples >= 20, "only {examples} examples found in the docs");
    assert!(
        failures.is_empty(),
        "{} doc example(s) no longer work:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The bundled site's ids by kind, with the addresses its aliases keep.
struct Ids {
    by_kind: BTreeMap<&'static str, BTreeSet<String>>,
    aliases: BTreeSet<String>,
    media: BTreeSet<String>,
}

fn bundled_ids() -> Ids {
    let loaded = tiendo::pipeline::load(&root());
    let site = loaded.site.expect("the bundled site loads");
    let mut by_kind: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    let mut aliases = BTreeSet::new();
    let mut add = |kind: &'static str, id: &str, al: &[String]| {
        by_kind.entry(kind).or_default().insert(id.to_string());
        for a in al {
            aliases.insert(a.trim_matches('/').to_string());
        }
    };
    for x in &site.tasks {
        add("task", &x.id, &x.aliases);
    }
    for x in &site.agencies {
        add("agency", &x.id, &x.aliases);
    }
    for x in &site.localities {
        add("locality", &x.id, &x.aliases);
    }
    for x in &site.goals {
        add("goal", &x.id, &x.aliases);
    }
    for x in &site.entries {
        add("entry", &x.id, &x.aliases);
    }
    for x in &site.practices {
        add("practice", &x.id, &x.aliases);
    }
    Ids {
        by_kind,
        aliases,
        media: site.media.clone(),
    }
}

/// The kind of id a flag of a `tiendo` command names.
fn flag_kind(flag: &str) -> Option<&'static str> {
    Some(match flag {
        "--task" => "task",
        "--locality" => "locality",
        "--reporter" | "--agency" => "agency",
        _ => return None,
    })
}

/// A placeholder in a synopsis: `ID`, `SITE`, `THƯ_MỤC`, `TỆP.xlsx`.
fn placeholder(word: &str) -> bool {
    let stem = word.split('.').next().unwrap_or(word);
    !stem.is_empty()
        && stem
            .chars()
            .all(|c| c.is_uppercase() || c == '_' || c.is_ascii_digit())
}

/// The `tiendo` command lines of the docs: in shell blocks and inline code.
fn command_lines() -> Vec<(String, String)> {
    let mut lines = Vec::new();
    for doc in doc_files() {
        for b in blocks(&doc) {
            if !matches!(b.lang.as_str(), "sh" | "bat" | "cmd" | "powershell" | "") {
                continue;
            }
            for (k, line) in b.text.lines().enumerate() {
                let line = line.trim_start().trim_start_matches("$ ");
                if line.starts_with("tiendo ") || line == "tiendo" {
                    lines.push((format!("{doc}:{}", b.line + 1 + k), line.to_string()));
                }
            }
        }
        for (n, line) in prose(&doc) {
            for span in code_spans(&line) {
                if span.starts_with("tiendo ") {
                    lines.push((format!("{doc}:{n}"), span));
                }
            }
        }
    }
    lines
}

/// A value for a synopsis's placeholder (`--port N`, `--status S`), by flag.
fn example_value(flag: &str) -> Option<&'static str> {
    Some(match flag {
        "--as-of" | "--date" => "2026-06-30",
        "--period" => "2026-06",
        "--port" | "-p" => "1314",
        "--status" => "in_progress",
        "--kind" => "practice",
        "--language" => "vi",
        "--format" => "table",
        "completions" => "bash",
        _ => return None,
    })
}

/// A doc's command as arguments: the comment, redirections and `&& …` left
/// out; a synopsis's `[…]` opened, `a|b` taken as `a`, and placeholders of
/// values that are checked as the command line is read given an example
/// value (`--as-of D`, `--port N`).
fn command_args(line: &str) -> Vec<String> {
    let line = match line.find(" #") {
        Some(i) => &line[..i],
        None => line,
    };
    let line = line.split(" && ").next().unwrap();
    let mut args: Vec<String> = Vec::new();
    for w in shell_words(&line.replace(['[', ']'], " "))
        .into_iter()
        .skip(1)
    {
        if w.starts_with('>') || w == "|" {
            break;
        }
        let w = if !w.starts_with('-') && w.contains('|') {
            w.split('|').next().unwrap().to_string()
        } else {
            w
        };
        let w = match args.last().and_then(|f| example_value(f)) {
            Some(v) if placeholder(&w) => v.to_string(),
            _ => w,
        };
        args.push(w);
    }
    args
}

#[test]
fn every_tiendo_command_in_the_docs_parses_and_names_real_ids() {
    let ids = bundled_ids();
    let mut failures = Vec::new();
    let lines = command_lines();
    assert!(lines.len() >= 30, "only {} commands found", lines.len());
    for (place, line) in &lines {
        let args = command_args(line);
        // The ids a command names are the bundled site's.
        for pair in args.windows(2) {
            if let Some(kind) = flag_kind(&pair[0]) {
                if !placeholder(&pair[1]) && !ids.by_kind[kind].contains(&pair[1]) {
                    failures.push(format!(
                        "{place}: `{line}`: the bundled site has no {kind} `{}`",
                        pair[1]
                    ));
                }
            }
        }
        if args.first().map(String::as_str) == Some("mv") && args.len() >= 3 {
            let kind = match args[1].as_str() {
                "entry" => "entry",
                k => ["task", "agency", "locality", "goal", "practice"]
                    .into_iter()
                    .find(|x| *x == k)
                    .unwrap_or("task"),
            };
            if !placeholder(&args[2]) && !ids.by_kind[kind].contains(&args[2]) {
                failures.push(format!(
                    "{place}: `{line}`: the bundled site has no {kind} `{}` to rename",
                    args[2]
                ));
            }
        }
        // It parses: clap reads every argument before it answers `--help`.
        let o = tiendo()
            .args(&args)
            .arg("--help")
            .current_dir(root())
            .output()
            .unwrap();
        if !o.status.success() {
            failures.push(format!(
                "{place}: `{line}` does not parse (as `tiendo {}`):\n{}",
                args.join(" "),
                String::from_utf8_lossy(&o.stderr)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} command(s) in the docs no longer work:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Media files the docs name only to show what `tiendo check` refuses.
const REFUSED_IN_MESSAGES: &[&str] = &["media/x.html", "media/x.svg"];

/// Page addresses the docs write only as examples of addresses that are gone
/// (`removed:`) or of an error message.
const GONE_IN_EXAMPLES: &[&str] = &["dien-hinh/ten-cu", "dien-hinh/old-id", "nhiem-vu/x"];

#[test]
fn ids_media_files_and_addresses_named_in_the_docs_exist_in_the_bundled_site() {
    let ids = bundled_ids();
    let sections: &[(&str, &str)] = &[
        ("nhiem-vu", "task"),
        ("co-quan", "agency"),
        ("dia-phuong", "locality"),
        ("muc-tieu", "goal"),
        ("tien-do", "entry"),
        ("dien-hinh", "practice"),
    ];
    // Segments of generated pages under those sections.
    let generated = ["trang-thai", "sap-xep", "trang", "atom.xml", "in"];
    let id_fields: &[(&str, &str)] = &[
        ("lead", "agency"),
        ("reporter", "agency"),
        ("agency", "agency"),
        ("task", "task"),
        ("locality", "locality"),
    ];
    let mut failures = Vec::new();
    for doc in doc_files() {
        let text = fs::read_to_string(root().join(&doc)).unwrap();
        for (n, line) in text.lines().enumerate() {
            let place = format!("{doc}:{}", n + 1);
            // Media files: `media/…` with an extension.
            for (at, _) in line.match_indices("media/") {
                let before = line[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '-') {
                    continue;
                }
                let path: String = line[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || "/._-".contains(*c))
                    .collect();
                let path = path.trim_end_matches(['.', '/']);
                let file = path.rsplit('/').next().unwrap_or("");
                if !file.contains('.') || REFUSED_IN_MESSAGES.contains(&path) {
                    continue;
                }
                if !ids.media.contains(path) {
                    failures.push(format!(
                        "{place}: the bundled site has no media file `{path}`"
                    ));
                }
            }
            // Page addresses: `/nhiem-vu/ID/` and the like.
            for (section, kind) in sections {
                let pat = format!("/{section}/");
                for (at, _) in line.match_indices(&pat) {
                    let id: String = line[at + pat.len()..]
                        .chars()
                        .take_while(|c| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '.'
                        })
                        .collect();
                    let rest = &line[at + pat.len() + id.len()..];
                    if id.is_empty() || generated.contains(&id.as_str()) || !rest.starts_with('/') {
                        continue;
                    }
                    let addr = format!("{section}/{id}");
                    if ids.by_kind[kind].contains(&id)
                        || ids.aliases.contains(&addr)
                        || GONE_IN_EXAMPLES.contains(&addr.as_str())
                    {
                        continue;
                    }
                    failures.push(format!(
                        "{place}: the bundled site has no page `/{addr}/` (no {kind} `{id}`)"
                    ));
                }
            }
            // `lead: ID`, `task: ID`… in inline code.
            for span in code_spans(line) {
                if let Some((key, value)) = span.split_once(": ") {
                    if let Some((_, kind)) = id_fields.iter().find(|(f, _)| *f == key) {
                        let value = value.trim();
                        if !placeholder(value) && !ids.by_kind[kind].contains(value) {
                            failures.push(format!(
                                "{place}: `{span}`: the bundled site has no {kind} `{value}`"
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} name(s) in the docs are not in the bundled site:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}
