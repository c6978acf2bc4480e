//! A task's status as of a date, computed from its progress entries.
//!
//! Rules (CONTENT-MODEL.md, "Task status as of `as_of`"): entries dated after `as_of`
//! do not exist yet. The latest entry decides `done` and `blocked`; otherwise a
//! deadline that has ended makes the task overdue; an ongoing task ("thực hiện
//! thường xuyên") is never done and is judged by the age of its last report; a
//! conditional task waits until an entry records its condition met; a task due
//! only when a case arises ("khi phát sinh") waits until a unit reports one and
//! is never overdue.
//!
//! A per-locality task gets one status per commune/ward by the same rule
//! ([`single`] on that unit's entries), whether or not the unit reported: a unit
//! that never reported on a task due last month is overdue. "Not reported" is a
//! fact kept beside the status (`entries == 0`), not a status of its own.

use serde::Serialize;

use super::deadline::{Date, Deadline};
use super::types::{Entry, EntryStatus, Task};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Done,
    Blocked,
    Overdue,
    InProgress,
    NotStarted,
    Ongoing,
    Waiting,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Overdue,
        Status::Blocked,
        Status::InProgress,
        Status::Ongoing,
        Status::Waiting,
        Status::NotStarted,
        Status::Done,
    ];

    /// Where the status comes in [`Status::ALL`], the order every list uses
    /// (what needs action first).
    pub fn rank(&self) -> usize {
        Status::ALL.iter().position(|s| s == self).unwrap_or(0)
    }

    /// The stable machine name, used in URLs, CSS classes and open data.
    pub fn code(&self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Blocked => "blocked",
            Status::Overdue => "overdue",
            Status::InProgress => "in_progress",
            Status::NotStarted => "not_started",
            Status::Ongoing => "ongoing",
            Status::Waiting => "waiting",
        }
    }
}

/// Counts of communes/wards for a per-locality task.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct LocalityCounts {
    pub total: usize,
    pub reported: usize,
    pub done: usize,
    pub blocked: usize,
    /// Units past the deadline and not done (reported or not).
    pub overdue: usize,
}

/// One commune's/ward's per-locality tasks, counted by status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitTally {
    /// Counts in [`Status::ALL`] order.
    by_status: [usize; Status::ALL.len()],
    /// Tasks it has not reported on (whatever their status).
    pub not_reported: usize,
    pub tasks: usize,
}

impl UnitTally {
    pub fn add(&mut self, p: &TaskProgress) {
        self.by_status[p.status.rank()] += 1;
        self.not_reported += usize::from(p.entries == 0);
        self.tasks += 1;
    }

    pub fn count(&self, s: Status) -> usize {
        self.by_status[s.rank()]
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TaskProgress {
    pub status: Status,
    /// The deadline has ended and the task is not done (also true when blocked).
    pub late: bool,
    pub last_report: Option<Date>,
    pub days_since_report: Option<i64>,
    /// Ongoing task with no report for longer than the site's `stale_after_days`.
    pub stale: bool,
    pub percent: Option<i64>,
    pub done_on: Option<Date>,
    pub condition_met_on: Option<Date>,
    /// Entries counted (dated on or before `as_of`).
    pub entries: usize,
    pub localities: Option<LocalityCounts>,
}

/// Status of one stream of reports (a task, or one commune's share of a
/// per-locality task). `entries` must be sorted by date and already cut at `as_of`.
pub fn single(task: &Task, entries: &[&Entry], as_of: Date, stale_days: i64) -> TaskProgress {
    let latest = entries.last();
    let last_report = latest.map(|e| e.date);
    let days_since_report = last_report.map(|d| as_of.days_since(d));
    let condition_met_on = entries.iter().find(|e| e.condition_met).map(|e| e.date);
    let done_on = entries
        .iter()
        .rev()
        .take_while(|e| e.status == EntryStatus::Done)
        .last()
        .map(|e| e.date);
    let end = task.due.as_ref().and_then(Deadline::end);
    let past_end = end.is_some_and(|end| as_of > end);
    let ongoing = matches!(task.due, Some(Deadline::Ongoing));

    let status = match latest.map(|e| e.status) {
        Some(EntryStatus::Blocked) => Status::Blocked,
        Some(EntryStatus::Done) if !ongoing => Status::Done,
        _ => match &task.due {
            Some(Deadline::Ongoing) => Status::Ongoing,
            Some(Deadline::After(_)) if condition_met_on.is_none() => Status::Waiting,
            Some(Deadline::AsNeeded) if latest.is_none() => Status::Waiting,
            _ if past_end => Status::Overdue,
            _ if latest.is_some() => Status::InProgress,
            _ => Status::NotStarted,
        },
    };
    let stale =
        ongoing && status == Status::Ongoing && days_since_report.is_none_or(|d| d > stale_days);
    TaskProgress {
        status,
        late: past_end && status != Status::Done,
        last_report,
        days_since_report,
        stale,
        percent: latest.and_then(|e| e.percent),
        done_on: if status == Status::Done {
            done_on
        } else {
            None
        },
        condition_met_on,
        entries: entries.len(),
        localities: None,
    }
}

/// Status of a per-locality task from each commune's/ward's own status.
/// `units` holds one [`single`] result for every locality of the site (those
/// that have not reported included), in the order of `Site::localities`.
pub fn rolled_up(
    task: &Task,
    units: &[TaskProgress],
    as_of: Date,
    stale_days: i64,
) -> TaskProgress {
    let count = |f: &dyn Fn(&TaskProgress) -> bool| units.iter().filter(|p| f(p)).count();
    let counts = LocalityCounts {
        total: units.len(),
        reported: count(&|p| p.entries > 0),
        done: count(&|p| p.status == Status::Done),
        blocked: count(&|p| p.status == Status::Blocked),
        overdue: count(&|p| p.status == Status::Overdue),
    };
    let last_report = units.iter().filter_map(|p| p.last_report).max();
    let days_since_report = last_report.map(|d| as_of.days_since(d));
    let condition_met_on = units.iter().filter_map(|p| p.condition_met_on).min();
    let end = task.due.as_ref().and_then(Deadline::end);
    let past_end = end.is_some_and(|end| as_of > end);
    let all_done = counts.total > 0 && counts.done == counts.total;
    // A case is being handled somewhere.
    let handling = units
        .iter()
        .any(|p| matches!(p.status, Status::InProgress | Status::Blocked));
    let status = if all_done && !matches!(task.due, Some(Deadline::Ongoing)) {
        Status::Done
    } else {
        match &task.due {
            Some(Deadline::Ongoing) => Status::Ongoing,
            Some(Deadline::After(_)) if condition_met_on.is_none() => Status::Waiting,
            Some(Deadline::AsNeeded) if !handling => Status::Waiting,
            _ if past_end => Status::Overdue,
            _ if counts.reported > 0 => Status::InProgress,
            _ => Status::NotStarted,
        }
    };
    let stale = status == Status::Ongoing && days_since_report.is_none_or(|d| d > stale_days);
    let entries = units.iter().map(|p| p.entries).sum();
    let percent = (counts.total > 0).then(|| (counts.done * 100 / counts.total) as i64);
    TaskProgress {
        status,
        late: past_end && status != Status::Done,
        last_report,
        days_since_report,
        stale,
        percent,
        done_on: if status == Status::Done {
            units.iter().filter_map(|p| p.done_on).max()
        } else {
            None
        },
        condition_met_on,
        entries,
        localities: Some(counts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(due: Option<&str>) -> Task {
        let yaml = match due {
            Some(d) => format!("{{id: t, title: T, lead: a, due: {d}}}"),
            None => "{id: t, title: T, lead: a}".to_string(),
        };
        serde_yaml::from_str(&yaml).unwrap()
    }

    fn entry(date: &str, status: &str) -> Entry {
        serde_yaml::from_str(&format!(
            "{{title: x, date: {date}, task: t, reporter: a, status: {status}}}"
        ))
        .unwrap()
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn status_of(due: Option<&str>, entries: &[Entry], as_of: &str) -> TaskProgress {
        let refs: Vec<&Entry> = entries.iter().collect();
        single(&task(due), &refs, d(as_of), 90)
    }

    #[test]
    fn month_deadline_is_on_time_through_its_last_day() {
        let p = status_of(Some("2026-05"), &[], "2026-05-31");
        assert_eq!(p.status, Status::NotStarted);
        assert!(!p.late);
        let p = status_of(Some("2026-05"), &[], "2026-06-01");
        assert_eq!(p.status, Status::Overdue);
        assert!(p.late);
    }

    #[test]
    fn quarter_deadline_ends_on_the_quarters_last_day() {
        let es = [entry("2026-07-10", "in_progress")];
        assert_eq!(
            status_of(Some("2026-Q3"), &es, "2026-09-30").status,
            Status::InProgress
        );
        assert_eq!(
            status_of(Some("2026-Q3"), &es, "2026-10-01").status,
            Status::Overdue
        );
    }

    #[test]
    fn leap_day_deadline() {
        let p = status_of(Some("2028-02"), &[], "2028-02-29");
        assert_eq!(p.status, Status::NotStarted);
        let p = status_of(Some("2028-02"), &[], "2028-03-01");
        assert_eq!(p.status, Status::Overdue);
        let p = status_of(
            Some("2028-02-29"),
            &[entry("2028-02-29", "done")],
            "2028-03-01",
        );
        assert_eq!(p.status, Status::Done);
        assert_eq!(p.done_on, Some(d("2028-02-29")));
    }

    #[test]
    fn done_even_after_deadline_and_done_late_is_not_late() {
        let es = [
            entry("2026-05-10", "in_progress"),
            entry("2026-07-02", "done"),
        ];
        let p = status_of(Some("2026-05"), &es, "2026-11-24");
        assert_eq!(p.status, Status::Done);
        assert!(!p.late);
        assert_eq!(p.entries, 2);
    }

    #[test]
    fn blocked_by_latest_entry_and_still_flagged_late() {
        let es = [
            entry("2026-05-10", "in_progress"),
            entry("2026-06-10", "blocked"),
        ];
        let p = status_of(Some("2026-05"), &es, "2026-11-24");
        assert_eq!(p.status, Status::Blocked);
        assert!(p.late);
        // A later entry lifts the block.
        let es = [
            entry("2026-06-10", "blocked"),
            entry("2026-06-20", "in_progress"),
        ];
        assert_eq!(
            status_of(None, &es, "2026-11-24").status,
            Status::InProgress
        );
    }

    #[test]
    fn in_progress_and_not_started_without_deadline() {
        assert_eq!(
            status_of(None, &[], "2026-11-24").status,
            Status::NotStarted
        );
        let es = [entry("2026-06-01", "planned")];
        assert_eq!(
            status_of(None, &es, "2026-11-24").status,
            Status::InProgress
        );
    }

    #[test]
    fn ongoing_counts_days_since_last_report_and_is_never_done() {
        let es = [entry("2026-10-25", "done")];
        let p = status_of(Some("ongoing"), &es, "2026-11-24");
        assert_eq!(p.status, Status::Ongoing);
        assert_eq!(p.days_since_report, Some(30));
        assert!(!p.stale);
        let es = [entry("2026-05-01", "in_progress")];
        let p = status_of(Some("ongoing"), &es, "2026-11-24");
        assert!(p.stale, "207 days without a report is stale");
        let p = status_of(Some("ongoing"), &[], "2026-11-24");
        assert_eq!(p.status, Status::Ongoing);
        assert_eq!(p.days_since_report, None);
        assert!(p.stale);
    }

    #[test]
    fn conditional_waits_until_an_entry_records_the_condition() {
        let due = Some("{after: \"có văn bản của Trung ương\"}");
        assert_eq!(status_of(due, &[], "2026-11-24").status, Status::Waiting);
        let es = [entry("2026-08-01", "in_progress")];
        assert_eq!(status_of(due, &es, "2026-11-24").status, Status::Waiting);
        let mut met = entry("2026-09-01", "in_progress");
        met.condition_met = true;
        let p = status_of(due, &[met], "2026-11-24");
        assert_eq!(p.status, Status::InProgress);
        assert_eq!(p.condition_met_on, Some(d("2026-09-01")));
        assert_eq!(
            status_of(due, &[entry("2026-09-01", "done")], "2026-11-24").status,
            Status::Done
        );
    }

    /// One rule for every deadline form, whether the unit reported or not: the
    /// status of a commune/ward that never reported, that reported once before
    /// the deadline, and that reported after it (still working, or done late).
    #[test]
    fn every_deadline_form_for_a_silent_a_reporting_and_a_late_unit() {
        use Status::*;
        let after = "{after: \"có văn bản của Trung ương\"}";
        let as_of = "2026-11-24";
        let before = [entry("2026-06-10", "in_progress")];
        let late_working = [entry("2026-10-01", "in_progress")];
        let late_done = [
            entry("2026-06-10", "in_progress"),
            entry("2026-10-01", "done"),
        ];
        // (due, no report, one report before the deadline, in progress after it, done after it)
        let table: [(Option<&str>, [Status; 4]); 7] = [
            (Some("2026-06"), [Overdue, Overdue, Overdue, Done]),
            (Some("2026-Q2"), [Overdue, Overdue, Overdue, Done]),
            (Some("2026-06-30"), [Overdue, Overdue, Overdue, Done]),
            (Some("ongoing"), [Ongoing, Ongoing, Ongoing, Ongoing]),
            (Some(after), [Waiting, Waiting, Waiting, Done]),
            (Some("as_needed"), [Waiting, InProgress, InProgress, Done]),
            (None, [NotStarted, InProgress, InProgress, Done]),
        ];
        for (due, want) in table {
            let got: Vec<TaskProgress> = [&[][..], &before, &late_working, &late_done]
                .iter()
                .map(|es| status_of(due, es, as_of))
                .collect();
            let statuses: Vec<Status> = got.iter().map(|p| p.status).collect();
            assert_eq!(statuses, want, "due {due:?}");
            // Not reported is a fact beside the status, not a status.
            assert_eq!(
                got.iter().map(|p| p.entries).collect::<Vec<_>>(),
                [0, 1, 1, 2],
                "due {due:?}"
            );
            // Late exactly when a deadline ended and the unit is not done.
            let has_end = due.is_some_and(|d| d.starts_with("2026"));
            let late: Vec<bool> = got.iter().map(|p| p.late).collect();
            assert_eq!(late, [has_end, has_end, has_end, false], "due {due:?}");
        }
        // Ongoing: stale when silent or last heard of long ago, fresh after a recent report.
        let stale: Vec<bool> = [&[][..], &before, &late_working]
            .iter()
            .map(|es| status_of(Some("ongoing"), es, as_of).stale)
            .collect();
        assert_eq!(stale, [true, true, false]);
        // Before the deadline a silent unit has simply not started.
        for due in ["2026-12", "2026-Q4", "2026-12-31"] {
            let p = status_of(Some(due), &[], as_of);
            assert_eq!((p.status, p.late), (NotStarted, false), "due {due}");
        }
    }

    #[test]
    fn as_needed_is_never_overdue_and_waits_for_a_case() {
        for as_of in ["2026-01-01", "2026-11-24", "2030-12-31"] {
            let p = status_of(Some("as_needed"), &[], as_of);
            assert_eq!(p.status, Status::Waiting);
            assert!(!p.late && !p.stale);
        }
        let es = [entry("2026-08-01", "blocked")];
        assert_eq!(
            status_of(Some("as_needed"), &es, "2026-11-24").status,
            Status::Blocked
        );
        let t = task(Some("as_needed"));
        let silent = status_of(Some("as_needed"), &[], "2026-11-24");
        let handling = status_of(
            Some("as_needed"),
            &[entry("2026-08-01", "in_progress")],
            "2026-11-24",
        );
        let p = rolled_up(&t, &[silent.clone(), silent.clone()], d("2026-11-24"), 90);
        assert_eq!((p.status, p.late), (Status::Waiting, false));
        assert_eq!(p.localities.as_ref().map(|l| l.overdue), Some(0));
        let p = rolled_up(&t, &[silent, handling], d("2026-11-24"), 90);
        assert_eq!(p.status, Status::InProgress);
    }

    #[test]
    fn per_locality_counts_communes_done_and_overdue() {
        let t = task(Some("2026-06"));
        let at = |es: &[Entry], as_of: &str| status_of(Some("2026-06"), es, as_of);
        let (done, going) = (
            [entry("2026-06-10", "done")],
            [entry("2026-06-10", "in_progress")],
        );
        let units = [
            at(&done, "2026-06-20"),
            at(&going, "2026-06-20"),
            at(&[], "2026-06-20"),
        ];
        let p = rolled_up(&t, &units, d("2026-06-20"), 90);
        assert_eq!(p.status, Status::InProgress);
        assert_eq!(
            p.localities,
            Some(LocalityCounts {
                total: 3,
                reported: 2,
                done: 1,
                blocked: 0,
                overdue: 0,
            })
        );
        assert_eq!(p.percent, Some(33));
        // After the deadline the unit still working and the silent one are both overdue.
        let units = [
            at(&done, "2026-07-01"),
            at(&going, "2026-07-01"),
            at(&[], "2026-07-01"),
        ];
        let p = rolled_up(&t, &units, d("2026-07-01"), 90);
        assert_eq!(p.status, Status::Overdue);
        assert_eq!(p.localities.as_ref().map(|l| l.overdue), Some(2));
        let all = [at(&done, "2026-07-01"), at(&done, "2026-07-01")];
        let p = rolled_up(&t, &all, d("2026-07-01"), 90);
        assert_eq!(p.status, Status::Done);
        let p = rolled_up(&t, &[], d("2026-06-01"), 90);
        assert_eq!(p.status, Status::NotStarted);
        assert_eq!(p.percent, None);
    }
}
