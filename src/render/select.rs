//! What the pages show, decided once: plain functions over the model and its
//! statuses that pick and order records (coming and missed deadlines, the tasks
//! of a goal or an agency, the orders of lists). They return indices into the
//! site's vectors; the page kinds (`pages/`) turn them into their contexts.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use super::format::{self, Collation};
use crate::model::{Date, Deadline, Progress, Site, Status, TaskProgress};

/// How far ahead the home page looks for coming deadlines, in days.
pub const COMING_DAYS: i64 = 90;

/// The last day of task `i`'s deadline, if it has one.
fn end(site: &Site, i: usize) -> Option<Date> {
    site.tasks[i].due.as_ref().and_then(Deadline::end)
}

/// Tasks not yet done (in progress, not started, blocked) whose deadline ends in
/// the next [`COMING_DAYS`] days, the soonest first (ties in the plan's order).
pub fn coming_deadlines(site: &Site, progress: &Progress) -> Vec<usize> {
    let mut v: Vec<(Date, usize)> = (0..site.tasks.len())
        .filter_map(|i| {
            let end = end(site, i)?;
            let open = matches!(
                progress.tasks[i].status,
                Status::InProgress | Status::NotStarted | Status::Blocked
            );
            (open && (0..=COMING_DAYS).contains(&end.days_since(progress.as_of)))
                .then_some((end, i))
        })
        .collect();
    v.sort();
    v.into_iter().map(|(_, i)| i).collect()
}

/// Overdue tasks, the longest overdue first (ties in the plan's order).
pub fn missed_deadlines(site: &Site, progress: &Progress) -> Vec<usize> {
    let mut v: Vec<(Date, usize)> = (0..site.tasks.len())
        .filter(|&i| progress.tasks[i].status == Status::Overdue)
        .filter_map(|i| Some((end(site, i)?, i)))
        .collect();
    v.sort();
    v.into_iter().map(|(_, i)| i).collect()
}

/// The tasks that serve the goal `id`, in the plan's order.
pub fn tasks_of_goal(site: &Site, id: &str) -> Vec<usize> {
    (0..site.tasks.len())
        .filter(|&i| site.tasks[i].goals.iter().any(|g| g == id))
        .collect()
}

/// `tasks` grouped by their lead agency, the agencies in the order of
/// `agencies_in_order` (by name); a task whose lead is unknown is left out.
pub fn by_lead_agency(
    site: &Site,
    tasks: &[usize],
    agencies_in_order: &[usize],
) -> Vec<(usize, Vec<usize>)> {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in tasks {
        if let Some(&a) = site.index.agency.get(&site.tasks[i].lead) {
            groups.entry(a).or_default().push(i);
        }
    }
    let mut v: Vec<(usize, Vec<usize>)> = groups.into_iter().collect();
    let pos = |a: usize| agencies_in_order.iter().position(|&x| x == a);
    v.sort_by_key(|(a, _)| pos(*a));
    v
}

/// The tasks the agency `id` leads, in the plan's order.
pub fn led_by(site: &Site, id: &str) -> Vec<usize> {
    (0..site.tasks.len())
        .filter(|&i| site.tasks[i].lead == id)
        .collect()
}

/// The tasks the agency `id` supports, in the plan's order.
pub fn supported_by(site: &Site, id: &str) -> Vec<usize> {
    (0..site.tasks.len())
        .filter(|&i| site.tasks[i].support.iter().any(|x| x == id))
        .collect()
}

/// The tasks the agency `id` directs, in the plan's order.
pub fn directed_by(site: &Site, id: &str) -> Vec<usize> {
    (0..site.tasks.len())
        .filter(|&i| site.tasks[i].directed_by.iter().any(|x| x == id))
        .collect()
}

/// The tasks reported on commune by commune (`per_locality: true`).
pub fn per_locality_tasks(site: &Site) -> Vec<usize> {
    (0..site.tasks.len())
        .filter(|&i| site.tasks[i].per_locality)
        .collect()
}

/// Of `entries` (indices, oldest first, as the index keeps them), those dated on
/// or before `as_of`, newest first.
pub fn published_newest_first(site: &Site, entries: &[usize], as_of: Date) -> Vec<usize> {
    entries
        .iter()
        .rev()
        .filter(|&&e| site.entries[e].date <= as_of)
        .copied()
        .collect()
}

/// Agencies by name (Vietnamese collation).
pub fn agencies_by_name(site: &Site, coll: &Collation) -> Vec<usize> {
    let mut v: Vec<usize> = (0..site.agencies.len()).collect();
    v.sort_by(|&a, &b| coll.cmp(&site.agencies[a].name, &site.agencies[b].name));
    v
}

/// Communes and wards by name without their kind ("Ân Thi" before "Phố Hiến",
/// whether xã or phường), then by full name.
pub fn localities_by_name(site: &Site, coll: &Collation) -> Vec<usize> {
    let mut v: Vec<usize> = (0..site.localities.len()).collect();
    v.sort_by(|&a, &b| {
        let (la, lb) = (&site.localities[a], &site.localities[b]);
        coll.cmp(
            format::without_kind(&la.name),
            format::without_kind(&lb.name),
        )
        .then_with(|| coll.cmp(&la.name, &lb.name))
    });
    v
}

/// Practices dated on or before `as_of`, newest first (ties by id).
pub fn practices_newest_first(site: &Site, as_of: Date) -> Vec<usize> {
    let mut v: Vec<usize> = (0..site.practices.len())
        .filter(|&i| site.practices[i].date <= as_of)
        .collect();
    v.sort_by(|&a, &b| {
        let (pa, pb) = (&site.practices[a], &site.practices[b]);
        (pb.date, &pb.id).cmp(&(pa.date, &pa.id))
    });
    v
}

/// How many tasks of commune or ward `li` are overdue.
pub fn overdue_in(progress: &Progress, li: usize) -> usize {
    progress
        .units
        .get(li)
        .map_or(0, |u| u.count(Status::Overdue))
}

/// Of `by_name` (communes and wards in name order), those with overdue tasks, the
/// most first; ties keep the order by name.
pub fn localities_by_overdue(progress: &Progress, by_name: &[usize]) -> Vec<usize> {
    let mut v: Vec<usize> = by_name
        .iter()
        .copied()
        .filter(|&li| overdue_in(progress, li) > 0)
        .collect();
    v.sort_by_key(|&li| Reverse(overdue_in(progress, li)));
    v
}

/// The per-locality tasks of commune or ward `li` with its own status: overdue
/// first (the earliest deadline first), then the other statuses in the order every
/// list uses, each in deadline order, then the plan's.
pub fn tasks_of_locality<'p>(
    site: &Site,
    progress: &'p Progress,
    li: usize,
) -> Vec<(usize, &'p TaskProgress)> {
    let mut v: Vec<(usize, &TaskProgress)> = per_locality_tasks(site)
        .into_iter()
        .filter_map(|ti| Some((ti, progress.per_locality[ti].get(li)?)))
        .collect();
    v.sort_by_key(|&(ti, p)| (p.status.rank(), end(site, ti), ti));
    v
}

/// Days task `ti` is late as of `as_of`, for a status that is overdue.
pub fn days_late(site: &Site, ti: usize, status: Status, as_of: Date) -> Option<i64> {
    end(site, ti)
        .filter(|_| status == Status::Overdue)
        .map(|e| as_of.days_since(e))
}

/// Month (1–12) → the tasks due in it.
pub type Months = BTreeMap<u32, Vec<usize>>;

/// The tasks by deadline, as the calendar shows them (indices, each list in
/// deadline order, then the plan's).
#[derive(Debug, Default, PartialEq)]
pub struct Calendar {
    /// (year, quarter) → the tasks due by the quarter, and by month those due in
    /// a month or on a day of it.
    pub quarters: BTreeMap<(i32, u32), (Vec<usize>, Months)>,
    pub ongoing: Vec<usize>,
    /// Due some time after an event (`after:`).
    pub after: Vec<usize>,
    pub as_needed: Vec<usize>,
    /// No deadline.
    pub none: Vec<usize>,
}

/// Every task placed in the calendar by its deadline.
pub fn calendar(site: &Site) -> Calendar {
    let mut c = Calendar::default();
    let mut order: Vec<usize> = (0..site.tasks.len()).collect();
    order.sort_by_key(|&i| (end(site, i), i));
    for i in order {
        let month = |c: &mut Calendar, year: i32, month: u32| {
            c.quarters
                .entry((year, (month - 1) / 3 + 1))
                .or_default()
                .1
                .entry(month)
                .or_default()
                .push(i)
        };
        match &site.tasks[i].due {
            Some(Deadline::Quarter { year, quarter }) => {
                c.quarters.entry((*year, *quarter)).or_default().0.push(i)
            }
            Some(Deadline::Month { year, month: m }) => month(&mut c, *year, *m),
            Some(Deadline::Day(d)) => month(&mut c, d.year(), d.month()),
            Some(Deadline::Ongoing) => c.ongoing.push(i),
            Some(Deadline::After(_)) => c.after.push(i),
            Some(Deadline::AsNeeded) => c.as_needed.push(i),
            None => c.none.push(i),
        }
    }
    c
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::model::{Date, Progress, Site};

    /// The small site of `tests/fixtures/minimal` with its statuses as of `as_of`.
    pub fn minimal(as_of: &str) -> (Site, Progress) {
        let dir = std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/minimal"
        ));
        let checked = crate::check(dir, Some(Date::parse(as_of).unwrap()));
        let site = checked.site.expect("the minimal fixture loads");
        let progress = site.progress(checked.as_of);
        (site, progress)
    }

    pub fn task_ids(site: &Site, v: &[usize]) -> Vec<String> {
        v.iter().map(|&i| site.tasks[i].id.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{minimal, task_ids};
    use super::*;
    use crate::model::Language;

    #[test]
    fn coming_deadlines_are_open_tasks_due_in_the_next_ninety_days() {
        // 15/7: the communes' review is due on 30/9 (77 days); the May task is done.
        let (site, progress) = minimal("2026-07-15");
        assert_eq!(
            task_ids(&site, &coming_deadlines(&site, &progress)),
            ["xa-phuong-ra-soat"]
        );
        assert!(missed_deadlines(&site, &progress).is_empty());
        // 1/6: more than 90 days before 30/9, and the May task is done since 28/5.
        let (site, progress) = minimal("2026-06-01");
        assert!(coming_deadlines(&site, &progress).is_empty());
    }

    #[test]
    fn missed_deadlines_are_overdue_tasks_longest_first() {
        let (site, progress) = minimal("2026-11-24");
        assert_eq!(
            task_ids(&site, &missed_deadlines(&site, &progress)),
            ["xa-phuong-ra-soat"]
        );
        assert!(coming_deadlines(&site, &progress).is_empty());
    }

    #[test]
    fn tasks_of_goals_and_agencies_in_the_plans_order() {
        let (site, _) = minimal("2026-07-15");
        assert_eq!(
            task_ids(&site, &tasks_of_goal(&site, "muc-tieu-mot")),
            [
                "danh-gia-can-bo",
                "thuong-xuyen",
                "sau-van-ban",
                "xa-phuong-ra-soat"
            ]
        );
        assert!(tasks_of_goal(&site, "khong-co").is_empty());
        assert_eq!(
            task_ids(&site, &led_by(&site, "co-quan-a")),
            ["danh-gia-can-bo", "thuong-xuyen"]
        );
        assert_eq!(
            task_ids(&site, &supported_by(&site, "co-quan-b")),
            ["danh-gia-can-bo"]
        );
        assert!(directed_by(&site, "co-quan-a").is_empty());
        assert_eq!(
            task_ids(&site, &per_locality_tasks(&site)),
            ["xa-phuong-ra-soat"]
        );
    }

    #[test]
    fn lists_sort_by_vietnamese_name_and_newest_first() {
        let (site, _) = minimal("2026-07-15");
        let coll = Collation::new(Language::Vi);
        let names = |v: Vec<usize>| -> Vec<String> {
            v.into_iter()
                .map(|a| site.agencies[a].name.clone())
                .collect()
        };
        assert_eq!(
            names(agencies_by_name(&site, &coll)),
            ["Cơ quan A", "Cơ quan B", "Đảng ủy xã, phường"]
        );
        let units: Vec<&str> = localities_by_name(&site, &coll)
            .into_iter()
            .map(|l| site.localities[l].name.as_str())
            .collect();
        assert_eq!(units, ["Xã Ân Thi", "Phường Phố Hiến"]);
        let mut oldest_first: Vec<usize> = (0..site.entries.len()).collect();
        oldest_first.sort_by_key(|&e| site.entries[e].date);
        let ids = |as_of: &str| -> Vec<String> {
            published_newest_first(&site, &oldest_first, Date::parse(as_of).unwrap())
                .into_iter()
                .map(|e| site.entries[e].id.clone())
                .collect()
        };
        assert_eq!(ids("2026-07-15"), ["an-thi", "danh-gia-xong"]);
        assert_eq!(ids("2026-06-01"), ["danh-gia-xong"]);
        assert!(ids("2026-05-01").is_empty());
    }

    #[test]
    fn communes_with_overdue_tasks_most_first_and_their_tasks_overdue_first() {
        let (site, progress) = minimal("2026-11-24");
        let coll = Collation::new(Language::Vi);
        let by_name = localities_by_name(&site, &coll);
        // Both are late on the review due in Q3: ties keep the order by name.
        let ids: Vec<&str> = localities_by_overdue(&progress, &by_name)
            .into_iter()
            .map(|l| site.localities[l].id.as_str())
            .collect();
        assert_eq!(ids, ["xa-an-thi", "phuong-pho-hien"]);
        let an_thi = site.index.locality["xa-an-thi"];
        let tasks = tasks_of_locality(&site, &progress, an_thi);
        assert_eq!(tasks.len(), 1);
        let (ti, p) = tasks[0];
        assert_eq!(p.status, Status::Overdue);
        // Due 30/9/2026, as of 24/11/2026: 55 days late.
        assert_eq!(days_late(&site, ti, p.status, progress.as_of), Some(55));
        // In July nothing is overdue yet.
        let (site, progress) = minimal("2026-07-15");
        assert!(localities_by_overdue(&progress, &localities_by_name(&site, &coll)).is_empty());
        assert_eq!(
            days_late(&site, ti, Status::InProgress, progress.as_of),
            None
        );
    }
    #[test]
    fn a_goals_tasks_by_lead_agency_the_agencies_by_name() {
        let (site, _) = minimal("2026-07-15");
        let coll = Collation::new(Language::Vi);
        let tasks = tasks_of_goal(&site, "muc-tieu-mot");
        let groups: Vec<(String, Vec<String>)> =
            by_lead_agency(&site, &tasks, &agencies_by_name(&site, &coll))
                .into_iter()
                .map(|(a, ts)| (site.agencies[a].id.clone(), task_ids(&site, &ts)))
                .collect();
        let want =
            |a: &str, ts: &[&str]| (a.to_string(), ts.iter().map(|t| t.to_string()).collect());
        assert_eq!(
            groups,
            vec![
                want("co-quan-a", &["danh-gia-can-bo", "thuong-xuyen"]),
                want("co-quan-b", &["sau-van-ban"]),
                want("dang-uy-xa-phuong", &["xa-phuong-ra-soat"]),
            ]
        );
    }
    #[test]
    fn the_calendar_places_each_task_by_its_deadline() {
        let (site, _) = minimal("2026-07-15");
        let c = calendar(&site);
        let id = |name: &str| site.index.task[name];
        let mut quarters = BTreeMap::new();
        // Due in May 2026: Q2, month 5; due by Q3 2026: the quarter itself.
        quarters.insert(
            (2026, 2),
            (
                Vec::new(),
                BTreeMap::from([(5, vec![id("danh-gia-can-bo")])]),
            ),
        );
        quarters.insert((2026, 3), (vec![id("xa-phuong-ra-soat")], BTreeMap::new()));
        assert_eq!(
            c,
            Calendar {
                quarters,
                ongoing: vec![id("thuong-xuyen")],
                after: vec![id("sau-van-ban")],
                as_needed: Vec::new(),
                none: Vec::new(),
            }
        );
    }
}
