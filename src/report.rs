//! The monitoring view the standing body needs (Ban Tổ chức Tỉnh ủy, section
//! III.11 of the plan): for each lead agency how many of its tasks are overdue,
//! in progress, done or not started; the overdue tasks themselves; and for each
//! task every commune and ward carries out, the communes/wards by their own
//! status (overdue first), each saying whether it has reported. `tiendo report` prints it; the portal's `bao-cao/` page shows it.
//!
//! This is a pure function of the validated site and its statuses, like the model:
//! agencies and localities keep the order of their files (the plan's order and the
//! official list), so the printed report follows the documents it monitors.

use serde::Serialize;

use crate::model::{Date, Progress, Site, Status};

/// Tasks counted by status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub tasks: usize,
    pub overdue: usize,
    pub blocked: usize,
    pub in_progress: usize,
    pub ongoing: usize,
    pub waiting: usize,
    pub not_started: usize,
    pub done: usize,
}

impl Counts {
    fn add(&mut self, status: Status) {
        self.tasks += 1;
        match status {
            Status::Overdue => self.overdue += 1,
            Status::Blocked => self.blocked += 1,
            Status::InProgress => self.in_progress += 1,
            Status::Ongoing => self.ongoing += 1,
            Status::Waiting => self.waiting += 1,
            Status::NotStarted => self.not_started += 1,
            Status::Done => self.done += 1,
        }
    }

    /// The counts in [`COLUMNS`] order.
    pub fn values(&self) -> [usize; 7] {
        [
            self.overdue,
            self.blocked,
            self.in_progress,
            self.ongoing,
            self.waiting,
            self.not_started,
            self.done,
        ]
    }
}

/// The statuses in the order the report lists them: what needs action first
/// (the display order every page uses).
pub const COLUMNS: [Status; 7] = Status::ALL;

/// An id with the name readers know it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// One lead agency's tasks.
#[derive(Debug, Clone, Serialize)]
pub struct AgencyRow {
    pub agency: Named,
    pub standing: bool,
    /// The tasks it leads (chủ trì), by status.
    pub counts: Counts,
    /// How many tasks it coordinates (phối hợp).
    pub support: usize,
    /// How many tasks it directs (lãnh đạo, chỉ đạo).
    pub directed: usize,
}

/// A task that is past its deadline and not done.
#[derive(Debug, Clone, Serialize)]
pub struct OverdueTask {
    pub task: Named,
    pub lead: Named,
    pub support: Vec<Named>,
    pub directed_by: Vec<Named>,
    pub section: Option<String>,
    /// The last day of the deadline.
    pub due_end: Date,
    pub days_late: i64,
    pub last_report: Option<Date>,
    pub percent: Option<i64>,
}

/// A task every commune and ward carries out, with each commune's/ward's status.
#[derive(Debug, Clone, Serialize)]
pub struct LocalityTask {
    pub task: Named,
    pub lead: Named,
    pub status: Status,
    pub due_end: Option<Date>,
    pub total: usize,
    pub reported: usize,
    pub done: usize,
    /// The communes/wards counted by their own status (`tasks` is their number).
    pub counts: Counts,
    /// The communes/wards by status, in [`COLUMNS`] order, those that have not
    /// reported before those that have; done ones are only counted.
    pub groups: Vec<UnitGroup>,
    pub not_reported: Vec<Named>,
}

/// Communes/wards with one status on a task, all reported or all not.
#[derive(Debug, Clone, Serialize)]
pub struct UnitGroup {
    pub status: Status,
    pub not_reported: bool,
    pub localities: Vec<Named>,
}

/// The whole monitoring view as of one date.
#[derive(Debug, Clone, Serialize)]
pub struct Monitoring {
    pub as_of: Date,
    /// The agency the view is limited to (`--agency`), if any.
    pub agency: Option<Named>,
    pub totals: Counts,
    pub agencies: Vec<AgencyRow>,
    pub overdue: Vec<OverdueTask>,
    pub per_locality: Vec<LocalityTask>,
}

impl Monitoring {
    /// Compute the view. `agency` limits it to the tasks that agency leads; an id
    /// that is not an agency of the site gives `Err` with the closest id, if any.
    pub fn new(
        site: &Site,
        progress: &Progress,
        agency: Option<&str>,
    ) -> Result<Monitoring, Option<String>> {
        let only = match agency {
            Some(id) => match site.agency(id) {
                Some(a) => Some(a),
                None => {
                    return Err(crate::diagnostics::did_you_mean(
                        id,
                        site.agencies.iter().map(|a| a.id.as_str()),
                    )
                    .map(str::to_string))
                }
            },
            None => None,
        };
        let named_agency = |id: &str| Named {
            id: id.to_string(),
            name: site
                .agency(id)
                .map(|a| a.name.clone())
                .unwrap_or_else(|| id.to_string()),
        };
        let tasks: Vec<usize> = (0..site.tasks.len())
            .filter(|&i| only.is_none_or(|a| site.tasks[i].lead == a.id))
            .collect();

        let mut totals = Counts::default();
        let mut agencies = Vec::new();
        for a in &site.agencies {
            if only.is_some_and(|o| o.id != a.id) {
                continue;
            }
            let mut counts = Counts::default();
            for &i in tasks.iter().filter(|&&i| site.tasks[i].lead == a.id) {
                counts.add(progress.tasks[i].status);
            }
            let support = site
                .tasks
                .iter()
                .filter(|t| t.support.contains(&a.id))
                .count();
            let directed = site
                .tasks
                .iter()
                .filter(|t| t.directed_by.contains(&a.id))
                .count();
            if counts.tasks > 0 || support > 0 || directed > 0 || only.is_some() {
                agencies.push(AgencyRow {
                    agency: named_agency(&a.id),
                    standing: a.standing,
                    counts,
                    support,
                    directed,
                });
            }
        }
        for &i in &tasks {
            totals.add(progress.tasks[i].status);
        }

        let mut overdue: Vec<OverdueTask> = tasks
            .iter()
            .filter(|&&i| progress.tasks[i].status == Status::Overdue)
            .filter_map(|&i| {
                let t = &site.tasks[i];
                let p = &progress.tasks[i];
                let end = t.due.as_ref()?.end()?;
                Some(OverdueTask {
                    task: Named {
                        id: t.id.clone(),
                        name: t.title.clone(),
                    },
                    lead: named_agency(&t.lead),
                    support: t.support.iter().map(|a| named_agency(a)).collect(),
                    directed_by: t.directed_by.iter().map(|a| named_agency(a)).collect(),
                    section: t.sections_text(),
                    due_end: end,
                    days_late: progress.as_of.days_since(end),
                    last_report: p.last_report,
                    percent: p.percent,
                })
            })
            .collect();
        // Longest overdue first; ties in the plan's order.
        overdue.sort_by_key(|o| std::cmp::Reverse(o.days_late));

        let per_locality = tasks
            .iter()
            .filter(|&&i| site.tasks[i].per_locality)
            .map(|&i| {
                let t = &site.tasks[i];
                let p = &progress.tasks[i];
                let cells = &progress.per_locality[i];
                let named = |li: usize| Named {
                    id: site.localities[li].id.clone(),
                    name: site.localities[li].name.clone(),
                };
                let mut counts = Counts::default();
                let mut groups: Vec<UnitGroup> = Vec::new();
                for &st in &COLUMNS {
                    for silent in [true, false] {
                        let localities: Vec<Named> = (0..cells.len())
                            .filter(|&li| {
                                cells[li].status == st && (cells[li].entries == 0) == silent
                            })
                            .map(named)
                            .collect();
                        if st != Status::Done && !localities.is_empty() {
                            groups.push(UnitGroup {
                                status: st,
                                not_reported: silent,
                                localities,
                            });
                        }
                    }
                }
                for c in cells {
                    counts.add(c.status);
                }
                let not_reported = (0..cells.len())
                    .filter(|&li| cells[li].entries == 0)
                    .map(named)
                    .collect();
                let lc = p.localities.clone().unwrap_or_default();
                LocalityTask {
                    task: Named {
                        id: t.id.clone(),
                        name: t.title.clone(),
                    },
                    lead: named_agency(&t.lead),
                    status: p.status,
                    due_end: t.due.as_ref().and_then(|d| d.end()),
                    total: site.localities.len(),
                    reported: lc.reported,
                    done: lc.done,
                    counts,
                    groups,
                    not_reported,
                }
            })
            .collect();

        Ok(Monitoring {
            as_of: progress.as_of,
            agency: only.map(|a| named_agency(&a.id)),
            totals,
            agencies,
            overdue,
            per_locality,
        })
    }
}

/// The words of the printed report, in the site's language.
pub struct Labels {
    pub status: Box<dyn Fn(Status) -> String>,
    pub vi: bool,
}

impl Labels {
    /// Status labels from the theme's strings (`status_overdue`, ...).
    pub fn from_strings(strings: &std::collections::HashMap<String, String>, vi: bool) -> Labels {
        let strings = strings.clone();
        Labels {
            status: Box::new(move |s| {
                strings
                    .get(&format!("status_{}", s.code()))
                    .cloned()
                    .unwrap_or_else(|| s.code().to_string())
            }),
            vi,
        }
    }

    fn pick<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        if self.vi {
            vi
        } else {
            en
        }
    }
}

/// Width of `s` in terminal columns (Vietnamese letters are one column each once
/// composed; the report's text is NFC).
fn width(s: &str) -> usize {
    s.chars().count()
}

fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(width(s))));
    out
}

/// Cut `s` to `w` columns with an ellipsis.
fn cut(s: &str, w: usize) -> String {
    if width(s) <= w {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(w.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// Plain-text tables for a terminal or a text file.
pub fn to_table(m: &Monitoring, l: &Labels) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}{}",
        l.pick(
            "BÁO CÁO THEO DÕI — số liệu tính đến",
            "MONITORING REPORT — as of"
        ),
        m.as_of,
        m.agency
            .as_ref()
            .map(|a| format!(" — {}", a.name))
            .unwrap_or_default()
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        l.pick(
            "1. Nhiệm vụ theo cơ quan chủ trì",
            "1. Tasks by lead agency"
        )
    );
    let heads: Vec<String> = COLUMNS.iter().map(|&s| (l.status)(s)).collect();
    let name_w = m
        .agencies
        .iter()
        .map(|a| width(&a.agency.name).min(48))
        .chain([width(l.pick("Cơ quan", "Agency")), 12])
        .max()
        .unwrap_or(12);
    let total_head = l.pick("Tổng", "Total");
    let mut line = pad(l.pick("Cơ quan", "Agency"), name_w);
    let _ = write!(line, "  {total_head:>5}");
    for h in &heads {
        let _ = write!(line, "  {}", h);
    }
    let support_head = l.pick("Phối hợp", "Coordinates");
    let directed_head = l.pick("Chỉ đạo", "Directs");
    let _ = write!(line, "  {support_head}  {directed_head}");
    let _ = writeln!(out, "{}", line.trim_end());
    let row = |name: &str, c: &Counts, roles: Option<(usize, usize)>| -> String {
        let mut line = pad(&cut(name, name_w), name_w);
        let _ = write!(line, "  {:>5}", c.tasks);
        for (v, h) in c.values().iter().zip(&heads) {
            let _ = write!(line, "  {:>w$}", v, w = width(h));
        }
        if let Some((support, directed)) = roles {
            let _ = write!(
                line,
                "  {:>w$}  {:>v$}",
                support,
                directed,
                w = width(support_head),
                v = width(directed_head)
            );
        }
        line.trim_end().to_string()
    };
    for a in &m.agencies {
        let roles = Some((a.support, a.directed));
        let _ = writeln!(out, "{}", row(&a.agency.name, &a.counts, roles));
    }
    if m.agency.is_none() {
        let _ = writeln!(out, "{}", row(l.pick("Cộng", "All"), &m.totals, None));
    }
    let _ = writeln!(out);

    let _ = writeln!(
        out,
        "{} ({})",
        l.pick("2. Nhiệm vụ quá hạn", "2. Overdue tasks"),
        m.overdue.len()
    );
    if m.overdue.is_empty() {
        let _ = writeln!(out, "   {}", l.pick("Không có.", "None."));
    }
    for o in &m.overdue {
        let _ = writeln!(
            out,
            "   - {} [{}]{}",
            o.task.name,
            o.task.id,
            o.section
                .as_ref()
                .map(|s| format!(" ({} {s})", l.pick("mục", "section")))
                .unwrap_or_default()
        );
        let _ = writeln!(
            out,
            "     {}: {} · {}: {} · {} {} · {}: {}",
            l.pick("chủ trì", "lead"),
            o.lead.name,
            l.pick("hạn", "due"),
            o.due_end,
            l.pick("quá hạn", "overdue by"),
            if l.vi {
                format!("{} ngày", o.days_late)
            } else {
                format!("{} days", o.days_late)
            },
            l.pick("báo cáo gần nhất", "last report"),
            o.last_report
                .map(|d| d.to_string())
                .unwrap_or_else(|| l.pick("chưa có", "none").to_string())
        );
        let names = |list: &[Named]| {
            list.iter()
                .map(|n| n.name.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        };
        for (role, list) in [
            (l.pick("phối hợp", "coordinating"), &o.support),
            (l.pick("chỉ đạo", "directed by"), &o.directed_by),
        ] {
            if !list.is_empty() {
                let _ = writeln!(out, "     {role}: {}", names(list));
            }
        }
    }
    let _ = writeln!(out);

    let _ = writeln!(
        out,
        "{} ({})",
        l.pick(
            "3. Nhiệm vụ từng xã, phường thực hiện",
            "3. Tasks every commune and ward carries out"
        ),
        m.per_locality.len()
    );
    if m.per_locality.is_empty() {
        let _ = writeln!(out, "   {}", l.pick("Không có.", "None."));
    }
    for t in &m.per_locality {
        let _ = writeln!(out, "   - {} [{}]", t.task.name, t.task.id);
        let _ = writeln!(
            out,
            "     {}: {} · {}: {}/{} · {}: {}/{}",
            l.pick("tình trạng", "status"),
            (l.status)(t.status),
            l.pick("đã báo cáo", "reported"),
            t.reported,
            t.total,
            l.pick("hoàn thành", "done"),
            t.done,
            t.total
        );
        let by_status: Vec<String> = COLUMNS
            .iter()
            .zip(t.counts.values())
            .filter(|(_, n)| *n > 0)
            .map(|(&st, n)| format!("{} {n}", (l.status)(st)))
            .collect();
        let _ = writeln!(out, "     {}", by_status.join(" · "));
        for g in &t.groups {
            let names: Vec<&str> = g.localities.iter().map(|n| n.name.as_str()).collect();
            let _ = writeln!(
                out,
                "     {}{} ({}): {}",
                (l.status)(g.status),
                if g.not_reported {
                    l.pick(" · chưa báo cáo", " · not reported")
                } else {
                    l.pick(" · đã báo cáo", " · reported")
                },
                names.len(),
                names.join(", ")
            );
        }
    }
    out
}

/// One CSV table holding the three parts; `section` tells the rows apart and
/// the columns a row does not use are empty. On a `per_locality_task` row,
/// `tasks` and the status columns count the communes/wards by their own status. UTF-8 with a BOM, like the portal's
/// open data, so spreadsheet programs read the Vietnamese correctly.
pub fn to_csv(m: &Monitoring) -> Result<Vec<u8>, csv::Error> {
    let mut w = crate::csv_out::CsvWriter::new();
    let mut head = vec![
        "section",
        "id",
        "name",
        "lead",
        "status",
        "due_end",
        "days_late",
        "tasks",
    ];
    head.extend(COLUMNS.iter().map(|s| s.code()));
    head.extend([
        "localities_total",
        "localities_reported",
        "localities_done",
        "not_reported",
        "support",
        "directed_by",
    ]);
    w.row(&head)?;
    let ids = |list: &[Named]| {
        list.iter()
            .map(|n| n.id.as_str())
            .collect::<Vec<_>>()
            .join(";")
    };
    let blank = |n: usize| vec![String::new(); n];
    for a in &m.agencies {
        let mut r = vec![
            "agency".to_string(),
            a.agency.id.clone(),
            a.agency.name.clone(),
        ];
        r.extend(blank(4));
        r.push(a.counts.tasks.to_string());
        r.extend(a.counts.values().iter().map(|v| v.to_string()));
        r.extend(blank(4));
        // For an agency: how many tasks it coordinates and directs.
        r.push(a.support.to_string());
        r.push(a.directed.to_string());
        w.row(&r)?;
    }
    for o in &m.overdue {
        let mut r = vec![
            "overdue_task".to_string(),
            o.task.id.clone(),
            o.task.name.clone(),
            o.lead.id.clone(),
            Status::Overdue.code().to_string(),
            o.due_end.iso(),
            o.days_late.to_string(),
        ];
        r.extend(blank(1 + COLUMNS.len() + 4));
        r.push(ids(&o.support));
        r.push(ids(&o.directed_by));
        w.row(&r)?;
    }
    for t in &m.per_locality {
        let mut r = vec![
            "per_locality_task".to_string(),
            t.task.id.clone(),
            t.task.name.clone(),
            t.lead.id.clone(),
            t.status.code().to_string(),
            t.due_end.map(|d| d.iso()).unwrap_or_default(),
        ];
        r.push(String::new());
        r.push(t.counts.tasks.to_string());
        r.extend(t.counts.values().iter().map(|v| v.to_string()));
        r.push(t.total.to_string());
        r.push(t.reported.to_string());
        r.push(t.done.to_string());
        r.push(
            t.not_reported
                .iter()
                .map(|n| n.id.as_str())
                .collect::<Vec<_>>()
                .join(";"),
        );
        r.extend(blank(2));
        w.row(&r)?;
    }
    w.finish()
}
