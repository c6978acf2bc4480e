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

use crate::csv_out::CsvWriter;
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
    /// Who has reported in a month or quarter (`--period`), if asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodView>,
}

/// A month or a quarter the standing body asks for reports in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Window {
    /// `2026-11` or `2026-q4`.
    pub id: String,
    /// "tháng 11/2026", "quý IV/2026" (or in English).
    pub label: String,
    pub start: Date,
    /// Its last day.
    pub end: Date,
}

/// The communes/wards and the reports they owe for one period.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodView {
    pub period: Window,
    /// Communes and wards of the site.
    pub units: usize,
    /// Those with at least one report dated in the period.
    pub reported: usize,
    /// Those that owe a report on at least one task, in the official order.
    pub missing: Vec<MissingUnit>,
}

/// A commune/ward that has not reported on some of its tasks in a period.
#[derive(Debug, Clone, Serialize)]
pub struct MissingUnit {
    pub locality: Named,
    /// The official code (mã số), if the site has it.
    pub code: Option<String>,
    /// Whether it reported on any task in the period (its workbook came back
    /// with these tasks left blank) or on none.
    pub reported_any: bool,
    pub owed: Vec<OwedTask>,
}

/// A task a commune/ward still owes a report on.
#[derive(Debug, Clone, Serialize)]
pub struct OwedTask {
    pub task: Named,
    /// The unit's own status on it.
    pub status: Status,
    pub due_end: Option<Date>,
    pub last_report: Option<Date>,
}

/// The per-locality tasks each commune/ward owes a report on in `window`:
/// those it has not finished (its own status in `progress`, computed as of the
/// period's end) and has no report dated in the period on. Limited to the tasks
/// `agency` leads, if given. Index-aligned with `Site::localities`.
pub fn owed(
    site: &Site,
    progress: &Progress,
    window: &Window,
    agency: Option<&str>,
) -> Vec<Vec<OwedTask>> {
    use std::collections::HashSet;
    let mut reported: HashSet<(&str, &str)> = HashSet::new();
    for e in site
        .entries
        .iter()
        .filter(|e| window.start <= e.date && e.date <= window.end)
    {
        if let Some(l) = &e.locality {
            for t in e.task_ids() {
                reported.insert((t, l.as_str()));
            }
        }
    }
    let mut out = vec![Vec::new(); site.localities.len()];
    for (i, t) in site.tasks.iter().enumerate() {
        if !t.per_locality || agency.is_some_and(|a| t.lead != a) {
            continue;
        }
        for (li, l) in site.localities.iter().enumerate() {
            let Some(p) = progress.per_locality[i].get(li) else {
                continue;
            };
            if p.status == Status::Done || reported.contains(&(t.id.as_str(), l.id.as_str())) {
                continue;
            }
            out[li].push(OwedTask {
                task: Named {
                    id: t.id.clone(),
                    name: t.title.clone(),
                },
                status: p.status,
                due_end: t.due.as_ref().and_then(|d| d.end()),
                last_report: p.last_report,
            });
        }
    }
    out
}

impl PeriodView {
    /// Who reported in `window`, and what each commune/ward still owes.
    pub fn new(
        site: &Site,
        progress: &Progress,
        window: Window,
        agency: Option<&str>,
    ) -> PeriodView {
        let owed = owed(site, progress, &window, agency);
        let in_period = |e: &&crate::model::Entry| window.start <= e.date && e.date <= window.end;
        let active: std::collections::HashSet<&str> = site
            .entries
            .iter()
            .filter(in_period)
            .filter_map(|e| e.locality.as_deref())
            .collect();
        let missing = site
            .localities
            .iter()
            .zip(owed)
            .filter(|(_, o)| !o.is_empty())
            .map(|(l, owed)| MissingUnit {
                locality: Named {
                    id: l.id.clone(),
                    name: l.name.clone(),
                },
                code: l.code.clone(),
                reported_any: active.contains(l.id.as_str()),
                owed,
            })
            .collect();
        PeriodView {
            units: site.localities.len(),
            reported: site
                .localities
                .iter()
                .filter(|l| active.contains(l.id.as_str()))
                .count(),
            period: window,
            missing,
        }
    }
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
            period: None,
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

    /// A day as readers write it: 07/3/2026 (Vietnamese), 2026-03-07.
    fn day(&self, d: Date) -> String {
        use chrono::Datelike;
        if self.vi {
            format!("{:02}/{}/{}", d.0.day(), d.0.month(), d.0.year())
        } else {
            d.iso()
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
    if let Some(p) = &m.period {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{} {} ({}/{})",
            l.pick(
                "4. Xã, phường chưa báo cáo trong",
                "4. Communes and wards not reported in"
            ),
            p.period.label,
            p.missing.len(),
            p.units
        );
        if p.missing.is_empty() {
            let _ = writeln!(out, "   {}", l.pick("Không có.", "None."));
        }
        for (any, head) in [
            (false, l.pick("chưa gửi báo cáo nào", "no report at all")),
            (
                true,
                l.pick(
                    "còn thiếu báo cáo một số nhiệm vụ",
                    "some tasks not reported",
                ),
            ),
        ] {
            let names: Vec<&str> = p
                .missing
                .iter()
                .filter(|u| u.reported_any == any)
                .map(|u| u.locality.name.as_str())
                .collect();
            if !names.is_empty() {
                let _ = writeln!(out, "   {head} ({}): {}", names.len(), names.join(", "));
            }
        }
    }
    out
}

/// Rows as a spreadsheet shows them: a header row, then one row per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The sheet's name in an `.xlsx`.
    pub sheet: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The columns holding counts (written as numbers in an `.xlsx`); codes
    /// and ids stay text.
    pub numeric: Vec<bool>,
}

impl Table {
    /// UTF-8 with a BOM through the one CSV writer, so spreadsheet programs read
    /// the Vietnamese correctly.
    pub fn to_csv(&self) -> Result<Vec<u8>, csv::Error> {
        let mut w = CsvWriter::new();
        w.row(&self.head)?;
        for r in &self.rows {
            w.row(r)?;
        }
        w.finish()
    }

    /// An Excel workbook of one sheet: the header bold and frozen, counts as
    /// numbers (they add up), everything else as text.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut wb = Workbook::new();
        let bold = Format::new().set_bold().set_text_wrap();
        let ws = wb.add_worksheet();
        ws.set_name(&self.sheet)?;
        for (c, h) in self.head.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)?;
            let widest = self
                .rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|t| t.chars().count())
                .chain([h.chars().count().min(20)])
                .max()
                .unwrap_or(8);
            ws.set_column_width(c as u16, (widest.clamp(6, 60) + 2) as f64)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                let count = self.numeric.get(c as usize).copied().unwrap_or(false);
                match cell.parse::<i64>() {
                    Ok(n) if count => {
                        ws.write_number(r, c, n as f64)?;
                    }
                    _ if cell.is_empty() => {}
                    _ => {
                        ws.write_string(r, c, cell)?;
                    }
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
        wb.save_to_buffer()
    }
}

/// The monitoring view as one table holding its parts; `phần` (section) tells
/// the rows apart and the columns a row does not use are empty. On a
/// per-locality task's row, the task count and the status columns count the
/// communes/wards by their own status. Statuses in words, their codes beside
/// them; names beside ids. With a period, one row per commune/ward that owes
/// reports in it.
pub fn monitoring_table(m: &Monitoring, l: &Labels) -> Table {
    let mut head: Vec<String> = [
        l.pick("phần", "section"),
        l.pick("mã phần", "section_code"),
        l.pick("mã", "id"),
        l.pick("tên", "name"),
        l.pick("mã cơ quan chủ trì", "lead_id"),
        l.pick("cơ quan chủ trì", "lead"),
        l.pick("tình trạng", "status"),
        l.pick("mã tình trạng", "status_code"),
        l.pick("hạn", "due_end"),
        l.pick("số ngày quá hạn", "days_late"),
        l.pick("số nhiệm vụ", "tasks"),
    ]
    .into_iter()
    .map(String::from)
    .collect();
    head.extend(COLUMNS.iter().map(|&s| (l.status)(s)));
    head.extend(
        [
            l.pick("số xã, phường", "localities_total"),
            l.pick("số xã, phường đã báo cáo", "localities_reported"),
            l.pick("số xã, phường hoàn thành", "localities_done"),
            l.pick("chưa báo cáo", "not_reported"),
            l.pick("mã chưa báo cáo", "not_reported_ids"),
            l.pick("phối hợp", "support"),
            l.pick("chỉ đạo", "directed_by"),
            l.pick("mã phối hợp", "support_ids"),
            l.pick("mã chỉ đạo", "directed_by_ids"),
        ]
        .map(String::from),
    );
    let names = |list: &[Named]| {
        list.iter()
            .map(|n| n.name.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let ids = |list: &[Named]| {
        list.iter()
            .map(|n| n.id.as_str())
            .collect::<Vec<_>>()
            .join(";")
    };
    let blank = |n: usize| vec![String::new(); n];
    let section =
        |vi: &str, en: &str, code: &str| vec![l.pick(vi, en).to_string(), code.to_string()];
    let mut rows = Vec::new();
    for a in &m.agencies {
        let mut r = section("Cơ quan", "Agency", "agency");
        r.extend([a.agency.id.clone(), a.agency.name.clone()]);
        r.extend(blank(6));
        r.push(a.counts.tasks.to_string());
        r.extend(a.counts.values().iter().map(|v| v.to_string()));
        r.extend(blank(5));
        // For an agency: how many tasks it coordinates and directs.
        r.push(a.support.to_string());
        r.push(a.directed.to_string());
        r.extend(blank(2));
        rows.push(r);
    }
    for o in &m.overdue {
        let mut r = section("Nhiệm vụ quá hạn", "Overdue task", "overdue_task");
        r.extend([
            o.task.id.clone(),
            o.task.name.clone(),
            o.lead.id.clone(),
            o.lead.name.clone(),
            (l.status)(Status::Overdue),
            Status::Overdue.code().to_string(),
            o.due_end.iso(),
            o.days_late.to_string(),
        ]);
        r.extend(blank(1 + COLUMNS.len() + 5));
        r.push(names(&o.support));
        r.push(names(&o.directed_by));
        r.push(ids(&o.support));
        r.push(ids(&o.directed_by));
        rows.push(r);
    }
    for t in &m.per_locality {
        let mut r = section(
            "Nhiệm vụ từng xã, phường",
            "Per-locality task",
            "per_locality_task",
        );
        r.extend([
            t.task.id.clone(),
            t.task.name.clone(),
            t.lead.id.clone(),
            t.lead.name.clone(),
            (l.status)(t.status),
            t.status.code().to_string(),
            t.due_end.map(|d| d.iso()).unwrap_or_default(),
            String::new(),
            t.counts.tasks.to_string(),
        ]);
        r.extend(t.counts.values().iter().map(|v| v.to_string()));
        r.push(t.total.to_string());
        r.push(t.reported.to_string());
        r.push(t.done.to_string());
        r.push(names(&t.not_reported));
        r.push(ids(&t.not_reported));
        r.extend(blank(4));
        rows.push(r);
    }
    if let Some(p) = &m.period {
        for u in &p.missing {
            let mut r = section(
                "Xã, phường chưa báo cáo trong kỳ",
                "Commune/ward not reported in the period",
                "missing_unit",
            );
            r.extend([u.locality.id.clone(), u.locality.name.clone()]);
            r.extend(blank(6));
            r.push(u.owed.len().to_string());
            r.extend(blank(COLUMNS.len() + 3));
            let tasks: Vec<Named> = u.owed.iter().map(|o| o.task.clone()).collect();
            r.push(names(&tasks));
            r.push(ids(&tasks));
            r.extend(blank(4));
            rows.push(r);
        }
    }
    // From `số ngày quá hạn` to the communes done, and the two roles' counts.
    let numeric = (0..head.len())
        .map(|i| {
            (9..=13 + COLUMNS.len()).contains(&i) || i + 4 == head.len() || i + 3 == head.len()
        })
        .collect();
    Table {
        sheet: l.pick("bao_cao", "report").into(),
        head,
        rows,
        numeric,
    }
}

/// `tiendo report --missing`: one row per task a commune/ward still owes a
/// report on in the period, names beside ids, statuses in words and codes.
pub fn missing_table(p: &PeriodView, l: &Labels) -> Table {
    let head = [
        l.pick("kỳ báo cáo", "period"),
        l.pick("mã xã, phường", "locality_id"),
        l.pick("xã, phường", "locality"),
        l.pick("mã số", "code"),
        l.pick("đã gửi báo cáo khác trong kỳ", "reported_other_tasks"),
        l.pick("mã nhiệm vụ", "task_id"),
        l.pick("nhiệm vụ", "task"),
        l.pick("tình trạng", "status"),
        l.pick("mã tình trạng", "status_code"),
        l.pick("hạn", "due_end"),
        l.pick("báo cáo gần nhất", "last_report"),
    ]
    .map(String::from)
    .to_vec();
    let mut rows = Vec::new();
    for u in &p.missing {
        for o in &u.owed {
            rows.push(vec![
                p.period.label.clone(),
                u.locality.id.clone(),
                u.locality.name.clone(),
                u.code.clone().unwrap_or_default(),
                if u.reported_any {
                    l.pick("có", "yes")
                } else {
                    l.pick("không", "no")
                }
                .to_string(),
                o.task.id.clone(),
                o.task.name.clone(),
                (l.status)(o.status),
                o.status.code().to_string(),
                o.due_end.map(|d| d.iso()).unwrap_or_default(),
                o.last_report.map(|d| d.iso()).unwrap_or_default(),
            ]);
        }
    }
    Table {
        sheet: l.pick("chua_bao_cao", "missing").into(),
        numeric: vec![false; head.len()],
        head,
        rows,
    }
}

/// `tiendo report --missing` as text: each commune/ward that owes reports in
/// the period, by name, with the tasks it owes.
pub fn missing_to_table(p: &PeriodView, l: &Labels) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} — {} {}/{}",
        l.pick(
            "XÃ, PHƯỜNG CHƯA BÁO CÁO —",
            "COMMUNES AND WARDS NOT REPORTED —"
        ),
        p.period.label,
        l.pick("còn nợ báo cáo:", "owing reports:"),
        p.missing.len(),
        p.units
    );
    if p.missing.is_empty() {
        let _ = writeln!(
            out,
            "   {}",
            l.pick(
                "Mọi xã, phường đã báo cáo đủ.",
                "Every commune and ward has reported."
            )
        );
    }
    for u in &p.missing {
        let _ = writeln!(
            out,
            "   - {}{} [{}]{}",
            u.locality.name,
            u.code
                .as_ref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default(),
            u.locality.id,
            if u.reported_any {
                l.pick(
                    " · đã gửi báo cáo khác trong kỳ",
                    " · reported on other tasks",
                )
            } else {
                l.pick(
                    " · chưa gửi báo cáo nào trong kỳ",
                    " · no report in the period",
                )
            }
        );
        for o in &u.owed {
            let _ = writeln!(
                out,
                "     {} [{}] · {} · {}: {}",
                o.task.name,
                o.task.id,
                (l.status)(o.status),
                l.pick("báo cáo gần nhất", "last report"),
                o.last_report
                    .map(|d| l.day(d))
                    .unwrap_or_else(|| l.pick("chưa có", "none").to_string())
            );
        }
    }
    out
}
