//! What templates see: small, serialisable views of the model, computed once per
//! build and shared by every page that shows them.

use std::collections::HashMap;

use serde::Serialize;

use super::format;
use super::urls::Urls;
use crate::model::{
    AgencyKind, Date, Entry, EntryStatus, Language, LocalityKind, PracticeKind, Site, Status,
    TaskProgress,
};

pub type Strings = HashMap<String, String>;

pub fn t<'a>(s: &'a Strings, key: &'a str) -> &'a str {
    s.get(key).map(|v| v.as_str()).unwrap_or(key)
}

/// URL slug of a status (Vietnamese, without diacritics).
pub fn status_slug(s: Status) -> &'static str {
    match s {
        Status::Done => "hoan-thanh",
        Status::Blocked => "vuong-mac",
        Status::Overdue => "qua-han",
        Status::InProgress => "dang-thuc-hien",
        Status::NotStarted => "chua-bat-dau",
        Status::Ongoing => "thuong-xuyen",
        Status::Waiting => "cho-dieu-kien",
    }
}

/// A symbol shown with every status so it is never told by colour alone.
pub fn status_icon(s: Status) -> &'static str {
    match s {
        Status::Done => "✓",
        Status::Blocked => "‖",
        Status::Overdue => "!",
        Status::InProgress => "→",
        Status::NotStarted => "○",
        Status::Ongoing => "↻",
        Status::Waiting => "…",
    }
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub id: String,
    pub name: String,
    pub url: String,
}

impl Link {
    /// The names of `links`, in order.
    pub fn names(links: &[Link]) -> impl Iterator<Item = &str> {
        links.iter().map(|l| l.name.as_str())
    }
}

#[derive(Serialize, Clone)]
pub struct StatusView {
    pub code: &'static str,
    pub label: String,
    pub icon: &'static str,
    pub late: bool,
    pub stale: bool,
    pub days_since_report: Option<i64>,
    pub last_report: Option<String>,
    pub percent: Option<i64>,
    pub done_on: Option<String>,
    pub localities_total: Option<usize>,
    pub localities_done: Option<usize>,
    pub localities_reported: Option<usize>,
    pub localities_overdue: Option<usize>,
    /// A commune's/ward's share of a task it has not reported on: shown beside
    /// the status ("Quá hạn · chưa báo cáo").
    pub not_reported: bool,
}

impl StatusView {
    /// One commune's/ward's status on a per-locality task.
    pub fn unit(p: &TaskProgress, s: &Strings, lang: Language) -> StatusView {
        StatusView {
            not_reported: p.entries == 0,
            ..StatusView::new(p, s, lang)
        }
    }

    pub fn new(p: &TaskProgress, s: &Strings, lang: Language) -> StatusView {
        StatusView {
            code: p.status.code(),
            label: t(s, &format!("status_{}", p.status.code())).to_string(),
            icon: status_icon(p.status),
            late: p.late,
            stale: p.stale,
            days_since_report: p.days_since_report,
            last_report: p.last_report.map(|d| format::date_short(d, lang)),
            percent: p.percent,
            done_on: p.done_on.map(|d| format::date_short(d, lang)),
            localities_total: p.localities.as_ref().map(|l| l.total),
            localities_done: p.localities.as_ref().map(|l| l.done),
            localities_reported: p.localities.as_ref().map(|l| l.reported),
            localities_overdue: p.localities.as_ref().map(|l| l.overdue),
            not_reported: false,
        }
    }
}

#[derive(Serialize, Clone)]
pub struct TaskView {
    pub id: String,
    pub url: String,
    pub title: String,
    /// Every section that assigns it, as one text (`III.1, III.3.2`).
    pub section: Option<String>,
    pub sections: Vec<String>,
    pub lead: Link,
    pub support: Vec<Link>,
    pub directed_by: Vec<Link>,
    pub goals: Vec<Link>,
    pub due: String,
    pub due_code: String,
    pub due_text: Option<String>,
    pub due_end: Option<String>,
    pub per_locality: bool,
    pub status: StatusView,
    /// Its status rests on at least one illustrative entry (dated on or before `as_of`).
    pub illustrative: bool,
}

#[derive(Serialize, Clone)]
pub struct EntryStatusView {
    pub code: &'static str,
    pub label: String,
}

pub fn entry_status(st: EntryStatus, s: &Strings) -> EntryStatusView {
    let code = match st {
        EntryStatus::Planned => "planned",
        EntryStatus::InProgress => "in_progress",
        EntryStatus::Done => "done",
        EntryStatus::Blocked => "blocked",
    };
    EntryStatusView {
        code,
        label: t(s, &format!("entry_{code}")).to_string(),
    }
}

/// An entry in a list (no body).
#[derive(Serialize, Clone)]
pub struct EntryRow {
    pub id: String,
    pub url: String,
    pub title: String,
    pub date: String,
    pub date_iso: String,
    pub status: EntryStatusView,
    pub percent: Option<i64>,
    pub reporter: Option<Link>,
    pub locality: Option<Link>,
    pub tasks: Vec<Link>,
    pub illustrative: bool,
}

#[derive(Serialize, Clone)]
pub struct PracticeRow {
    pub id: String,
    pub url: String,
    pub title: String,
    pub date: String,
    pub kind: &'static str,
    pub kind_label: String,
    pub summary: Option<String>,
    pub agency: Option<Link>,
    pub locality: Option<Link>,
    pub illustrative: bool,
}

pub fn practice_kind_code(k: PracticeKind) -> &'static str {
    match k {
        PracticeKind::Practice => "practice",
        PracticeKind::Collective => "collective",
        PracticeKind::Individual => "individual",
    }
}

pub fn locality_kind_code(k: LocalityKind) -> &'static str {
    match k {
        LocalityKind::Xa => "xa",
        LocalityKind::Phuong => "phuong",
        LocalityKind::DacKhu => "dac_khu",
    }
}

pub fn agency_kind_code(k: AgencyKind) -> &'static str {
    match k {
        AgencyKind::Party => "party",
        AgencyKind::Government => "government",
        AgencyKind::Front => "front",
        AgencyKind::Media => "media",
        AgencyKind::School => "school",
        AgencyKind::Commune => "commune",
    }
}

/// Whether task `i`'s status as of `as_of` rests on an illustrative entry.
pub fn task_illustrative(site: &Site, i: usize, as_of: Date) -> bool {
    site.index.entries_of_task[i]
        .iter()
        .map(|&e| &site.entries[e])
        .any(|e| e.illustrative && e.date <= as_of)
}

/// Views computed once for the whole build.
pub struct Views {
    pub lang: Language,
    pub agencies: Vec<Link>,
    pub localities: Vec<Link>,
    pub goals: Vec<Link>,
    pub tasks: Vec<TaskView>,
    pub task_links: Vec<Link>,
}

impl Views {
    pub fn new(
        site: &Site,
        progress: &[TaskProgress],
        as_of: Date,
        urls: &Urls,
        s: &Strings,
    ) -> Views {
        let lang = site.config.language;
        let agencies: Vec<Link> = site
            .agencies
            .iter()
            .map(|a| Link {
                id: a.id.clone(),
                name: a.name.clone(),
                url: urls.agency(&a.id),
            })
            .collect();
        let localities: Vec<Link> = site
            .localities
            .iter()
            .map(|l| Link {
                id: l.id.clone(),
                name: l.name.clone(),
                url: urls.locality(&l.id),
            })
            .collect();
        let goals: Vec<Link> = site
            .goals
            .iter()
            .map(|g| Link {
                id: g.id.clone(),
                name: g.title.clone(),
                url: urls.goal(&g.id),
            })
            .collect();
        let agency_link = |id: &str| -> Link {
            site.index
                .agency
                .get(id)
                .map(|&i| agencies[i].clone())
                .unwrap_or_else(|| Link {
                    id: id.into(),
                    name: id.into(),
                    url: String::new(),
                })
        };
        let tasks: Vec<TaskView> = site
            .tasks
            .iter()
            .zip(progress)
            .enumerate()
            .map(|(i, (task, p))| TaskView {
                id: task.id.clone(),
                url: urls.task(&task.id),
                title: task.title.clone(),
                section: task.sections_text(),
                sections: task.all_sections().iter().map(|s| s.to_string()).collect(),
                lead: agency_link(&task.lead),
                support: task.support.iter().map(|a| agency_link(a)).collect(),
                directed_by: task.directed_by.iter().map(|a| agency_link(a)).collect(),
                goals: task
                    .goals
                    .iter()
                    .filter_map(|g| site.index.goal.get(g).map(|&i| goals[i].clone()))
                    .collect(),
                due: task
                    .due
                    .as_ref()
                    .map(|d| format::deadline(d, lang))
                    .unwrap_or_else(|| t(s, "no_deadline").to_string()),
                due_code: task.due.as_ref().map(|d| d.code()).unwrap_or_default(),
                due_text: task.due_text.clone(),
                due_end: task.due.as_ref().and_then(|d| d.end()).map(|d| d.iso()),
                per_locality: task.per_locality,
                status: StatusView::new(p, s, lang),
                illustrative: task_illustrative(site, i, as_of),
            })
            .collect();
        let task_links = tasks
            .iter()
            .map(|t| Link {
                id: t.id.clone(),
                name: t.title.clone(),
                url: t.url.clone(),
            })
            .collect();
        Views {
            lang,
            agencies,
            localities,
            goals,
            tasks,
            task_links,
        }
    }

    pub fn entry_row(&self, site: &Site, e: &Entry, urls: &Urls, s: &Strings) -> EntryRow {
        EntryRow {
            id: e.id.clone(),
            url: urls.entry(&e.id),
            title: e.title.clone(),
            date: format::date_short(e.date, self.lang),
            date_iso: e.date.iso(),
            status: entry_status(e.status, s),
            percent: e.percent,
            reporter: site
                .index
                .agency
                .get(&e.reporter)
                .map(|&i| self.agencies[i].clone()),
            locality: e
                .locality
                .as_ref()
                .and_then(|l| site.index.locality.get(l))
                .map(|&i| self.localities[i].clone()),
            tasks: e
                .task_ids()
                .filter_map(|t| site.index.task.get(t).map(|&i| self.task_links[i].clone()))
                .collect(),
            illustrative: e.illustrative,
        }
    }

    pub fn practice_row(&self, site: &Site, i: usize, urls: &Urls, s: &Strings) -> PracticeRow {
        let p = &site.practices[i];
        let kind = practice_kind_code(p.kind);
        PracticeRow {
            id: p.id.clone(),
            url: urls.practice(&p.id),
            title: p.title.clone(),
            date: format::date_short(p.date, self.lang),
            kind,
            kind_label: t(s, &format!("kind_{kind}")).to_string(),
            summary: p.summary.clone(),
            agency: site
                .index
                .agency
                .get(&p.agency)
                .map(|&i| self.agencies[i].clone()),
            locality: p
                .locality
                .as_ref()
                .and_then(|l| site.index.locality.get(l))
                .map(|&i| self.localities[i].clone()),
            illustrative: p.illustrative,
        }
    }
}

/// Entries visible as of `as_of`, newest first (the index's order, reversed;
/// an id given twice, an error, keeps its places in file order).
pub fn visible_entries_desc(site: &Site, as_of: Date) -> Vec<usize> {
    let by_date = &site.index.by_date;
    let mut v: Vec<usize> = Vec::with_capacity(by_date.len());
    let same = |a: usize, b: usize| {
        let (ea, eb) = (&site.entries[a], &site.entries[b]);
        ea.date == eb.date && ea.id == eb.id
    };
    let mut end = by_date.len();
    while end > 0 {
        // A run of entries with one date and id, taken in file order.
        let mut start = end - 1;
        while start > 0 && same(by_date[start - 1], by_date[end - 1]) {
            start -= 1;
        }
        v.extend(
            by_date[start..end]
                .iter()
                .copied()
                .filter(|&i| site.entries[i].date <= as_of),
        );
        end = start;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::select::testing::minimal;

    #[test]
    fn visible_entries_are_newest_first_then_by_id_and_an_id_given_twice_in_file_order() {
        let (mut site, _) = minimal("2026-07-15");
        let model = site.entries[0].clone();
        for (id, date) in [
            ("b", "2026-05-01"),
            ("a", "2026-05-01"),
            ("sau", "2026-08-01"),
            ("a", "2026-05-01"),
            ("z", "2026-04-01"),
            ("a", "2026-05-01"),
        ] {
            let mut e = model.clone();
            e.id = id.into();
            e.date = Date::parse(date).unwrap();
            site.entries.push(e);
        }
        site.build_index();
        let as_of = Date::parse("2026-07-15").unwrap();
        // What the list has always been: visible entries, stably sorted newest first.
        let mut expected: Vec<usize> = (0..site.entries.len())
            .filter(|&i| site.entries[i].date <= as_of)
            .collect();
        expected.sort_by(|&a, &b| {
            let (ea, eb) = (&site.entries[a], &site.entries[b]);
            (eb.date, &eb.id).cmp(&(ea.date, &ea.id))
        });
        let got = visible_entries_desc(&site, as_of);
        assert_eq!(got, expected);
        let ids: Vec<&str> = got.iter().map(|&i| site.entries[i].id.as_str()).collect();
        let n = site.entries.len();
        assert!(!ids.contains(&"sau"), "dated after the as-of date: {ids:?}");
        let b = ids.iter().position(|&id| id == "b").unwrap();
        assert_eq!(&ids[b..b + 4], ["b", "a", "a", "a"]);
        // The three "a" in the order of their files.
        assert_eq!(&got[b + 1..b + 4], [n - 5, n - 3, n - 1]);
        assert_eq!(ids.last(), Some(&"z"));
    }
}
