//! A task, commune/ward or agency as typed in a cell: its id, its name (with or
//! without tone marks, any case), or for a commune/ward its name without
//! `Xã`/`Phường` or its official code; else the closest one, to suggest.

use crate::model::Site;
use crate::render::format::without_kind;

/// One kind of record a cell may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Task,
    Locality,
    Agency,
}

impl Kind {
    /// How an editor calls it, in a message.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Task => "task",
            Kind::Locality => "commune or ward",
            Kind::Agency => "agency",
        }
    }

    /// The template's sheet listing them.
    pub fn list_sheet(self) -> &'static str {
        match self {
            Kind::Task => "nhiem_vu",
            Kind::Locality => "xa_phuong",
            Kind::Agency => "co_quan",
        }
    }
}

/// What a cell names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Id(String),
    /// Several records have this name: their ids.
    Ambiguous(Vec<String>),
    /// None: the closest (id, name), if any is close.
    Unknown(Option<(String, String)>),
}

/// Text compared: lowercase ASCII words joined by `-` (`Xã Ân Thi` → `xa-an-thi`).
fn key(s: &str) -> String {
    slug::slugify(s.trim())
}

/// The (id, names) of every record of a kind.
fn records(site: &Site, kind: Kind) -> Vec<(&str, Vec<String>)> {
    match kind {
        Kind::Task => site
            .tasks
            .iter()
            .map(|t| (t.id.as_str(), vec![t.title.clone()]))
            .collect(),
        Kind::Agency => site
            .agencies
            .iter()
            .map(|a| {
                let mut names = vec![a.name.clone()];
                names.extend(a.short.clone());
                (a.id.as_str(), names)
            })
            .collect(),
        Kind::Locality => site
            .localities
            .iter()
            .map(|l| {
                let mut names = vec![l.name.clone(), without_kind(&l.name).to_string()];
                names.extend(l.code.clone());
                names.extend(l.aliases.iter().cloned());
                (l.id.as_str(), names)
            })
            .collect(),
    }
}

/// What `text` names among the records of `kind`.
pub fn resolve(site: &Site, kind: Kind, text: &str) -> Found {
    let all = records(site, kind);
    if all.iter().any(|(id, _)| *id == text) {
        return Found::Id(text.to_string());
    }
    let wanted = key(text);
    if wanted.is_empty() {
        return Found::Unknown(None);
    }
    if let Some((id, _)) = all.iter().find(|(id, _)| key(id) == wanted) {
        return Found::Id(id.to_string());
    }
    let mut hits: Vec<String> = all
        .iter()
        .filter(|(_, names)| names.iter().any(|n| key(n) == wanted))
        .map(|(id, _)| id.to_string())
        .collect();
    hits.dedup();
    match hits.len() {
        0 => {}
        1 => return Found::Id(hits.remove(0)),
        _ => return Found::Ambiguous(hits),
    }
    // The closest id or name, compared without tone marks.
    let mut candidates: Vec<(String, &str)> = Vec::new();
    for (id, names) in &all {
        candidates.push((key(id), id));
        for n in names {
            candidates.push((key(n), id));
        }
    }
    let best =
        crate::diagnostics::did_you_mean(&wanted, candidates.iter().map(|(k, _)| k.as_str()))
            .and_then(|k| candidates.iter().find(|(c, _)| c == k))
            .map(|(_, id)| *id);
    Found::Unknown(best.map(|id| {
        let name = all
            .iter()
            .find(|(i, _)| *i == id)
            .and_then(|(_, n)| n.first().cloned())
            .unwrap_or_default();
        (id.to_string(), name)
    }))
}
