//! Which pages a change to progress files reaches: the preview server's
//! partial rebuilds (`serve::live`) and a build into an output a previous build
//! made (`pipeline`) both ask this, with what the pages showed before
//! ([`Shown`], kept in memory by the preview, saved in `.tiendo-cache/` by a
//! build) and the entries the changed files held ([`Before`]). The answer is a
//! [`Selection`] of the site's one list of pages in three phases and the pages
//! that are gone; `None` when only rendering everything is safe.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ffi::OsStr;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use rustc_hash::FxHashSet;

use serde::{Deserialize, Serialize};

use super::incremental::{Selection, Summary};
use crate::model::{Date, Progress, Site};
use crate::render::urls::paths;
use crate::render::views;

/// What the pages of a render show: enough of the site as it was rendered to
/// tell which pages a later change reaches.
pub struct Shown {
    pub as_of: Date,
    pub progress: Was,
    /// Visible entry ids, newest first (the progress index order).
    pub visible: Vec<String>,
    pub page_size: usize,
    /// Per task: its status rests on an illustrative entry (pages mark it).
    pub illustrative: Vec<bool>,
}

/// The statuses a render showed: kept whole (the preview), or as a mark of
/// each (a saved build: 90,000 per-commune statuses at 10,000 entries).
pub enum Was {
    Kept(Progress),
    Marks(Marks),
}

/// A mark of each status of a [`Progress`]: a task's and every commune's or
/// ward's share of a per-locality task, each a hash of every field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marks {
    pub tasks: Vec<u64>,
    pub per_locality: Vec<Vec<u64>>,
}

fn mark(p: &crate::model::TaskProgress) -> u64 {
    let mut h = siphasher::sip::SipHasher13::new_with_keys(0, 0);
    p.hash(&mut h);
    h.finish()
}

impl Marks {
    pub fn of(progress: &Progress) -> Marks {
        Marks {
            tasks: progress.tasks.iter().map(mark).collect(),
            per_locality: progress
                .per_locality
                .iter()
                .map(|l| l.iter().map(mark).collect())
                .collect(),
        }
    }
}

impl Was {
    /// How many tasks had a status.
    pub fn tasks(&self) -> usize {
        match self {
            Was::Kept(p) => p.tasks.len(),
            Was::Marks(m) => m.tasks.len(),
        }
    }

    /// Whether task `i`'s status, or any commune's share of it, differs in `now`.
    pub fn task_differs(&self, i: usize, now: &Progress) -> bool {
        match self {
            Was::Kept(p) => p.tasks[i] != now.tasks[i] || p.per_locality[i] != now.per_locality[i],
            Was::Marks(m) => {
                m.tasks.get(i) != Some(&mark(&now.tasks[i]))
                    || m.per_locality.get(i).map(Vec::len) != Some(now.per_locality[i].len())
                    || (0..now.per_locality[i].len()).any(|li| self.locality_differs(i, li, now))
            }
        }
    }

    /// Whether commune `li`'s share of task `ti` differs in `now`.
    pub fn locality_differs(&self, ti: usize, li: usize, now: &Progress) -> bool {
        let is = now.per_locality[ti].get(li);
        match self {
            Was::Kept(p) => p.per_locality[ti].get(li) != is,
            Was::Marks(m) => m.per_locality[ti].get(li).copied() != is.map(mark),
        }
    }
}

/// An entry as it was before its file changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Before {
    pub id: String,
    pub tasks: Vec<String>,
    pub reporter: String,
    pub locality: Option<String>,
    pub visible: bool,
    pub aliases: bool,
    /// A mark of all that lists, bulletins and open data show of it
    /// ([`row_mark`]); 0 when not known (a state saved by an older tiendo).
    #[serde(default)]
    pub row: u64,
    /// A mark of what the statuses rest on ([`fact_mark`]); 0 when not known.
    #[serde(default)]
    pub facts: u64,
    /// Its date; `None` when not known (a state saved by an older tiendo).
    #[serde(default)]
    pub date: Option<Date>,
}

/// A mark of `shown`'s JSON; never 0 (which means "not known").
fn mark_of(shown: &impl Serialize) -> u64 {
    let mut h = siphasher::sip::SipHasher13::new_with_keys(0, 0);
    match serde_json::to_vec(shown) {
        Ok(bytes) => h.write(&bytes),
        // Never the mark of a readable entry: compared unequal to anything.
        Err(_) => return 0,
    }
    h.finish().max(1)
}

/// A mark of the fields of an entry that the statuses, the counts and the
/// illustrative marks rest on, and its date: when only other fields change
/// (its title, evidence, attachments), every status on every day is as it was,
/// and only the periods holding its date show it differently.
pub fn fact_mark(e: &crate::model::Entry) -> u64 {
    mark_of(&(
        &e.id,
        e.date,
        &e.task,
        &e.tasks,
        &e.reporter,
        &e.locality,
        e.status,
        e.percent,
        e.condition_met,
        e.illustrative,
    ))
}

/// A mark of everything of an entry but its text: what the lists of reports,
/// the bulletins and the open data show of it. An edit to the text alone
/// leaves it as it was.
pub fn row_mark(e: &crate::model::Entry) -> u64 {
    row_mark_with(e, fact_mark(e))
}

/// [`row_mark`] of `e`, whose [`fact_mark`] is `facts`.
fn row_mark_with(e: &crate::model::Entry, facts: u64) -> u64 {
    // The fields the statuses rest on, and the others the lists show.
    mark_of(&(facts, &e.title, &e.attachments, &e.evidence, &e.aliases))
}

impl Before {
    /// The entries of `site` as `as_of` shows them, by the file that holds them
    /// (its path in the site folder, as text).
    pub fn of(site: &Site, as_of: Option<Date>) -> HashMap<String, Vec<Before>> {
        use rayon::prelude::*;
        // Each entry's marks (a serialisation each) on every core: a million
        // reports are saved after every build.
        let entries: Vec<Before> = site
            .entries
            .par_iter()
            .map(|e| Before::entry(e, as_of))
            .collect();
        let mut out: HashMap<String, Vec<Before>> = HashMap::new();
        for (e, b) in site.entries.iter().zip(entries) {
            out.entry(e.origin.file.to_string_lossy().into_owned())
                .or_default()
                .push(b);
        }
        out
    }

    /// One entry as `as_of` shows it.
    pub fn entry(e: &crate::model::Entry, as_of: Option<Date>) -> Before {
        let facts = fact_mark(e);
        Before {
            id: e.id.clone(),
            tasks: e.task_ids().map(str::to_string).collect(),
            reporter: e.reporter.clone(),
            locality: e.locality.clone(),
            visible: as_of.is_some_and(|d| e.date <= d),
            aliases: !e.aliases.is_empty(),
            row: row_mark_with(e, facts),
            facts,
            date: Some(e.date),
        }
    }
}

impl Shown {
    /// What a render of `site` with `progress` shows, keeping `progress` (the
    /// preview, in memory).
    pub fn of(site: &Site, progress: Progress) -> Shown {
        Shown::with(site, progress.as_of, Was::Kept(progress))
    }

    /// What a render of `site` as of `as_of` shows, with its statuses as `progress`.
    pub fn with(site: &Site, as_of: Date, progress: Was) -> Shown {
        let visible = views::visible_entries_desc(site, as_of)
            .into_iter()
            .map(|i| site.entries[i].id.clone())
            .collect();
        let illustrative = (0..site.tasks.len())
            .map(|i| views::task_illustrative(site, i, as_of))
            .collect();
        Shown {
            as_of,
            progress,
            visible,
            page_size: site.config.page_size.max(1),
            illustrative,
        }
    }
}

/// The files of `dirty` as a hashed set of strings, for asking of every entry
/// whether its file changed: the map's own lookup compares paths part by part,
/// 10,000 times a save.
fn changed_files(dirty: &BTreeMap<PathBuf, Vec<Before>>) -> FxHashSet<&OsStr> {
    dirty.keys().map(|p| p.as_os_str()).collect()
}

/// The pages a change to the `dirty` progress files reaches, in three phases
/// (0: the changed entries' own pages; 1: the pages that show them directly,
/// their feeds, the progress index pages they are on and the site-wide pages
/// the change reaches; 2: the cascade of a changed status, the other progress
/// index pages, feeds, open data and sitemap), and the pages it removes. `None` when only a full
/// render is safe (the date moved, the set of tasks changed, an entry has `aliases:`).
pub fn plan(
    site: &Site,
    progress: &Progress,
    shown: &Shown,
    dirty: &BTreeMap<PathBuf, Vec<Before>>,
    watched: &HashSet<String>,
) -> Option<([Selection; 3], Vec<String>)> {
    if shown.as_of != progress.as_of
        || shown.progress.tasks() != progress.tasks.len()
        || shown.page_size != site.config.page_size.max(1)
    {
        return None;
    }
    let as_of = progress.as_of;
    let before: Vec<&Before> = dirty.values().flatten().collect();
    let dirty_files = changed_files(dirty);
    let now: Vec<usize> = (0..site.entries.len())
        .filter(|&i| dirty_files.contains(site.entries[i].origin.file.as_os_str()))
        .collect();
    if before.iter().any(|b| b.aliases) || now.iter().any(|&i| !site.entries[i].aliases.is_empty())
    {
        return None;
    }
    let ix = &site.index;

    // Tasks whose status (or any commune's share of it) changed, or whether it
    // rests on illustrative entries.
    let changed_tasks: BTreeSet<usize> = (0..progress.tasks.len())
        .filter(|&i| {
            shown.progress.task_differs(i, progress)
                || shown.illustrative.get(i).copied()
                    != Some(views::task_illustrative(site, i, as_of))
        })
        .collect();

    // Phase 0: the changed entries themselves.
    let mut first = Selection::default();
    first.entries.extend(now.iter().copied());
    // An id that moved to another file still needs its page.
    first
        .entries
        .extend(before.iter().filter_map(|b| ix.entry.get(&b.id).copied()));

    // Phase 1: what shows them directly, and their feeds.
    let mut direct = Selection {
        progress_feed: true,
        ..Selection::default()
    };
    let mut touch =
        |tasks: &mut dyn Iterator<Item = &str>, reporter: &str, locality: Option<&str>| {
            for t in tasks {
                if let Some(&ti) = ix.task.get(t) {
                    direct.tasks.insert(ti);
                }
            }
            if let Some(&a) = ix.agency.get(reporter) {
                direct.agencies.insert(a);
                direct.agency_feeds.insert(a);
            }
            if let Some(&l) = locality.and_then(|l| ix.locality.get(l)) {
                direct.localities.insert(l);
                direct.locality_feeds.insert(l);
            }
        };
    for b in &before {
        touch(
            &mut b.tasks.iter().map(String::as_str),
            &b.reporter,
            b.locality.as_deref(),
        );
    }
    for &i in &now {
        let e = &site.entries[i];
        touch(&mut e.task_ids(), &e.reporter, e.locality.as_deref());
    }
    for &ti in &changed_tasks {
        direct.tasks.insert(ti);
        let t = &site.tasks[ti];
        // Every agency whose page lists the task: lead, coordinating, directing.
        for a in std::iter::once(&t.lead)
            .chain(t.support.iter())
            .chain(t.directed_by.iter())
        {
            if let Some(&ai) = ix.agency.get(a) {
                direct.agencies.insert(ai);
            }
        }
    }

    // Progress index pages, and the site-wide pages the change reaches.
    let size = shown.page_size;
    let visible = views::visible_entries_desc(site, as_of);
    let visible_ids: Vec<&str> = visible
        .iter()
        .map(|&i| site.entries[i].id.as_str())
        .collect();
    let changed_ids: HashSet<&str> = before
        .iter()
        .map(|b| b.id.as_str())
        .chain(now.iter().map(|&i| site.entries[i].id.as_str()))
        .collect();
    let pages_now = visible_ids.len().div_ceil(size).max(1);
    let pages_before = shown.visible.len().div_ceil(size).max(1);
    let same_total = visible_ids.len() == shown.visible.len();
    // The sitemap lists every visible entry: it changes only when one appears or goes.
    let was_visible: HashSet<&str> = before
        .iter()
        .filter(|b| b.visible)
        .map(|b| b.id.as_str())
        .collect();
    let is_visible: HashSet<&str> = now
        .iter()
        .filter(|&&i| site.entries[i].date <= as_of)
        .map(|&i| site.entries[i].id.as_str())
        .collect();
    // An edit to the text of reports alone (each changed file holds the same
    // entries with the same fields, no status moved) changes only their own
    // pages, the pages that list them, their feeds and the search: the open
    // data, the bulletins and the outreach pages show no text of a report.
    let same = |was: fn(&Before) -> u64, is: fn(&crate::model::Entry) -> u64| {
        let mut was: Vec<(&str, u64)> = before.iter().map(|b| (b.id.as_str(), was(b))).collect();
        let mut is: Vec<(&str, u64)> = now
            .iter()
            .map(|&i| (site.entries[i].id.as_str(), is(&site.entries[i])))
            .collect();
        was.sort_unstable();
        is.sort_unstable();
        was.iter().all(|&(_, mark)| mark != 0) && was == is
    };
    let text_only = changed_tasks.is_empty() && same(|b| b.row, row_mark);
    // Other fields than the statuses rest on (a title, evidence): the open
    // data of only the periods that hold the entries' dates.
    let facts_same = !text_only && changed_tasks.is_empty() && same(|b| b.facts, fact_mark);
    // The earliest date a changed report had or has: the statuses of the
    // days before it are as they were (set when the fields they rest on changed).
    let mut from = None;
    if !text_only && !facts_same {
        // The bulletins' months and quarters start with the plan's date or the
        // first report, whichever is earlier: a report dated (or once dated)
        // before every other may add or remove periods, and with them pages,
        // which only a full render makes and removes.
        let floor = site
            .entries
            .iter()
            .filter(|e| e.date <= as_of && !changed_ids.contains(e.id.as_str()))
            .map(|e| e.date)
            .chain(site.plan.issued_on)
            .min();
        let dates = before
            .iter()
            .map(|b| b.date)
            .chain(now.iter().map(|&i| Some(site.entries[i].date)));
        if dates.clone().any(|d| match (d, floor) {
            (Some(d), Some(floor)) => d < floor,
            _ => true,
        }) {
            return None;
        }
        from = dates.flatten().min();
    }
    let mut cascade = Selection {
        open_data: !text_only && !facts_same,
        // Only the periods that end on or after it.
        snapshots_from: from,
        snapshot_dates: if facts_same {
            now.iter().map(|&i| site.entries[i].date).collect()
        } else {
            BTreeSet::new()
        },
        outreach: !text_only,
        sitemap: !same_total || was_visible != is_visible,
        ..Selection::default()
    };
    for num in 1..=pages_now {
        let range = |len: usize| ((num - 1) * size).min(len)..(num * size).min(len);
        let now_chunk = &visible_ids[range(visible_ids.len())];
        let old_chunk = &shown.visible[range(shown.visible.len())];
        let holds_change = now_chunk.iter().any(|id| changed_ids.contains(id));
        let same = same_total
            && now_chunk.len() == old_chunk.len()
            && now_chunk.iter().zip(old_chunk).all(|(a, b)| *a == b);
        if holds_change || (num == 1 && !same) {
            direct.progress_pages.insert(num);
        } else if !same {
            cascade.progress_pages.insert(num);
        }
    }
    if changed_tasks.is_empty() {
        // Only the home page (latest entries, their count) and the communes'
        // index (reports per commune) show entries rather than statuses.
        let top = |ids: &[&str]| ids.iter().take(8).any(|id| changed_ids.contains(id));
        let old_ids: Vec<&str> = shown.visible.iter().map(String::as_str).collect();
        if !same_total || top(&visible_ids) || top(&old_ids) {
            direct.summaries.insert(Summary::Home);
        }
        let mut was: Vec<(Option<&str>, bool)> = before
            .iter()
            .map(|b| (b.locality.as_deref(), b.visible))
            .collect();
        let mut is: Vec<(Option<&str>, bool)> = now
            .iter()
            .map(|&i| {
                let e = &site.entries[i];
                (e.locality.as_deref(), e.date <= as_of)
            })
            .collect();
        was.sort();
        is.sort();
        if was != is {
            direct.summaries.insert(Summary::LocalitiesIndex);
        }
    } else {
        direct.summaries.extend(Summary::ALL);
    }

    // Phase 2: the cascade of a changed status.
    for &ti in &changed_tasks {
        cascade
            .entries
            .extend(ix.entries_of_task[ti].iter().copied());
    }
    if changed_tasks.iter().any(|&ti| site.tasks[ti].per_locality) {
        // Every commune's page lists the tasks every commune carries out.
        cascade.localities.extend(0..site.localities.len());
        // A commune's feed carries the tasks it is overdue on.
        for &ti in &changed_tasks {
            cascade.locality_feeds.extend(
                (0..progress.per_locality[ti].len())
                    .filter(|&li| shown.progress.locality_differs(ti, li, progress)),
            );
        }
    }
    cascade.practices = site.practices.iter().any(|p| {
        p.tasks
            .iter()
            .filter_map(|t| ix.task.get(t))
            .any(|ti| changed_tasks.contains(ti))
    });

    // Pages a browser has open go first.
    let direct = direct.without(&first);
    let cascade = cascade.without(&first).without(&direct);
    let (mut direct, mut cascade) = (direct, cascade);
    take_watched(&mut direct, &mut first, site, watched);
    take_watched(&mut cascade, &mut first, site, watched);

    // Pages that no longer exist.
    let visible_set: HashSet<&str> = visible_ids.iter().copied().collect();
    let mut removed: Vec<String> = before
        .iter()
        .filter(|b| !visible_set.contains(b.id.as_str()))
        .map(|b| format!("{}index.html", paths::entry(&b.id)))
        .collect();
    removed.extend(
        (pages_now + 1..=pages_before).map(|n| format!("{}index.html", paths::progress_page(n))),
    );
    Some(([first, direct, cascade], removed))
}

/// Move the pages of `from` that a browser has open (`watched`, store keys such
/// as `nhiem-vu/x/index.html`) into `to`.
pub fn take_watched(
    from: &mut Selection,
    to: &mut Selection,
    site: &Site,
    watched: &HashSet<String>,
) {
    if watched.is_empty() {
        return;
    }
    let open = |path: String| watched.contains(&format!("{path}index.html"));
    let mv =
        |set: &mut BTreeSet<usize>, to: &mut BTreeSet<usize>, path: &dyn Fn(usize) -> String| {
            let hit: Vec<usize> = set.iter().copied().filter(|&i| open(path(i))).collect();
            for i in hit {
                set.remove(&i);
                to.insert(i);
            }
        };
    mv(&mut from.entries, &mut to.entries, &|i| {
        paths::entry(&site.entries[i].id)
    });
    mv(&mut from.tasks, &mut to.tasks, &|i| {
        paths::task(&site.tasks[i].id)
    });
    mv(&mut from.agencies, &mut to.agencies, &|i| {
        paths::agency(&site.agencies[i].id)
    });
    mv(&mut from.localities, &mut to.localities, &|i| {
        paths::locality(&site.localities[i].id)
    });
    mv(&mut from.progress_pages, &mut to.progress_pages, &|n| {
        paths::progress_page(n)
    });
    let hit: Vec<Summary> = from
        .summaries
        .iter()
        .copied()
        .filter(|s| s.paths(site).into_iter().any(&open))
        .collect();
    for s in hit {
        from.summaries.remove(&s);
        to.summaries.insert(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> (Site, Progress) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let computed = crate::check(dir, None)
            .compute(false)
            .unwrap_or_else(|_| panic!("the bundled site checks"));
        (computed.site, computed.progress)
    }

    /// The open data, bulletins and outreach pages show no report's text: an
    /// edit to the text alone does not make them again; any other field does.
    #[test]
    fn an_edit_to_a_reports_text_alone_leaves_open_data_and_bulletins() {
        let (mut site, progress) = bundled();
        let as_of = progress.as_of;
        let shown = Shown::of(&site, progress.clone());
        let i = (0..site.entries.len())
            .find(|&i| site.entries[i].date <= as_of)
            .expect("a visible entry");
        let file = site.entries[i].origin.file.clone();
        let before: Vec<Before> = site
            .entries
            .iter()
            .filter(|e| e.origin.file == file)
            .map(|e| Before::entry(e, Some(as_of)))
            .collect();
        let dirty = BTreeMap::from([(file, before)]);
        let reach = |site: &Site| {
            plan(site, &progress, &shown, &dirty, &HashSet::new()).expect("a partial render")
        };

        site.entries[i].body.push_str("\n\nMột câu nữa.");
        let (phases, _) = reach(&site);
        assert!(phases[0].entries.contains(&i), "the entry's own page");
        assert!(phases[1].progress_feed, "the feed that carries its text");
        assert!(
            !phases.iter().any(|p| p.open_data || p.outreach),
            "a text edit remade the open data or the bulletins"
        );

        // A title: the lists and bulletins, and the open data of its period.
        site.entries[i].title.push_str(" (đã sửa)");
        let (phases, _) = reach(&site);
        assert!(
            phases.iter().any(|p| p.outreach),
            "the bulletins list its title"
        );
        assert!(!phases.iter().any(|p| p.open_data), "every period's data");
        let dates: BTreeSet<Date> = phases
            .iter()
            .flat_map(|p| p.snapshot_dates.iter().copied())
            .collect();
        assert_eq!(dates, BTreeSet::from([site.entries[i].date]));

        // Its date: statuses on other days may move, so every period's data.
        site.entries[i].date = Date(site.entries[i].date.0.pred_opt().unwrap());
        let (phases, _) = reach(&site);
        assert!(phases.iter().any(|p| p.open_data) && phases.iter().any(|p| p.outreach));
        // ... of the periods that end on or after the earlier of its two dates.
        let from = phases
            .iter()
            .find(|p| p.open_data)
            .and_then(|p| p.snapshots_from);
        assert_eq!(from, Some(site.entries[i].date));
    }

    /// Which periods' open data a render selects for those dates.
    #[test]
    fn the_open_data_of_the_periods_holding_the_dates() {
        use crate::render::pages::PageId;
        let (site, progress) = bundled();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let theme = crate::render::theme::Theme::load(dir).unwrap();
        let prepared =
            crate::render::pages::incremental::Prepared::new(&theme, site.config.language).unwrap();
        struct Nowhere;
        impl crate::render::sink::Sink for Nowhere {
            fn write(&self, _: &str, _: &[u8]) -> Result<(), crate::render::error::RenderError> {
                Ok(())
            }
        }
        let ctx = crate::render::context::Ctx::new(
            &site,
            &progress,
            crate::render::urls::Urls::new(&site.config.base_url),
            &prepared.strings,
            &prepared.tera,
            &Nowhere,
            Default::default(),
            Vec::new(),
        );
        let periods = ctx.digest_periods();
        let day = periods.last().expect("periods").start;
        let s = Selection {
            snapshot_dates: BTreeSet::from([day]),
            ..Selection::default()
        };
        let picked: Vec<PageId> = ctx.selected(&s);
        let holding: Vec<usize> = (0..periods.len())
            .filter(|&k| periods[k].contains(day))
            .collect();
        assert!(!holding.is_empty() && holding.len() < periods.len());
        let mut want = vec![PageId::Data];
        want.extend(holding.into_iter().map(PageId::DataSnapshot));
        assert_eq!(picked, want);

        // Every period that ends on or after a date.
        let s = Selection {
            open_data: true,
            snapshots_from: Some(day),
            ..Selection::default()
        };
        let picked: Vec<PageId> = ctx.selected(&s);
        let mut want = vec![PageId::Data];
        want.extend(
            (0..periods.len())
                .filter(|&k| periods[k].end >= day)
                .map(PageId::DataSnapshot),
        );
        assert!(want.len() > 1 && want.len() <= periods.len());
        assert_eq!(picked, want);
    }
}
