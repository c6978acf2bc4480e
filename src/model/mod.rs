//! The validated site: plain data, no I/O. Cross references are checked here and
//! statuses are computed here; the content stage reads files, the render stage
//! formats.

/// What a kind of record is called in messages (`"task"` → `kind-task`).
pub fn kind_msg(kind: &str) -> crate::messages::Msg {
    use crate::messages::Msg;
    match kind {
        "goal" => Msg::new("kind-goal"),
        "agency" => Msg::new("kind-agency"),
        "locality" | "commune or ward" => Msg::new("kind-locality"),
        "task" => Msg::new("kind-task"),
        "practice" => Msg::new("kind-practice"),
        _ => Msg::new("kind-entry"),
    }
}

pub mod deadline;
pub mod license;
pub mod markdown;
pub mod safe;
pub mod status;
pub mod types;
mod validate;

use std::collections::{BTreeSet, HashMap, HashSet};

pub use deadline::{Date, Deadline};
pub use license::License;
pub use status::{LocalityCounts, Status, TaskProgress, UnitTally};
pub use types::*;

/// Everything under `content/`, loaded and (once [`Site::validate`] ran) checked.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub plan: Plan,
    pub goals: Vec<Goal>,
    pub agencies: Vec<Agency>,
    pub localities: Vec<Locality>,
    pub tasks: Vec<Task>,
    pub entries: Vec<Entry>,
    pub practices: Vec<Practice>,
    /// Files under `content/media/`, as `media/...` paths.
    pub media: BTreeSet<String>,
    /// Records of each kind (`goal`, `agency`, `locality`, `task`) that are written
    /// in the content but failed to load; their errors are already reported.
    pub unloaded: HashMap<&'static str, Unloaded>,
    pub index: Index,
}

/// What of one kind of record could not be loaded, so that references to it are
/// not reported again as unknown ids (one mistake, one error).
#[derive(Debug, Clone, Default)]
pub struct Unloaded {
    /// Ids written on records that failed to load.
    pub ids: HashSet<String>,
    /// A whole file of this kind failed (unreadable, YAML syntax): any id may be in it.
    pub whole_file: bool,
}

/// Lookups built once after loading.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub goal: IdMap,
    pub agency: IdMap,
    pub locality: IdMap,
    pub task: IdMap,
    pub entry: IdMap,
    pub practice: IdMap,
    /// Entries of each task (index-aligned with `tasks`), sorted by date then id.
    pub entries_of_task: Vec<Vec<usize>>,
    /// Entries of each locality, sorted by date then id.
    pub entries_of_locality: Vec<Vec<usize>>,
    /// Entries each agency reported, sorted by date then id.
    pub entries_of_agency: Vec<Vec<usize>>,
    /// Every entry, sorted by date then id (then place, for ids given twice).
    pub by_date: Vec<usize>,
}

/// Ids to their place in the site's list. Ids are the site's own (its editors'),
/// not input anyone picks to make hashes collide: a fast hash, as the preview
/// rebuilds these maps on every save (SipHash was much of that work).
pub type IdMap = rustc_hash::FxHashMap<String, usize>;

fn id_map<T>(items: &[T], id: impl Fn(&T) -> &str) -> IdMap {
    let mut m = IdMap::with_capacity_and_hasher(items.len(), Default::default());
    for (i, it) in items.iter().enumerate() {
        m.entry(id(it).to_string()).or_insert(i);
    }
    m
}

/// An alias as a site path: `/old/path` and `old/path/` both become `old/path/`.
pub fn alias_path(alias: &str) -> String {
    let trimmed = alias.trim().trim_matches('/');
    let trimmed = trimmed
        .strip_suffix("index.html")
        .unwrap_or(trimmed)
        .trim_end_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("{trimmed}/")
    }
}

/// The earliest date content may carry without a warning.
pub const EARLIEST_YEAR: i32 = 2000;
/// How many years after the plan's date content may look without a warning.
pub const YEARS_AFTER_PLAN: i32 = 20;

impl Site {
    /// The dates content can sensibly carry: from 2000 to 20 years after the
    /// plan (its date of issue; when it has none, the first report or practice
    /// dated from 2000 on). `check` warns about a date outside it
    /// (`0206-05-01`), and bulletins are made within it only.
    pub fn date_window(&self) -> std::ops::RangeInclusive<Date> {
        let first = Date::ymd(EARLIEST_YEAR, 1, 1).expect("1 January is a date");
        let start = self.plan_start().unwrap_or(first);
        let last = Date::ymd(start.year().max(EARLIEST_YEAR) + YEARS_AFTER_PLAN, 12, 31)
            .expect("31 December is a date");
        first..=last
    }

    /// When the plan started: its date of issue, or else the first report,
    /// practice or task deadline dated from 2000 on.
    pub fn plan_start(&self) -> Option<Date> {
        let first = Date::ymd(EARLIEST_YEAR, 1, 1)?;
        self.plan.issued_on.or_else(|| {
            self.entries
                .iter()
                .map(|e| e.date)
                .chain(self.practices.iter().map(|p| p.date))
                .chain(
                    self.tasks
                        .iter()
                        .filter_map(|t| t.due.as_ref().and_then(|d| d.end())),
                )
                .filter(|d| *d >= first)
                .min()
        })
    }

    /// Build the lookups. Unknown references are skipped here (validation reports them).
    pub fn build_index(&mut self) {
        let mut ix = Index {
            goal: id_map(&self.goals, |g| &g.id),
            agency: id_map(&self.agencies, |a| &a.id),
            locality: id_map(&self.localities, |l| &l.id),
            task: id_map(&self.tasks, |t| &t.id),
            entry: id_map(&self.entries, |e| &e.id),
            practice: id_map(&self.practices, |p| &p.id),
            entries_of_task: vec![Vec::new(); self.tasks.len()],
            entries_of_locality: vec![Vec::new(); self.localities.len()],
            entries_of_agency: vec![Vec::new(); self.agencies.len()],
            by_date: Vec::new(),
        };
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        // The place breaks ties (ids are unique in a valid site): a total order,
        // so the faster unstable sort gives what a stable one would.
        order.sort_unstable_by(|&a, &b| {
            let (ea, eb) = (&self.entries[a], &self.entries[b]);
            (ea.date, &ea.id, a).cmp(&(eb.date, &eb.id, b))
        });
        for &i in &order {
            let e = &self.entries[i];
            for t in e.task_ids() {
                if let Some(&ti) = ix.task.get(t) {
                    if ix.entries_of_task[ti].last() != Some(&i) {
                        ix.entries_of_task[ti].push(i);
                    }
                }
            }
            if let Some(&li) = e.locality.as_ref().and_then(|l| ix.locality.get(l)) {
                ix.entries_of_locality[li].push(i);
            }
            if let Some(&ai) = ix.agency.get(&e.reporter) {
                ix.entries_of_agency[ai].push(i);
            }
        }
        ix.by_date = order;
        self.index = ix;
    }

    pub fn agency(&self, id: &str) -> Option<&Agency> {
        self.index.agency.get(id).map(|&i| &self.agencies[i])
    }

    pub fn task(&self, id: &str) -> Option<&Task> {
        self.index.task.get(id).map(|&i| &self.tasks[i])
    }

    pub fn locality(&self, id: &str) -> Option<&Locality> {
        self.index.locality.get(id).map(|&i| &self.localities[i])
    }

    pub fn goal(&self, id: &str) -> Option<&Goal> {
        self.index.goal.get(id).map(|&i| &self.goals[i])
    }

    /// Every task's progress as of `as_of`, index-aligned with `tasks`; for a
    /// per-locality task also every commune's/ward's own progress, by the same
    /// rule whether or not it reported, and for every commune/ward its tasks
    /// counted by status. Computed once per build; pages only read it.
    pub fn progress(&self, as_of: Date) -> Progress {
        let stale = self.config.stale_after_days;
        let n_loc = self.localities.len();
        let mut tasks = Vec::with_capacity(self.tasks.len());
        let mut per_locality = Vec::with_capacity(self.tasks.len());
        let mut units = vec![UnitTally::default(); n_loc];
        for (ti, task) in self.tasks.iter().enumerate() {
            let entries: Vec<&Entry> = self.index.entries_of_task[ti]
                .iter()
                .map(|&i| &self.entries[i])
                .filter(|e| e.date <= as_of)
                .collect();
            if task.per_locality {
                let mut by_loc: Vec<Vec<&Entry>> = vec![Vec::new(); n_loc];
                for e in &entries {
                    if let Some(&li) = e.locality.as_ref().and_then(|l| self.index.locality.get(l))
                    {
                        by_loc[li].push(e);
                    }
                }
                // Most units of a large province have not reported on a task:
                // their status is the same, computed once.
                let silent = status::single(task, &[], as_of, stale);
                let cells: Vec<TaskProgress> = by_loc
                    .iter()
                    .map(|es| {
                        if es.is_empty() {
                            silent.clone()
                        } else {
                            status::single(task, es, as_of, stale)
                        }
                    })
                    .collect();
                for (tally, p) in units.iter_mut().zip(&cells) {
                    tally.add(p);
                }
                tasks.push(status::rolled_up(task, &cells, as_of, stale));
                per_locality.push(cells);
            } else {
                tasks.push(status::single(task, &entries, as_of, stale));
                per_locality.push(Vec::new());
            }
        }
        Progress {
            as_of,
            tasks,
            per_locality,
            units,
        }
    }
}

/// Statuses of every task as of one date.
#[derive(Debug, Clone)]
pub struct Progress {
    pub as_of: Date,
    /// Index-aligned with `Site::tasks`.
    pub tasks: Vec<TaskProgress>,
    /// For a per-locality task, every commune's/ward's own progress,
    /// index-aligned with `Site::localities` (those that have not reported
    /// included); empty for other tasks.
    pub per_locality: Vec<Vec<TaskProgress>>,
    /// For each commune/ward (index-aligned with `Site::localities`), its
    /// per-locality tasks counted by status.
    pub units: Vec<UnitTally>,
}

impl Progress {
    pub fn count(&self, status: Status) -> usize {
        self.tasks.iter().filter(|p| p.status == status).count()
    }
}
