//! Editing a progress entry's front matter in place, as `tiendo mv` edits ids
//! ([`crate::rename::set_scalar`]): only the values that changed are rewritten,
//! on their own lines; comments, unknown keys, quoting and the order of the
//! other lines stay as the editor wrote them. A key the file lacks is added
//! after the key `tiendo new` writes before it. The result is read back and
//! must hold exactly the old values with the changes made; anything else (a
//! value written over several lines, a comment inside a list to replace) is
//! refused, and the file is left for the editor to change by hand.

use crate::content::spans::{Pos, SpanIndex};
use crate::diagnostics::Seg;
use crate::rename::set_scalar;

/// The keys of a practice in the order `tiendo new` writes them.
pub const PRACTICE_ORDER: &[&str] = &[
    "title",
    "date",
    "kind",
    "agency",
    "locality",
    "tasks",
    "summary",
    "image",
    "image_alt",
    "illustrative",
];

/// The keys of a progress entry in the order `tiendo new` writes them.
pub const ORDER: &[&str] = &[
    "title",
    "date",
    "task",
    "reporter",
    "locality",
    "status",
    "percent",
    "evidence",
    "attachments",
    "illustrative",
];

/// What to change in one entry file.
#[derive(Debug, Default)]
pub struct Changes {
    /// Top-level scalars: a key and its new YAML text, or `None` to remove it.
    pub scalars: Vec<(&'static str, Option<String>)>,
    /// The new `evidence:` items (YAML flow mappings), when they changed;
    /// empty removes the key.
    pub evidence: Option<Vec<String>>,
    /// A media path to add to `attachments:`.
    pub attach: Option<String>,
    /// The new text after the front matter.
    pub body: Option<String>,
}

/// Why a file cannot be edited in place (said to the editor as it is).
#[derive(Debug, PartialEq, Eq)]
pub struct Refused(pub crate::messages::Msg);

enum Op {
    /// Insert these lines after 0-based line `at`.
    Insert(usize, Vec<String>),
    /// Replace 0-based lines `from..=to` by these.
    Splice(usize, usize, Vec<String>),
}

impl Op {
    fn line(&self) -> usize {
        match self {
            Op::Insert(at, _) => *at,
            Op::Splice(_, to, _) => *to,
        }
    }
}

/// `text` (a Markdown content file whose keys `tiendo new` writes in the
/// order `order`: [`ORDER`], [`PRACTICE_ORDER`]) with `changes` made.
pub fn edit(text: &str, order: &[&str], changes: &Changes) -> Result<String, Refused> {
    use crate::messages::Msg;
    let refuse = Refused;
    let path = std::path::Path::new("entry.md");
    let index = SpanIndex::of_file(path, text)
        .ok_or_else(|| refuse(Msg::new("inplace-front-matter-unreadable")))?;
    let original = front_matter_value(text)
        .ok_or_else(|| refuse(Msg::new("inplace-front-matter-unreadable")))?;
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    // 0-based index of the closing `---`.
    let close = lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| l.trim_end() == "---")
        .map(|(i, _)| i)
        .ok_or_else(|| refuse(Msg::new("front-matter-not-closed")))?;
    let top = |key: &str| -> Option<(Pos, Pos)> {
        index
            .values()
            .find(|(p, _, _)| matches!(p, [Seg::Key(k)] if k == key))
            .and_then(|(_, k, v)| Some((k?, v)))
    };
    // The last 1-based line a top-level key's value reaches.
    let last_line = |key: &str| -> Option<usize> {
        index
            .values()
            .filter(|(p, _, _)| matches!(p.first(), Some(Seg::Key(k)) if k == key))
            .map(|(_, k, v)| v.0.max(k.map_or(0, |k| k.0)))
            .max()
    };
    // Where a missing key goes: after the last key before it in ORDER that
    // the file has, else at the top of the front matter (0-based line).
    let anchor = |key: &str| -> usize {
        let at = order.iter().position(|k| *k == key).unwrap_or(order.len());
        order[..at]
            .iter()
            .rev()
            .find_map(|k| last_line(k))
            .unwrap_or(1)
            - 1
    };
    // Each change with its key's place in ORDER.
    let rank = |key: &str| order.iter().position(|k| *k == key).unwrap_or(order.len());
    let mut ops: Vec<(usize, Op)> = Vec::new();
    let mut expected = original.clone();
    for (key, new) in &changes.scalars {
        match (top(key), new) {
            (Some((k, v)), Some(value)) => {
                if v.0 != k.0 {
                    return Err(Refused(
                        crate::messages::Msg::new("inplace-several-lines").arg("key", *key),
                    ));
                }
                set_scalar(&mut lines, v, value)
                    .map(|_| ())
                    .or_else(|| set_flow_list(&mut lines, v, value))
                    .ok_or_else(|| {
                        Refused(crate::messages::Msg::new("inplace-not-plain").arg("key", *key))
                    })?;
            }
            (Some((k, v)), None) => {
                if last_line(key) != Some(k.0) || v.0 != k.0 {
                    return Err(Refused(
                        crate::messages::Msg::new("inplace-several-lines").arg("key", *key),
                    ));
                }
                ops.push((rank(key), Op::Splice(k.0 - 1, k.0 - 1, Vec::new())));
            }
            (None, Some(value)) => {
                ops.push((
                    rank(key),
                    Op::Insert(anchor(key), vec![format!("{key}: {value}")]),
                ));
            }
            (None, None) => {}
        }
        set_expected(&mut expected, key, new.as_deref())?;
    }
    if let Some(items) = &changes.evidence {
        let new_lines: Vec<String> = if items.is_empty() {
            Vec::new()
        } else {
            std::iter::once("evidence:".to_string())
                .chain(items.iter().map(|i| format!("  - {i}")))
                .collect()
        };
        match top("evidence") {
            Some((k, _)) => {
                let last = last_line("evidence").unwrap_or(k.0);
                // A comment inside the list would be lost with it.
                if lines[k.0..last].iter().any(|l| l.contains('#')) {
                    return Err(refuse(Msg::new("inplace-evidence-comments")));
                }
                ops.push((rank("evidence"), Op::Splice(k.0 - 1, last - 1, new_lines)));
            }
            None if !new_lines.is_empty() => {
                ops.push((rank("evidence"), Op::Insert(anchor("evidence"), new_lines)))
            }
            None => {}
        }
        let list = if items.is_empty() {
            None
        } else {
            Some(format!("[{}]", items.join(", ")))
        };
        set_expected(&mut expected, "evidence", list.as_deref())?;
    }
    if let Some(media) = &changes.attach {
        match top("attachments") {
            Some((k, v)) => {
                let line = &mut lines[v.0 - 1];
                let block_item = index
                    .values()
                    .filter(
                        |(p, _, _)| matches!(p, [Seg::Key(a), Seg::Index(_)] if a == "attachments"),
                    )
                    .map(|(_, _, pos)| pos)
                    .max();
                if v.0 == k.0 && line.trim_end().ends_with(']') {
                    let close_at = line.rfind(']').unwrap_or(line.len());
                    let empty = line[..close_at].trim_end().ends_with('[');
                    line.insert_str(
                        close_at,
                        &if empty {
                            media.clone()
                        } else {
                            format!(", {media}")
                        },
                    );
                } else if let Some(item) = block_item.filter(|i| i.0 > k.0) {
                    let indent = " ".repeat(item.1.saturating_sub(3));
                    ops.push((
                        rank("attachments"),
                        Op::Insert(item.0 - 1, vec![format!("{indent}- {media}")]),
                    ));
                } else {
                    return Err(refuse(Msg::new("inplace-attachments-not-list")));
                }
            }
            None => ops.push((
                rank("attachments"),
                Op::Insert(
                    anchor("attachments"),
                    vec![format!("attachments: [{media}]")],
                ),
            )),
        }
        let mut list: Vec<serde_yaml::Value> = expected
            .get("attachments")
            .and_then(|v| v.as_sequence().cloned())
            .unwrap_or_default();
        list.push(serde_yaml::Value::String(media.clone()));
        expected.insert("attachments".into(), serde_yaml::Value::Sequence(list));
    }
    // Bottom up, so that earlier lines keep their numbers; at one line an
    // insertion after it goes before the splice that ends there, and of two
    // insertions after one line the later key (in ORDER) goes in first, so
    // that the earlier one lands above it.
    ops.sort_by_key(|(i, op)| std::cmp::Reverse((op.line(), matches!(op, Op::Insert(..)), *i)));
    let mut body_start = close + 1;
    for (_, op) in ops {
        match op {
            Op::Insert(at, new) => {
                body_start += new.len();
                lines.splice(at + 1..at + 1, new);
            }
            Op::Splice(from, to, new) => {
                body_start = body_start + new.len() - (to + 1 - from);
                lines.splice(from..=to, new);
            }
        }
    }
    if let Some(body) = &changes.body {
        lines.truncate(body_start);
        let body = body.trim_end();
        lines.push(if body.is_empty() {
            String::new()
        } else {
            format!("{body}\n")
        });
    }
    let out = lines.join("\n");
    // Read back: the old values, with exactly the changes made.
    match front_matter_value(&out) {
        Some(v) if v == expected => Ok(out),
        _ => Err(refuse(Msg::new("inplace-other-lines"))),
    }
}

/// Replace a list written on one line (`[a, b]`) at `pos` by `new`, keeping
/// what follows it (a comment).
fn set_flow_list(lines: &mut [String], pos: Pos, new: &str) -> Option<()> {
    let line = lines.get_mut(pos.0.checked_sub(1)?)?;
    let start = line.char_indices().nth(pos.1.checked_sub(1)?)?.0;
    if !line[start..].starts_with('[') {
        return None;
    }
    let len = line[start..].find(']')? + 1;
    line.replace_range(start..start + len, new);
    Some(())
}

fn front_matter_value(text: &str) -> Option<serde_yaml::Mapping> {
    let fm = crate::content::split_front_matter(text).ok()?;
    match serde_yaml::from_str::<serde_yaml::Value>(fm.yaml).ok()? {
        serde_yaml::Value::Mapping(m) => Some(m),
        _ => None,
    }
}

fn set_expected(m: &mut serde_yaml::Mapping, key: &str, yaml: Option<&str>) -> Result<(), Refused> {
    match yaml {
        None => {
            m.remove(key);
        }
        Some(y) => {
            let v: serde_yaml::Value = serde_yaml::from_str(y).map_err(|e| {
                Refused(
                    crate::messages::Msg::new("inplace-not-readable")
                        .arg("line", format!("{key}: {y}"))
                        .arg("why", e.to_string()),
                )
            })?;
            m.insert(key.into(), v);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "---\n# Báo cáo của xã (ghi chú của biên tập viên)\ntitle: \"Xã Ân Thi: rà soát\"   # tiêu đề\ndate: 2026-07-01\ntask: xa-phuong-ra-soat\nreporter: dang-uy-xa-phuong\nlocality: xa-an-thi\nstatus: in_progress\nnguoi_nhap: \"chị Lan\"\nevidence:\n  - {ref: \"7-BC/ĐU\", date: 2026-07-01}\n---\nNội dung cũ.\n";

    #[test]
    fn changes_only_the_values_and_keeps_comments_and_unknown_keys() {
        let out = edit(
            FILE,
            ORDER,
            &Changes {
                scalars: vec![
                    ("status", Some("done".into())),
                    ("percent", Some("100".into())),
                    ("title", Some("\"Tiêu đề mới\"".into())),
                ],
                evidence: None,
                attach: Some("media/2026/bao-cao.pdf".into()),
                body: Some("Nội dung mới.".into()),
            },
        )
        .unwrap();
        assert_eq!(
            out,
            "---\n# Báo cáo của xã (ghi chú của biên tập viên)\ntitle: \"Tiêu đề mới\"   # tiêu đề\ndate: 2026-07-01\ntask: xa-phuong-ra-soat\nreporter: dang-uy-xa-phuong\nlocality: xa-an-thi\nstatus: done\npercent: 100\nnguoi_nhap: \"chị Lan\"\nevidence:\n  - {ref: \"7-BC/ĐU\", date: 2026-07-01}\nattachments: [media/2026/bao-cao.pdf]\n---\nNội dung mới.\n"
        );
    }

    #[test]
    fn replaces_evidence_and_removes_keys() {
        let out = edit(
            FILE,
            ORDER,
            &Changes {
                scalars: vec![("locality", None)],
                evidence: Some(vec!["{ref: \"9-BC/ĐU\"}".into()]),
                ..Changes::default()
            },
        )
        .unwrap();
        assert!(out.contains("status: in_progress\nnguoi_nhap: \"chị Lan\"\nevidence:\n  - {ref: \"9-BC/ĐU\"}\n---\nNội dung cũ.\n"), "{out}");
        assert!(!out.contains("locality"), "{out}");
    }

    #[test]
    fn new_keys_go_in_the_order_tiendo_new_writes() {
        let plain =
            "---\ntitle: \"x\"\ndate: 2026-07-01\ntask: t\nreporter: r\nstatus: planned\n---\n";
        let out = edit(
            plain,
            ORDER,
            &Changes {
                scalars: vec![
                    ("percent", Some("10".into())),
                    ("illustrative", Some("true".into())),
                ],
                evidence: Some(vec!["{ref: \"1-BC\"}".into()]),
                attach: Some("media/2026/a.pdf".into()),
                body: None,
            },
        )
        .unwrap();
        assert_eq!(out, "---\ntitle: \"x\"\ndate: 2026-07-01\ntask: t\nreporter: r\nstatus: planned\npercent: 10\nevidence:\n  - {ref: \"1-BC\"}\nattachments: [media/2026/a.pdf]\nillustrative: true\n---\n");
    }

    #[test]
    fn refuses_what_it_cannot_change_alone() {
        let multi = FILE.replace(
            "title: \"Xã Ân Thi: rà soát\"   # tiêu đề",
            "title: >\n  Xã Ân Thi: rà soát",
        );
        assert!(edit(
            &multi,
            ORDER,
            &Changes {
                scalars: vec![("title", Some("\"x\"".into()))],
                ..Changes::default()
            }
        )
        .is_err());
        let commented = FILE.replace(
            "  - {ref: \"7-BC/ĐU\", date: 2026-07-01}",
            "  # căn cứ chính\n  - {ref: \"7-BC/ĐU\", date: 2026-07-01}",
        );
        assert!(edit(
            &commented,
            ORDER,
            &Changes {
                evidence: Some(vec![]),
                ..Changes::default()
            }
        )
        .is_err());
    }
}
